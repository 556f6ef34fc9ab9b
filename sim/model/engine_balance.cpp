// The load balancer in front of a multi-instance callee: each attempt over an edge goes to one instance, chosen by
// the edge's policy from what the caller's side can know (the attempts it has in flight to each instance). One
// balancer per edge, shared by the edge's callers, as a proxy or a shared client library would be.
//
// It chooses among the instances in rotation: those its service's health checker believes healthy and this edge's
// outlier detection has not ejected (engine_health.cpp). When none is, it panics as Envoy does and chooses among
// all of them. An instance in slow start weighs less than 1.
#include "model/engine.h"

namespace chaossim {

// A retry (or a hedge) goes to another instance than the attempt before it, as Envoy's `previous_hosts` retry predicate
// and most client-side balancers do: an instance that refused or timed out is the last one to try again at once.
std::uint32_t Engine::pick_instance(CallSlot c) {
  Call& call = m_calls[c];
  const EdgeConfig& cfg = config(call.edge);
  const ServiceId callee{cfg.callee};
  const std::uint32_t n = instance_count(callee);
  if (n == 1) return 0;
  // A sticky call's retries go back to the instance of its first attempt, dead or alive; a hedge goes elsewhere
  // (a copy sent to the instance that is slow to answer would be slow too).
  if (cfg.balancer.sticky && call.attempt > 1) return call.target;
  const bool retry = call.attempt > 1 || !call.hedge_of.is_none();
  const std::uint32_t avoid = retry ? call.target : n;  // n: none
  // The candidates are the n instances but `avoid`: candidate j is instance j, or j + 1 from `avoid` on.
  const std::uint32_t candidates = retry ? n - 1 : n;
  const auto instance = [&](std::uint32_t j) { return j >= avoid ? j + 1 : j; };
  EdgeState& st = m_edges[call.edge];
  const bool weighted = slow_start_active(call.edge);
  if (weighted || m_unhealthy[callee] > 0 || st.ejected > 0)
    return pick_among_candidates(call.edge, n, avoid, weighted);
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

// The same policies over the instances in rotation (all of them in a panic) but `avoid` (a retry's previous
// instance; n for none), weighted by slow start when `weighted`. With every instance in rotation and every weight 1
// each policy picks exactly what pick_instance's plain path picks, from the same draws, so an instance leaving and
// rejoining changes nothing else.
std::uint32_t Engine::pick_among_candidates(EdgeId edge, std::uint32_t n, std::uint32_t avoid, bool weighted) {
  EdgeState& st = m_edges[edge];
  std::vector<std::uint32_t>& cand = st.candidates;
  // In the order of the round robin, from its next position: ties below go to the first in turn. The random
  // policies never move that position, so for them this is instance order.
  const auto gather = [&](bool rotation_only, bool skip_avoid) {
    cand.clear();
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint32_t i = (st.next_instance + k) % n;
      if ((!rotation_only || in_rotation(edge, i)) && !(skip_avoid && i == avoid)) cand.push_back(i);
    }
  };
  gather(true, true);
  if (cand.empty()) gather(true, false);  // only the previous instance is in rotation: back to it
  if (cand.empty()) gather(false, true);  // panic: nobody is in rotation, so everybody is (but the previous one)
  std::vector<double>& w = st.weights;
  w.resize(n);
  for (const std::uint32_t i : cand) w[i] = weighted ? slow_start_weight(edge, i) : 1.0;
  // Load as the balancer sees it, per unit of weight: Envoy's least-request with an active-request bias of 1.
  const auto load = [&](std::uint32_t i) {
    return weighted ? (st.outstanding[i] + 1.0) / w[i] : static_cast<double>(st.outstanding[i]);
  };
  const auto m = static_cast<std::uint32_t>(cand.size());
  std::uint32_t pick = cand[0];
  switch (config(edge).balancer.policy) {
    case BalancerConfig::Policy::round_robin:
      if (weighted) {
        // Smooth weighted round robin (nginx): each candidate earns its weight, the richest is chosen and pays the
        // total, so over any stretch each gets its share, spread out rather than in bursts.
        st.credit.resize(n, 0.0);
        double total = 0;
        for (const std::uint32_t i : cand) {
          st.credit[i] += w[i];
          total += w[i];
          if (st.credit[i] > st.credit[pick]) pick = i;
        }
        st.credit[pick] -= total;
      }
      st.next_instance = (pick + 1) % n;
      break;
    case BalancerConfig::Policy::random:
      if (weighted) {
        double total = 0;
        for (const std::uint32_t i : cand) total += w[i];
        double u = st.balancer_rng.uniform() * total;
        for (const std::uint32_t i : cand) {
          pick = i;
          if ((u -= w[i]) < 0) break;
        }
      } else {
        pick = cand[st.balancer_rng.below(m)];
      }
      break;
    case BalancerConfig::Policy::least_outstanding:
      for (const std::uint32_t i : cand)
        if (load(i) < load(pick)) pick = i;
      st.next_instance = (st.next_instance + 1) % n;
      break;
    case BalancerConfig::Policy::power_of_two_choices: {
      const auto a = static_cast<std::uint32_t>(st.balancer_rng.below(m));
      if (m == 1) break;
      auto b = static_cast<std::uint32_t>(st.balancer_rng.below(m - 1));
      if (b >= a) ++b;
      pick = load(cand[b]) < load(cand[a]) ? cand[b] : cand[a];
      break;
    }
  }
  return pick;
}

// The attempt sent to call.target is over: answered, timed out or abandoned.
void Engine::balancer_hears_end(const Call& call, std::int16_t status) {
  EdgeState& st = m_edges[call.edge];
  if (st.outstanding.empty()) return;
  CHAOSSIM_ASSERT(st.outstanding[call.target] > 0, "a balancer heard of more attempts ending than it sent");
  --st.outstanding[call.target];
  if (!st.outlier.empty() && status != 0) outlier_hears(call.edge, call.target, status);
}

}  // namespace chaossim
