#pragma once
// The one time range every chart shows, shared by all of them (as hotspot's FilterAndZoomStack keeps its views in
// step): zooming or panning any chart moves them all. Zooms stack, so "zoom out" returns to the previous range.

#include <utility>
#include <vector>

#include <QObject>

class ZoomState : public QObject {
  Q_OBJECT
 public:
  explicit ZoomState(QObject* parent = nullptr);

  bool isZoomed() const { return !m_stack.empty(); }
  // The visible range [from, to] in seconds of simulated time; meaningful when zoomed.
  double from() const { return isZoomed() ? m_stack.back().first : 0; }
  double to() const { return isZoomed() ? m_stack.back().second : 0; }

  // Shows [from, to] and remembers the previous range for zoomOut().
  void zoomTo(double from, double to);
  // Moves the current range (a pan) without adding a level.
  void panTo(double from, double to);
  void zoomOut();
  void reset();

 signals:
  void changed();

 private:
  std::vector<std::pair<double, double>> m_stack;
};
