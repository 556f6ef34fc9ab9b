// `chaossim map` end to end: the same bytes at any --jobs; each cell it runs is exactly the point the full sweep of
// the same two axes gives (same folder, same files, same sweep.csv row) at a fraction of its runs; map.json covers
// the whole grid; bad axes, boundaries and metrics are refused before anything runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "map/map_grid.h"
#include "support/cli.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::slurp;

// A fast scenario with a slowdown to recover from: the load and the slowdown's size decide whether it does.
const char* kStorm = R"({"schema_version": 1, "name": "storm", "seed": 7, "duration": "30s", "warmup": "2s",
  "services": {"api": {"workers": 4, "handler": [{"work": {"dist": "exponential", "mean": "10ms"}}]}},
  "clients": {"count": 2000, "target": "api", "arrival": {"process": "poisson", "rate": 50}},
  "edges": {"clients->api": {"timeout": "200ms", "retry": {"max_attempts": 4}}},
  "faults": [{"id": "slow", "type": "slowdown", "target": "api", "factor": 4, "start": "6s", "duration": "4s"}]})";

const std::vector<std::string> kAxes = {"--y", "faults.slow.factor=1.5:6:4", "--x", "clients.arrival.rate=20:340:17"};

fs::path scenario_in(const fs::path& dir) {
  std::ofstream(dir / "storm.json", std::ios::binary) << kStorm;
  return dir / "storm.json";
}

std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

testing::CliOutput map_into(const fs::path& scenario, const fs::path& out, const std::string& jobs) {
  std::vector<std::string> args = {"map", scenario.string(), "--quiet", "--jobs", jobs, "--out", out.string()};
  args.insert(args.end(), kAxes.begin(), kAxes.end());
  return testing::cli_output(args);
}

TEST(map_command, writes_the_same_bytes_at_any_jobs_and_runs_a_subset_of_the_full_sweep_exactly) {
  const fs::path dir = testing::fresh_temp_dir("map-e2e");
  const fs::path scenario = scenario_in(dir);
  const auto one = map_into(scenario, dir / "one", "1");
  ASSERT_EQ(one.status, 0) << one.err;
  const auto two = map_into(scenario, dir / "two", "2");
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_NE(one.out.find("cells run"), std::string::npos) << one.out;

  const std::vector<std::string> files = files_under(dir / "one");
  ASSERT_EQ(files, files_under(dir / "two"));
  for (const std::string& f : files) EXPECT_EQ(slurp(dir / "one" / f), slurp(dir / "two" / f)) << f;

  const auto parsed = parse_map_json(slurp(dir / "one" / "map.json"));
  ASSERT_TRUE(std::holds_alternative<MapGrid>(parsed)) << std::get<std::string>(parsed);
  const MapGrid& map = std::get<MapGrid>(parsed);
  ASSERT_EQ(map.cells.size(), 4u * 17u);
  EXPECT_EQ(std::count(map.cells.begin(), map.cells.end(), MapGrid::Cell::missing), 0);
  EXPECT_LT(map.cells_run(), map.cells.size() / 2) << "the bisection should run well under half of the grid";
  EXPECT_EQ(map.metrics, (std::vector<std::string>{"recovery_seconds", "amplification"}));

  // The full sweep of the same axes: every cell the map ran is its point, byte for byte.
  std::vector<std::string> sweep = {
      "sweep",
      scenario.string(),
      "--quiet",
      "--out",
      (dir / "full").string(),
      "--param",
      "faults.slow.factor=1.5,3,4.5,6",
      "--param",
      "clients.arrival.rate=20,40,60,80,100,120,140,160,180,200,220,240,260,280,300,320,340"};
  const auto full = testing::cli_output(sweep);
  ASSERT_TRUE(full.status == 0 || full.status == 1) << full.err;
  std::size_t compared = 0;
  for (std::size_t i = 0; i < map.cells.size(); ++i) {
    if (!MapGrid::ran(map.cells[i])) continue;
    char folder[32];
    std::snprintf(folder, sizeof folder, "point-%03zu", i + 1);
    EXPECT_EQ(slurp(dir / "one" / folder / "summary.json"), slurp(dir / "full" / folder / "summary.json")) << folder;
    EXPECT_EQ(slurp(dir / "one" / folder / "timeseries.csv"), slurp(dir / "full" / folder / "timeseries.csv"));
    ++compared;
  }
  EXPECT_EQ(compared, map.cells_run());
  // sweep.csv: the header and every row of the map's are the full sweep's.
  std::istringstream rows(slurp(dir / "one" / "sweep.csv"));
  const std::string full_csv = slurp(dir / "full" / "sweep.csv");
  std::size_t lines = 0;
  for (std::string line; std::getline(rows, line); ++lines)
    EXPECT_NE(full_csv.find(line + "\n"), std::string::npos) << line;
  EXPECT_EQ(lines, map.cells_run() + 1);
  fs::remove_all(dir);
}

TEST(map_command, bad_axes_boundaries_and_metrics_are_refused_before_anything_runs) {
  const fs::path dir = testing::fresh_temp_dir("map-bad");
  const std::string scenario = scenario_in(dir).string();
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"map", scenario, "--quiet", "--out", (dir / "out").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::cli_output(args);
  };
  auto o = run({"--y", "faults.slow.factor=1:4:3", "--x", "clients.arrival.rate=9:1:3"});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--x clients.arrival.rate=9:1:3: HI must be above LO"), std::string::npos) << o.err;
  o = run({"--y", "services.api.workers=1:4:3", "--x", "clients.arrival.rate=1:9:3"});
  EXPECT_EQ(o.status, 2);  // 1, 2.5, 4: workers are whole
  EXPECT_NE(o.err.find("sweep value services.api.workers=2.5"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("expected an integer"), std::string::npos) << o.err;
  o = run({"--y", "services.api.workers=1:4:4", "--x", "clients.arrival.rate=1:9:3", "--boundary", "recoverd == 1"});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--boundary 'recoverd == 1'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("recovered"), std::string::npos) << o.err;  // did you mean
  o = run({"--y", "services.api.workers=1:4:4", "--x", "clients.arrival.rate=1:9:3", "--metric", "amplificaton"});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--metric amplificaton: no such metric"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chaossim
