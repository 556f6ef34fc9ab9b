#include "app/run_controller.h"

#include "app/run_worker.h"

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
  // The bucket under way returns at once, so closing the window does not wait for a long bucket to finish.
  m_interrupt->store(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
  m_thread.quit();
  m_thread.wait();
}

void RunController::start(const std::vector<RunSpec>& specs, bool paused) {
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

void RunController::pause() {
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
  if (m_state != State::Paused && m_state != State::Running) return;
  setState(State::Paused);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->step(); }, Qt::QueuedConnection);
}

void RunController::stop() {
  if (m_state == State::Idle) return;
  ++m_generation;  // whatever the worker still sends about this run is stale now
  setState(State::Idle);
  m_interrupt->store(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
}

void RunController::setSpeed(double speed) {
  m_speed = speed;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, speed] { w->setSpeed(speed); }, Qt::QueuedConnection);
}

void RunController::setState(State state) {
  if (state == m_state) return;
  m_state = state;
  emit stateChanged(state);
}
