#include "app/run_worker.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace {

// A tick should cost about one frame so commands (pause, stop) are served within a frame at any speed.
constexpr double kTickMs = 30;
constexpr std::size_t kMaxBatch = 100000;
// At most about 20 snapshots a second reach the UI, however fast the engine runs: more would only be redrawn
// over one another.
constexpr qint64 kPublishMs = 50;

}  // namespace

RunWorker::RunWorker(std::shared_ptr<std::atomic<int>> pending, std::shared_ptr<std::atomic<bool>> interrupt,
                     QObject* parent)
    : QObject(parent), m_pending(std::move(pending)), m_interrupt(std::move(interrupt)), m_timer(this) {
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, &RunWorker::tick);
}

RunWorker::~RunWorker() = default;

void RunWorker::start(quint64 generation, const std::vector<RunSpec>& specs, bool paused, double speed) {
  stop();
  m_generation = generation;
  m_interrupt->store(false);  // the stop of the previous run is served
  try {
    for (const RunSpec& spec : specs)
      m_runs.push_back(
          std::make_unique<chaossim::LiveRun>(spec.scenario, spec.seed, spec.variant, m_interrupt.get()));
  } catch (const std::exception& e) {
    m_runs.clear();
    emit failed(m_generation, QString::fromStdString(e.what()));
    return;
  }
  m_latest.assign(m_runs.size(), nullptr);
  m_sincePublish.invalidate();
  m_bucketSeconds = specs.empty() ? 1.0 : specs.front().scenario->bucket.seconds_f();
  m_bucketsDone = 0;
  m_batch = 1;
  m_speed = speed;
  m_paused = paused;
  // An empty first snapshot per variant tells the views what is coming (columns, fault windows) at once.
  advance(0, true);
  restartClock();
  if (!m_paused) m_timer.start(0);
}

void RunWorker::pause() {
  m_paused = true;
  m_timer.stop();
  publishLatest();
}

void RunWorker::resume() {
  m_interrupt->store(false);
  if (m_runs.empty() || allFinished()) return;
  m_paused = false;
  restartClock();
  m_timer.start(0);
}

void RunWorker::step() {
  if (m_runs.empty() || allFinished()) return;
  pause();
  m_interrupt->store(false);
  advance(1, true);
  if (allFinished()) emit finished(m_generation);
}

void RunWorker::stop() {
  m_timer.stop();
  m_runs.clear();
  m_latest.clear();
}

void RunWorker::setSpeed(double speed) {
  m_speed = speed;
  restartClock();
  if (!m_paused && !m_runs.empty() && !allFinished()) m_timer.start(0);
}

void RunWorker::restartClock() {
  m_originBuckets = m_bucketsDone;
  m_clock.restart();
}

bool RunWorker::allFinished() const {
  return std::all_of(m_runs.begin(), m_runs.end(), [](const auto& r) { return r->finished(); });
}

void RunWorker::tick() {
  if (m_paused || m_runs.empty()) return;
  std::size_t buckets = m_batch;
  if (m_speed > 0) {
    // Real-time pacing: simulate what is due by now, then sleep until the next bucket is due.
    const double due = static_cast<double>(m_originBuckets) +
                       static_cast<double>(m_clock.elapsed()) / 1000.0 * m_speed / m_bucketSeconds;
    const auto dueBuckets = static_cast<std::size_t>(std::floor(due));
    if (dueBuckets <= m_bucketsDone) {
      const double waitMs = (static_cast<double>(m_bucketsDone + 1) - due) * m_bucketSeconds / m_speed * 1000.0;
      m_timer.start(static_cast<int>(std::clamp(std::ceil(waitMs), 1.0, 1000.0)));
      return;
    }
    buckets = std::min(dueBuckets - m_bucketsDone, m_batch);
    // When the engine cannot keep up, the pace restarts from here instead of bursting to catch up.
    if (dueBuckets - m_bucketsDone > m_batch) restartClock();
  }
  QElapsedTimer cost;
  cost.start();
  advance(buckets, false);
  const double ms = std::max<double>(1.0, static_cast<double>(cost.elapsed()));
  const double scaled = static_cast<double>(buckets) * kTickMs / ms;
  m_batch = std::clamp<std::size_t>(static_cast<std::size_t>(scaled), 1, std::min(kMaxBatch, m_batch * 4));
  if (allFinished()) {
    publishLatest();
    m_timer.stop();
    emit finished(m_generation);
    return;
  }
  m_timer.start(0);
}

void RunWorker::advance(std::size_t buckets, bool forcePublish) {
  try {
    for (const auto& run : m_runs)
      if (!run->finished()) run->simulate(buckets);
  } catch (const std::exception& e) {
    stop();
    emit failed(m_generation, QString::fromStdString(e.what()));
    return;
  }
  if (!m_runs.empty()) m_bucketsDone = m_runs.front()->buckets_done();
  // Back-pressure: with more than two rounds of snapshots still queued for the UI, keep simulating but hold this
  // round back; the next round (or the final one) carries its data.
  const bool due = !m_sincePublish.isValid() || m_sincePublish.elapsed() >= kPublishMs;
  const bool uiKeepsUp = m_pending->load() <= 2 * static_cast<int>(m_runs.size());
  if (forcePublish || (due && uiKeepsUp)) publishLatest();
}

void RunWorker::publishLatest() {
  m_sincePublish.restart();
  try {
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
      SnapshotPtr snapshot = m_runs[i]->snapshot();
      if (snapshot == m_latest[i]) continue;  // nothing new in this run
      m_latest[i] = snapshot;
      m_pending->fetch_add(1);
      emit snapshotReady(m_generation, std::move(snapshot));
    }
  } catch (const std::exception& e) {
    stop();
    emit failed(m_generation, QString::fromStdString(e.what()));
  }
}
