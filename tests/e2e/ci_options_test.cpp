// The command line's CI options: --expect (cli/expect_option.h), the reproduce command (cli/reproduce.h), --junit.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "cli/expect_option.h"
#include "cli/reproduce.h"
#include "support/cli.h"
#include "support/files.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::fresh_temp_dir;
using testing::slurp;

nlohmann::json expect_of(const std::string& text) {
  auto parsed = parse_expect_argument(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << text << ": " << *error;
    return {};
  }
  return std::get<nlohmann::json>(parsed);
}

std::string error_of(const std::string& text) {
  auto parsed = parse_expect_argument(text);
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(expect_argument, reads_metric_comparison_value_and_phase_with_or_without_spaces) {
  EXPECT_EQ(expect_of("latency.p99 < 500ms@during"),
            (nlohmann::json{{"metric", "latency.p99"}, {"op", "<"}, {"value", "500ms"}, {"phase", "during"}}));
  EXPECT_EQ(expect_of("success_rate>=0.99"), (nlohmann::json{{"metric", "success_rate"}, {"op", ">="}, {"value", 0.99}}));
  EXPECT_EQ(expect_of("effects.charge.duplicates == 0")["op"], "==");
  EXPECT_EQ(expect_of("x != -1")["value"], -1);
}

TEST(expect_argument, says_what_is_missing) {
  EXPECT_NE(error_of("success_rate 0.99").find("METRIC OP VALUE"), std::string::npos);
  EXPECT_NE(error_of("success_rate =! 1").find("unknown comparison"), std::string::npos);
  EXPECT_NE(error_of(">= 1").find("no metric"), std::string::npos);
  EXPECT_NE(error_of("x >=").find("no value"), std::string::npos);
}

TEST(reproduce_command, quotes_what_a_shell_would_split_or_expand) {
  EXPECT_EQ(shell_quote("lost-replies"), "lost-replies");
  EXPECT_EQ(shell_quote("edges.clients->payments.timeout=1s"), "'edges.clients->payments.timeout=1s'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(reproduce_command({"my file.json", {"duration=1m"}, {"x < 1"}, 3}, "keys", 42),
            "chaossim run 'my file.json' --variant keys --seed 42 --replications 3 --set duration=1m --expect 'x < 1'");
}

TEST(run_with_expect, adds_to_the_scenarios_expectations_and_decides_the_exit_status) {
  const fs::path out = fresh_temp_dir("expect-run");
  const std::string lesson = std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json";
  const std::vector<std::string> base = {"run", lesson, "--quiet", "--set", "duration=30s", "--set", "warmup=0s",
                                         "--set", "expect=[]"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = base;
    args.insert(args.end(), more.begin(), more.end());
    return cli(args);
  };
  EXPECT_EQ(with({"--out", (out / "a").string(), "--expect", "success_rate >= 0.5"}), 0);
  EXPECT_EQ(with({"--out", (out / "b").string(), "--expect", "success_rate > 1"}), 1);
  EXPECT_EQ(with({"--out", (out / "c").string(), "--expect", "no.such.metric > 1"}), 2);
  EXPECT_FALSE(fs::exists(out / "c")) << "an invalid --expect is refused before anything runs";
  EXPECT_NE(slurp(out / "b" / "results.json").find("\"outcome\": \"failed\""), std::string::npos);
}

TEST(run_with_junit, an_unwritable_junit_file_is_refused_before_anything_runs) {
  const fs::path out = fresh_temp_dir("junit-target");
  const std::string lesson = std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json";
  EXPECT_EQ(cli({"run", lesson, "--quiet", "--out", (out / "r").string(), "--junit", (out / "no" / "j.xml").string()}), 2);
  EXPECT_FALSE(fs::exists(out / "r"));
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

// lost-replies with a variant that sets workers to "many": valid baseline, invalid variant.
std::filesystem::path lesson_with_a_bad_variant() {
  const auto dir = testing::fresh_temp_dir("bad-variant");
  auto doc = nlohmann::json::parse(testing::slurp(std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json"));
  doc["variants"]["bad"] = {{"services.payments.workers", "many"}};
  std::ofstream(dir / "bad.json") << doc.dump(2);
  return dir / "bad.json";
}

TEST(run_format_json, puts_only_results_json_on_stdout_and_the_table_on_stderr) {
  const auto out = testing::fresh_temp_dir("run-json") / "r";
  const auto r = testing::cli_output({"run", std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json", "--quiet",
                                      "--format", "json", "-o", out.string(), "--set", "duration=30s", "--set",
                                      "warmup=0s"});
  EXPECT_EQ(r.status, 1) << "the lesson's baseline fails its expectations";
  const auto j = nlohmann::json::parse(r.out);  // throws, and fails the test, if anything else is on stdout
  EXPECT_EQ(j["outcome"], "failed");
  EXPECT_EQ(r.out, testing::slurp(out / "results.json"));
  EXPECT_NE(r.err.find("FAIL baseline"), std::string::npos) << "people still see the verdicts";
}

TEST(validate, checks_every_variant_and_points_at_its_line_as_run_does) {
  const auto file = lesson_with_a_bad_variant();
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(testing::cli({"validate", file.string()}), 2) << "validate passed what run rejects";
  const std::string validate_err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(validate_err.find("bad.json:"), std::string::npos);
  EXPECT_NE(validate_err.find(": services.payments.workers: in variant \"bad\": expected an integer"), std::string::npos)
      << validate_err;
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(testing::cli({"run", file.string(), "--all-variants", "--quiet", "-o", (file.parent_path() / "r").string()}), 2);
  const std::string run_err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(run_err, validate_err) << "run and validate report the variant's error alike, at its line:column";
}

TEST(validate, json_format_lists_each_file_with_its_errors_and_estimate) {
  const auto file = lesson_with_a_bad_variant();
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(testing::cli({"validate", "--format", "json", file.string(),
                          std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json"}),
            2);
  const auto report = nlohmann::json::parse(::testing::internal::GetCapturedStdout());
  ASSERT_EQ(report.size(), 2u);
  EXPECT_EQ(report[0]["ok"], false);
  EXPECT_GT(report[0]["errors"][0]["line"].get<int>(), 0);
  EXPECT_EQ(report[1]["ok"], true);
  EXPECT_GT(report[1]["estimate"]["operations"].get<double>(), 0);
}

TEST(list, json_format_names_every_lesson) {
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(testing::cli({"list", "--format", "json"}), 0);
  const auto lessons = nlohmann::json::parse(::testing::internal::GetCapturedStdout());
  ASSERT_GT(lessons.size(), 3u);
  for (const auto& l : lessons) EXPECT_EQ(l["valid"], true) << l["name"];
}

}  // namespace
}  // namespace chaossim
