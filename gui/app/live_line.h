#pragma once
// One line of a live chart, fed bucket by bucket: it keeps every bucket's value (NaN where the bucket measured
// nothing) for hovering, and draws them appended to the line that build_chart made, without ever rebuilding it:
//   - a gap (NaN) ends the run drawn so far; the next value starts a further run (a segment series, qt_chart.h),
//     because Qt Charts ignores NaN points and would draw straight across;
//   - a long run is drawn downsampled: buckets are taken in groups of `groupSize` and each group is drawn by its
//     minimum and its maximum, in the order they occurred, so spikes survive and at most ~2 points per group are
//     drawn (the group size is fixed for the run, from its length, so drawn points never move). The group still
//     filling is drawn provisionally and replaced as its buckets arrive;
//   - zoomed into part of a long run (showRange), the line is drawn again for that range only, grouped for it: a
//     range of up to `maxGroups` buckets shows every bucket. Zooming out draws the whole run again.

#include <cstddef>
#include <optional>
#include <vector>

#include <QList>
#include <QPointF>

QT_BEGIN_NAMESPACE
class QChart;
class QLineSeries;
QT_END_NAMESPACE

class LiveLine {
 public:
  // At most about 2 × maxGroups points are drawn, whether the whole run or a zoomed range is shown.
  LiveLine(QChart* chart, QLineSeries* line, std::size_t groupSize, std::size_t maxGroups);

  // Adds the next buckets: (time, value) each, the value NaN where the bucket measured nothing.
  void append(const std::vector<QPointF>& values);
  // Forgets the buckets from `row` on (the engine revised them: a breaker's open time is added when it closes) and
  // redraws the rest; append() then brings them back.
  void truncate(std::size_t row);

  // Draws only the buckets of times [from, to] (and one each side, so the line reaches the edges), each bucket
  // when they are few enough; nothing: the whole run, as at first. Does nothing for a run drawn whole already.
  void showRange(std::optional<std::pair<double, double>> range);
  bool showsRange() const { return m_range.has_value(); }

  const std::vector<QPointF>& values() const { return m_values; }
  // The bucket nearest to time x (its value NaN when it measured nothing), or nothing when there is none yet.
  std::optional<QPointF> nearest(double x) const;
  // The largest value drawn (0 when none), and the last value that is a number (0 when none).
  double maxValue() const { return m_max; }
  // The smallest value above zero (0 when none): the bottom of a log scale.
  double minPositive() const { return m_minPositive; }
  double lastNumber() const;
  QLineSeries* line() const { return m_line; }
  // The line's runs (the line itself first, then its segments), each a QLineSeries of the chart.
  const std::vector<QLineSeries*>& runs() const { return m_runs; }
  std::size_t groupSize() const { return m_group; }
  void setVisible(bool visible);

 private:
  // Where drawing continues: the run being drawn into, the points it holds, and whether a gap came after them.
  struct Cursor {
    std::size_t run = 0;
    qsizetype points = 0;
    bool gap = false;
  };
  void draw();
  // Draws the whole run again from its first bucket, grouped by `m_group`.
  void redraw();
  // Draws the buckets of m_range again, grouped for the range.
  void drawRange();
  void takeValue(const QPointF& value);
  // Adds the points of buckets [first, last) as one group at the cursor.
  void drawGroup(std::size_t first, std::size_t last, Cursor& at, std::vector<QList<QPointF>>& pending);

  QChart* m_chart;
  QLineSeries* m_line;
  std::size_t m_group;
  std::size_t m_maxGroups;
  std::optional<std::pair<double, double>> m_range;  // the zoomed range drawn instead of the whole run
  std::vector<QLineSeries*> m_runs;
  std::vector<QPointF> m_values;
  double m_max = 0;
  double m_minPositive = 0;
  std::size_t m_groupsDrawn = 0;  // complete groups drawn; a group being filled is drawn but not counted
  Cursor m_committed;             // after the complete groups
};
