#pragma once
// Installs the Qt Charts renderer of the HTML report (html/chart_renderer.h): charts drawn by qt_chart.h,
// offscreen, as inline SVG. Called by main() of the chaossim tool and by tests in a Qt build.

namespace chaossim {

void install_qt_chart_renderer();

}  // namespace chaossim
