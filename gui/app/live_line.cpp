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

LiveLine::LiveLine(QChart* chart, QLineSeries* line, std::size_t groupSize)
    : m_chart(chart), m_line(line), m_group(std::max<std::size_t>(1, groupSize)) {
  Q_ASSERT(chart && line);
  m_runs.push_back(line);
  for (QLineSeries* segment : chaossim::line_segments(chart, line)) m_runs.push_back(segment);
  for (QLineSeries* run : m_runs) run->clear();
}

void LiveLine::append(const std::vector<QPointF>& values) {
  if (values.empty()) return;
  for (const QPointF& v : values) {
    m_values.push_back(v);
    if (!std::isnan(v.y())) m_max = std::max(m_max, v.y());
  }
  draw();
}

void LiveLine::truncate(std::size_t row) {
  if (row >= m_values.size()) return;
  m_values.resize(row);
  m_max = 0;
  for (const QPointF& v : m_values)
    if (!std::isnan(v.y())) m_max = std::max(m_max, v.y());
  for (QLineSeries* run : m_runs) run->clear();
  m_groupsDrawn = 0;
  m_committed = {};
  draw();
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
