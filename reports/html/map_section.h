#pragma once
// The metastability map of a report (map.json, written by `chaossim map`): one heat map of where the boundary
// condition holds, then one per metric drawn, each an SVG grid of rows (the --y values, the last on top) by columns
// (the --x values), the cells that ran in full colour and those inferred from the bisection hatched, the boundary
// of each row drawn as a line. Every name and value in it comes from the folder and is escaped.

#include <string>

#include "map/map_grid.h"

namespace chaossim {

std::string map_section_html(const MapGrid& grid);

// One heat map as SVG (exposed for tests): `metric` < 0 draws the boundary condition, else grid.metrics[metric].
std::string map_svg(const MapGrid& grid, int metric, int width, int height);

}  // namespace chaossim
