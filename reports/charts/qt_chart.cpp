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
// Further runs of a line broken at gaps (chart_segments): drawn like their line, without a legend entry.
const char* const kSegmentName = "chaossim:segment";
const char* const kLineIndexProperty = "chaossim_line_index";
const char* const kSpecProperty = "chaossim_chart_id";
const char* const kLinesProperty = "chaossim_line_count";

// A band needs a top: the y axis maximum, so the shading fills the plot area from bottom to top.
constexpr double kBandTop = 1e300;

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

QLineSeries* band_upper(QChart* chart) {
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == kBandName) return static_cast<QAreaSeries*>(s)->upperSeries();
  return nullptr;
}

// The lines with a legend entry, one per (series, variant), in build order.
std::vector<QLineSeries*> lines_of(QChart* chart) {
  std::vector<QLineSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() != kBandName && s->objectName() != kSegmentName) out.push_back(static_cast<QLineSeries*>(s));
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
    auto* x = static_cast<QValueAxis*>(xs.front());
    x->setRange(x_min, x_max);
    // Ticks on round values (0, 100, 200 s) rather than on equal fifths of the range (148.75 s).
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(nice_step(x_max - x_min, 8));
  }
  auto* y = static_cast<QValueAxis*>(ys.front());
  if (spec.percent) {
    y->setRange(0, 100);
  } else {
    y->setRange(0, e.y_max > 0 ? e.y_max * 1.05 : 1.0);
    y->applyNiceNumbers();
  }
  if (QLineSeries* upper = band_upper(chart)) upper->replace(band_points(fault_windows, y->max()));
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
  band->setBrush(QColor(140, 140, 140, 40));
  upper->replace(band_points(fault_windows, kBandTop));
  attach(chart, band);
  for (QLegendMarker* m : chart->legend()->markers(band)) {
    // A filled swatch like the band itself (the series' own marker would be an empty outline: the band has no pen).
    m->setShape(QLegend::MarkerShapeRectangle);
    m->setBrush(QColor(140, 140, 140, 110));
    m->setPen(QPen(QColor(140, 140, 140)));
    m->setVisible(!fault_windows.empty());
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
  // One row of legend under the chart holds about 120 characters of names; Qt truncates beyond, so longer legends
  // go in a column on the right, where every name fits.
  qsizetype legend_chars = fault_windows.empty() ? 0 : 16;
  for (QLineSeries* line : lines_of(chart)) legend_chars += line->name().size() + 6;
  chart->legend()->setAlignment(legend_chars > 120 ? Qt::AlignRight : Qt::AlignBottom);
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
  for (QAbstractSeries* series : chart->series())
    if (series->objectName() == kBandName)
      for (QLegendMarker* m : chart->legend()->markers(series)) m->setVisible(!fault_windows.empty());
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
  for (QLineSeries* segment : segments_of(chart)) {
    const auto index = segment->property(kLineIndexProperty).toULongLong();
    if (index < lines.size()) segment->setPen(lines[index]->pen());
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

QByteArray render_svg(QChart* chart, QSize size) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  // The chart was laid out with the screen's 96 dpi font metrics; the SVG must size text the same way (its default,
  // 72 dpi, draws every label a quarter smaller than the space made for it).
  svg.setResolution(96);
  // QSvgGenerator writes the title element as given: the chart title is already escaped (chart_text).
  svg.setTitle(chart->title());
  paint_chart(chart, size, [&](QGraphicsScene& scene) {
    QPainter painter(&svg);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), scene.sceneRect());
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
