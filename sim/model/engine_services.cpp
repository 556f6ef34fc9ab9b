// The callee's side: a request arrives, waits in the queue, is picked up by a worker, runs the handler's steps
// (work, downstream calls, effects) and is answered. A worker is held for the whole handler, including while it
// waits on downstream calls, which is how a slow dependency exhausts its callers.
#include <algorithm>

#include "model/engine.h"

namespace chaossim {

void Engine::on_request_arrive(RequestSlot r) {
  const InstanceId i = m_requests[r].instance;
  InstanceState& st = m_instances[i];
  const ServiceId s = st.service;
  if (traced(r)) trace_request(r);
  if (st.crashed || st.life == Life::draining) {
    // Connection refused (a draining process has closed its listener): the caller learns at once, one hop back.
    if (traced(r)) trace_request_mark(r, MarkKind::refused);
    send_reply(m_requests[r].edge, m_requests[r].reply_to, kConnectError, Duration::zero(), r);
    free_request(r);
    return;
  }
  cell(s, series::kServiceRequests) += 1;
  add_to_cell(i, series::kInstanceRequests, 1);
  m_rec.each(m_mask, [&](PhaseTotals& p) {
    ++p.services[s.value].requests;
    ++p.instances[i.value].requests;
  });
  // Cancelled on its way: its caller gave up on the attempt before the request got here.
  if (config(m_requests[r].edge).cancel_on_abandon && !m_calls.is_current(m_requests[r].reply_to)) {
    m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.services[s.value].cancelled; });
    if (traced(r)) trace_request_mark(r, MarkKind::cancelled);
    free_request(r);
    return;
  }
  if (st.hanging && hang_hits(r)) {  // accepted and never answered
    if (traced(r)) trace_request_mark(r, MarkKind::hung);
    free_request(r);
    return;
  }
  if (config(s).queue.codel && !st.paused) expire_codel(i);
  if (st.limit) {
    if (!st.limit->try_acquire()) {
      const std::int16_t status = config(s).limit.status;
      cell(s, series::kServiceLimited) += 1;
      cell(series::kLimitRejections) += 1;
      m_rec.each(m_mask, [&](PhaseTotals& p) {
        ++p.services[s.value].limited;
        ++p.limit_rejections;
      });
      if (traced(r)) trace_request_mark(r, MarkKind::limited, 0, status);
      reply(r, status, Duration::zero());
      free_request(r);
      return;
    }
    m_requests[r].holds_limit = true;
    m_requests[r].arrived = m_now;
  }
  const bool worker_free = !st.paused && st.busy < st.workers;
  const OverloadConfig& overload = config(s).overload;
  if (!worker_free && !st.paused && overload.queue_above && st.queue.size() >= *overload.queue_above) {
    cell(s, series::kServiceOverloaded) += 1;
    m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.services[s.value].overloaded; });
    reply(r, overload.status, overload.retry_after.value_or(Duration::zero()));
    release_limit(r, ConcurrencyLimit::Sample::dropped);
    free_request(r);
    return;
  }
  if (!worker_free && !st.paused && queue_full_after_eviction(r)) {
    shed_request(r, kUnavailable);
    return;
  }
  enqueue(r);
  if (traced(r)) trace_queued(r);
  pump(i);
  // Measured after a free worker had its chance: a request taken at once never waited.
  const std::uint64_t depth = m_queued[s];
  if (depth > m_queue_max_bucket[s]) m_queue_max_bucket[s] = depth;
  m_rec.each(m_mask,
             [&](PhaseTotals& p) { p.services[s.value].queue_max = std::max(p.services[s.value].queue_max, depth); });
}

// Hands queued requests to free workers, in the order of the queue's discipline (engine_queue.cpp). Shedding
// happens here, when a worker dequeues: a request that waited too long is answered 503 (max_wait, CoDel), one whose
// caller has already given up is dropped (drop_expired).
void Engine::pump(InstanceId i) {
  InstanceState& st = m_instances[i];
  if (st.pumping) return;
  st.pumping = true;
  const ServiceConfig& cfg = config(i);
  if (cfg.queue.codel && !st.paused && !st.crashed) expire_codel(i);
  while (!st.paused && !st.crashed && st.busy < st.workers && !st.queue.empty()) {
    const RequestSlot r = take_next(i);
    Request& req = m_requests[r];
    if (traced(r)) trace_step_end(r);
    const bool too_old = (cfg.queue.max_wait && m_now - req.arrived > *cfg.queue.max_wait) || over_codel_limit(r);
    const bool expired = cfg.drop_expired && m_now >= req.expires;
    if (too_old || expired) {
      shed_request(r, too_old && !expired ? std::int16_t{kUnavailable} : std::int16_t{0});
      continue;
    }
    req.state = Request::State::running;
    req.counted_busy = true;
    set_busy(i, +1);
    begin_handler(r);
  }
  note_queue_state(i);
  st.pumping = false;
  // A draining instance exits as soon as it holds nothing (the event, not a call, keeps this loop flat).
  if (st.life == Life::draining && drained(i)) schedule(m_now, kLifecycle, i.value, st.life_gen);
}

// A request the queue will not serve: answered with `status`, or not at all (0) when its caller has gone.
void Engine::shed_request(RequestSlot r, std::int16_t status) {
  const ServiceId s = m_requests[r].service;
  cell(s, series::kServiceShed) += 1;
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.services[s.value].shed; });
  if (traced(r)) trace_request_mark(r, MarkKind::shed, 0, status);
  if (status != 0) reply(r, status, Duration::zero());
  release_limit(r, ConcurrencyLimit::Sample::dropped);
  free_request(r);
}

void Engine::begin_handler(RequestSlot r) {
  const ServiceId s = m_requests[r].service;
  InstanceState& st = m_instances[m_requests[r].instance];
  Request& req = m_requests[r];
  for (const FaultId f : st.faults) {
    const FaultConfig& fc = config(f);
    if (fc.type == FaultConfig::Type::error && !req.forced_status && fault_hits(f, r)) {
      req.forced_status = static_cast<std::int16_t>(fc.status);
      req.skip_effects = true;
      if (fc.retry_after) req.retry_after = *fc.retry_after;
      if (traced(r)) trace_request_mark(r, MarkKind::fault_error, f.value, req.forced_status);
    } else if (fc.type == FaultConfig::Type::error_after_effect && !req.forced_status && fault_hits(f, r)) {
      req.forced_status = static_cast<std::int16_t>(fc.status);
      if (traced(r)) trace_request_mark(r, MarkKind::fault_error, f.value, req.forced_status);
    }
  }
  const IdempotencyConfig& idem = config(s).idempotency;
  if (st.store && req.key != 0 && !req.skip_effects) {
    req.store = st.store_down ? store_outage_hits(r) : StoreAccess::up;
    if (traced(r) && req.store != StoreAccess::up)
      trace_request_mark(r, MarkKind::store_unavailable, 0,
                         req.store == StoreAccess::fail_closed ? std::int16_t{kUnavailable} : std::int16_t{0});
    if (req.store == StoreAccess::fail_closed) {  // no dedupe, no service
      finish_request(r, kUnavailable);
      return;
    }
    if (req.store == StoreAccess::up) {
      const std::uint32_t payload = m_ops[req.op].payload;
      IdempotencyStore::Entry* e = st.store->find(m_now, req.key);
      const bool takeover = e && e->lease_expired(m_now);  // its holder overran the lease: take a new one
      if (takeover) {
        m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.lease_takeovers; });
        if (traced(r)) trace_request_mark(r, MarkKind::lease_expired);
        e = nullptr;
      }
      if (e && e->payload != payload && idem.check_payload) {  // the same key for another request
        m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.payload_rejections; });
        if (traced(r)) trace_request_mark(r, MarkKind::store_other_payload, 0, kUnprocessable);
        finish_request(r, kUnprocessable);
        return;
      }
      if (e) {
        if (e->completed) {
          if (e->payload != payload) m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.wrong_replies; });
          if (traced(r)) trace_request_mark(r, MarkKind::store_hit, 0, e->status);
          finish_request(r, e->status);
        } else if (!idem.in_flight_wait) {
          if (traced(r)) trace_request_mark(r, MarkKind::store_in_flight, 0, kConflict);
          finish_request(r, kConflict);
        } else {
          if (traced(r)) trace_request_mark(r, MarkKind::store_in_flight);
          req.state = Request::State::waiting_key;
          req.next_waiter = RequestSlot{e->waiters};
          e->waiters = r.value;
        }
        return;
      }
      // before_response reserves the key now; after_response writes only once the reply has left, so a duplicate
      // arriving meanwhile runs the handler again (the check-then-act race).
      if (traced(r) && !takeover) trace_request_mark(r, MarkKind::store_miss);
      if (!idem.record_after_response) {
        const Instant lease_until = idem.lock_ttl && !idem.lock_renew ? m_now + *idem.lock_ttl : Instant::never();
        req.lease = st.store->begin(m_now, req.key, payload, lease_until);
        req.owns_key = true;
      }
    }
  }
  req.ran_handler = true;
  req.step = 0;
  run_steps(r);
}

std::uint64_t Engine::downstream_key(RequestSlot r, std::uint32_t step, std::uint32_t call) {
  Request& req = m_requests[r];
  std::uint64_t base = req.key;
  if (base == 0) {
    if (req.local_key == 0) req.local_key = new_key();
    base = req.local_key;
  }
  // Derived, not fresh: a retry of the incoming request reaches the same downstream key. The handler step makes
  // two calls to the same service from one handler two different operations.
  std::uint64_t k = mix64(base * 0x9e3779b97f4a7c15ULL + step + 1);
  if (call > 0) k = mix64(k + call);  // the calls of a fan-out: each its own operation downstream
  return k != 0 ? k : 1;
}

void Engine::run_steps(RequestSlot r) {
  const ServiceId s = m_requests[r].service;
  const std::vector<Step>& handler = config(s).handler;
  while (m_requests[r].step < handler.size()) {
    const Step& step = handler[m_requests[r].step++];
    Request& req = m_requests[r];
    switch (step.kind) {
      case Step::Kind::work: {
        const Duration d = work_duration(r, step);
        if (d.ns == 0) break;
        start_work(r, d);
        return;
      }
      case Step::Kind::effect:
        if (req.skip_effects) break;
        if (req.owns_key && config(s).idempotency.fencing &&
            !m_instances[req.instance].store->holds(req.key, req.lease)) {
          // A newer lease of the key exists: the store refuses the stale holder's write.
          m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.fenced; });
          if (traced(r)) trace_request_mark(r, MarkKind::fenced, step.index, kConflict);
          finish_request(r, kConflict);
          return;
        }
        record_effect(req.op, EffectId{step.index});
        if (traced(r)) trace_request_mark(r, MarkKind::effect, step.index, 0, op_effects(req.op)[step.index] > 1);
        break;
      case Step::Kind::read: req.read_version = m_record_versions[step.index]; break;
      case Step::Kind::write:
        if (req.skip_effects) break;
        if (m_record_versions[step.index] != req.read_version) {  // another request wrote it since
          m_rec.each(m_mask, [](PhaseTotals& p) { ++p.conflicts; });
          if (traced(r)) trace_request_mark(r, MarkKind::conflict, step.index, kConflict);
          finish_request(r, kConflict);
          return;
        }
        ++m_record_versions[step.index];
        break;
      case Step::Kind::respond:
        if (req.forced_status) break;  // an error fault answers at the end, as without the step
        respond_early(r, static_cast<std::int16_t>(step.index));
        break;
      case Step::Kind::call: {
        if (req.skip_effects) break;
        start_calls(r, step, m_requests[r].step - 1);
        return;
      }
    }
  }
  const Request& req = m_requests[r];
  finish_request(r, req.forced_status ? req.forced_status : static_cast<std::int16_t>(req.degraded ? kDegraded : kOk));
}

// The caller gets its answer now and the handler goes on. A key the request holds is stored with that answer at once,
// so a duplicate arriving while the work goes on gets it too (and requests waiting on the key are answered).
void Engine::respond_early(RequestSlot r, std::int16_t status) {
  Request& req = m_requests[r];
  InstanceState& st = m_instances[req.instance];
  RequestSlot waiters = RequestSlot::none();
  if (req.owns_key) {
    if (st.store->holds(req.key, req.lease)) waiters = RequestSlot{st.store->find(m_now, req.key)->waiters};
    st.store->complete(m_now, req.key, status, m_ops[req.op].payload);
    req.owns_key = false;
  }
  reply(r, status, Duration::zero());
  m_requests[r].responded = true;
  answer_waiters(waiters, status);
}

void Engine::on_work_done(RequestSlot r) {
  if (traced(r)) trace_step_end(r);
  m_requests[r].state = Request::State::running;
  set_working(m_requests[r].instance, -1);
  run_steps(r);
}

void Engine::finish_request(RequestSlot r, std::int16_t status) {
  const ServiceId s = m_requests[r].service;
  const InstanceId i = m_requests[r].instance;
  InstanceState& st = m_instances[i];
  const IdempotencyConfig& idem = config(s).idempotency;
  Request& req = m_requests[r];
  const bool ok = status >= 200 && status < 300;
  RequestSlot waiters = RequestSlot::none();
  if (req.owns_key) {
    // A holder whose lease ran out still writes its reply (the record is not the lock), but it forgets only its
    // own lease: a newer holder's stays.
    if (st.store->holds(req.key, req.lease)) waiters = RequestSlot{st.store->find(m_now, req.key)->waiters};
    if (ok || idem.cache_errors)
      st.store->complete(m_now, req.key, status, m_ops[req.op].payload);
    else
      st.store->release(req.key, req.lease);
    req.owns_key = false;
  }
  if (!req.responded) reply(r, status, req.retry_after);
  if (req.ran_handler && !req.skip_effects && idem.record_after_response && st.store && req.key != 0 &&
      req.store == StoreAccess::up && (ok || idem.cache_errors))
    st.store->complete(m_now, req.key, status, m_ops[req.op].payload);

  // Work whose caller stopped waiting before it was done: for the limit, a cancelled request (a drop).
  const bool caller_gone = !req.responded && !m_calls.is_current(req.reply_to);
  if (req.ran_handler && caller_gone) {
    cell(s, series::kServiceWasted) += 1;
    m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.services[s.value].wasted; });
  }
  release_limit(r, caller_gone ? ConcurrencyLimit::Sample::dropped : ConcurrencyLimit::Sample::success);
  release_worker(r);
  free_request(r);
  answer_waiters(waiters, status);
  pump(i);
}

void Engine::answer_waiters(RequestSlot w, std::int16_t status) {
  while (!w.is_none()) {
    const RequestSlot next = m_requests[w].next_waiter;
    reply(w, status, Duration::zero());
    release_limit(w, ConcurrencyLimit::Sample::success);
    release_worker(w);
    free_request(w);
    w = next;
  }
}

void Engine::release_worker(RequestSlot r) {
  if (m_requests[r].counted_busy) {
    m_requests[r].counted_busy = false;
    set_busy(m_requests[r].instance, -1);
  }
}

void Engine::reply(RequestSlot r, std::int16_t status, Duration retry_after) {
  const Request& req = m_requests[r];
  if (m_instances[req.instance].hanging && hang_hits(r)) {  // a hung service answers nothing
    if (traced(r)) trace_request_mark(r, MarkKind::hung);
    return;
  }
  send_reply(req.edge, req.reply_to, status, retry_after, r);
}

void Engine::send_reply(EdgeId edge, CallRef to, std::int16_t status, Duration retry_after, RequestSlot from) {
  const bool traced_reply = m_trace && !from.is_none() && traced(from);
  if (traced_reply) trace_reply(from, status);
  // A reply to an attempt its caller already gave up would be ignored on arrival: skip the event.
  if (!m_calls.is_current(to)) {
    if (traced_reply) trace_request_mark(from, MarkKind::reply_not_sent, 0, status);
    return;
  }
  if (message_lost(edge, false)) {
    if (traced_reply) trace_request_mark(from, MarkKind::reply_lost, m_fault_hit.value, status);
    return;
  }
  const MessageSlot m = m_messages.acquire();
  Message& msg = m_messages[m];
  msg.to = to;
  msg.status = status;
  msg.retry_after = retry_after;
  m_fault_hit = FaultId::none();
  const Duration delay = message_delay(edge);
  if (traced_reply && !m_fault_hit.is_none()) trace_request_mark(from, MarkKind::delayed, m_fault_hit.value);
  schedule_message(m_edges[edge].reply_lane, m_now + delay, kResponse, m_messages.ref(m));
}

// Whether service fault `f` hits request `r`: a pure function of the fault's stream and the request's serial
// number (SplitMix64 at that position), so a request is drawn once per fault however often the engine asks, at
// its arrival and at its reply (hang), at each work step (slowdown). A probability is the share of requests hit.
bool Engine::fault_hits(FaultId f, RequestSlot r) const {
  const double p = config(f).probability;
  if (p >= 1.0) return true;
  if (p <= 0.0) return false;
  const std::uint64_t bits = mix64(m_faults[f].verdict_salt + m_requests[r].serial * 0x9e3779b97f4a7c15ULL);
  return static_cast<double>(bits >> 11) * 0x1.0p-53 < p;
}

double Engine::slowdown_factor(RequestSlot r) const {
  double factor = 1.0;
  for (const FaultId f : m_instances[m_requests[r].instance].faults)
    if (config(f).type == FaultConfig::Type::slowdown && fault_hits(f, r)) factor *= config(f).factor;
  return factor;
}

bool Engine::hang_hits(RequestSlot r) const {
  for (const FaultId f : m_instances[m_requests[r].instance].faults)
    if (config(f).type == FaultConfig::Type::hang && fault_hits(f, r)) return true;
  return false;
}

// Fail closed wins over fail open when both hit.
Engine::StoreAccess Engine::store_outage_hits(RequestSlot r) const {
  StoreAccess access = StoreAccess::up;
  for (const FaultId f : m_instances[m_requests[r].instance].faults)
    if (config(f).type == FaultConfig::Type::store_outage && fault_hits(f, r))
      access = std::max(access, config(f).outage_mode == StoreOutageMode::fail_open ? StoreAccess::fail_open
                                                                                    : StoreAccess::fail_closed);
  return access;
}

void Engine::release_limit(RequestSlot r, ConcurrencyLimit::Sample sample) {
  Request& req = m_requests[r];
  if (!req.holds_limit) return;
  req.holds_limit = false;
  m_instances[req.instance].limit->release(m_now - req.arrived, sample);
}

void Engine::free_request(RequestSlot r) {
  release_limit(r, ConcurrencyLimit::Sample::ignored);
  if (traced(r)) trace_request_end(r);
  // Killed or cancelled in the middle of a work step: its processor is free from now on.
  if (m_requests[r].state == Request::State::working) set_working(m_requests[r].instance, -1);
  const OperationSlot op = m_requests[r].op;
  m_requests.release(r);
  release_op_ref(op);
}

// A crash takes the request with it: no reply, its downstream call is abandoned (the callee does not know), and an
// in-flight key it held is released at once, or, held as a lease (`lock`), when that lease runs out.
void Engine::kill_request(RequestSlot r) {
  if (traced(r)) trace_request_mark(r, MarkKind::killed);
  abandon_children(r);  // may grow the pools
  Request& req = m_requests[r];
  InstanceState& st = m_instances[req.instance];
  if (req.owns_key && st.store) {
    const IdempotencyConfig& idem = config(req.service).idempotency;
    if (idem.lock_ttl)
      st.store->holder_died(m_now, req.key, req.lease, *idem.lock_ttl, idem.lock_renew);
    else
      st.store->release(req.key, req.lease);
  }
  req.counted_busy = false;
  free_request(r);
}

}  // namespace chaossim
