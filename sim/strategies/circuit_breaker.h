#pragma once
// A circuit breaker as a plain state machine over (time, outcome). It knows nothing of the event queue: the caller
// asks allow(now) before a call and reports on_result(now, ...) after it, so it is tested over scripted sequences.
//
// Semantics (Resilience4j-like):
// - closed: outcomes go into a sliding window (the last `window_size` calls, or the calls of the last
//   `window_time`); once the window holds at least `min_calls`, a failure rate >= `failure_rate` or a slow-call rate
//   >= `slow_call_rate` opens the breaker. The `consecutive` kind opens after that many failures in a row.
// - open: every call is rejected until `open_for` has passed, then the breaker is half-open.
// - half-open: up to `half_open_calls` trial calls are let through; a failed (or slow, when slow calls count) trial
//   reopens at once, and `half_open_calls` successful trials close it with an empty window.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/time.h"

namespace chaossim {

struct BreakerConfig {
  enum class Type : std::uint8_t { none, count_window, time_window, consecutive };
  Type type = Type::none;
  bool shared = false;
  std::uint32_t window_size = 20;                // count window: calls
  Duration window_time = Duration::seconds(10);  // time window
  std::uint32_t min_calls = 10;
  double failure_rate = 0.5;
  std::optional<Duration> slow_call_duration;  // slow-call detection off when absent
  double slow_call_rate = 1.0;
  std::uint32_t consecutive_failures = 5;
  Duration open_for = Duration::seconds(30);
  std::uint32_t half_open_calls = 3;
  bool operator==(const BreakerConfig&) const = default;
};

class CircuitBreaker {
 public:
  enum class State : std::uint8_t { closed, open, half_open };

  explicit CircuitBreaker(const BreakerConfig& cfg);

  // Whether a call may start now; moves open -> half-open when open_for has elapsed and counts a trial call.
  bool allow(Instant now);
  // Reports the outcome of a call that allow() let through.
  void on_result(Instant now, bool failed, Duration elapsed);
  // A call that allow() let through will never report (its caller crashed, or the answer says nothing about the
  // callee's health): in half-open its trial slot is given back, so the breaker cannot wait forever.
  void on_abandoned();
  // The state as of `now` (an open breaker whose time is up reads half-open).
  State state(Instant now) const;
  // When the breaker last opened; valid while open.
  Instant opened_at() const { return m_opened_at; }
  // True once after each transition to open, so the engine can account for the open interval.
  bool take_opened() {
    const bool o = m_just_opened;
    m_just_opened = false;
    return o;
  }

 private:
  struct Slot {  // a time-window bucket
    std::int64_t epoch = -1;
    std::uint32_t calls = 0, failures = 0, slow = 0;
  };
  void record(Instant now, bool failed, bool slow);
  bool should_open(Instant now) const;
  void open(Instant now);
  void reset_window();
  void expire_time_slots(Instant now);

  const BreakerConfig* m_cfg;
  State m_state = State::closed;
  Instant m_opened_at;
  bool m_just_opened = false;
  std::uint32_t m_half_open_started = 0;
  std::uint32_t m_half_open_succeeded = 0;
  std::uint32_t m_consecutive = 0;
  // Count window: a ring of outcomes (bit 0 failed, bit 1 slow) with running totals.
  std::vector<std::uint8_t> m_ring;
  std::uint32_t m_ring_next = 0;
  std::uint32_t m_ring_filled = 0;
  // Time window: buckets of window_time / kTimeSlots each.
  std::vector<Slot> m_slots;
  std::uint32_t m_calls = 0, m_failures = 0, m_slow = 0;
};

}  // namespace chaossim
