// reports/aggregate.h: aggregation of replications (means and 95% confidence half-widths, rounded), undefined
// values, latency percentiles from merged histograms, and the significance test behind the reports' stars.
#include "aggregate.h"

#include <cmath>
#include <initializer_list>

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

// `metric op value` over the whole run.
Expectation expect(std::string metric, Expectation::Op op, double value) {
  Expectation e;
  e.metric = std::move(metric);
  e.op = op;
  e.value = value;
  return e;
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

TEST(student_t_975, zero_degrees_of_freedom_give_zero) { EXPECT_EQ(student_t_975(0), 0.0); }

TEST(aggregate, mean_and_half_width_of_a_small_sample) {
  // By hand: mean 3; deviations -2, -1, 0, 3 give s = sqrt(14 / 3) = 2.160247; s / sqrt(4) = 1.080123;
  // times t(0.975, 3) = 3.182446 gives 3.437435.
  const Aggregate a = aggregate({run_with(1), run_with(2), run_with(3), run_with(6)}, {});
  EXPECT_EQ(a.replications, 4u);
  EXPECT_DOUBLE_EQ(at(a.mean[kOverall], "x"), 3.0);
  EXPECT_EQ(at(a.ci95[kOverall], "x"), 3.44);  // a half-width keeps three significant digits
  EXPECT_EQ(at(a.ci95[kDuring], "x"), 3.44);   // every phase, not just overall
}

TEST(aggregate, thirty_two_replications_use_t_with_31_degrees_of_freedom) {
  std::vector<RunResult> runs;
  for (int i = 0; i < 32; ++i) runs.push_back(run_with(i % 2));
  // Mean 0.5; each deviation is 0.5, so s = sqrt(32 * 0.25 / 31).
  const double s = std::sqrt(8.0 / 31.0);
  const Aggregate a = aggregate(runs, {});
  EXPECT_DOUBLE_EQ(at(a.mean[kOverall], "x"), 0.5);
  EXPECT_EQ(at(a.ci95[kOverall], "x"), round_significant(2.039513 * s / std::sqrt(32.0), 3));
  EXPECT_NEAR(at(a.ci95[kOverall], "x"), 2.039513 * s / std::sqrt(32.0), 1e-3);
}

TEST(aggregate, one_replication_has_its_value_and_no_interval) {
  const Aggregate a = aggregate({run_with(7)}, {});
  EXPECT_EQ(at(a.mean[kOverall], "x"), 7.0);
  EXPECT_TRUE(std::isnan(at(a.ci95[kOverall], "x")));  // null in summary.json: one run has no spread, not zero
}

TEST(aggregate, identical_replications_have_zero_width) {
  const Aggregate a = aggregate({run_with(2.5), run_with(2.5), run_with(2.5)}, {});
  EXPECT_EQ(at(a.mean[kOverall], "x"), 2.5);
  EXPECT_EQ(at(a.ci95[kOverall], "x"), 0.0);
}

TEST(aggregate, a_value_undefined_in_some_replications_is_the_mean_of_the_others) {
  const Aggregate a = aggregate({run_with(NAN), run_with(2), run_with(4)}, {});
  EXPECT_EQ(at(a.mean[kOverall], "x"), 3.0);
  // Two defined values: s = sqrt(2), t(0.975, 1) = 12.7062, half-width 12.7062 * sqrt(2) / sqrt(2).
  EXPECT_EQ(at(a.ci95[kOverall], "x"), 12.7);
}

TEST(aggregate, a_value_undefined_in_every_replication_stays_undefined) {
  const Aggregate a = aggregate({run_with(NAN), run_with(NAN)}, {});
  EXPECT_TRUE(std::isnan(at(a.mean[kOverall], "x")));
  EXPECT_TRUE(std::isnan(at(a.ci95[kOverall], "x")));
}

TEST(aggregate, means_are_rounded_to_nine_significant_digits) {
  const Aggregate a = aggregate({run_with(0.054001664000000005), run_with(0.054001664000000005)}, {});
  EXPECT_EQ(at(a.mean[kOverall], "x"), 0.054001664);
  const Aggregate thirds = aggregate({run_with(1), run_with(1), run_with(2)}, {});
  EXPECT_EQ(at(thirds.mean[kOverall], "x"), 1.33333333);
}

TEST(aggregate, expectations_are_judged_on_the_rounded_value_the_files_show) {
  // 0.98999999996 is written as 0.99, so `>= 0.99` must hold: a FAIL beside "measured 0.99" would be nonsense.
  const Aggregate a = aggregate({run_with(0.98999999996)}, {expect("x", Expectation::Op::ge, 0.99)});
  ASSERT_EQ(a.expectations.size(), 1u);
  EXPECT_EQ(a.expectations[0].measured, 0.99);
  EXPECT_TRUE(a.expectations[0].passed);
}

TEST(aggregate, an_undefined_value_fails_every_expectation) {
  const Aggregate a =
      aggregate({run_with(NAN)}, {expect("x", Expectation::Op::ne, 1.0), expect("x", Expectation::Op::lt, 1.0)});
  ASSERT_EQ(a.expectations.size(), 2u);
  for (const ExpectationResult& r : a.expectations) {
    EXPECT_TRUE(r.found);
    EXPECT_FALSE(r.passed);
  }
}

// A run whose latency histogram (phase overall) holds `count` operations of `ms` milliseconds each.
RunResult run_with_latency(std::initializer_list<std::pair<int, std::int64_t>> ms_counts) {
  RunResult r;
  r.scenario = "s";
  for (const auto& [count, ms] : ms_counts)
    for (int i = 0; i < count; ++i) r.latency[kOverall].record(ms * 1'000'000);
  for (int p = 0; p < kPhases; ++p) add_latency_metrics(r.phases[p], r.latency[p]);
  return r;
}

TEST(aggregate, latency_percentiles_come_from_every_replications_operations_together) {
  // One run is fast (90 at 10 ms, 10 at 1 s), the other slow (100 at 1 s). Over the 200 operations together the
  // median is 1 s; the mean of the two runs' medians would be about 0.5 s, a latency no operation had.
  const Aggregate a = aggregate({run_with_latency({{90, 10}, {10, 1000}}), run_with_latency({{100, 1000}})}, {});
  EXPECT_NEAR(at(a.mean[kOverall], "latency.p50"), 1.0, 0.03);
  EXPECT_NEAR(at(a.mean[kOverall], "latency.mean"), (90 * 0.01 + 110 * 1.0) / 200, 1e-9);
  EXPECT_EQ(at(a.mean[kOverall], "latency.max"), 1.0);
  // The half-width still measures the spread of the per-run values.
  EXPECT_GT(at(a.ci95[kOverall], "latency.p50"), 1.0);
  // A phase without successful operations has no latency.
  EXPECT_TRUE(std::isnan(at(a.mean[kDuring], "latency.p99")));
}

TEST(aggregate, the_series_is_the_mean_of_the_defined_cells) {
  RunResult one = run_with(1), two = run_with(1);
  one.series_columns = two.series_columns = {"t_start_s", "latency.p99"};
  one.series = {0, NAN};
  two.series = {0, 0.25};
  const Aggregate a = aggregate({one, two}, {});
  EXPECT_EQ(a.series[1], 0.25);  // the bucket where only one run measured a latency
}

TEST(round_significant, keeps_the_digits_asked_for_and_what_is_not_a_number) {
  EXPECT_EQ(round_significant(3.437435, 3), 3.44);
  EXPECT_EQ(round_significant(44756.0, 9), 44756.0);
  EXPECT_EQ(round_significant(-0.0, 9), 0.0);
  EXPECT_TRUE(std::isnan(round_significant(NAN, 9)));
}

TEST(significantly_different, follows_welchs_test) {
  // Means 10 and 12 with standard errors 0.5 each (half-widths t(0.975, 9) * 0.5) over 10 replications: the
  // statistic is 2 / sqrt(0.5) = 2.83 with 18 degrees of freedom, above t(0.975, 18) = 2.10.
  const double h = student_t_975(9) * 0.5;
  EXPECT_TRUE(significantly_different({10, h, 10}, {12, h, 10}));
  // Means 10 and 11: 1.41, below 2.10.
  EXPECT_FALSE(significantly_different({10, h, 10}, {11, h, 10}));
}

TEST(significantly_different, needs_a_spread_and_counts_exact_differences) {
  EXPECT_FALSE(significantly_different({0, NAN, 1}, {5000, NAN, 1}));  // one run each: nothing can be shown
  EXPECT_TRUE(significantly_different({0, 0, 5}, {3, 0, 5}));          // no spread at all: any difference is real
  EXPECT_FALSE(significantly_different({3, 0, 5}, {3, 0, 5}));
}

}  // namespace
}  // namespace chaossim
