#include "strategies/backoff.h"

#include <algorithm>
#include <cmath>

namespace chaossim {

Duration backoff_ceiling(const BackoffConfig& cfg, unsigned k) {
  if (cfg.type == BackoffType::schedule)  // the loader keeps retries within the list; past it, its last delay
    return cfg.delays.empty() ? Duration::zero() : cfg.delays[std::min<std::size_t>(k, cfg.delays.size()) - 1];
  const double base = static_cast<double>(cfg.base.ns);
  const double cap = static_cast<double>(cfg.max.ns);
  double d = base;
  switch (cfg.type) {
    case BackoffType::constant: d = base; break;
    case BackoffType::linear: d = base * k; break;
    // pow of an integer exponent is exact for the small powers of two users write; the cap keeps it finite.
    case BackoffType::exponential: d = base * std::pow(cfg.multiplier, static_cast<double>(k - 1)); break;
    case BackoffType::schedule: break;  // above
  }
  if (cfg.type != BackoffType::constant) d = std::min(d, cap);
  return Duration{static_cast<std::int64_t>(std::nearbyint(d))};
}

Duration backoff_delay(const BackoffConfig& cfg, unsigned k, Duration previous, Rng& rng) {
  const Duration d = backoff_ceiling(cfg, k);
  const double dn = static_cast<double>(d.ns);
  if (cfg.type == BackoffType::schedule)
    return cfg.spread > 0 ? Duration{static_cast<std::int64_t>(dn * (1 + cfg.spread * (2 * rng.uniform() - 1)))} : d;
  switch (cfg.jitter) {
    case Jitter::none: return d;
    case Jitter::full: return Duration{static_cast<std::int64_t>(dn * rng.uniform())};
    case Jitter::equal: return Duration{static_cast<std::int64_t>(dn / 2 + dn / 2 * rng.uniform())};
    case Jitter::decorrelated: {
      // AWS "decorrelated jitter": sleep = min(cap, random_between(base, previous * 3)), previous starting at base.
      const double lo = static_cast<double>(cfg.base.ns);
      const double prev = previous.ns > 0 ? static_cast<double>(previous.ns) : lo;
      const double hi = std::max(lo, 3.0 * prev);
      const double v = lo + (hi - lo) * rng.uniform();
      return Duration{static_cast<std::int64_t>(std::min(v, static_cast<double>(cfg.max.ns)))};
    }
  }
  return d;
}

}  // namespace chaossim
