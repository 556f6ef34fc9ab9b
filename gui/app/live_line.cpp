#include "app/live_line.h"

#include <algorithm>
#include <cmath>

#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>

#include "charts/qt_chart.h"

namespace {

// Qt Charts recomputes a line's whole geometry on every point added, so adding k points one by one costs k times
// the line; one replace() costs it once.
void appendPoints(QLineSeries* series, const QList<QPointF>& points) {
  if (points.isEmpty()) return;
  if (points.size() == 1) return series->append(points.front());
  QList<QPointF> all = series->points();
  all.append(points);
  series->replace(all);
}

}  // namespace

LiveLine::LiveLine(QChart* chart, QLineSeries* line, std::size_t groupSize, std::size_t maxGroups)
    : m_chart(chart), m_line(line), m_group(std::max<std::size_t>(1, groupSize)),
      m_maxGroups(std::max<std::size_t>(1, maxGroups)) {
  Q_ASSERT(chart && line);
  m_runs.push_back(line);
  for (QLineSeries* segment : chaossim::line_segments(chart, line)) m_runs.push_back(segment);
  for (QLineSeries* run : m_runs) run->clear();
}

void LiveLine::takeValue(const QPointF& v) {
  m_values.push_back(v);
  if (std::isnan(v.y())) return;
  m_max = std::max(m_max, v.y());
  if (v.y() > 0 && (m_minPositive == 0 || v.y() < m_minPositive)) m_minPositive = v.y();
}

void LiveLine::append(const std::vector<QPointF>& values) {
  if (values.empty()) return;
  // Zoomed: only while the range is not yet drawn to its end (or to the bucket after it) do new buckets show.
  const bool rangeOpen = m_range && (m_values.empty() || m_values.back().x() <= m_range->second);
  for (const QPointF& v : values) takeValue(v);
  if (!m_range) return draw();
  if (rangeOpen) drawRange();
}

void LiveLine::truncate(std::size_t row) {
  if (row >= m_values.size()) return;
  std::vector<QPointF> kept(m_values.begin(), m_values.begin() + static_cast<std::ptrdiff_t>(row));
  m_values.clear();
  m_max = m_minPositive = 0;
  for (const QPointF& v : kept) takeValue(v);
  if (m_range) drawRange();
  else redraw();
}

void LiveLine::redraw() {
  for (QLineSeries* run : m_runs) run->clear();
  m_groupsDrawn = 0;
  m_committed = {};
  draw();
}

void LiveLine::showRange(std::optional<std::pair<double, double>> range) {
  // A run drawn bucket by bucket already shows every bucket of any range.
  if (m_group == 1) range.reset();
  if (range == m_range) return;
  const bool wasZoomed = m_range.has_value();
  m_range = range;
  if (m_range) drawRange();
  else if (wasZoomed) redraw();
}

void LiveLine::drawRange() {
  for (QLineSeries* run : m_runs) run->clear();
  // The buckets of times [from, to].
  const auto begin = std::lower_bound(m_values.begin(), m_values.end(), m_range->first,
                                      [](const QPointF& p, double t) { return p.x() < t; });
  const auto end = std::upper_bound(begin, m_values.end(), m_range->second,
                                    [](double t, const QPointF& p) { return t < p.x(); });
  // One bucket beyond each edge, so the line runs to the edges of the plot instead of stopping short of them.
  const std::size_t first = static_cast<std::size_t>(begin - m_values.begin()) - (begin != m_values.begin() ? 1 : 0);
  const std::size_t last = std::min(m_values.size(), static_cast<std::size_t>(end - m_values.begin()) + 1);
  const std::size_t group = std::max<std::size_t>(1, (last - first + m_maxGroups - 1) / m_maxGroups);
  Cursor at;
  std::vector<QList<QPointF>> pending(m_runs.size());
  for (std::size_t r = first; r < last; r += group) drawGroup(r, std::min(r + group, last), at, pending);
  for (std::size_t r = 0; r < pending.size(); ++r) appendPoints(m_runs[r], pending[r]);
}

double LiveLine::lastNumber() const {
  for (auto it = m_values.rbegin(); it != m_values.rend(); ++it)
    if (!std::isnan(it->y())) return it->y();
  return 0;
}

std::optional<QPointF> LiveLine::nearest(double x) const {
  if (m_values.empty()) return std::nullopt;
  const auto it = std::lower_bound(m_values.begin(), m_values.end(), x, [](const QPointF& p, double v) { return p.x() < v; });
  if (it == m_values.end()) return m_values.back();
  if (it != m_values.begin() && x - std::prev(it)->x() < it->x() - x) return *std::prev(it);
  return *it;
}

void LiveLine::setVisible(bool visible) {
  for (QLineSeries* run : m_runs) run->setVisible(visible);
}

void LiveLine::draw() {
  Q_ASSERT(!m_range);
  // The group that was still filling was drawn provisionally after the committed points: take it back.
  for (std::size_t r = m_committed.run; r < m_runs.size(); ++r) {
    QLineSeries* run = m_runs[r];
    const qsizetype keep = r == m_committed.run ? m_committed.points : 0;
    if (run->count() > keep) run->removePoints(static_cast<int>(keep), static_cast<int>(run->count() - keep));
  }
  Cursor at = m_committed;
  std::vector<QList<QPointF>> pending(m_runs.size());
  const std::size_t rows = m_values.size();
  while ((m_groupsDrawn + 1) * m_group <= rows) {
    drawGroup(m_groupsDrawn * m_group, (m_groupsDrawn + 1) * m_group, at, pending);
    ++m_groupsDrawn;
    m_committed = at;
  }
  if (m_groupsDrawn * m_group < rows) drawGroup(m_groupsDrawn * m_group, rows, at, pending);
  for (std::size_t r = 0; r < pending.size(); ++r) appendPoints(m_runs[r], pending[r]);
}

void LiveLine::drawGroup(std::size_t first, std::size_t last, Cursor& at, std::vector<QList<QPointF>>& pending) {
  std::size_t lo = last, hi = last;  // the rows of the group's minimum and maximum
  for (std::size_t r = first; r < last; ++r) {
    const double y = m_values[r].y();
    if (std::isnan(y)) continue;
    if (lo == last || y < m_values[lo].y()) lo = r;
    if (hi == last || y > m_values[hi].y()) hi = r;
  }
  if (lo == last) {  // nothing measured in the whole group: the line breaks here
    at.gap = true;
    return;
  }
  if (at.gap && at.points > 0) {
    // A gap after points: the next points start a further run (reused when a provisional group made it before).
    ++at.run;
    at.points = 0;
    if (at.run == m_runs.size()) {
      m_runs.push_back(chaossim::add_line_segment(m_chart, m_line));
      pending.emplace_back();
    }
  }
  at.gap = false;
  QList<QPointF>& out = pending[at.run];
  out.append(m_values[std::min(lo, hi)]);
  if (lo != hi) out.append(m_values[std::max(lo, hi)]);
  at.points += lo != hi ? 2 : 1;
}
