#pragma once
// Runs scenarios for the dashboard without ever blocking the UI: a RunWorker on its own QThread owns the engine,
// the controller forwards commands to it as queued calls and hands out the immutable snapshots it publishes, one
// per bucket and variant (fewer when the UI cannot keep up: each snapshot holds everything before it). Snapshots
// of a run that was stopped or replaced are dropped here, so a view never mixes two runs.
//
// A live run (startLive) runs live mode against the user's services on a thread of its own, for the scenario's
// duration in real time, and streams one snapshot per bucket of real time the same way.

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <QObject>
#include <QStringList>
#include <QThread>

#include "app/run_spec.h"
#include "live/live_run.h"
#include "scenario/live_config.h"

class RunWorker;

class RunController : public QObject {
  Q_OBJECT
 public:
  enum class State { Idle, Running, Paused, Finished, Failed };
  Q_ENUM(State)

  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;

  // Starts a new run of these variants (replacing any current one); paused: wait for resume() or step().
  void start(const std::vector<RunSpec>& specs, bool paused = false);
  // Starts a live run of one variant against the user's services (live/live_run.h), replacing any current run.
  // Real time cannot be paused, stepped or sped up: pause(), step() and setSpeed() leave it alone.
  void startLive(const RunSpec& spec, const chaossim::LiveConfig& live, chaossim::live::LiveOptions options);
  bool isLive() const { return m_live != nullptr; }
  // What the last live run measured of itself (real seconds, whether Stop cut it short, the services): set when
  // it finishes, cleared when another run starts.
  const std::optional<chaossim::live::LiveFigures>& liveFigures() const { return m_liveFigures; }
  void pause();
  void resume();
  void step();
  // Stops the run. A simulated run is dropped; a live run ends now (as Ctrl-C ends `chaossim live`) and, like a
  // run that ends on its own, sends its last snapshot with what was measured, then finished().
  void stop();
  // Stops the run and drops it, live or not (another file is opened, the window closes): nothing more arrives.
  void discard();
  // Simulated seconds per wall-clock second, e.g. 10 for "10× real time"; 0 runs as fast as possible.
  void setSpeed(double speed);
  double speed() const { return m_speed; }

  State state() const { return m_state; }
  QStringList variants() const { return m_variants; }

 signals:
  void started(const QStringList& variants);
  void snapshotReady(SnapshotPtr snapshot);
  void stateChanged(RunController::State state);
  void finished();
  void failed(const QString& message);

 private:
  void setState(State state);
  void stopLive();

  struct LiveThread;  // a live run's thread and its cancel flag; joined whenever it goes
  std::unique_ptr<LiveThread> m_live;
  std::optional<chaossim::live::LiveFigures> m_liveFigures;
  QThread m_thread;
  // Snapshots published by the worker and not yet handled here: the worker's back-pressure.
  std::shared_ptr<std::atomic<int>> m_pending = std::make_shared<std::atomic<int>>(0);
  // Set here before a stop or pause is queued, so the worker's bucket under way returns at once (RunWorker).
  std::shared_ptr<std::atomic<bool>> m_interrupt = std::make_shared<std::atomic<bool>>(false);
  RunWorker* m_worker;  // lives on m_thread, deleted when it finishes
  quint64 m_generation = 0;
  State m_state = State::Idle;
  double m_speed = 0;
  QStringList m_variants;
};
