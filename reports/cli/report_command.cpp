#include "cli/report_command.h"

#include <iostream>

#include "cli/batch.h"  // exit codes
#include "cli/interrupt.h"
#include "html/report_writer.h"

namespace chaossim {

int cmd_report(const std::string& results_dir, const std::string& html, const std::string& summary) {
  const ReportTargets targets = report_targets(results_dir, html, summary);
  if (auto failure = write_report_files(results_dir, targets, &cancel_flag())) {
    std::cerr << "chaossim report: " << failure->message << '\n';
    return failure->kind == ReportFailure::Kind::interrupted ? interrupted_exit_code() : kExitInvalid;
  }
  std::cout << "report in " << targets.html.string() << " (and " << targets.summary.string() << ")\n";
  return kExitPass;
}

}  // namespace chaossim
