// Determinism is a feature: the same scenario and seed give byte-identical summary.json and timeseries.csv, run
// after run and whatever the number of threads.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::slurp;

fs::path temp_dir(const std::string& name) { return testing::fresh_temp_dir("e2e-" + name); }

const std::string kLesson = std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json";

TEST(determinism, a_bundled_scenario_run_twice_gives_byte_identical_outputs) {
  const fs::path a = temp_dir("a"), b = temp_dir("b");
  ASSERT_LE(cli({"run", kLesson, "--quiet", "--out", a.string()}), 1);
  ASSERT_LE(cli({"run", kLesson, "--quiet", "--out", b.string()}), 1);
  for (const char* f : {"baseline/summary.json", "baseline/timeseries.csv"}) {
    const std::string first = slurp(a / f);
    EXPECT_GT(first.size(), 100u) << f;
    EXPECT_EQ(first, slurp(b / f)) << f;
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(determinism, results_do_not_depend_on_the_number_of_threads) {
  const fs::path one = temp_dir("j1"), two = temp_dir("j2");
  const std::vector<std::string> common = {"run", kLesson, "--all-variants", "--replications", "3", "--quiet",
                                           "--set", "duration=2m"};
  auto with = [&](const std::string& jobs, const fs::path& out) {
    auto args = common;
    args.insert(args.end(), {"--jobs", jobs, "--out", out.string()});
    return cli(args);
  };
  ASSERT_LE(with("1", one), 1);
  ASSERT_LE(with("2", two), 1);
  for (const char* v : {"baseline", "idempotency-keys", "per-attempt-keys"})
    for (const char* f : {"summary.json", "timeseries.csv"})
      EXPECT_EQ(slurp(one / v / f), slurp(two / v / f)) << v << "/" << f;
  fs::remove_all(one);
  fs::remove_all(two);
}

TEST(determinism, a_different_seed_gives_different_results) {
  const fs::path a = temp_dir("s1"), b = temp_dir("s2");
  ASSERT_LE(cli({"run", kLesson, "--quiet", "--set", "duration=1m", "--seed", "1", "--out", a.string()}), 1);
  ASSERT_LE(cli({"run", kLesson, "--quiet", "--set", "duration=1m", "--seed", "2", "--out", b.string()}), 1);
  EXPECT_NE(slurp(a / "baseline/timeseries.csv"), slurp(b / "baseline/timeseries.csv"));
  fs::remove_all(a);
  fs::remove_all(b);
}

}  // namespace
}  // namespace chaossim
