#include "core/distribution.h"

#include <cmath>
#include <limits>

namespace chaossim {

double standard_normal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform() - 1.0;
    const double v = 2.0 * rng.uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

namespace {
Duration from_ns(double ns) {
  if (!(ns > 0.0)) return Duration::zero();
  if (ns >= static_cast<double>(Duration::infinite().ns)) return Duration::infinite();
  return Duration{static_cast<std::int64_t>(std::nearbyint(ns))};
}
}  // namespace

Duration Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::constant: return from_ns(a);
    case Kind::uniform: return from_ns(a + (b - a) * rng.uniform());
    case Kind::exponential: return from_ns(-a * std::log(rng.uniform_open0()));
    case Kind::lognormal: return from_ns(a * std::exp(b * standard_normal(rng)));
    case Kind::pareto:
      // Inverse transform: scale / U^(1/shape), with U in (0, 1].
      return from_ns(a * std::exp(-std::log(rng.uniform_open0()) / b));
  }
  return Duration::zero();
}

double Distribution::mean_seconds() const {
  switch (kind) {
    case Kind::constant: return a * 1e-9;
    case Kind::uniform: return 0.5 * (a + b) * 1e-9;
    case Kind::exponential: return a * 1e-9;
    case Kind::lognormal: return a * std::exp(0.5 * b * b) * 1e-9;
    case Kind::pareto: return b > 1.0 ? a * b / (b - 1.0) * 1e-9 : std::numeric_limits<double>::infinity();
  }
  return 0.0;
}

double Distribution::variance_seconds2() const {
  const double s = 1e-9;
  switch (kind) {
    case Kind::constant: return 0.0;
    case Kind::uniform: return (b - a) * (b - a) * s * s / 12.0;
    case Kind::exponential: return a * a * s * s;
    case Kind::lognormal: return (std::exp(b * b) - 1.0) * std::exp(b * b) * a * a * s * s;
    case Kind::pareto:
      return b > 2.0 ? a * a * b / ((b - 1.0) * (b - 1.0) * (b - 2.0)) * s * s
                     : std::numeric_limits<double>::infinity();
  }
  return 0.0;
}

std::string Distribution::describe() const {
  auto d = [](double ns) { return format_duration(Duration{static_cast<std::int64_t>(ns)}); };
  switch (kind) {
    case Kind::constant: return d(a);
    case Kind::uniform: return "uniform(" + d(a) + ", " + d(b) + ")";
    case Kind::exponential: return "exponential(mean " + d(a) + ")";
    case Kind::lognormal: return "lognormal(median " + d(a) + ", sigma " + std::to_string(b) + ")";
    case Kind::pareto: return "pareto(scale " + d(a) + ", shape " + std::to_string(b) + ")";
  }
  return "?";
}

}  // namespace chaossim
