// What a traced operation records (model/trace.h), called from the places in the engine where it happens. Every
// call site tests m_trace first; here, an operation that is not traced (its quotas were full when it started) is
// skipped with one more test. Nothing here draws from a random stream or changes the simulation's state.
#include "model/engine.h"

namespace chaossim {

TraceSet Engine::take_traces() { return m_trace ? m_trace->take() : TraceSet{}; }

void Engine::trace_begin(OperationSlot op) {
  Operation& o = m_ops[op];
  o.trace = m_trace->begin(m_next_op_serial++, o.client.value, m_now);
}

void Engine::trace_call(CallSlot c) {
  Call& call = m_calls[c];
  const std::uint32_t t = op_trace(call.op);
  if (t == TraceRecorder::kNone) return;
  CallSpans& spans = spans_of(c);
  const std::uint32_t parent = !call.hedge_of.is_none()     ? spans_of(call.hedge_of).span
                               : call.parent.slot.is_none() ? 0
                                                            : spans_of(call.parent.slot).span;
  if (TraceSpan* s = m_trace->open(t, SpanKind::call, parent, m_now, spans.span)) {
    s->role = spans.role;
    s->service = config(call.edge).caller;
    s->edge = call.edge.value;
    s->key = call.key;
  }
}

void Engine::trace_call_mark(CallSlot c, MarkKind kind, std::uint32_t index, std::int16_t status) {
  const Call& call = m_calls[c];
  const std::uint32_t t = op_trace(call.op);
  if (t == TraceRecorder::kNone) return;
  // A refusal of an attempt belongs to the call; what happened to a sent attempt, to that attempt.
  const bool on_attempt = kind == MarkKind::request_lost || kind == MarkKind::request_copied ||
                          kind == MarkKind::delayed || kind == MarkKind::timed_out;
  TraceMark m;
  m.kind = kind;
  m.at = m_now;
  m.index = index;
  m.status = status;
  m_trace->mark(t, on_attempt ? spans_of(c).step_span : spans_of(c).span, m);
}

void Engine::trace_attempt(CallSlot c, std::uint64_t key) {
  Call& call = m_calls[c];
  const std::uint32_t t = op_trace(call.op);
  if (t == TraceRecorder::kNone) return;
  CallSpans& spans = spans_of(c);
  m_trace->close(t, spans.step_span, m_now);  // the backoff before it, if any
  if (TraceSpan* s = m_trace->open(t, SpanKind::attempt, spans.span, m_now, spans.step_span)) {
    s->service = config(call.edge).caller;
    s->edge = call.edge.value;
    s->attempt = call.attempt;
    s->key = key;
  }
}

void Engine::trace_attempt_end(CallSlot c, std::int16_t status) {
  Call& call = m_calls[c];
  const std::uint32_t t = op_trace(call.op);
  if (t == TraceRecorder::kNone) return;
  if (status == kTimedOut) trace_call_mark(c, MarkKind::timed_out);
  m_trace->close(t, spans_of(c).step_span, m_now, status);
  spans_of(c).step_span = kNoSpan;
}

void Engine::trace_backoff(CallSlot c) {
  Call& call = m_calls[c];
  const std::uint32_t t = op_trace(call.op);
  if (t == TraceRecorder::kNone) return;
  // The next attempt closes it when it starts (or the call's end, when the call is abandoned meanwhile).
  CallSpans& spans = spans_of(c);
  if (TraceSpan* s = m_trace->open(t, SpanKind::backoff, spans.span, m_now, spans.step_span)) {
    s->service = config(call.edge).caller;
    s->edge = call.edge.value;
    s->attempt = call.attempt;
  }
}

void Engine::trace_call_end(CallSlot c) {
  Call& call = m_calls[c];
  const std::uint32_t t = op_trace(call.op);
  if (t == TraceRecorder::kNone) return;
  m_trace->close(t, spans_of(c).step_span, m_now);
  m_trace->close(t, spans_of(c).span, m_now);
}

void Engine::trace_request(RequestSlot r) {
  Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  RequestSpans& spans = spans_of(r);
  const std::uint32_t attempt = spans.attempt_span == kNoSpan ? 0 : m_trace->span(t, spans.attempt_span)->attempt;
  if (TraceSpan* s = m_trace->open(t, SpanKind::request, spans.attempt_span, m_now, spans.span)) {
    s->service = req.service.value;
    s->edge = req.edge.value;
    s->key = req.key;
    s->attempt = attempt;
  }
}

void Engine::trace_request_mark(RequestSlot r, MarkKind kind, std::uint32_t index, std::int16_t status,
                                bool duplicate) {
  const Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  TraceMark m;
  m.kind = kind;
  m.at = m_now;
  m.index = index;
  m.status = status;
  m.duplicate = duplicate;
  m_trace->mark(t, spans_of(r).span, m);
}

void Engine::trace_queued(RequestSlot r) {
  Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  RequestSpans& spans = spans_of(r);
  if (TraceSpan* s = m_trace->open(t, SpanKind::queue, spans.span, m_now, spans.step_span)) {
    s->service = req.service.value;
    s->edge = req.edge.value;
  }
}

void Engine::trace_step_end(RequestSlot r) {
  Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  m_trace->close_or_forget(t, spans_of(r).step_span, m_now);  // a queue span only if it waited
  spans_of(r).step_span = kNoSpan;
}

void Engine::trace_reply(RequestSlot r, std::int16_t status) {
  const Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  if (TraceSpan* s = m_trace->span(t, spans_of(r).span)) s->status = status;
}

void Engine::trace_work(RequestSlot r) {
  Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  // A step resumed after a pause: the frozen part ends here and the rest is a step of its own.
  RequestSpans& spans = spans_of(r);
  m_trace->close(t, spans.step_span, m_now);
  if (TraceSpan* s = m_trace->open(t, SpanKind::work, spans.span, m_now, spans.step_span)) {
    s->service = req.service.value;
    s->edge = req.edge.value;
  }
  if (!m_instances[req.instance].slowed) return;
  for (const FaultId f : m_instances[req.instance].faults)
    if (config(f).type == FaultConfig::Type::slowdown && fault_hits(f, r))
      trace_request_mark(r, MarkKind::slowed, f.value);
}

void Engine::trace_request_end(RequestSlot r) {
  Request& req = m_requests[r];
  const std::uint32_t t = op_trace(req.op);
  if (t == TraceRecorder::kNone) return;
  m_trace->close(t, spans_of(r).step_span, m_now);
  m_trace->close(t, spans_of(r).span, m_now);
}

void Engine::trace_outcome(OperationSlot op, CallEnd end) {
  const std::uint32_t t = op_trace(op);
  if (t == TraceRecorder::kNone) return;
  const TraceOutcome outcome = end == CallEnd::ok         ? TraceOutcome::ok
                               : end == CallEnd::degraded ? TraceOutcome::degraded
                                                          : TraceOutcome::failed;
  m_trace->set_outcome(t, outcome, m_now);
}

void Engine::trace_finish(OperationSlot op) {
  const std::uint32_t t = op_trace(op);
  if (t == TraceRecorder::kNone) return;
  std::uint32_t effects = 0, duplicates = 0;
  const std::uint16_t* counts = m_s.effects.empty() ? nullptr : op_effects(op);
  for (std::size_t e = 0; e < m_s.effects.size(); ++e) {
    effects += counts[e];
    duplicates += counts[e] > 1 ? counts[e] - 1u : 0u;
  }
  m_trace->finish(t, m_now, effects, duplicates, m_rec.left_an_effect(counts, m_s.effects.size()));
  m_ops[op].trace = TraceRecorder::kNone;
}

}  // namespace chaossim
