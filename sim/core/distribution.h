#pragma once
// The distributions of the scenario format, sampled with our own Rng so results are bit-identical everywhere.
// Parameters are kept in nanoseconds as doubles; samples are rounded to whole nanoseconds and never negative.

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/time.h"

namespace chaossim {

// A sample in nanoseconds as a Duration: rounded to the nearest, never negative, at most infinite.
inline Duration duration_from_ns(double ns) {
  if (!(ns > 0.0)) return Duration::zero();
  if (ns >= static_cast<double>(Duration::infinite().ns)) return Duration::infinite();
  return Duration{static_cast<std::int64_t>(std::nearbyint(ns))};
}

struct DistributionTable;

struct Distribution {
  enum class Kind : std::uint8_t {
    constant,
    uniform,
    exponential,
    lognormal,
    pareto,
    normal,  // truncated at 0 by drawing again
    weibull,
    mixture,    // weighted components (table)
    empirical,  // one of a list of samples, each equally likely (table)
  };
  Kind kind = Kind::constant;
  // constant: a = value; uniform: a = min, b = max; exponential: a = mean; lognormal: a = median, b = sigma;
  // pareto: a = scale, b = shape; normal: a = mean, b = stddev (of the normal before truncation); weibull:
  // a = scale, b = shape. Time parameters are in nanoseconds.
  double a = 0.0;
  double b = 0.0;
  // mixture and empirical: what does not fit in two numbers. Immutable and shared, so copying a scenario stays
  // cheap; equality compares the contents.
  std::shared_ptr<const DistributionTable> table;

  static Distribution of(Kind kind, double a, double b) {
    Distribution d;
    d.kind = kind;
    d.a = a;
    d.b = b;
    return d;
  }
  static Distribution constant(Duration v) { return of(Kind::constant, static_cast<double>(v.ns), 0.0); }
  static Distribution uniform(Duration lo, Duration hi) {
    return of(Kind::uniform, static_cast<double>(lo.ns), static_cast<double>(hi.ns));
  }
  static Distribution exponential(Duration mean) { return of(Kind::exponential, static_cast<double>(mean.ns), 0.0); }
  static Distribution lognormal(Duration median, double sigma) {
    return of(Kind::lognormal, static_cast<double>(median.ns), sigma);
  }
  static Distribution pareto(Duration scale, double shape) {
    return of(Kind::pareto, static_cast<double>(scale.ns), shape);
  }
  // A normal with `mean` and `stddev` truncated at zero: a negative draw is drawn again, so the mean of the
  // samples is mean + stddev * phi(mean/stddev) / Phi(mean/stddev) (see mean_seconds). `mean` must be positive,
  // so at least half of all draws are kept.
  static Distribution normal(Duration mean, Duration stddev) {
    return of(Kind::normal, static_cast<double>(mean.ns), static_cast<double>(stddev.ns));
  }
  static Distribution weibull(Duration scale, double shape) {
    return of(Kind::weibull, static_cast<double>(scale.ns), shape);
  }
  struct Component;
  // Weights are relative (they need not sum to 1) and each above zero.
  static Distribution mixture(std::vector<Component> components);
  // The samples in any order; at least one.
  static Distribution empirical(std::vector<Duration> samples, std::string source);

  // A constant (a fixed latency, the common case on the engine's hot path) is answered inline, without a draw.
  Duration sample(Rng& rng) const { return kind == Kind::constant ? duration_from_ns(a) : sample_drawn(rng); }
  // Theoretical mean and variance in seconds (infinite where the distribution has none).
  double mean_seconds() const;
  double variance_seconds2() const;
  // The smallest value a sample can take, in nanoseconds (0 where the support reaches down to 0).
  double min_ns() const;
  bool is_zero() const { return kind == Kind::constant && a == 0.0; }
  std::string describe() const;
  bool operator==(const Distribution& other) const;

 private:
  Duration sample_drawn(Rng& rng) const;
};

struct Distribution::Component {
  double weight = 0.0;
  Distribution dist;
  bool operator==(const Component&) const = default;
};

struct DistributionTable {
  // mixture: the components, and the running sum of their weights divided by the total (the last is 1).
  std::vector<Distribution::Component> components;
  std::vector<double> cumulative;
  // empirical: the samples in nanoseconds, sorted, and where they came from ("latency.txt", or "inline").
  std::vector<std::int64_t> samples_ns;
  std::string source;
  bool operator==(const DistributionTable&) const = default;
};

// A standard normal deviate by Marsaglia's polar method. Only one of the pair is used so the function has no
// hidden state: a stream's draws depend only on how many were taken.
double standard_normal(Rng& rng);

// The mean and variance of a normal(mean, stddev) truncated below at 0, in the units of the arguments (the
// variance in their square). stddev 0 leaves the normal a constant.
double truncated_normal_mean(double mean, double stddev);
double truncated_normal_variance(double mean, double stddev);

}  // namespace chaossim
