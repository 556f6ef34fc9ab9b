#include "map/map_grid.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace chaossim {

namespace {

// One letter per cell in map.json's "cells" rows: upper case ran, lower case inferred, '?' missing.
constexpr char kLetters[] = {'H', 'F', 'h', 'f', '?'};

nlohmann::ordered_json axis_json(const MapGrid::Axis& a) { return {{"path", a.path}, {"values", a.values}}; }

std::optional<MapGrid::Axis> read_axis(const nlohmann::ordered_json& j) {
  if (!j.is_object() || !j.contains("path") || !j["path"].is_string() || !j.contains("values") ||
      !j["values"].is_array() || j["values"].empty() || j["values"].size() > kMaxMapCells)
    return std::nullopt;
  MapGrid::Axis a{j["path"].get<std::string>(), {}};
  for (const auto& v : j["values"]) {
    if (!v.is_number() && !v.is_string() && !v.is_boolean()) return std::nullopt;
    a.values.push_back(v);
  }
  return a;
}

}  // namespace

std::string MapGrid::Axis::label(std::size_t i) const {
  const nlohmann::json& v = values.at(i);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v.get<double>());
    return text;
  }
  return v.dump();
}

std::size_t MapGrid::cells_run() const {
  return static_cast<std::size_t>(std::count_if(cells.begin(), cells.end(), [](Cell c) { return ran(c); }));
}

std::size_t MapGrid::boundary_column(std::size_t row) const {
  const std::size_t first = row * column_count();
  for (std::size_t c = 1; c < column_count(); ++c) {
    const Cell a = cells[first + c - 1], b = cells[first + c];
    if (a != Cell::missing && b != Cell::missing && holds(a) != holds(b)) return c;
  }
  return 0;
}

std::string map_json(const MapGrid& g) {
  nlohmann::ordered_json j;
  j["rows"] = axis_json(g.rows);
  j["columns"] = axis_json(g.columns);
  j["boundary"] = g.boundary;
  j["cells_run"] = g.cells_run();
  j["cells_in_grid"] = g.cells.size();
  // One string per row: easy to read in the file itself, and a tenth of the size of arrays.
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (std::size_t r = 0; r < g.row_count(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < g.column_count(); ++c)
      line += kLetters[static_cast<int>(g.cells[r * g.column_count() + c])];
    rows.push_back(line);
  }
  j["cells"] = rows;
  j["legend"] =
      "H: the boundary condition holds (run), F: it fails (run), h and f: not run, inferred from the "
      "bisection of the row, ?: chosen but not finished";
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (std::size_t m = 0; m < g.metrics.size(); ++m) {
    nlohmann::ordered_json grid = nlohmann::ordered_json::array();
    for (std::size_t r = 0; r < g.row_count(); ++r) {
      nlohmann::ordered_json row = nlohmann::ordered_json::array();
      for (std::size_t c = 0; c < g.column_count(); ++c) {
        const double v = g.values[m][r * g.column_count() + c];
        row.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr));
      }
      grid.push_back(row);
    }
    values[g.metrics[m]] = grid;
  }
  j["values"] = values;
  return j.dump(1) + "\n";
}

std::variant<MapGrid, std::string> parse_map_json(const std::string& text) {
  if (text.size() > kMaxMapBytes) return std::string("map.json is larger than 16 MB");
  // ordered: the metrics keep the order they were written in.
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::string("map.json is not a JSON object");
  MapGrid g;
  auto rows = j.contains("rows") ? read_axis(j["rows"]) : std::nullopt;
  auto columns = j.contains("columns") ? read_axis(j["columns"]) : std::nullopt;
  if (!rows || !columns) return std::string("map.json: rows and columns need a path and 1 to 10,000 values");
  g.rows = std::move(*rows);
  g.columns = std::move(*columns);
  if (g.row_count() * g.column_count() > kMaxMapCells)
    return std::string("map.json: the grid has more than 10,000 cells");
  if (j.contains("boundary") && j["boundary"].is_string()) g.boundary = j["boundary"].get<std::string>();
  const auto& cells = j.contains("cells") ? j["cells"] : nlohmann::ordered_json();
  if (!cells.is_array() || cells.size() != g.row_count())
    return "map.json: cells needs one text per row (" + std::to_string(g.row_count()) + ")";
  for (const auto& row : cells) {
    if (!row.is_string() || row.get<std::string>().size() != g.column_count())
      return "map.json: each row of cells needs one letter per column (" + std::to_string(g.column_count()) + ")";
    for (char letter : row.get<std::string>()) {
      const char* at = std::find(std::begin(kLetters), std::end(kLetters), letter);
      if (at == std::end(kLetters)) return std::string("map.json: a cell is not one of H F h f ?");
      g.cells.push_back(static_cast<MapGrid::Cell>(at - std::begin(kLetters)));
    }
  }
  const auto& values = j.contains("values") ? j["values"] : nlohmann::ordered_json();
  if (!values.is_object() || values.size() > kMaxMapMetrics)
    return std::string("map.json: values needs an object of at most 8 metrics");
  for (const auto& [metric, grid] : values.items()) {
    if (!grid.is_array() || grid.size() != g.row_count())
      return "map.json: values of " + metric + " needs one array per row";
    std::vector<double> flat;
    for (const auto& row : grid) {
      if (!row.is_array() || row.size() != g.column_count())
        return "map.json: values of " + metric + " needs one value per column";
      for (const auto& v : row) flat.push_back(v.is_number() ? v.get<double>() : std::nan(""));
    }
    g.metrics.push_back(metric);
    g.values.push_back(std::move(flat));
  }
  return g;
}

std::string map_colour(double value, double low, double high) {
  // Viridis at five stops, interpolated linearly (close enough to the full table at this size).
  static constexpr std::array<std::array<double, 3>, 5> kStops{
      {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  const double t = high > low ? std::clamp((value - low) / (high - low), 0.0, 1.0) : 0.5;
  const double at = t * (kStops.size() - 1);
  const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(at), kStops.size() - 2);
  const double f = at - static_cast<double>(i);
  char out[8];
  int rgb[3];
  for (int k = 0; k < 3; ++k)
    rgb[k] = static_cast<int>(
        std::lround(kStops[i][static_cast<std::size_t>(k)] * (1 - f) + kStops[i + 1][static_cast<std::size_t>(k)] * f));
  std::snprintf(out, sizeof out, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return out;
}

std::string map_side_colour(bool holds, bool inferred) {
  // Blue for "holds", orange for "fails" (apart for every common colour blindness); inferred cells paler.
  if (holds) return inferred ? "#a6c8e6" : "#2166ac";
  return inferred ? "#f6c9a0" : "#d6604d";
}

std::optional<std::pair<double, double>> map_range(const std::vector<double>& values) {
  std::optional<std::pair<double, double>> r;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (!r)
      r = std::pair(v, v);
    else
      r = std::pair(std::min(r->first, v), std::max(r->second, v));
  }
  return r;
}

}  // namespace chaossim
