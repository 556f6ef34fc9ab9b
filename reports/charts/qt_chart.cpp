#include "charts/qt_chart.h"

#include <QApplication>
#include <QBuffer>
#include <QGraphicsScene>
#include <QPainter>
#include <QSvgGenerator>  // Qt SVG: QPainter onto an SVG document
#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace chaossim {

namespace {

// Object names that let update_chart find what build_chart made.
const char* const kBandName = "chaossim:fault-band";
const char* const kWarmupName = "chaossim:warmup-band";
const char* const kWarmupProperty = "chaossim_warmup_s";
// Further runs of a line broken at gaps (chart_segments): drawn like their line, without a legend entry.
const char* const kSegmentName = "chaossim:segment";
// Legend-only lines without points: with three variants or more the legend names each variant and each series once.
const char* const kLegendKeyName = "chaossim:legend-key";
const char* const kLineIndexProperty = "chaossim_line_index";
const char* const kSpecProperty = "chaossim_chart_id";
const char* const kLinesProperty = "chaossim_line_count";

// A band needs a top: the y axis maximum, so the shading fills the plot area from bottom to top.
constexpr double kBandTop = 1e300;

// Fault bands in a pale yellow that stands out on white (a grey at 16% was #EDEDED: invisible on a projector) and
// is none of the line colours (the palette leaves yellow out for lines).
QColor band_fill() { return QColor(240, 228, 66, 120); }
QColor band_edge() { return QColor(160, 140, 0); }
// The warm-up (left out of the metrics, drawn in the charts) in grey, unlike any fault.
QColor warmup_fill() { return QColor(120, 120, 120, 55); }

// From three variants on, the legend names variants and series once each rather than every line.
constexpr std::size_t kFactoredLegendVariants = 3;

// Lines of one series share a dash pattern across variants, so a reader can tell "attempts" from "succeeded"
// when colour already means the variant.
Qt::PenStyle dash_for(std::size_t series_index) {
  static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
  return styles[series_index % (sizeof styles / sizeof styles[0])];
}

QColor line_colour(std::size_t series_index, std::size_t variant_index, std::size_t variant_count) {
  return QColor(QString::fromStdString(palette_colour(variant_count > 1 ? variant_index : series_index)));
}

// Qt Charts lays out titles, axis titles and legend labels as rich text: names that come from a scenario are
// escaped so that they are shown as written and never interpreted.
QString chart_text(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

QList<QPointF> to_qpoints(const ChartPoints& points) {
  QList<QPointF> out;
  out.reserve(static_cast<qsizetype>(points.size()));
  for (const auto& [x, y] : points) out.append(QPointF(x, y));
  return out;
}

// The band outline: a step function at the top of the plot inside each window and zero elsewhere, so one area
// series shades every window (and, added first, stays behind the lines).
QList<QPointF> band_points(const FaultWindows& windows, double top) {
  QList<QPointF> out;
  for (const auto& [start, end] : windows) {
    out.append(QPointF(start, 0));
    out.append(QPointF(start, top));
    out.append(QPointF(end, top));
    out.append(QPointF(end, 0));
  }
  return out;
}

QString series_name(const ChartSpec& spec, std::size_t s, const ChartData& data, std::size_t variant_count) {
  const QString label = chart_text(spec.series[s].label);
  if (variant_count <= 1) return label;
  const QString variant = chart_text(data.variant);
  return spec.series.size() == 1 ? variant : variant + QStringLiteral(" · ") + label;
}

struct Extent {
  double x_min = 0, x_max = 0, y_max = 0;
  bool any = false;
};

Extent extent_of(const ChartSpec& spec, const std::vector<ChartData>& variants) {
  Extent e;
  for (const ChartData& d : variants)
    for (const SeriesSpec& s : spec.series)
      for (const auto& [x, y] : chart_points(spec, s, d)) {
        if (!e.any) e.x_min = e.x_max = x;
        e.x_min = std::min(e.x_min, x);
        e.x_max = std::max(e.x_max, x);
        e.y_max = std::max(e.y_max, y);
        e.any = true;
      }
  return e;
}

// The lines with a legend entry, one per (series, variant), in build order.
std::vector<QLineSeries*> lines_of(QChart* chart) {
  std::vector<QLineSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() != kBandName && s->objectName() != kWarmupName && s->objectName() != kSegmentName &&
        s->objectName() != kLegendKeyName)
      out.push_back(static_cast<QLineSeries*>(s));
  return out;
}

std::vector<QLineSeries*> legend_keys_of(QChart* chart) {
  std::vector<QLineSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == kLegendKeyName) out.push_back(static_cast<QLineSeries*>(s));
  return out;
}

std::vector<QLineSeries*> segments_of(QChart* chart) {
  std::vector<QLineSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == kSegmentName) out.push_back(static_cast<QLineSeries*>(s));
  return out;
}

// A tick step of 1, 2 or 5 times a power of ten giving at most about `ticks` intervals over `span`.
double nice_step(double span, int ticks) {
  if (span <= 0) return 1;
  const double raw = span / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

// Sets axis ranges from the data and moves the band tops to the new y maximum.
void rescale(QChart* chart, const ChartSpec& spec, const std::vector<ChartData>& variants,
             const FaultWindows& fault_windows) {
  const Extent e = extent_of(spec, variants);
  const QList<QAbstractAxis*> xs = chart->axes(Qt::Horizontal), ys = chart->axes(Qt::Vertical);
  if (xs.isEmpty() || ys.isEmpty()) return;
  if (!spec.x_categories.empty()) {
    xs.front()->setRange(-0.5, static_cast<double>(spec.x_categories.size()) - 0.5);
  } else {
    double x_min = e.any ? e.x_min : 0, x_max = e.any ? e.x_max : 1;
    if (x_max <= x_min) x_max = x_min + 1;
    set_time_axis_range(static_cast<QValueAxis*>(xs.front()), x_min, x_max);
  }
  auto* y = static_cast<QValueAxis*>(ys.front());
  if (spec.percent) {
    y->setRange(0, 100);
  } else {
    y->setRange(0, e.y_max > 0 ? e.y_max * 1.05 : 1.0);
    y->applyNiceNumbers();
  }
  set_fault_windows(chart, fault_windows);
}

void attach(QChart* chart, QAbstractSeries* series) {
  chart->addSeries(series);
  for (QAbstractAxis* axis : chart->axes()) series->attachAxis(axis);
}

// Puts the first run of points in `line` and every further run in a segment series drawn the same way.
void set_runs(QChart* chart, QLineSeries* line, std::size_t line_index, const std::vector<ChartPoints>& runs) {
  line->replace(runs.empty() ? QList<QPointF>() : to_qpoints(runs.front()));
  for (std::size_t r = 1; r < runs.size(); ++r) {
    auto* segment = new QLineSeries();
    segment->setObjectName(kSegmentName);
    segment->setProperty(kLineIndexProperty, static_cast<qulonglong>(line_index));
    segment->setPen(line->pen());
    segment->setPointsVisible(line->pointsVisible());
    segment->replace(to_qpoints(runs[r]));
    attach(chart, segment);
    for (QLegendMarker* m : chart->legend()->markers(segment)) m->setVisible(false);
  }
}

void remove_segments(QChart* chart) {
  for (QLineSeries* segment : segments_of(chart)) {
    chart->removeSeries(segment);
    delete segment;
  }
}

// Qt draws a legend marker as a short sample of the line's pen, too short for a dash pattern scaled to the line
// width to show: a dashed and a solid line got the same marker. The markers of dashed lines get a pattern of short
// dashes that shows within the sample.
void distinguish_dashed_markers(QChart* chart) {
  for (QLegendMarker* m : chart->legend()->markers()) {
    auto* line = qobject_cast<QLineSeries*>(m->series());
    if (!line || line->pen().style() == Qt::SolidLine) continue;
    QPen pen = line->pen();
    pen.setWidthF(std::max(2.0, pen.widthF()));
    const double w = pen.widthF();
    // In units of the pen width: a dash, a gap, (a dot, a gap).
    const double dash = 5.0 / w, dot = 1.5 / w, gap = 3.0 / w;
    switch (line->pen().style()) {
      case Qt::DashLine: pen.setDashPattern({dash, gap}); break;
      case Qt::DotLine: pen.setDashPattern({dot, gap}); break;
      case Qt::DashDotLine: pen.setDashPattern({dash, gap, dot, gap}); break;
      default: pen.setDashPattern({dash, gap, dot, gap, dot, gap}); break;
    }
    m->setPen(pen);
  }
}

}  // namespace

QChart* build_chart(const ChartSpec& spec, const std::vector<ChartData>& variants, const FaultWindows& fault_windows,
                    const ChartStyle& style) {
  auto* chart = new QChart();
  chart->setTitle(chart_text(spec.title));
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setBackgroundRoundness(0);
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);  // a line sample shows the dash pattern
  chart->setProperty(kSpecProperty, QString::fromStdString(spec.id));

  QAbstractAxis* x_axis = nullptr;
  if (!spec.x_categories.empty()) {
    auto* categories = new QCategoryAxis();
    categories->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    for (std::size_t i = 0; i < spec.x_categories.size(); ++i)
      categories->append(chart_text(spec.x_categories[i]), static_cast<double>(i));
    x_axis = categories;
  } else {
    auto* values = new QValueAxis();
    values->setLabelFormat(QStringLiteral("%g"));
    x_axis = values;
  }
  x_axis->setTitleText(chart_text(spec.x_label));
  auto* y_axis = new QValueAxis();
  y_axis->setLabelFormat(QStringLiteral("%g"));
  y_axis->setTitleText(chart_text(spec.y_label));
  chart->addAxis(x_axis, Qt::AlignBottom);
  chart->addAxis(y_axis, Qt::AlignLeft);

  // The band first, so the lines are drawn over it.
  auto* upper = new QLineSeries();
  auto* band = new QAreaSeries(upper);
  band->setObjectName(kBandName);
  band->setName(QStringLiteral("fault window"));
  band->setPen(Qt::NoPen);
  band->setBrush(band_fill());
  upper->replace(band_points(fault_windows, kBandTop));
  attach(chart, band);
  for (QLegendMarker* m : chart->legend()->markers(band)) {
    // A filled swatch like the band itself (the series' own marker would be an empty outline: the band has no pen).
    m->setShape(QLegend::MarkerShapeRectangle);
    m->setBrush(band_fill());
    m->setPen(QPen(band_edge()));
    m->setVisible(!fault_windows.empty());
  }
  // The warm-up band, empty until set_warmup gives it a length.
  auto* warmup = new QAreaSeries(new QLineSeries());
  warmup->setObjectName(kWarmupName);
  warmup->setName(QStringLiteral("warm-up"));
  warmup->setPen(Qt::NoPen);
  warmup->setBrush(warmup_fill());
  attach(chart, warmup);
  for (QLegendMarker* m : chart->legend()->markers(warmup)) {
    m->setShape(QLegend::MarkerShapeRectangle);
    m->setBrush(warmup_fill());
    m->setVisible(false);
  }

  std::size_t lines = 0;
  const bool few_points = !variants.empty() && variants.front().row_count() <= 24;
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    for (std::size_t v = 0; v < variants.size(); ++v) {
      auto* line = new QLineSeries();
      line->setName(series_name(spec, s, variants[v], variants.size()));
      QPen pen(line_colour(s, v, variants.size()));
      pen.setStyle(variants.size() > 1 ? dash_for(s) : Qt::SolidLine);
      line->setPen(pen);
      line->setPointsVisible(few_points);
      attach(chart, line);
      ++lines;
    }
  }
  chart->setProperty(kLinesProperty, static_cast<qulonglong>(lines));
  // Points after every line exists, so that segments (added with their points) come after all of them.
  const std::vector<QLineSeries*> made = lines_of(chart);
  for (std::size_t s = 0, i = 0; s < spec.series.size(); ++s)
    for (std::size_t v = 0; v < variants.size(); ++v, ++i)
      set_runs(chart, made[i], i, chart_segments(spec, spec.series[s], variants[v]));
  // The legend goes under the plot, always: on the right it took half the width of a compare. With many variants
  // one entry per line would not fit in a row, so each variant (its colour) and each series (its dash) is named
  // once, by lines without points that exist only for the legend.
  chart->legend()->setAlignment(Qt::AlignBottom);
  if (variants.size() >= kFactoredLegendVariants) {
    for (QLineSeries* line : lines_of(chart))
      for (QLegendMarker* m : chart->legend()->markers(line)) m->setVisible(false);
    const auto add_key = [&](const QString& name, const QPen& pen) {
      auto* key = new QLineSeries();
      key->setObjectName(kLegendKeyName);
      key->setName(name);
      key->setPen(pen);
      attach(chart, key);
    };
    for (std::size_t v = 0; v < variants.size(); ++v)
      add_key(chart_text(variants[v].variant), QPen(line_colour(0, v, variants.size())));
    if (spec.series.size() > 1)
      for (std::size_t s = 0; s < spec.series.size(); ++s) {
        QPen pen(QColor(60, 60, 60));
        pen.setStyle(dash_for(s));
        add_key(chart_text(spec.series[s].label), pen);
      }
  }
  rescale(chart, spec, variants, fault_windows);
  apply_chart_style(chart, style);
  return chart;
}

bool update_chart(QChart* chart, const ChartSpec& spec, const std::vector<ChartData>& variants,
                  const FaultWindows& fault_windows) {
  if (!chart || chart->property(kSpecProperty).toString() != QString::fromStdString(spec.id)) return false;
  const std::vector<QLineSeries*> lines = lines_of(chart);
  if (lines.size() != spec.series.size() * variants.size()) return false;
  remove_segments(chart);
  for (std::size_t s = 0, i = 0; s < spec.series.size(); ++s)
    for (std::size_t v = 0; v < variants.size(); ++v, ++i)
      set_runs(chart, lines[i], i, chart_segments(spec, spec.series[s], variants[v]));
  rescale(chart, spec, variants, fault_windows);
  return true;
}

void apply_chart_style(QChart* chart, const ChartStyle& style) {
  const auto font = [](int points, bool bold = false) {
    QFont f;
    f.setPointSize(points);
    f.setBold(bold);
    return f;
  };
  chart->setTitleFont(font(style.title_point_size, true));
  chart->legend()->setFont(font(style.legend_point_size));
  for (QAbstractAxis* axis : chart->axes()) {
    axis->setTitleFont(font(style.axis_title_point_size));
    axis->setLabelsFont(font(style.axis_labels_point_size));
  }
  const std::vector<QLineSeries*> lines = lines_of(chart);
  for (QLineSeries* line : lines) {
    QPen pen = line->pen();
    pen.setWidthF(style.line_width);
    line->setPen(pen);
  }
  for (QLineSeries* key : legend_keys_of(chart)) {
    QPen pen = key->pen();
    pen.setWidthF(style.line_width);
    key->setPen(pen);
  }
  distinguish_dashed_markers(chart);
  for (QLineSeries* segment : segments_of(chart)) {
    const auto index = segment->property(kLineIndexProperty).toULongLong();
    if (index < lines.size()) segment->setPen(lines[index]->pen());
  }
}

std::vector<QLineSeries*> chart_lines(QChart* chart) { return chart ? lines_of(chart) : std::vector<QLineSeries*>{}; }

QLineSeries* add_line_segment(QChart* chart, QLineSeries* line) {
  const std::vector<QLineSeries*> lines = lines_of(chart);
  const auto it = std::find(lines.begin(), lines.end(), line);
  Q_ASSERT(it != lines.end());
  auto* segment = new QLineSeries();
  segment->setObjectName(kSegmentName);
  segment->setProperty(kLineIndexProperty, static_cast<qulonglong>(it - lines.begin()));
  segment->setPen(line->pen());
  segment->setPointsVisible(line->pointsVisible());
  segment->setVisible(line->isVisible());
  attach(chart, segment);
  for (QLegendMarker* m : chart->legend()->markers(segment)) m->setVisible(false);
  return segment;
}

std::vector<QLineSeries*> line_segments(QChart* chart, QLineSeries* line) {
  const std::vector<QLineSeries*> lines = lines_of(chart);
  const auto index = static_cast<qulonglong>(std::find(lines.begin(), lines.end(), line) - lines.begin());
  std::vector<QLineSeries*> out;
  for (QLineSeries* segment : segments_of(chart))
    if (segment->property(kLineIndexProperty).toULongLong() == index) out.push_back(segment);
  return out;
}

std::vector<QAbstractSeries*> legend_series(QChart* chart) {
  std::vector<QAbstractSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if ((s->objectName() == kBandName || s->objectName() == kWarmupName) &&
        static_cast<QAreaSeries*>(s)->upperSeries()->count() > 0)
      out.push_back(s);
  const std::vector<QLineSeries*> keys = legend_keys_of(chart);
  for (QLineSeries* line : keys.empty() ? lines_of(chart) : keys)
    if (line->isVisible()) out.push_back(line);
  return out;
}

void set_fault_windows(QChart* chart, const FaultWindows& fault_windows) {
  const QList<QAbstractAxis*> ys = chart->axes(Qt::Vertical);
  const double top = ys.isEmpty() ? 1.0 : static_cast<QValueAxis*>(ys.front())->max();
  const double warmup = chart->property(kWarmupProperty).toDouble();
  for (QAbstractSeries* series : chart->series()) {
    FaultWindows windows;
    if (series->objectName() == kBandName) windows = fault_windows;
    else if (series->objectName() == kWarmupName && warmup > 0) windows = {{0.0, warmup}};
    else if (series->objectName() != kWarmupName) continue;
    static_cast<QAreaSeries*>(series)->upperSeries()->replace(band_points(windows, top));
    for (QLegendMarker* m : chart->legend()->markers(series)) m->setVisible(!windows.empty());
  }
}

void set_warmup(QChart* chart, double seconds, const FaultWindows& fault_windows) {
  chart->setProperty(kWarmupProperty, seconds);
  set_fault_windows(chart, fault_windows);
}

void set_time_axis_range(QValueAxis* axis, double from, double to, int ticks) {
  if (!(to > from)) {
    axis->setRange(from, to);
    return;
  }
  const double step = nice_step(to - from, ticks);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  // Widening: the coarser interval first, then the range; narrowing: the range first. Either way no moment has
  // more ticks than the old or the new range needs.
  if (step >= axis->tickInterval()) {
    axis->setTickInterval(step);
    axis->setRange(from, to);
  } else {
    axis->setRange(from, to);
    axis->setTickInterval(step);
  }
}

namespace {

// Lays the chart out at `size` in a private scene and paints it; the chart is handed back to its owner after.
template <class Paint>
void paint_chart(QChart* chart, QSize size, Paint&& paint) {
  QGraphicsScene scene;
  QGraphicsScene* previous = chart->scene();
  if (previous) previous->removeItem(chart);
  scene.addItem(chart);
  chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
  scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
  // Qt Charts lays out on posted LayoutRequest events; without an event loop they must be delivered here.
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  paint(scene);
  scene.removeItem(chart);
  if (previous) previous->addItem(chart);
}

}  // namespace

QByteArray svg_document(QSize size, const QString& title, const std::function<void(QPainter&)>& paint) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  // Charts are laid out with the screen's 96 dpi font metrics; the SVG must size text the same way (its default,
  // 72 dpi, draws every label a quarter smaller than the space made for it).
  svg.setResolution(96);
  svg.setTitle(title);  // written as given
  {
    QPainter painter(&svg);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter);
  }
  return bytes;
}

QByteArray render_svg(QChart* chart, QSize size) {
  QByteArray bytes;
  // The chart title is already escaped (chart_text).
  paint_chart(chart, size, [&](QGraphicsScene& scene) {
    bytes = svg_document(size, chart->title(), [&](QPainter& painter) {
      scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), scene.sceneRect());
    });
  });
  return bytes;
}

QImage render_png(QChart* chart, QSize size, double device_pixel_ratio) {
  QImage image(size * device_pixel_ratio, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(device_pixel_ratio);
  image.fill(Qt::white);
  paint_chart(chart, size, [&](QGraphicsScene& scene) {
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), scene.sceneRect());
  });
  return image;
}

namespace {
int g_argc = 1;
char g_arg0[] = "chaossim";
char* g_argv[] = {g_arg0, nullptr};
}  // namespace

namespace {
QtMessageHandler g_previous_handler = nullptr;

// Headless runs (CLI, CI) have no session: Qt's note that XDG_RUNTIME_DIR is unset is noise there.
void quiet_headless_messages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (message.startsWith(QStringLiteral("QStandardPaths: XDG_RUNTIME_DIR"))) return;
  if (g_previous_handler) g_previous_handler(type, context, message);
}
}  // namespace

OffscreenQtApp::OffscreenQtApp() {
  if (QCoreApplication::instance()) return;
  g_previous_handler = qInstallMessageHandler(quiet_headless_messages);
  const bool has_display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
  if (!has_display && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  m_owned = std::make_unique<QApplication>(g_argc, g_argv);
}

OffscreenQtApp::~OffscreenQtApp() {
  if (!m_owned) return;
  m_owned.reset();
  qInstallMessageHandler(g_previous_handler);
}

}  // namespace chaossim
