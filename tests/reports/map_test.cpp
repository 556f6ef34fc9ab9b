// Metastability maps apart from running: the bisection finds every row's boundary in a few runs and infers the
// rest correctly when a row has one boundary; map.json reads back what was written and refuses what does not fit;
// the heat map escapes every name and value from the folder and says which cells were inferred.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "cli/map_bisection.h"
#include "cli/map_command.h"
#include "html/map_section.h"
#include "map/map_grid.h"

namespace chaossim {
namespace {

// Runs the bisection against a truth table, as `chaossim map` runs it against the simulator; returns the cells run.
std::size_t bisect(MapBisection& b, const std::function<bool(std::size_t, std::size_t)>& truth) {
  std::size_t runs = 0;
  for (auto round = b.next(); !round.empty(); round = b.next())
    for (std::size_t cell : round) {
      b.record(cell, truth(cell / b.columns(), cell % b.columns()));
      ++runs;
    }
  return runs;
}

bool holds(MapBisection::Cell c) { return c == MapBisection::Cell::holds || c == MapBisection::Cell::inferred_holds; }

TEST(map_bisection, a_100_by_100_map_with_one_boundary_per_row_runs_a_tenth_of_the_grid_and_infers_the_rest) {
  // Holds left of a boundary that moves with the row (and is beyond either end in some rows).
  const auto truth = [](std::size_t r, std::size_t c) { return c < (r * 37) % 120; };
  MapBisection b(100, 100);
  const std::size_t runs = bisect(b, truth);
  for (std::size_t r = 0; r < 100; ++r)
    for (std::size_t c = 0; c < 100; ++c) EXPECT_EQ(holds(b.state(b.cell(r, c))), truth(r, c)) << r << "," << c;
  EXPECT_LE(runs, b.most_runs());
  EXPECT_EQ(b.most_runs(), 900u);  // 2 ends + 7 halvings of 99 columns, per row
  EXPECT_LT(runs, 1000u);
}

TEST(map_bisection, a_row_whose_ends_agree_costs_two_runs_and_is_taken_as_all_alike) {
  MapBisection b(3, 50);
  EXPECT_EQ(bisect(b, [](std::size_t r, std::size_t) { return r != 1; }), 6u);
  EXPECT_EQ(b.state(b.cell(0, 25)), MapBisection::Cell::inferred_holds);
  EXPECT_EQ(b.state(b.cell(1, 25)), MapBisection::Cell::inferred_fails);
  EXPECT_EQ(b.state(b.cell(2, 0)), MapBisection::Cell::holds);
}

TEST(map_bisection, a_boundary_the_other_way_round_is_found_too) {
  MapBisection b(1, 17);
  bisect(b, [](std::size_t, std::size_t c) { return c >= 11; });  // fails on the left
  for (std::size_t c = 0; c < 17; ++c) EXPECT_EQ(holds(b.state(c)), c >= 11) << c;
}

TEST(map_bisection, rounds_run_one_cell_per_open_row_and_a_cell_not_recorded_is_offered_again) {
  MapBisection b(2, 9);
  EXPECT_EQ(b.next(), (std::vector<std::size_t>{0, 8, 9, 17}));
  b.record(0, true);
  b.record(8, false);
  b.record(9, true);  // cell 17 did not finish
  EXPECT_EQ(b.next(), (std::vector<std::size_t>{4, 17}));
  EXPECT_EQ(b.state(b.cell(1, 4)), MapBisection::Cell::unknown);
}

TEST(map_axis, lo_hi_n_gives_n_evenly_spaced_values_with_their_unit) {
  EXPECT_EQ(std::get<std::vector<std::string>>(evenly_spaced("0.1:0.3:3")),
            (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(std::get<std::vector<std::string>>(evenly_spaced("2s:10s:5")),
            (std::vector<std::string>{"2s", "4s", "6s", "8s", "10s"}));
  EXPECT_NE(std::get<std::string>(evenly_spaced("2s:10ms:5")).find("different units"), std::string::npos);
  EXPECT_NE(std::get<std::string>(evenly_spaced("1:2:1")).find("from 2 to 100"), std::string::npos);
  EXPECT_NE(std::get<std::string>(evenly_spaced("1:2:101")).find("from 2 to 100"), std::string::npos);
  EXPECT_NE(std::get<std::string>(evenly_spaced("5:1:3")).find("above LO"), std::string::npos);
  EXPECT_NE(std::get<std::string>(evenly_spaced("1:5")).find("LO:HI:N"), std::string::npos);
}

MapGrid small_grid() {
  MapGrid g;
  g.rows = {"faults.slow.duration", {"2s", "10s"}};
  g.columns = {"clients.arrival.rate", {100, 150, 200}};
  g.boundary = "recovered == 1";
  g.metrics = {"recovery_seconds"};
  using C = MapGrid::Cell;
  g.cells = {C::holds, C::inferred_holds, C::fails, C::holds, C::fails, C::missing};
  const double nan = std::nan("");
  g.values = {{1.5, nan, 40, 2.25, 40, nan}};
  return g;
}

TEST(map_grid, map_json_reads_back_what_was_written) {
  const MapGrid g = small_grid();
  const std::string text = map_json(g);
  const auto back = parse_map_json(text);
  ASSERT_TRUE(std::holds_alternative<MapGrid>(back)) << std::get<std::string>(back);
  const MapGrid& r = std::get<MapGrid>(back);
  EXPECT_EQ(r.cells, g.cells);
  EXPECT_EQ(r.metrics, g.metrics);
  EXPECT_EQ(r.rows.label(1), "10s");
  EXPECT_EQ(r.columns.label(2), "200");
  EXPECT_EQ(r.values[0][3], 2.25);
  EXPECT_TRUE(std::isnan(r.values[0][1]));
  EXPECT_EQ(r.cells_run(), 4u);
  EXPECT_EQ(map_json(r), text);  // the same grid, the same bytes
  EXPECT_NE(text.find("\"HhF\""), std::string::npos) << text;
}

TEST(map_grid, a_map_json_that_does_not_fit_its_grid_is_refused_with_the_reason) {
  std::string text = map_json(small_grid());
  const auto at = text.find("\"HhF\"");
  EXPECT_NE(std::get<std::string>(parse_map_json(text.substr(0, at) + "\"Hh\"" + text.substr(at + 5)))
                .find("one letter per column"),
            std::string::npos);
  EXPECT_NE(
      std::get<std::string>(parse_map_json(text.substr(0, at) + "\"HhZ\"" + text.substr(at + 5))).find("H F h f ?"),
      std::string::npos);
  EXPECT_NE(std::get<std::string>(parse_map_json("[1,2]")).find("not a JSON object"), std::string::npos);
}

TEST(map_grid, colours_run_from_dark_to_light_and_the_sides_differ) {
  EXPECT_EQ(map_colour(0, 0, 1), "#440154");
  EXPECT_EQ(map_colour(1, 0, 1), "#fde725");
  EXPECT_EQ(map_colour(7, 7, 7), map_colour(0.5, 0, 1));  // no spread: the middle
  EXPECT_NE(map_side_colour(true, false), map_side_colour(false, false));
  EXPECT_NE(map_side_colour(true, false), map_side_colour(true, true));
}

TEST(map_section, names_and_values_from_the_folder_are_escaped_and_the_legend_says_what_was_inferred) {
  MapGrid g = small_grid();
  g.rows.path = "title<script>alert(1)</script>";
  g.rows.values = {"<b>x</b>", "\"q\" & 'a'"};
  g.boundary = "recovered == 1 <img src=x onerror=alert(2)>";
  const std::string html = map_section_html(g);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>x"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("inferred from their row"), std::string::npos);
  EXPECT_NE(html.find("4 of 6 cells ran"), std::string::npos);
  const std::string svg = map_svg(g, -1, 1040, 460);
  EXPECT_NE(svg.find("holds (inferred)"), std::string::npos);
  EXPECT_NE(svg.find("not finished"), std::string::npos);  // the missing cell
  EXPECT_NE(svg.find("<path d=\"M"), std::string::npos);   // the boundary line
}

}  // namespace
}  // namespace chaossim
