#pragma once
// `chaossim` does not link Qt (it starts in milliseconds); its twin `chaossim-charts`, installed beside it, is the
// same command-line tool with the Qt chart renderer. A report with charts is written by running the twin as a child
// (`chaossim-charts report DIR -o FILE`). When the twin is missing or fails - not installed, a Qt library missing,
// no usable platform plugin - the report is written without charts, saying why, and the exit code stays chaossim's.

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

namespace chaossim {

// The twin to hand reports to; none is set in programs that draw charts themselves or in a build without Qt.
void set_chart_program(std::filesystem::path program);
std::optional<std::filesystem::path> chart_program();

struct ChartProgramOutcome {
  bool wrote = false;
  std::string why_not;  // a sentence for the reader of the report and of stderr, when !wrote
};

// Runs `program report RESULTS_DIR -o HTML --summary SUMMARY` and waits for it; when `cancel` becomes true meanwhile,
// the child is terminated (it removes its own temporary files) and the outcome says so. The child's stdout is discarded (the caller says where
// the report is); its stderr is the user's, so a missing library is named by the dynamic loader itself.
ChartProgramOutcome write_report_with(const std::filesystem::path& program, const std::filesystem::path& results_dir,
                                      const std::filesystem::path& html, const std::filesystem::path& summary,
                                      const std::atomic<bool>* cancel = nullptr);

}  // namespace chaossim
