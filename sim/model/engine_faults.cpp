// The fault timeline: each fault is active on [start, end). Edge faults are looked up per message; a service's
// state (workers, crashed, paused) is recomputed from the faults active on it so that overlapping faults compose;
// slowdowns, hangs and store outages hit request by request with their probability (engine_services.cpp).
#include <algorithm>

#include "model/engine.h"

namespace chaossim {

// The instances a service fault hits, by ordinal: the range its target names, clipped to the service.
std::pair<std::uint32_t, std::uint32_t> Engine::target_range(const FaultConfig& fc) const {
  const std::uint32_t n = instance_count(ServiceId{fc.target});
  const std::uint32_t first = std::min(fc.first_instance, n);
  return {first, fc.instance_count == 0 ? n : std::min(n, first + fc.instance_count)};
}

void Engine::on_fault_start(FaultId f) {
  const FaultConfig& fc = config(f);
  m_faults[f].active = true;
  switch (fc.target_kind) {
    case FaultConfig::Target::service:
      if (fc.type == FaultConfig::Type::restart || fc.type == FaultConfig::Type::deploy) {
        start_lifecycle_fault(f);  // a sequence of events, not a state the instances are in
        break;
      }
      for_each_target(fc, [&](InstanceId i) {
        m_instances[i].faults.push_back(f);
        recompute_instance_faults(i);
      });
      break;
    case FaultConfig::Target::edge: m_edges[EdgeId{fc.target}].faults.push_back(f); break;
    case FaultConfig::Target::clients:
      m_load_factor *= fc.factor;
      on_rate_change();
      break;
  }
}

void Engine::on_fault_end(FaultId f) {
  const FaultConfig& fc = config(f);
  if (!m_faults[f].active) return;
  m_faults[f].active = false;
  auto remove = [f](std::vector<FaultId>& v) { v.erase(std::remove(v.begin(), v.end(), f), v.end()); };
  switch (fc.target_kind) {
    case FaultConfig::Target::service:
      if (fc.type == FaultConfig::Type::restart || fc.type == FaultConfig::Type::deploy) break;
      for_each_target(fc, [&](InstanceId i) {
        remove(m_instances[i].faults);
        recompute_instance_faults(i);
      });
      break;
    case FaultConfig::Target::edge: remove(m_edges[EdgeId{fc.target}].faults); break;
    case FaultConfig::Target::clients: {
      // Recompute rather than divide, so the factor returns exactly to its product over the remaining faults.
      m_load_factor = 1.0;
      for (FaultId g{0}; g.value < m_faults.size(); ++g.value)
        if (m_faults[g].active && config(g).type == FaultConfig::Type::load) m_load_factor *= config(g).factor;
      on_rate_change();
      break;
    }
  }
}

void Engine::recompute_instance_faults(InstanceId i) {
  InstanceState& st = m_instances[i];
  const bool was_crashed = st.crashed, was_paused = st.paused;
  std::uint32_t workers = config(i).workers;
  bool crashed = false, paused = false;
  st.slowed = st.hanging = st.store_down = false;
  for (const FaultId f : st.faults) {
    const FaultConfig& fc = config(f);
    switch (fc.type) {
      case FaultConfig::Type::capacity: workers = std::min(workers, fc.workers); break;
      case FaultConfig::Type::slowdown: st.slowed = true; break;
      case FaultConfig::Type::crash: crashed = true; break;
      case FaultConfig::Type::hang: st.hanging = true; break;
      case FaultConfig::Type::pause: paused = true; break;
      case FaultConfig::Type::store_outage: st.store_down = true; break;
      default: break;
    }
  }
  st.workers = workers;
  crashed |= st.life == Life::stopped;  // a process stopped by a restart or deploy is as absent as a crashed one
  if (crashed && !was_crashed) crash_instance(i);
  if (!crashed && was_crashed) st.started_at = m_now;  // a new process: slow start counts its age from here
  st.crashed = crashed;
  if (paused && !was_paused) pause_instance(i);
  if (!paused && was_paused) resume_instance(i);
  note_health_condition(i);
  pump(i);
}

void Engine::crash_instance(InstanceId i) {
  InstanceState& st = m_instances[i];
  accrue_busy(i);
  st.queue.clear();
  st.deferred.clear();
  if (st.sharing) clear_sharing(i);
  st.deferred_timers.clear();
  for (RequestSlot r{0}; r.value < m_requests.capacity(); ++r.value) {
    const Request& req = m_requests[r];
    if (req.live && req.instance == i && req.state != Request::State::transit) kill_request(r);
  }
  st.busy = 0;
  if (st.store && !config(i).idempotency.durable) st.store->clear();
}

// A stop-the-world pause: work in progress is frozen with what it had left, and resumes where it stopped.
void Engine::pause_instance(InstanceId i) {
  m_instances[i].paused = true;
  if (m_instances[i].sharing) {
    freeze_sharing(i);
    return;
  }
  for (RequestSlot r{0}; r.value < m_requests.capacity(); ++r.value) {
    Request& req = m_requests[r];
    if (req.live && req.instance == i && req.state == Request::State::working) {
      req.work_left = req.work_end - m_now;
      req.state = Request::State::running;
      set_working(i, -1);
      req.deferred = true;
      ++req.gen;  // cancels the pending kWorkDone; a working request has no child call that could miss it
      m_instances[i].deferred.push_back(r);
    }
  }
}

void Engine::resume_instance(InstanceId i) {
  InstanceState& st = m_instances[i];
  st.paused = false;
  std::vector<InstanceState::DeferredTimer> timers;
  timers.swap(st.deferred_timers);
  for (const auto& t : timers) {
    if (!m_calls.is_current(t.call)) continue;
    if (t.timeout)
      on_attempt_timeout(t.call.slot);
    else
      send_attempt(t.call.slot);
  }
  std::vector<RequestSlot> deferred;
  deferred.swap(m_instances[i].deferred);
  for (const RequestSlot r : deferred) {
    Request& req = m_requests[r];
    if (!req.live || !req.deferred) continue;
    req.deferred = false;
    if (req.work_left.ns > 0) {  // frozen work step
      const Duration left = req.work_left;
      req.work_left = Duration::zero();
      start_work(r, left);
    } else {
      continue_after_calls(r, req.child_end);
    }
  }
}

}  // namespace chaossim
