#include "app/run_controller.h"

#include <thread>

#include "app/run_worker.h"

// run_live() holds its thread for the run's real time. Stopping sets the flag it polls every 20 ms (as Ctrl-C does
// on the command line); it then closes its connections and returns what was measured, within milliseconds.
struct RunController::LiveThread {
  std::atomic<bool> cancel{false};
  std::thread thread;
  ~LiveThread() {
    cancel.store(true);
    if (thread.joinable()) thread.join();
  }
};

RunController::RunController(QObject* parent) : QObject(parent), m_worker(new RunWorker(m_pending, m_interrupt)) {
  qRegisterMetaType<SnapshotPtr>();
  m_thread.setObjectName(QStringLiteral("chaossim-run"));
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

  connect(m_worker, &RunWorker::snapshotReady, this, [this](quint64 generation, const SnapshotPtr& snapshot) {
    m_pending->fetch_sub(1);
    if (generation == m_generation) emit snapshotReady(snapshot);
  });
  connect(m_worker, &RunWorker::finished, this, [this](quint64 generation) {
    if (generation != m_generation) return;
    setState(State::Finished);
    emit finished();
  });
  connect(m_worker, &RunWorker::failed, this, [this](quint64 generation, const QString& message) {
    if (generation != m_generation) return;
    setState(State::Failed);
    emit failed(message);
  });
  m_thread.start();
}

RunController::~RunController() {
  m_live.reset();  // joins a live run's thread, which calls into this controller
  // The bucket under way returns at once, so closing the window does not wait for a long bucket to finish.
  m_interrupt->store(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
  m_thread.quit();
  m_thread.wait();
}

void RunController::start(const std::vector<RunSpec>& specs, bool paused) {
  stopLive();
  m_liveFigures.reset();
  ++m_generation;
  m_variants.clear();
  for (const RunSpec& s : specs) m_variants << QString::fromStdString(s.variant);
  emit started(m_variants);
  setState(paused ? State::Paused : State::Running);
  m_interrupt->store(true);  // the run under way, if any, stops mid-bucket; the worker clears this when it starts
  QMetaObject::invokeMethod(
      m_worker, [w = m_worker, g = m_generation, specs, paused, speed = m_speed] { w->start(g, specs, paused, speed); },
      Qt::QueuedConnection);
}

void RunController::startLive(const RunSpec& spec, const chaossim::LiveConfig& live,
                              chaossim::live::LiveOptions options) {
  stopLive();
  m_liveFigures.reset();
  ++m_generation;
  m_interrupt->store(true);  // a simulated run under way stops mid-bucket
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
  m_variants = {QString::fromStdString(spec.variant)};
  emit started(m_variants);
  setState(State::Running);
  m_live = std::make_unique<LiveThread>();
  options.cancel = &m_live->cancel;
  options.variant = spec.variant;
  options.seed = spec.seed;
  const quint64 generation = m_generation;
  // Called on the live run's thread: each snapshot is handed to the UI thread, where a stale one is dropped. The
  // thread is joined before this controller goes, so `this` outlives every call.
  options.on_snapshot = [this, generation](std::shared_ptr<const chaossim::Snapshot> snapshot) {
    QMetaObject::invokeMethod(
        this,
        [this, generation, snapshot] {
          if (generation == m_generation) emit snapshotReady(snapshot);
        },
        Qt::QueuedConnection);
  };
  m_live->thread = std::thread([this, generation, scenario = spec.scenario, live, options] {
    QString failure;
    chaossim::live::LiveFigures figures;
    try {
      figures = chaossim::live::run_live(*scenario, live, options).figures;
    } catch (const std::exception& e) {
      failure = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, generation, failure, figures] {
          if (generation != m_generation) return;  // discarded: its thread was joined then
          m_live.reset();                          // returns at once: run_live() has returned
          if (failure.isEmpty()) m_liveFigures = figures;
          setState(failure.isEmpty() ? State::Finished : State::Failed);
          if (failure.isEmpty()) emit finished();
          else emit failed(tr("The live run failed: %1").arg(failure));
        },
        Qt::QueuedConnection);
  });
}

void RunController::stopLive() { m_live.reset(); }

void RunController::pause() {
  if (m_live) return;  // real time goes on
  if (m_state != State::Running) return;
  setState(State::Paused);
  m_interrupt->store(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->pause(); }, Qt::QueuedConnection);
}

void RunController::resume() {
  if (m_state != State::Paused) return;
  setState(State::Running);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->resume(); }, Qt::QueuedConnection);
}

void RunController::step() {
  if (m_live) return;
  if (m_state != State::Paused && m_state != State::Running) return;
  setState(State::Paused);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->step(); }, Qt::QueuedConnection);
}

void RunController::stop() {
  if (m_live) {
    m_live->cancel.store(true);  // its last snapshot and finished() follow
    return;
  }
  discard();
}

void RunController::discard() {
  stopLive();
  if (m_state == State::Idle) return;
  ++m_generation;  // whatever the worker still sends about this run is stale now
  setState(State::Idle);
  m_interrupt->store(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
}

void RunController::setSpeed(double speed) {
  m_speed = speed;  // for the next simulated run; a live run goes at real time
  QMetaObject::invokeMethod(m_worker, [w = m_worker, speed] { w->setSpeed(speed); }, Qt::QueuedConnection);
}

void RunController::setState(State state) {
  if (state == m_state) return;
  m_state = state;
  emit stateChanged(state);
}
