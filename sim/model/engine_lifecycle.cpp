// Instances going down and coming back on purpose: a `restart` fault restarts its instances at once, a `deploy`
// replaces them batch by batch (a rolling deploy). A graceful stop is what a process does on SIGTERM when it is
// written well: it stops accepting (new connections are refused, and a readiness check fails), finishes what it
// holds, and exits when it is empty or when `drain_timeout` runs out, killing what is left. A hard stop is SIGKILL:
// everything in flight is lost at once, possibly after its effect and before its reply. After `startup_time` the
// new process takes requests again, slower by `cold_factor` at first, easing to full speed over `warmup`.
#include <algorithm>

#include "model/engine.h"

namespace chaossim {

std::uint32_t Engine::target_count(const FaultConfig& fc) const {
  const auto [first, end] = target_range(fc);
  return end - first;
}

// The batches of a restart (one) or a rolling deploy (max_unavailable instances each), `step` apart.
std::uint32_t Engine::batch_count(const FaultConfig& fc) const {
  const std::uint32_t targets = target_count(fc);
  if (fc.type == FaultConfig::Type::restart) return 1;
  return (targets + fc.max_unavailable - 1) / fc.max_unavailable;
}

void Engine::start_lifecycle_fault(FaultId f) {
  const FaultConfig& fc = config(f);
  for (std::uint32_t b = 0; b < batch_count(fc); ++b) {
    const Instant at = m_now + Duration{static_cast<std::int64_t>(b) * fc.lifecycle_step().ns};
    if (at < m_end) schedule(at, kDeployBatch, f.value, b);
  }
}

void Engine::on_deploy_batch(FaultId f, std::uint32_t batch) {
  const FaultConfig& fc = config(f);
  const std::uint32_t size = fc.type == FaultConfig::Type::restart ? target_count(fc) : fc.max_unavailable;
  std::uint32_t k = 0;
  for_each_target(fc, [&](InstanceId i) {
    if (k / size == batch) restart_instance(i, f);
    ++k;
  });
}

void Engine::restart_instance(InstanceId i, FaultId f) {
  InstanceState& st = m_instances[i];
  const FaultConfig& fc = config(f);
  if (st.life == Life::stopped) return;  // already on its way back
  st.life_fault = f;
  if (fc.graceful && st.life == Life::running && !st.crashed) {
    st.life = Life::draining;
    ++st.life_gen;
    note_health_condition(i);  // a readiness check fails from now on: detection is measured from here
    if (drained(i))
      stop_instance(i);
    else
      schedule(m_now + fc.drain_timeout, kLifecycle, i.value, st.life_gen);
    return;
  }
  stop_instance(i);
}

bool Engine::drained(InstanceId i) const {
  const InstanceState& st = m_instances[i];
  return st.busy == 0 && st.queue.empty();
}

// The process exits: whatever it still holds is lost, as in a crash (crash_instance).
void Engine::stop_instance(InstanceId i) {
  InstanceState& st = m_instances[i];
  st.life = Life::stopped;
  ++st.life_gen;
  recompute_instance_faults(i);
  schedule(m_now + config(st.life_fault).startup_time, kLifecycle, i.value, st.life_gen);
}

void Engine::start_instance(InstanceId i) {
  InstanceState& st = m_instances[i];
  const FaultConfig& fc = config(st.life_fault);
  st.life = Life::running;
  ++st.life_gen;
  st.started_at = m_now;
  st.warm_at = m_now + fc.warmup;
  st.cold_factor = fc.cold_factor;
  recompute_instance_faults(i);
}

void Engine::on_lifecycle(InstanceId i, std::uint32_t gen) {
  InstanceState& st = m_instances[i];
  if (gen != st.life_gen) return;  // a drain that ended early, or a stop overtaken by another
  switch (st.life) {
    case Life::draining: stop_instance(i); break;
    case Life::stopped: start_instance(i); break;
    case Life::running: break;
  }
}

// How much slower a work step starting now runs on a freshly started instance: cold_factor at the start, easing
// linearly to 1 over the warm-up (caches fill, the JIT compiles, connection pools grow).
double Engine::cold_factor(const InstanceState& st) const {
  if (m_now >= st.warm_at || st.cold_factor == 1.0) return 1.0;
  const double left =
      static_cast<double>((st.warm_at - m_now).ns) / static_cast<double>((st.warm_at - st.started_at).ns);
  return 1.0 + (st.cold_factor - 1.0) * left;
}

}  // namespace chaossim
