// What the balancers know of their callee's instances beyond the attempts they have in flight:
// - active health checks per service: every `interval` the checker probes each instance, on a phase of its own
//   drawn uniformly within the first interval; `unhealthy_threshold` failed probes in a row take the instance out of
//   rotation for every balancer, `healthy_threshold` passed probes in a row put it back. So a crash is seen
//   (threshold - 1) x interval + U(0, interval) after it happens, a hang `timeout` later still;
// - passive outlier detection per edge, Envoy's consecutive_5xx: failures in a row eject an instance from that
//   edge's balancer for base_ejection_time x the times it has been ejected;
// - slow start per edge: an instance that started less than `window` ago weighs less than 1.
// A probe's fate is decided when it is sent, from the instance's state at that moment; it costs the instance
// nothing (no worker, no queue), as a health endpoint served by its own thread would.
#include <algorithm>
#include <cmath>

#include "model/engine.h"

namespace chaossim {

// Each service's instances get their first probe at U(0, interval), drawn in instance order from the service's
// health stream; each instance draws its probes' hits from a stream of its own.
void Engine::start_health_checks() {
  m_unhealthy.assign(static_cast<std::uint32_t>(m_s.services.size()), 0);
  for (ServiceId s{0}; s.value < m_s.services.size(); ++s.value) {
    const HealthCheckConfig& hc = config(s).health_check;
    if (!hc.enabled) continue;
    Rng phase = Rng::stream(m_seed, StreamKind::health, s.value);
    for (std::uint32_t k = 0; k < instance_count(s); ++k) {
      const InstanceId i = instance_of(s, k);
      m_instances[i].probe_rng = Rng::stream(m_seed, StreamKind::health, (std::uint64_t{k + 1} << 32) + s.value);
      const auto offset = static_cast<std::int64_t>(phase.below(static_cast<std::uint64_t>(hc.interval.ns)));
      schedule(Instant{} + Duration{offset}, kHealthProbe, i);
    }
  }
}

// Whether a probe sent now would fail, as the check defines it, leaving out the luck of a partial hang or outage:
// the condition whose start the detection delay is measured from.
bool Engine::check_condition_fails(InstanceId i) const {
  const InstanceState& st = m_instances[i];
  if (st.crashed || st.paused || st.hanging) return true;  // crashed: a stopped process too (engine_faults.cpp)
  return config(i).health_check.check == HealthCheckConfig::Check::readiness &&
         (st.life == Life::draining || (st.store && st.store_down));
}

// Called whenever an instance's state may have changed what its probes find (engine_faults.cpp, and where a
// restart starts to drain).
void Engine::note_health_condition(InstanceId i) {
  InstanceState& st = m_instances[i];
  if (!config(i).health_check.enabled) return;
  const bool fails = check_condition_fails(i);
  if (fails && !st.failing) st.failing_since = m_now;
  st.failing = fails;
}

void Engine::on_health_probe(InstanceId i) {
  InstanceState& st = m_instances[i];
  const HealthCheckConfig& hc = config(i).health_check;
  // A process that is not there (crashed, or stopped by a restart) refuses the connection at once; a frozen or hung
  // one accepts it and never answers, so the probe fails only after its timeout. A readiness probe reached an
  // answering process, which reports itself unready (503 at once) while it drains or its store is unreachable.
  bool answered = !st.crashed && !st.paused;
  for (const FaultId f : st.faults) {
    const FaultConfig& fc = config(f);
    if (answered && fc.type == FaultConfig::Type::hang && st.probe_rng.bernoulli(fc.probability)) answered = false;
  }
  bool passed = answered && !(hc.check == HealthCheckConfig::Check::readiness && st.life == Life::draining);
  if (passed && hc.check == HealthCheckConfig::Check::readiness && st.store)
    for (const FaultId f : st.faults)
      if (config(f).type == FaultConfig::Type::store_outage && st.probe_rng.bernoulli(config(f).probability))
        passed = false;
  // The timeout is scheduled before the next probe: when timeout == interval, the result comes first.
  if (!st.crashed && !answered)
    schedule(m_now + hc.timeout, kProbeTimeout, i);
  else
    health_hears(i, passed);
  schedule(m_now + hc.interval, kHealthProbe, i);
}

void Engine::health_hears(InstanceId i, bool passed) {
  InstanceState& st = m_instances[i];
  const HealthCheckConfig& hc = config(i).health_check;
  if (passed == st.healthy) {
    st.probe_streak = 0;
    return;
  }
  if (++st.probe_streak < (st.healthy ? hc.unhealthy_threshold : hc.healthy_threshold)) return;
  st.probe_streak = 0;
  st.healthy = !st.healthy;
  const ServiceId s = st.service;
  if (st.healthy) {
    --m_unhealthy[s];
    return;
  }
  ++m_unhealthy[s];
  // The lag users saw: from the moment probes started failing to now. A check that fails only by the luck of a
  // partial hang, with the condition already over, has nothing to measure.
  if (st.failing) {
    const double lag = (m_now - st.failing_since).seconds_f();
    m_rec.each(m_mask, [&](PhaseTotals& p) {
      ++p.health_detections;
      p.health_detection_seconds += lag;
    });
  }
}

bool Engine::in_rotation(EdgeId edge, std::uint32_t ordinal) const {
  const EdgeState& st = m_edges[edge];
  if (!st.outlier.empty() && st.outlier[ordinal].ejected) return false;
  return m_instances[instance_of(ServiceId{config(edge).callee}, ordinal)].healthy;
}

// Envoy's slow start: max(min_weight, (age / window)^(1 / aggression)) while younger than the window.
double Engine::slow_start_weight(EdgeId edge, std::uint32_t ordinal) const {
  const SlowStartConfig& ss = config(edge).balancer.slow_start;
  const Instant started = m_instances[instance_of(ServiceId{config(edge).callee}, ordinal)].started_at;
  if (!ss.window || started == Instant{} || m_now - started >= *ss.window) return 1.0;
  const double age = static_cast<double>((m_now - started).ns) / static_cast<double>(ss.window->ns);
  return std::max(ss.min_weight, std::pow(age, 1.0 / ss.aggression));
}

bool Engine::slow_start_active(EdgeId edge) const {
  const SlowStartConfig& ss = config(edge).balancer.slow_start;
  if (!ss.window) return false;
  const ServiceId callee{config(edge).callee};
  for (std::uint32_t k = 0; k < instance_count(callee); ++k) {
    const Instant started = m_instances[instance_of(callee, k)].started_at;
    if (started != Instant{} && m_now - started < *ss.window) return true;
  }
  return false;
}

// Envoy counts locally originated failures as 5xx unless told to split them: a refused connection is its 503, a
// timeout its 504. Any other reply, a 409 or a 429 included, breaks the run.
void Engine::outlier_hears(EdgeId edge, std::uint32_t ordinal, std::int16_t status) {
  OutlierHost& host = m_edges[edge].outlier[ordinal];
  const bool failure = (status >= 500 && status <= 599) || status == kConnectError || status == kTimedOut;
  if (!failure) {
    host.consecutive = 0;
    return;
  }
  if (++host.consecutive >= config(edge).outlier.consecutive_5xx && !host.ejected) eject(edge, ordinal);
}

// At most max_ejection_percent of the instances are ejected at once, and one always may be.
void Engine::eject(EdgeId edge, std::uint32_t ordinal) {
  EdgeState& st = m_edges[edge];
  const OutlierConfig& oc = config(edge).outlier;
  const auto n = static_cast<double>(st.outlier.size());
  if (st.ejected > 0 && 100.0 * (st.ejected + 1) > oc.max_ejection_percent * n) return;
  OutlierHost& host = st.outlier[ordinal];
  host.ejected = true;
  host.consecutive = 0;
  ++host.times_ejected;
  ++st.ejected;
  const InstanceId i = instance_of(ServiceId{config(edge).callee}, ordinal);
  ++m_instances[i].ejected_by;
  m_rec.each(m_mask, [&](PhaseTotals& p) {
    ++p.outlier_ejections;
    ++p.instances[i.value].ejections;
  });
  const Duration lasts{oc.base_ejection_time.ns * static_cast<std::int64_t>(host.times_ejected)};
  schedule(m_now + lasts, kOutlierReturn, edge.value, ordinal);
}

void Engine::on_outlier_return(EdgeId edge, std::uint32_t ordinal) {
  EdgeState& st = m_edges[edge];
  OutlierHost& host = st.outlier[ordinal];
  CHAOSSIM_ASSERT(host.ejected && st.ejected > 0, "an ejection ended that had not begun");
  host.ejected = false;
  host.consecutive = 0;
  --st.ejected;
  --m_instances[instance_of(ServiceId{config(edge).callee}, ordinal)].ejected_by;
}

}  // namespace chaossim
