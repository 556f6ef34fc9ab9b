#pragma once
// A chart of the dashboard kept up to date from live snapshots by appending: the QChart and its lines are made
// once (build_chart, with no data), and each update adds the buckets that are new since the snapshot drawn last:
// the rows of a snapshot are shared chunks (runner/live_run.h), so what changed is found by comparing chunks, not
// values, and only those rows are converted to points. The axes grow with the data: the time axis spans the run
// from the start (ChartPanel sets it), the value axis only widens, to a round number, so it is rarely touched.

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <QString>
#include <QStringList>

#include "app/live_line.h"
#include "charts/chart_spec.h"
#include "runner/live_run.h"

QT_BEGIN_NAMESPACE
class QChart;
class QLogValueAxis;
QT_END_NAMESPACE

class LiveChart {
 public:
  // `chart` was made by build_chart for `spec` and these variants, in this order. Long runs are drawn with at most
  // about 2 × kMaxGroups points per line (LiveLine).
  static constexpr std::size_t kMaxGroups = 1000;
  LiveChart(QChart* chart, chaossim::ChartSpec spec, std::vector<std::string> variants, std::size_t totalBuckets);

  // Brings every line up to date with these snapshots (one per variant, in the chart's order; null: none yet).
  void update(const std::vector<const chaossim::Snapshot*>& snapshots, const std::vector<double>& bucketSeconds,
              const chaossim::FaultBands& faultBands);
  // Marks the warm-up on the chart (the cards leave it out).
  void setWarmup(double seconds);
  // Zoomed into [from, to] of a long run: every line drawn again for that range, each bucket when few enough
  // (LiveLine::showRange); nothing: the whole run.
  void showRange(std::optional<std::pair<double, double>> range);
  // The value axis logarithmic (latency: a spike of seconds no longer flattens the milliseconds around it) or
  // linear. The lines move to a QLogValueAxis while the linear axis stays, hidden, under the fault bands: a log
  // axis cannot draw a band from zero, and set_fault_bands reads the bands' height from the linear one.
  void setLogScale(bool on);
  bool logScale() const { return m_log != nullptr; }
  // Once the run is over: hides the lines that never left zero (breakers of edges without one), and marks a line
  // identical to the same series of an earlier variant, which it would otherwise cover ("same as baseline").
  void finish();
  // After finish(), with three variants or more (whose legend names variants and series, not lines): which series
  // are drawn over one another, "p99: equal-jitter = baseline", as HTML.
  const QStringList& sameNotes() const { return m_sameNotes; }

  // What hovering at time x shows: "line: value" for each visible line at its nearest bucket, "–" where the
  // bucket measured nothing; `at` is set to that bucket's time.
  QStringList hoverRows(double x, double* at) const;
  const std::vector<LiveLine>& lines() const { return m_lines; }
  QChart* chart() const { return m_chart; }

 private:
  // The values of one series of the chart for rows [from, to) of a snapshot: (time, y) per row, NaN where the
  // bucket measured nothing; cumulative series continue from `offset`.
  std::vector<QPointF> valuesOf(const chaossim::SeriesSpec& series, const chaossim::ChartData& rows, double offset) const;
  void growValueAxis();
  // Keeps every run of every line on the log axis (runs made after a gap are attached to every axis) and its range
  // around the values, from a power of ten to a power of ten.
  void fitLogAxis();

  QChart* m_chart;
  chaossim::ChartSpec m_spec;
  std::vector<std::string> m_variants;
  std::vector<LiveLine> m_lines;                  // series-major, variants inside (as build_chart makes them)
  std::vector<chaossim::SeriesRows> m_drawn;      // per variant, the rows drawn (chunks shared with the snapshot)
  chaossim::FaultBands m_faultBands;
  double m_yMax = 0;
  QLogValueAxis* m_log = nullptr;
  QStringList m_sameNotes;
};
