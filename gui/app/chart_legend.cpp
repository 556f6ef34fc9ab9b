#include "app/chart_legend.h"

#include <algorithm>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>

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
  for (QLegendMarker* marker : chart->legend()->markers()) {
    if (!marker->isVisible() || !marker->series() || !marker->series()->isVisible()) continue;
    // Labels are the series names, already HTML-escaped by build_chart.
    QString sample;
    if (auto* band = qobject_cast<QAreaSeries*>(marker->series())) {
      // The band's colour as it shows over white, a little stronger, so the swatch reads like the band.
      const QColor c = band->brush().color();
      const double a = std::min(1.0, c.alphaF() * 1.6);
      const auto over = [a](int channel) { return static_cast<int>(channel * a + 255 * (1 - a)); };
      sample = QStringLiteral("<span style='color:%1'>█</span>").arg(QColor(over(c.red()), over(c.green()), over(c.blue())).name());
    } else if (auto* line = qobject_cast<QLineSeries*>(marker->series())) {
      // The line's own pen: the marker's was adjusted for Qt's short samples.
      const QPen pen = line->pen();
      sample = QStringLiteral("<span style='color:%1; font-weight:700'>%2</span>").arg(pen.color().name(), sampleOf(pen));
    } else {
      continue;
    }
    entries << QStringLiteral("<span style='white-space:nowrap'>%1&nbsp;%2</span>").arg(sample, marker->label());
  }
  return entries.join(QStringLiteral(" &nbsp; "));
}
