// A caller's side of an edge: a call is one logical request over an edge, made of attempts. Per attempt: breaker
// check, key, timeout, the request message; per failure: retry class, attempt limit, budget, backoff, deadline.
#include <algorithm>

#include "model/engine.h"
#include "strategies/backoff.h"

namespace chaossim {

std::uint32_t Engine::breaker_index(const EdgeConfig& e, std::uint32_t instance) const {
  return e.breaker.shared ? 0 : instance;
}
std::uint32_t Engine::budget_index(const EdgeConfig& e, std::uint32_t instance) const {
  return e.retry.budget.shared ? 0 : instance;
}

CallSlot Engine::new_call(EdgeId edge, std::uint32_t instance, OperationSlot op, std::uint64_t key) {
  const CallSlot c = m_calls.acquire();
  Call& call = m_calls[c];
  call.edge = edge;
  call.instance = instance;
  call.op = op;
  call.key = key;
  ++m_ops[op].refs;
  if (m_trace) spans_of(c) = CallSpans{};  // the slot's last call may have been traced
  return c;
}

void Engine::start_call(CallSlot c) {
  const EdgeId edge = m_calls[c].edge;
  const EdgeConfig& cfg = config(edge);
  EdgeState& st = m_edges[edge];
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[edge.value].calls; });
  if (traced(c)) trace_call(c);
  if (cfg.bulkhead_max_concurrent) {
    std::uint32_t& in_flight = st.in_flight[m_calls[c].instance];
    if (in_flight >= *cfg.bulkhead_max_concurrent) {
      if (traced(c)) trace_call_mark(c, MarkKind::bulkhead_full);
      finish_call(c, CallEnd::failed, FailReason::bulkhead_full);
      return;
    }
    ++in_flight;
    m_calls[c].holds_bulkhead = true;
  }
  Call& call = m_calls[c];
  call.deadline = cfg.deadline ? m_now + *cfg.deadline : Instant{} + Duration::infinite();
  send_attempt(c);
}

void Engine::send_attempt(CallSlot c) {
  const EdgeId edge = m_calls[c].edge;
  const EdgeConfig& cfg = config(edge);
  EdgeState& st = m_edges[edge];
  if (!st.breakers.empty() && !st.breakers[breaker_index(cfg, m_calls[c].instance)].allow(m_now)) {
    drop_reserved_retry(m_calls[c]);
    cell(series::kBreakerRejections) += 1;
    m_rec.each(m_mask, [](PhaseTotals& p) { ++p.breaker_rejections; });
    if (traced(c)) trace_call_mark(c, MarkKind::breaker_open);
    finish_call(c, CallEnd::failed, FailReason::breaker_open);
    return;
  }
  if (!throttle_admits(c)) {
    cell(series::kThrottleRejections) += 1;
    m_rec.each(m_mask, [](PhaseTotals& p) { ++p.throttle_rejections; });
    if (traced(c)) trace_call_mark(c, MarkKind::throttled);
    // The breaker let this attempt through and will never hear of it: a half-open trial slot goes back.
    if (!st.breakers.empty()) st.breakers[breaker_index(cfg, m_calls[c].instance)].on_abandoned();
    drop_reserved_retry(m_calls[c]);
    finish_call(c, CallEnd::failed, FailReason::throttled);
    return;
  }
  // The last gate before the wire: an adaptive limit is a bulkhead whose size moves, so `bulkhead_full` covers it.
  if (ConcurrencyLimit* l = limit(edge, m_calls[c].instance); l && !l->try_acquire()) {
    cell(series::kLimitRejections) += 1;
    m_rec.each(m_mask, [](PhaseTotals& p) { ++p.limit_rejections; });
    if (traced(c)) trace_call_mark(c, MarkKind::limited);
    if (!st.breakers.empty()) st.breakers[breaker_index(cfg, m_calls[c].instance)].on_abandoned();
    drop_reserved_retry(m_calls[c]);
    finish_call(c, CallEnd::failed, FailReason::bulkhead_full);
    return;
  }
  Call& call = m_calls[c];
  ++call.attempt;
  ++call.gen;  // the new attempt: anything addressed to an earlier one is now stale
  call.attempt_in_flight = true;
  call.retry_reserved = false;          // it goes: from now on it is an attempt in flight
  const bool retry = call.attempt > 1;  // for the operation's count; a hedge is not one, but its budget's
  std::uint64_t key = 0;
  switch (cfg.idempotency_key) {
    case KeyMode::per_operation: key = call.key; break;
    case KeyMode::per_attempt: key = new_key(); break;
    case KeyMode::none: key = 0; break;
  }
  if (!st.budgets.empty()) st.budgets[budget_index(cfg, call.instance)].on_attempt(m_now, budget_retry(call));
  if (traced(c)) trace_attempt(c, key);

  cell(edge, series::kEdgeAttempts) += 1;
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[edge.value].attempts; });
  if (cfg.caller == kClients) {
    cell(series::kAttempts) += 1;
    Operation& o = m_ops[call.op];
    ++o.attempts;
    if (retry) {
      cell(series::kRetries) += 1;
      ++o.retries;
    }
  }

  call.attempt_started = m_now;
  call.target = pick_instance(c);
  if (!st.outstanding.empty()) ++st.outstanding[call.target];
  const InstanceId target = instance_of(ServiceId{cfg.callee}, call.target);
  const Instant expires = std::min(m_now + cfg.timeout, call.deadline);
  const CallRef attempt = m_calls.ref(c);
  const OperationSlot op = call.op;
  set_attempt_timer(edge, expires, attempt);
  if (cfg.hedge.max > 0 && call.attempt == 1 && call.hedge_of.is_none()) schedule_hedge(c);
  if (cfg.cancel_on_abandon && c.value < m_attempt_requests.size())  // forget the previous attempt's requests
    m_attempt_requests[c.value] = kNoAttemptRequests;

  if (message_lost(edge, true)) {
    if (traced(c)) trace_call_mark(c, MarkKind::request_lost, m_fault_hit.value);
    return;
  }
  int copies = 1;
  for (const FaultId f : st.faults)
    if (config(f).type == FaultConfig::Type::duplicate_request && fault_hits(f)) {
      copies = 2;
      if (traced(c)) trace_call_mark(c, MarkKind::request_copied, f.value);
    }
  for (int i = 0; i < copies; ++i) {
    const RequestSlot r = m_requests.acquire();
    Request& req = m_requests[r];
    req.service = ServiceId{cfg.callee};
    req.instance = target;
    req.edge = edge;
    req.reply_to = attempt;
    req.op = op;
    req.key = key;
    req.expires = expires;
    req.serial = m_next_request_serial++;
    ++m_ops[op].refs;
    if (cfg.cancel_on_abandon) note_attempt_request(c, r, i);
    m_fault_hit = FaultId::none();
    const Duration delay = message_delay(edge);
    if (m_trace) {
      spans_of(r) = RequestSpans{.attempt_span = spans_of(c).step_span};
      if (!m_fault_hit.is_none() && traced(c)) trace_call_mark(c, MarkKind::delayed, m_fault_hit.value);
    }
    schedule_message(st.request_lane, m_now + delay, kRequestArrive, m_requests.ref(r));
  }
}

void Engine::on_response(MessageSlot msg) {
  const Message m = m_messages[msg];
  m_messages.release(msg);
  if (!m_calls.is_current(m.to)) return;  // the attempt was given up
  if (traced(m.to.slot)) trace_attempt_end(m.to.slot, m.status);
  if (m.status >= 200 && m.status < 300)
    attempt_succeeded(m.to.slot, m.status == kDegraded);
  else
    attempt_failed(m.to.slot, m.status, m.retry_after);
}

void Engine::end_attempt(CallSlot c, std::int16_t status) {
  Call& call = m_calls[c];
  if (call.attempt_in_flight) {
    budget_hears_end(call);
    limit_hears_end(call, status);
    balancer_hears_end(call, status);
  }
  ++call.gen;
  call.attempt_in_flight = false;
}

// A retry the budget reserved will not be sent.
void Engine::drop_reserved_retry(Call& call) {
  if (!call.retry_reserved) return;
  call.retry_reserved = false;
  EdgeState& st = m_edges[call.edge];
  st.budgets[budget_index(config(call.edge), call.instance)].on_retry_dropped();
}

// A budget that counts attempts in flight (Envoy's) hears when one is no longer.
void Engine::budget_hears_end(const Call& call) {
  EdgeState& st = m_edges[call.edge];
  if (!st.budgets.empty())
    st.budgets[budget_index(config(call.edge), call.instance)].on_attempt_end(budget_retry(call));
}

// A frozen process notices nothing: a timer of a call made by a paused service fires when the pause ends.
// `call` is current (the caller checked).
bool Engine::defer_if_caller_paused(CallRef call, bool timeout) {
  const Call& c = m_calls[call.slot];
  const RequestRef parent = c.hedge_of.is_none() ? c.parent : m_calls[c.hedge_of].parent;  // a hedge's: its call's
  if (parent.slot.is_none() || !m_requests.is_current(parent)) return false;
  InstanceState& st = m_instances[m_requests[parent.slot].instance];
  if (!st.paused) return false;
  st.deferred_timers.push_back({call, timeout});
  return true;
}

void Engine::set_attempt_timer(EdgeId edge, Instant at, CallRef call) {
  TimerFifo& fifo = m_edges[edge].timeouts;
  if (fifo.accepts(at))
    fifo.push(m_queue, edge.value, Timer{at, m_queue.reserve_order(kTimeoutFifo), call.slot.value, call.gen});
  else  // a deadline cut this one short: out of FIFO order
    schedule(at, kAttemptTimeout, call);
}

void Engine::on_timeout_fifo(EdgeId edge) {
  const auto attempt_of = [](const Timer& t) { return CallRef{CallSlot{t.id}, t.gen}; };
  const Timer t = m_edges[edge].timeouts.pop(m_queue, edge.value,
                                             [&](const Timer& x) { return !m_calls.is_current(attempt_of(x)); });
  const CallRef call = attempt_of(t);
  if (m_calls.is_current(call) && !defer_if_caller_paused(call, true)) on_attempt_timeout(call.slot);
}

void Engine::on_attempt_timeout(CallSlot c) {
  const EdgeId edge = m_calls[c].edge;
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[edge.value].timeouts; });
  if (config(edge).caller == kClients) {
    cell(series::kTimeouts) += 1;
    ++m_ops[m_calls[c].op].timeouts;
  }
  if (traced(c)) trace_attempt_end(c, kTimedOut);
  cancel_attempt(c);
  attempt_failed(c, kTimedOut, Duration::zero());
}

void Engine::attempt_succeeded(CallSlot c, bool degraded) {
  end_attempt(c, kOk);
  Call& call = m_calls[c];
  const EdgeConfig& cfg = config(call.edge);
  if (cfg.hedge.percentile) note_hedge_latency(call.edge, m_now - call.attempt_started);
  EdgeState& st = m_edges[call.edge];
  if (!st.breakers.empty()) {
    CircuitBreaker& br = st.breakers[breaker_index(cfg, call.instance)];
    br.on_result(m_now, false, m_now - call.attempt_started);
    if (br.take_opened()) add_breaker_open_time(call.edge, m_now, m_now + cfg.breaker.open_for);
  }
  if (!st.budgets.empty()) st.budgets[budget_index(cfg, call.instance)].on_result(m_now, false);
  throttle_hears(c, kOk);
  finish_call(c, degraded ? CallEnd::degraded : CallEnd::ok);
}

namespace {
std::uint8_t retry_class(std::int16_t status) {
  switch (status) {
    case kTimedOut: return kRetryTimeout;
    case kConnectError: return kRetryConnectError;
    case kTooManyRequests: return kRetry429;
    case kConflict: return kRetry409;
    default: return status >= 500 && status <= 599 ? kRetry5xx : 0;
  }
}
}  // namespace

void Engine::attempt_failed(CallSlot c, std::int16_t status, Duration retry_after) {
  end_attempt(c, status);  // its timer or a late reply is now stale
  const EdgeId edge = m_calls[c].edge;
  const EdgeConfig& cfg = config(edge);
  EdgeState& st = m_edges[edge];
  const std::uint32_t instance = m_calls[c].instance;
  // A 409 says "already in progress": it tells nothing of the callee's health, so breakers and budgets neither
  // count it as a failure nor as a success.
  const bool conflict = status == kConflict;
  if (!st.breakers.empty()) {
    CircuitBreaker& br = st.breakers[breaker_index(cfg, instance)];
    if (conflict) {
      br.on_abandoned();
    } else {
      br.on_result(m_now, true, m_now - m_calls[c].attempt_started);
      if (br.take_opened()) add_breaker_open_time(edge, m_now, m_now + cfg.breaker.open_for);
    }
  }
  RetryBudget* budget = st.budgets.empty() ? nullptr : &st.budgets[budget_index(cfg, instance)];
  if (budget && !conflict) budget->on_result(m_now, true);
  throttle_hears(c, status);

  // A hedge is one copy of one attempt: it is not retried (its call retries).
  if (!(cfg.retry.retry_on & retry_class(status)) || m_calls[c].attempt >= cfg.retry.max_attempts ||
      !m_calls[c].hedge_of.is_none()) {
    if (traced(c)) trace_call_mark(c, MarkKind::gave_up, 0, status);
    finish_call(c, CallEnd::failed);
    return;
  }
  if (budget && !budget->take_retry(m_now)) {
    note_budget_denied(c);
    finish_call(c, CallEnd::failed);
    return;
  }
  Call& call = m_calls[c];
  call.retry_reserved = budget != nullptr;
  Duration delay = backoff_delay(cfg.retry.backoff, call.attempt, call.last_backoff, st.jitter_rng);
  call.last_backoff = delay;
  if (cfg.retry.respect_retry_after && retry_after > delay) delay = retry_after;
  if (m_now + delay >= call.deadline) {
    drop_reserved_retry(call);
    if (traced(c)) trace_call_mark(c, MarkKind::gave_up, 0, status);
    finish_call(c, CallEnd::failed);
    return;
  }
  if (traced(c)) trace_backoff(c);
  schedule(m_now + delay, kBackoffDone, m_calls.ref(c));
}

void Engine::finish_call(CallSlot c, CallEnd end, FailReason reason) {
  if (!m_calls[c].hedge_of.is_none()) {
    hedge_done(c, end);
    return;
  }
  if (!m_calls[c].hedges.is_none()) {
    if (end == CallEnd::failed) {  // a hedge still out may yet succeed: the call's outcome waits for them
      m_calls[c].waiting_for_hedges = true;
      m_calls[c].hedged_failure = reason;
      return;
    }
    while (!m_calls[c].hedges.is_none()) abandon_call(m_calls[c].hedges);  // they lost the race
  }
  const Call call = m_calls[c];
  const EdgeConfig& cfg = config(call.edge);
  if (end == CallEnd::failed) {
    const FallbackConfig& fb = cfg.fallback;
    const bool fallback = (reason == FailReason::exhausted && fb.on_exhausted) ||
                          (reason == FailReason::breaker_open && fb.on_breaker_open) ||
                          (reason == FailReason::bulkhead_full && fb.on_bulkhead_full) ||
                          (reason == FailReason::throttled && fb.on_throttled);
    if (fallback) end = CallEnd::degraded;
  }
  if (call.holds_bulkhead) leave_bulkhead(call);
  if (traced(c)) trace_call_end(c);
  if (call.parent.slot.is_none()) {
    on_submission_done(c, end);
  } else if (m_requests.is_current(call.parent)) {
    unlink_sibling(m_requests[call.parent.slot].children, c);
    m_calls.release(c);
    on_child_done(call.parent.slot, end);
    release_op_ref(call.op);
    return;
  }
  m_calls.release(c);
  release_op_ref(call.op);
}

void Engine::abandon_call(CallSlot c) {
  while (!m_calls[c].hedges.is_none()) abandon_call(m_calls[c].hedges);
  forget_attempt(c);
  if (traced(c)) trace_call_end(c);
  const Call call = m_calls[c];
  if (call.holds_bulkhead) leave_bulkhead(call);
  if (!call.hedge_of.is_none())
    unlink_sibling(m_calls[call.hedge_of].hedges, c);
  else if (!call.parent.slot.is_none() && m_requests.is_current(call.parent))
    unlink_sibling(m_requests[call.parent.slot].children, c);
  m_calls.release(c);
  release_op_ref(call.op);
}

void Engine::forget_attempt(CallSlot c) {
  cancel_attempt(c);
  Call& call = m_calls[c];
  if (call.attempt_in_flight) {
    EdgeState& st = m_edges[call.edge];
    if (!st.breakers.empty()) st.breakers[breaker_index(config(call.edge), call.instance)].on_abandoned();
    budget_hears_end(call);
    limit_hears_end(call, 0);
    balancer_hears_end(call, 0);
  }
  drop_reserved_retry(call);
  ++call.gen;  // its timer, its reply or its backoff is stale now
  call.attempt_in_flight = false;
}

AdaptiveThrottle* Engine::throttle(EdgeId edge, std::uint32_t instance) {
  EdgeState& st = m_edges[edge];
  if (st.throttles.empty()) return nullptr;
  return &st.throttles[config(edge).throttle.shared ? 0 : instance];
}

// Every attempt is a request for the throttle, sent or not; it draws from the edge's throttle stream each time, so
// the draws do not depend on the probability.
bool Engine::throttle_admits(CallSlot c) {
  AdaptiveThrottle* t = throttle(m_calls[c].edge, m_calls[c].instance);
  return !t || t->admit(m_now, m_edges[m_calls[c].edge].throttle_rng.uniform());
}

// The backend accepted the request unless it timed out, could not connect, or answered with an overload or
// server error (429, 5xx): a success, a 409 "in progress" and other 4xx were all handled by it.
void Engine::throttle_hears(CallSlot c, std::int16_t status) {
  AdaptiveThrottle* t = throttle(m_calls[c].edge, m_calls[c].instance);
  const bool accepted = status >= 200 && status < 500 && status != kTooManyRequests;
  if (t && accepted) t->on_accept(m_now);
}

ConcurrencyLimit* Engine::limit(EdgeId edge, std::uint32_t instance) {
  EdgeState& st = m_edges[edge];
  if (st.limits.empty()) return nullptr;
  return &st.limits[config(edge).limit.shared ? 0 : instance];
}

// What the end of an attempt tells its caller's limit: a timeout, an overload answer (429, 503) or a refused
// connection is a drop; a success is a sample of the round trip; anything else (a 500, a 409, an abandoned
// attempt) says nothing of load and only frees the slot.
void Engine::limit_hears_end(const Call& call, std::int16_t status) {
  ConcurrencyLimit* l = limit(call.edge, call.instance);
  if (!l) return;
  using Sample = ConcurrencyLimit::Sample;
  Sample sample = Sample::ignored;
  if (status >= 200 && status < 300)
    sample = Sample::success;
  else if (status == kTimedOut || status == kTooManyRequests || status == kUnavailable || status == kConnectError)
    sample = Sample::dropped;
  const std::uint32_t before = l->limit();
  l->release(m_now - call.attempt_started, sample);
  m_edges[call.edge].limit_sum += double(l->limit()) - double(before);
}

void Engine::leave_bulkhead(const Call& call) {
  std::uint32_t& in_flight = m_edges[call.edge].in_flight[call.instance];
  CHAOSSIM_ASSERT(in_flight > 0, "a call left a bulkhead that was empty");
  --in_flight;
}

// A retry (or a hedge: a copy is a retry for the budget) the edge's retry budget refused.
void Engine::note_budget_denied(CallSlot c) {
  cell(series::kBudgetDenied) += 1;
  m_rec.each(m_mask, [](PhaseTotals& p) { ++p.budget_denied; });
  if (traced(c)) trace_call_mark(c, MarkKind::budget_denied);
}

Duration Engine::message_delay(EdgeId edge) {
  EdgeState& st = m_edges[edge];
  Duration d = config(edge).latency.sample(st.latency_rng);
  for (const FaultId f : st.faults)
    if (config(f).type == FaultConfig::Type::latency && fault_hits(f)) {
      d += config(f).delay.sample(m_faults[f].rng);
      m_fault_hit = f;
    }
  return d;
}

bool Engine::message_lost(EdgeId edge, bool request) {
  for (const FaultId f : m_edges[edge].faults) {
    const FaultConfig::Type t = config(f).type;
    const bool applies = t == FaultConfig::Type::partition ||
                         (request ? t == FaultConfig::Type::drop_request : t == FaultConfig::Type::drop_response);
    if (applies && fault_hits(f)) {
      m_fault_hit = f;
      return true;
    }
  }
  return false;
}

// An edge fault draws once per message from its own stream.
bool Engine::fault_hits(FaultId f) { return m_faults[f].rng.bernoulli(config(f).probability); }

}  // namespace chaossim
