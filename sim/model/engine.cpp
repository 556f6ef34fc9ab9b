#include "model/engine.h"

#include <algorithm>

namespace chaossim {

Engine::Engine(const Scenario& scenario, std::uint64_t seed)
    : m_s(scenario), m_seed(seed), m_end(Instant{} + scenario.duration), m_rec(scenario) {
  m_arrival_rng = Rng::stream(seed, StreamKind::arrivals, 0);
  m_choice_rng = Rng::stream(seed, StreamKind::client_choice, 0);
  m_double_click_rng = Rng::stream(seed, StreamKind::user_behaviour, 0);
  m_resubmit_rng = Rng::stream(seed, StreamKind::user_behaviour, 1);

  m_services.resize(m_s.services.size());
  for (std::size_t i = 0; i < m_services.size(); ++i) {
    ServiceState& st = m_services[i];
    const ServiceConfig& cfg = m_s.services[i];
    st.workers = cfg.workers;
    st.work_rng = Rng::stream(seed, StreamKind::service_work, i);
    if (cfg.idempotency.enabled) st.store = std::make_unique<IdempotencyStore>(cfg.idempotency.ttl);
  }

  m_edges.resize(m_s.edges.size());
  for (std::size_t i = 0; i < m_edges.size(); ++i) {
    EdgeState& st = m_edges[i];
    const EdgeConfig& cfg = m_s.edges[i];
    st.latency_rng = Rng::stream(seed, StreamKind::edge_latency, i);
    st.jitter_rng = Rng::stream(seed, StreamKind::edge_jitter, i);
    // Caller instances: every client is one for the edge from the clients; a service is one instance.
    const std::uint32_t instances = cfg.caller == kClients ? m_s.clients.count : 1;
    if (cfg.breaker.type != BreakerConfig::Type::none) {
      const std::uint32_t n = cfg.breaker.shared ? 1 : instances;
      st.breakers.assign(n, CircuitBreaker(cfg.breaker));
      st.breaker_instances = n;
    }
    if (cfg.retry.budget.type != BudgetConfig::Type::none)
      st.budgets.assign(cfg.retry.budget.shared ? 1 : instances, RetryBudget(cfg.retry.budget));
    if (cfg.bulkhead_max_concurrent) st.in_flight.assign(instances, 0);
  }

  // Fault windows, merged, for the before / during / after phases.
  m_fault_rngs.reserve(m_s.faults.size());
  m_fault_active.assign(m_s.faults.size(), false);
  std::vector<std::pair<Duration, Duration>> windows;
  for (std::size_t f = 0; f < m_s.faults.size(); ++f) {
    const FaultConfig& fc = m_s.faults[f];
    m_fault_rngs.push_back(Rng::stream(seed, StreamKind::fault, f));
    const Duration start = std::min(fc.start, m_s.duration);
    const Duration end = std::min(fc.end, m_s.duration);
    if (start < end) windows.emplace_back(start, end);
  }
  std::sort(windows.begin(), windows.end());
  for (const auto& w : windows) {
    if (!m_fault_windows.empty() && w.first <= m_fault_windows.back().second)
      m_fault_windows.back().second = std::max(m_fault_windows.back().second, w.second);
    else
      m_fault_windows.push_back(w);
  }
  m_first_fault_start = m_fault_windows.empty() ? m_end : Instant{} + m_fault_windows.front().first;
  m_last_fault_end = m_fault_windows.empty() ? m_end : Instant{} + m_fault_windows.back().second;

  // What happens at an instant belongs to the bucket and phase that start there, so bucket ends and phase changes
  // are scheduled first: at equal times, events run in the order they were scheduled.
  for (std::size_t b = 1; b <= m_rec.buckets(); ++b)
    schedule(std::min(Instant{} + Duration{static_cast<std::int64_t>(b) * m_s.bucket.ns}, m_end), kBucketEnd);
  schedule(Instant{} + m_s.warmup, kPhaseChange);
  for (const auto& w : m_fault_windows) {
    schedule(Instant{} + w.first, kPhaseChange);
    schedule(Instant{} + w.second, kPhaseChange);
  }
  update_phase_mask();

  // Lengths of the phases, for per-phase utilisation.
  const double warm = m_s.warmup.seconds_f(), end_s = m_s.duration.seconds_f();
  auto clip = [&](double a, double b) { return std::max(0.0, std::min(b, end_s) - std::max(a, warm)); };
  m_rec.phase(kOverall).seconds = clip(0, end_s);
  m_rec.phase(kBefore).seconds = clip(0, m_first_fault_start.seconds_f());
  for (const auto& w : m_fault_windows) m_rec.phase(kDuring).seconds += clip(w.first.seconds_f(), w.second.seconds_f());
  m_rec.phase(kAfter).seconds = m_fault_windows.empty() ? 0.0 : clip(m_last_fault_end.seconds_f(), end_s);

  for (std::size_t f = 0; f < m_s.faults.size(); ++f) {
    const Duration start = m_s.faults[f].start, end = m_s.faults[f].end;
    if (start >= m_s.duration) continue;
    schedule(Instant{} + start, kFaultStart, static_cast<std::uint32_t>(f));
    if (end < m_s.duration) schedule(Instant{} + end, kFaultEnd, static_cast<std::uint32_t>(f));
  }
  for (std::size_t i = 0; i < m_s.clients.arrival.profile.size(); ++i)
    if (m_s.clients.arrival.profile[i].first > Duration::zero())
      schedule(Instant{} + m_s.clients.arrival.profile[i].first, kRateChange, static_cast<std::uint32_t>(i));

  if (m_s.clients.arrival.process == ArrivalConfig::Process::closed) {
    m_think_rngs.reserve(m_s.clients.count);
    for (std::uint32_t c = 0; c < m_s.clients.count; ++c) {
      m_think_rngs.push_back(Rng::stream(seed, StreamKind::think_time, c));
      schedule(Instant{} + m_s.clients.arrival.think_time.sample(m_think_rngs[c]), kClientStart, c);
    }
  } else {
    schedule_next_arrival();
  }
}

Engine::~Engine() = default;

Engine::Footprint Engine::footprint() const {
  Footprint f;
  f.operations = m_ops.capacity();
  f.calls = m_calls.capacity();
  f.requests = m_requests.capacity();
  f.messages = m_messages.capacity();
  f.live_operations = m_ops.live();
  f.pending_events = m_queue.size();
  for (const EdgeState& e : m_edges) f.pending_events += e.timeouts.size();
  for (const ServiceState& s : m_services)
    if (s.store) f.idempotency_keys += s.store->size();
  return f;
}

bool Engine::run_until(Instant until) {
  if (m_finished) return false;
  // Events at `until` itself run now (so the bucket ending there is closed), except at the end of the run, where
  // finish_run() closes the last bucket and nothing at the end instant happens.
  const Instant stop = std::min(until, m_end);
  while (!m_queue.empty() && (m_queue.top().time < stop || (m_queue.top().time == stop && stop < m_end))) {
    const Event e = m_queue.pop();
    m_now = e.time;
    ++m_events;
    dispatch(e);
  }
  m_now = stop;
  if (stop >= m_end) {
    finish_run();
    return false;
  }
  return true;
}

void Engine::dispatch(const Event& e) {
  switch (static_cast<Kind>(e.kind())) {
    case kArrival: on_arrival(e.gen); break;
    case kClientStart: start_operation(e.id); break;
    case kCallStart:
      if (m_calls[e.id].live && m_calls[e.id].gen == e.gen) start_call(e.id);
      break;
    case kRequestArrive:
      if (m_requests[e.id].gen == e.gen) on_request_arrive(e.id);
      break;
    case kWorkDone:
      if (m_requests[e.id].gen == e.gen) on_work_done(e.id);
      break;
    case kResponse: on_response(e.id); break;
    case kAttemptTimeout:
      if (m_calls[e.id].live && m_calls[e.id].gen == e.gen && !defer_if_caller_paused(e.id, true))
        on_attempt_timeout(e.id);
      break;
    case kBackoffDone:
      if (m_calls[e.id].live && m_calls[e.id].gen == e.gen && !defer_if_caller_paused(e.id, false))
        send_attempt(e.id);
      break;
    case kFaultStart: on_fault_start(e.id); break;
    case kFaultEnd: on_fault_end(e.id); break;
    case kBucketEnd: on_bucket_end(); break;
    case kPhaseChange: on_phase_change(); break;
    case kRateChange: on_rate_change(); break;
    case kTimeoutFifo: on_timeout_fifo(e.id); break;
  }
}

void Engine::update_phase_mask() {
  PhaseMask m = 0;
  if (m_now >= Instant{} + m_s.warmup) {
    m |= 1u << kOverall;
    if (m_now < m_first_fault_start) m |= 1u << kBefore;
    for (const auto& w : m_fault_windows)
      if (m_now >= Instant{} + w.first && m_now < Instant{} + w.second) m |= 1u << kDuring;
    if (!m_fault_windows.empty() && m_now >= m_last_fault_end) m |= 1u << kAfter;
  }
  m_mask = m;
}

void Engine::on_phase_change() {
  for (std::uint32_t s = 0; s < m_services.size(); ++s) flush_busy(s);
  update_phase_mask();
}

void Engine::flush_busy(std::uint32_t s) {
  ServiceState& st = m_services[s];
  const double busy_ns = static_cast<double>(st.busy) * static_cast<double>((m_now - st.busy_since).ns);
  st.busy_since = m_now;
  if (busy_ns == 0) return;
  m_rec.row()[m_rec.layout().services + s * SeriesLayout::kServiceColumns + 3] += busy_ns;
  m_rec.each(m_mask, [&](PhaseTotals& p) { p.services[s].busy_ns += busy_ns; });
}

void Engine::set_busy(std::uint32_t s, std::int32_t delta) {
  flush_busy(s);
  m_services[s].busy = static_cast<std::uint32_t>(static_cast<std::int32_t>(m_services[s].busy) + delta);
}

void Engine::on_bucket_end() {
  const SeriesLayout& l = m_rec.layout();
  double* row = m_rec.row();
  const double bucket_ns = static_cast<double>(m_s.bucket.ns);
  for (std::uint32_t s = 0; s < m_services.size(); ++s) {
    flush_busy(s);
    ServiceState& st = m_services[s];
    double* cols = row + l.services + s * SeriesLayout::kServiceColumns;
    cols[1] = static_cast<double>(st.queue.size());
    cols[2] = static_cast<double>(std::max<std::uint64_t>(st.queue_max_bucket, st.queue.size()));
    // The last bucket may be shorter than the others.
    const double span = std::min(bucket_ns, static_cast<double>((m_now - (Instant{} + Duration{static_cast<std::int64_t>(
                                                                              m_rec.bucket()) * m_s.bucket.ns})).ns));
    cols[3] = span > 0 ? cols[3] / (span * m_s.services[s].workers) : 0.0;
    st.queue_max_bucket = st.queue.size();
  }
  m_rec.close_bucket_latency();
  ++m_buckets_done;
  if (m_rec.bucket() + 1 < m_rec.buckets()) m_rec.set_bucket(m_rec.bucket() + 1);
}

void Engine::add_breaker_open_time(std::uint32_t edge, Instant from, Instant to) {
  to = std::min(to, m_end);
  if (to <= from) return;
  const EdgeState& st = m_edges[edge];
  double total_instances = 0;
  for (const EdgeState& e : m_edges)
    if (!e.breakers.empty()) total_instances += e.breaker_instances;
  const SeriesLayout& l = m_rec.layout();
  const std::int64_t b = m_s.bucket.ns;
  for (std::int64_t k = from.ns / b; k * b < to.ns && static_cast<std::size_t>(k) < m_rec.buckets(); ++k) {
    const double overlap = static_cast<double>(std::min(to.ns, (k + 1) * b) - std::max(from.ns, k * b));
    m_rec.cell(static_cast<std::size_t>(k), l.edges + edge * SeriesLayout::kEdgeColumns + 1) +=
        overlap / (static_cast<double>(b) * st.breaker_instances);
    m_rec.cell(static_cast<std::size_t>(k), l.breaker_open_share) += overlap / (static_cast<double>(b) * total_instances);
  }
  // Per phase: the open interval's overlap with each phase, as a mean over this edge's breaker instances.
  auto overlap_s = [&](Duration a, Duration z) {
    const std::int64_t lo = std::max(from.ns, std::max(a.ns, m_s.warmup.ns)), hi = std::min(to.ns, z.ns);
    return hi > lo ? static_cast<double>(hi - lo) * 1e-9 / st.breaker_instances : 0.0;
  };
  m_rec.phase(kOverall).breaker_open_seconds += overlap_s(Duration::zero(), m_s.duration);
  m_rec.phase(kBefore).breaker_open_seconds += overlap_s(Duration::zero(), m_first_fault_start - Instant{});
  for (const auto& w : m_fault_windows) m_rec.phase(kDuring).breaker_open_seconds += overlap_s(w.first, w.second);
  if (!m_fault_windows.empty())
    m_rec.phase(kAfter).breaker_open_seconds += overlap_s(m_last_fault_end - Instant{}, m_s.duration);
}

void Engine::record_effect(std::uint32_t op, std::uint32_t effect) {
  std::uint16_t& count = m_op_effects[static_cast<std::size_t>(op) * m_s.effects.size() + effect];
  if (count < 0xffff) ++count;
  double* row = m_rec.row();
  const std::size_t col = m_rec.layout().effects + 2 * effect;
  row[col] += 1;
  if (count > 1) {
    row[col + 1] += 1;
    row[m_rec.layout().duplicates] += 1;
  }
}

void Engine::release_op_ref(std::uint32_t op) {
  Operation& o = m_ops[op];
  if (--o.refs == 0 && o.has_outcome) finalize_op(op);
}

void Engine::finalize_op(std::uint32_t op) {
  Operation& o = m_ops[op];
  const std::size_t n = m_s.effects.size();
  std::uint16_t* effects = n ? &m_op_effects[static_cast<std::size_t>(op) * n] : nullptr;
  bool any_effect = false;
  for (std::size_t e = 0; e < n; ++e) any_effect |= effects[e] > 0;
  m_rec.each(o.phases, [&](PhaseTotals& p) {
    if (!o.has_outcome) {
      ++p.unfinished;
    } else {
      ++p.ops;
      p.attempts += o.attempts;
      p.retries += o.retries;
      p.timeouts += o.timeouts;
      switch (o.outcome) {
        case CallEnd::ok: ++p.succeeded; break;
        case CallEnd::degraded: ++p.degraded; break;
        case CallEnd::failed:
          ++p.failed;
          p.inconsistent += any_effect;
          break;
      }
    }
    for (std::size_t e = 0; e < n; ++e) {
      p.effect_executed[e] += effects[e];
      p.effect_duplicates[e] += effects[e] > 1 ? effects[e] - 1u : 0u;
      p.effect_ops_duplicated[e] += effects[e] > 1;
    }
  });
  for (std::size_t e = 0; e < n; ++e) effects[e] = 0;
  m_ops.release(op);
}

void Engine::finish_run() {
  if (m_finished) return;
  m_now = m_end;
  // Close the last bucket (its end event may sit exactly at the end of the run).
  if (m_buckets_done < m_rec.buckets()) on_bucket_end();
  // Operations still open at the end: finished ones count normally, the rest as unfinished.
  for (std::uint32_t i = 0; i < m_ops.capacity(); ++i)
    if (m_ops[i].live) finalize_op(i);
  m_finished = true;
}

}  // namespace chaossim
