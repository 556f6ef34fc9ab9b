#pragma once
// Backoff before retry k (k = 1, 2, ...), as in docs/scenario-format.md:
//   exponential d = min(max, base * multiplier^(k-1)), linear min(max, base * k), constant base;
//   jitter none: d; full: U(0, d); equal: d/2 + U(0, d/2); decorrelated: min(max, U(base, 3 * previous)).
//   schedule: d = delays[k-1] (webhook senders' fixed lists: 1m, 5m, 15m, ...) times U(1 - spread, 1 + spread).
// A plain function of its inputs so it can be tested alone and reused against a real clock.

#include <vector>

#include "core/random.h"
#include "core/time.h"

namespace chaossim {

enum class BackoffType : std::uint8_t { constant, linear, exponential, schedule };
enum class Jitter : std::uint8_t { none, full, equal, decorrelated };

struct BackoffConfig {
  BackoffType type = BackoffType::exponential;
  Duration base = Duration::milliseconds(100);
  double multiplier = 2.0;
  Duration max = Duration::seconds(10);
  Jitter jitter = Jitter::none;
  std::vector<Duration> delays;  // schedule: one per retry, at least one
  double spread = 0.0;           // schedule: each delay varies by up to this fraction either way
  bool operator==(const BackoffConfig&) const = default;
};

// The un-jittered delay d for retry k >= 1.
Duration backoff_ceiling(const BackoffConfig& cfg, unsigned k);

// The delay to wait before retry k >= 1. `previous` is the delay used before retry k-1 (zero before the first);
// decorrelated jitter starts from `base`.
Duration backoff_delay(const BackoffConfig& cfg, unsigned k, Duration previous, Rng& rng);

}  // namespace chaossim
