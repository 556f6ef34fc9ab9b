#pragma once
// `chaossim sweep`: runs the cartesian product of parameter values (the scenario's `sweep` block plus --param
// axes), one folder per point, and a sweep.csv with one row per point and its key metrics.

#include <string>
#include <vector>

#include "nlohmann/json.hpp"  // sweep values are JSON values typed by the format

namespace chaossim {

struct SweepOptions {
  std::string scenario;
  std::string variant;              // the variant every point starts from; empty: the baseline
  std::vector<std::string> params;  // "PATH=V1,V2,..."
  std::vector<std::string> sets;
  std::size_t replications = 1;
  unsigned jobs = 0;
  std::string out;
  bool quiet = false;
};

int cmd_sweep(const SweepOptions& options);

// Splits "V1,V2,..." at top-level commas (not inside quotes, braces or brackets), so JSON values may hold commas.
std::vector<std::string> split_values(const std::string& text);
// A value for a CSV cell: quoted (RFC 4180) when it holds a comma, a quote or a line break.
std::string csv_cell(const std::string& text);

}  // namespace chaossim
