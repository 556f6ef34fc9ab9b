// The user side: when operations start (open or closed loop, rate profile, load faults), double clicks, resubmits,
// and what an operation's outcome is.
#include <algorithm>
#include <cmath>

#include "model/engine.h"

namespace chaossim {

// The multiplier now: the last profile point's at or before now (1 before the first), or, inside a ramp, the
// straight line towards the next point; times the load faults' factor. `slope_per_second` receives how fast it
// changes (0 outside ramps). The profile is sorted and time only moves forward, so the points passed so far only
// grow: each point is stepped over once in the whole run, and an arrival costs a comparison instead of a search.
double Engine::current_rate_multiplier(double* slope_per_second) {
  const auto& profile = m_s.clients.arrival.profile;
  while (m_profile_passed < profile.size() && Instant{} + profile[m_profile_passed].at <= m_now) ++m_profile_passed;
  double m = m_profile_passed == 0 ? 1.0 : profile[m_profile_passed - 1].multiplier;
  double slope = 0.0;
  if (m_profile_passed < profile.size() && profile[m_profile_passed].ramp) {
    const ProfilePoint& to = profile[m_profile_passed];
    const Duration from = m_profile_passed == 0 ? Duration::zero() : profile[m_profile_passed - 1].at;
    slope = (to.multiplier - m) / (to.at - from).seconds_f();
    m = std::max(0.0, m + slope * (m_now - (Instant{} + from)).seconds_f());
  }
  *slope_per_second = slope * m_load_factor;
  return m * m_load_factor;
}

// The next arrival of a process whose rate is r + s t from now on (until the next profile point or load fault,
// whose rate change supersedes it). Poisson arrivals invert the cumulative rate: the gap x solves
// r x + s x^2 / 2 = E for an exponential E of mean 1, which is exact for a non-homogeneous Poisson process and
// takes one draw per arrival. Constant arrivals come each time the cumulative rate grows by 1 (E = 1), which is
// an even 1 / r apart when the rate is flat.
void Engine::schedule_next_arrival() {
  const ArrivalConfig& a = m_s.clients.arrival;
  double slope = 0.0;
  const double rate = a.rate * current_rate_multiplier(&slope);
  const double rate_slope = a.rate * slope;
  if (rate_slope == 0.0) {
    if (!(rate > 0.0)) return;  // nothing arrives until the rate changes
    const Duration gap = a.process == ArrivalConfig::Process::poisson
                             ? duration_from_seconds(-std::log(m_arrival_rng.uniform_open0()) / rate)
                             : duration_from_seconds(1.0 / rate);
    schedule(m_now + gap, kArrival, 0, m_arrival_epoch);
    return;
  }
  if (!(rate > 0.0) && rate_slope < 0.0) return;
  const double e = a.process == ArrivalConfig::Process::poisson ? -std::log(m_arrival_rng.uniform_open0()) : 1.0;
  const double discriminant = rate * rate + 2.0 * rate_slope * e;
  if (discriminant < 0.0) return;  // a falling ramp reaches zero first: nothing more before its end
  // The smaller root, written without cancellation: x = 2E / (r + sqrt(r^2 + 2 s E)).
  const double gap = 2.0 * e / (rate + std::sqrt(discriminant));
  schedule(m_now + duration_from_seconds(gap), kArrival, 0, m_arrival_epoch);
}

void Engine::on_arrival(std::uint32_t epoch) {
  if (epoch != m_arrival_epoch) return;  // superseded by a rate change
  const ClientId client{static_cast<std::uint32_t>(m_choice_rng.below(m_s.clients.count))};
  start_operation(client);
  schedule_next_arrival();
}

// A rate change supersedes the pending arrival. For Poisson arrivals that is exact (the process is memoryless);
// for constant arrivals the next one comes one new gap after the change.
void Engine::on_rate_change() {
  if (m_s.clients.arrival.process == ArrivalConfig::Process::closed) return;
  ++m_arrival_epoch;
  schedule_next_arrival();
}

void Engine::start_operation(ClientId client, std::uint64_t key) {
  const OperationSlot op = m_ops.acquire();
  const std::size_t needed = static_cast<std::size_t>(m_ops.capacity()) * m_s.effects.size();
  if (m_op_effects.size() < needed) m_op_effects.resize(needed, 0);
  Operation& o = m_ops[op];
  o.client = client;
  o.start = m_now;
  o.phases = m_mask;
  o.criticality = Criticality::normal;
  o.payload = ++m_next_payload;
  if (const auto& mix = m_s.clients.criticality) {  // drawn on a stream of its own: no mix, no draw
    double u = m_criticality_rng.uniform();
    std::size_t c = 0;
    while (c + 1 < kCriticalities && u >= (*mix)[c]) u -= (*mix)[c++];
    o.criticality = static_cast<Criticality>(c);
  }
  cell(series::kOpsStarted) += 1;
  if (m_trace) trace_begin(op);
  if (key == 0) key = new_key();  // the operation's: its submissions send it (or, per edge, their own)

  const DoubleClickConfig& dc = m_s.clients.double_click;
  if (dc.probability > 0 && m_double_click_rng.bernoulli(dc.probability)) {
    const CallSlot second = new_submission(op, dc.same_key ? key : new_key(), false);
    if (m_trace) spans_of(second).role = CallRole::double_click;
    schedule(m_now + dc.gap.sample(m_double_click_rng), kCallStart, m_calls.ref(second));
  }
  const CallSlot first = new_submission(op, key, true);
  if (m_trace) spans_of(first).role = CallRole::first;
  start_call(first);
}

CallSlot Engine::new_submission(OperationSlot op, std::uint64_t key, bool primary) {
  const CallSlot call = new_call(EdgeId{m_s.client_edge()}, m_ops[op].client.value, op, key);
  m_calls[call].primary = primary;
  return call;
}

// The operation's outcome is that of its primary submission (the first, or the user's resubmit after it failed);
// a double click adds load and effects but the user reads the page of the first click.
void Engine::on_submission_done(CallSlot call, CallEnd end) {
  if (!m_calls[call].primary) return;
  const OperationSlot op = m_calls[call].op;
  const ResubmitConfig& rs = m_s.clients.resubmit;
  if (end == CallEnd::failed && rs.probability > 0 && !m_ops[op].resubmitted &&
      m_resubmit_rng.bernoulli(rs.probability)) {
    m_ops[op].resubmitted = true;
    const CallSlot again = new_submission(op, new_key(), true);
    if (m_trace) spans_of(again).role = CallRole::resubmit;
    schedule(m_now + rs.after.sample(m_resubmit_rng), kCallStart, m_calls.ref(again));
    return;
  }
  Operation& o = m_ops[op];
  const KeyReuseConfig& reuse = m_s.clients.key_reuse;
  if (end != CallEnd::failed && reuse.probability > 0 && m_key_reuse_rng.bernoulli(reuse.probability)) {
    std::uint32_t slot = static_cast<std::uint32_t>(m_key_reuses.size());
    if (m_free_key_reuses.empty()) {
      m_key_reuses.emplace_back();
    } else {
      slot = m_free_key_reuses.back();
      m_free_key_reuses.pop_back();
    }
    m_key_reuses[slot] = {o.client, m_calls[call].key};
    schedule(m_now + reuse.after.sample(m_key_reuse_rng), kKeyReuse, slot);
  }
  o.has_outcome = true;
  o.outcome = end;
  o.end = m_now;
  if (traced(op)) trace_outcome(op, end);
  switch (end) {
    case CallEnd::ok: {
      const Duration latency = m_now - o.start;
      cell(series::kOpsSucceeded) += 1;
      m_rec.record_bucket_latency(latency);
      m_rec.each(o.phases, [&](PhaseTotals& p) { p.latency.record(latency.ns); });
      break;
    }
    case CallEnd::degraded: cell(series::kOpsDegraded) += 1; break;
    case CallEnd::failed: cell(series::kOpsFailed) += 1; break;
  }
  if (m_s.clients.arrival.process == ArrivalConfig::Process::closed) {
    if (m_s.clients.arrival.operations && ++m_client_ops[o.client.value] >= *m_s.clients.arrival.operations)
      return;  // a finite workload: this user is done
    // A load fault multiplies the rate: a closed-loop user thinks `factor` times less.
    Duration think = m_s.clients.arrival.think_time.sample(m_think_rngs[o.client]);
    if (m_load_factor != 1.0) think = duration_from_seconds(think.seconds_f() / m_load_factor);
    schedule(m_now + think, kClientStart, o.client);
  }
}

// The user's next request carries the key of the last one: a new operation, with its own payload.
void Engine::on_key_reuse(std::uint32_t slot) {
  const KeyReuse r = m_key_reuses[slot];
  m_free_key_reuses.push_back(slot);
  start_operation(r.client, r.key);
}

}  // namespace chaossim
