#pragma once
// Drives the command line in-process, as the program would (cli_main); support/files.h reads what it leaves behind.

#include <string>
#include <vector>

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

}  // namespace chaossim::testing
