#pragma once
// The real clock of a live run, as the engine's Instant: nanoseconds since the run started, read from the steady
// clock. The strategies (sim/strategies) take "now" as an argument, so they run on it unchanged.

#include <chrono>

#include "core/time.h"

namespace chaossim::live {

class LiveClock {
 public:
  using steady = std::chrono::steady_clock;
  LiveClock() : m_start(steady::now()) {}
  Instant now() const { return at(steady::now()); }
  Instant at(steady::time_point t) const {
    return Instant{std::chrono::duration_cast<std::chrono::nanoseconds>(t - m_start).count()};
  }
  steady::time_point time_point(Instant i) const { return m_start + std::chrono::nanoseconds(i.ns); }

 private:
  steady::time_point m_start;
};

inline std::chrono::nanoseconds to_chrono(Duration d) { return std::chrono::nanoseconds(d.ns); }

}  // namespace chaossim::live
