// chaossim: the headless command-line tool. Everything lives in the CLI library (cli/cli.h), so tests can drive
// the same code.
//
// The same source builds two programs. `chaossim` does not link Qt, so it starts in a few milliseconds: loading
// Qt's libraries costs ~25 ms, a third of a whole 120,000-operation run. `chaossim-charts` adds the Qt chart
// renderer of the HTML report; `chaossim` runs it as a child to write a report with charts (html/chart_program.h).
#include "cli/cli.h"
#include "html/chart_program.h"
#include "lesson_folder.h"  // program_folder: the twin is installed beside chaossim

#ifdef CHAOSSIM_HAVE_QT_CHARTS
#include "charts/qt_report_renderer.h"
#endif

int main(int argc, char** argv) {
#ifdef CHAOSSIM_HAVE_QT_CHARTS
  chaossim::install_qt_chart_renderer();
#elif defined(CHAOSSIM_CHARTS_PROGRAM)
  chaossim::set_chart_program(chaossim::program_folder() / CHAOSSIM_CHARTS_PROGRAM);
#endif
  return chaossim::cli_main(argc, argv);
}
