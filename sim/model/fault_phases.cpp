#include "model/fault_phases.h"

#include <algorithm>

namespace chaossim {

FaultPhases::FaultPhases(const Scenario& s) : m_warmup(s.warmup), m_duration(s.duration) {
  std::vector<std::pair<Duration, Duration>> windows;
  for (const FaultConfig& f : s.faults) {
    const Duration start = std::min(f.start, s.duration), end = std::min(f.end, s.duration);
    if (start < end) windows.emplace_back(start, end);
  }
  std::sort(windows.begin(), windows.end());
  for (const auto& w : windows) {
    if (!m_windows.empty() && w.first <= m_windows.back().second)
      m_windows.back().second = std::max(m_windows.back().second, w.second);
    else
      m_windows.push_back(w);
  }
  const Instant end = Instant{} + s.duration;
  m_first_start = m_windows.empty() ? end : Instant{} + m_windows.front().first;
  m_last_end = m_windows.empty() ? end : Instant{} + m_windows.back().second;
}

PhaseMask FaultPhases::mask(Instant now) const {
  PhaseMask m = 0;
  if (now < Instant{} + m_warmup) return m;
  m |= 1u << kOverall;
  if (now < m_first_start) m |= 1u << kBefore;
  for (const auto& [from, to] : m_windows)
    if (now >= Instant{} + from && now < Instant{} + to) m |= 1u << kDuring;
  if (!m_windows.empty() && now >= m_last_end) m |= 1u << kAfter;
  return m;
}

std::array<double, kPhases> FaultPhases::seconds() const {
  const double warm = m_warmup.seconds_f(), end = m_duration.seconds_f();
  std::array<double, kPhases> s{};
  each_interval([&](Phase p, Duration from, Duration to) {
    s[p] += std::max(0.0, std::min(to.seconds_f(), end) - std::max(from.seconds_f(), warm));
  });
  return s;
}

}  // namespace chaossim
