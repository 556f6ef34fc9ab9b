#include "writers.h"

#include <cmath>

namespace chaossim {

namespace {

nlohmann::ordered_json metrics_json(const MetricSet& m, std::size_t replications) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [k, v] : m.values) j[k] = metric_json(k, v, replications);
  return j;
}

nlohmann::ordered_json half_widths_json(const MetricSet& m) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [k, v] : m.values) j[k] = number_json(v);
  return j;
}

}  // namespace

nlohmann::ordered_json summary_object(const Aggregate& a) {
  nlohmann::ordered_json j;
  j["scenario"] = a.scenario;
  j["variant"] = a.variant;
  j["seed"] = a.seed;
  j["replications"] = a.replications;
  j["metrics"] = metrics_json(a.mean[kOverall], a.replications);
  j["ci95"] = half_widths_json(a.ci95[kOverall]);
  nlohmann::ordered_json ex = nlohmann::ordered_json::array();
  for (const ExpectationResult& r : a.expectations) {
    nlohmann::ordered_json e;
    e["metric"] = r.expectation.metric;
    e["op"] = op_symbol(r.expectation.op);
    e["value"] = number_json(r.expectation.value);
    e["phase"] = phase_name(r.expectation.phase);
    e["role"] = role_name(r.expectation.role);
    e["measured"] = r.found ? metric_json(r.expectation.metric, r.measured, a.replications) : nullptr;
    e["passed"] = r.passed;
    if (!r.found)
      e["error"] = "no such metric in this scenario";
    else if (std::isnan(r.measured))
      e["error"] = "undefined in this run: nothing to measure";
    ex.push_back(e);
  }
  j["expectations"] = ex;
  nlohmann::ordered_json phases;
  phases["before"] = metrics_json(a.mean[kBefore], a.replications);
  phases["during"] = metrics_json(a.mean[kDuring], a.replications);
  phases["after"] = metrics_json(a.mean[kAfter], a.replications);
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
    out += number_cell(rows[i]);
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
