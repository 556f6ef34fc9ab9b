#pragma once
// `chaossim validate FILE...`: checks scenario files and reports every error without running anything.

#include <string>
#include <vector>

namespace chaossim {

// Checks the baseline, every variant and every sweep value of each file. Exit 0 when every file is valid, 2
// otherwise. `as_json`: one JSON array on stdout (per file: ok, errors with file, line, column, path and message,
// variants, the cost estimate) instead of the messages.
int cmd_validate(const std::vector<std::string>& files, bool as_json = false);

}  // namespace chaossim
