#include "table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chaossim {

std::string human_number(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

namespace {
// The metrics people look at first; effects and services follow.
const char* kHeadline[] = {"ops",        "success_rate",  "amplification", "duplicates",  "inconsistent",
                           "timeouts",   "latency.p50",   "latency.p99",   "breaker.rejections",
                           "budget.denied", "recovered", "recovery_seconds"};

bool wanted(const std::string& name) {
  for (const char* h : kHeadline)
    if (name == h) return true;
  const auto ends = [&](const char* suffix) {
    const std::string s(suffix);
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return (name.rfind("effects.", 0) == 0 && ends(".duplicates")) ||
         (name.rfind("services.", 0) == 0 && ends(".utilization"));
}
}  // namespace

std::string format_table(const std::vector<Aggregate>& variants) {
  if (variants.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"metric"};
  for (const Aggregate& a : variants) header.push_back(a.variant);
  rows.push_back(header);
  const MetricSet& first = variants.front().mean[kOverall];
  for (std::size_t i = 0; i < first.values.size(); ++i) {
    const std::string& name = first.values[i].first;
    if (!wanted(name)) continue;
    std::vector<std::string> row{name};
    for (const Aggregate& a : variants) {
      const double* m = a.mean[kOverall].find(name);
      const double* c = a.ci95[kOverall].find(name);
      std::string cell = m ? human_number(*m) : "-";
      if (m && c && a.replications > 1) cell += " ± " + human_number(*c);
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      if (c == 0) {
        out += cell + std::string(width[c] - cell.size(), ' ');
      } else {
        out += "  " + std::string(width[c] - cell.size(), ' ') + cell;
      }
    }
    out += '\n';
  }
  return out;
}

std::string format_verdicts(const Aggregate& a) {
  std::string out;
  for (const ExpectationResult& r : a.expectations) {
    const Expectation& e = r.expectation;
    out += r.passed ? "PASS " : "FAIL ";
    out += a.variant + ": " + e.metric + " " + op_symbol(e.op) + " " +
           (e.value_text.empty() ? human_number(e.value) : e.value_text);
    if (e.phase != Expectation::Phase::overall) out += std::string(" (") + phase_name(e.phase) + ")";
    out += r.found ? " — measured " + human_number(r.measured) : " — no such metric";
    out += '\n';
  }
  return out;
}

}  // namespace chaossim
