// libFuzzer target for the results-folder reader and the report renderer (reports/html/): a results folder is
// untrusted (folders are shared), so any files must give either a report or a clear reason, never a crash, a hang,
// an uncaught exception or a sanitizer report; the report must stay within report_limits.h and hold no markup but
// the report's own.
//
// The input is the folder's files, separated by lines "--8<--": manifest.json, baseline/summary.json,
// baseline/timeseries.csv, scenario.json, sweep.csv (missing parts are absent files). The summary is also the
// summary of the folders a fuzzed manifest or sweep.csv is likely to name ("v", "point-001", "point-002"). The
// folder is read from memory (InMemoryResults), so no file is written.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "html/chart_renderer.h"
#include "html/html_report.h"
#include "html/report_limits.h"
#include "html/results.h"
#include "html/summary_markdown.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail, const std::string& output) {
  std::fprintf(stderr, "results_fuzzer: %s: %s\n--- output (first 2000 bytes) ---\n%.2000s\n", what, detail.c_str(),
               output.c_str());
  std::abort();
}

// Stands for the Qt renderer: walks every point of every line it is given, as drawing would, and checks the
// bounds the report promises its renderer.
class PointWalker : public chaossim::ChartRenderer {
 public:
  std::string svg(const chaossim::ChartSpec& spec, const std::vector<chaossim::ChartData>& variants,
                  const chaossim::FaultBands& windows, int, int) override {
    using namespace chaossim;
    if (variants.size() > report_limits::kMaxChartedVariants) fail("too many variants charted", spec.id, "");
    if (spec.series.size() * variants.size() > std::max<std::size_t>(report_limits::kMaxLinesPerChart, variants.size()))
      fail("too many lines", spec.id, "");
    if (windows.size() > report_limits::kMaxFaultBands) fail("too many fault windows", spec.id, "");
    std::size_t total = 0;
    for (const ChartData& d : variants)
      for (const SeriesSpec& s : spec.series) {
        const ChartPoints points = chart_points(spec, s, d);
        if (points.size() > report_limits::kMaxPointsPerLine) fail("too many points in a line", s.column, "");
        total += points.size();
      }
    if (total > report_limits::kMaxPointsPerChart) fail("too many points in a chart", spec.id, "");
    return "<svg></svg>";
  }
};

// The tags a report writes. Everything from the folder is escaped, so any other '<' is a failure.
bool known_tag(std::string_view name) {
  static constexpr std::string_view kTags[] = {
      "!DOCTYPE",   "html", "head",  "meta",  "title", "style",  "body", "main",       "header",  "footer",  "section",
      "h1",         "h2",   "h3",    "h4",    "h5",    "h6",     "p",    "dl",         "dt",      "dd",      "code",
      "span",       "div",  "table", "thead", "tbody", "tr",     "th",   "td",         "details", "summary", "figure",
      "figcaption", "ul",   "ol",    "li",    "em",    "strong", "pre",  "blockquote", "br",      "hr",      "svg"};
  for (const std::string_view t : kTags)
    if (t == name) return true;
  return false;
}

bool known_attribute(std::string_view name) {
  for (const std::string_view a : {"class", "id", "title", "rowspan", "lang", "charset", "name", "content", "start"})
    if (a == name) return true;
  return false;
}

std::string markup_problem(const std::string& html) {
  const std::size_t style_end = html.find("</style>");  // the style sheet is ours and may hold '<' in no place
  for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    std::size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    std::size_t k = j;
    while (k < html.size() && (std::isalnum(static_cast<unsigned char>(html[k])) || html[k] == '!')) ++k;
    if (!known_tag(std::string_view(html).substr(j, k - j)))
      return "unknown tag at offset " + std::to_string(i) + (i < style_end ? " (in the head)" : "");
    // Attributes: only the report's, each name="value" with the value escaped (no quote inside), so no event
    // handler or address can be smuggled in.
    std::size_t at = k;
    if (html.compare(i, 10, "<!DOCTYPE ") == 0) at = html.find('>', k);
    while (at < html.size() && html[at] == ' ') {
      const std::size_t eq = html.find("=\"", at);
      const std::size_t close = eq == std::string::npos ? eq : html.find('"', eq + 2);
      if (close == std::string::npos) return "unterminated attribute at offset " + std::to_string(at);
      const std::string_view attribute = std::string_view(html).substr(at + 1, eq - at - 1);
      if (!known_attribute(attribute)) return "an attribute that is not the report's at offset " + std::to_string(at);
      at = close + 1;
    }
    if (at == std::string::npos || at >= html.size() || html[at] != '>')
      return "a malformed tag at offset " + std::to_string(i);
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chaossim;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const char* const kFiles[] = {"manifest.json", "baseline/summary.json", "baseline/timeseries.csv",
                                       "scenario.json", "sweep.csv"};
  std::map<std::string, std::string> files;
  std::size_t from = 0;
  for (const char* name : kFiles) {
    if (from > input.size()) break;
    const std::size_t cut = input.find("\n--8<--\n", from);
    const std::size_t end = cut == std::string_view::npos ? input.size() : cut;
    files[name] = std::string(input.substr(from, end - from));
    from = cut == std::string_view::npos ? input.size() + 1 : cut + 8;
  }
  if (const auto s = files.find("baseline/summary.json"); s != files.end())
    for (const char* other : {"v/summary.json", "point-001/summary.json", "point-002/summary.json"})
      files[other] = s->second;
  if (const auto t = files.find("baseline/timeseries.csv"); t != files.end()) files["v/timeseries.csv"] = t->second;

  const auto read = read_results(InMemoryResults(files), "results");
  if (const auto* reason = std::get_if<std::string>(&read)) {
    if (reason->empty()) fail("a failure without a reason", "", "");
    return 0;
  }
  const Results& results = std::get<Results>(read);
  PointWalker charts;
  const std::string html = render_html_report(results, &charts, "date");
  if (html.size() > report_limits::kMaxReportBytes) fail("report over its size limit", std::to_string(html.size()), "");
  if (const std::string problem = markup_problem(html); !problem.empty()) fail("markup in the report", problem, html);
  const std::string without_charts = render_html_report(results, nullptr, "date", "none");
  if (const std::string problem = markup_problem(without_charts); !problem.empty())
    fail("markup in the report without charts", problem, without_charts);
  const std::string md = render_summary_markdown(results, "date");
  if (md.size() > report_limits::kMaxSummaryBytes)
    fail("summary.md over its size limit", std::to_string(md.size()), "");
  if (md.find('<') != std::string::npos) fail("raw HTML in summary.md", "", md);
  return 0;
}
