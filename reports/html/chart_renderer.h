#pragma once
// How the HTML report gets its charts as SVG without depending on Qt: the Qt build installs a renderer
// (charts/qt_report_renderer.h) before the command line runs; a build without Qt has none, and the report then
// says that charts need a Qt build.

#include <functional>
#include <memory>
#include <string>

#include "charts/chart_spec.h"

namespace chaossim {

class ChartRenderer {
 public:
  virtual ~ChartRenderer() = default;
  // A complete <svg> element (no XML prologue) of `width` x `height` logical pixels.
  virtual std::string svg(const ChartSpec& spec, const std::vector<ChartData>& variants,
                          const FaultBands& fault_bands, int width, int height) = 0;
};

// Makes a renderer for one report (it may set up a toolkit and tear it down with the renderer).
using ChartRendererFactory = std::function<std::unique_ptr<ChartRenderer>()>;

void set_chart_renderer_factory(ChartRendererFactory factory);
// A renderer from the installed factory, or null when none is installed.
std::unique_ptr<ChartRenderer> make_chart_renderer();

}  // namespace chaossim
