#include "html/decision_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <optional>
#include <vector>

#include "html/markdown.h"  // html_escape, markdown_escape
#include "html/metric_info.h"
#include "html/ranking.h"
#include "html/report_limits.h"

namespace chaossim {

namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

double value_of(const VariantResults& v, const std::string& metric) {
  const double* x = v.metric(metric);
  return x ? *x : kUndefined;
}

// Operations in which any effect ran more than once: the customers charged twice when the effect is a charge.
double ops_hit_twice(const VariantResults& v) {
  double sum = 0;
  bool any = false;
  for (const auto& [name, value] : v.metrics)
    if (name.starts_with("effects.") && name.ends_with(".ops_duplicated") && !std::isnan(value)) sum += value, any = true;
  return any ? sum : kUndefined;
}

// What the ranking compares, in the order a reviewer cares: wrong effects first, then broken answers, then speed.
struct Criterion {
  const char* metric;
  const char* words;  // how the reason names it
};
constexpr Criterion kCriteria[] = {
    {"duplicates", "duplicate effects"},
    {"inconsistent", "operations that failed yet had an effect"},
    {"ops_failed", "failed operations"},
    {"success_rate", "success"},
    {"latency.p99", "p99"},
    {"amplification", "attempts per operation"},
};

struct Ranking {
  std::optional<std::size_t> best;
  std::vector<const Criterion*> decided_by;  // the criteria that narrowed the field, in order
  bool significance_tested = true;
};

// Narrows the variants criterion by criterion to those best on it (ties, or differences that are not significant,
// stay in), until one remains.
Ranking rank(const Results& r) {
  Ranking out;
  const std::size_t n = std::min(r.variants.size(), report_limits::kMaxVariantColumns);
  std::vector<bool> in(n, true);
  std::size_t left = n;
  // One run per variant has no spread: the means are compared as they are, and the sentence says so.
  out.significance_tested = r.replications > 1;
  for (const Criterion& c : kCriteria) {
    if (left < 2) break;
    std::vector<std::optional<Estimate>> values(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!in[i]) continue;
      const VariantResults& v = r.variants[i];
      const double mean = value_of(v, c.metric);
      if (std::isnan(mean)) continue;
      if (out.significance_tested) {
        const double* ci = v.ci(c.metric);
        values[i] = Estimate{mean, ci ? *ci : kUndefined, v.replications};
      } else {
        values[i] = Estimate{mean, 0.0, 2};  // no spread: any difference counts
      }
    }
    const std::set<std::size_t> best = best_configurations(c.metric, values);
    if (best.empty()) continue;
    for (std::size_t i = 0; i < n; ++i)
      if (in[i] && !best.count(i)) in[i] = false, --left;
    out.decided_by.push_back(&c);
  }
  if (left == 1)
    for (std::size_t i = 0; i < n; ++i)
      if (in[i]) out.best = i;
  return out;
}

std::string recovery_text(const VariantResults& v) {
  const double recovered = value_of(v, "recovered"), seconds = value_of(v, "recovery_seconds");
  if (std::isnan(recovered)) return "n/a";
  if (recovered > 0 && recovered < 1) return format_metric("recovered", recovered);
  return recovered >= 1 ? "yes, " + format_metric("recovery_seconds", seconds)
                        : "no (" + format_metric("recovery_seconds", seconds) + " to the end)";
}

// Amplification at least this high during the faults is a retry storm in the making: shown as a warning.
constexpr double kStormAmplification = 1.5;

struct Row {
  std::string variant, ops, hit_twice, duplicates, success, degraded, amplification, amplification_during, p99,
      recovery;
  bool storm = false, duplicated = false;
};

Row row_of(const VariantResults& v) {
  Row row;
  row.variant = v.name;
  row.ops = format_metric("ops", value_of(v, "ops"));
  const double twice = ops_hit_twice(v), duplicates = value_of(v, "duplicates");
  row.hit_twice = std::isnan(twice) ? "–" : format_metric("ops", twice);  // "–": the scenario has no effects
  row.duplicates = format_metric("duplicates", duplicates);
  row.duplicated = duplicates > 0;
  row.success = format_metric("success_rate", value_of(v, "success_rate"));
  const double ops = value_of(v, "ops"), degraded = value_of(v, "ops_degraded");
  if (degraded > 0 && ops > 0) row.degraded = format_metric("success_rate", degraded / ops) + " degraded";
  const double amplification = value_of(v, "amplification");
  row.amplification = format_metric("amplification", amplification);
  const auto during = v.during.find("amplification");
  const double amplification_during = during == v.during.end() ? kUndefined : during->second;
  if (!std::isnan(amplification_during)) row.amplification_during = format_metric("amplification", amplification_during);
  row.storm = std::max(std::isnan(amplification) ? 0 : amplification,
                       std::isnan(amplification_during) ? 0 : amplification_during) >= kStormAmplification;
  row.p99 = format_metric("latency.p99", value_of(v, "latency.p99"));
  row.recovery = recovery_text(v);
  return row;
}

std::vector<Row> rows_of(const Results& r) {
  std::vector<Row> rows;
  for (std::size_t i = 0; i < std::min(r.variants.size(), report_limits::kMaxVariantColumns); ++i)
    rows.push_back(row_of(r.variants[i]));
  return rows;
}

std::string esc(const std::string& s) { return html_escape(clipped(s, report_limits::kMaxNameBytes)); }

}  // namespace

std::string best_variant_sentence(const Results& r) {
  if (r.sweep || r.variants.size() < 2) return "";
  const Ranking ranking = rank(r);
  if (!ranking.best) {
    return ranking.significance_tested
               ? "No variant is significantly better than the others on duplicate effects, failures, success, p99 "
                 "and amplification."
               : "The variants do not differ on duplicate effects, failures, success, p99 or amplification.";
  }
  const VariantResults& v = r.variants[*ranking.best];
  std::string out = v.name + ": ";
  bool first = true;
  for (const Criterion* c : ranking.decided_by) {
    const double x = value_of(v, c->metric);
    const std::string metric = c->metric;
    std::string part = x == 0 && metric == "duplicates"     ? "no duplicate effects"
                       : x == 0 && metric == "inconsistent" ? "no operation failed yet had an effect"
                       : x == 0 && metric == "ops_failed"   ? "no failed operations"
                                                            : std::string(c->words) + " " + format_metric(metric, x);
    out += (first ? "" : ", ") + part;
    first = false;
  }
  // The tail latency says what the winner costs, even when it did not decide.
  const bool p99_said = std::any_of(ranking.decided_by.begin(), ranking.decided_by.end(),
                                    [](const Criterion* c) { return std::string(c->metric) == "latency.p99"; });
  if (const double p99 = value_of(v, "latency.p99"); !p99_said && !std::isnan(p99))
    out += ", p99 " + format_metric("latency.p99", p99);
  if (!ranking.significance_tested)
    out += " (one run per variant: differences not tested for significance; run --replications 5 or more)";
  return out;
}

std::string decision_summary_html(const Results& r) {
  if (r.sweep || r.variants.empty()) return "";
  std::string out = "<section id=\"decision\">\n<h2>At a glance</h2>\n";
  if (const std::string best = best_variant_sentence(r); !best.empty())
    out += "<p class=\"best-line\"><strong>Best:</strong> " + html_escape(clipped(best, 2000)) + "</p>\n";
  out +=
      "<table class=\"decision\">\n<thead><tr><th>Variant</th><th class=\"num\">Operations</th>"
      "<th class=\"num\" title=\"operations in which an effect (a charge, an email) ran more than once\">Hit twice"
      "</th><th class=\"num\">Duplicate effects</th><th class=\"num\">Success</th>"
      "<th class=\"num\">Amplification<br><span class=\"dir\">overall · during faults</span></th>"
      "<th class=\"num\">p99</th><th>Recovery</th></tr></thead>\n<tbody>\n";
  for (const Row& row : rows_of(r)) {
    out += "<tr><th><code>" + esc(row.variant) + "</code></th>";
    out += "<td class=\"num\">" + esc(row.ops) + "</td>";
    out += std::string("<td class=\"num") + (row.duplicated ? " bad" : "") + "\">" + esc(row.hit_twice) + "</td>";
    out += std::string("<td class=\"num") + (row.duplicated ? " bad" : "") + "\">" + esc(row.duplicates) + "</td>";
    out += "<td class=\"num\">" + esc(row.success) +
           (row.degraded.empty() ? "" : "<span class=\"ci\">" + esc(row.degraded) + "</span>") + "</td>";
    out += std::string("<td class=\"num") + (row.storm ? " bad" : "") + "\">" + esc(row.amplification) +
           (row.amplification_during.empty() ? "" : " · " + esc(row.amplification_during)) + "</td>";
    out += "<td class=\"num\">" + esc(row.p99) + "</td><td>" + esc(row.recovery) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  out +=
      "<p class=\"legend-note\">Success counts degraded answers (a fallback) apart. Amplification is client attempts "
      "per operation; 1.5× or more is marked, a retry storm in the making. Recovery: n/a when no fault ends before "
      "the run does.</p>\n";
  return out + "</section>\n";
}

std::string decision_summary_markdown(const Results& r) {
  if (r.sweep || r.variants.empty()) return "";
  std::string out = "### At a glance\n\n";
  if (const std::string best = best_variant_sentence(r); !best.empty())
    out += "**Best:** " + markdown_escape(clipped(best, 2000)) + "\n\n";
  out += "| Variant | Operations | Hit twice | Duplicate effects | Success | Amplification (overall · during) | p99 | "
         "Recovery |\n|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const Row& row : rows_of(r)) {
    const auto cell = [](const std::string& s) { return " " + markdown_escape(clipped(s, 200)) + " |"; };
    out += "|" + cell(row.variant) + cell(row.ops) + cell(row.hit_twice) +
           cell(row.duplicates) + cell(row.success + (row.degraded.empty() ? "" : " (" + row.degraded + ")")) +
           cell(row.amplification + (row.amplification_during.empty() ? "" : " · " + row.amplification_during)) +
           cell(row.p99) + cell(row.recovery) + "\n";
  }
  return out + "\n";
}

}  // namespace chaossim
