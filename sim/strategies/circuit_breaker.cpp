#include "strategies/circuit_breaker.h"

#include <algorithm>

namespace chaossim {

namespace {
// A time window is tracked in ten slots: it slides in steps of a tenth of its length, which is finer than anything
// a breaker's thresholds can observe and keeps memory fixed.
constexpr std::uint32_t kTimeSlots = 10;
}  // namespace

CircuitBreaker::CircuitBreaker(const BreakerConfig& cfg) : m_cfg(&cfg) {
  if (cfg.type == BreakerConfig::Type::count_window) m_ring.assign(cfg.window_size, 0);
  if (cfg.type == BreakerConfig::Type::time_window) m_slots.assign(kTimeSlots, Slot{});
}

CircuitBreaker::State CircuitBreaker::state(Instant now) const {
  if (m_state == State::open && now >= m_opened_at + m_cfg->open_for) return State::half_open;
  return m_state;
}

bool CircuitBreaker::allow(Instant now) {
  if (m_cfg->type == BreakerConfig::Type::none) return true;
  if (m_state == State::open) {
    if (now < m_opened_at + m_cfg->open_for) return false;
    m_state = State::half_open;
    m_half_open_started = 0;
    m_half_open_succeeded = 0;
  }
  if (m_state == State::half_open) {
    if (m_half_open_started >= m_cfg->half_open_calls) return false;
    ++m_half_open_started;
  }
  return true;
}

void CircuitBreaker::on_result(Instant now, bool failed, Duration elapsed) {
  if (m_cfg->type == BreakerConfig::Type::none) return;
  const bool slow = m_cfg->slow_call_duration && elapsed >= *m_cfg->slow_call_duration;
  switch (m_state) {
    case State::open: return;  // a call that started before the breaker opened: its outcome is already accounted for
    case State::half_open: {
      // A trial that fails, or is slow while slow calls are watched, shows the callee is not back yet.
      if (failed || slow) {
        open(now);
      } else if (++m_half_open_succeeded >= m_cfg->half_open_calls) {
        m_state = State::closed;
        reset_window();
      }
      return;
    }
    case State::closed:
      record(now, failed, slow);
      if (should_open(now)) open(now);
      return;
  }
}

void CircuitBreaker::on_abandoned() {
  if (m_state == State::half_open && m_half_open_started > m_half_open_succeeded) --m_half_open_started;
}

void CircuitBreaker::record(Instant now, bool failed, bool slow) {
  switch (m_cfg->type) {
    case BreakerConfig::Type::none: return;
    case BreakerConfig::Type::consecutive: m_consecutive = failed ? m_consecutive + 1 : 0; return;
    case BreakerConfig::Type::count_window: {
      if (m_ring.empty()) return;
      if (m_ring_filled == m_ring.size()) {
        const std::uint8_t old = m_ring[m_ring_next];
        m_failures -= old & 1u;
        m_slow -= (old >> 1) & 1u;
        --m_calls;
      } else {
        ++m_ring_filled;
      }
      m_ring[m_ring_next] = static_cast<std::uint8_t>((failed ? 1 : 0) | (slow ? 2 : 0));
      m_ring_next = (m_ring_next + 1) % static_cast<std::uint32_t>(m_ring.size());
      ++m_calls;
      m_failures += failed;
      m_slow += slow;
      return;
    }
    case BreakerConfig::Type::time_window: {
      expire_time_slots(now);
      const std::int64_t width = std::max<std::int64_t>(1, m_cfg->window_time.ns / kTimeSlots);
      const std::int64_t epoch = now.ns / width;
      Slot& s = m_slots[static_cast<std::size_t>(epoch % kTimeSlots)];
      if (s.epoch != epoch) s = Slot{epoch, 0, 0, 0};
      ++s.calls;
      s.failures += failed;
      s.slow += slow;
      ++m_calls;
      m_failures += failed;
      m_slow += slow;
      return;
    }
  }
}

void CircuitBreaker::expire_time_slots(Instant now) {
  const std::int64_t width = std::max<std::int64_t>(1, m_cfg->window_time.ns / kTimeSlots);
  const std::int64_t epoch = now.ns / width;
  for (Slot& s : m_slots) {
    if (s.epoch >= 0 && s.epoch <= epoch - static_cast<std::int64_t>(kTimeSlots)) {
      m_calls -= s.calls;
      m_failures -= s.failures;
      m_slow -= s.slow;
      s = Slot{};
    }
  }
}

bool CircuitBreaker::should_open(Instant now) const {
  (void)now;
  if (m_cfg->type == BreakerConfig::Type::consecutive) return m_consecutive >= m_cfg->consecutive_failures;
  if (m_calls < m_cfg->min_calls || m_calls == 0) return false;
  const double calls = static_cast<double>(m_calls);
  if (static_cast<double>(m_failures) / calls >= m_cfg->failure_rate) return true;
  return m_cfg->slow_call_duration && static_cast<double>(m_slow) / calls >= m_cfg->slow_call_rate;
}

void CircuitBreaker::open(Instant now) {
  m_state = State::open;
  m_opened_at = now;
  m_just_opened = true;
  reset_window();
}

void CircuitBreaker::reset_window() {
  m_consecutive = 0;
  m_calls = m_failures = m_slow = 0;
  m_ring_next = m_ring_filled = 0;
  std::fill(m_ring.begin(), m_ring.end(), std::uint8_t{0});
  for (Slot& s : m_slots) s = Slot{};
}

}  // namespace chaossim
