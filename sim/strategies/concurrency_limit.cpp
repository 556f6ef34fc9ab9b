#include "strategies/concurrency_limit.h"

#include <algorithm>
#include <cmath>

#include "core/assert.h"

namespace chaossim {

namespace {

// The library's log10 of a limit, an integer never below 1: its Vegas thresholds and steps.
double log10_step(double limit) {
  const double t = std::floor(limit);
  return t < 10 ? 1.0 : std::floor(std::log10(t));
}

}  // namespace

LimitConfig LimitConfig::defaults(Algorithm algorithm) {
  LimitConfig c;
  c.algorithm = algorithm;
  if (algorithm == Algorithm::vegas) {
    c.min = 1;
    c.max = 1000;
    c.smoothing = 1.0;
  }
  return c;
}

ConcurrencyLimit::ConcurrencyLimit(const LimitConfig& cfg, std::uint64_t seed)
    : m_cfg(cfg), m_rng(seed), m_limit(cfg.initial), m_estimate(cfg.initial) {
  CHAOSSIM_ASSERT(cfg.algorithm != LimitConfig::Algorithm::none, "a concurrency limit without an algorithm");
  CHAOSSIM_ASSERT(cfg.initial >= 1, "a concurrency limit must start at 1 or more");
  reset_probe_jitter();
}

bool ConcurrencyLimit::try_acquire() {
  if (m_in_flight >= m_limit) return false;
  ++m_in_flight;
  return true;
}

void ConcurrencyLimit::release(Duration rtt, Sample sample) {
  CHAOSSIM_ASSERT(m_in_flight > 0, "a concurrency limit released more slots than it gave");
  const std::uint32_t in_flight = m_in_flight--;
  if (sample == Sample::ignored) return;
  if (rtt.ns <= 0) rtt = Duration{1};  // the algorithms divide by it
  const bool dropped = sample == Sample::dropped;
  switch (m_cfg.algorithm) {
    case LimitConfig::Algorithm::aimd: m_estimate = aimd(rtt, in_flight, dropped); break;
    case LimitConfig::Algorithm::vegas: m_estimate = vegas(rtt, in_flight, dropped); break;
    case LimitConfig::Algorithm::gradient2: m_estimate = gradient2(rtt, in_flight); break;
    case LimitConfig::Algorithm::none: break;
  }
  m_limit = static_cast<std::uint32_t>(m_estimate);
  CHAOSSIM_ASSERT(m_limit >= 1, "a concurrency limit fell below 1");
}

double ConcurrencyLimit::aimd(Duration rtt, std::uint32_t in_flight, bool dropped) const {
  double limit = m_limit;
  if (dropped || rtt > m_cfg.timeout)
    limit = std::floor(limit * m_cfg.backoff_ratio);
  else if (2.0 * in_flight >= limit)
    limit += 1;
  return std::clamp(limit, double(m_cfg.min), double(m_cfg.max));
}

double ConcurrencyLimit::vegas(Duration rtt, std::uint32_t in_flight, bool dropped) {
  ++m_probe_count;
  if (m_probe_jitter * m_cfg.probe_multiplier * m_estimate <= m_probe_count) {  // measure the no-load time anew
    reset_probe_jitter();
    m_probe_count = 0;
    m_no_load_ns = rtt.ns;
    return m_estimate;
  }
  if (m_no_load_ns == 0 || rtt.ns < m_no_load_ns) {
    m_no_load_ns = rtt.ns;
    return m_estimate;
  }
  const double limit = m_estimate;
  const double queue = std::ceil(limit * (1.0 - double(m_no_load_ns) / double(rtt.ns)));
  const double step = log10_step(limit);
  double next = limit;
  if (dropped) {
    next = limit - step;
  } else if (2.0 * in_flight < limit) {
    return limit;  // not using the limit: no evidence to raise it
  } else if (queue <= step) {
    next = limit + 6 * step;  // no queue: grow fast
  } else if (queue < 3 * step) {
    next = limit + step;
  } else if (queue > 6 * step) {
    next = limit - step;
  } else {
    return limit;
  }
  next = std::clamp(next, 1.0, double(m_cfg.max));
  return (1 - m_cfg.smoothing) * limit + m_cfg.smoothing * next;
}

double ConcurrencyLimit::gradient2(Duration rtt, std::uint32_t in_flight) {
  constexpr std::uint32_t kWarmup = 10;
  const double short_rtt = double(rtt.ns);
  if (m_long_count < kWarmup) {
    ++m_long_count;
    m_long_rtt += (short_rtt - m_long_rtt) / m_long_count;
  } else {
    const double factor = 2.0 / (m_cfg.long_window + 1.0);
    m_long_rtt = m_long_rtt * (1 - factor) + short_rtt * factor;
  }
  const double long_rtt = m_long_rtt;
  // After a long overload the long average lags far behind: let it catch up faster than the window would.
  if (long_rtt / short_rtt > 2) m_long_rtt *= 0.95;
  const double limit = m_estimate;
  if (in_flight < limit / 2) return limit;
  const double gradient = std::clamp(m_cfg.tolerance * long_rtt / short_rtt, 0.5, 1.0);
  double next = limit * gradient + m_cfg.queue_size;
  next = limit * (1 - m_cfg.smoothing) + next * m_cfg.smoothing;
  return std::clamp(next, double(m_cfg.min), double(m_cfg.max));
}

}  // namespace chaossim
