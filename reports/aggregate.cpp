#include "aggregate.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>  // Student's t quantiles for the confidence half-widths

namespace chaossim {

namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

struct Spread {
  double mean = kUndefined, half_width = kUndefined;
};

// The mean of the defined values and the 95% half-width of that mean.
Spread spread(const std::vector<double>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (double v : values)
    if (!std::isnan(v)) sum += v, ++n;
  Spread out;
  if (n == 0) return out;
  out.mean = sum / static_cast<double>(n);
  if (n < 2) return out;
  double squares = 0;
  for (double v : values)
    if (!std::isnan(v)) squares += (v - out.mean) * (v - out.mean);
  const double sd = std::sqrt(squares / static_cast<double>(n - 1));
  out.half_width = student_t_975(n - 1) * sd / std::sqrt(static_cast<double>(n));
  return out;
}

// Welch–Satterthwaite degrees of freedom of two standard errors (squared) from samples of sizes n1 and n2.
double welch_degrees_of_freedom(double se1_sq, std::size_t n1, double se2_sq, std::size_t n2) {
  const double num = (se1_sq + se2_sq) * (se1_sq + se2_sq);
  const double den = se1_sq * se1_sq / static_cast<double>(n1 - 1) + se2_sq * se2_sq / static_cast<double>(n2 - 1);
  return den > 0 ? num / den : static_cast<double>(n1 + n2 - 2);
}

}  // namespace

double student_t_975(std::size_t degrees_of_freedom) {
  if (degrees_of_freedom == 0) return 0.0;
  const boost::math::students_t t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(t, 0.975);
}

double round_significant(double v, int digits) {
  if (!std::isfinite(v) || v == 0) return v == 0 ? 0.0 : v;  // also folds -0
  // Printed with `digits` significant digits and read back: the nearest double to the shortest decimal, which is
  // what a reader of the file sees.
  char buf[64];
  const auto printed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
  double out = v;
  std::from_chars(buf, printed.ptr, out);
  return out;
}

bool Aggregate::passed() const {
  for (const ExpectationResult& r : expectations)
    if (!r.passed) return false;
  return true;
}

Aggregate aggregate(const std::vector<RunResult>& runs, const std::vector<Expectation>& expect) {
  Aggregate a;
  if (runs.empty()) return a;
  a.scenario = runs.front().scenario;
  a.variant = runs.front().variant;
  a.seed = runs.front().seed;
  a.replications = runs.size();
  std::vector<double> values(runs.size());
  for (int p = 0; p < kPhases; ++p) {
    LatencyHistogram merged;
    for (const RunResult& r : runs) merged.merge(r.latency[p]);
    MetricSet pooled;
    add_latency_metrics(pooled, merged);
    const MetricSet& first = runs.front().phases[p];
    for (std::size_t i = 0; i < first.values.size(); ++i) {
      const std::string& name = first.values[i].first;
      for (std::size_t k = 0; k < runs.size(); ++k) values[k] = runs[k].phases[p].values[i].second;
      Spread s = spread(values);
      // One run's latency metrics are its histogram's; several runs' are their merged histogram's, whose spread
      // the per-run values still measure.
      if (is_latency_metric(name) && runs.size() > 1)
        if (const double* v = pooled.find(name)) s.mean = *v;
      a.mean[p].add(name, round_significant(s.mean, kMeanDigits));
      a.ci95[p].add(name, round_significant(s.half_width, kHalfWidthDigits));
    }
  }
  a.expectations = evaluate(expect, a.mean);
  a.series_columns = runs.front().series_columns;
  const std::size_t cells = runs.front().series.size();
  a.series.assign(cells, kUndefined);
  for (std::size_t i = 0; i < cells; ++i) {
    double sum = 0;
    std::size_t n = 0;
    for (const RunResult& r : runs)
      if (i < r.series.size() && !std::isnan(r.series[i])) sum += r.series[i], ++n;
    if (n > 0) a.series[i] = round_significant(sum / static_cast<double>(n), kMeanDigits);
  }
  return a;
}

bool significantly_different(const Estimate& a, const Estimate& b) {
  if (std::isnan(a.mean) || std::isnan(b.mean) || std::isnan(a.ci95) || std::isnan(b.ci95)) return false;
  if (a.replications < 2 || b.replications < 2) return false;
  const auto squared_error = [](const Estimate& e) {
    const double se = e.ci95 / student_t_975(e.replications - 1);
    return se * se;
  };
  const double se1 = squared_error(a), se2 = squared_error(b);
  const double difference = std::fabs(a.mean - b.mean);
  if (se1 + se2 == 0) return difference > 0;
  const double df = welch_degrees_of_freedom(se1, a.replications, se2, b.replications);
  const boost::math::students_t t(df);
  return difference / std::sqrt(se1 + se2) > boost::math::quantile(t, 0.975);
}

}  // namespace chaossim
