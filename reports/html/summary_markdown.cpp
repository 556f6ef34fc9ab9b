#include "html/summary_markdown.h"

#include <algorithm>

#include "html/markdown.h"
#include "html/metric_info.h"

namespace chaossim {

namespace {

constexpr std::size_t kMaxSweepRows = 200;

std::string md(const std::string& s) { return markdown_escape(s); }

// Names in code spans read well, but a code span cannot escape a backtick; names holding one (or a '<', which
// some renderers would see as a tag) are escaped as text instead.
std::string code(const std::string& s) {
  if (s.find_first_of("`<\n") != std::string::npos) return md(s);
  std::string out = "`" + s + "`";
  // '|' ends a table cell even inside a code span in GitHub's tables.
  std::string safe;
  for (const char c : out) safe += c == '|' ? std::string("\\|") : std::string(1, c);
  return safe;
}

std::string expectation(const Verdict& v) {
  std::string text = code(v.metric) + " " + md(v.op) + " " + md(format_metric(v.metric, v.value));
  if (!v.phase.empty() && v.phase != "overall") text += " (" + md(v.phase) + ")";
  return text;
}

std::string verdict_table(const Results& r) {
  if (r.expectation_count() == 0) return "_The scenario states no expectations._\n";
  std::string out = "| Variant | Expectation | Measured | Result |\n|---|---|---:|---|\n";
  std::size_t rows = 0;
  for (const VariantResults& v : r.variants)
    for (const Verdict& e : v.verdicts) {
      if (++rows > kMaxSweepRows) break;
      out += "| " + code(v.name) + " | " + expectation(e) + " | " +
             md(e.error.empty() ? format_metric(e.metric, e.measured) : e.error) + " | " +
             (e.passed ? "✅ pass" : "❌ **FAIL**") + " |\n";
    }
  if (rows > kMaxSweepRows) out += "\n_Only the first " + std::to_string(kMaxSweepRows) + " verdicts are listed._\n";
  return out;
}

std::string metrics_table(const Results& r) {
  std::vector<std::string> available;
  for (const auto& [name, value] : r.variants.front().metrics) available.push_back(name);
  std::string out = "| Metric |";
  std::string rule = "|---|";
  for (const VariantResults& v : r.variants) {
    out += " " + code(v.name) + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const std::string& m : key_metrics(available)) {
    out += "| " + code(m) + " |";
    for (const VariantResults& v : r.variants) {
      const double* x = v.metric(m);
      std::string cell = x ? format_metric(m, *x) : "–";
      const double* ci = v.ci(m);
      if (x && ci && v.replications > 1) cell += " " + format_metric_ci(m, *ci);
      out += " " + md(cell) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string sweep_table(const Results& r) {
  const SweepTable& s = *r.sweep;
  std::string out = "| Point |", rule = "|---|";
  for (const std::string& a : s.axes) {
    out += " " + code(a) + " |";
    rule += "---|";
  }
  std::vector<std::size_t> cols;
  for (const std::string& c : sweep_metrics(s.metrics)) {
    cols.push_back(static_cast<std::size_t>(std::find(s.metrics.begin(), s.metrics.end(), c) - s.metrics.begin()));
    out += " " + code(c) + " |";
    rule += "---:|";
  }
  out += " Result |\n" + rule + "---|\n";
  for (std::size_t i = 0; i < s.points.size() && i < kMaxSweepRows; ++i) {
    const SweepTable::Point& p = s.points[i];
    out += "| " + code(p.folder) + " |";
    for (const std::string& v : p.values) out += " " + md(v) + " |";
    for (const std::size_t c : cols)
      out += " " + md(format_metric(s.metrics[c], c < p.metrics.size() ? p.metrics[c] : 0)) + " |";
    const auto v =
        std::find_if(r.variants.begin(), r.variants.end(), [&](const VariantResults& x) { return x.name == p.folder; });
    out += std::string(v == r.variants.end() ? " – |" : v->passed() ? " ✅ |" : " ❌ |") + "\n";
  }
  return out;
}

}  // namespace

std::string render_summary_markdown(const Results& r, const std::string& generated_at) {
  std::string out = "## chaossim: " + md(r.title.empty() ? r.scenario : r.title) + "\n\n";
  const std::size_t total = r.expectation_count(), failed = r.failed_count();
  if (total == 0)
    out += "No expectations stated.";
  else if (failed == 0)
    out += "✅ **All " + std::to_string(total) + " expectations hold.**";
  else
    out += "❌ **" + std::to_string(failed) + " of " + std::to_string(total) + " expectations failed.**";
  out += "\n\nScenario " + code(r.scenario) + " · seed " + std::to_string(r.seed) + " · " +
         std::to_string(r.replications) + (r.replications == 1 ? " replication" : " replications") + " · " +
         (r.sweep ? std::to_string(r.sweep->points.size()) + " sweep points"
                  : std::to_string(r.variants.size()) + " variants") +
         " · chaossim " + md(r.version.empty() ? std::string(CHAOSSIM_VERSION) : r.version) + " · " + md(generated_at) +
         "\n\n";
  if (r.sweep) {
    out += "### Sweep\n\n" + sweep_table(r) + "\n";
  } else {
    out += "### Verdicts\n\n" + verdict_table(r) + "\n";
    out += "### Key metrics\n\n" + metrics_table(r) + "\n";
  }
  out += "Charts and details: `report.html` beside this file.\n";
  return out;
}

}  // namespace chaossim
