#include "charts/qt_report_renderer.h"

#include <QtCharts/QChart>
#include <memory>

#include "charts/qt_chart.h"
#include "html/chart_renderer.h"
#include "html/svg_polylines.h"

namespace chaossim {

namespace {

class QtSvgChartRenderer final : public ChartRenderer {
 public:
  std::string svg(const ChartSpec& spec, const std::vector<ChartData>& variants, const FaultBands& fault_bands,
                  int width, int height) override {
    std::unique_ptr<QChart> chart(build_chart(spec, variants, fault_bands, ChartStyle::normal()));
    // The same plot margins for every chart, room enough for six-digit y labels and the axis title, so the plot
    // areas of the stacked charts line up on one time axis.
    // The legend wraps under the chart instead of eliding names in one row.
    const QByteArray document = render_svg(chart.get(), QSize(width, height), PlotMargins{88, 28}, true);
    // Inline SVG in HTML takes the element alone: the XML declaration and DOCTYPE (which names a URL) go.
    const qsizetype start = document.indexOf("<svg");
    if (start < 0) return {};
    std::string svg = document.mid(start).toStdString();
    return scalable(std::move(svg));
  }

  // QSvgGenerator gives the root fixed sizes in millimetres; without them the viewBox lets the page's CSS scale
  // the chart to the column width.
  static std::string scalable(std::string svg) {
    const std::size_t end = svg.find('>');
    if (end == std::string::npos) return svg;
    std::string root = svg.substr(0, end);
    for (const char* attribute : {" width=\"", " height=\""}) {
      const std::size_t at = root.find(attribute);
      if (at == std::string::npos) continue;
      const std::size_t close = root.find('"', at + std::char_traits<char>::length(attribute));
      if (close != std::string::npos) root.erase(at, close + 1 - at);
    }
    return with_generic_fonts(joined_polylines(root + " role=\"img\"" + svg.substr(end)));
  }

  // Qt names the family it resolved ("Sans Serif", "DejaVu Sans"), which a browser may not have, or may read as
  // an unknown name and fall back to a serif face: the generic family draws the same kind of face everywhere.
  static std::string with_generic_fonts(std::string svg) {
    const std::string key = "font-family=\"";
    for (std::size_t at = svg.find(key); at != std::string::npos; at = svg.find(key, at + 1)) {
      const std::size_t close = svg.find('"', at + key.size());
      if (close == std::string::npos) break;
      svg.replace(at + key.size(), close - at - key.size(), "sans-serif");
    }
    return svg;
  }

 private:
  OffscreenQtApp m_app;  // before any chart exists, destroyed after the last
};

}  // namespace

void install_qt_chart_renderer() {
  set_chart_renderer_factory([] { return std::make_unique<QtSvgChartRenderer>(); });
}

}  // namespace chaossim
