#pragma once
// The before / during / after phases of a run, from its fault windows. One definition for the engine and for live
// mode (live/live_metrics.cpp), so that both attribute an instant to the same phases and measure them with the same
// lengths: windows clipped to the run, empty ones dropped, overlapping and touching ones merged (two faults at
// once are one stretch of "during", not two).

#include <array>
#include <utility>
#include <vector>

#include "core/time.h"
#include "model/config.h"
#include "model/recorder.h"

namespace chaossim {

class FaultPhases {
 public:
  explicit FaultPhases(const Scenario& s);

  // Fault windows [start, end), clipped to the run, sorted and merged.
  const std::vector<std::pair<Duration, Duration>>& windows() const { return m_windows; }
  // The start of the first window and the end of the last one; the run's end when there are none.
  Instant first_start() const { return m_first_start; }
  Instant last_end() const { return m_last_end; }

  // The phases `now` is in: none during warmup; "after" only in a run that has faults.
  PhaseMask mask(Instant now) const;

  // Calls f(phase, from, to) for each stretch of run time making up a phase, warmup not yet taken out, in this
  // order: overall, before, each window (during), after (only with faults). Callers clip to what they measure.
  template <class F>
  void each_interval(F&& f) const {
    f(kOverall, Duration::zero(), m_duration);
    f(kBefore, Duration::zero(), m_first_start - Instant{});
    for (const auto& [from, to] : m_windows) f(kDuring, from, to);
    if (!m_windows.empty()) f(kAfter, m_last_end - Instant{}, m_duration);
  }

  // The length of each phase after warmup, in seconds.
  std::array<double, kPhases> seconds() const;

 private:
  Duration m_warmup, m_duration;
  std::vector<std::pair<Duration, Duration>> m_windows;
  Instant m_first_start, m_last_end;
};

}  // namespace chaossim
