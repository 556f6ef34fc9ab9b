#pragma once
// `chaossim report RESULTS_DIR [-o report.html]`.

#include <string>

namespace chaossim {

// Exit 0 on success, 2 for a bad results folder, 3 when writing fails.
int cmd_report(const std::string& results_dir, const std::string& output);

}  // namespace chaossim
