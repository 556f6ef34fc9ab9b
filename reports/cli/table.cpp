#include "cli/table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/printable.h"
#include "metrics/metric_registry.h"

namespace chaossim {

std::string human_number(double v) {
  if (std::isnan(v)) return "n/a";  // undefined: a rate of nothing, a percentile of no operation, no fault to end
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string human_value(const std::string& metric, double v) {
  const MetricInfo* info = find_metric(metric);
  if (std::isnan(v) || !info) return human_number(v);
  return human_number(v) + std::string(unit_suffix(info->unit));
}

namespace {
// Columns line up by characters on a terminal, and "×" and "±" take two bytes each in UTF-8: count the bytes
// that start a character.
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

std::string format_table(const std::vector<Aggregate>& variants) {
  if (variants.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  // The numbers are those of summary.json and `expect` (a fraction is 0.99, not 99 %), so the unit has a column.
  std::vector<std::string> header{"metric", "unit"};
  // Variant and metric names come from the scenario file (or a results folder): escaped, and measured escaped.
  for (const Aggregate& a : variants) header.push_back(printable(a.variant));
  rows.push_back(header);
  const MetricSet& first = variants.front().mean[kOverall];
  for (std::size_t i = 0; i < first.values.size(); ++i) {
    const std::string& name = first.values[i].first;
    const MetricInfo* info = find_metric(name);
    if (!info || !info->headline()) continue;
    std::vector<std::string> row{printable(name), std::string(unit_label(info->unit))};
    for (const Aggregate& a : variants) {
      const double* m = a.mean[kOverall].find(name);
      const double* c = a.ci95[kOverall].find(name);
      std::string cell = m ? human_number(*m) : "-";
      if (m && c && !std::isnan(*c)) cell += " ± " + human_number(*c);
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      const std::string pad(width[c] - display_width(cell), ' ');
      if (c == 0)
        line += cell + pad;
      else if (c == 1)
        line += "  " + cell + pad;  // the unit, left-aligned beside the name
      else
        line += "  " + pad + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string format_verdicts(const Aggregate& a) {
  std::string out;
  for (const ExpectationResult& r : a.expectations) {
    const Expectation& e = r.expectation;
    std::string line = r.passed ? "PASS " : "FAIL ";
    line += a.variant + ": " + e.metric + " " + op_symbol(e.op) + " " +
            (e.value_text.empty() ? human_value(e.metric, e.value) : e.value_text);
    if (e.phase != Expectation::Phase::overall) line += std::string(" (") + phase_name(e.phase) + ")";
    line += r.found ? " — measured " + human_value(e.metric, r.measured) : " — no such metric";
    if (e.role == Expectation::Role::demonstrates) line += r.passed ? " (failure demonstrated)" : " (failure not shown)";
    out += printable(line) + '\n';  // the metric and the value as written come from the scenario file
  }
  return out;
}

}  // namespace chaossim
