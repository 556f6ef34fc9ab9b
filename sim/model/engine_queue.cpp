// The queue's discipline: which waiting request a free worker takes (FIFO, LIFO, adaptive LIFO, by criticality),
// which request a full priority queue sheds, and CoDel's limits on waiting. engine_services.cpp decides when a
// request joins the queue and when workers take from it; this file decides which.
#include "model/engine.h"

namespace chaossim {

// Its operation's criticality in a priority queue (lane 0 is the most critical), lane 0 for every other discipline.
std::size_t Engine::lane_of(RequestSlot r) const {
  if (config(m_requests[r].service).queue.discipline != QueueConfig::Discipline::priority) return 0;
  return static_cast<std::size_t>(m_ops[m_requests[r].op].criticality);
}

// Whether `arriving` finds the queue full. A full priority queue first makes room for it by shedding its newest
// request of the least critical class, when that class is less critical than the arrival's: what matters less
// goes first, and within it the request that waited least loses least.
bool Engine::queue_full_after_eviction(RequestSlot arriving) {
  InstanceState& st = m_instances[m_requests[arriving].instance];
  const QueueConfig& q = config(st.service).queue;
  if (!q.capacity || st.queue.size() < *q.capacity) return false;
  if (q.discipline != QueueConfig::Discipline::priority) return true;
  const std::optional<std::size_t> last = st.queue.last_lane();
  if (!last || *last <= lane_of(arriving)) return true;
  const RequestSlot victim = st.queue.pop_back(*last);
  if (traced(victim)) trace_step_end(victim);
  shed_request(victim, kUnavailable);
  return false;
}

void Engine::enqueue(RequestSlot r) {
  const InstanceId i = m_requests[r].instance;
  note_queue_state(i);  // as it was before this request joins
  const bool tight = config(i).queue.codel && congested(i);
  Request& req = m_requests[r];
  req.state = Request::State::queued;
  req.arrived = m_now;
  req.codel_tight = tight;
  m_instances[i].queue.push(r, lane_of(r));
}

// The congestion signal of CoDel and adaptive LIFO: requests wait and the queue has not been empty for a whole
// interval. A queue that empties now and then is absorbing bursts, which is what queues are for.
bool Engine::congested(InstanceId i) const {
  const InstanceState& st = m_instances[i];
  return !st.queue.empty() && m_now - st.queue_empty_at > config(i).queue.congestion_interval();
}

// Called wherever the queue may have just emptied (after workers took from it, before a request joins): the queue
// is only ever emptied by taking, clearing (a crash) or cancelling, and each is followed by one of those.
void Engine::note_queue_state(InstanceId i) {
  InstanceState& st = m_instances[i];
  if (st.queue.empty()) st.queue_empty_at = m_now;
}

RequestSlot Engine::take_next(InstanceId i) {
  RequestQueue& q = m_instances[i].queue;
  switch (config(i).queue.discipline) {
    case QueueConfig::Discipline::fifo: return q.pop_front(0);
    case QueueConfig::Discipline::lifo: return q.pop_back(0);
    case QueueConfig::Discipline::adaptive_lifo: return congested(i) ? q.pop_back(0) : q.pop_front(0);
    case QueueConfig::Discipline::priority: break;
  }
  return q.pop_front(*q.first_lane());
}

// Waited longer than CoDel lets it: `target` when it joined a congested queue, else `interval`.
bool Engine::over_codel_limit(RequestSlot r) const {
  const Request& req = m_requests[r];
  const std::optional<CodelConfig>& codel = config(req.service).queue.codel;
  return codel && m_now - req.arrived > (req.codel_tight ? codel->target : codel->interval);
}

// Sheds the requests at the front of each lane (its oldest) that are over their CoDel limit, as Facebook's
// server-side queue timeouts do, rather than waiting for a worker to reach them: under adaptive LIFO a worker
// takes from the back, so stale requests at the front would otherwise keep their callers waiting and fill the
// queue. Checked whenever the queue is touched, which under load is all the time.
void Engine::expire_codel(InstanceId i) {
  RequestQueue& q = m_instances[i].queue;
  for (std::size_t lane = 0; lane < RequestQueue::kLanes; ++lane)
    while (!q.empty(lane) && over_codel_limit(q.front(lane))) {
      const RequestSlot r = q.pop_front(lane);
      if (traced(r)) trace_step_end(r);
      shed_request(r, kUnavailable);
    }
}

}  // namespace chaossim
