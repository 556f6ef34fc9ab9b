// The load balancer in front of a multi-instance callee: each attempt over an edge goes to one instance, chosen by
// the edge's policy from what the caller's side can know (the attempts it has in flight to each instance). One
// balancer per edge, shared by the edge's callers, as a proxy or a shared client library would be.
#include "model/engine.h"

namespace chaossim {

// A retry goes to another instance than the attempt before it, as Envoy's `previous_hosts` retry predicate and
// most client-side balancers do: an instance that refused or timed out is the last one to try again at once.
std::uint32_t Engine::pick_instance(CallSlot c) {
  Call& call = m_calls[c];
  const EdgeConfig& cfg = config(call.edge);
  const std::uint32_t n = instance_count(ServiceId{cfg.callee});
  if (n == 1) return 0;
  const bool retry = call.attempt > 1;
  // A sticky call's retries go back to the instance of its first attempt, dead or alive.
  if (cfg.balancer.sticky && retry) return call.target;
  const std::uint32_t avoid = retry ? call.target : n;  // n: none
  // The candidates are the n instances but `avoid`: candidate j is instance j, or j + 1 from `avoid` on.
  const std::uint32_t candidates = retry ? n - 1 : n;
  const auto instance = [&](std::uint32_t j) { return j >= avoid ? j + 1 : j; };
  EdgeState& st = m_edges[call.edge];
  std::uint32_t pick = 0;
  switch (cfg.balancer.policy) {
    case BalancerConfig::Policy::round_robin:
      pick = st.next_instance;
      st.next_instance = (st.next_instance + 1) % n;
      if (pick == avoid) {
        pick = st.next_instance;
        st.next_instance = (st.next_instance + 1) % n;
      }
      break;
    case BalancerConfig::Policy::random:
      pick = instance(static_cast<std::uint32_t>(st.balancer_rng.below(candidates)));
      break;
    case BalancerConfig::Policy::least_outstanding: {
      // The fewest attempts in flight; ties go round, so equal instances share the load evenly.
      pick = n;
      for (std::uint32_t k = 0; k < n; ++k) {
        const std::uint32_t other = (st.next_instance + k) % n;
        if (other != avoid && (pick == n || st.outstanding[other] < st.outstanding[pick])) pick = other;
      }
      st.next_instance = (st.next_instance + 1) % n;
      break;
    }
    case BalancerConfig::Policy::power_of_two_choices: {
      // Two different candidates at random, the less loaded of the two (the first on a tie); one when only one is.
      const auto a = static_cast<std::uint32_t>(st.balancer_rng.below(candidates));
      if (candidates == 1) {
        pick = instance(a);
        break;
      }
      auto b = static_cast<std::uint32_t>(st.balancer_rng.below(candidates - 1));
      if (b >= a) ++b;
      pick = st.outstanding[instance(b)] < st.outstanding[instance(a)] ? instance(b) : instance(a);
      break;
    }
  }
  return pick;
}

// The attempt sent to call.target is over: answered, timed out or abandoned.
void Engine::balancer_hears_end(const Call& call) {
  EdgeState& st = m_edges[call.edge];
  if (st.outstanding.empty()) return;
  CHAOSSIM_ASSERT(st.outstanding[call.target] > 0, "a balancer heard of more attempts ending than it sent");
  --st.outstanding[call.target];
}

}  // namespace chaossim
