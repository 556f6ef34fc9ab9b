#pragma once
// The data of the current dashboard run, on the UI side: for each variant (in the order they were asked for) its
// scenario and the latest snapshot. Views read it when it announces an update; updates are coalesced to at most
// 20 a second, so a fast engine cannot flood the UI with redraws.

#include <memory>
#include <vector>

#include <QObject>
#include <QTimer>

#include "app/run_spec.h"
#include "charts/chart_spec.h"

struct VariantRun {
  QString variant;
  std::shared_ptr<const chaossim::Scenario> scenario;
  SnapshotPtr snapshot;  // null until the first one arrives
};

class RunSession : public QObject {
  Q_OBJECT
 public:
  explicit RunSession(QObject* parent = nullptr);

  // Forgets the previous run and expects these variants.
  void begin(const std::vector<RunSpec>& specs);
  void clear();
  // A newer snapshot of one variant (snapshots are cumulative: the latest replaces the previous).
  void setData(const SnapshotPtr& snapshot);

  const std::vector<VariantRun>& runs() const { return m_runs; }
  bool isEmpty() const { return m_runs.empty(); }
  bool hasData() const;
  bool finished() const;     // every variant has its final snapshot
  double progress() const;   // 0..1 over all variants
  double simulatedSeconds() const;
  // What the shared chart code draws: one ChartData per variant with data, and the fault windows of all of them.
  std::vector<chaossim::ChartData> chartData() const;
  // Every variant's fault bands (fault_bands), each once: labelled and coloured per fault in the charts.
  chaossim::FaultBands faultBands() const;
  std::vector<std::string> columns() const;

  // Emits updated() now instead of at the next frame (tests, screenshots, the end of a run).
  void flush();

 signals:
  void begun();
  void updated();

 private:
  std::vector<VariantRun> m_runs;
  QTimer m_notify;
};
