#pragma once
// The report of a results folder, for `chaossim report`, `run --report` and the dashboard's export: reads the
// folder and writes report.html and summary.md beside it, atomically.

#include <filesystem>
#include <optional>
#include <string>

namespace chaossim {

struct ReportFailure {
  enum class Kind { bad_results, unwritable } kind;
  std::string message;
};

// Writes the report to `html_path` (empty: RESULTS_DIR/report.html) and summary.md in the same folder: with charts
// drawn in this process when a renderer is installed, else by the charting twin when one is set
// (html/chart_program.h), else without charts, saying why. Returns why it could not, or nothing on success.
std::optional<ReportFailure> write_report_files(const std::filesystem::path& results_dir,
                                                std::filesystem::path html_path = {});
// The same, for callers that only need the reason.
std::optional<std::string> write_report(const std::filesystem::path& results_dir, std::filesystem::path html_path = {});

}  // namespace chaossim
