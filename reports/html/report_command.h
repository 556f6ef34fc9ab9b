#pragma once
// `chaossim report RESULTS_DIR [-o report.html]` and `run ... --report`: reads a results folder and writes
// report.html and summary.md beside it, atomically.

#include <filesystem>
#include <optional>
#include <string>

namespace chaossim {

// Writes the report to `html_path` (empty: RESULTS_DIR/report.html) and summary.md in the same folder.
// Returns why it could not (a bad results folder, an unwritable file), or nothing on success.
std::optional<std::string> write_report(const std::filesystem::path& results_dir, std::filesystem::path html_path = {});

// The subcommand: exit 0 on success, 2 for a bad results folder, 3 when writing fails.
int cmd_report(const std::string& results_dir, const std::string& output);

}  // namespace chaossim
