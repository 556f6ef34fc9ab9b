#pragma once
// One chart of the dashboard: a chart made by the shared chart code (charts/qt_chart.h) in a view that adds the
// interaction: hovering shows every line's value at that time, a horizontal drag zooms, the wheel zooms around
// the cursor, Shift+drag or the middle button pans, right click zooms out and a double click shows everything.
// All zooming goes through the shared ZoomState, so every chart follows.

#include <memory>

#include <QtCharts/QChartView>

#include "charts/chart_spec.h"

class LiveChart;
class ZoomState;

class ChartPanel : public QChartView {
  Q_OBJECT
 public:
  ChartPanel(ZoomState* zoom, QWidget* parent = nullptr);
  ~ChartPanel() override;

  // Shows a chart made by build_chart for `spec` and these variants (the panel owns it from now on), to be fed
  // by live() for a run of `totalBuckets` buckets.
  void showChart(QChart* chart, const chaossim::ChartSpec& spec, std::vector<std::string> variants,
                 std::size_t totalBuckets);
  const chaossim::ChartSpec& spec() const { return m_spec; }
  LiveChart* live() const { return m_live.get(); }
  // The time axis spans the whole run from the start, so a live chart fills from left to right.
  void setTimeSpan(double from, double to);
  // After the time span changed: sets the full time range, then applies the shared zoom.
  void dataUpdated();
  void applyZoom();
  // What hovering at time x shows: the time, then "line: value" for each line at the nearest bucket ("–" where the
  // bucket measured nothing).
  QString hoverText(double x) const;
  double fullFrom() const { return m_fullFrom; }
  double fullTo() const { return m_fullTo; }

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void leaveEvent(QEvent* event) override;
  bool viewportEvent(QEvent* event) override;

 private:
  std::pair<double, double> visibleRange() const;
  double valueAt(QPointF position) const;
  bool inPlot(QPointF position) const;

  ZoomState* m_zoom;
  chaossim::ChartSpec m_spec;
  std::unique_ptr<LiveChart> m_live;
  double m_spanFrom = 0, m_spanTo = 0;  // empty: the data's own extent
  double m_fullFrom = 0, m_fullTo = 1;
  bool m_panning = false;
  double m_panAnchor = 0;  // the time under the cursor when the pan started
};
