#include "html/summary_markdown.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "html/decision_summary.h"
#include "html/system_section.h"
#include "html/trace_section.h"  // the anatomy of a duplicate, in words
#include "html/markdown.h"
#include "html/metric_info.h"
#include "html/report_limits.h"

namespace chaossim {

namespace {

using namespace report_limits;

constexpr std::size_t kMaxSweepRows = 200;

std::string md(const std::string& s) { return markdown_escape(clipped(s, kMaxNameBytes)); }

// Names in code spans read well, but a code span cannot escape a backtick; names holding one (or a '<', which
// some renderers would see as a tag) are escaped as text instead.
std::string code(const std::string& text) {
  const std::string s = clipped(text, kMaxNameBytes);
  if (s.find_first_of("`<\n") != std::string::npos) return md(s);
  std::string out = "`" + s + "`";
  // '|' ends a table cell even inside a code span in GitHub's tables.
  std::string safe;
  for (const char c : out) safe += c == '|' ? std::string("\\|") : std::string(1, c);
  return safe;
}

std::string expectation(const Verdict& v) {
  std::string text = (v.demonstrates() ? "demonstrates " : "") + code(v.metric) + " " + md(v.op) + " " +
                     md(format_metric(v.metric, v.value));
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
             (!e.passed ? "❌ **FAIL**" : e.demonstrates() ? "⚑ demonstrated" : "✅ pass") + " |\n";
    }
  if (rows > kMaxSweepRows) out += "\n_Only the first " + std::to_string(kMaxSweepRows) + " verdicts are listed._\n";
  return out;
}

std::string metrics_table(const Results& r) {
  std::vector<std::string> available;
  for (const auto& [name, value] : r.variants.front().metrics) available.push_back(name);
  const std::size_t columns = std::min(r.variants.size(), kMaxVariantColumns);
  std::string out = "| Metric |";
  std::string rule = "|---|";
  // Each variant's metrics by name: one lookup per cell, not a search.
  using Index = std::unordered_map<std::string_view, double>;
  std::vector<Index> values(columns), cis(columns);
  for (std::size_t i = 0; i < columns; ++i) {
    const VariantResults& v = r.variants[i];
    out += " " + code(v.name) + " |";
    rule += "---:|";
    for (const auto& [k, x] : v.metrics) values[i].emplace(k, x);
    for (const auto& [k, x] : v.ci95) cis[i].emplace(k, x);
  }
  out += "\n" + rule + "\n";
  for (const std::string& m : key_metrics(available)) {
    out += "| " + code(m) + " |";
    for (std::size_t i = 0; i < columns; ++i) {
      const auto x = values[i].find(m);
      std::string cell = x != values[i].end() ? format_metric(m, x->second) : "–";
      const auto ci = cis[i].find(m);
      if (x != values[i].end() && ci != cis[i].end() && !std::isnan(ci->second))
        cell += " " + format_metric_ci(m, ci->second);
      out += " " + md(cell) + " |";
    }
    out += "\n";
  }
  if (columns < r.variants.size())
    out += "\n_The first " + std::to_string(columns) + " of " + std::to_string(r.variants.size()) +
           " variants are shown._\n";
  return out;
}

std::string sweep_table(const Results& r) {
  const SweepTable& s = *r.sweep;
  std::string out = "| Point |", rule = "|---|";
  const std::size_t axes = std::min(s.axes.size(), kMaxSweepAxes);
  for (std::size_t a = 0; a < axes; ++a) {
    out += " " + code(s.axes[a]) + " |";
    rule += "---|";
  }
  std::unordered_map<std::string_view, const VariantResults*> by_folder;
  for (const VariantResults& v : r.variants) by_folder.emplace(v.name, &v);
  std::vector<std::size_t> cols;
  for (const std::string& c : sweep_metrics(s.metrics)) {
    if (cols.size() == kMaxSweepColumns) break;
    cols.push_back(static_cast<std::size_t>(std::find(s.metrics.begin(), s.metrics.end(), c) - s.metrics.begin()));
    out += " " + code(c) + " |";
    rule += "---:|";
  }
  out += " Result |\n" + rule + "---|\n";
  for (std::size_t i = 0; i < s.points.size() && i < kMaxSweepRows; ++i) {
    const SweepTable::Point& p = s.points[i];
    out += "| " + code(p.folder) + " |";
    for (std::size_t a = 0; a < axes; ++a) out += " " + md(a < p.values.size() ? p.values[a] : "") + " |";
    for (const std::size_t c : cols)
      out += " " + md(format_metric(s.metrics[c], c < p.metrics.size() ? p.metrics[c] : std::nan(""))) + " |";
    const auto v = by_folder.find(p.folder);
    out += std::string(v == by_folder.end() ? " – |" : v->second->passed() ? " ✅ |" : " ❌ |") + "\n";
  }
  if (s.points.size() > kMaxSweepRows)
    out += "\n_The first " + std::to_string(kMaxSweepRows) + " of " + std::to_string(s.points.size()) +
           " points are listed; sweep.csv has them all._\n";
  return out;
}

}  // namespace

std::string render_summary_markdown(const Results& r, const std::string& generated_at, const std::string& report,
                                    bool report_beside) {
  std::string out =
      "## chaossim: " + markdown_escape(clipped(r.title.empty() ? r.scenario : r.title, kMaxTitleBytes)) + "\n\n";
  const std::size_t total = r.expectation_count(), failed = r.failed_count();
  std::size_t demonstrated = 0;
  for (const VariantResults& v : r.variants)
    for (const Verdict& e : v.verdicts) demonstrated += e.demonstrates() && e.passed ? 1 : 0;
  if (total == 0)
    out += "No expectations stated.";
  else if (failed > 0)
    out += "❌ **" + std::to_string(failed) + " of " + std::to_string(total) + " expectations failed.**";
  else if (demonstrated == 0)
    out += "✅ **All " + std::to_string(total) + (total == 1 ? " expectation holds.**" : " expectations hold.**");
  else
    out += "✅ **The lesson holds:** " + std::to_string(demonstrated) +
           (demonstrated == 1 ? " failure demonstrated" : " failures demonstrated") + " on purpose (⚑: those "
           "configurations are not healthy), " + std::to_string(total - demonstrated) +
           (total - demonstrated == 1 ? " check passes." : " checks pass.");
  out += "\n\n";
  if (r.live) {
    // A live run is said to be one before anything else: its numbers were measured on real services.
    out += "**Live run** against ";
    const std::size_t shown = std::min(r.live->services.size(), kMaxListItems);
    for (std::size_t i = 0; i < shown; ++i)
      out += (i ? ", " : "") + code(r.live->services[i].name) + " at " + code(r.live->services[i].url);
    if (shown < r.live->services.size()) out += " and " + std::to_string(r.live->services.size() - shown) + " more";
    out += ", " + md(format_metric("recovery_seconds", r.duration_seconds)) + " of wall-clock time" +
           (r.live->interrupted
                ? ", interrupted after " + md(format_metric("recovery_seconds", r.live->real_seconds))
                : std::string()) +
           ".\n\n";
  }
  out += "Scenario " + code(r.scenario) + " · seed " + std::to_string(r.seed) + " · " +
         std::to_string(r.replications) + (r.replications == 1 ? " replication" : " replications") + " · " +
         (r.sweep ? std::to_string(r.sweep->points.size()) + " sweep points"
                  : std::to_string(r.variants.size()) + (r.variants.size() == 1 ? " variant" : " variants")) +
         " · chaossim " + md(r.version.empty() ? std::string(CHAOSSIM_VERSION) : r.version) + " · " + md(generated_at) +
         "\n\n";
  if (r.sweep) {
    out += "### Sweep\n\n" + sweep_table(r) + "\n";
  } else {
    out += decision_summary_markdown(r);
    out += "### Verdicts\n\n" + verdict_table(r) + "\n";
    out += "### Key metrics\n\n" + metrics_table(r) + "\n";
  }
  out += system_section_markdown(r);
  out += trace_section_markdown(r);
  out += "Charts and details: " + code(report) + (report_beside ? " beside this file.\n" : ".\n");
  return out;
}

}  // namespace chaossim
