// `chaossim sweep` with values from strangers: what reaches the terminal stays text, sweep.csv cannot inject a
// formula, values split as written, the default folder never collides with a run's, and a large sweep neither
// builds every point before it starts nor ignores Ctrl-C while it builds them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/interrupt.h"
#include "cli/sweep.h"
#include "cli/sweep_points.h"
#include "support/cli.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::slurp;

// A scenario that runs in milliseconds.
const char* kTiny = R"({"schema_version": 1, "name": "tiny", "duration": "2s",
  "services": {"api": {"workers": 2}},
  "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}}})";

fs::path write_scenario(const fs::path& dir, const std::string& text, const std::string& name = "s.json") {
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

using Output = testing::CliOutput;
Output run_cli(const std::vector<std::string>& args) { return testing::cli_output(args); }
using testing::has_raw_escape;

// ---- Splitting --param values ------------------------------------------------------------------------------------

TEST(sweep_values, split_at_top_level_commas_keeping_json_values_whole) {
  EXPECT_EQ(split_values("1,2,4"), (std::vector<std::string>{"1", "2", "4"}));
  EXPECT_EQ(split_values(R"([1,2],{"a":1,"b":2},"x,y")"),
            (std::vector<std::string>{"[1,2]", R"({"a":1,"b":2})", R"("x,y")"}));
}

TEST(sweep_values, unbalanced_brackets_and_quotes_do_not_swallow_commas) {
  EXPECT_EQ(split_values("]]]]],x"), (std::vector<std::string>{"]]]]]", "x"}));
  EXPECT_EQ(split_values("[a,b"), (std::vector<std::string>{"[a", "b"}));
  EXPECT_EQ(split_values("\"a,b"), (std::vector<std::string>{"\"a", "b"}));
  EXPECT_EQ(split_values("a],[b"), (std::vector<std::string>{"a]", "[b"}));
}

TEST(sweep_values, a_param_with_unbalanced_brackets_runs_one_point_per_value) {
  const fs::path dir = testing::fresh_temp_dir("sweep-brackets");
  const fs::path scenario = write_scenario(dir, kTiny);
  const Output o = run_cli({"sweep", scenario.string(), "--quiet", "--param", "title=]]]]],x", "--out",
                            (dir / "out").string()});
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string csv = slurp(dir / "out" / "sweep.csv");
  EXPECT_NE(csv.find("\n]]]]],point-001,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nx,point-002,"), std::string::npos) << csv;
  fs::remove_all(dir);
}

// ---- sweep.csv ---------------------------------------------------------------------------------------------------

TEST(sweep_csv, text_that_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote) {
  EXPECT_EQ(csv_cell("=1+2"), "'=1+2");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("-0.5"), "'-0.5");  // as text: a title, not a number
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_cell("plain, text"), "\"plain, text\"");
  EXPECT_EQ(csv_cell("a=b"), "a=b");
  EXPECT_EQ(csv_cell(""), "");
}

TEST(sweep_csv, numbers_stay_numbers) {
  EXPECT_EQ(csv_value_cell(nlohmann::json(-0.5)), "-0.5");
  EXPECT_EQ(csv_value_cell(nlohmann::json(-3)), "-3");
  EXPECT_EQ(csv_value_cell(nlohmann::json(true)), "true");
  EXPECT_EQ(csv_value_cell(nlohmann::json("-0.5")), "'-0.5");
}

TEST(sweep_csv, formula_values_from_a_run_are_written_as_text) {
  const fs::path dir = testing::fresh_temp_dir("sweep-formula");
  const fs::path scenario = write_scenario(dir, kTiny);
  const Output o = run_cli({"sweep", scenario.string(), "--quiet", "--param", "title==cmd|' /C calc'!A0,@x",
                            "--param", "clients.arrival.rate=5,7.5", "--out", (dir / "out").string()});
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string csv = slurp(dir / "out" / "sweep.csv");
  EXPECT_NE(csv.find("\n'=cmd|' /C calc'!A0,5,point-001,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n'@x,7.5,point-004,"), std::string::npos) << csv;
  fs::remove_all(dir);
}

// ---- The terminal ------------------------------------------------------------------------------------------------

TEST(sweep_terminal, values_from_the_command_line_or_the_file_reach_the_table_escaped) {
  const fs::path dir = testing::fresh_temp_dir("sweep-escape");
  const fs::path scenario = write_scenario(dir, kTiny);
  const Output o = run_cli({"sweep", scenario.string(), "--quiet", "--param", "title=a\x1b]0;owned\x07,b", "--out",
                            (dir / "out").string()});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_FALSE(has_raw_escape(o.out)) << o.out;
  EXPECT_NE(o.out.find("title=a\\x1b]0;owned\\x07"), std::string::npos) << o.out;
  fs::remove_all(dir);
}

TEST(sweep_terminal, invalid_points_are_named_escaped_and_only_the_first_few_are_listed) {
  const fs::path dir = testing::fresh_temp_dir("sweep-invalid");
  const fs::path scenario = write_scenario(dir, kTiny);
  // Titles are limited to 200 characters: every point with the long title is invalid, 25 of them.
  const std::string long_title = "\x1b[2J" + std::string(300, 'x');
  const Output o = run_cli({"sweep", scenario.string(), "--quiet", "--param", "title=ok," + long_title, "--param",
                            "clients.count=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25",
                            "--out", (dir / "out").string()});
  EXPECT_EQ(o.status, 2);
  EXPECT_FALSE(has_raw_escape(o.err)) << o.err;
  EXPECT_NE(o.err.find("sweep point title=\\x1b[2Jxxx"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("and 15 more invalid sweep points"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

// ---- Where a sweep writes ----------------------------------------------------------------------------------------

TEST(sweep_folder, never_the_folder_of_a_run_of_another_scenario) {
  // A scenario named "base-sweep" runs into results/base-sweep; base's sweep must go elsewhere. Names cannot
  // hold a dot, so "<name>.sweep" is no run's folder.
  EXPECT_EQ(default_sweep_folder("base"), fs::path("results") / "base.sweep");
  EXPECT_NE(default_sweep_folder("base"), fs::path("results") / "base-sweep");
}

TEST(sweep_folder, a_sweep_without_out_writes_to_results_name_dot_sweep) {
  const fs::path dir = testing::fresh_temp_dir("sweep-default-folder");
  const fs::path scenario = write_scenario(dir, kTiny);
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const Output o = run_cli({"sweep", scenario.string(), "--quiet", "--param", "clients.count=1,2"});
  fs::current_path(before);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(fs::exists(dir / "results" / "tiny.sweep" / "sweep.csv"));
  EXPECT_FALSE(fs::exists(dir / "results" / "tiny"));
  fs::remove_all(dir);
}

// ---- Batches ------------------------------------------------------------------------------------------------------

// cmd_sweep with the scenario `text` and these --param axes, its scenarios built at most `batch_bytes` at a time.
Output sweep_in_batches(const fs::path& dir, const std::string& text, std::vector<std::string> params,
                        std::size_t batch_bytes, const std::string& out) {
  SweepOptions o;
  o.scenario = write_scenario(dir, text).string();
  o.quiet = true;
  o.jobs = 1;
  o.out = (dir / out).string();
  o.params = std::move(params);
  o.batch_bytes = batch_bytes;
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int status = cmd_sweep(o);
  return {status, ::testing::internal::GetCapturedStdout(), ::testing::internal::GetCapturedStderr()};
}

TEST(sweep_batches, running_in_batches_gives_the_same_results_as_all_at_once) {
  const fs::path dir = testing::fresh_temp_dir("sweep-batches");
  const std::vector<std::string> params = {"clients.count=1,2,3", "title=a,b"};
  const Output whole = sweep_in_batches(dir, kTiny, params, SweepOptions().batch_bytes, "whole");
  const Output batches = sweep_in_batches(dir, kTiny, params, 1, "batches");  // one point per batch
  EXPECT_EQ(whole.status, 0) << whole.err;
  EXPECT_EQ(batches.status, 0) << batches.err;
  const auto table = [](const std::string& out) { return out.substr(0, out.find("results in")); };
  EXPECT_EQ(table(whole.out), table(batches.out));
  EXPECT_EQ(slurp(dir / "whole" / "sweep.csv"), slurp(dir / "batches" / "sweep.csv"));
  EXPECT_EQ(slurp(dir / "whole" / "manifest.json"), slurp(dir / "batches" / "manifest.json"));
  EXPECT_EQ(slurp(dir / "whole" / "point-006" / "summary.json"), slurp(dir / "batches" / "point-006" / "summary.json"));
  fs::remove_all(dir);
}

TEST(sweep_batches, a_lesson_sweep_of_a_thousand_points_runs_in_one_batch_and_a_small_budget_gives_one_per_job) {
  const auto doc = read_scenario_document(fs::path(CHAOSSIM_SCENARIOS_DIR) / "lost-replies.json");
  ASSERT_TRUE(std::holds_alternative<ScenarioDocument>(doc));
  const ScenarioDocument& lesson = std::get<ScenarioDocument>(doc);
  EXPECT_EQ(points_per_batch(lesson, 1'000, 8, SweepOptions().batch_bytes), 1'000u);
  EXPECT_LT(points_per_batch(lesson, 10'000, 8, SweepOptions().batch_bytes), 10'000u);
  EXPECT_EQ(points_per_batch(lesson, 10'000, 8, 1), 8u);
  EXPECT_EQ(points_per_batch(lesson, 6, 1, 1), 1u);
}

TEST(sweep_batches, a_bad_value_is_found_before_anything_runs) {
  const fs::path dir = testing::fresh_temp_dir("sweep-batches-bad");
  const Output o = sweep_in_batches(dir, kTiny, {"clients.count=1,2,3", "services.api.workers=1,0"}, 1, "out");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("sweep value services.api.workers=0:"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST(sweep_batches, a_combination_invalid_only_together_is_reported_and_the_others_run) {
  const fs::path dir = testing::fresh_temp_dir("sweep-batches-combination");
  // min_calls 15 fits the window of 20 and min_calls 10 fits a window of 12; 15 calls never fit in 12.
  std::string text = kTiny;
  text.insert(text.rfind('}'), R"(, "edges": {"clients->api": {"circuit_breaker":
      {"type": "window", "min_calls": 10, "window": {"type": "count", "size": 20}}}})");
  const Output o = sweep_in_batches(
      dir, text,
      {"edges.clients->api.circuit_breaker.min_calls=10,15", "edges.clients->api.circuit_breaker.window.size=20,12"},
      1, "out");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("sweep point edges.clients->api.circuit_breaker.min_calls=15, "
                       "edges.clients->api.circuit_breaker.window.size=12:"),
            std::string::npos)
      << o.err;
  const std::string csv = slurp(dir / "out" / "sweep.csv");
  EXPECT_NE(csv.find("point-003"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("point-004"), std::string::npos) << csv;
  fs::remove_all(dir);
}

// ---- A large sweep -------------------------------------------------------------------------------------------------

// 200 services and 500 faults: a document of about 100 KB that takes milliseconds to build, swept over 10,000
// points.
std::string large_scenario() {
  std::string services, faults;
  for (int i = 0; i < 200; ++i) services += (i ? "," : "") + ("\"s" + std::to_string(i)) + R"(": {"workers": 4})";
  for (int i = 0; i < 500; ++i)
    faults += (i ? "," : "") + (R"({"id": "f)" + std::to_string(i)) + R"(", "type": "error", "target": "s)" +
              std::to_string(i % 200) + R"(", "start": "1s", "duration": "1s", "probability": 0.1})";
  std::string values;
  for (int i = 1; i <= 100; ++i) values += (i > 1 ? "," : "") + std::to_string(i);
  return R"({"schema_version": 1, "name": "large", "duration": "2s", "services": {)" + services +
         R"(}, "clients": {"count": 1, "target": "s0", "arrival": {"process": "poisson", "rate": 1}}, "faults": [)" +
         faults + R"(], "sweep": {"clients.count": [)" + values + R"(], "services.s0.workers": [)" + values + "]}}";
}

TEST(sweep_large, ctrl_c_while_the_points_are_checked_stops_at_once_and_writes_nothing) {
  const fs::path dir = testing::fresh_temp_dir("sweep-cancel");
  const fs::path scenario = write_scenario(dir, large_scenario());
  std::jthread interrupt([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel_flag().store(true);
  });
  const auto start = std::chrono::steady_clock::now();
  const Output o = run_cli({"sweep", scenario.string(), "--quiet", "--out", (dir / "out").string()});
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  interrupt.join();
  cancel_flag().store(false);
  EXPECT_EQ(o.status, 130) << o.err;
  EXPECT_NE(o.err.find("interrupted while checking the sweep's points"), std::string::npos) << o.err;
  // Checking all 10,000 points takes tens of seconds here; a stop within a few seconds of the signal shows it was
  // noticed between points.
  EXPECT_LT(seconds, 5.0);
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chaossim
