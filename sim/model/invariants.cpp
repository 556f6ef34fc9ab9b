// What must hold between any two events, checked against the engine's whole state. Each check recounts from the
// objects themselves what the engine keeps as a running figure (busy workers, bulkhead slots, operation
// references, queue contents, ledger totals), so a counter that drifts from the truth is caught at the event
// that made it drift, not minutes of simulated time later as a strange metric.
//
// The checks, in the order below:
// - pools: the free list and the live slots partition each pool;
// - operations: each live operation is referenced, and exactly by the live calls and requests working for it;
// - calls: a call belongs to a live operation; one made by a request is in that request's list of children, and a
//   hedge in its call's list of hedges, each list linked both ways; a calling request waits on exactly as many
//   calls as the successes it needs plus the failures it can bear;
// - instances: busy workers equal the requests holding one and never exceed the configured workers; the queue
//   holds exactly the queued requests, once each; a crashed service holds nothing; a paused one runs nothing;
//   the deferred list holds exactly the requests marked deferred; active faults are listed where they apply;
//   the concurrency limit counts exactly the requests holding a slot;
// - edges: each bulkhead slot count equals the calls holding one and stays within the limit; each concurrency
//   limit counts exactly the attempts in flight of its callers; each balancer counts exactly the attempts in
//   flight to each instance; each outlier detection counts exactly the instances it has ejected; attempt timeouts
//   wait in time order;
// - health: each service counts exactly the instances its checker holds out of rotation; each instance counts
//   exactly the edges that have it ejected;
// - the ledger: per effect, the time series' totals equal what finalised operations took plus what the live
//   ones hold (plus what a saturated per-operation count could not hold).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "model/engine.h"

namespace chaossim {

namespace {

// Collects violations, each stamped with the simulated time; stops adding after a bound, since one broken counter
// can make thousands of checks fail and the first few say all there is to say. Messages are built only for
// violations, so a check that passes costs no string.
class Violations {
 public:
  explicit Violations(Instant now) : m_now(now) {}
  void add(const std::string& what) {
    if (m_list.size() < kMax) m_list.push_back(what + " (t=" + std::to_string(m_now.ns) + "ns)");
  }
  std::vector<std::string> take() { return std::move(m_list); }

 private:
  static constexpr std::size_t kMax = 20;
  Instant m_now;
  std::vector<std::string> m_list;
};

std::string str(std::uint64_t n) { return std::to_string(n); }

// Sets `v` to `n` zeros, keeping its capacity.
template <class T>
void zero(std::vector<T>& v, std::size_t n) {
  v.assign(n, T{});
}

}  // namespace

std::vector<std::string> Engine::invariant_violations() const {
  Violations v(m_now);
  CheckScratch& scratch = m_scratch;

  // ---- pools ---------------------------------------------------------------------------------------------------
  if (std::string e = m_ops.partition_error(scratch.marks); !e.empty()) v.add("operation pool: " + e);
  if (std::string e = m_calls.partition_error(scratch.marks); !e.empty()) v.add("call pool: " + e);
  if (std::string e = m_requests.partition_error(scratch.marks); !e.empty()) v.add("request pool: " + e);
  if (std::string e = m_messages.partition_error(scratch.marks); !e.empty()) v.add("message pool: " + e);

  // ---- calls: their operation, their parent --------------------------------------------------------------------
  // Operation references are recounted from the calls and requests that hold them. After the end of the run the
  // operations still in flight have been closed as unfinished while their calls and requests stay behind, so
  // from then on only the references are not checked.
  std::vector<std::uint32_t>& refs = scratch.refs;
  zero(refs, m_ops.capacity());
  // Lists of siblings, walked from their heads (never longer than the pool, so a loop ends), marking who is listed.
  std::vector<char>& in_list = scratch.listed;
  zero(in_list, m_calls.capacity());
  // `mine(c)`: whether the listed call says it belongs to the list's owner.
  // `owner()`: the list's owner, named only for a violation.
  const auto walk = [&](CallSlot head, auto owner, auto mine) {
    std::uint32_t n = 0;
    CallSlot prev = CallSlot::none();
    for (CallSlot c = head; !c.is_none() && n <= m_calls.capacity(); c = m_calls[c].next_sibling, ++n) {
      if (c.value >= m_calls.capacity() || !m_calls[c].live) {
        v.add(owner() + " lists call " + str(c.value) + ", which is not live");
        return n;
      }
      if (m_calls[c].prev_sibling != prev) v.add(owner() + " lists call " + str(c.value) + " with a wrong back link");
      if (!mine(m_calls[c])) v.add(owner() + " lists call " + str(c.value) + ", which is not its own");
      if (in_list[c.value]++) v.add("call " + str(c.value) + " is listed twice");
      prev = c;
    }
    return n;
  };
  for (CallSlot c{0}; c.value < m_calls.capacity(); ++c.value)
    if (m_calls[c].live)
      walk(
          m_calls[c].hedges, [&] { return "call " + str(c.value); }, [&](const Call& h) { return h.hedge_of == c; });
  for (RequestSlot r{0}; r.value < m_requests.capacity(); ++r.value) {
    const Request& req = m_requests[r];
    if (!req.live) continue;
    const std::uint32_t n = walk(
        req.children, [&] { return "request " + str(r.value); }, [&](const Call& c) { return c.parent.slot == r; });
    if (req.state == Request::State::calling ? n == 0 || n != std::uint32_t{req.need} + req.spare : n != 0)
      v.add("request " + str(r.value) + " waits on " + str(n) + " calls, needing " + str(req.need) +
            " successes and bearing " + str(req.spare) + " failures");
  }
  for (CallSlot c{0}; c.value < m_calls.capacity(); ++c.value) {
    const Call& call = m_calls[c];
    if (!call.live) continue;
    if (call.op.value >= m_ops.capacity() || (!m_ops[call.op].live && !m_finished)) {
      v.add("call " + str(c.value) + " works for operation " + str(call.op.value) + ", which is not live");
      continue;
    }
    ++refs[call.op.value];
    if (!call.hedge_of.is_none()) {
      const Call& first = m_calls[call.hedge_of];
      if (!first.live || !first.hedge_of.is_none() || !in_list[c.value])
        v.add("hedge " + str(c.value) + " is not among the hedges of a live call");
      continue;
    }
    if (call.parent.slot.is_none()) continue;
    if (!m_requests.is_current(call.parent)) {
      v.add("call " + str(c.value) + " was made by request " + str(call.parent.slot.value) + ", which is gone");
    } else {
      const Request& parent = m_requests[call.parent.slot];
      if (!in_list[c.value] || parent.state != Request::State::calling)
        v.add("call " + str(c.value) + " was made by request " + str(call.parent.slot.value) +
              ", which is not waiting on it");
    }
  }

  // ---- requests: their operation, their service, their worker --------------------------------------------------
  const std::uint32_t instances = m_instances.size();
  zero(scratch.holding, instances);
  zero(scratch.queued, instances);
  zero(scratch.deferred, instances);
  zero(scratch.working, instances);
  zero(scratch.present, instances);
  zero(scratch.limiting, instances);
  for (RequestSlot r{0}; r.value < m_requests.capacity(); ++r.value) {
    const Request& req = m_requests[r];
    if (!req.live) continue;
    if (req.op.value >= m_ops.capacity() || (!m_ops[req.op].live && !m_finished)) {
      v.add("request " + str(r.value) + " works for operation " + str(req.op.value) + ", which is not live");
    } else {
      ++refs[req.op.value];
    }
    const std::uint32_t s = req.instance.value;
    if (s >= instances || m_instances[req.instance].service != req.service) {
      v.add("request " + str(r.value) + " is at instance " + str(s) + ", which is not one of its service's");
      continue;
    }
    const bool started = req.state != Request::State::transit && req.state != Request::State::queued;
    if (req.counted_busy != started)
      v.add("request " + str(r.value) +
            (req.counted_busy ? " holds a worker without having started" : " has started without holding a worker"));
    scratch.holding[s] += req.counted_busy;
    scratch.queued[s] += req.state == Request::State::queued;
    scratch.deferred[s] += req.deferred;
    scratch.working[s] += req.state == Request::State::working;
    scratch.present[s] += req.state != Request::State::transit;
    scratch.limiting[s] += req.holds_limit;
  }

  // ---- operations ----------------------------------------------------------------------------------------------
  for (OperationSlot op{0}; op.value < m_ops.capacity(); ++op.value) {
    const Operation& o = m_ops[op];
    if (!o.live) continue;
    if (o.refs == 0) v.add("operation " + str(op.value) + " is live with no reference: it can never be finalised");
    if (o.refs != refs[op.value])
      v.add("operation " + str(op.value) + " counts " + str(o.refs) + " references but " + str(refs[op.value]) +
            " calls and requests hold it");
  }

  // ---- instances -----------------------------------------------------------------------------------------------
  zero(scratch.in_queue, m_requests.capacity());
  zero(scratch.in_deferred, m_requests.capacity());
  for (InstanceId s{0}; s.value < instances; ++s.value) {
    const InstanceState& st = m_instances[s];
    const ServiceConfig& cfg = config(s);
    const auto name = [&] { return "instance " + series::instance_name(cfg.name, st.ordinal); };
    if (st.busy != scratch.holding[s.value])
      v.add(name() + " counts " + str(st.busy) + " busy workers but " + str(scratch.holding[s.value]) +
            " requests hold one");
    if (st.busy > cfg.workers) v.add(name() + " has " + str(st.busy) + " busy workers of " + str(cfg.workers));
    if (st.workers > cfg.workers) v.add(name() + " has more effective workers than configured");
    st.queue.for_each([&](RequestSlot r, std::size_t lane) {
      if (r.value >= m_requests.capacity() || !m_requests[r].live || m_requests[r].instance != s ||
          m_requests[r].state != Request::State::queued) {
        v.add(name() + "'s queue holds request " + str(r.value) + ", which is not queued there");
        return;
      }
      if (scratch.in_queue[r.value]++) v.add(name() + "'s queue holds request " + str(r.value) + " twice");
      if (lane != lane_of(r)) v.add(name() + " queues request " + str(r.value) + " in the lane of another criticality");
    });
    if (st.queue.size() != scratch.queued[s.value])
      v.add(name() + "'s queue holds " + str(st.queue.size()) + " requests but " + str(scratch.queued[s.value]) +
            " are queued there");
    std::uint32_t listed = 0;
    for (const RequestSlot r : st.deferred) {
      // The list may keep requests that were resumed or freed since: resume_service() skips those.
      if (r.value >= m_requests.capacity() || !m_requests[r].live || !m_requests[r].deferred) continue;
      if (m_requests[r].instance != s) v.add(name() + "'s deferred list holds another instance's request");
      if (!scratch.in_deferred[r.value]++) ++listed;
    }
    if (listed != scratch.deferred[s.value])
      v.add(name() + " has " + str(scratch.deferred[s.value]) + " deferred requests but lists " + str(listed));
    if (st.crashed && (st.busy != 0 || !st.queue.empty() || scratch.present[s.value] != 0))
      v.add(name() + " is crashed but still holds requests");
    if (st.working != scratch.working[s.value])
      v.add(name() + " counts " + str(st.working) + " work steps in progress but " + str(scratch.working[s.value]) +
            " requests are working");
    if (st.sharing && st.sharing->running() != scratch.working[s.value])
      v.add(name() + " shares its processors among " + str(st.sharing->running()) + " work steps but " +
            str(scratch.working[s.value]) + " requests are working");
    const std::uint32_t limit_slots = st.limit ? st.limit->in_flight() : 0;
    if (limit_slots != scratch.limiting[s.value])
      v.add(name() + " counts " + str(limit_slots) + " requests in its concurrency limit but " +
            str(scratch.limiting[s.value]) + " requests hold a slot");
    if (st.paused && scratch.working[s.value] != 0)
      v.add(name() + " is paused but " + str(scratch.working[s.value]) + " requests are working");
    for (const FaultId f : st.faults)
      if (f.value >= m_faults.size() || !m_faults[f].active || config(f).target_kind != FaultConfig::Target::service ||
          config(f).target != st.service.value)
        v.add(name() + " lists a fault that is not active on it");
  }
  // Each service's running count of waiting requests (what on_request_arrive reads) against its queues.
  for (ServiceId s{0}; s.value < m_s.services.size(); ++s.value) {
    std::uint64_t waiting = 0;
    for (std::uint32_t k = 0; k < instance_count(s); ++k) waiting += m_instances[instance_of(s, k)].queue.size();
    if (m_queued[s] != waiting)
      v.add("service " + config(s).name + " counts " + str(m_queued[s]) + " queued requests but its queues hold " +
            str(waiting));
  }

  // ---- edges ---------------------------------------------------------------------------------------------------
  for (EdgeId e{0}; e.value < m_edges.size(); ++e.value) {
    const EdgeState& st = m_edges[e];
    const EdgeConfig& cfg = config(e);
    const auto name = [&] { return "edge " + cfg.name; };
    if (!st.in_flight.empty()) {
      std::vector<std::uint32_t>& holders = scratch.holders;
      zero(holders, st.in_flight.size());
      for (CallSlot c{0}; c.value < m_calls.capacity(); ++c.value) {
        const Call& call = m_calls[c];
        if (call.live && call.edge == e && call.holds_bulkhead && call.instance < holders.size())
          ++holders[call.instance];
      }
      for (std::size_t i = 0; i < st.in_flight.size(); ++i) {
        if (st.in_flight[i] != holders[i])
          v.add(name() + " counts " + str(st.in_flight[i]) + " bulkhead slots in use by caller " + str(i) + " but " +
                str(holders[i]) + " calls hold one");
        if (cfg.bulkhead_max_concurrent && st.in_flight[i] > *cfg.bulkhead_max_concurrent)
          v.add(name() + " has " + str(st.in_flight[i]) + " bulkhead slots in use by caller " + str(i) + " of " +
                str(*cfg.bulkhead_max_concurrent));
      }
    }
    if (!st.limits.empty()) {
      std::vector<std::uint32_t>& holders = scratch.holders;
      zero(holders, st.limits.size());
      for (CallSlot c{0}; c.value < m_calls.capacity(); ++c.value) {
        const Call& call = m_calls[c];
        if (call.live && call.edge == e && call.attempt_in_flight)
          ++holders[cfg.limit.shared ? 0 : std::min<std::size_t>(call.instance, holders.size() - 1)];
      }
      double sum = 0;
      for (std::size_t i = 0; i < st.limits.size(); ++i) {
        sum += st.limits[i].limit();
        if (st.limits[i].in_flight() != holders[i])
          v.add(name() + " counts " + str(st.limits[i].in_flight()) + " attempts in the concurrency limit of caller " +
                str(i) + " but " + str(holders[i]) + " attempts are in flight");
      }
      if (sum != st.limit_sum) v.add(name() + "'s running sum of concurrency limits drifted from the limits");
    }
    if (!st.outstanding.empty()) {
      std::vector<std::uint32_t>& holders = scratch.holders;
      zero(holders, st.outstanding.size());
      for (CallSlot c{0}; c.value < m_calls.capacity(); ++c.value) {
        const Call& call = m_calls[c];
        if (call.live && call.edge == e && call.attempt_in_flight) {
          if (call.target < holders.size())
            ++holders[call.target];
          else
            v.add(name() + " sent an attempt to instance " + str(call.target) + ", which does not exist");
        }
      }
      for (std::size_t k = 0; k < st.outstanding.size(); ++k)
        if (st.outstanding[k] != holders[k])
          v.add(name() + "'s balancer counts " + str(st.outstanding[k]) + " attempts in flight to instance " +
                str(k + 1) + " but " + str(holders[k]) + " are");
    }
    if (!st.outlier.empty()) {
      std::uint32_t ejected = 0;
      for (const OutlierHost& host : st.outlier) ejected += host.ejected;
      if (ejected != st.ejected)
        v.add(name() + "'s outlier detection counts " + str(st.ejected) + " instances ejected but " + str(ejected) +
              " are");
    }
    if (!st.timeouts.in_order()) v.add(name() + "'s attempt timeouts are out of time order");
    for (const FaultId f : st.faults)
      if (f.value >= m_faults.size() || !m_faults[f].active || config(f).target_kind != FaultConfig::Target::edge ||
          config(f).target != e.value)
        v.add(name() + " lists a fault that is not active on it");
  }

  // ---- health: the checkers' and the outlier detections' running counts ----------------------------------------
  for (ServiceId s{0}; s.value < m_s.services.size(); ++s.value) {
    std::uint32_t unhealthy = 0;
    for (std::uint32_t k = 0; k < instance_count(s); ++k) unhealthy += !m_instances[instance_of(s, k)].healthy;
    if (unhealthy != m_unhealthy[s])
      v.add("service " + config(s).name + "'s health checker counts " + str(m_unhealthy[s]) +
            " instances out of rotation but " + str(unhealthy) + " are");
  }
  std::vector<std::uint32_t>& ejecting = scratch.holders;
  zero(ejecting, instances);
  for (EdgeId e{0}; e.value < m_edges.size(); ++e.value)
    for (std::uint32_t k = 0; k < m_edges[e].outlier.size(); ++k)
      ejecting[instance_of(ServiceId{config(e).callee}, k).value] += m_edges[e].outlier[k].ejected;
  for (InstanceId i{0}; i.value < instances; ++i.value) {
    const InstanceState& st = m_instances[i];
    if (ejecting[i.value] != st.ejected_by)
      v.add("instance " + series::instance_name(config(i).name, st.ordinal) + " counts " + str(st.ejected_by) +
            " edges ejecting it but " + str(ejecting[i.value]) + " do");
  }

  // ---- the ledger ----------------------------------------------------------------------------------------------
  const std::size_t effects = m_s.effects.size();
  const SeriesLayout& layout = m_rec.layout();
  double all_duplicates = 0, series_duplicates = 0;
  for (std::size_t b = 0; b < m_rec.buckets(); ++b) series_duplicates += m_rec.cell(b, series::kDuplicates);
  for (std::size_t e = 0; e < effects; ++e) {
    std::uint64_t live_executed = 0, live_duplicates = 0;
    for (OperationSlot op{0}; op.value < m_ops.capacity(); ++op.value) {
      if (!m_ops[op].live) continue;
      const std::uint16_t n = m_op_effects[std::size_t{op.value} * effects + e];
      live_executed += n;
      live_duplicates += n > 1 ? n - 1u : 0u;
    }
    double executed = 0, duplicated = 0;
    for (std::size_t b = 0; b < m_rec.buckets(); ++b) {
      executed += m_rec.cell(b, layout.effect(e, series::kEffectExecuted));
      duplicated += m_rec.cell(b, layout.effect(e, series::kEffectDuplicates));
    }
    all_duplicates += duplicated;
    const std::uint64_t held = m_effects_finalized[e] + live_executed + m_effects_uncounted[e];
    const std::uint64_t held_duplicates = m_duplicates_finalized[e] + live_duplicates + m_effects_uncounted[e];
    if (executed != static_cast<double>(held))
      v.add("effect " + m_s.effects[e] + ": the time series counts " + str(static_cast<std::uint64_t>(executed)) +
            " executions but the operations hold " + str(held));
    if (duplicated != static_cast<double>(held_duplicates))
      v.add("effect " + m_s.effects[e] + ": the time series counts " + str(static_cast<std::uint64_t>(duplicated)) +
            " duplicates but the operations hold " + str(held_duplicates));
  }
  if (all_duplicates != series_duplicates)
    v.add("the duplicates column differs from the sum of the effects' duplicates");
  return v.take();
}

// Each event earns this much checking work in the amortised mode, in units of check_cost(): a state up to this
// size is checked after every event, a larger one after every cost / kCheckCreditPerEvent events.
constexpr std::uint64_t kCheckCreditPerEvent = 16;

void Engine::check_after_event() {
  if (m_checks == InvariantChecks::amortised) {
    m_check_credit += kCheckCreditPerEvent;
    if (m_check_credit < check_cost()) return;
    m_check_credit = 0;
  }
  enforce_invariants();
}

// Roughly the number of items invariant_violations() visits: each pool slot once or twice, each bulkhead counter,
// each waiting attempt timeout, each time-series cell it sums and each per-operation effect count.
std::uint64_t Engine::check_cost() const {
  std::uint64_t cost = m_ops.capacity() * (1 + m_s.effects.size()) + m_calls.capacity() + 3 * m_requests.capacity() +
                       m_messages.capacity() + m_rec.buckets() * (1 + 2 * m_s.effects.size());
  for (const EdgeState& e : m_edges) {
    cost += e.timeouts.size();
    if (!e.in_flight.empty()) cost += m_calls.capacity() + e.in_flight.size();
    if (!e.limits.empty()) cost += m_calls.capacity() + e.limits.size();
    if (!e.outstanding.empty()) cost += m_calls.capacity() + e.outstanding.size() + e.outlier.size();
  }
  return cost + 2 * m_instances.size();
}

// The first violation ends the run, with everything needed to replay it.
void Engine::enforce_invariants() const {
  const std::vector<std::string> violations = invariant_violations();
  if (violations.empty()) return;
  std::string message = "invariant violated after event " + std::to_string(m_events) + " of scenario '" + m_s.name +
                        "'; reproduce with seed=" + std::to_string(m_seed) + ":";
  for (const std::string& what : violations) message += "\n  " + what;
  check_failed(message, "", __FILE__, __LINE__);
}

}  // namespace chaossim
