#include "cli/report_command.h"

#include <filesystem>
#include <iostream>

#include "cli/batch.h"  // exit codes
#include "html/report_writer.h"

namespace chaossim {

int cmd_report(const std::string& results_dir, const std::string& output) {
  const std::filesystem::path html =
      output.empty() ? std::filesystem::path(results_dir) / "report.html" : std::filesystem::path(output);
  if (auto failure = write_report_files(results_dir, html)) {
    std::cerr << "chaossim report: " << failure->message << '\n';
    return failure->kind == ReportFailure::Kind::bad_results ? kExitInvalid : kExitInternal;
  }
  std::cout << "report in " << html.string() << " (and " << (html.parent_path() / "summary.md").string() << ")\n";
  return kExitPass;
}

}  // namespace chaossim
