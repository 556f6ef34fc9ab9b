#include "app/live_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QPen>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

#include "charts/qt_chart.h"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool sameValues(const std::vector<QPointF>& a, const std::vector<QPointF>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool aNaN = std::isnan(a[i].y()), bNaN = std::isnan(b[i].y());
    if (aNaN != bNaN || (!aNaN && a[i].y() != b[i].y())) return false;
  }
  return true;
}

bool silent(const std::vector<QPointF>& values) {
  return std::all_of(values.begin(), values.end(), [](const QPointF& p) { return std::isnan(p.y()) || p.y() == 0; });
}

QString number(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'g', 4); }

}  // namespace

LiveChart::LiveChart(QChart* chart, chaossim::ChartSpec spec, std::vector<std::string> variants, std::size_t totalBuckets)
    : m_chart(chart), m_spec(std::move(spec)), m_variants(std::move(variants)), m_drawn(m_variants.size()) {
  const std::size_t group = (totalBuckets + kMaxGroups - 1) / kMaxGroups;
  // Markers on the points only where there are few of them (build_chart decides from the data, which is empty yet).
  const bool fewPoints = totalBuckets <= 24;
  for (QLineSeries* line : chaossim::chart_lines(chart)) {
    line->setPointsVisible(fewPoints);
    m_lines.emplace_back(chart, line, group, kMaxGroups);
  }
  Q_ASSERT(m_lines.size() == m_spec.series.size() * m_variants.size());
  if (auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0))) m_yMax = y->max();
}

std::vector<QPointF> LiveChart::valuesOf(const chaossim::SeriesSpec& series, const chaossim::ChartData& rows,
                                         double offset) const {
  std::vector<QPointF> out;
  const long xc = rows.column_index(m_spec.x_column);
  if (xc < 0) return out;
  // The shared chart code computes the points (rates, percent, cumulative sums) and leaves out the buckets that
  // measured nothing; matched back to the rows by time, those become NaN.
  const std::vector<chaossim::ChartPoints> runs = chaossim::chart_segments(m_spec, series, rows);
  std::size_t run = 0, point = 0;
  const std::size_t width = rows.columns.size();
  for (std::size_t r = 0; r < rows.row_count(); ++r) {
    const double x = rows.rows[r * width + static_cast<std::size_t>(xc)];
    double y = kNaN;
    if (run < runs.size() && runs[run][point].first == x) {
      y = runs[run][point].second + (m_spec.cumulative ? offset : 0.0);
      if (++point == runs[run].size()) ++run, point = 0;
    }
    out.emplace_back(x, y);
  }
  return out;
}

void LiveChart::update(const std::vector<const chaossim::Snapshot*>& snapshots, const std::vector<double>& bucketSeconds,
                       const chaossim::FaultBands& faultBands) {
  const std::size_t variants = m_variants.size();
  for (std::size_t v = 0; v < variants && v < snapshots.size(); ++v) {
    const chaossim::Snapshot* snap = snapshots[v];
    if (!snap) continue;
    const chaossim::SeriesRows& rows = snap->series;
    const std::size_t from = rows.first_difference(m_drawn[v]);
    if (from == rows.rows() && from == m_drawn[v].rows()) continue;  // nothing new
    if (from < m_drawn[v].rows())
      for (std::size_t s = 0; s < m_spec.series.size(); ++s) m_lines[s * variants + v].truncate(from);
    chaossim::ChartData fresh;
    fresh.variant = snap->variant;
    fresh.columns = snap->columns;
    fresh.rows = rows.copy(from, rows.rows());
    fresh.bucket_seconds = v < bucketSeconds.size() ? bucketSeconds[v] : 1.0;
    for (std::size_t s = 0; s < m_spec.series.size(); ++s) {
      LiveLine& line = m_lines[s * variants + v];
      line.append(valuesOf(m_spec.series[s], fresh, line.lastNumber()));
    }
    m_drawn[v] = rows;
  }
  growValueAxis();
  if (m_log) fitLogAxis();
  if (faultBands != m_faultBands) {
    m_faultBands = faultBands;
    chaossim::set_fault_bands(m_chart, m_faultBands);
  }
}

void LiveChart::setWarmup(double seconds) { chaossim::set_warmup(m_chart, seconds, m_faultBands); }

void LiveChart::showRange(std::optional<std::pair<double, double>> range) {
  for (LiveLine& line : m_lines) line.showRange(range);
  if (m_log) fitLogAxis();  // runs made for the range are attached to every axis
}

void LiveChart::setLogScale(bool on) {
  auto* linear = qobject_cast<QValueAxis*>(m_chart->axes(Qt::Vertical).value(0));
  if (on == logScale() || !linear) return;
  if (on) {
    m_log = new QLogValueAxis;
    m_log->setBase(10);
    m_log->setLabelFormat(QStringLiteral("%g"));
    m_log->setMinorTickCount(-1);  // 2, 3, … 9 between the powers of ten, faint: the decades are what is read
    m_log->setMinorGridLinePen(QPen(QColor(0, 0, 0, 18), 1, Qt::DotLine));
    m_log->setTitleText(linear->titleText());
    m_log->setTitleFont(linear->titleFont());
    m_log->setLabelsFont(linear->labelsFont());
    m_chart->addAxis(m_log, Qt::AlignLeft);
    linear->setVisible(false);
    fitLogAxis();
    return;
  }
  for (const LiveLine& line : m_lines)
    for (QLineSeries* run : line.runs()) {
      run->detachAxis(m_log);
      if (!run->attachedAxes().contains(linear)) run->attachAxis(linear);
    }
  m_chart->removeAxis(m_log);
  delete m_log;
  m_log = nullptr;
  linear->setVisible(true);
}

void LiveChart::fitLogAxis() {
  auto* linear = qobject_cast<QValueAxis*>(m_chart->axes(Qt::Vertical).value(0));
  double low = 0, high = 0;
  for (const LiveLine& line : m_lines) {
    for (QLineSeries* run : line.runs()) {
      if (linear && run->attachedAxes().contains(linear)) run->detachAxis(linear);
      if (!run->attachedAxes().contains(m_log)) run->attachAxis(m_log);
    }
    if (line.minPositive() > 0 && (low == 0 || line.minPositive() < low)) low = line.minPositive();
    high = std::max(high, line.maxValue());
  }
  // Latency is never zero (a bucket without a success is a gap), so every point drawn is above the bottom.
  const double from = low > 0 ? std::pow(10.0, std::floor(std::log10(low))) : 1.0;
  const double to = std::max(high > 0 ? std::pow(10.0, std::ceil(std::log10(high))) : 10.0, from * 10);
  if (m_log->min() != from || m_log->max() != to) m_log->setRange(from, to);
}

void LiveChart::growValueAxis() {
  auto* y = qobject_cast<QValueAxis*>(m_chart->axes(Qt::Vertical).value(0));
  if (!y || m_spec.percent) return;
  double top = 0;
  for (const LiveLine& line : m_lines) top = std::max(top, line.maxValue());
  if (top <= m_yMax) return;
  // Widened to a round number with some headroom, so the next few buckets rarely need another change.
  y->setRange(0, top * 1.15);
  y->applyNiceNumbers();
  m_yMax = y->max();
  chaossim::set_fault_bands(m_chart, m_faultBands);
}

void LiveChart::finish() {
  const std::size_t variants = m_variants.size();
  m_sameNotes.clear();
  for (std::size_t s = 0; s < m_spec.series.size(); ++s) {
    bool allSilent = s > 0;  // the first series always stays, so the chart is never empty
    for (std::size_t v = 0; v < variants && allSilent; ++v) allSilent = silent(m_lines[s * variants + v].values());
    QStringList copies;  // "equal-jitter = baseline"
    for (std::size_t v = 0; v < variants; ++v) {
      LiveLine& line = m_lines[s * variants + v];
      if (allSilent) {
        line.setVisible(false);
        for (QLegendMarker* m : m_chart->legend()->markers(line.line())) m->setVisible(false);
        continue;
      }
      // A line equal to an earlier variant's would be drawn exactly over it: it is drawn thinner, so the one below
      // shows as its border, and named as a copy.
      for (std::size_t u = 0; u < v; ++u) {
        const LiveLine& earlier = m_lines[s * variants + u];
        if (line.values().empty() || silent(line.values()) || !sameValues(line.values(), earlier.values())) continue;
        const QString other = QString::fromStdString(m_variants[u]).toHtmlEscaped();
        line.line()->setName(line.line()->name() + QObject::tr(" (same as %1)").arg(other));
        QPen pen = line.line()->pen();
        pen.setWidthF(std::max(1.0, earlier.line()->pen().widthF() * 0.45));
        for (QLineSeries* run : line.runs()) run->setPen(pen);
        copies << QStringLiteral("%1 = %2").arg(QString::fromStdString(m_variants[v]).toHtmlEscaped(), other);
        break;
      }
    }
    if (copies.isEmpty() || variants < 3) continue;  // with two, the legend entry itself says "(same as …)"
    const QString label = QString::fromStdString(m_spec.series[s].label).toHtmlEscaped();
    m_sameNotes << (static_cast<std::size_t>(copies.size()) == variants - 1
                        ? QObject::tr("%1: the same in every variant").arg(label)
                        : QObject::tr("%1: %2").arg(label, copies.join(QStringLiteral(", "))));
  }
}

QStringList LiveChart::hoverRows(double x, double* at) const {
  QStringList rows;
  for (const LiveLine& line : m_lines) {
    if (!line.line()->isVisible()) continue;
    const std::optional<QPointF> p = line.nearest(x);
    if (!p) continue;
    if (at) *at = p->x();
    rows << QStringLiteral("%1: %2").arg(line.line()->name(), number(p->y()));
  }
  return rows;
}
