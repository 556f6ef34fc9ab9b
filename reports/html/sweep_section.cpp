#include "html/sweep_section.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "html/markdown.h"
#include "html/metric_info.h"
#include "html/ranking.h"
#include "html/report_limits.h"

namespace chaossim {

namespace {

constexpr int kChartWidth = 1040, kChartHeight = 340;
// One line per combination of the other parameters while the palette tells them apart; beyond, points in order.
constexpr std::size_t kMaxLines = 7;
using report_limits::kMaxExpectationColumns, report_limits::kMaxSweepAxes, report_limits::kMaxSweepColumns;
using report_limits::kMaxVerdictRows;  // rows beyond which the tables stop (sweep.csv keeps them all)

std::string esc(const std::string& s) { return html_escape(clipped(s, report_limits::kMaxNameBytes)); }

std::optional<double> as_number(const std::string& s) {
  double v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// "edges.clients->api.retry.max_attempts" -> "max_attempts": legends and axis titles stay short.
std::string short_path(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

ChartSpec metric_chart(const std::string& metric, const std::string& x_label) {
  ChartSpec c;
  c.id = "sweep-" + metric;
  c.title = metric + " against " + x_label;
  c.x_column = "x";
  c.x_label = x_label;
  c.y_label = metric;
  // The axis shows the unit: fractions as percentages, times in milliseconds.
  const MetricInfo* info = find_metric(metric);
  if (info && info->unit == MetricUnit::fraction) {
    c.percent = true;
    c.y_label = metric + " (%)";
  } else if (info && info->unit == MetricUnit::seconds) {
    c.scale = 1000.0;
    c.y_label = metric + " (ms)";
  } else if (info && info->unit == MetricUnit::multiplier) {
    c.y_label = metric + " (×)";
  }
  c.series = {{metric, metric}};
  return c;
}

}  // namespace

std::vector<SweepChart> sweep_charts(const SweepTable& sweep, const std::vector<Verdict>& expectations) {
  std::vector<SweepChart> out;
  if (sweep.points.empty() || sweep.axes.empty()) return out;

  // x: the first axis, as numbers when every value is one, else as categories in order of appearance.
  bool numeric = true;
  std::vector<std::string> categories;
  std::unordered_map<std::string_view, std::size_t> category_index;  // value -> place in categories
  for (const SweepTable::Point& p : sweep.points) {
    numeric = numeric && as_number(p.values[0]).has_value();
    if (category_index.emplace(p.values[0], categories.size()).second) categories.push_back(p.values[0]);
  }
  // Lines: one per combination of the other axes.
  std::vector<std::string> line_keys;
  std::map<std::string, std::vector<const SweepTable::Point*>> by_line;
  for (const SweepTable::Point& p : sweep.points) {
    std::string key;
    for (std::size_t a = 1; a < sweep.axes.size(); ++a)
      key += (a > 1 ? ", " : "") + short_path(sweep.axes[a]) + "=" + p.values[a];
    if (!by_line.count(key)) line_keys.push_back(key);
    by_line[key].push_back(&p);
  }
  const bool in_order = line_keys.size() > kMaxLines;
  std::string x_label = short_path(sweep.axes[0]);
  if (in_order) {
    // Too many combinations to tell apart: every point in sweep order, labelled by its folder.
    numeric = false;
    categories.clear();
    for (const SweepTable::Point& p : sweep.points) categories.push_back(p.folder);
    line_keys = {""};
    by_line.clear();
    for (const SweepTable::Point& p : sweep.points) by_line[""].push_back(&p);
    x_label = "sweep point";
  }

  bool whole = numeric;
  for (std::size_t i = 0; whole && i < sweep.points.size(); ++i) {
    const double x = *as_number(sweep.points[i].values[0]);
    whole = std::isfinite(x) && x == std::round(x);
  }
  const auto passed_column = std::find(sweep.metrics.begin(), sweep.metrics.end(), "passed");
  const std::size_t passed = static_cast<std::size_t>(passed_column - sweep.metrics.begin());

  for (const std::string& metric : sweep_metrics(sweep.metrics)) {
    const auto col = std::find(sweep.metrics.begin(), sweep.metrics.end(), metric);
    const std::size_t m = static_cast<std::size_t>(col - sweep.metrics.begin());
    SweepChart chart;
    chart.spec = metric_chart(metric, x_label);
    if (!numeric) chart.spec.x_categories = categories;
    chart.spec.integer_x = whole;
    const double factor = chart.spec.scale * (chart.spec.percent ? 100.0 : 1.0);
    for (const Verdict& v : expectations)
      if (v.metric == metric && (v.phase.empty() || v.phase == "overall") && v.error.empty() &&
          chart.spec.references.size() < 4)
        chart.spec.references.push_back(
            {(v.demonstrates() ? "demonstrates " : "expected ") + v.op + " " + format_metric(metric, v.value),
             v.value * factor});
    chart.spec.marks_label = "fails an expectation";
    for (const std::string& key : line_keys) {
      ChartData line;
      line.variant = key.empty() ? metric : key;
      line.columns = {"x", metric};
      std::vector<std::pair<double, double>> rows;
      for (std::size_t i = 0; i < by_line[key].size(); ++i) {
        const SweepTable::Point& p = *by_line[key][i];
        double x = 0;
        if (in_order)
          x = static_cast<double>(i);
        else if (numeric)
          x = *as_number(p.values[0]);
        else
          x = static_cast<double>(category_index.at(p.values[0]));
        rows.emplace_back(x, m < p.metrics.size() ? p.metrics[m] : 0.0);
        if (passed < p.metrics.size() && p.metrics[passed] == 0 && std::isfinite(rows.back().second) &&
            chart.spec.marks.size() < report_limits::kMaxPointsPerLine)
          chart.spec.marks.emplace_back(x, rows.back().second * factor);
      }
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [x, y] : rows) {
        line.rows.push_back(x);
        line.rows.push_back(y);
      }
      chart.lines.push_back(std::move(line));
    }
    out.push_back(std::move(chart));
  }
  return out;
}

std::string sweep_verdicts_html(const Results& r) {
  if (r.expectation_count() == 0)
    return "<p class=\"note\">The scenario states no expectations (<code>expect</code>), so nothing was checked.</p>\n";
  const std::size_t total = r.variants.size(),
                    failed_points = static_cast<std::size_t>(std::count_if(
                        r.variants.begin(), r.variants.end(), [](const VariantResults&v) { return !v.passed(); }));
  std::string out = "<p class=\"legend-note\">" + std::to_string(total - failed_points) + " of " +
                    std::to_string(total) + " points meet every expectation. Each cell: the measured value.</p>\n";
  const std::vector<Verdict>& first = r.variants.front().verdicts;
  out += "<div class=\"wide\"><table class=\"matrix\">\n<thead><tr><th>Point</th>";
  const std::size_t axes = r.sweep ? std::min(r.sweep->axes.size(), kMaxSweepAxes) : 0;
  const std::size_t expectations = std::min(first.size(), kMaxExpectationColumns);
  for (std::size_t a = 0; a < axes; ++a)
    out += "<th title=\"" + esc(r.sweep->axes[a]) + "\">" + esc(short_path(r.sweep->axes[a])) + "</th>";
  for (std::size_t e = 0; e < expectations; ++e) {
    const Verdict& v = first[e];
    out += "<th class=\"num\"><code>" + esc(v.metric) + "</code> " + esc(v.op) + " " +
           esc(format_metric(v.metric, v.value)) +
           (v.phase.empty() || v.phase == "overall" ? "" : " (" + esc(v.phase) + ")") + "</th>";
  }
  out += "<th>Result</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < r.variants.size() && i < kMaxVerdictRows; ++i) {
    const VariantResults& v = r.variants[i];
    out += "<tr><th><code>" + esc(v.name) + "</code></th>";
    for (std::size_t a = 0; a < axes; ++a)
      out += "<td>" +
             (i < r.sweep->points.size() && a < r.sweep->points[i].values.size() ? esc(r.sweep->points[i].values[a])
                                                                                 : "") +
             "</td>";
    for (std::size_t e = 0; e < expectations; ++e) {
      if (e >= v.verdicts.size()) {
        out += "<td></td>";
        continue;
      }
      const Verdict& x = v.verdicts[e];
      out +=
          std::string("<td class=\"num ") + (x.passed ? "cell-pass" : "cell-fail") + "\">" + (x.passed ? "✓ " : "✗ ") +
          esc(x.error.empty() ? format_metric(x.metric, x.measured) : clipped(x.error, report_limits::kMaxCellBytes)) +
          "</td>";
    }
    out += "<td class=\"verdict\">" +
           std::string(v.passed() ? "<span class=\"badge pass\">✓ PASS</span>"
                                  : "<span class=\"badge fail\">✗ FAIL</span>") +
           "</td></tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
  if (r.variants.size() > kMaxVerdictRows)
    out += "<p class=\"note\">The first " + std::to_string(kMaxVerdictRows) + " points are shown; sweep.csv has all " +
           std::to_string(r.variants.size()) + ".</p>\n";
  if (expectations < first.size())
    out += "<p class=\"note\">The first " + std::to_string(expectations) + " of " + std::to_string(first.size()) +
           " expectations are shown.</p>\n";
  return out;
}

namespace {

// What the best-point stars compare of each point for metric column `m`: its value, with the half-width and
// replications of its summary.json when the folder has one; nothing for a point that failed an expectation (the
// best of the failing points is no recommendation).
std::vector<std::optional<Estimate>> rankable(const Results& r, const SweepTable& s, std::size_t m) {
  std::unordered_map<std::string_view, const VariantResults*> folders;
  for (const VariantResults& v : r.variants) folders.emplace(v.name, &v);
  const auto passed_column = std::find(s.metrics.begin(), s.metrics.end(), "passed");
  const std::size_t passed_at = static_cast<std::size_t>(passed_column - s.metrics.begin());
  std::vector<std::optional<Estimate>> out;
  for (const SweepTable::Point& p : s.points) {
    const auto folder = folders.find(p.folder);
    const VariantResults* v = folder == folders.end() ? nullptr : folder->second;
    const bool passed = passed_at < p.metrics.size() ? p.metrics[passed_at] == 1 : !v || v->passed();
    if (m >= p.metrics.size() || !passed) {
      out.emplace_back();
      continue;
    }
    const double* ci = v ? v->ci(s.metrics[m]) : nullptr;
    out.push_back(Estimate{p.metrics[m], ci ? *ci : std::nan(""), v ? v->replications : r.replications});
  }
  return out;
}

// The table of points over the metric columns `shown` (indices into sweep.metrics).
std::string points_table(const Results& r, const SweepTable& s, const std::vector<std::size_t>& all_shown) {
  const std::vector<std::size_t> shown(
      all_shown.begin(), all_shown.begin() + static_cast<std::ptrdiff_t>(std::min(all_shown.size(), kMaxSweepColumns)));
  const std::size_t axes = std::min(s.axes.size(), kMaxSweepAxes);
  std::string out = "<div class=\"wide\"><table class=\"sweep\">\n<thead><tr><th>Point</th>";
  for (std::size_t a = 0; a < axes; ++a)
    out += "<th title=\"" + esc(s.axes[a]) + "\">" + esc(short_path(s.axes[a])) + "</th>";
  for (const std::size_t m : shown) out += "<th class=\"num\"><code>" + esc(s.metrics[m]) + "</code></th>";
  out += "</tr></thead>\n<tbody>\n";
  // Best points per metric column, as in the variants table, among the points that passed.
  std::vector<std::set<std::size_t>> best(s.metrics.size());
  for (const std::size_t m : shown) best[m] = best_configurations(s.metrics[m], rankable(r, s, m));
  for (std::size_t i = 0; i < s.points.size() && i < kMaxVerdictRows; ++i) {
    const SweepTable::Point& p = s.points[i];
    out += "<tr><th><code>" + esc(p.folder) + "</code></th>";
    for (std::size_t a = 0; a < axes; ++a) out += "<td>" + esc(a < p.values.size() ? p.values[a] : "") + "</td>";
    for (const std::size_t m : shown) {
      const double v = m < p.metrics.size() ? p.metrics[m] : std::nan("");
      const bool star = best[m].count(i) > 0;
      out += star ? "<td class=\"num best\">" : "<td class=\"num\">";
      out += esc(format_metric(s.metrics[m], v));
      if (star) out += "<span class=\"star\"> ★</span>";
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
  if (s.points.size() > kMaxVerdictRows)
    out += "<p class=\"note\">The first " + std::to_string(kMaxVerdictRows) + " points are shown; sweep.csv has all " +
           std::to_string(s.points.size()) + ".</p>\n";
  if (shown.size() < all_shown.size())
    out += "<p class=\"note\">The first " + std::to_string(shown.size()) + " of " + std::to_string(all_shown.size()) +
           " metric columns are shown; sweep.csv has all.</p>\n";
  return out;
}

}  // namespace

std::string no_charts_note(const std::string& reason) { return "No charts: " + esc(reason) + "."; }

std::string sweep_section_html(const Results& r, ChartRenderer* charts, const std::string& no_charts_reason) {
  const SweepTable& s = *r.sweep;
  std::string out = "<section id=\"sweep\">\n<h2>Sweep</h2>\n<p>Swept: ";
  for (std::size_t a = 0; a < std::min(s.axes.size(), kMaxSweepAxes); ++a)
    out += (a ? " × " : "") + ("<code>" + esc(s.axes[a]) + "</code>");
  out +=
      ".</p>\n<p class=\"legend-note\">One row per point, overall metrics after warm-up. " +
      html_escape(best_legend(r.replications, "point that met its expectations")) + "</p>\n";
  const std::vector<std::string> compared = sweep_metrics(s.metrics);
  std::vector<std::size_t> headline, all;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    if (s.metrics[m] == "passed") continue;
    all.push_back(m);
    if (std::find(compared.begin(), compared.end(), s.metrics[m]) != compared.end()) headline.push_back(m);
  }
  out += points_table(r, s, headline.empty() ? all : headline);
  if (!headline.empty() && headline.size() < all.size())
    out += "<details><summary>Every metric of sweep.csv</summary>\n" + points_table(r, s, all) + "</details>\n";

  out += "<h3>Trends</h3>\n";
  if (!charts) return out + "<p class=\"note\">" + no_charts_note(no_charts_reason) + "</p>\n</section>\n";
  for (const SweepChart& c : sweep_charts(s, r.variants.empty() ? std::vector<Verdict>{} : r.variants.front().verdicts)) {
    out +=
        "<figure id=\"chart-" + esc(c.spec.id) + "\">\n" + charts->svg(c.spec, c.lines, {}, kChartWidth, kChartHeight);
    out += "\n<figcaption>" + esc(c.spec.series.front().column) + " at each value of " + esc(c.spec.x_label);
    if (c.lines.size() > 1) out += "; one line per combination of the other swept parameters";
    out += ".</figcaption>\n</figure>\n";
  }
  return out + "</section>\n";
}

}  // namespace chaossim
