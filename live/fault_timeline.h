#pragma once
// The scenario's fault timeline as it acts on real requests at one point: a fault proxy in front of a callee, or a
// mocked dependency. Each request gets a plan (what to do to it) from the faults whose window holds `now`.
//
// Determinism: whether a fault with probability p hits request n is a pure function of (seed, fault, n): a draw
// made for every request and every fault, in or out of its window, so the n-th request meets the same fate in
// every run with the same seed, however the requests were timed. Only the windows depend on the real clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "model/config.h"

namespace chaossim::live {

struct FaultPlan {
  bool refuse = false;   // crash: the connection is closed without an answer (a refused connection)
  bool swallow = false;  // drop_request, partition, hang: never forwarded, never answered; the caller times out
  std::optional<int> error_status;  // error: answered at once, without forwarding
  std::optional<Duration> retry_after;
  std::optional<int> status_after_effect;  // error_after_effect: forwarded, the upstream's answer replaced
  bool drop_response = false;              // forwarded, the answer never delivered
  bool duplicate = false;                  // duplicate_request: forwarded twice
  Duration delay = Duration::zero();       // latency: added before forwarding
  double slowdown = 1.0;                   // slowdown: the answer held back until the request took factor x longer
  Instant hold_until = Instant::zero();    // pause: forwarded only once the pause ends
  bool store_outage = false;               // mocks: the idempotency store is unreachable
  bool outage_fail_closed = false;
  std::vector<std::uint32_t> hits;  // the faults that acted, by index in the scenario
  bool any() const { return !hits.empty(); }
};

class FaultTimeline {
 public:
  // The faults acting at the proxy in front of edge `edge`'s callee: the edge's own faults, and the callee's
  // service faults when the callee is the user's real service (`callee_is_real`); a mock applies its own.
  static FaultTimeline for_edge(const Scenario& s, std::uint64_t seed, std::uint32_t edge, bool callee_is_real);
  // The faults a mocked service applies to itself.
  static FaultTimeline for_mock(const Scenario& s, std::uint64_t seed, std::uint32_t service);

  FaultPlan decide(Instant now, std::uint64_t request) const;
  // Whether a crash holds the point down now (a mock refuses connections).
  bool crashed(Instant now) const;
  const std::vector<std::uint32_t>& faults() const { return m_faults; }

  // The fault types live mode cannot apply at a point, as "faults.<id>: type" lines (empty when all can be).
  static std::vector<std::string> unsupported(const Scenario& s, const std::vector<bool>& real_services);

 private:
  FaultTimeline(const Scenario& s, std::uint64_t seed) : m_s(&s), m_seed(seed) {}
  bool active(const FaultConfig& f, Instant now) const { return now >= Instant{} + f.start && now < Instant{} + f.end; }

  const Scenario* m_s;
  std::uint64_t m_seed;
  std::vector<std::uint32_t> m_faults;  // indexes into m_s->faults, in file order
};

// The uniform draw in [0, 1) of fault `fault` for request `request` under `seed`, and a second, independent one
// for the size of an injected delay.
double live_draw(std::uint64_t seed, std::uint32_t fault, std::uint64_t request, std::uint32_t which = 0);

}  // namespace chaossim::live
