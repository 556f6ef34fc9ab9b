#pragma once
// Replicated runs of one configuration, combined: the mean and 95% confidence half-width of every metric, and the
// test that says whether two configurations differ beyond chance. What every results file, table and report shows
// of a configuration is an Aggregate, so the numbers agree everywhere.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "metrics/summary.h"

namespace chaossim {

struct Aggregate {
  std::string scenario, variant;
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  // Per phase, every metric of the runs in their order. A mean is over the replications where the metric is defined
  // (NaN where it is undefined in all of them); latency metrics are those of all replications' successful
  // operations together (merged histograms), not a mean of per-run percentiles. A half-width is NaN with fewer than
  // two defined values: one run has no spread to measure. Both are rounded (round_significant): the files hold
  // what the numbers mean, not float noise.
  MetricSet mean[kPhases];
  MetricSet ci95[kPhases];
  std::vector<ExpectationResult> expectations;  // evaluated on the rounded means, as written
  std::vector<std::string> series_columns;
  std::vector<double> series;  // per cell, the mean over the replications where it is defined
  bool passed() const;
};

Aggregate aggregate(const std::vector<RunResult>& runs, const std::vector<Expectation>& expect);

// The 0.975 quantile of Student's t distribution with `degrees_of_freedom`: a 95% confidence half-width over n
// replications is student_t_975(n - 1) * sd / sqrt(n). Zero degrees of freedom (one replication) gives 0.
double student_t_975(std::size_t degrees_of_freedom);

// `v` rounded to `digits` significant decimal digits; NaN stays NaN. Means keep 9 (exact for any count below a
// billion, and far below the model's precision for times and ratios); half-widths keep 3.
double round_significant(double v, int digits);
inline constexpr int kMeanDigits = 9, kHalfWidthDigits = 3;

// One configuration's value of a metric as a significance test needs it: the mean, its 95% half-width (NaN when
// unknown) and the number of replications.
struct Estimate {
  double mean = 0, ci95 = 0;
  std::size_t replications = 1;
};

// Whether two estimates differ at the 95% level by Welch's t-test, each standard error recovered from its
// half-width (ci95 / t(n - 1)). Without a half-width (one replication) nothing is significant: a single run cannot
// tell a difference from noise. Two estimates without spread differ exactly when their means do.
bool significantly_different(const Estimate& a, const Estimate& b);

}  // namespace chaossim
