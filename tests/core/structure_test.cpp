// The tree's structure, checked as TigerBeetle's tidy.zig checks its own: includes point down the engine's stack
// and never out of it, no file grows past a size without a reason written here, no source file is dead (every .cpp
// is built, every .h included), and the engine keeps the layout of .clang-format.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace chaossim {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = CHAOSSIM_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> sources(const std::vector<std::string>& folders, const std::set<std::string>& extensions) {
  std::vector<fs::path> out;
  for (const std::string& folder : folders)
    for (const auto& e : fs::recursive_directory_iterator(kRoot / folder))
      if (e.is_regular_file() && extensions.count(e.path().extension().string())) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string rel(const fs::path& p) { return fs::relative(p, kRoot).generic_string(); }

// The engine's layers, bottom up: a file may include its own layer and the ones below, nothing above, and nothing
// outside sim/ (the command line, reports and the dashboard are built on the engine, never the reverse).
const std::map<std::string, int> kLayerRank = {{"core", 0},    {"strategies", 1}, {"model", 2},
                                               {"metrics", 3}, {"scenario", 4},   {"runner", 5}};

TEST(structure, engine_includes_point_down_the_stack_and_never_out_of_it) {
  const std::regex quoted(R"(^\s*#\s*include\s*"([^"]+)\")");
  std::vector<std::string> problems;
  for (const fs::path& file : sources({"sim"}, {".h", ".cpp"})) {
    const std::string layer = rel(file).substr(4, rel(file).find('/', 4) - 4);
    ASSERT_TRUE(kLayerRank.count(layer)) << rel(file) << " is in no known layer of sim/";
    std::istringstream lines(read(file));
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
      ++n;
      std::smatch m;
      if (!std::regex_search(line, m, quoted)) continue;
      const std::string target = m[1];
      const std::string target_layer = target.substr(0, target.find('/'));
      const auto rank = kLayerRank.find(target_layer);
      if (rank == kLayerRank.end() || target.find('/') == std::string::npos)
        problems.push_back(rel(file) + ":" + std::to_string(n) + ": includes \"" + target +
                           "\", which is not in the engine's layers");
      else if (rank->second > kLayerRank.at(layer))
        problems.push_back(rel(file) + ":" + std::to_string(n) + ": " + layer + " includes " + target_layer +
                           ", a layer above it");
    }
  }
  EXPECT_TRUE(problems.empty()) << [&] {
    std::string s;
    for (const auto& p : problems) s += p + "\n";
    return s;
  }();
}

// Files allowed past the size limit, each with the reason it is one file.
const std::map<std::string, std::string> kLargeFiles = {
    {"sim/scenario/format_table.cpp", "the format's table: one line group per key, read top to bottom as the reference"},
    {"reports/html/markdown.cpp", "a CommonMark renderer over md4c's callbacks: one callback table, one escaper"},
    {"gui/app/scenario_form.cpp", "one form: building, binding and refreshing its widgets belong together"},
    {"gui/app/main_window.cpp", "the window's menus, actions and panels, wired in one place"},
    {"sim/model/engine.h",
     "the engine's one class: its state and the members of every engine_*.cpp, declared together"},
};
constexpr std::size_t kMaxLines = 600;

TEST(structure, no_source_file_is_longer_than_the_limit_without_a_reason) {
  for (const fs::path& file : sources({"sim", "live", "reports", "gui"}, {".h", ".cpp"})) {
    const std::string text = read(file);
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (kLargeFiles.count(rel(file))) continue;
    EXPECT_LE(lines, kMaxLines) << rel(file) << " has " << lines << " lines: split it by job, or add it to "
                                << "kLargeFiles with the reason it is one file";
  }
  for (const auto& [path, reason] : kLargeFiles) EXPECT_TRUE(fs::exists(kRoot / path)) << path << " is gone";
}

TEST(structure, every_source_file_is_built_and_every_header_included) {
  std::string build_files, all_code;
  for (const fs::path& f : sources({"."}, {".txt", ".cmake"}))
    if (f.filename() == "CMakeLists.txt" && rel(f).rfind("build/", 0) != 0) build_files += read(f) + "\n";
  const std::vector<std::string> folders = {"sim", "live", "reports", "gui", "tests", "bench", "fuzz", "tools"};
  for (const fs::path& f : sources(folders, {".h", ".cpp"})) all_code += read(f) + "\n";
  for (const fs::path& f : sources(folders, {".cpp"}))
    EXPECT_NE(build_files.find(f.filename().string()), std::string::npos)
        << rel(f) << " is in no CMakeLists.txt: build it or delete it";
  for (const fs::path& f : sources(folders, {".h"})) {
    const std::string name = f.filename().string();
    EXPECT_TRUE(all_code.find("/" + name + "\"") != std::string::npos ||
                all_code.find("\"" + name + "\"") != std::string::npos)
        << rel(f) << " is included nowhere: use it or delete it";
  }
}

TEST(structure, the_engine_keeps_the_layout_of_clang_format) {
  // clang-format 14 from Debian 12 (tools/setup.sh installs it); --dry-run -Werror names every file that drifts.
  std::string command = "clang-format --style=file --dry-run -Werror";
  for (const fs::path& f : sources({"sim"}, {".h", ".cpp"})) command += " '" + f.string() + "'";
  command += " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << "run clang-format -i on the files below (or install clang-format):\n"
                       << output.substr(0, 4000);
}

}  // namespace
}  // namespace chaossim
