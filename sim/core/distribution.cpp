#include "core/distribution.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

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

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// phi(x) / Phi(x) for the standard normal: the shift of the mean that truncation at 0 causes, in units of the
// standard deviation, where x = mean / stddev >= 0.
double inverse_mills(double x) {
  const double density = std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::acos(-1.0));
  const double below = 0.5 * std::erfc(-x / std::sqrt(2.0));
  return density / below;
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

}  // namespace

double truncated_normal_mean(double mean, double stddev) {
  if (!(stddev > 0.0)) return std::max(mean, 0.0);
  return mean + stddev * inverse_mills(mean / stddev);
}

double truncated_normal_variance(double mean, double stddev) {
  if (!(stddev > 0.0)) return 0.0;
  const double x = mean / stddev, lambda = inverse_mills(x);
  return stddev * stddev * std::max(0.0, 1.0 - x * lambda - lambda * lambda);
}

Distribution Distribution::mixture(std::vector<Component> components) {
  auto table = std::make_shared<DistributionTable>();
  double total = 0.0;
  for (const Component& c : components) total += c.weight;
  double running = 0.0;
  for (const Component& c : components) {
    running += c.weight;
    table->cumulative.push_back(running / total);
  }
  if (!table->cumulative.empty()) table->cumulative.back() = 1.0;
  table->components = std::move(components);
  Distribution d;
  d.kind = Kind::mixture;
  d.table = std::move(table);
  return d;
}

Distribution Distribution::empirical(std::vector<Duration> samples, std::string source) {
  auto table = std::make_shared<DistributionTable>();
  table->samples_ns.reserve(samples.size());
  for (const Duration s : samples) table->samples_ns.push_back(std::max<std::int64_t>(s.ns, 0));
  std::sort(table->samples_ns.begin(), table->samples_ns.end());
  table->source = std::move(source);
  Distribution d;
  d.kind = Kind::empirical;
  d.table = std::move(table);
  return d;
}

bool Distribution::operator==(const Distribution& other) const {
  if (kind != other.kind || a != other.a || b != other.b) return false;
  if (table == other.table) return true;
  return table && other.table && *table == *other.table;
}

Duration Distribution::sample_drawn(Rng& rng) const {
  switch (kind) {
    case Kind::constant: return duration_from_ns(a);
    case Kind::uniform: return duration_from_ns(a + (b - a) * rng.uniform());
    case Kind::exponential: return duration_from_ns(-a * std::log(rng.uniform_open0()));
    case Kind::lognormal: return duration_from_ns(a * std::exp(b * standard_normal(rng)));
    case Kind::pareto:
      // Inverse transform: scale / U^(1/shape), with U in (0, 1].
      return duration_from_ns(a * std::exp(-std::log(rng.uniform_open0()) / b));
    case Kind::normal:
      // Truncation by drawing again: the mean is positive, so each draw is kept with probability above 1/2.
      for (;;) {
        const double x = a + b * standard_normal(rng);
        if (x >= 0.0) return duration_from_ns(x);
      }
    case Kind::weibull:
      // Inverse transform: scale * (-ln U)^(1/shape), with U in (0, 1].
      return duration_from_ns(a * std::pow(-std::log(rng.uniform_open0()), 1.0 / b));
    case Kind::mixture: {
      // One draw picks the component, the component draws the value.
      const double u = rng.uniform();
      const auto& cum = table->cumulative;
      const auto i = static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end() - 1, u) - cum.begin());
      return table->components[i].dist.sample(rng);
    }
    case Kind::empirical: return Duration{table->samples_ns[rng.below(table->samples_ns.size())]};
  }
  return Duration::zero();
}

double Distribution::mean_seconds() const {
  switch (kind) {
    case Kind::constant: return a * 1e-9;
    case Kind::uniform: return 0.5 * (a + b) * 1e-9;
    case Kind::exponential: return a * 1e-9;
    case Kind::lognormal: return a * std::exp(0.5 * b * b) * 1e-9;
    case Kind::pareto: return b > 1.0 ? a * b / (b - 1.0) * 1e-9 : kInfinity;
    case Kind::normal: return truncated_normal_mean(a, b) * 1e-9;
    case Kind::weibull: return a * std::tgamma(1.0 + 1.0 / b) * 1e-9;
    case Kind::mixture: {
      double mean = 0.0, previous = 0.0;
      for (std::size_t i = 0; i < table->components.size(); ++i) {
        mean += (table->cumulative[i] - previous) * table->components[i].dist.mean_seconds();
        previous = table->cumulative[i];
      }
      return mean;
    }
    case Kind::empirical: {
      const auto& xs = table->samples_ns;
      const double sum = std::accumulate(xs.begin(), xs.end(), 0.0,
                                         [](double s, std::int64_t x) { return s + static_cast<double>(x); });
      return sum / static_cast<double>(xs.size()) * 1e-9;
    }
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
    case Kind::pareto: return b > 2.0 ? a * a * b / ((b - 1.0) * (b - 1.0) * (b - 2.0)) * s * s : kInfinity;
    case Kind::normal: return truncated_normal_variance(a, b) * s * s;
    case Kind::weibull: {
      const double g1 = std::tgamma(1.0 + 1.0 / b), g2 = std::tgamma(1.0 + 2.0 / b);
      if (!std::isfinite(g2)) return kInfinity;
      return a * a * std::max(0.0, g2 - g1 * g1) * s * s;
    }
    case Kind::mixture: {
      // Law of total variance: E[Var] + Var[E].
      const double mean = mean_seconds();
      if (!std::isfinite(mean)) return kInfinity;
      double second = 0.0, previous = 0.0;
      for (std::size_t i = 0; i < table->components.size(); ++i) {
        const Distribution& c = table->components[i].dist;
        const double m = c.mean_seconds();
        second += (table->cumulative[i] - previous) * (c.variance_seconds2() + m * m);
        previous = table->cumulative[i];
      }
      return std::isfinite(second) ? std::max(0.0, second - mean * mean) : kInfinity;
    }
    case Kind::empirical: {
      const double mean = mean_seconds();
      double sum = 0.0;
      for (const std::int64_t x : table->samples_ns) {
        const double deviation = static_cast<double>(x) * s - mean;
        sum += deviation * deviation;
      }
      return sum / static_cast<double>(table->samples_ns.size());
    }
  }
  return 0.0;
}

double Distribution::min_ns() const {
  switch (kind) {
    case Kind::constant:
    case Kind::uniform:
    case Kind::pareto: return std::max(a, 0.0);
    case Kind::exponential:
    case Kind::lognormal:
    case Kind::normal:
    case Kind::weibull: return 0.0;
    case Kind::mixture: {
      double lowest = kInfinity;
      for (const Component& c : table->components) lowest = std::min(lowest, c.dist.min_ns());
      return lowest;
    }
    case Kind::empirical: return static_cast<double>(table->samples_ns.front());
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
    case Kind::normal: return "normal(mean " + d(a) + ", stddev " + d(b) + ", truncated at 0)";
    case Kind::weibull: return "weibull(scale " + d(a) + ", shape " + number_text(b) + ")";
    case Kind::mixture: {
      std::string out = "mixture(";
      double previous = 0.0;
      for (std::size_t i = 0; i < table->components.size(); ++i) {
        if (i > 0) out += ", ";
        out += number_text(table->cumulative[i] - previous) + " × " + table->components[i].dist.describe();
        previous = table->cumulative[i];
      }
      return out + ")";
    }
    case Kind::empirical:
      return "empirical(" + std::to_string(table->samples_ns.size()) +
             (table->samples_ns.size() == 1 ? " sample" : " samples") + " from " + table->source + ")";
  }
  return "?";
}

}  // namespace chaossim
