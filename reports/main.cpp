// chaossim: the headless command-line tool. Everything lives in the reports library (cli.h), so tests can drive
// the same code; a Qt build adds the chart renderer of the HTML report.
#include "cli.h"

#ifdef CHAOSSIM_HAVE_QT_CHARTS
#include "charts/qt_report_renderer.h"
#endif

int main(int argc, char** argv) {
#ifdef CHAOSSIM_HAVE_QT_CHARTS
  chaossim::install_qt_chart_renderer();
#endif
  return chaossim::cli_main(argc, argv);
}
