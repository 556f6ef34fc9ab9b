#include "runner/live_run.h"

#include "model/engine.h"

namespace chaossim {

LiveRun::LiveRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::string variant,
                 const std::atomic<bool>* interrupt)
    : m_scenario(std::move(scenario)),
      m_engine(std::make_unique<Engine>(*m_scenario, seed)),
      m_variant(std::move(variant)),
      m_interrupt(interrupt) {}

LiveRun::~LiveRun() = default;

bool LiveRun::finished() const { return m_engine->finished(); }

std::shared_ptr<const Snapshot> LiveRun::advance(std::size_t buckets) {
  const Recorder& rec = m_engine->recorder();
  const std::size_t target = std::min(rec.buckets(), m_engine->buckets_done() + buckets);
  const Instant until = Instant{} + Duration{static_cast<std::int64_t>(target) * m_scenario->bucket.ns};
  m_engine->run_until(until, m_interrupt);

  auto snap = std::make_shared<Snapshot>();
  snap->variant = m_variant;
  snap->total_buckets = rec.buckets();
  snap->buckets_done = std::min(m_engine->buckets_done(), rec.buckets());
  snap->simulated_seconds = m_engine->now().seconds_f();
  snap->columns = rec.layout().names;
  snap->series.assign(rec.series().begin(),
                      rec.series().begin() + static_cast<std::ptrdiff_t>(snap->buckets_done * snap->columns.size()));
  for (const auto& [a, b] : m_engine->fault_windows()) snap->fault_windows.emplace_back(a.seconds_f(), b.seconds_f());
  snap->finished = m_engine->finished();
  if (snap->finished) {
    auto result = std::make_shared<RunResult>(summarize(*m_engine, m_variant));
    snap->metrics = result->metrics();
    snap->result = std::move(result);
  } else {
    snap->metrics = metrics_for_phase(*m_scenario, rec, kOverall);
  }
  return snap;
}

}  // namespace chaossim
