#pragma once
// `chaossim report RESULTS_DIR [-o report.html] [--summary summary.md]`.

#include <string>

namespace chaossim {

// Exit 0 on success, 2 for a bad results folder or a target that cannot or may not be written.
int cmd_report(const std::string& results_dir, const std::string& html, const std::string& summary);

}  // namespace chaossim
