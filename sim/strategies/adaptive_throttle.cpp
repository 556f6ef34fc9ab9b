#include "strategies/adaptive_throttle.h"

#include <algorithm>

#include "core/assert.h"

namespace chaossim {

AdaptiveThrottle::AdaptiveThrottle(const ThrottleConfig& cfg) : m_cfg(&cfg) {
  CHAOSSIM_ASSERT(cfg.k > 0 && cfg.window.ns > 0, "a throttle needs a positive K and window");
}

std::uint32_t AdaptiveThrottle::slot(Instant now) {
  const std::int64_t width = std::max<std::int64_t>(1, m_cfg->window.ns / kSlots);
  const std::int64_t epoch = now.ns / width;
  CHAOSSIM_ASSERT(epoch >= m_epoch, "a throttle asked about the past");
  // Empty the slots the window left since the last call, at most all of them.
  const std::int64_t passed = std::min<std::int64_t>(epoch - m_epoch, kSlots);
  for (std::int64_t e = epoch - passed + 1; e <= epoch; ++e) {
    const auto i = static_cast<std::uint32_t>(e % kSlots);
    m_requests -= m_slot_requests[i];
    m_accepts -= m_slot_accepts[i];
    m_slot_requests[i] = m_slot_accepts[i] = 0;
  }
  m_epoch = epoch;
  return static_cast<std::uint32_t>(epoch % kSlots);
}

double AdaptiveThrottle::reject_probability(Instant now) {
  slot(now);
  const double requests = static_cast<double>(m_requests);
  return std::max(0.0, (requests - m_cfg->k * static_cast<double>(m_accepts)) / (requests + 1.0));
}

bool AdaptiveThrottle::admit(Instant now, double uniform) {
  const double p = reject_probability(now);
  ++m_slot_requests[slot(now)];
  ++m_requests;
  return uniform >= p;
}

void AdaptiveThrottle::on_accept(Instant now) {
  ++m_slot_accepts[slot(now)];
  ++m_accepts;
}

}  // namespace chaossim
