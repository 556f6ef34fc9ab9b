#pragma once
// Drives the command line in-process, as the program would (cli_main); support/files.h reads what it leaves behind.

#include <string>
#include <vector>

#include <gtest/gtest.h>  // output capture

#include "cli/cli.h"
#include "support/files.h"

namespace chaossim::testing {

// `chaossim ARGS...`; returns the exit status.
inline int cli(std::vector<std::string> args) {
  args.insert(args.begin(), "chaossim");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return cli_main(static_cast<int>(argv.size()), argv.data());
}

// What a command printed, and its exit status.
struct CliOutput {
  int status;
  std::string out, err;
};
inline CliOutput cli_output(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int status = cli(args);
  return {status, ::testing::internal::GetCapturedStdout(), ::testing::internal::GetCapturedStderr()};
}

// True when raw ESC reached the terminal: text from a scenario must be shown escaped (core/printable.h).
inline bool has_raw_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

}  // namespace chaossim::testing
