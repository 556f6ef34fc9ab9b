#pragma once
// The report of a results folder, for `chaossim report`, `run --report` and the dashboard's export: reads the
// folder and writes the HTML report and its Markdown summary, atomically (output_file.h).
//
// The report writes only where it is told. Its two files go to existing folders (none is created), and each may
// replace only an earlier report or summary: anything else at the target (result data, an unrelated summary.md, a
// device, a link) is refused, never overwritten.

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

namespace chaossim {

struct ReportFailure {
  enum class Kind { bad_results, unwritable, interrupted } kind;
  std::string message;
};

// Where the two files go. Empty html: RESULTS_DIR/report.html. Empty summary: beside the report, summary.md for a
// report named report.html, else the report's name with .md (review.html -> review.md).
struct ReportTargets {
  std::filesystem::path html, summary;
};
ReportTargets report_targets(const std::filesystem::path& results_dir, std::filesystem::path html = {},
                             std::filesystem::path summary = {});

// Writes the report with charts drawn in this process when a renderer is installed, else by the charting twin when
// one is set (html/chart_program.h), else without charts, saying why. Returns why it could not, or nothing. When
// `cancel` becomes true, nothing more is written (Kind::interrupted).
std::optional<ReportFailure> write_report_files(const std::filesystem::path& results_dir,
                                                const ReportTargets& targets,
                                                const std::atomic<bool>* cancel = nullptr);
std::optional<ReportFailure> write_report_files(const std::filesystem::path& results_dir);
// The same into RESULTS_DIR, for callers that only need the reason.
std::optional<std::string> write_report(const std::filesystem::path& results_dir);

}  // namespace chaossim
