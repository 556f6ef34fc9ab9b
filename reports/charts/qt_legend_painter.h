#pragma once
// A chart's legend painted under it, wrapping into as many rows as its entries need. Qt's own legend keeps one row
// and elides what does not fit ("operations offe…"), which lost the names of a compare of three variants; a report
// draws this one instead (render_svg with a legend below).

#include <QFont>
#include <QRect>

QT_BEGIN_NAMESPACE
class QChart;
class QPainter;
QT_END_NAMESPACE

namespace chaossim {

// The height the legend of `chart` (legend_series, qt_chart.h) needs at this width and font.
int wrapped_legend_height(QChart* chart, int width, const QFont& font);
// Paints it into `area`: each entry a sample (a band's swatch, a line's pen, a ringed point) and its name, rows
// centred.
void paint_wrapped_legend(QPainter& painter, QChart* chart, const QRect& area, const QFont& font);

}  // namespace chaossim
