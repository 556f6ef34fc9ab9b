#include "model/engine.h"

#include <algorithm>

namespace chaossim {

Engine::Engine(const Scenario& scenario, std::uint64_t seed, bool traces)
    : m_s(scenario), m_seed(seed), m_end(Instant{} + scenario.duration), m_rec(scenario), m_phases(scenario) {
  if (traces && scenario.trace.enabled) m_trace = std::make_unique<TraceRecorder>(scenario.trace, seed);
  m_arrival_rng = Rng::stream(seed, StreamKind::arrivals, 0);
  m_choice_rng = Rng::stream(seed, StreamKind::client_choice, 0);
  m_double_click_rng = Rng::stream(seed, StreamKind::user_behaviour, 0);
  m_resubmit_rng = Rng::stream(seed, StreamKind::user_behaviour, 1);
  m_criticality_rng = Rng::stream(seed, StreamKind::user_behaviour, 2);
  m_key_reuse_rng = Rng::stream(seed, StreamKind::user_behaviour, 3);

  check_scenario();

  // Instances, each service's together. The streams of a service's first instance are those version 1 gave the
  // service, so a scenario without `instances` draws exactly what it drew before.
  std::uint32_t instances = 0;
  for (const ServiceConfig& svc : m_s.services) instances += svc.instances;
  m_instances.resize(instances);
  m_first_instance.resize(static_cast<std::uint32_t>(m_s.services.size()));
  m_queue_max_bucket.assign(static_cast<std::uint32_t>(m_s.services.size()), 0);
  m_queued.assign(static_cast<std::uint32_t>(m_s.services.size()), 0);
  InstanceId next{0};
  for (ServiceId s{0}; s.value < m_s.services.size(); ++s.value) {
    const ServiceConfig& cfg = config(s);
    m_first_instance[s] = next;
    IdempotencyStore* shared = nullptr;
    if (cfg.idempotency.enabled && cfg.idempotency.durable) {
      m_stores.push_back(std::make_unique<IdempotencyStore>(cfg.idempotency.ttl));
      shared = m_stores.back().get();
    }
    for (std::uint32_t k = 0; k < cfg.instances; ++k, ++next.value) {
      InstanceState& st = m_instances[next];
      st.service = s;
      st.ordinal = k;
      if (m_rec.layout().has_instances(s.value))
        st.columns = m_rec.layout().instance(s.value, k, series::InstanceColumn{});
      st.workers = cfg.workers;
      st.queue.count_into(&m_queued[s]);
      // Stream indexes above 2^32 are reached by no version-1 draw: instance k > 0 of service s.
      const std::uint64_t stream = k == 0 ? s.value : (std::uint64_t{k} << 32) + s.value;
      st.work_rng = Rng::stream(seed, StreamKind::service_work, stream);
      if (cfg.processors) st.sharing.emplace(*cfg.processors);
      if (shared) {
        st.store = shared;
      } else if (cfg.idempotency.enabled) {
        m_stores.push_back(std::make_unique<IdempotencyStore>(cfg.idempotency.ttl));
        st.store = m_stores.back().get();
      }
      // Seeded from a stream index no service reaches, so that a limit leaves every other draw as it was.
      if (cfg.limit.algorithm != LimitConfig::Algorithm::none)
        st.limit.emplace(cfg.limit,
                         Rng::stream(seed, StreamKind::service_work, (std::uint64_t{1} << 40) + stream).next());
    }
  }

  m_edges.resize(static_cast<std::uint32_t>(m_s.edges.size()));
  for (EdgeId e{0}; e.value < m_edges.size(); ++e.value) {
    EdgeState& st = m_edges[e];
    const EdgeConfig& cfg = config(e);
    st.latency_rng = Rng::stream(seed, StreamKind::edge_latency, e.value);
    st.jitter_rng = Rng::stream(seed, StreamKind::edge_jitter, e.value);
    // The throttle's draws get a stream of their own (an index no edge reaches), so that turning it on leaves the
    // latency and jitter of every edge as they were.
    st.throttle_rng = Rng::stream(seed, StreamKind::edge_jitter, (std::uint64_t{1} << 40) + e.value);
    st.balancer_rng = Rng::stream(seed, StreamKind::balancer, e.value);
    st.request_lane = m_queue.add_lane();
    st.reply_lane = m_queue.add_lane();
    if (const std::uint32_t n = config(ServiceId{cfg.callee}).instances; n > 1) {
      st.outstanding.assign(n, 0);
      if (cfg.outlier.enabled) st.outlier.assign(n, OutlierHost{});
    }
    // Caller instances: every client is one for the edge from the clients; a service has its instances.
    const std::uint32_t callers = cfg.caller == kClients ? m_s.clients.count : config(ServiceId{cfg.caller}).instances;
    if (cfg.breaker.type != BreakerConfig::Type::none) {
      const std::uint32_t n = cfg.breaker.shared ? 1 : callers;
      st.breakers.assign(n, CircuitBreaker(cfg.breaker));
      st.breaker_instances = n;
    }
    if (cfg.retry.budget.type != BudgetConfig::Type::none)
      st.budgets.assign(cfg.retry.budget.shared ? 1 : callers, RetryBudget(cfg.retry.budget));
    if (cfg.bulkhead_max_concurrent) st.in_flight.assign(callers, 0);
    if (cfg.throttle.enabled) st.throttles.assign(cfg.throttle.shared ? 1 : callers, AdaptiveThrottle(cfg.throttle));
    if (cfg.limit.algorithm != LimitConfig::Algorithm::none) {
      const std::uint32_t n = cfg.limit.shared ? 1 : callers;
      const std::uint64_t base = Rng::stream(seed, StreamKind::edge_jitter, (std::uint64_t{2} << 40) + e.value).next();
      st.limits.reserve(n);
      for (std::uint32_t i = 0; i < n; ++i) st.limits.emplace_back(cfg.limit, base + i);
      st.limit_sum = double(n) * cfg.limit.initial;
    }
  }

  m_faults.resize(static_cast<std::uint32_t>(m_s.faults.size()));
  for (FaultId f{0}; f.value < m_faults.size(); ++f.value) {
    const FaultConfig& fc = config(f);
    m_faults[f].rng = Rng::stream(seed, StreamKind::fault, f.value);
    if (fc.target_kind == FaultConfig::Target::service) m_faults[f].verdict_salt = m_faults[f].rng.next();
  }

  // What happens at an instant belongs to the bucket and phase that start there, so bucket ends and phase changes
  // are scheduled first: at equal times, events run in the order they were scheduled.
  for (std::size_t b = 1; b <= m_rec.buckets(); ++b)
    schedule(std::min(Instant{} + Duration{static_cast<std::int64_t>(b) * m_s.bucket.ns}, m_end), kBucketEnd);
  schedule(Instant{} + m_s.warmup, kPhaseChange);
  for (const auto& w : m_phases.windows()) {
    schedule(Instant{} + w.first, kPhaseChange);
    schedule(Instant{} + w.second, kPhaseChange);
  }
  update_phase_mask();

  // Lengths of the phases, for per-phase utilisation.
  const std::array<double, kPhases> seconds = m_phases.seconds();
  for (int p = 0; p < kPhases; ++p) m_rec.phase(static_cast<Phase>(p)).seconds = seconds[p];

  m_effects_finalized.assign(m_s.effects.size(), 0);
  m_duplicates_finalized.assign(m_s.effects.size(), 0);
  m_effects_uncounted.assign(m_s.effects.size(), 0);

  for (FaultId f{0}; f.value < m_faults.size(); ++f.value) {
    const Duration start = config(f).start, end = config(f).end;
    if (start >= m_s.duration) continue;
    schedule(Instant{} + start, kFaultStart, f);
    if (end < m_s.duration) schedule(Instant{} + end, kFaultEnd, f);
  }
  start_health_checks();
  for (std::size_t i = 0; i < m_s.clients.arrival.profile.size(); ++i)
    if (m_s.clients.arrival.profile[i].at > Duration::zero())
      schedule(Instant{} + m_s.clients.arrival.profile[i].at, kRateChange, static_cast<std::uint32_t>(i));

  m_record_versions.assign(m_s.records.size(), 0);
  if (m_s.clients.arrival.process == ArrivalConfig::Process::closed) {
    if (m_s.clients.arrival.operations) m_client_ops.assign(m_s.clients.count, 0);
    m_think_rngs.reserve(m_s.clients.count);
    for (ClientId c{0}; c.value < m_s.clients.count; ++c.value) {
      m_think_rngs.push_back(Rng::stream(seed, StreamKind::think_time, c.value));
      schedule(Instant{} + m_s.clients.arrival.think_time.sample(m_think_rngs[c]), kClientStart, c);
    }
  } else {
    schedule_next_arrival();
  }
}

Engine::~Engine() = default;

// What the engine takes for granted about a scenario. The loader guarantees all of it for files; this catches a
// scenario built by hand (tests, benchmarks) before it turns into an out-of-range index deep inside a run.
void Engine::check_scenario() const {
  const auto services = m_s.services.size(), edges = m_s.edges.size(), effects = m_s.effects.size();
  CHAOSSIM_ASSERT(m_s.bucket.ns > 0 && m_s.duration.ns > 0, "the run and its buckets must have a length");
  CHAOSSIM_ASSERT(m_s.clients.count >= 1, "a scenario needs at least one client");
  CHAOSSIM_ASSERT(edges >= 1 && m_s.edges[m_s.client_edge()].caller == kClients &&
                      m_s.edges[m_s.client_edge()].callee == m_s.clients.target,
                  "edge 0 must be the edge from the clients to their target");
  for (const EdgeConfig& e : m_s.edges) {
    CHAOSSIM_ASSERT(e.callee < services && (e.caller == kClients || e.caller < services), "an edge names no service");
    CHAOSSIM_ASSERT(e.retry.max_attempts >= 1, "an edge must allow at least one attempt");
  }
  for (const ServiceConfig& svc : m_s.services) {
    CHAOSSIM_ASSERT(!svc.processors || *svc.processors >= 1, "processor sharing needs at least one processor");
    CHAOSSIM_ASSERT(svc.contention.per_request >= 0, "contention cannot speed work up");
    for (const Step& step : svc.handler) {
      if (step.kind == Step::Kind::respond) {
        CHAOSSIM_ASSERT(step.index >= 200 && step.index < 300, "a handler responds early with a success only");
        continue;
      }
      CHAOSSIM_ASSERT(step.kind == Step::Kind::work || step.index < (step.kind == Step::Kind::call ? edges : effects),
                      "a handler step names an edge or effect that does not exist");
    }
  }
  for (const FaultConfig& f : m_s.faults)
    CHAOSSIM_ASSERT(f.target_kind == FaultConfig::Target::clients ||
                        f.target < (f.target_kind == FaultConfig::Target::service ? services : edges),
                    "a fault targets a service or edge that does not exist");
  const auto& profile = m_s.clients.arrival.profile;
  for (std::size_t i = 1; i < profile.size(); ++i)
    CHAOSSIM_ASSERT(profile[i - 1].at <= profile[i].at, "the rate profile must be sorted by time");
}

Engine::Footprint Engine::footprint() const {
  Footprint f;
  f.operations = m_ops.capacity();
  f.calls = m_calls.capacity();
  f.requests = m_requests.capacity();
  f.messages = m_messages.capacity();
  f.live_operations = m_ops.live();
  f.pending_events = m_queue.size();
  for (const EdgeState& e : m_edges) f.pending_events += e.timeouts.size();
  for (const auto& store : m_stores) f.idempotency_keys += store->size();
  return f;
}

bool Engine::run_until(Instant until, const std::atomic<bool>* cancel) {
  static_assert((kCancelCheckEvents & (kCancelCheckEvents - 1)) == 0, "a power of two: the check is a mask");
  if (m_finished) return false;
  // Events at `until` itself run now (so the bucket ending there is closed), except at the end of the run, where
  // finish_run() closes the last bucket and nothing at the end instant happens.
  const Instant stop = std::min(until, m_end);
  while (!m_queue.empty()) {
    const Instant next = m_queue.top().time;
    if (next > stop || (next == stop && stop >= m_end)) break;
    // Relaxed: the flag carries no data, and the thread that sets it waits for this one to return.
    if ((m_events & (kCancelCheckEvents - 1)) == 0 && cancel && cancel->load(std::memory_order_relaxed))
      return true;  // m_now stays at the last event run, so resuming loses nothing
    const Event e = m_queue.pop_top();
    m_now = e.time;
    ++m_events;
    dispatch(e);
    if (m_checks != InvariantChecks::off) check_after_event();
  }
  m_now = stop;
  if (stop >= m_end) {
    finish_run();
    return false;
  }
  return true;
}

// Events that name a pooled object act only if it is still the one they were scheduled for (Pool::is_current);
// a stale one (the call moved on to another attempt, the request was freed or paused) is dropped here.
void Engine::dispatch(const Event& e) {
  const CallRef call{CallSlot{e.id}, e.gen};
  const RequestRef request{RequestSlot{e.id}, e.gen};
  switch (static_cast<Kind>(e.kind())) {
    case kArrival: on_arrival(e.gen); break;
    case kClientStart: start_operation(ClientId{e.id}); break;
    case kCallStart:
      if (m_calls.is_current(call)) start_call(call.slot);
      break;
    case kHedge:
      if (m_calls.is_current(call)) on_hedge(call.slot);
      break;
    case kRequestArrive:
      if (m_requests.is_current(request)) on_request_arrive(request.slot);
      break;
    case kWorkDone:
      if (m_requests.is_current(request)) on_work_done(request.slot);
      break;
    case kResponse: on_response(MessageSlot{e.id}); break;
    case kAttemptTimeout:
      if (m_calls.is_current(call) && !defer_if_caller_paused(call, true)) on_attempt_timeout(call.slot);
      break;
    case kBackoffDone:
      if (m_calls.is_current(call) && !defer_if_caller_paused(call, false)) send_attempt(call.slot);
      break;
    case kFaultStart: on_fault_start(FaultId{e.id}); break;
    case kFaultEnd: on_fault_end(FaultId{e.id}); break;
    case kBucketEnd: on_bucket_end(); break;
    case kPhaseChange: on_phase_change(); break;
    case kRateChange: on_rate_change(); break;
    case kTimeoutFifo: on_timeout_fifo(EdgeId{e.id}); break;
    case kSharingDone: on_sharing_done(InstanceId{e.id}, e.gen); break;
    case kDeployBatch: on_deploy_batch(FaultId{e.id}, e.gen); break;
    case kLifecycle: on_lifecycle(InstanceId{e.id}, e.gen); break;
    case kHealthProbe: on_health_probe(InstanceId{e.id}); break;
    case kProbeTimeout: health_hears(InstanceId{e.id}, false); break;
    case kOutlierReturn: on_outlier_return(EdgeId{e.id}, e.gen); break;
    case kKeyReuse: on_key_reuse(e.id); break;
  }
}

void Engine::update_phase_mask() { m_mask = m_phases.mask(m_now); }

void Engine::on_phase_change() {
  for (InstanceId i{0}; i.value < m_instances.size(); ++i.value) flush_busy(i);
  update_phase_mask();
}

// The utilisation columns hold busy worker- and processor-nanoseconds while their bucket is open;
// on_bucket_end() divides. Work steps beyond the processors share them, so at most all of them are busy.
//
// Every change of a count adds the time since the last one to the instance's areas (accrue_busy); only the end of
// a bucket and a change of phase move them into the columns and the phase totals (flush_busy): those are the two
// moments at which the bucket and the phases the time belongs to change. Each piece is a whole number of
// nanoseconds, and sums of whole numbers below 2^53 are exact in doubles, so grouping them first changes nothing.
void Engine::accrue_busy(InstanceId i) {
  InstanceState& st = m_instances[i];
  // A worker taken and its work step started, or a step ended and its worker freed, change the counts twice at
  // one instant: the second has nothing to add.
  if (st.busy_since == m_now) return;
  const auto elapsed = static_cast<double>((m_now - st.busy_since).ns);
  st.busy_since = m_now;
  st.busy_area += static_cast<double>(st.busy) * elapsed;
  st.processor_area += static_cast<double>(std::min(st.working, config(i).processor_count())) * elapsed;
}

void Engine::flush_busy(InstanceId i) {
  accrue_busy(i);
  InstanceState& st = m_instances[i];
  const double busy_ns = st.busy_area, processor_ns = st.processor_area;
  st.busy_area = st.processor_area = 0;
  if (busy_ns == 0 && processor_ns == 0) return;
  const ServiceId s = st.service;
  cell(s, series::kServiceUtilization) += busy_ns;
  cell(s, series::kServiceProcessorUtilization) += processor_ns;
  add_to_cell(i, series::kInstanceUtilization, busy_ns);
  m_rec.each(m_mask, [&](PhaseTotals& p) {
    p.services[s.value].busy_ns += busy_ns;
    p.services[s.value].processor_busy_ns += processor_ns;
    p.instances[i.value].busy_ns += busy_ns;
  });
}

void Engine::set_busy(InstanceId i, std::int32_t delta) {
  accrue_busy(i);
  InstanceState& st = m_instances[i];
  CHAOSSIM_ASSERT(delta > 0 || st.busy >= static_cast<std::uint32_t>(-delta), "an instance's busy workers below zero");
  st.busy = static_cast<std::uint32_t>(static_cast<std::int32_t>(st.busy) + delta);
}

void Engine::set_working(InstanceId i, std::int32_t delta) {
  accrue_busy(i);
  InstanceState& st = m_instances[i];
  CHAOSSIM_ASSERT(delta > 0 || st.working >= static_cast<std::uint32_t>(-delta), "an instance's work steps below zero");
  st.working = static_cast<std::uint32_t>(static_cast<std::int32_t>(st.working) + delta);
}

void Engine::on_bucket_end() {
  // The last bucket may be shorter than the others.
  const Instant bucket_start = Instant{} + Duration{static_cast<std::int64_t>(m_rec.bucket()) * m_s.bucket.ns};
  const double span = std::min(static_cast<double>(m_s.bucket.ns), static_cast<double>((m_now - bucket_start).ns));
  // Queues and limits as they stand at the end of the bucket; utilisation as the share of the bucket's capacity.
  for (ServiceId s{0}; s.value < m_s.services.size(); ++s.value) {
    cell(s, series::kServiceQueue) = 0;
    if (config(s).limit.algorithm != LimitConfig::Algorithm::none) cell(s, series::kServiceLimit) = 0;
  }
  for (InstanceId i{0}; i.value < m_instances.size(); ++i.value) {
    flush_busy(i);
    InstanceState& st = m_instances[i];
    const ServiceId s = st.service;
    const auto waiting = static_cast<std::uint64_t>(st.queue.size());
    cell(s, series::kServiceQueue) += static_cast<double>(waiting);
    if (st.limit) cell(s, series::kServiceLimit) += st.limit->limit();
    if (st.columns != SeriesLayout::kNoColumns) {
      double* row = m_rec.row() + st.columns;
      row[series::kInstanceQueue] = static_cast<double>(waiting);
      row[series::kInstanceUtilization] =
          span > 0 ? row[series::kInstanceUtilization] / (span * config(s).workers) : 0.0;
      row[series::kInstanceUp] = st.crashed ? 0.0 : 1.0;
      row[series::kInstanceHealthy] = st.healthy ? 1.0 : 0.0;
      row[series::kInstanceEjected] = static_cast<double>(st.ejected_by);
    }
  }
  for (ServiceId s{0}; s.value < m_s.services.size(); ++s.value) {
    const double waiting = cell(s, series::kServiceQueue);
    cell(s, series::kServiceQueueMax) = std::max(static_cast<double>(m_queue_max_bucket[s]), waiting);
    m_queue_max_bucket[s] = static_cast<std::uint64_t>(waiting);
    const double capacity = span * config(s).workers * instance_count(s);
    double& utilization = cell(s, series::kServiceUtilization);  // busy worker-nanoseconds until now
    utilization = span > 0 ? utilization / capacity : 0.0;
    double& processors = cell(s, series::kServiceProcessorUtilization);  // busy processor-nanoseconds until now
    processors = span > 0 ? processors / (span * config(s).processor_count() * instance_count(s)) : 0.0;
  }
  for (EdgeId e{0}; e.value < m_edges.size(); ++e.value) {
    const EdgeState& st = m_edges[e];
    if (!st.limits.empty()) cell(e, series::kEdgeLimit) = st.limit_sum / double(st.limits.size());
  }
  // Time users saw errors: the bucket's phase is the one in force at its end (phase changes at that instant come
  // after this event), which is the whole bucket's when faults start and end on bucket boundaries.
  if (cell(series::kOpsFailed) > 0) m_rec.each(m_mask, [&](PhaseTotals& p) { p.error_seconds += span * 1e-9; });
  m_rec.close_bucket_latency();
  ++m_buckets_done;
  if (m_rec.bucket() + 1 < m_rec.buckets()) m_rec.set_bucket(m_rec.bucket() + 1);
}

void Engine::add_breaker_open_time(EdgeId edge, Instant from, Instant to) {
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
    m_rec.cell(static_cast<std::size_t>(k), l.edge(edge.value, series::kEdgeBreakerOpenShare)) +=
        overlap / (static_cast<double>(b) * st.breaker_instances);
    m_rec.cell(static_cast<std::size_t>(k), series::kBreakerOpenShare) +=
        overlap / (static_cast<double>(b) * total_instances);
  }
  // Per phase: the open interval's overlap with each phase, as a mean over this edge's breaker instances.
  auto overlap_s = [&](Duration a, Duration z) {
    const std::int64_t lo = std::max(from.ns, std::max(a.ns, m_s.warmup.ns)), hi = std::min(to.ns, z.ns);
    return hi > lo ? static_cast<double>(hi - lo) * 1e-9 / st.breaker_instances : 0.0;
  };
  m_phases.each_interval(
      [&](Phase p, Duration a, Duration z) { m_rec.phase(p).breaker_open_seconds += overlap_s(a, z); });
}

void Engine::record_effect(OperationSlot op, EffectId effect) {
  std::uint16_t& count = op_effects(op)[effect.value];
  if (count < 0xffff)
    ++count;
  else
    ++m_effects_uncounted[effect.value];
  cell(effect, series::kEffectExecuted) += 1;
  if (count > 1) {
    cell(effect, series::kEffectDuplicates) += 1;
    cell(series::kDuplicates) += 1;
  }
}

void Engine::release_op_ref(OperationSlot op) {
  Operation& o = m_ops[op];
  CHAOSSIM_ASSERT(o.live && o.refs > 0, "an operation released more often than it was referenced");
  if (--o.refs == 0 && o.has_outcome) finalize_op(op);
}

void Engine::finalize_op(OperationSlot op) {
  Operation& o = m_ops[op];
  const std::size_t n = m_s.effects.size();
  std::uint16_t* effects = n ? op_effects(op) : nullptr;
  m_rec.add_operation(FinishedOperation{o.phases, o.has_outcome, o.start, o.end, o.outcome, o.criticality, o.attempts,
                                        o.retries, o.timeouts},
                      effects, n);
  if (traced(op)) trace_finish(op);
  for (std::size_t e = 0; e < n; ++e) {
    m_effects_finalized[e] += effects[e];
    m_duplicates_finalized[e] += effects[e] > 1 ? effects[e] - 1u : 0u;
    effects[e] = 0;
  }
  m_ops.release(op);
}

void Engine::finish_run() {
  if (m_finished) return;
  m_now = m_end;
  // Close the last bucket (its end event may sit exactly at the end of the run).
  if (m_buckets_done < m_rec.buckets()) on_bucket_end();
  // Operations still open at the end: finished ones count normally, the rest as unfinished.
  for (OperationSlot op{0}; op.value < m_ops.capacity(); ++op.value)
    if (m_ops[op].live) finalize_op(op);
  m_finished = true;
}

}  // namespace chaossim
