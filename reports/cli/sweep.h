#pragma once
// `chaossim sweep`: runs the cartesian product of parameter values (the scenario's `sweep` block plus --param
// axes), one folder per point, and a sweep.csv with one row per point and its key metrics.

#include <filesystem>
#include <string>
#include <vector>

#include "cli/batch.h"
#include "cli/map_command.h"

namespace chaossim {

struct SweepOptions : BatchOptions {
  std::string variant;              // the variant every point starts from; empty: the baseline
  std::vector<std::string> params;  // "PATH=V1,V2,..."
  bool report = false;              // write report.html and summary.md after the sweep
  bool mpi = false;                 // spread the runs over the ranks of an MPI job (mpi/ranks.h)
  // `chaossim map`: the axes are --y then --x, and the cells run are those the bisection picks (map_command.h).
  std::optional<MapOptions> map;
  // About how much memory the points of one batch may take while they run (sweep_points.h); not an option of the
  // command line: tests make it small to run a sweep in several batches.
  std::size_t batch_bytes = std::size_t{256} << 20;
};

int cmd_sweep(const SweepOptions& options);
// `chaossim map`: cmd_sweep with options.map set.
inline int cmd_map(const SweepOptions& options) { return cmd_sweep(options); }

// Where a sweep writes without --out: results/<scenario>.sweep, beside the folder results/<scenario> of a run.
std::filesystem::path default_sweep_folder(const std::string& scenario_name);
// Where a map writes without --out: results/<scenario>.map.
std::filesystem::path default_map_folder(const std::string& scenario_name);

// Splits "V1,V2,..." at top-level commas (not inside quotes, braces or brackets), so JSON values may hold commas.
// Brackets and quotes group only when they balance; otherwise every comma splits.
std::vector<std::string> split_values(const std::string& text);
// A text value for a CSV cell: prefixed with ' when it starts with a character that makes a spreadsheet evaluate
// it (= + - @ tab CR, OWASP's rule against CSV injection), then quoted (RFC 4180) when it holds a comma, a quote or
// a line break. Numbers are written as they are, not through this.
std::string csv_cell(const std::string& text);
// A value of a sweep axis as a CSV cell: numbers and booleans as they are ("-0.5" stays a number), anything else
// as text through csv_cell.
std::string csv_value_cell(const nlohmann::json& value);

}  // namespace chaossim
