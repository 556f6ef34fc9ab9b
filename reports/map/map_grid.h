#pragma once
// A metastability map as `chaossim map` writes it (map.json) and the report and the dashboard read it back: a grid
// of rows (values of one parameter) by columns (values of another), which cells ran and which were inferred from
// the bisection along each row (cli/map_bisection.h), whether the boundary condition held in each, and the values
// of the metrics drawn. map.json is read as untrusted input: sizes are bounded and every string is only text.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>  // map.json

namespace chaossim {

struct MapGrid {
  struct Axis {
    std::string path;
    std::vector<nlohmann::json> values;      // as swept: numbers, or text such as "10s"
    std::string label(std::size_t i) const;  // the value as people read it: 0.25, 10s
  };
  // holds / fails: run; inferred_*: not run, taken from its row's bisection; missing: chosen but not finished
  // (interrupted, or its run failed).
  enum class Cell : std::uint8_t { holds, fails, inferred_holds, inferred_fails, missing };

  Axis rows, columns;
  std::string boundary;              // the condition bisected on, as the user wrote it: "recovered == 1"
  std::vector<std::string> metrics;  // the metrics drawn, one heat map each
  std::vector<Cell> cells;           // row by row: cells[row * columns + column]
  // values[m][cell]: metric m's mean in a run cell; NaN where it is undefined or the cell did not run.
  std::vector<std::vector<double>> values;

  std::size_t row_count() const { return rows.values.size(); }
  std::size_t column_count() const { return columns.values.size(); }
  std::size_t cells_run() const;
  // The first column of a row on the other side of the boundary from the column before it (the boundary runs
  // along its left edge); 0 when the row is all one side or its cells are not all known.
  std::size_t boundary_column(std::size_t row) const;
  static bool ran(Cell c) { return c == Cell::holds || c == Cell::fails; }
  static bool holds(Cell c) { return c == Cell::holds || c == Cell::inferred_holds; }
};

// map.json, deterministic: the same grid gives the same bytes.
std::string map_json(const MapGrid& grid);
// Reads map.json text; on failure says what is wrong ("map.json: rows has 3 values but the grid 4 rows").
std::variant<MapGrid, std::string> parse_map_json(const std::string& text);

inline constexpr std::size_t kMaxMapCells = 10'000;  // 100 x 100, the largest sweep
inline constexpr std::size_t kMaxMapMetrics = 8;
inline constexpr std::uintmax_t kMaxMapBytes = 16ull << 20;

// The colour of a value on the heat maps' scale, from `low` to `high` (perceptually even, dark to light: viridis),
// as "#rrggbb". A scale without spread (low == high) gives its middle colour.
std::string map_colour(double value, double low, double high);
// The two sides of the boundary, run and inferred (inferred cells are lighter, and hatched where drawn).
std::string map_side_colour(bool holds, bool inferred);
// The range of a metric's finite values over the run cells; nothing when it has none.
std::optional<std::pair<double, double>> map_range(const std::vector<double>& values);

}  // namespace chaossim
