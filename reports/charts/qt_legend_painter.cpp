#include "charts/qt_legend_painter.h"

#include <QFontMetrics>
#include <QPainter>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <algorithm>
#include <vector>

#include "charts/qt_chart.h"

namespace chaossim {

namespace {

constexpr int kSample = 26;     // width of a sample
constexpr int kGap = 5;         // between a sample and its name
constexpr int kSpacing = 16;    // between entries
constexpr int kPadding = 6;     // above and below the rows

struct Entry {
  QAbstractSeries* series;
  QString name;
  int width;
};

// Series names are HTML-escaped for Qt's rich text (build_chart); painted as plain text they are unescaped.
QString plain(QString name) {
  return name.replace(QStringLiteral("&lt;"), QStringLiteral("<"))
      .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
      .replace(QStringLiteral("&quot;"), QStringLiteral("\""))
      .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
}

std::vector<std::vector<Entry>> rows_of(QChart* chart, int width, const QFont& font) {
  const QFontMetrics metrics(font);
  std::vector<std::vector<Entry>> rows(1);
  int used = 0;
  for (QAbstractSeries* series : legend_series(chart)) {
    const QString name = plain(series->name());
    // A name wider than a row is elided only then, at the row's width.
    // A few pixels of slack: a browser may draw the SVG's text in a slightly wider face than Qt measured.
    const int text = std::min(metrics.horizontalAdvance(name) + 4, width - kSample - kGap);
    const int entry = kSample + kGap + text;
    if (!rows.back().empty() && used + kSpacing + entry > width) {
      rows.emplace_back();
      used = 0;
    }
    used += (rows.back().empty() ? 0 : kSpacing) + entry;
    rows.back().push_back({series, name, entry});
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

int row_height(const QFont& font) { return QFontMetrics(font).height() + 4; }

void paint_sample(QPainter& painter, QAbstractSeries* series, const QRect& box) {
  painter.save();
  if (auto* band = qobject_cast<QAreaSeries*>(series)) {
    QColor edge = band->brush().color();
    edge.setAlpha(255);
    painter.setPen(QPen(edge.darker(150), 1));
    painter.setBrush(band->brush());
    painter.drawRect(box.adjusted(4, 1, -4, -1));
  } else if (auto* marks = qobject_cast<QScatterSeries*>(series)) {
    painter.setPen(marks->pen());
    painter.setBrush(Qt::NoBrush);
    const int r = std::min(box.height(), box.width()) / 2 - 1;
    painter.drawEllipse(box.center(), r, r);
  } else if (auto* line = qobject_cast<QLineSeries*>(series)) {
    QPen pen = line->pen();
    pen.setWidthF(std::min(2.0, pen.widthF()));
    painter.setPen(pen);
    painter.drawLine(box.left(), box.center().y(), box.right(), box.center().y());
  }
  painter.restore();
}

}  // namespace

int wrapped_legend_height(QChart* chart, int width, const QFont& font) {
  const std::size_t rows = rows_of(chart, width, font).size();
  return rows == 0 ? 0 : static_cast<int>(rows) * row_height(font) + 2 * kPadding;
}

void paint_wrapped_legend(QPainter& painter, QChart* chart, const QRect& area, const QFont& font) {
  const int height = row_height(font);
  painter.save();
  painter.setFont(font);
  const QFontMetrics metrics(font);
  int y = area.top() + kPadding;
  for (const std::vector<Entry>& row : rows_of(chart, area.width(), font)) {
    int used = 0;
    for (const Entry& e : row) used += e.width;
    used += kSpacing * static_cast<int>(row.size() - 1);
    int x = area.left() + (area.width() - used) / 2;
    for (const Entry& e : row) {
      paint_sample(painter, e.series, QRect(x, y + 2, kSample, height - 4));
      const int text = e.width - kSample - kGap;
      painter.setPen(QColor(40, 40, 40));
      const bool fits = metrics.horizontalAdvance(e.name) <= text;
      painter.drawText(QRect(x + kSample + kGap, y, text, height), Qt::AlignVCenter | Qt::AlignLeft,
                       fits ? e.name : metrics.elidedText(e.name, Qt::ElideRight, text));
      x += e.width + kSpacing;
    }
    y += height;
  }
  painter.restore();
}

}  // namespace chaossim
