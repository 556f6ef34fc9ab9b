// Cancellation that reaches the callee (edges.X.cancel_on_abandon), as gRPC propagates a cancelled or expired
// call: when a caller gives up on an attempt (its timeout, the call's deadline, its own request cancelled or
// killed by a crash), the callee drops the request if it still waits in the queue, stops it if it is running
// (freeing its worker, or its share of the processors) and cancels its outstanding downstream call, which reaches
// that callee in turn when its edge cancels too. Effects already made stay made: the ledger is the truth.
//
// The cancel reaches the callee at once. A real one travels back over the network (an RST_STREAM) and may cross
// the reply; taking the network delay out keeps the model's one question plain: how much work does it save.
#include "model/engine.h"

namespace chaossim {

// The attempt's requests, noted as they are sent (`copy` 1 is a duplicate_request fault's second request);
// send_attempt() forgets the previous attempt's first.
void Engine::note_attempt_request(CallSlot c, RequestSlot r, int copy) {
  if (c.value >= m_attempt_requests.size()) m_attempt_requests.resize(m_calls.capacity(), kNoAttemptRequests);
  m_attempt_requests[c.value][static_cast<std::size_t>(copy)] = m_requests.ref(r);
}

// Called while the attempt is still the call's current one, before its end makes its requests' reply address
// stale: a request is this attempt's only if it still answers to it.
void Engine::cancel_attempt(CallSlot c) {
  const Call& call = m_calls[c];
  if (!config(call.edge).cancel_on_abandon || !call.attempt_in_flight || c.value >= m_attempt_requests.size()) return;
  const CallRef attempt = m_calls.ref(c);
  // Copied: cancelling frees workers, whose next requests may make calls that grow the table.
  const std::array<RequestRef, 2> sent = m_attempt_requests[c.value];
  m_attempt_requests[c.value] = kNoAttemptRequests;
  for (const RequestRef r : sent) {
    if (r.slot.is_none() || !m_requests.is_current(r)) continue;
    const CallRef to = m_requests[r.slot].reply_to;
    if (to.slot == attempt.slot && to.gen == attempt.gen) cancel_request(r.slot);
  }
}

void Engine::cancel_request(RequestSlot r) {
  Request& req = m_requests[r];
  const ServiceId s = req.service;
  const InstanceId i = req.instance;
  InstanceState& st = m_instances[i];
  switch (req.state) {
    case Request::State::transit: return;      // dropped when it arrives (on_request_arrive)
    case Request::State::waiting_key: return;  // does no work: answered with the request it waits for
    case Request::State::running:
      // Between steps only while paused: a frozen process acts on nothing until it resumes.
      if (req.deferred) return;
      break;
    case Request::State::queued: {
      const bool found = st.queue.erase(r, lane_of(r));
      CHAOSSIM_ASSERT(found, "a queued request missing from its queue");
      if (traced(r)) trace_step_end(r);
      break;
    }
    case Request::State::working:
      if (st.sharing) stop_sharing(r);  // otherwise its kWorkDone event goes stale when the request is freed
      break;
    case Request::State::calling:
      abandon_children(r);  // cancels the children's attempts in turn when their edge says so
      break;
  }
  Request& rq = m_requests[r];  // abandon_call may have grown the pools
  m_rec.each(m_mask, [&](PhaseTotals& p) { ++p.services[s.value].cancelled; });
  if (traced(r)) trace_request_mark(r, MarkKind::cancelled);
  // Its in-flight key goes, as when the handler fails: a retry runs it again; requests waiting on the key are
  // answered as a failure would answer them.
  RequestSlot waiters = RequestSlot::none();
  if (rq.owns_key) {
    if (st.store->holds(rq.key, rq.lease)) waiters = RequestSlot{st.store->find(m_now, rq.key)->waiters};
    st.store->release(rq.key, rq.lease);
    rq.owns_key = false;
  }
  release_limit(r, ConcurrencyLimit::Sample::dropped);  // as the library counts a cancelled call
  release_worker(r);
  free_request(r);
  answer_waiters(waiters, kUnavailable);
  note_queue_state(i);
  pump(i);
}

}  // namespace chaossim
