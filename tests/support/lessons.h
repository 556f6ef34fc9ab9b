#pragma once
// The bundled lessons, for tests that go over all of them.

#include <algorithm>
#include <filesystem>
#include <vector>

namespace chaossim::testing {

// Every *.json directly in the scenarios folder (the schema lives in a subfolder), sorted for a stable order.
inline std::vector<std::filesystem::path> lesson_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(CHAOSSIM_SCENARIOS_DIR))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace chaossim::testing
