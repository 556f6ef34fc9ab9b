#pragma once
// `chaossim map`: a metastability map. Two parameters make a grid (rows: --y, columns: --x), and along each row the
// boundary of a condition (`--boundary 'recovered == 1'`) is found by bisection (map_bisection.h), so a 100 x 100
// map runs about 900 cells, not 10,000. It is a sweep whose points are chosen as it goes: the cells run get the
// folders and sweep.csv rows the full sweep of the same two axes would give them, and map.json (map/map_grid.h) holds
// the whole grid, inferred cells included, for the heat maps of the report and the dashboard.
//
// These are the parts of the command apart from the sweep's machinery (sweep.cpp runs it).

#include <optional>
#include <string>
#include <vector>

#include "map/map_grid.h"
#include "scenario/loader.h"

namespace chaossim {

struct MapOptions {
  std::string rows, columns;  // --y and --x: "PATH=LO:HI:N" or "PATH=V1,V2,..."
  std::string boundary = "recovered == 1";
  std::vector<std::string>
      metrics;  // drawn as heat maps; default: the boundary's metric, recovery_seconds, amplification
};

// "PATH=LO:HI:N" (N values evenly from LO to HI, both with the same unit if any: "5s:60s:12") or "PATH=V1,V2,...",
// each value typed by the format as --set types it. Prints what is wrong (naming `option`) and returns nothing.
std::optional<SweepAxis> parse_map_axis(const std::string& option, const std::string& text);

// The N values of LO:HI:N as text ("0.1", "10s"), or why not.
std::variant<std::vector<std::string>, std::string> evenly_spaced(const std::string& range);

// The boundary condition as an expectation checked by the loader like one in the file ("recovered == 1",
// "success_rate >= 0.9@after"); prints what is wrong and returns nothing.
std::optional<Expectation> parse_boundary(const ScenarioDocument& document, const std::vector<Override>& first_point,
                                          const std::string& text);

// The metrics to draw: those asked for, else the boundary's metric, recovery_seconds and amplification. Prints the
// unknown ones (with a suggestion) and returns nothing.
std::optional<std::vector<std::string>> map_metrics(const MapOptions& options, const Expectation& boundary,
                                                    const Scenario& first_point);

// A few lines for the terminal: cells run against the full grid, and the map itself in letters when it fits.
std::string map_summary(const MapGrid& grid);

}  // namespace chaossim
