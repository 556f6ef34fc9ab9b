#pragma once
// The dashboard's charts: the standard charts of the shared chart code (charts/chart_spec.h decides what each
// chart shows, charts/qt_chart.h draws it), one panel each, made once per run and appended to from every update
// of the run session (LiveChart), zoomed together through one ZoomState. Their plot areas are aligned, so one time
// reads at the same x in every chart of a column; once a run is over, a chart that stayed at zero in every variant
// is collapsed into a line of text under the charts.

#include <memory>
#include <vector>

#include <QMargins>
#include <QTimer>
#include <QWidget>

#include "charts/chart_spec.h"
#include "charts/qt_chart.h"
#include "runner/live_run.h"  // Snapshot

class ChartPanel;
class QAction;
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
  // The charts made so far. A new run's charts are made one per turn of the event loop, the first at once: making
  // ten at a time held the window for half a second at the start of every run (bench/gui_live_bench).
  QList<ChartPanel*> panels() const { return m_panels; }
  // Whether charts of the current run are still to be made.
  bool building() const { return m_nextSpec < m_specs.size(); }
  // The panels drawn, in order: every panel but those of charts collapsed as zero throughout.
  QList<ChartPanel*> shownPanels() const;
  // The line that names the charts collapsed as zero throughout (hidden when there are none).
  QLabel* quietNote() const { return m_quietNote; }
  // View ▸ Latency on a log scale: checkable, kept for the next runs of the session.
  QAction* logLatencyAction() const { return m_logLatency; }
  // Lines the plot areas up: the same left and right edge in every chart, whatever the width of its y labels.
  // Done by itself after every layout change; public for tests.
  void alignPlotAreas();

 private:
  void layoutPanels();
  void removePanels();
  void refreshLegends();
  void collapseQuietCharts(const RunSession& session);
  void applyLogScale();
  void rebuild(const std::vector<chaossim::ChartSpec>& specs, const std::vector<std::string>& variants,
               std::size_t totalBuckets, double warmupSeconds, const chaossim::FaultBands& bands);
  // Makes the next chart of m_specs and fills it with the latest data.
  void addNextPanel();
  // Hands the latest data (m_feed) to a panel.
  void feed(ChartPanel* panel);
  void finishRun(const RunSession& session);

  // What the charts of the current run are made from, kept for those made in later turns.
  std::vector<chaossim::ChartSpec> m_specs;
  std::size_t m_nextSpec = 0;
  std::vector<std::string> m_specVariants;
  std::size_t m_totalBuckets = 0;
  double m_warmup = 0;
  chaossim::FaultBands m_bands;
  // The latest snapshots (shared, so a chart made later still has them) and their bucket lengths.
  std::vector<std::shared_ptr<const chaossim::Snapshot>> m_feed;
  std::vector<double> m_feedBucketSeconds;
  QTimer m_buildNext;

  ZoomState* m_zoom;
  QWidget* m_grid;
  QGridLayout* m_layout;
  QLabel* m_placeholder;
  QLabel* m_quietNote;
  QAction* m_logLatency;
  QTimer m_align;  // aligns the plot areas once the layouts of the charts settle
  QWidget* m_scroll = nullptr;  // holds the grid; hidden while there is nothing to draw
  QList<ChartPanel*> m_panels;
  QList<QWidget*> m_cells;    // per chart: its panel over its legend
  QList<QLabel*> m_legends;   // per chart: the legend under it (chart_legend.h)
  QList<bool> m_quiet;        // per chart: zero throughout a finished run, collapsed into the quiet note
  QStringList m_variants;  // of the charts shown, in order
  std::vector<std::string> m_bandLabels;  // the fault labels the charts' bands were made for
  double m_span = 0;       // seconds of simulated time the time axes cover
  bool m_finishedShown = false;  // the charts were told the run is over (LiveChart::finish)
  chaossim::ChartStyle m_style = chaossim::ChartStyle::normal();
  QMargins m_baseMargins;  // the charts' own margins, before alignment adds to them
  bool m_workshop = false;
};
