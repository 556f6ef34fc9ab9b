#pragma once
// Draws the standard charts (chart_spec.h) with Qt Charts, for the dashboard and for the HTML report, which
// renders them offscreen to SVG. One colour per variant when variants are overlaid (one colour per series when
// there is a single variant), one dash pattern per series; each fault is a shaded band behind the lines, in a
// colour of its own with its label in the legend (fault_label: "error 5 % · payments"). Time axes read in seconds,
// or in h:mm from 20 minutes on. The
// legend is always under the plot, so it never narrows it; with three variants or more it names each variant
// (colour) and each series (dash) once instead of every line.
//
// Qt Charts items are QGraphicsWidgets: a QApplication must exist before build_chart (OffscreenQtApp below
// creates one for headless use).

#include <functional>

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>
#include <memory>
#include <vector>

#include "charts/chart_spec.h"
#include "charts/qt_time_axis.h"

QT_BEGIN_NAMESPACE
class QApplication;
class QChart;
class QPainter;
class QAbstractSeries;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace chaossim {

// Sizes for the screen (normal) and for a projector (workshop: large fonts, thick lines).
struct ChartStyle {
  int title_point_size = 11;
  int axis_title_point_size = 9;
  int axis_labels_point_size = 8;
  int legend_point_size = 9;
  double line_width = 1.6;
  static ChartStyle normal() { return {}; }
  static ChartStyle workshop() { return {20, 16, 15, 16, 4.0}; }
};

// A new chart (the caller owns it; a QChartView takes ownership when given it). Series are named
// "<variant> · <label>" in the legend when there are several variants, "<label>" otherwise. Qt Charts shows titles
// and legend labels as rich text, so every name is HTML-escaped here (QString::toHtmlEscaped): series()->name()
// returns the escaped form. Series in the chart, in order: the fault bands (QAreaSeries named
// "chaossim:fault-band", one per label, at most six and a shared "other faults"), the warm-up band, one QLineSeries
// per (series, variant) with a legend entry, then, for charts whose lines break at gaps (latency), further
// QLineSeries named "chaossim:segment" drawn like their line, without a legend entry. With spec.log_y the y axis is
// a QLogValueAxis, else a QValueAxis; a time x axis is a QCategoryAxis (a QValueAxis whose labels
// set_time_axis_range writes).
QChart* build_chart(const ChartSpec& spec, const std::vector<ChartData>& variants, const FaultBands& fault_bands,
                    const ChartStyle& style = ChartStyle::normal());

// Replaces the points of a chart made by build_chart with the same spec and the same variants in the same order
// (a live view: one call per snapshot, no new series), rescales the axes and redraws the fault bands. Returns
// false when the chart does not match (then build a new one).
bool update_chart(QChart* chart, const ChartSpec& spec, const std::vector<ChartData>& variants,
                  const FaultBands& fault_bands);

// Applies a style to an existing chart (View ▸ Workshop mode).
void apply_chart_style(QChart* chart, const ChartStyle& style);

// For a live view that feeds a chart made by build_chart itself (the dashboard appends buckets as they come):
// The lines with a legend entry, one per (series, variant) in build order: series-major, variants inside.
std::vector<QLineSeries*> chart_lines(QChart* chart);
// A further run of `line` after a gap, drawn like it, without a legend entry (added last, over everything).
QLineSeries* add_line_segment(QChart* chart, QLineSeries* line);
// The runs of `line` after gaps, in the order they were added.
std::vector<QLineSeries*> line_segments(QChart* chart, QLineSeries* line);
// The series with an entry in the legend, in legend order: the bands that are drawn, then, from three variants on,
// the legend's samples (one per variant, one per series), else every visible line; then threshold lines and ringed
// points. For a legend drawn elsewhere.
std::vector<QAbstractSeries*> legend_series(QChart* chart);
// Redraws the fault bands, and the warm-up band, from the bottom of the y axis to its top (after a change of the
// y range). The bands' labels are those the chart was built with; a band with another label joins "other faults".
void set_fault_bands(QChart* chart, const FaultBands& fault_bands);
// Marks the warm-up, [0, seconds), with a grey band (none by default): the metrics leave it out, the lines do not.
void set_warmup(QChart* chart, double seconds, const FaultBands& fault_bands);

// Where the plot area sits inside a drawn chart, in pixels from the left and right edges; 0: where Qt lays it out
// (after the widest y label). Charts stacked in a report get the same margins, so their time axes line up.
struct PlotMargins {
  int left = 0, right = 0;
};

// The chart drawn at `size` (logical pixels). The SVG is a complete document (XML header included); the chart is
// moved into a private scene for drawing and handed back, so it must not be shown in a view at the same time.
// With `legend_below`, Qt's one-row legend gives way to one painted under the chart that wraps into rows
// (qt_legend_painter.h); the document is then taller than `size` by the legend's height.
QByteArray render_svg(QChart* chart, QSize size, const PlotMargins& plot = {}, bool legend_below = false);
// A complete SVG document of `size` logical pixels at the screen's 96 dpi, titled `title` (written as given: escape
// it first), drawn by `paint`: render_svg, and exports that paint more than the chart (a caption).
QByteArray svg_document(QSize size, const QString& title, const std::function<void(QPainter&)>& paint);
QImage render_png(QChart* chart, QSize size, double device_pixel_ratio = 1.0, const PlotMargins& plot = {});

// Makes sure a QApplication exists for headless rendering: when there is none, sets QT_QPA_PLATFORM=offscreen
// unless a display is available (DISPLAY or WAYLAND_DISPLAY), creates one and destroys it with this object.
class OffscreenQtApp {
 public:
  OffscreenQtApp();
  ~OffscreenQtApp();
  OffscreenQtApp(const OffscreenQtApp&) = delete;
  OffscreenQtApp& operator=(const OffscreenQtApp&) = delete;

 private:
  std::unique_ptr<QApplication> m_owned;
};

}  // namespace chaossim
