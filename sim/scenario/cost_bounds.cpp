#include "scenario/cost_bounds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace chaossim::cost {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

LoadTimeline load_timeline(const Scenario& s) {
  const Duration end = s.duration;
  const auto& profile = s.clients.arrival.profile;
  std::vector<Duration> cuts{Duration::zero(), end};
  for (const auto& point : profile)
    if (point.at < end) cuts.push_back(point.at);
  for (const FaultConfig& f : s.faults)
    if (f.type == FaultConfig::Type::load) {
      if (f.start < end) cuts.push_back(f.start);
      if (f.end < end) cuts.push_back(f.end);
    }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  // The engine's rules: a profile point holds from its time on (1 before the first), a ramp point is reached in a
  // straight line from the point before; load factors multiply. `from_left` gives the value just before t, so a
  // piece [t0, t1) is linear between profile_at(t0, false) and profile_at(t1, true).
  auto profile_at = [&](Duration t, bool from_left) {
    double m = 1;
    Duration since = Duration::zero();
    for (const ProfilePoint& point : profile) {
      if (from_left ? point.at < t : point.at <= t) {
        m = point.multiplier;
        since = point.at;
        continue;
      }
      if (point.ramp) m += (point.multiplier - m) * (t - since).seconds_f() / (point.at - since).seconds_f();
      break;
    }
    return m;
  };
  auto load_at = [&](Duration t) {
    double f = 1;
    for (const FaultConfig& fault : s.faults)
      if (fault.type == FaultConfig::Type::load && fault.start <= t && t < fault.end) f *= fault.factor;
    return std::min(f, 1e300);
  };

  LoadTimeline out;
  out.pieces = 0;
  const double rate = s.clients.arrival.rate;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double seconds = (cuts[i + 1] - cuts[i]).seconds_f();
    if (!(seconds > 0)) continue;
    const double load = load_at(cuts[i]);
    // Within a piece the multiplier is flat or a straight line: the trapezoid is its exact integral.
    const double start_rate = rate * profile_at(cuts[i], false) * load;
    const double end_rate = rate * profile_at(cuts[i + 1], true) * load;
    out.open_operations += 0.5 * (start_rate + end_rate) * seconds;
    out.peak_rate = std::max({out.peak_rate, start_rate, end_rate});
    out.effective_seconds += load * seconds;
    out.peak_load_factor = std::max(out.peak_load_factor, load);
    out.pieces += 1;
  }
  out.pieces = std::max(out.pieces, 1.0);
  const double plain = rate * end.seconds_f();
  out.mean_multiplier = plain > 0 ? out.open_operations / plain : 1;
  return out;
}

double survival(const Distribution& d, double t) {
  if (!(t > 0)) return 1;
  const double a = d.a, b = d.b;
  switch (d.kind) {
    case Distribution::Kind::constant: return t <= a ? 1 : 0;
    case Distribution::Kind::uniform:
      if (t <= a) return 1;
      return t >= b ? 0 : (b - t) / (b - a);
    case Distribution::Kind::exponential: return a > 0 ? std::exp(-t / a) : 0;
    case Distribution::Kind::lognormal:
      if (!(a > 0)) return 0;
      if (!(b > 0)) return t <= a ? 1 : 0;
      return 0.5 * std::erfc(std::log(t / a) / (b * std::sqrt(2.0)));
    case Distribution::Kind::pareto: return t <= a ? 1 : std::pow(a / t, b);
    case Distribution::Kind::normal:
      // Truncated at 0 by drawing again: P(Y >= t | Y >= 0) for Y normal.
      if (!(b > 0)) return t <= a ? 1 : 0;
      return std::erfc((t - a) / (b * std::sqrt(2.0))) / std::erfc(-a / (b * std::sqrt(2.0)));
    case Distribution::Kind::weibull: return std::exp(-std::pow(t / a, b));
    case Distribution::Kind::mixture: {
      double p = 0, previous = 0;
      for (std::size_t i = 0; i < d.table->components.size(); ++i) {
        p += (d.table->cumulative[i] - previous) * survival(d.table->components[i].dist, t);
        previous = d.table->cumulative[i];
      }
      return std::min(p, 1.0);
    }
    case Distribution::Kind::empirical: {
      // Samples are whole nanoseconds already: the share of them at or above t, exactly.
      const auto& xs = d.table->samples_ns;
      const auto below =
          std::lower_bound(xs.begin(), xs.end(), static_cast<std::int64_t>(std::ceil(std::min(t, 9e18))));
      return static_cast<double>(xs.end() - below) / static_cast<double>(xs.size());
    }
  }
  return 0;
}

double closed_loop_cycles_bound(const Distribution& think, double effective_seconds, double pieces) {
  const double horizon_ns = effective_seconds * 1e9;
  if (!std::isfinite(horizon_ns)) return kInfinity;  // load factors multiplied past any meaning
  double best = kInfinity;

  const double mean = think.mean_seconds(), variance = think.variance_seconds2();
  if (mean > 0 && std::isfinite(mean) && std::isfinite(variance))
    best = effective_seconds / mean + pieces * (1 + variance / (mean * mean));

  auto try_threshold = [&](double t_ns) {
    if (!(t_ns > 0)) return;
    const double p = survival(think, t_ns);
    if (p > 0) best = std::min(best, (horizon_ns / t_ns + pieces + 1) / p - 1);
  };
  // The minimum of the support, where it is above zero (constant, uniform, pareto, an empirical or mixture whose
  // every sample is): every cycle is that long.
  try_threshold(think.min_ns());
  // Thresholds from far above the horizon (a cycle that long ends the client's run) down to a nanosecond, a
  // quarter octave apart: the best of them is within 19% of the best threshold of all.
  const double top = std::max(horizon_ns, 1.0) * 1024;
  for (int k = 0; k < 4 * 1100; ++k) {  // 2^1100 covers every finite double
    const double t = top * std::exp2(-0.25 * k);
    if (t < 1) break;
    try_threshold(t);
  }
  return std::max(best, 0.0);
}

}  // namespace chaossim::cost
