#pragma once
// `chaossim sweep`: runs the cartesian product of parameter values (the scenario's `sweep` block plus --param
// axes), one folder per point, and a sweep.csv with one row per point and its key metrics.

#include <string>
#include <vector>

#include "cli/batch.h"

namespace chaossim {

struct SweepOptions : BatchOptions {
  std::string variant;              // the variant every point starts from; empty: the baseline
  std::vector<std::string> params;  // "PATH=V1,V2,..."
};

int cmd_sweep(const SweepOptions& options);

// Splits "V1,V2,..." at top-level commas (not inside quotes, braces or brackets), so JSON values may hold commas.
std::vector<std::string> split_values(const std::string& text);
// A value for a CSV cell: quoted (RFC 4180) when it holds a comma, a quote or a line break.
std::string csv_cell(const std::string& text);

}  // namespace chaossim
