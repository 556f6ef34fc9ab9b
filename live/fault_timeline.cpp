#include "live/fault_timeline.h"

#include <algorithm>

#include "core/random.h"

namespace chaossim::live {

namespace {
using T = FaultConfig::Type;

// Service faults a proxy can apply to a real service it stands in front of, and those a mock applies to itself.
bool proxy_applies_to_real_service(T t) {
  return t == T::error || t == T::error_after_effect || t == T::crash || t == T::hang || t == T::slowdown ||
         t == T::pause;
}
bool mock_applies(T t) { return proxy_applies_to_real_service(t) || t == T::store_outage; }
}  // namespace

double live_draw(std::uint64_t seed, std::uint32_t fault, std::uint64_t request, std::uint32_t which) {
  // A counter-based draw: no stream to advance, so the n-th request's fate does not depend on what came before.
  const std::uint64_t z = mix64(mix64(mix64(seed ^ 0x6c6976652d6d6f64ULL) + fault) + (request << 2) + which);
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

FaultTimeline FaultTimeline::for_edge(const Scenario& s, std::uint64_t seed, std::uint32_t edge, bool callee_is_real) {
  FaultTimeline t(s, seed);
  const std::uint32_t callee = s.edges[edge].callee;
  for (std::uint32_t i = 0; i < s.faults.size(); ++i) {
    const FaultConfig& f = s.faults[i];
    const bool on_edge = f.target_kind == FaultConfig::Target::edge && f.target == edge;
    const bool on_callee = callee_is_real && f.target_kind == FaultConfig::Target::service && f.target == callee &&
                           proxy_applies_to_real_service(f.type);
    if (on_edge || on_callee) t.m_faults.push_back(i);
  }
  return t;
}

FaultTimeline FaultTimeline::for_mock(const Scenario& s, std::uint64_t seed, std::uint32_t service) {
  FaultTimeline t(s, seed);
  for (std::uint32_t i = 0; i < s.faults.size(); ++i) {
    const FaultConfig& f = s.faults[i];
    if (f.target_kind == FaultConfig::Target::service && f.target == service && mock_applies(f.type))
      t.m_faults.push_back(i);
  }
  return t;
}

std::vector<std::string> FaultTimeline::unsupported(const Scenario& s, const std::vector<bool>& real_services) {
  std::vector<std::string> out;
  for (const FaultConfig& f : s.faults) {
    if (f.target_kind != FaultConfig::Target::service) continue;  // every edge and clients fault is applied
    // A live service is one address: chaossim cannot single out one of its instances (api#2).
    const bool one_instance = f.first_instance != 0 || f.instance_count != 0;
    const bool ok =
        !one_instance && (real_services[f.target] ? proxy_applies_to_real_service(f.type) : mock_applies(f.type));
    if (!ok) out.push_back("faults." + f.id);
  }
  return out;
}

FaultPlan FaultTimeline::decide(Instant now, std::uint64_t request) const {
  FaultPlan plan;
  for (const std::uint32_t i : m_faults) {
    const FaultConfig& f = m_s->faults[i];
    const bool hit = live_draw(m_seed, i, request) < f.probability;  // drawn whether or not the window is open
    if (!active(f, now)) continue;
    if (f.type == T::crash) {  // a crash takes every request, whatever the probability
      plan.refuse = true;
      plan.hits.push_back(i);
      continue;
    }
    if (f.type == T::pause) {
      plan.hold_until = std::max(plan.hold_until, Instant{} + f.end);
      plan.hits.push_back(i);
      continue;
    }
    if (f.type == T::partition) {
      plan.swallow = true;
      plan.hits.push_back(i);
      continue;
    }
    if (!hit) continue;
    plan.hits.push_back(i);
    switch (f.type) {
      case T::drop_request:
      case T::hang: plan.swallow = true; break;
      case T::error:
        if (!plan.error_status) plan.error_status = f.status, plan.retry_after = f.retry_after;
        break;
      case T::error_after_effect:
        if (!plan.status_after_effect) plan.status_after_effect = f.status;
        break;
      case T::drop_response: plan.drop_response = true; break;
      case T::duplicate_request: plan.duplicate = true; break;
      case T::latency: {
        Rng rng(mix64(static_cast<std::uint64_t>(live_draw(m_seed, i, request, 1) * 0x1.0p53)));
        plan.delay += f.delay.sample(rng);
        break;
      }
      case T::slowdown: plan.slowdown *= f.factor; break;
      case T::store_outage:
        plan.store_outage = true;
        plan.outage_fail_closed = f.outage_mode == StoreOutageMode::fail_closed;
        break;
      default: break;
    }
  }
  return plan;
}

bool FaultTimeline::crashed(Instant now) const {
  return std::any_of(m_faults.begin(), m_faults.end(),
                     [&](std::uint32_t i) { return m_s->faults[i].type == T::crash && active(m_s->faults[i], now); });
}

}  // namespace chaossim::live
