#include "cli/list_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>  // --format json

#include "cli/batch.h"
#include "core/printable.h"
#include "lesson_folder.h"

namespace chaossim {

namespace fs = std::filesystem;

int cmd_list(bool as_json) {
  const LessonFolderSearch lessons = find_lesson_folder();
  if (!lessons.found) {
    std::cerr << "chaossim list: no lessons found; " << lessons.describe()
              << ". Set CHAOSSIM_SCENARIOS to a folder of scenario files.\n";
    return kExitInvalid;
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(*lessons.found, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (files.empty()) {
    std::cerr << "chaossim list: no lessons (*.json) in " << printable(lessons.found->string())
              << (ec ? ": " + ec.message() : std::string()) << '\n';
    return kExitInvalid;
  }
  std::sort(files.begin(), files.end());
  if (as_json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const fs::path& f : files) {
      const LoadResult r = load_scenario_file(f);
      list.push_back({{"name", f.stem().string()},
                      {"file", f.string()},
                      {"title", r.ok() ? r.scenario->title : std::string()},
                      {"valid", r.ok()}});
    }
    std::cout << list.dump(2) << '\n';
    return kExitPass;
  }
  std::size_t width = 0;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const fs::path& f : files) {
    LoadResult r = load_scenario_file(f);
    // Titles and file names come from whatever is in the lesson folder ($CHAOSSIM_SCENARIOS may be anyone's).
    const std::string name = printable(f.stem().string());
    rows.emplace_back(name, printable(r.ok() ? r.scenario->title : "(invalid: run chaossim validate " + f.string() + ")"));
    width = std::max(width, name.size());
  }
  for (const auto& [name, title] : rows) std::cout << name << std::string(width - name.size() + 2, ' ') << title << '\n';
  return kExitPass;
}

}  // namespace chaossim
