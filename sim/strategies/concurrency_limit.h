#pragma once
// Adaptive concurrency limits in the style of Netflix's concurrency-limits library: a limit on the requests in
// flight that moves with what the requests measure, instead of a bulkhead's fixed size. A caller (or a server)
// asks try_acquire() before it sends (or admits) a request; beyond the limit the request is refused at once.
// When the request ends, its round-trip time and whether it was dropped feed the algorithm:
//
// - aimd: additive increase, multiplicative decrease. A drop, or a round trip longer than `timeout`, multiplies
//   the limit by `backoff_ratio` (rounded down); any other sample adds 1 while at least half the limit is in use.
//   Against a hard capacity C this is a saw-tooth between about backoff_ratio x (C + 1) and C + 1.
// - vegas: TCP Vegas's delay-based estimate. The smallest round trip seen is the no-load time; the queue is
//   estimated as limit x (1 - no_load / rtt). Below log10(limit) queued the limit grows by 6 log10(limit), below
//   3 log10(limit) by log10(limit), above 6 log10(limit) (or on a drop) it shrinks by log10(limit). Every
//   `probe_multiplier` x limit samples or so (jittered) the no-load time is measured afresh.
// - gradient2: the ratio of a long exponential average of round trips (`long_window` samples) to the latest one,
//   times `tolerance` and clamped to [0.5, 1], scales the limit; `queue_size` is added and the result smoothed.
//   The long average decays quickly once it is twice the latest, so the limit recovers after an overload.
//
// Defaults are the library's. Deterministic: the Vegas probe jitter comes from a seeded stream. A sample's
// "in flight" is what is in flight when it ends, itself included (the library passes what was in flight when it
// started; under load the two agree, and the figure only decides whether the limit is in use at all).

#include <cstdint>

#include "core/random.h"
#include "core/time.h"

namespace chaossim {

struct LimitConfig {
  enum class Algorithm : std::uint8_t { none, aimd, vegas, gradient2 };
  Algorithm algorithm = Algorithm::none;
  bool shared = false;  // edges: one limit for every caller instance
  std::uint32_t initial = 20;
  std::uint32_t min = 20;   // aimd, gradient2 (vegas never goes below 1)
  std::uint32_t max = 200;  // vegas: 1000
  // aimd
  double backoff_ratio = 0.9;
  Duration timeout = Duration::seconds(5);
  // vegas (1.0) and gradient2 (0.2): how far one sample moves the limit towards its new value
  double smoothing = 0.2;
  std::uint32_t probe_multiplier = 30;  // vegas
  // gradient2
  double tolerance = 1.5;
  std::uint32_t long_window = 600;
  std::uint32_t queue_size = 4;
  // Services: the answer to a request refused by the limit.
  std::int16_t status = 503;
  bool operator==(const LimitConfig&) const = default;

  // The library's defaults for `algorithm`: the settings a scenario's keys then replace one by one.
  static LimitConfig defaults(Algorithm algorithm);
};

class ConcurrencyLimit {
 public:
  // How a request that held a slot ended. `ignored` frees the slot without a sample (an answer that says nothing
  // of load: a 500 from a bug, a 409, a caller that vanished).
  enum class Sample : std::uint8_t { success, dropped, ignored };

  ConcurrencyLimit(const LimitConfig& cfg, std::uint64_t seed);

  // Takes a slot when fewer than limit() requests are in flight.
  bool try_acquire();
  // A request that held a slot ended after `rtt`.
  void release(Duration rtt, Sample sample);

  std::uint32_t limit() const { return m_limit; }
  std::uint32_t in_flight() const { return m_in_flight; }
  double estimate() const { return m_estimate; }

 private:
  double aimd(Duration rtt, std::uint32_t in_flight, bool dropped) const;
  double vegas(Duration rtt, std::uint32_t in_flight, bool dropped);
  double gradient2(Duration rtt, std::uint32_t in_flight);
  void reset_probe_jitter() { m_probe_jitter = 0.5 + 0.5 * m_rng.uniform(); }

  LimitConfig m_cfg;  // a copy: small, and a limit may outlive the config it was built from
  Rng m_rng;
  std::uint32_t m_limit = 0, m_in_flight = 0;
  double m_estimate = 0;  // vegas and gradient2 keep a fractional limit; m_limit is its integer part
  // vegas
  std::int64_t m_no_load_ns = 0;
  std::uint32_t m_probe_count = 0;
  double m_probe_jitter = 1;
  // gradient2: the long-term average round trip, a plain mean over the first ten samples
  double m_long_rtt = 0;
  std::uint32_t m_long_count = 0;
};

}  // namespace chaossim
