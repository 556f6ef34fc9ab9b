#pragma once
// The legend of a dashboard chart as rich text for a label under it, in place of Qt's legend: Qt lays its legend
// out in one row and elides what does not fit ("operati…" at 1280 px), and its line samples are too short to
// show a dash pattern. This one wraps onto as many lines as it needs, never takes width from the plot, and draws
// each line's sample in its colour with its pattern spelled out (━━ solid, ╍╍ dashed, ┅┅ dotted).

#include <QString>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

// The visible entries of the chart's legend (bands as swatches, lines as samples), in legend order.
QString chartLegendHtml(QChart* chart);
