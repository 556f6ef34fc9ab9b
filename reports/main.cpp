// chaossim: the headless command-line tool. Everything lives in the reports library (cli.h), so tests can drive
// the same code.
//
// The same source builds two programs. `chaossim` does not link Qt, so it starts in a few milliseconds: loading
// Qt's libraries costs ~25 ms, a third of a whole 120,000-operation run. `chaossim-charts` adds the Qt chart
// renderer of the HTML report; `chaossim` hands over to it (same arguments) when asked for a report.
#include <cstring>
#include <filesystem>
#include <string_view>

#include <unistd.h>  // execv: hand the whole command over to the charting build

#include "cli.h"

#ifdef CHAOSSIM_HAVE_QT_CHARTS
#include "charts/qt_report_renderer.h"
#endif

namespace {

[[maybe_unused]] bool wants_report(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "report") return true;
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--report") return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef CHAOSSIM_HAVE_QT_CHARTS
  chaossim::install_qt_chart_renderer();
#elif defined(CHAOSSIM_CHARTS_PROGRAM)
  if (wants_report(argc, argv)) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path charts = self.parent_path() / CHAOSSIM_CHARTS_PROGRAM;
    if (!ec && std::filesystem::exists(charts, ec)) {
      execv(charts.c_str(), argv);  // returns only on failure: then write the report without charts
    }
  }
#endif
  return chaossim::cli_main(argc, argv);
}
