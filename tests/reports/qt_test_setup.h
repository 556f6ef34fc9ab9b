#pragma once
// Tests draw charts without a display: Qt's offscreen platform, and the Qt chart renderer of the report when this
// build has Qt Charts (as main() of the chaossim tool installs it).

#include <cstdlib>

#ifdef CHAOSSIM_HAVE_QT_CHARTS
#include "charts/qt_report_renderer.h"
#endif

namespace chaossim {

inline void use_offscreen_qt_for_tests() {
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
#ifdef CHAOSSIM_HAVE_QT_CHARTS
  install_qt_chart_renderer();
#endif
}

}  // namespace chaossim
