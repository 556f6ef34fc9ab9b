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

std::uint32_t Engine::new_call(std::uint32_t edge, std::uint32_t instance, std::uint32_t op, std::uint64_t key) {
  const std::uint32_t c = m_calls.acquire();
  Call& call = m_calls[c];
  call.edge = edge;
  call.instance = instance;
  call.op = op;
  call.key = key;
  ++m_ops[op].refs;
  return c;
}

void Engine::start_call(std::uint32_t c) {
  const std::uint32_t edge = m_calls[c].edge;
  const EdgeConfig& cfg = m_s.edges[edge];
  EdgeState& st = m_edges[edge];
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[edge].calls; });
  if (cfg.bulkhead_max_concurrent) {
    std::uint32_t& in_flight = st.in_flight[m_calls[c].instance];
    if (in_flight >= *cfg.bulkhead_max_concurrent) {
      finish_call(c, CallEnd::failed, FailReason::bulkhead_full);
      return;
    }
    ++in_flight;
    m_calls[c].holds_bulkhead = true;
  }
  Call& call = m_calls[c];
  call.started = m_now;
  call.deadline = cfg.deadline ? m_now + *cfg.deadline : Instant{} + Duration::infinite();
  send_attempt(c);
}

void Engine::send_attempt(std::uint32_t c) {
  const std::uint32_t edge = m_calls[c].edge;
  const EdgeConfig& cfg = m_s.edges[edge];
  EdgeState& st = m_edges[edge];
  if (!st.breakers.empty() && !st.breakers[breaker_index(cfg, m_calls[c].instance)].allow(m_now)) {
    m_rec.row()[m_rec.layout().breaker_rejections] += 1;
    m_rec.each(m_mask, [](PhaseTotals& p) { ++p.breaker_rejections; });
    finish_call(c, CallEnd::failed, FailReason::breaker_open);
    return;
  }
  Call& call = m_calls[c];
  ++call.attempt;
  ++call.gen;  // the new attempt: anything addressed to an earlier one is now stale
  call.attempt_in_flight = true;
  const bool retry = call.attempt > 1;
  std::uint64_t key = 0;
  switch (cfg.idempotency_key) {
    case KeyMode::per_operation: key = call.key; break;
    case KeyMode::per_attempt: key = new_key(); break;
    case KeyMode::none: key = 0; break;
  }
  if (!st.budgets.empty()) st.budgets[budget_index(cfg, call.instance)].on_attempt(m_now, retry);

  const SeriesLayout& l = m_rec.layout();
  double* row = m_rec.row();
  row[l.edges + edge * SeriesLayout::kEdgeColumns] += 1;
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[edge].attempts; });
  if (cfg.caller == kClients) {
    row[l.attempts] += 1;
    Operation& o = m_ops[call.op];
    ++o.attempts;
    if (retry) {
      row[l.retries] += 1;
      ++o.retries;
    }
  }

  call.attempt_started = m_now;
  const Instant expires = std::min(m_now + cfg.timeout, call.deadline);
  const std::uint32_t gen = call.gen;
  const std::uint32_t op = call.op;
  set_attempt_timer(edge, expires, c, gen);

  if (message_lost(edge, true)) return;
  int copies = 1;
  for (std::uint32_t f : st.faults)
    if (m_s.faults[f].type == FaultConfig::Type::duplicate_request && fault_hits(f)) copies = 2;
  for (int i = 0; i < copies; ++i) {
    const std::uint32_t r = m_requests.acquire();
    Request& req = m_requests[r];
    req.service = cfg.callee;
    req.edge = edge;
    req.call = c;
    req.call_gen = gen;
    req.op = op;
    req.key = key;
    req.expires = expires;
    ++m_ops[op].refs;
    schedule(m_now + message_delay(edge), kRequestArrive, r, req.gen);
  }
}

void Engine::on_response(std::uint32_t msg) {
  const Message m = m_messages[msg];
  m_messages.release(msg);
  if (!m_calls[m.call].live || m_calls[m.call].gen != m.call_gen) return;  // the attempt was given up
  if (m.status >= 200 && m.status < 300)
    attempt_succeeded(m.call, m.status == kDegraded);
  else
    attempt_failed(m.call, m.status, m.retry_after);
}

void Engine::end_attempt(std::uint32_t c) {
  ++m_calls[c].gen;
  m_calls[c].attempt_in_flight = false;
}

// A frozen process notices nothing: a timer of a call made by a paused service fires when the pause ends.
bool Engine::defer_if_caller_paused(std::uint32_t c, bool timeout) {
  const std::uint32_t parent = m_calls[c].parent;
  if (parent == kNone || !m_requests[parent].live || m_requests[parent].gen != m_calls[c].parent_gen) return false;
  ServiceState& st = m_services[m_requests[parent].service];
  if (!st.paused) return false;
  st.deferred_timers.push_back({c, m_calls[c].gen, timeout});
  return true;
}

void Engine::set_attempt_timer(std::uint32_t edge, Instant at, std::uint32_t call, std::uint32_t gen) {
  TimerFifo& fifo = m_edges[edge].timeouts;
  if (fifo.accepts(at))
    fifo.push(m_queue, edge, Timer{at, m_queue.reserve_order(kTimeoutFifo), call, gen});
  else  // a deadline cut this one short: out of FIFO order
    schedule(at, kAttemptTimeout, call, gen);
}

void Engine::on_timeout_fifo(std::uint32_t edge) {
  const Timer t = m_edges[edge].timeouts.pop(m_queue, edge, [this](const Timer& x) {
    return !m_calls[x.id].live || m_calls[x.id].gen != x.gen;
  });
  if (m_calls[t.id].live && m_calls[t.id].gen == t.gen && !defer_if_caller_paused(t.id, true)) on_attempt_timeout(t.id);
}

void Engine::on_attempt_timeout(std::uint32_t c) {
  const std::uint32_t edge = m_calls[c].edge;
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[edge].timeouts; });
  if (m_s.edges[edge].caller == kClients) {
    m_rec.row()[m_rec.layout().timeouts] += 1;
    ++m_ops[m_calls[c].op].timeouts;
  }
  attempt_failed(c, kTimedOut, Duration::zero());
}

void Engine::attempt_succeeded(std::uint32_t c, bool degraded) {
  end_attempt(c);
  Call& call = m_calls[c];
  const EdgeConfig& cfg = m_s.edges[call.edge];
  EdgeState& st = m_edges[call.edge];
  if (!st.breakers.empty()) {
    CircuitBreaker& br = st.breakers[breaker_index(cfg, call.instance)];
    br.on_result(m_now, false, m_now - call.attempt_started);
    if (br.take_opened()) add_breaker_open_time(call.edge, m_now, m_now + cfg.breaker.open_for);
  }
  if (!st.budgets.empty()) st.budgets[budget_index(cfg, call.instance)].on_result(false);
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

void Engine::attempt_failed(std::uint32_t c, std::int16_t status, Duration retry_after) {
  end_attempt(c);  // its timer or a late reply is now stale
  const std::uint32_t edge = m_calls[c].edge;
  const EdgeConfig& cfg = m_s.edges[edge];
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
  if (budget && !conflict) budget->on_result(true);

  if (!(cfg.retry.retry_on & retry_class(status)) || m_calls[c].attempt >= cfg.retry.max_attempts) {
    finish_call(c, CallEnd::failed);
    return;
  }
  if (budget && !budget->allow_retry(m_now)) {
    m_rec.row()[m_rec.layout().budget_denied] += 1;
    m_rec.each(m_mask, [](PhaseTotals& p) { ++p.budget_denied; });
    finish_call(c, CallEnd::failed);
    return;
  }
  Call& call = m_calls[c];
  Duration delay = backoff_delay(cfg.retry.backoff, call.attempt, call.last_backoff, st.jitter_rng);
  call.last_backoff = delay;
  if (cfg.retry.respect_retry_after && retry_after > delay) delay = retry_after;
  if (m_now + delay >= call.deadline) {
    finish_call(c, CallEnd::failed);
    return;
  }
  schedule(m_now + delay, kBackoffDone, c, call.gen);
}

void Engine::finish_call(std::uint32_t c, CallEnd end, FailReason reason) {
  const Call call = m_calls[c];
  const EdgeConfig& cfg = m_s.edges[call.edge];
  if (end == CallEnd::failed) {
    const FallbackConfig& fb = cfg.fallback;
    const bool fallback = (reason == FailReason::exhausted && fb.on_exhausted) ||
                          (reason == FailReason::breaker_open && fb.on_breaker_open) ||
                          (reason == FailReason::bulkhead_full && fb.on_bulkhead_full);
    if (fallback) end = CallEnd::degraded;
  }
  if (call.holds_bulkhead) --m_edges[call.edge].in_flight[call.instance];
  if (call.parent == kNone) {
    on_submission_done(c, end);
  } else if (m_requests[call.parent].live && m_requests[call.parent].gen == call.parent_gen) {
    m_calls.release(c);
    on_child_done(call.parent, end);
    release_op_ref(call.op);
    return;
  }
  m_calls.release(c);
  release_op_ref(call.op);
}

void Engine::abandon_call(std::uint32_t c) {
  const Call call = m_calls[c];
  if (call.holds_bulkhead) --m_edges[call.edge].in_flight[call.instance];
  EdgeState& st = m_edges[call.edge];
  if (call.attempt_in_flight && !st.breakers.empty())
    st.breakers[breaker_index(m_s.edges[call.edge], call.instance)].on_abandoned();
  m_calls.release(c);
  release_op_ref(call.op);
}

Duration Engine::message_delay(std::uint32_t edge) {
  EdgeState& st = m_edges[edge];
  Duration d = m_s.edges[edge].latency.sample(st.latency_rng);
  for (std::uint32_t f : st.faults)
    if (m_s.faults[f].type == FaultConfig::Type::latency && fault_hits(f)) d += m_s.faults[f].delay.sample(m_fault_rngs[f]);
  return d;
}

bool Engine::message_lost(std::uint32_t edge, bool request) {
  for (std::uint32_t f : m_edges[edge].faults) {
    const FaultConfig::Type t = m_s.faults[f].type;
    const bool applies = t == FaultConfig::Type::partition ||
                         (request ? t == FaultConfig::Type::drop_request : t == FaultConfig::Type::drop_response);
    if (applies && fault_hits(f)) return true;
  }
  return false;
}

bool Engine::fault_hits(std::uint32_t f) { return m_fault_rngs[f].bernoulli(m_s.faults[f].probability); }

}  // namespace chaossim
