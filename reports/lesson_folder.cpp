#include "lesson_folder.h"

#include <cstdlib>
#include <system_error>

namespace chaossim {

namespace fs = std::filesystem;

std::string LessonFolderSearch::describe() const {
  std::string out = "looked in ";
  for (std::size_t i = 0; i < tried.size(); ++i) {
    if (i > 0) out += ", ";
    out += tried[i].folder.string() + " (" + tried[i].origin + ")";
  }
  return tried.empty() ? "nowhere to look" : out;
}

fs::path program_folder() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

LessonFolderSearch find_lesson_folder() {
  LessonFolderSearch search;
  const auto consider = [&](fs::path folder, std::string origin) {
    std::error_code ec;
    search.tried.push_back({folder, std::move(origin)});
    if (fs::is_directory(folder, ec)) search.found = folder.lexically_normal();
    return search.found.has_value();
  };
  if (const char* env = std::getenv("CHAOSSIM_SCENARIOS"); env && *env) {
    consider(env, "CHAOSSIM_SCENARIOS");
    return search;
  }
  if (const fs::path bin = program_folder(); !bin.empty())
    if (consider(bin / ".." / "share" / "chaossim" / "scenarios", "installed beside the program")) return search;
#ifdef CHAOSSIM_SOURCE_SCENARIOS_DIR
  consider(CHAOSSIM_SOURCE_SCENARIOS_DIR, "source tree");
#endif
  return search;
}

fs::path resolve_scenario_path(const std::string& arg) {
  std::error_code ec;
  if (fs::exists(arg, ec) || arg.find('/') != std::string::npos) return arg;
  const LessonFolderSearch lessons = find_lesson_folder();
  if (lessons.found && fs::exists(*lessons.found / (arg + ".json"), ec)) return *lessons.found / (arg + ".json");
  return arg;
}

}  // namespace chaossim
