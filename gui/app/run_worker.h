#pragma once
// The engine side of a dashboard run. Lives on the run thread and owns the LiveRuns; every command arrives as a
// queued call, so commands are handled between buckets and no state is shared with the UI but immutable
// snapshots. Snapshots are complete (the whole series so far, in chunks shared with the previous snapshot), so the
// worker publishes at most about 20 a second whatever the speed, and when the UI falls behind it skips one
// without losing anything: the next one contains it. A snapshot is only taken when it is published.

#include <atomic>
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "app/run_spec.h"

class RunWorker : public QObject {
  Q_OBJECT
 public:
  // `pending` counts snapshots published and not yet handled by the UI (the controller decrements it).
  // `interrupt` is set by the controller, on the UI thread, before it queues a stop or a pause, so a bucket that
  // takes minutes to simulate returns at once (LiveRun); the worker clears it when it starts or resumes a run.
  RunWorker(std::shared_ptr<std::atomic<int>> pending, std::shared_ptr<std::atomic<bool>> interrupt,
            QObject* parent = nullptr);
  ~RunWorker() override;

  // All called on the worker's thread (queued from the controller).
  void start(quint64 generation, const std::vector<RunSpec>& specs, bool paused, double speed);
  void pause();
  void resume();
  void step();
  void stop();
  void setSpeed(double speed);  // simulated seconds per wall-clock second; 0: as fast as possible

 signals:
  void snapshotReady(quint64 generation, SnapshotPtr snapshot);
  void finished(quint64 generation);
  void failed(quint64 generation, const QString& message);

 private:
  void tick();
  void advance(std::size_t buckets, bool forcePublish);
  // Takes and publishes a snapshot of every run that changed since its last one.
  void publishLatest();
  void restartClock();
  bool allFinished() const;

  std::shared_ptr<std::atomic<int>> m_pending;
  std::shared_ptr<std::atomic<bool>> m_interrupt;
  std::vector<std::unique_ptr<chaossim::LiveRun>> m_runs;
  std::vector<SnapshotPtr> m_latest;  // the last published snapshot per run
  quint64 m_generation = 0;
  bool m_paused = false;
  double m_speed = 0;
  double m_bucketSeconds = 1;
  std::size_t m_bucketsDone = 0;
  std::size_t m_batch = 1;  // buckets per tick at full speed, adapted so a tick takes about one frame
  QTimer m_timer;
  QElapsedTimer m_clock;  // wall time since the pace origin
  QElapsedTimer m_sincePublish;
  std::size_t m_originBuckets = 0;
};
