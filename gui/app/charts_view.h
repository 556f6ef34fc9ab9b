#pragma once
// The dashboard's charts: the standard charts of the shared chart code (charts/chart_spec.h decides what each
// chart shows, charts/qt_chart.h draws it), one panel each, made once per run and appended to from every update
// of the run session (LiveChart), zoomed together through one ZoomState.

#include <QWidget>

#include "charts/chart_spec.h"
#include "charts/qt_chart.h"

class ChartPanel;
class QGridLayout;
class QLabel;
class RunSession;
class ZoomState;

class ChartsView : public QWidget {
  Q_OBJECT
 public:
  explicit ChartsView(QWidget* parent = nullptr);

  // Appends what is new in the session's latest snapshots (new charts when the set of charts or variants changed).
  void setData(const RunSession& session);
  void clear();
  // What the empty view says (which scenario a Run would simulate).
  void setPlaceholderText(const QString& text);
  void setWorkshopMode(bool on);
  chaossim::ChartStyle style() const { return m_style; }

  ZoomState* zoom() const { return m_zoom; }
  QList<ChartPanel*> panels() const { return m_panels; }

 private:
  void layoutPanels();
  void removePanels();
  void refreshLegends();
  void rebuild(const std::vector<chaossim::ChartSpec>& specs, const std::vector<std::string>& variants,
               std::size_t totalBuckets, double warmupSeconds, const chaossim::FaultBands& bands);

  ZoomState* m_zoom;
  QWidget* m_grid;
  QGridLayout* m_layout;
  QLabel* m_placeholder;
  QWidget* m_scroll = nullptr;  // holds the grid; hidden while there is nothing to draw
  QList<ChartPanel*> m_panels;
  QList<QWidget*> m_cells;    // per chart: its panel over its legend
  QList<QLabel*> m_legends;   // per chart: the legend under it (chart_legend.h)
  QStringList m_variants;  // of the charts shown, in order
  std::vector<std::string> m_bandLabels;  // the fault labels the charts' bands were made for
  double m_span = 0;       // seconds of simulated time the time axes cover
  bool m_finishedShown = false;  // the charts were told the run is over (LiveChart::finish)
  chaossim::ChartStyle m_style = chaossim::ChartStyle::normal();
  bool m_workshop = false;
};
