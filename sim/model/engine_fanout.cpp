// Several calls at once: a handler's call step with a fan-out (`count` calls, done when `need` succeeded), and hedged
// calls (copies of a slow first attempt, the first success wins). Both keep the calls still out in a list of
// siblings, so that whatever settles the outcome abandons the rest.
#include "model/engine.h"

namespace chaossim {

void Engine::link_sibling(CallSlot& head, CallSlot c) {
  Call& call = m_calls[c];
  call.prev_sibling = CallSlot::none();
  call.next_sibling = head;
  if (!head.is_none()) m_calls[head].prev_sibling = c;
  head = c;
}

void Engine::unlink_sibling(CallSlot& head, CallSlot c) {
  Call& call = m_calls[c];
  if (call.prev_sibling.is_none()) {
    CHAOSSIM_ASSERT(head == c, "a call missing from its list of siblings");
    head = call.next_sibling;
  } else {
    m_calls[call.prev_sibling].next_sibling = call.next_sibling;
  }
  if (!call.next_sibling.is_none()) m_calls[call.next_sibling].prev_sibling = call.prev_sibling;
  call.next_sibling = call.prev_sibling = CallSlot::none();
}

void Engine::start_calls(RequestSlot r, const Step& step, std::uint32_t step_index) {
  Request& req = m_requests[r];
  req.state = Request::State::calling;
  req.need = static_cast<std::uint16_t>(step.need);
  req.spare = static_cast<std::uint16_t>(step.count - step.need);
  const EdgeId edge{step.index};
  const std::uint32_t caller = m_instances[req.instance].ordinal;
  const OperationSlot op = req.op;
  if (step.count == 1) {
    const CallSlot c = new_call(edge, caller, op, downstream_key(r, step_index));
    m_calls[c].parent = m_requests.ref(r);
    link_sibling(m_requests[r].children, c);
    start_call(c);
    return;
  }
  // Each call of a fan-out starts in an event of its own at this instant: one that ends at once (an open breaker, a
  // full bulkhead) may settle the step, and the calls after it then never start.
  for (std::uint32_t k = 0; k < step.count; ++k) {
    const CallSlot c = new_call(edge, caller, op, downstream_key(r, step_index, k));
    m_calls[c].parent = m_requests.ref(r);
    link_sibling(m_requests[r].children, c);
    schedule(m_now, kCallStart, m_calls.ref(c));
  }
}

// One call of the step ended (the caller unlinked it). The step is settled when it has its successes, or when so
// many failed that it cannot have them any more; what is still out is then abandoned.
void Engine::on_child_done(RequestSlot r, CallEnd end) {
  Request& req = m_requests[r];
  if (end == CallEnd::failed) {
    if (req.spare > 0) {
      --req.spare;
      return;
    }
  } else {
    if (end == CallEnd::degraded) req.degraded = true;
    CHAOSSIM_ASSERT(req.need > 0, "a call step that was settled heard from a call");
    if (--req.need > 0) return;
  }
  abandon_children(r);
  Request& rq = m_requests[r];  // abandoning may have grown the pools
  rq.state = Request::State::running;
  if (m_instances[rq.instance].paused) {  // the process is frozen: continue when it resumes
    rq.child_end = end;
    rq.deferred = true;
    m_instances[rq.instance].deferred.push_back(r);
    return;
  }
  continue_after_calls(r, end);
}

void Engine::abandon_children(RequestSlot r) {
  while (!m_requests[r].children.is_none()) abandon_call(m_requests[r].children);  // unlinks it
}

// ---- Hedged calls -----------------------------------------------------------------------------------------------

void Engine::schedule_hedge(CallSlot c) {
  const Call& call = m_calls[c];
  const EdgeConfig& cfg = config(call.edge);
  const Duration delay = cfg.hedge.delay ? *cfg.hedge.delay : m_edges[call.edge].hedge_delay;
  if (delay == Duration::infinite() || m_now + delay >= call.deadline) return;
  schedule(m_now + delay, kHedge, m_calls.ref(c));  // stale once this attempt ends
}

// The call's first attempt is still out: send a copy, if the budget lets it, and plan the next.
void Engine::on_hedge(CallSlot c) {
  Call& call = m_calls[c];
  const EdgeConfig& cfg = config(call.edge);
  if (!call.attempt_in_flight || call.hedges_sent >= cfg.hedge.max) return;
  const RequestRef parent = call.parent;
  if (!parent.slot.is_none() && m_requests.is_current(parent) && m_instances[m_requests[parent.slot].instance].paused)
    return;  // a frozen process sends nothing
  EdgeState& st = m_edges[call.edge];
  RetryBudget* budget = st.budgets.empty() ? nullptr : &st.budgets[budget_index(cfg, call.instance)];
  if (budget && !budget->take_retry(m_now)) {
    note_budget_denied(c);
    return;
  }
  ++call.hedges_sent;
  const CallRef first = m_calls.ref(c);
  const CallSlot h = new_call(call.edge, call.instance, call.op, call.key);
  Call& hedge = m_calls[h];  // new_call may have grown the pool: `call` is not used below
  hedge.hedge_of = c;
  hedge.deadline = m_calls[c].deadline;
  hedge.target = m_calls[c].target;  // the balancer sends the copy elsewhere
  hedge.retry_reserved = budget != nullptr;
  link_sibling(m_calls[c].hedges, h);
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[m_calls[c].edge.value].hedges; });
  if (m_trace) spans_of(h).role = CallRole::hedge;
  if (traced(h)) trace_call(h);
  send_attempt(h);
  if (m_calls.is_current(first) && m_calls[c].hedges_sent < cfg.hedge.max) schedule_hedge(c);
}

// A hedge ended. Its success is the call's (whose own attempt then lost the race); its failure matters only when
// it was the last hope of a call that failed already.
void Engine::hedge_done(CallSlot h, CallEnd end) {
  const CallSlot c = m_calls[h].hedge_of;
  const OperationSlot op = m_calls[h].op;
  unlink_sibling(m_calls[c].hedges, h);
  if (traced(h)) trace_call_end(h);
  m_calls.release(h);
  Call& call = m_calls[c];
  if (end != CallEnd::failed) {
    m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.edges[call.edge.value].hedge_wins; });
    call.waiting_for_hedges = false;
    forget_attempt(c);
    finish_call(c, end);
  } else if (call.waiting_for_hedges && call.hedges.is_none()) {
    call.waiting_for_hedges = false;
    finish_call(c, CallEnd::failed, call.hedged_failure);
  }
  release_op_ref(op);
}

// Hedging at a percentile: the delay is that of the last complete window of successful attempts.
void Engine::note_hedge_latency(EdgeId edge, Duration latency) {
  EdgeState& st = m_edges[edge];
  st.hedge_window.record(latency.ns);
  if (st.hedge_window.count() < HedgeConfig::kWindow) return;
  const double q = *config(edge).hedge.percentile / 100;
  st.hedge_delay = Duration{static_cast<std::int64_t>(st.hedge_window.quantile_ns(q))};
  st.hedge_window.clear();
}

}  // namespace chaossim
