// reports/writers.h: aggregation of replications (means and 95% confidence half-widths).
#include "writers.h"

#include <cmath>

#include <gtest/gtest.h>

namespace chaossim {
namespace {

// A run whose only metric `x` has the same value in every phase, as aggregate() expects every run to have the
// same metrics in the same order.
RunResult run_with(double x) {
  RunResult r;
  r.scenario = "s";
  for (MetricSet& phase : r.phases) phase.add("x", x);
  return r;
}

double at(const MetricSet& m, const char* name) {
  const double* v = m.find(name);
  EXPECT_NE(v, nullptr) << name;
  return v ? *v : NAN;
}

TEST(student_t_975, matches_the_published_table) {
  // Values of t(0.975, df) from any statistics table, to the table's four decimals.
  EXPECT_NEAR(student_t_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(student_t_975(2), 4.3027, 1e-4);
  EXPECT_NEAR(student_t_975(3), 3.1824, 1e-4);
  EXPECT_NEAR(student_t_975(10), 2.2281, 1e-4);
  EXPECT_NEAR(student_t_975(30), 2.0423, 1e-4);
  EXPECT_NEAR(student_t_975(31), 2.0395, 1e-4);
  EXPECT_NEAR(student_t_975(100), 1.9840, 1e-4);
}

TEST(student_t_975, falls_smoothly_towards_the_normal_quantile) {
  // The old table jumped from 2.042 at 30 degrees of freedom to 1.96 at 31: 3.9% too narrow.
  EXPECT_GT(student_t_975(31), 2.03);
  for (std::size_t df = 1; df < 200; ++df) EXPECT_GT(student_t_975(df), student_t_975(df + 1)) << df;
  EXPECT_NEAR(student_t_975(1'000'000), 1.959964, 1e-5);
  EXPECT_GT(student_t_975(1'000'000), 1.959963);  // still above z(0.975): t's tails are heavier
}

TEST(student_t_975, one_replication_has_no_interval) { EXPECT_EQ(student_t_975(0), 0.0); }

TEST(aggregate, mean_and_half_width_of_a_small_sample) {
  // By hand: mean 3; deviations -2, -1, 0, 3 give s = sqrt(14 / 3) = 2.160247; s / sqrt(4) = 1.080123;
  // times t(0.975, 3) = 3.182446 gives 3.437435.
  const Aggregate a = aggregate({run_with(1), run_with(2), run_with(3), run_with(6)}, {});
  EXPECT_EQ(a.replications, 4u);
  EXPECT_DOUBLE_EQ(at(a.mean[kOverall], "x"), 3.0);
  EXPECT_NEAR(at(a.ci95[kOverall], "x"), 3.437435, 1e-6);
  EXPECT_NEAR(at(a.ci95[kDuring], "x"), 3.437435, 1e-6);  // every phase, not just overall
}

TEST(aggregate, thirty_two_replications_use_t_with_31_degrees_of_freedom) {
  std::vector<RunResult> runs;
  for (int i = 0; i < 32; ++i) runs.push_back(run_with(i % 2));
  // Mean 0.5; each deviation is 0.5, so s = sqrt(32 * 0.25 / 31).
  const double s = std::sqrt(8.0 / 31.0);
  const Aggregate a = aggregate(runs, {});
  EXPECT_DOUBLE_EQ(at(a.mean[kOverall], "x"), 0.5);
  EXPECT_NEAR(at(a.ci95[kOverall], "x"), 2.039513 * s / std::sqrt(32.0), 1e-6);
}

TEST(aggregate, one_replication_has_its_value_and_zero_width) {
  const Aggregate a = aggregate({run_with(7)}, {});
  EXPECT_EQ(at(a.mean[kOverall], "x"), 7.0);
  EXPECT_EQ(at(a.ci95[kOverall], "x"), 0.0);
}

TEST(aggregate, identical_replications_have_zero_width) {
  const Aggregate a = aggregate({run_with(2.5), run_with(2.5), run_with(2.5)}, {});
  EXPECT_EQ(at(a.mean[kOverall], "x"), 2.5);
  EXPECT_EQ(at(a.ci95[kOverall], "x"), 0.0);
}

}  // namespace
}  // namespace chaossim
