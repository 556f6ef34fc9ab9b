// Tests for the distributions added for richer workloads (sim/core/distribution.h): the truncated normal, Weibull,
// mixtures and empirical samples. Each is checked against closed forms derived here, independently of the
// formulas in distribution.cpp: moments within 5 standard errors of N draws (as in distribution_test.cpp), and
// quantiles through the share of draws below a point whose probability is known, whose standard error is
// sqrt(p (1 - p) / N).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/distribution.h"
#include "core/random.h"
#include "core/time.h"

namespace chaossim {
namespace {

constexpr std::size_t kN = 200'000;
constexpr double kMs = 1e-3;

std::vector<double> draw_seconds(const Distribution& d, std::uint64_t seed, std::size_t n = kN) {
  Rng rng = Rng::stream(seed, StreamKind::service_work, 0);
  std::vector<double> xs(n);
  for (double& x : xs) x = d.sample(rng).seconds_f();
  return xs;
}

double mean_of(const std::vector<double>& xs) {
  double sum = 0;
  for (const double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double variance_of(const std::vector<double>& xs) {
  const double m = mean_of(xs);
  double ss = 0;
  for (const double x : xs) ss += (x - m) * (x - m);
  return ss / static_cast<double>(xs.size() - 1);
}

double share_below(const std::vector<double>& xs, double t) {
  return static_cast<double>(std::count_if(xs.begin(), xs.end(), [&](double x) { return x < t; })) /
         static_cast<double>(xs.size());
}

// Within 5 standard errors of a proportion p estimated from N draws.
void expect_share(double measured, double p, const char* what) {
  EXPECT_NEAR(measured, p, 5 * std::sqrt(p * (1 - p) / static_cast<double>(kN))) << what;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// ---- normal, truncated at 0 by drawing again -------------------------------------------------------------------

// The moments of a normal(mu, sd) conditioned on being >= 0, by integrating its density numerically (Simpson's rule
// over mu +- 12 sd), so the check does not lean on the inverse Mills ratio that distribution.cpp uses.
struct Moments {
  double mean, variance;
};
Moments truncated_normal_by_integration(double mu, double sd) {
  const double lo = 0, hi = mu + 12 * sd;
  const int n = 200'000;  // even
  const double h = (hi - lo) / n;
  double m0 = 0, m1 = 0, m2 = 0;
  for (int i = 0; i <= n; ++i) {
    const double x = lo + i * h;
    const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
    const double f = std::exp(-0.5 * (x - mu) * (x - mu) / (sd * sd));
    m0 += w * f;
    m1 += w * f * x;
    m2 += w * f * x * x;
  }
  const double mean = m1 / m0;
  return {mean, m2 / m0 - mean * mean};
}

TEST(distribution_kinds, truncated_normal_mean_and_variance_match_the_integrated_density) {
  // mean 30ms, sd 20ms: 6.7 % of the untruncated normal is below 0, so truncation moves the mean visibly (to
  // about 32.8ms); a clamp to 0 would instead give an atom at 0 and a mean of about 30.6ms.
  const Distribution d = Distribution::normal(Duration::milliseconds(30), Duration::milliseconds(20));
  const Moments want = truncated_normal_by_integration(30 * kMs, 20 * kMs);
  EXPECT_NEAR(d.mean_seconds(), want.mean, 1e-9 * want.mean);
  EXPECT_NEAR(d.variance_seconds2(), want.variance, 1e-7 * want.variance);
  EXPECT_GT(want.mean, 32 * kMs);

  const std::vector<double> xs = draw_seconds(d, 201);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), 0.0);
  const double se = std::sqrt(want.variance / kN);
  EXPECT_NEAR(mean_of(xs), want.mean, 5 * se);
  // The variance of the sample variance needs the fourth moment; 3 % is over 10 of its standard errors here
  // (the truncated normal's kurtosis is close to the normal's 3: SE ~ variance x sqrt(2 / N) = 0.3 %).
  EXPECT_NEAR(variance_of(xs), want.variance, 0.03 * want.variance);
}

TEST(distribution_kinds, truncated_normal_quantiles_are_those_of_the_conditioned_normal) {
  // P(X < t) = (Phi((t - mu) / sd) - Phi(-mu / sd)) / (1 - Phi(-mu / sd)); no atom at 0 (drawn again, not clamped).
  const double mu = 30 * kMs, sd = 20 * kMs;
  const std::vector<double> xs =
      draw_seconds(Distribution::normal(Duration::milliseconds(30), Duration::milliseconds(20)), 202);
  const double kept = 1 - normal_cdf(-mu / sd);
  for (const double t : {1 * kMs, 10 * kMs, 30 * kMs, 60 * kMs}) {
    const double p = (normal_cdf((t - mu) / sd) - normal_cdf(-mu / sd)) / kept;
    expect_share(share_below(xs, t), p, "P(X < t)");
  }
  EXPECT_LT(share_below(xs, 1e-6), 1e-3) << "an atom at 0 means the sampler clamps instead of drawing again";
}

TEST(distribution_kinds, normal_without_spread_is_its_mean) {
  const Distribution d = Distribution::normal(Duration::milliseconds(5), Duration::zero());
  EXPECT_DOUBLE_EQ(d.mean_seconds(), 5 * kMs);
  EXPECT_EQ(d.variance_seconds2(), 0.0);
  Rng rng(3);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(d.sample(rng), Duration::milliseconds(5));
}

// ---- Weibull ---------------------------------------------------------------------------------------------------

TEST(distribution_kinds, weibull_moments_and_quantiles_match_the_closed_forms) {
  // Scale l, shape k: E[X^n] = l^n Gamma(1 + n/k); P(X < t) = 1 - exp(-(t/l)^k); median l (ln 2)^(1/k).
  const double l = 10 * kMs, k = 1.5;
  const Distribution d = Distribution::weibull(Duration::milliseconds(10), k);
  const double r1 = l * std::tgamma(1 + 1 / k), r2 = l * l * std::tgamma(1 + 2 / k);
  const double r3 = std::pow(l, 3) * std::tgamma(1 + 3 / k), r4 = std::pow(l, 4) * std::tgamma(1 + 4 / k);
  const double variance = r2 - r1 * r1;
  const double m4 = r4 - 4 * r1 * r3 + 6 * r1 * r1 * r2 - 3 * std::pow(r1, 4);
  EXPECT_NEAR(d.mean_seconds(), r1, 1e-12 * r1);
  EXPECT_NEAR(d.variance_seconds2(), variance, 1e-12 * variance);

  const std::vector<double> xs = draw_seconds(d, 203);
  EXPECT_NEAR(mean_of(xs), r1, 5 * std::sqrt(variance / kN));
  EXPECT_NEAR(variance_of(xs), variance, 5 * std::sqrt((m4 - variance * variance) / kN));
  expect_share(share_below(xs, l * std::pow(std::log(2.0), 1 / k)), 0.5, "median");
  for (const double t : {2 * kMs, 20 * kMs, 40 * kMs})
    expect_share(share_below(xs, t), 1 - std::exp(-std::pow(t / l, k)), "P(X < t)");
}

TEST(distribution_kinds, weibull_of_shape_one_is_exponential_and_small_shapes_have_heavy_tails) {
  EXPECT_NEAR(Distribution::weibull(Duration::milliseconds(10), 1).mean_seconds(), 10 * kMs, 1e-15);
  EXPECT_NEAR(Distribution::weibull(Duration::milliseconds(10), 1).variance_seconds2(), 1e-4, 1e-15);
  // Shape 0.2: mean Gamma(6) = 120 scales while the median is (ln 2)^5 = 0.16 of one.
  EXPECT_NEAR(Distribution::weibull(Duration::milliseconds(1), 0.2).mean_seconds(), 120 * kMs, 1e-12);
  // Gamma(1 + 2/k) overflows for tiny shapes: the variance is infinite, not NaN.
  EXPECT_EQ(Distribution::weibull(Duration::milliseconds(1), 0.004).variance_seconds2(), HUGE_VAL);
}

// ---- mixture ---------------------------------------------------------------------------------------------------

TEST(distribution_kinds, mixture_of_a_cache_hit_and_miss_matches_its_closed_forms) {
  // 90 % hits of exactly 5ms, 10 % misses exponential with mean 80ms: E[X^n] = 0.9 5^n + 0.1 n! 80^n (in ms).
  const Distribution d = Distribution::mixture({{0.9, Distribution::constant(Duration::milliseconds(5))},
                                                {0.1, Distribution::exponential(Duration::milliseconds(80))}});
  const double h = 5 * kMs, m = 80 * kMs;
  const auto raw = [&](int n) { return 0.9 * std::pow(h, n) + 0.1 * std::tgamma(n + 1) * std::pow(m, n); };
  const double mean = raw(1), variance = raw(2) - mean * mean;
  const double m4 = raw(4) - 4 * mean * raw(3) + 6 * mean * mean * raw(2) - 3 * std::pow(mean, 4);
  EXPECT_NEAR(d.mean_seconds(), 12.5 * kMs, 1e-15);
  EXPECT_NEAR(d.variance_seconds2(), variance, 1e-12 * variance);

  const std::vector<double> xs = draw_seconds(d, 204);
  EXPECT_NEAR(mean_of(xs), mean, 5 * std::sqrt(variance / kN));
  EXPECT_NEAR(variance_of(xs), variance, 5 * std::sqrt((m4 - variance * variance) / kN));
  // Exactly 5ms is a hit (a miss lands on it with probability ~0); above 200ms only misses: 0.1 e^(-200/80).
  const double hits = static_cast<double>(std::count(xs.begin(), xs.end(), h)) / kN;
  expect_share(hits, 0.9, "hits");
  expect_share(1 - share_below(xs, 200 * kMs), 0.1 * std::exp(-200.0 / 80), "P(X >= 200ms)");
}

TEST(distribution_kinds, mixture_weights_are_relative) {
  const auto hit = Distribution::constant(Duration::milliseconds(1));
  const auto miss = Distribution::uniform(Duration::milliseconds(10), Duration::milliseconds(20));
  const Distribution shares = Distribution::mixture({{0.75, hit}, {0.25, miss}});
  const Distribution counts = Distribution::mixture({{3, hit}, {1, miss}});
  EXPECT_DOUBLE_EQ(shares.mean_seconds(), counts.mean_seconds());
  Rng a(9), b(9);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(shares.sample(a), counts.sample(b));
  EXPECT_EQ(shares.min_ns(), 1e6);
}

TEST(distribution_kinds, mixture_with_a_heavy_component_has_an_infinite_mean) {
  const Distribution d = Distribution::mixture({{0.99, Distribution::constant(Duration::milliseconds(1))},
                                                {0.01, Distribution::pareto(Duration::milliseconds(1), 0.8)}});
  EXPECT_EQ(d.mean_seconds(), HUGE_VAL);
  EXPECT_EQ(d.variance_seconds2(), HUGE_VAL);
}

// ---- empirical -------------------------------------------------------------------------------------------------

TEST(distribution_kinds, empirical_draws_each_sample_equally_often) {
  // Samples 1, 2, 3, 4 and 10 ms: mean 4ms, population variance (9 + 4 + 1 + 0 + 36) / 5 = 10 ms^2.
  const Distribution d =
      Distribution::empirical({Duration::milliseconds(10), Duration::milliseconds(2), Duration::milliseconds(1),
                               Duration::milliseconds(4), Duration::milliseconds(3)},
                              "inline samples");
  EXPECT_NEAR(d.mean_seconds(), 4 * kMs, 1e-15);
  EXPECT_NEAR(d.variance_seconds2(), 10 * kMs * kMs, 1e-15);
  EXPECT_EQ(d.min_ns(), 1e6);

  const std::vector<double> xs = draw_seconds(d, 205);
  for (const int ms : {1, 2, 3, 4, 10})
    expect_share(static_cast<double>(std::count(xs.begin(), xs.end(), ms * kMs)) / kN, 0.2, "share of a sample");
  EXPECT_NEAR(mean_of(xs), 4 * kMs, 5 * std::sqrt(10 * kMs * kMs / kN));
}

TEST(distribution_kinds, equal_distributions_compare_by_content_not_by_table_identity) {
  const auto a = Distribution::empirical({Duration::milliseconds(1), Duration::milliseconds(2)}, "x.txt");
  const auto b = Distribution::empirical({Duration::milliseconds(2), Duration::milliseconds(1)}, "x.txt");
  const auto c = Distribution::empirical({Duration::milliseconds(2), Duration::milliseconds(3)}, "x.txt");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, Distribution::constant(Duration::milliseconds(1)));
}

TEST(distribution_kinds, descriptions_name_the_kind_and_its_parameters) {
  EXPECT_EQ(Distribution::normal(Duration::milliseconds(30), Duration::milliseconds(20)).describe(),
            "normal(mean 30ms, stddev 20ms, truncated at 0)");
  EXPECT_EQ(Distribution::weibull(Duration::milliseconds(10), 1.5).describe(), "weibull(scale 10ms, shape 1.5)");
  EXPECT_EQ(Distribution::mixture({{9, Distribution::constant(Duration::milliseconds(5))},
                                   {1, Distribution::exponential(Duration::milliseconds(80))}})
                .describe(),
            "mixture(0.9 × 5ms, 0.1 × exponential(mean 80ms))");
  EXPECT_EQ(Distribution::empirical({Duration::milliseconds(1)}, "lat.txt").describe(),
            "empirical(1 sample from lat.txt)");
}

}  // namespace
}  // namespace chaossim
