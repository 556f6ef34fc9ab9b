// Command-line conventions (cli/cli.cpp, cli/command_words.h): git-style command words, help and version,
// examples and exit codes in --help, and hints for what a shell does to unquoted arguments.
#include <gtest/gtest.h>

#include "cli/command_words.h"
#include "support/cli.h"
#include "support/files.h"

namespace chaossim {
namespace {

using testing::cli;

const std::vector<std::string> kCommands = {"run", "sweep", "validate", "list", "report"};

std::vector<std::string> words(std::vector<std::string> args) {
  auto r = normalise_command_words(std::move(args), kCommands);
  return std::holds_alternative<std::string>(r) ? std::vector<std::string>{"refused: " + std::get<std::string>(r)}
                                                : std::get<std::vector<std::string>>(r);
}

TEST(command_words, help_and_version_are_spelt_out_for_the_parser) {
  EXPECT_EQ(words({"help"}), std::vector<std::string>{"--help"});
  EXPECT_EQ(words({"help", "run"}), (std::vector<std::string>{"run", "--help"}));
  EXPECT_EQ(words({"version"}), std::vector<std::string>{"--version"});
  EXPECT_EQ(words({"-V"}), std::vector<std::string>{"--version"});
  EXPECT_EQ(words({"run", "x", "--quiet"}), (std::vector<std::string>{"run", "x", "--quiet"}));
}

TEST(command_words, a_word_that_is_no_command_is_refused_with_the_closest_one) {
  const std::string rnu = words({"rnu"}).front();
  EXPECT_NE(rnu.find("\"rnu\" is not a command (did you mean \"run\"?)"), std::string::npos) << rnu;
  EXPECT_EQ(words({"foo", "run"}).front().rfind("refused", 0), 0u) << "foo was ignored before";
  EXPECT_EQ(words({"help", "nope"}).front().rfind("refused", 0), 0u);
  EXPECT_EQ(words({"\x1b[31mred"}).front().find('\x1b'), std::string::npos) << "the word reaches the terminal escaped";
}

TEST(command_line, help_of_every_command_has_examples_and_exit_codes_and_exits_0) {
  for (const char* command : {"run", "sweep", "report"}) {
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(cli({"help", command}), 0);
    const std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("Examples:"), std::string::npos) << command;
    EXPECT_NE(out.find("Exit status: 0 every expectation holds"), std::string::npos) << command;
  }
  EXPECT_EQ(cli({"rnu"}), 2);
}

TEST(command_line, a_set_cut_by_the_shell_at_the_arrow_says_so) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(cli({"run", std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json", "--set", "edges.clients-"}), 2);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("cut at '>' by the shell"), std::string::npos) << err;
}

TEST(command_line, sweep_writes_a_report_like_run) {
  const auto out = testing::fresh_temp_dir("sweep-report") / "s";
  EXPECT_LE(cli({"sweep", std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json", "--quiet", "-o", out.string(),
                 "--set", "duration=20s", "--set", "warmup=0s", "--param", "clients.arrival.rate=10,20", "--report"}),
            1);
  EXPECT_TRUE(std::filesystem::exists(out / "report.html"));
  EXPECT_TRUE(std::filesystem::exists(out / "summary.md"));
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

TEST(command_line, a_set_value_that_is_not_utf8_is_refused_not_an_internal_error) {
  // The override fuzzer's finding: "title=\xff\xfe" was accepted, then writing the manifest threw (exit 3).
  const auto out = testing::fresh_temp_dir("set-utf8") / "r";
  const auto r = testing::cli_output({"run", std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json", "--quiet",
                                      "-o", out.string(), "--set", "title=\xff\xfe"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("is not valid UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\\xff"), std::string::npos) << "the bytes are shown escaped: " << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace chaossim
