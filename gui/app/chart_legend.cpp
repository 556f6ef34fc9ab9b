#include "app/chart_legend.h"

#include <algorithm>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>

#include "charts/qt_chart.h"

namespace {

// A sample of a line's pattern in text: the glyphs differ by dash, so a dashed line never reads as a solid one.
QString sampleOf(const QPen& pen) {
  switch (pen.style()) {
    case Qt::SolidLine: return QStringLiteral("━━━");
    case Qt::DashLine: return QStringLiteral("╍╍╍");
    case Qt::DotLine: return QStringLiteral("┅┅┅");
    case Qt::DashDotLine: return QStringLiteral("━┅━");
    default: return QStringLiteral("━┅┅");
  }
}

}  // namespace

QString chartLegendHtml(QChart* chart) {
  QStringList entries;
  if (!chart) return {};
  for (QAbstractSeries* series : chaossim::legend_series(chart)) {
    QString sample;
    if (auto* band = qobject_cast<QAreaSeries*>(series)) {
      // The band's colour as it shows over white, a little stronger, so the swatch reads like the band.
      const QColor c = band->brush().color();
      const double a = std::min(1.0, c.alphaF() * 1.6);
      const auto over = [a](int channel) { return static_cast<int>(channel * a + 255 * (1 - a)); };
      sample = QStringLiteral("<span style='color:%1'>█</span>").arg(QColor(over(c.red()), over(c.green()), over(c.blue())).name());
    } else if (auto* line = qobject_cast<QLineSeries*>(series)) {
      const QPen pen = line->pen();
      sample = QStringLiteral("<span style='color:%1; font-weight:700'>%2</span>").arg(pen.color().name(), sampleOf(pen));
    } else {
      continue;
    }
    // Names are HTML-escaped by build_chart already.
    entries << QStringLiteral("<span style='white-space:nowrap'>%1&nbsp;%2</span>").arg(sample, series->name());
  }
  return entries.join(QStringLiteral(" &nbsp; "));
}
