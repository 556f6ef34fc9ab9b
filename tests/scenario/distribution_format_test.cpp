// The new distribution objects in scenario files (docs/scenario-format.md 2.4): normal, weibull, mixture and
// empirical, read from the file or inline, with the errors bad input gets. Samples files are untrusted: they must
// stay inside the scenario's folder.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/cost_model.h"
#include "scenario/limits.h"
#include "scenario/loader.h"
#include "support/files.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// A scenario whose api handler works for `work`.
json with_work(const json& work) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["handler"] = json::array({{{"work", work}}});
  return j;
}

using testing::error_at;
using testing::expect_error;

const Distribution& work_of(const LoadResult& r) { return r.scenario->services[0].handler[0].work; }

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A scenario file in a fresh folder, with `work`, loaded from disk so that file names are relative to it.
LoadResult load_in(const fs::path& folder, const json& work) {
  write(folder / "scenario.json", with_work(work).dump(2));
  return load_scenario_file(folder / "scenario.json");
}

// ---- normal and weibull ----------------------------------------------------------------------------------------

TEST(distribution_format, normal_and_weibull_are_read) {
  LoadResult r = testing::load_json(with_work(json::parse(R"({"dist": "normal", "mean": "30ms", "stddev": "20ms"})")));
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(work_of(r), Distribution::normal(Duration::milliseconds(30), Duration::milliseconds(20)));
  r = testing::load_json(with_work(json::parse(R"({"dist": "weibull", "scale": "10ms", "shape": 1.5})")));
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(work_of(r), Distribution::weibull(Duration::milliseconds(10), 1.5));
}

TEST(distribution_format, normal_needs_a_positive_mean_and_weibull_a_positive_shape) {
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "normal", "mean": "0s", "stddev": "1ms"})"))),
               "services.api.handler[0].work.mean", "positive duration");
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "normal", "mean": "5ms"})"))),
               "services.api.handler[0].work", R"(a normal distribution needs "stddev")");
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "weibull", "scale": "1ms", "shape": 0})"))),
               "services.api.handler[0].work.shape", "expected a number above 0");
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "weibull", "scale": "1ms", "sigma": 1})"))),
               "services.api.handler[0].work.sigma", R"(unknown key "sigma" for a weibull distribution)");
}

// ---- mixture ---------------------------------------------------------------------------------------------------

TEST(distribution_format, mixture_reads_weighted_components_that_may_nest) {
  const LoadResult r = testing::load_json(with_work(json::parse(R"({"dist": "mixture", "of": [
      {"weight": 0.9, "dist": "5ms"},
      {"weight": 0.1, "dist": {"dist": "mixture", "of": [
          {"weight": 1, "dist": {"dist": "exponential", "mean": "80ms"}},
          {"weight": 1, "dist": {"dist": "uniform", "min": "1s", "max": "2s"}}]}}]})")));
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  const Distribution& d = work_of(r);
  ASSERT_EQ(d.kind, Distribution::Kind::mixture);
  ASSERT_EQ(d.table->components.size(), 2u);
  EXPECT_EQ(d.table->components[0].dist, Distribution::constant(Duration::milliseconds(5)));
  EXPECT_EQ(d.table->components[1].dist.kind, Distribution::Kind::mixture);
  EXPECT_NEAR(d.mean_seconds(), 0.9 * 0.005 + 0.1 * (0.5 * 0.08 + 0.5 * 1.5), 1e-12);
}

TEST(distribution_format, mixture_errors_name_the_component) {
  const LoadResult r = testing::load_json(with_work(json::parse(R"({"dist": "mixture", "of": [
      {"weight": 0, "dist": "5ms"},
      {"dist": "5ms"},
      {"weight": 1, "dist": {"dist": "exponential"}},
      {"weight": 1, "dist": "5ms", "wieght": 2},
      "5ms"]})")));
  expect_error(r, "services.api.handler[0].work.of[0].weight", "expected a number above 0");
  expect_error(r, "services.api.handler[0].work.of[1]", R"(a mixture component needs "weight")");
  expect_error(r, "services.api.handler[0].work.of[2].dist", R"(an exponential distribution needs "mean")");
  expect_error(r, "services.api.handler[0].work.of[3].wieght", R"(did you mean "weight"?)");
  expect_error(r, "services.api.handler[0].work.of[4]", "expected a component");
}

TEST(distribution_format, mixtures_are_bounded_in_count_and_depth) {
  json of = json::array();
  for (int i = 0; i <= limits::kMaxMixtureComponents; ++i) of.push_back({{"weight", 1}, {"dist", "1ms"}});
  expect_error(testing::load_json(with_work({{"dist", "mixture"}, {"of", of}})), "services.api.handler[0].work.of",
               "expected an array of 1 to 16 components");
  expect_error(testing::load_json(with_work({{"dist", "mixture"}, {"of", json::array()}})),
               "services.api.handler[0].work.of", "expected an array of 1 to 16 components");

  // 9 x 9 = 81 distributions in two levels: each within the count, too many in all.
  json nine = json::array();
  for (int i = 0; i < 9; ++i) nine.push_back({{"weight", 1}, {"dist", "1ms"}});
  json outer = json::array();
  for (int i = 0; i < 9; ++i) outer.push_back({{"weight", 1}, {"dist", {{"dist", "mixture"}, {"of", nine}}}});
  expect_error(testing::load_json(with_work({{"dist", "mixture"}, {"of", outer}})), "services.api.handler[0].work.of",
               "this mixture holds 81 distributions through its levels; at most 64");

  json deep = "1ms";
  for (int i = 0; i <= limits::kMaxMixtureDepth; ++i)
    deep = {{"dist", "mixture"}, {"of", json::array({{{"weight", 1}, {"dist", deep}}})}};
  const LoadResult r = testing::load_json(with_work(deep));
  EXPECT_FALSE(r.ok());
  EXPECT_NE(testing::all_errors(r).find("mixtures nest at most 4 deep"), std::string::npos) << testing::all_errors(r);
}

// ---- empirical -------------------------------------------------------------------------------------------------

TEST(distribution_format, empirical_samples_are_read_inline) {
  const LoadResult r =
      testing::load_json(with_work(json::parse(R"({"dist": "empirical", "samples": ["1ms", "3ms", "2ms"]})")));
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(work_of(r),
            Distribution::empirical({Duration::milliseconds(1), Duration::milliseconds(2), Duration::milliseconds(3)},
                                    "inline samples"));
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "empirical", "samples": ["1ms", 3]})"))),
               "services.api.handler[0].work.samples", R"(sample 2: expected a duration with a unit)");
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "empirical", "samples": []})"))),
               "services.api.handler[0].work.samples", "at least one sample");
  expect_error(testing::load_json(with_work(json::parse(R"({"dist": "empirical"})"))), "services.api.handler[0].work",
               R"(needs either "file" or "samples")");
}

TEST(distribution_format, empirical_samples_are_read_from_a_file_next_to_the_scenario) {
  const fs::path dir = testing::fresh_temp_dir("empirical-file");
  fs::create_directories(dir / "data");
  write(dir / "data" / "latency.txt", "# measured on 2026-11-30\n12ms\n\n  15ms \r\n1.5s\n");
  write(dir / "latency.json", R"(["12ms", "15ms", "1.5s"])");
  const LoadResult text = load_in(dir, {{"dist", "empirical"}, {"file", "data/latency.txt"}});
  ASSERT_TRUE(text.ok()) << testing::all_errors(text);
  const std::vector<Duration> want = {Duration::milliseconds(12), Duration::milliseconds(15),
                                      Duration::milliseconds(1500)};
  EXPECT_EQ(work_of(text), Distribution::empirical(want, "data/latency.txt"));
  const LoadResult array = load_in(dir, {{"dist", "empirical"}, {"file", "latency.json"}});
  ASSERT_TRUE(array.ok()) << testing::all_errors(array);
  EXPECT_EQ(work_of(array).table->samples_ns, work_of(text).table->samples_ns);
}

TEST(distribution_format, a_bad_sample_is_reported_with_its_file_and_line) {
  const fs::path dir = testing::fresh_temp_dir("empirical-bad-line");
  write(dir / "latency.txt", "12ms\n15ms\n17\n");
  const LoadResult r = load_in(dir, {{"dist", "empirical"}, {"file", "latency.txt"}});
  const LoadError* e = error_at(r, "services.api.handler[0].work.file");
  ASSERT_NE(e, nullptr) << testing::all_errors(r);
  EXPECT_NE(e->message.find(R"(latency.txt:3: expected a duration with a unit such as "12ms", found "17")"),
            std::string::npos)
      << e->to_string();
  EXPECT_GT(e->line, 0) << "the error points into the scenario too";

  write(dir / "empty.txt", "# nothing yet\n\n");
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "empty.txt"}}), "services.api.handler[0].work.file",
               "empty.txt: no samples");
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "missing.txt"}}), "services.api.handler[0].work.file",
               R"(cannot read the samples file "missing.txt")");
}

TEST(distribution_format, samples_files_cannot_leave_the_scenario_folder) {
  const fs::path root = testing::fresh_temp_dir("empirical-escape");
  const fs::path dir = root / "scenario";
  fs::create_directories(dir / "sub");
  write(root / "secret.txt", "1ms\n");
  const std::string outside = "must be a path relative to the scenario's folder that stays inside it";
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "../secret.txt"}}), "services.api.handler[0].work.file",
               outside);
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "sub/../../secret.txt"}}),
               "services.api.handler[0].work.file", outside);
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", (root / "secret.txt").string()}}),
               "services.api.handler[0].work.file", outside);
  // A link inside the folder that points out of it is refused too; one that stays inside is fine.
  fs::create_symlink(root / "secret.txt", dir / "link.txt");
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "link.txt"}}), "services.api.handler[0].work.file",
               R"("link.txt" leads outside the scenario's folder)");
  write(dir / "sub" / "inside.txt", "2ms\n");
  fs::create_symlink(dir / "sub" / "inside.txt", dir / "ok.txt");
  EXPECT_TRUE(load_in(dir, {{"dist", "empirical"}, {"file", "ok.txt"}}).ok());
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "sub"}}), "services.api.handler[0].work.file",
               "is not a regular file");
}

TEST(distribution_format, samples_files_are_bounded) {
  const fs::path dir = testing::fresh_temp_dir("empirical-bounds");
  std::string many;
  for (int i = 0; i <= limits::kMaxEmpiricalSamples; ++i) many += "1ms\n";
  write(dir / "many.txt", many);
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "many.txt"}}), "services.api.handler[0].work.file",
               "many.txt:100001: more than 100000 samples");
  write(dir / "huge.txt", std::string(limits::kMaxSampleFileBytes + 1, '#'));
  expect_error(load_in(dir, {{"dist", "empirical"}, {"file", "huge.txt"}}), "services.api.handler[0].work.file",
               "bytes; at most");
}

// ---- the work limits see heavy tails ----------------------------------------------------------------------------

TEST(distribution_format, a_mixture_whose_mean_hides_fast_cycles_cannot_pass_the_work_limit) {
  // Think time 1us in 9,999 of 10,000 draws and 10^6 s otherwise: the mean is 100 s, so a mean-based estimate
  // gives a million clients 36 operations each in an hour (3.6e7 in all). In truth each client cycles about
  // 10,000 times before it draws the long pause: 1e10 operations, ten times the limit.
  json j = testing::minimal_scenario();
  j["duration"] = "1h";
  j["clients"]["count"] = 1'000'000;
  j["clients"]["arrival"] = json::parse(R"({"process": "closed", "think_time": {"dist": "mixture", "of": [
      {"weight": 9999, "dist": "1us"}, {"weight": 1, "dist": "1000000s"}]}})");
  const LoadResult r = testing::load_json(j);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(testing::all_errors(r).find("operations"), std::string::npos) << testing::all_errors(r);

  // The same with the samples measured: 9,999 of 1us and one of 10^6 s.
  json samples = json::array();
  for (int i = 0; i < 9'999; ++i) samples.push_back("1us");
  samples.push_back("1000000s");
  j["clients"]["arrival"]["think_time"] = {{"dist", "empirical"}, {"samples", samples}};
  const LoadResult e = testing::load_json(j);
  EXPECT_FALSE(e.ok());
  EXPECT_NE(testing::all_errors(e).find("operations"), std::string::npos) << testing::all_errors(e);
}

}  // namespace
}  // namespace chaossim
