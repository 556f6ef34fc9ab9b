#pragma once
// The distributions of the scenario format, sampled with our own Rng so results are bit-identical everywhere.
// Parameters are kept in nanoseconds as doubles; samples are rounded to whole nanoseconds and never negative.

#include <cstdint>
#include <string>

#include "core/random.h"
#include "core/time.h"

namespace chaossim {

struct Distribution {
  enum class Kind : std::uint8_t { constant, uniform, exponential, lognormal, pareto };
  Kind kind = Kind::constant;
  // constant: a = value; uniform: a = min, b = max; exponential: a = mean; lognormal: a = median, b = sigma;
  // pareto: a = scale, b = shape. Time parameters are in nanoseconds.
  double a = 0.0;
  double b = 0.0;

  static Distribution constant(Duration v) { return {Kind::constant, static_cast<double>(v.ns), 0.0}; }
  static Distribution uniform(Duration lo, Duration hi) {
    return {Kind::uniform, static_cast<double>(lo.ns), static_cast<double>(hi.ns)};
  }
  static Distribution exponential(Duration mean) { return {Kind::exponential, static_cast<double>(mean.ns), 0.0}; }
  static Distribution lognormal(Duration median, double sigma) {
    return {Kind::lognormal, static_cast<double>(median.ns), sigma};
  }
  static Distribution pareto(Duration scale, double shape) {
    return {Kind::pareto, static_cast<double>(scale.ns), shape};
  }

  Duration sample(Rng& rng) const;
  // Theoretical mean and variance in seconds (infinite where the distribution has none).
  double mean_seconds() const;
  double variance_seconds2() const;
  bool is_zero() const { return kind == Kind::constant && a == 0.0; }
  std::string describe() const;
  bool operator==(const Distribution&) const = default;
};

// A standard normal deviate by Marsaglia's polar method. Only one of the pair is used so the function has no
// hidden state: a stream's draws depend only on how many were taken.
double standard_normal(Rng& rng);

}  // namespace chaossim
