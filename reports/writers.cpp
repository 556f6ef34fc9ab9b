#include "writers.h"

#include <charconv>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>  // Student's t quantiles for the confidence half-widths
#include <nlohmann/json.hpp>  // ordered_json keeps the contract's key order in summary.json

namespace chaossim {

std::string format_number(double v) {
  if (!std::isfinite(v)) return "0";
  if (v == 0) return "0";  // also folds -0
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

double student_t_975(std::size_t degrees_of_freedom) {
  if (degrees_of_freedom == 0) return 0.0;
  const boost::math::students_t t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(t, 0.975);
}

bool Aggregate::passed() const {
  for (const ExpectationResult& r : expectations)
    if (!r.passed) return false;
  return true;
}

Aggregate aggregate(const std::vector<RunResult>& runs, const std::vector<Expectation>& expect) {
  Aggregate a;
  if (runs.empty()) return a;
  a.scenario = runs.front().scenario;
  a.variant = runs.front().variant;
  a.seed = runs.front().seed;
  a.replications = runs.size();
  const double n = static_cast<double>(runs.size());
  const double t = student_t_975(runs.size() - 1);
  for (int p = 0; p < kPhases; ++p) {
    const MetricSet& first = runs.front().phases[p];
    for (std::size_t i = 0; i < first.values.size(); ++i) {
      double sum = 0, sum2 = 0;
      for (const RunResult& r : runs) sum += r.phases[p].values[i].second;
      const double mean = sum / n;
      for (const RunResult& r : runs) {
        const double d = r.phases[p].values[i].second - mean;
        sum2 += d * d;
      }
      const double sd = runs.size() > 1 ? std::sqrt(sum2 / (n - 1)) : 0.0;
      a.mean[p].add(first.values[i].first, mean);
      a.ci95[p].add(first.values[i].first, t * sd / std::sqrt(n));
    }
  }
  a.expectations = evaluate(expect, a.mean);
  a.series_columns = runs.front().series_columns;
  a.series.assign(runs.front().series.size(), 0.0);
  for (const RunResult& r : runs)
    for (std::size_t i = 0; i < a.series.size() && i < r.series.size(); ++i) a.series[i] += r.series[i] / n;
  return a;
}

namespace {
nlohmann::ordered_json metrics_json(const MetricSet& m) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [k, v] : m.values) j[k] = std::isfinite(v) ? v : 0.0;
  return j;
}
}  // namespace

nlohmann::ordered_json summary_object(const Aggregate& a) {
  nlohmann::ordered_json j;
  j["scenario"] = a.scenario;
  j["variant"] = a.variant;
  j["seed"] = a.seed;
  j["replications"] = a.replications;
  j["metrics"] = metrics_json(a.mean[kOverall]);
  j["ci95"] = metrics_json(a.ci95[kOverall]);
  nlohmann::ordered_json ex = nlohmann::ordered_json::array();
  for (const ExpectationResult& r : a.expectations) {
    nlohmann::ordered_json e;
    e["metric"] = r.expectation.metric;
    e["op"] = op_symbol(r.expectation.op);
    e["value"] = r.expectation.value;
    e["phase"] = phase_name(r.expectation.phase);
    e["measured"] = r.found ? r.measured : 0.0;
    e["passed"] = r.passed;
    if (!r.found) e["error"] = "no such metric in this scenario";
    ex.push_back(e);
  }
  j["expectations"] = ex;
  nlohmann::ordered_json phases;
  phases["before"] = metrics_json(a.mean[kBefore]);
  phases["during"] = metrics_json(a.mean[kDuring]);
  phases["after"] = metrics_json(a.mean[kAfter]);
  j["phases"] = phases;
  return j;
}

std::string summary_json(const Aggregate& a) { return summary_object(a).dump(2) + "\n"; }

std::string timeseries_csv(const std::vector<std::string>& columns, const std::vector<double>& rows) {
  std::string out;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c) out += ',';
    out += columns[c];  // names are built from validated identifiers: no quoting needed
  }
  out += '\n';
  if (columns.empty()) return out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += format_number(rows[i]);
    out += (i + 1) % columns.size() == 0 ? '\n' : ',';
  }
  return out;
}

void write_variant_outputs(const std::filesystem::path& dir, const Aggregate& a) {
  create_folder(dir);
  write_file_atomic(dir / "timeseries.csv", timeseries_csv(a.series_columns, a.series));
  write_file_atomic(dir / "summary.json", summary_json(a));
}

}  // namespace chaossim
