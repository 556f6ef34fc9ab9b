#pragma once
// Drives the command line in-process, as the program would (cli_main), and reads the files it leaves behind.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace chaossim::testing {

// `chaossim ARGS...`; returns the exit status.
inline int cli(std::vector<std::string> args) {
  args.insert(args.begin(), "chaossim");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return cli_main(static_cast<int>(argv.size()), argv.data());
}

// A file's bytes, or "" when it cannot be read.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace chaossim::testing
