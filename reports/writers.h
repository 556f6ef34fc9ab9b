#pragma once
// The files a run leaves behind (the results contract of docs/scenario-format.md): <out>/<variant>/summary.json and
// timeseries.csv, each written with write_file_atomic (output_file.h).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>  // ordered_json keeps the contract's key order

#include "metrics/summary.h"
#include "output_file.h"  // write_file_atomic

namespace chaossim {

// Replicated runs of one variant, aggregated: mean and 95% confidence half-width per metric.
struct Aggregate {
  std::string scenario, variant;
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  MetricSet mean[kPhases];
  MetricSet ci95[kPhases];
  std::vector<ExpectationResult> expectations;  // evaluated on the means
  std::vector<std::string> series_columns;
  std::vector<double> series;  // mean over replications
  bool passed() const;
};

Aggregate aggregate(const std::vector<RunResult>& runs, const std::vector<Expectation>& expect);

// The 0.975 quantile of Student's t distribution with `degrees_of_freedom`: a 95% confidence half-width over n
// replications is student_t_975(n - 1) * sd / sqrt(n). Zero degrees of freedom (one replication) gives 0, since
// one run has no spread to measure.
double student_t_975(std::size_t degrees_of_freedom);

// summary.json's object (and each variant's entry of results.json).
nlohmann::ordered_json summary_object(const Aggregate& a);
std::string summary_json(const Aggregate& a);
std::string timeseries_csv(const std::vector<std::string>& columns, const std::vector<double>& rows);
// Shortest decimal spelling that reads back to the same double ("0.1", "120000", "2.5e-07").
std::string format_number(double v);

void write_variant_outputs(const std::filesystem::path& variant_dir, const Aggregate& a);

}  // namespace chaossim
