// How long a work step takes: its sampled time, stretched by the slowdowns that hit the request and by the
// service's contention, then spent alone on a processor of its own (the default: a kWorkDone event at its end) or
// shared with every other step in progress (processor sharing: one kSharingDone event per service, at the next
// step to finish, moved whenever a step joins or leaves).
#include "model/engine.h"

namespace chaossim {

namespace {
// A request named in the processor-sharing set: slot and generation in one token.
std::uint64_t token_of(RequestRef r) { return (std::uint64_t{r.gen} << 32) | r.slot.value; }
RequestRef request_of(std::uint64_t token) {
  return {RequestSlot{static_cast<std::uint32_t>(token)}, static_cast<std::uint32_t>(token >> 32)};
}
}  // namespace

Duration Engine::work_duration(RequestSlot r, const Step& step) {
  const ServiceId s = m_requests[r].service;
  InstanceState& st = m_instances[m_requests[r].instance];
  Duration d = step.work.sample(st.work_rng);
  double factor = st.slowed ? slowdown_factor(r) : 1.0;
  if (st.warm_at > m_now) factor *= cold_factor(st);
  const ContentionConfig& contention = config(s).contention;
  if (contention.per_request > 0) {
    // The request itself holds a worker: the others are the rest.
    const auto in_service = static_cast<double>(st.busy - (m_requests[r].counted_busy ? 1 : 0));
    const auto queued = static_cast<double>(st.queue.size());
    double others = 0;
    switch (contention.counts) {
      case ContentionConfig::Counts::in_service: others = in_service; break;
      case ContentionConfig::Counts::queued: others = queued; break;
      case ContentionConfig::Counts::in_system: others = in_service + queued; break;
    }
    factor *= 1.0 + contention.per_request * others;
  }
  if (factor != 1.0) d = duration_from_seconds(d.seconds_f() * factor);
  return d;
}

void Engine::start_work(RequestSlot r, Duration d) {
  if (traced(r)) trace_work(r);
  Request& req = m_requests[r];
  req.state = Request::State::working;
  set_working(req.instance, +1);
  InstanceState& st = m_instances[req.instance];
  if (!st.sharing) {
    req.work_end = m_now + d;
    schedule(req.work_end, kWorkDone, m_requests.ref(r));
    return;
  }
  st.sharing->add(m_now, d, token_of(m_requests.ref(r)));
  if (!st.sharing_batch) reschedule_sharing(req.instance);
}

// A cancelled request leaves the shared processors: the others speed up at once.
void Engine::stop_sharing(RequestSlot r) {
  const InstanceId i = m_requests[r].instance;
  const bool removed = m_instances[i].sharing->remove(m_now, token_of(m_requests.ref(r)));
  CHAOSSIM_ASSERT(removed, "a working request missing from its processor-sharing set");
  if (!m_instances[i].sharing_batch) reschedule_sharing(i);
}

void Engine::reschedule_sharing(InstanceId i) {
  InstanceState& st = m_instances[i];
  ++st.sharing_gen;  // the event scheduled before is now stale
  if (const std::optional<Instant> at = st.sharing->next_done()) schedule(*at, kSharingDone, i.value, st.sharing_gen);
}

void Engine::on_sharing_done(InstanceId i, std::uint32_t gen) {
  InstanceState& st = m_instances[i];
  if (gen != st.sharing_gen) return;
  std::vector<std::uint64_t> done;
  st.sharing->take_done(m_now, done);
  st.sharing_batch = true;
  for (const std::uint64_t token : done) {
    const RequestRef r = request_of(token);
    // A crash or a pause empties the set, so what it holds is current; the check keeps a mistake loud, not silent.
    CHAOSSIM_ASSERT(m_requests.is_current(r) && m_requests[r.slot].state == Request::State::working,
                    "processor sharing finished a request that is not working");
    on_work_done(r.slot);
  }
  st.sharing_batch = false;
  reschedule_sharing(i);
}

// A pause freezes the steps in progress with the work they have left at full speed; resume_instance() starts them
// again (start_work), sharing with whatever runs then.
void Engine::freeze_sharing(InstanceId i) {
  InstanceState& st = m_instances[i];
  std::vector<std::pair<std::uint64_t, Duration>> steps;
  st.sharing->take_all(m_now, steps);
  ++st.sharing_gen;
  for (const auto& [token, left] : steps) {
    const RequestRef ref = request_of(token);
    Request& req = m_requests[ref.slot];
    req.work_left = left;
    req.state = Request::State::running;
    set_working(i, -1);
    req.deferred = true;
    st.deferred.push_back(ref.slot);
  }
}

void Engine::clear_sharing(InstanceId i) {
  InstanceState& st = m_instances[i];
  std::vector<std::pair<std::uint64_t, Duration>> steps;
  st.sharing->take_all(m_now, steps);
  ++st.sharing_gen;
}

}  // namespace chaossim
