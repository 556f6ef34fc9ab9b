#include "charts/qt_chart.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

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
// Threshold lines and ringed points (ChartSpec::references, ChartSpec::marks): drawn over the lines, not lines.
const char* const kReferenceName = "chaossim:reference";
const char* const kReferenceValueProperty = "chaossim_reference_y";
const char* const kMarksName = "chaossim:marks";
const char* const kSpecProperty = "chaossim_chart_id";
const char* const kLinesProperty = "chaossim_line_count";
// A line drawn over an identical earlier one (copies_of_earlier_lines): thinner, so the one below stays visible.
const char* const kCopyProperty = "chaossim_copy";


// One fill per fault label, pale enough that lines stay readable over it yet far from white on a projector (a grey
// at 16% was #EDEDED: invisible). The first is the yellow the line palette leaves out; the others are tints that
// differ in hue from each other. Labels beyond the last share a grey "other faults" band.
constexpr std::size_t kBandColours = 6;
QColor band_fill(std::size_t index) {
  static const QColor fills[kBandColours] = {QColor(240, 228, 66, 120),  QColor(86, 180, 233, 80),
                                             QColor(204, 121, 167, 80),  QColor(0, 158, 115, 70),
                                             QColor(230, 159, 0, 90),    QColor(120, 90, 200, 70)};
  return index < kBandColours ? fills[index] : QColor(150, 150, 150, 70);
}
QColor band_edge(std::size_t index) {
  QColor c = band_fill(index);
  c.setAlpha(255);
  return c.darker(150);
}
const char* const kBandLabelProperty = "chaossim_band_label";
const char* const kBandIndexProperty = "chaossim_band_index";
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

// The band outline: a step function at the top of the plot inside each window and at the bottom elsewhere, so one
// area series shades every window of a fault (and, added before the lines, stays behind them).
QList<QPointF> band_points(const std::vector<std::pair<double, double>>& windows, double bottom, double top) {
  QList<QPointF> out;
  for (const auto& [start, end] : windows) {
    out.append(QPointF(start, bottom));
    out.append(QPointF(start, top));
    out.append(QPointF(end, top));
    out.append(QPointF(end, bottom));
  }
  return out;
}

// The y range of a linear or logarithmic axis.
std::pair<double, double> y_range(QChart* chart) {
  const QList<QAbstractAxis*> ys = chart->axes(Qt::Vertical);
  if (ys.isEmpty()) return {0.0, 1.0};
  if (auto* log = qobject_cast<QLogValueAxis*>(ys.front())) return {log->min(), log->max()};
  if (auto* linear = qobject_cast<QValueAxis*>(ys.front())) return {linear->min(), linear->max()};
  return {0.0, 1.0};
}

// The windows of the bands that a band series shades: those with its label, or, for the shared "other faults"
// series, those whose label has no series of its own.
std::vector<std::pair<double, double>> windows_for(const FaultBands& bands, const std::vector<std::string>& labels,
                                                   std::size_t index) {
  std::vector<std::pair<double, double>> out;
  for (const FaultBand& b : bands) {
    const auto at = static_cast<std::size_t>(std::find(labels.begin(), labels.end(), b.label) - labels.begin());
    if (std::min(at, kBandColours) == index) out.emplace_back(b.start, b.end);
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
  double y_min_positive = 0;  // for a logarithmic axis; 0 when no point is above zero
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
        if (y > 0) e.y_min_positive = e.y_min_positive > 0 ? std::min(e.y_min_positive, y) : y;
        e.any = true;
      }
  return e;
}

// The lines with a legend entry, one per (series, variant), in build order.
std::vector<QLineSeries*> lines_of(QChart* chart) {
  std::vector<QLineSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() != kBandName && s->objectName() != kWarmupName && s->objectName() != kSegmentName &&
        s->objectName() != kLegendKeyName && s->objectName() != kReferenceName && s->objectName() != kMarksName)
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


// Sets axis ranges from the data and moves the band tops to the new y maximum.
void rescale(QChart* chart, const ChartSpec& spec, const std::vector<ChartData>& variants,
             const FaultBands& fault_bands) {
  Extent e = extent_of(spec, variants);
  for (const ReferenceLine& r : spec.references) e.y_max = std::max(e.y_max, r.y);  // a threshold stays in view
  const QList<QAbstractAxis*> xs = chart->axes(Qt::Horizontal), ys = chart->axes(Qt::Vertical);
  if (xs.isEmpty() || ys.isEmpty()) return;
  double x_min = e.any ? e.x_min : 0, x_max = e.any ? e.x_max : 1;
  if (!spec.x_categories.empty()) {
    x_min = -0.5;
    x_max = static_cast<double>(spec.x_categories.size()) - 0.5;
    xs.front()->setRange(x_min, x_max);
  } else {
    if (x_max <= x_min) x_max = x_min + 1;
    auto* x = static_cast<QValueAxis*>(xs.front());
    set_time_axis_range(x, x_min, x_max);
    if (spec.integer_x && x->tickInterval() < 1) x->setTickInterval(1);
  }
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == kReferenceName) {
      auto* line = static_cast<QLineSeries*>(s);
      const double y = line->property(kReferenceValueProperty).toDouble();
      line->replace({QPointF(x_min, y), QPointF(x_max, y)});
    }
  if (auto* log = qobject_cast<QLogValueAxis*>(ys.front())) {
    // Whole decades, so the labels are round numbers.
    const double low = e.y_min_positive > 0 ? std::pow(10.0, std::floor(std::log10(e.y_min_positive))) : 1.0;
    const double high = e.y_max > 0 ? std::pow(10.0, std::ceil(std::log10(e.y_max))) : 10.0;
    log->setRange(low, high > low ? high : low * 10);
  } else if (auto* y = qobject_cast<QValueAxis*>(ys.front()); y && spec.percent) {
    y->setRange(0, 100);
  } else if (y) {
    y->setRange(0, e.y_max > 0 ? e.y_max * 1.05 : 1.0);
    y->applyNiceNumbers();
  }
  set_fault_bands(chart, fault_bands);
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

QChart* build_chart(const ChartSpec& spec, const std::vector<ChartData>& variants, const FaultBands& fault_bands,
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
    const std::size_t step = category_label_step(spec.x_categories);
    for (std::size_t i = 0; i < spec.x_categories.size(); i += step)
      categories->append(chart_text(spec.x_categories[i]), static_cast<double>(i));
    x_axis = categories;
  } else if (spec.x_column == series::name(series::kTime)) {
    x_axis = make_time_axis(chart_text(spec.x_label));
  } else {
    auto* values = new QValueAxis();
    values->setLabelFormat(spec.integer_x ? QStringLiteral("%.0f") : QStringLiteral("%g"));
    x_axis = values;
  }
  x_axis->setTitleText(chart_text(spec.x_label));
  QAbstractAxis* y_axis = nullptr;
  if (spec.log_y) {
    auto* log = new QLogValueAxis();
    log->setLabelFormat(QStringLiteral("%g"));
    log->setMinorTickCount(-1);  // the 2…9 ticks of each decade
    y_axis = log;
  } else {
    auto* linear = new QValueAxis();
    linear->setLabelFormat(QStringLiteral("%g"));
    y_axis = linear;
  }
  y_axis->setTitleText(chart_text(spec.y_label) + (spec.log_y ? QStringLiteral(" (log scale)") : QString()));
  chart->addAxis(x_axis, Qt::AlignBottom);
  chart->addAxis(y_axis, Qt::AlignLeft);

  // The bands first, so the lines are drawn over them: one per fault label, the rest in one "other faults".
  std::vector<std::string> labels = band_labels(fault_bands);
  const std::size_t band_series = std::min(labels.size(), kBandColours + 1);
  chart->setProperty(kBandLabelProperty, [&] {
    QStringList list;
    for (const std::string& l : labels) list.append(QString::fromStdString(l));
    return list;
  }());
  for (std::size_t i = 0; i < band_series; ++i) {
    auto* band = new QAreaSeries(new QLineSeries(), new QLineSeries());
    band->setObjectName(kBandName);
    band->setProperty(kBandIndexProperty, static_cast<qulonglong>(i));
    band->setName(i < kBandColours ? chart_text(labels[i]) : QStringLiteral("other faults"));
    band->setPen(Qt::NoPen);
    band->setBrush(band_fill(i));
    attach(chart, band);
    for (QLegendMarker* m : chart->legend()->markers(band)) {
      // A filled swatch like the band itself (the series' own marker would be an empty outline: the band has no pen).
      m->setShape(QLegend::MarkerShapeRectangle);
      m->setBrush(band_fill(i));
      m->setPen(QPen(band_edge(i)));
    }
  }
  // The warm-up band, empty until set_warmup gives it a length.
  auto* warmup = new QAreaSeries(new QLineSeries(), new QLineSeries());
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
  for (const ReferenceLine& r : spec.references) {
    auto* reference = new QLineSeries();
    reference->setObjectName(kReferenceName);
    reference->setProperty(kReferenceValueProperty, r.y);
    reference->setName(chart_text(r.label));
    QPen pen(QColor(90, 90, 90));
    pen.setStyle(Qt::DashLine);
    reference->setPen(pen);
    attach(chart, reference);
  }
  if (!spec.marks.empty()) {
    auto* marks = new QScatterSeries();
    marks->setObjectName(kMarksName);
    marks->setName(chart_text(spec.marks_label));
    marks->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    marks->setMarkerSize(14);
    marks->setBrush(Qt::NoBrush);
    marks->setPen(QPen(QColor(200, 0, 0), 2));
    marks->replace(to_qpoints(spec.marks));
    attach(chart, marks);
  }
  // Points after every line exists, so that segments (added with their points) come after all of them.
  const std::vector<QLineSeries*> made = lines_of(chart);
  // A line equal to an earlier variant's would be drawn exactly over it: it is drawn thinner, so the one below
  // shows as its border, and named as a copy.
  const std::vector<long> copies = copies_of_earlier_lines(spec, variants);
  for (std::size_t i = 0; i < made.size(); ++i)
    if (copies[i] >= 0) {
      made[i]->setProperty(kCopyProperty, true);
      made[i]->setName(made[i]->name() + QStringLiteral(" (same as %1)")
                                             .arg(chart_text(variants[static_cast<std::size_t>(copies[i])].variant)));
    }
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
  rescale(chart, spec, variants, fault_bands);
  apply_chart_style(chart, style);
  return chart;
}

bool update_chart(QChart* chart, const ChartSpec& spec, const std::vector<ChartData>& variants,
                  const FaultBands& fault_bands) {
  if (!chart || chart->property(kSpecProperty).toString() != QString::fromStdString(spec.id)) return false;
  const std::vector<QLineSeries*> lines = lines_of(chart);
  if (lines.size() != spec.series.size() * variants.size()) return false;
  remove_segments(chart);
  for (std::size_t s = 0, i = 0; s < spec.series.size(); ++s)
    for (std::size_t v = 0; v < variants.size(); ++v, ++i)
      set_runs(chart, lines[i], i, chart_segments(spec, spec.series[s], variants[v]));
  rescale(chart, spec, variants, fault_bands);
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
    pen.setWidthF(line->property(kCopyProperty).toBool() ? std::max(1.0, style.line_width * 0.45) : style.line_width);
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
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == kReferenceName || s->objectName() == kMarksName) out.push_back(s);
  return out;
}

void set_fault_bands(QChart* chart, const FaultBands& fault_bands) {
  const auto [bottom, top] = y_range(chart);
  const double warmup = chart->property(kWarmupProperty).toDouble();
  // The labels the bands were built for: a band of a new label (a live view never has one) goes to "other faults".
  std::vector<std::string> labels;
  for (const QString& l : chart->property(kBandLabelProperty).toStringList()) labels.push_back(l.toStdString());
  for (QAbstractSeries* series : chart->series()) {
    std::vector<std::pair<double, double>> windows;
    if (series->objectName() == kBandName)
      windows = windows_for(fault_bands, labels, series->property(kBandIndexProperty).toULongLong());
    else if (series->objectName() == kWarmupName && warmup > 0)
      windows = {{0.0, warmup}};
    else if (series->objectName() != kWarmupName)
      continue;
    auto* area = static_cast<QAreaSeries*>(series);
    area->upperSeries()->replace(band_points(windows, bottom, top));
    // An explicit floor: without one the area closes at y = 0, which a logarithmic axis cannot place.
    QList<QPointF> floor;
    if (!windows.empty()) floor = {QPointF(windows.front().first, bottom), QPointF(windows.back().second, bottom)};
    area->lowerSeries()->replace(floor);
    for (QLegendMarker* m : chart->legend()->markers(series)) m->setVisible(!windows.empty());
  }
}

void set_warmup(QChart* chart, double seconds, const FaultBands& fault_bands) {
  chart->setProperty(kWarmupProperty, seconds);
  set_fault_bands(chart, fault_bands);
}

}  // namespace chaossim
