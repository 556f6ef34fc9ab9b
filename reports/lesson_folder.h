#pragma once
// Where the bundled lessons are, for the command-line tool and the dashboard alike. The folders are tried in this
// order, and the first that exists is used:
//   1. $CHAOSSIM_SCENARIOS, when set: the user's explicit choice, so nothing else is tried (a wrong path is an
//      error that names it rather than a silent fall-back to other lessons);
//   2. ../share/chaossim/scenarios beside the running program (an installed chaossim: /usr/bin -> /usr/share);
//   3. the scenarios/ folder of the source tree the program was built from (developers running from build/).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chaossim {

struct LessonFolderSearch {
  struct Candidate {
    std::filesystem::path folder;
    std::string origin;  // "CHAOSSIM_SCENARIOS", "installed beside the program", "source tree"
  };
  std::vector<Candidate> tried;  // in the order above, up to and including the one found
  std::optional<std::filesystem::path> found;

  // "looked in A (origin), B (origin)" for error messages.
  std::string describe() const;
};

LessonFolderSearch find_lesson_folder();

// A scenario argument is a file path, or the name of a bundled lesson ("lost-replies"): the file when it exists or
// names a folder, else the lesson of that name when there is one, else `arg` itself (whose loading then fails).
std::filesystem::path resolve_scenario_path(const std::string& arg);

// The folder of the running program (/proc/self/exe), or empty when it cannot be read.
std::filesystem::path program_folder();

}  // namespace chaossim
