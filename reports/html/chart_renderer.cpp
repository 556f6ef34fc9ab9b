#include "html/chart_renderer.h"

namespace chaossim {

namespace {
ChartRendererFactory& factory() {
  static ChartRendererFactory f;
  return f;
}
}  // namespace

void set_chart_renderer_factory(ChartRendererFactory f) { factory() = std::move(f); }

std::unique_ptr<ChartRenderer> make_chart_renderer() { return factory() ? factory()() : nullptr; }

}  // namespace chaossim
