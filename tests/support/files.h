#pragma once
// Files for tests: reading what a run left behind, and a fresh temporary folder per test and process.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>  // getpid: folders of parallel test processes do not collide

namespace chaossim::testing {

// A file's bytes, or "" when it cannot be read.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An empty folder under the system's temporary folder, named after the test and the process.
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() / ("chaossim-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace chaossim::testing
