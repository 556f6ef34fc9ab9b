#pragma once
// A results folder read back for a report: manifest.json and scenario.json (written by `run`), each variant's
// summary.json and timeseries.csv, and sweep.csv when the folder holds a sweep. Everything read is untrusted input
// (a folder can come from anywhere): sizes are bounded and nothing here is interpreted as markup.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "charts/chart_spec.h"

namespace chaossim {

struct Verdict {
  std::string metric, op, phase;
  double value = 0, measured = 0;
  bool passed = false;
  std::string error;  // "no such metric ..." when the metric does not exist
};

// One variant (or sweep point) folder.
struct VariantResults {
  std::string name;  // the folder name: the variant, or "point-001"
  std::size_t replications = 1;
  std::vector<std::pair<std::string, double>> metrics;  // in the order of summary.json
  std::vector<std::pair<std::string, double>> ci95;
  std::vector<Verdict> verdicts;
  ChartData series;  // empty columns when timeseries.csv is missing
  FaultWindows fault_windows;

  const double* metric(const std::string& metric_name) const;
  const double* ci(const std::string& metric_name) const;
  bool passed() const;
};

// sweep.csv: one column per swept path, then `folder`, then metric columns (and `passed`).
struct SweepTable {
  std::vector<std::string> axes;     // swept paths, in order
  std::vector<std::string> metrics;  // metric column names
  struct Point {
    std::vector<std::string> values;  // one per axis, as written
    std::string folder;
    std::vector<double> metrics;  // one per metric column
  };
  std::vector<Point> points;
};

struct Results {
  std::filesystem::path dir;
  std::string scenario, title, description, version;
  std::vector<std::string> tags;
  std::uint64_t seed = 0;
  std::size_t replications = 1;
  double bucket_seconds = 0;  // 0 when unknown (then taken from time_s)
  double duration_seconds = 0, warmup_seconds = 0;
  std::vector<std::pair<std::string, std::string>> overrides;  // --set: path, value as JSON text
  struct Fault {
    std::string id, type, target, start, duration;
  };
  std::vector<Fault> faults;             // from scenario.json, as written
  std::vector<VariantResults> variants;  // in run order
  std::optional<SweepTable> sweep;

  bool passed() const;
  std::size_t expectation_count() const;
  std::size_t failed_count() const;
};

// Reads a results folder. On failure returns the reason ("no summary.json in ...").
std::variant<Results, std::string> read_results(const std::filesystem::path& dir);

// Parses timeseries.csv text (a header row of column names, then numeric rows).
std::optional<ChartData> parse_timeseries_csv(const std::string& text, std::string variant);
// Parses sweep.csv text.
std::optional<SweepTable> parse_sweep_csv(const std::string& text);

}  // namespace chaossim
