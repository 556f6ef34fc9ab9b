// Tests for sim/core/distribution.h: sampling, theoretical moments, clamping and reproducibility.
//
// How the tolerances are chosen. For N independent draws with variance s2 and fourth central moment m4:
//   - the sample mean has standard error sqrt(s2 / N);
//   - the (unbiased) sample variance has standard error sqrt((m4 - s2^2) / N) up to O(1/N^2) terms.
// Both are approximately normal for N = 200k, so 5 standard errors is a bound a correct sampler exceeds with
// probability ~6e-7 per check; with fixed seeds the checks are deterministic anyway, and a failure points at a wrong
// sampler or a wrong formula rather than bad luck. The expected moments (including m4) are derived here from the
// parameters, independently of Distribution::mean_seconds()/variance_seconds2(), which are then checked against
// the same derivation. Samples are rounded to whole nanoseconds; that adds at most 1/12 ns^2 of variance, ~1e-13 of
// the variances below, and is ignored.

#include "core/distribution.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/time.h"

namespace chaossim {
namespace {

constexpr std::size_t kN = 200'000;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Theory {
  double mean;      // seconds
  double variance;  // seconds^2
  double m4;        // fourth central moment, seconds^4 (infinite if it does not exist)
};

// Central moments from the raw moments E[X], E[X^2], E[X^3], E[X^4].
Theory from_raw(double r1, double r2, double r3, double r4) {
  return {r1, r2 - r1 * r1, r4 - 4 * r1 * r3 + 6 * r1 * r1 * r2 - 3 * r1 * r1 * r1 * r1};
}

struct Sample {
  double mean = 0;
  double variance = 0;
  std::int64_t min_ns = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_ns = std::numeric_limits<std::int64_t>::min();
};

Sample draw(const Distribution& d, Rng rng, std::size_t n, std::vector<double>* keep = nullptr) {
  std::vector<double> xs(n);
  Sample s;
  for (double& x : xs) {
    const Duration v = d.sample(rng);
    s.min_ns = std::min(s.min_ns, v.ns);
    s.max_ns = std::max(s.max_ns, v.ns);
    x = v.seconds_f();
  }
  double sum = 0;
  for (double x : xs) sum += x;
  s.mean = sum / static_cast<double>(n);
  double ss = 0;
  for (double x : xs) ss += (x - s.mean) * (x - s.mean);
  s.variance = ss / static_cast<double>(n - 1);
  if (keep) *keep = std::move(xs);
  return s;
}

// Checks the distribution's own formulas, then the sample against them within 5 standard errors.
void expect_moments_match(const Distribution& d, const Theory& t, std::uint64_t seed) {
  SCOPED_TRACE(d.describe());
  EXPECT_NEAR(d.mean_seconds(), t.mean, 1e-12 * t.mean) << "mean_seconds() formula";
  EXPECT_NEAR(d.variance_seconds2(), t.variance, 1e-12 * t.variance) << "variance_seconds2() formula";

  const Sample s = draw(d, Rng::stream(seed, StreamKind::service_work, 0), kN);
  EXPECT_GE(s.min_ns, 0) << "negative sample";
  const double n = static_cast<double>(kN);
  const double se_mean = std::sqrt(t.variance / n);
  EXPECT_NEAR(s.mean, t.mean, 5 * se_mean) << "sample mean off by " << (s.mean - t.mean) / se_mean << " SE";
  const double se_var = std::sqrt((t.m4 - t.variance * t.variance) / n);
  EXPECT_NEAR(s.variance, t.variance, 5 * se_var)
      << "sample variance off by " << (s.variance - t.variance) / se_var << " SE";
}

// ---------------------------------------------------------------------------------------------------------------
// Moments

TEST(distribution, constant_always_returns_its_value) {
  const Distribution d = Distribution::constant(Duration::milliseconds(7));
  EXPECT_DOUBLE_EQ(d.mean_seconds(), 0.007);
  EXPECT_EQ(d.variance_seconds2(), 0.0);
  Rng rng(1);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(d.sample(rng), Duration::milliseconds(7));
}

TEST(distribution, uniform_sample_mean_and_variance_match_theory) {
  // U(a, b): E[X^k] = (b^(k+1) - a^(k+1)) / ((k+1)(b-a)); directly, variance (b-a)^2/12 and m4 (b-a)^4/80.
  const double a = 2e-3, b = 10e-3, w = b - a;
  const Theory t{(a + b) / 2, w * w / 12, w * w * w * w / 80};
  expect_moments_match(Distribution::uniform(Duration::milliseconds(2), Duration::milliseconds(10)), t, 101);
}

TEST(distribution, uniform_samples_stay_within_bounds) {
  const Sample s = draw(Distribution::uniform(Duration::milliseconds(2), Duration::milliseconds(10)), Rng(5), kN);
  EXPECT_GE(s.min_ns, 2'000'000);
  EXPECT_LE(s.max_ns, 10'000'000);
  EXPECT_LT(s.min_ns, 2'001'000);  // and come close to both ends (expected gap 8ms / N = 40ns)
  EXPECT_GT(s.max_ns, 9'999'000);
}

TEST(distribution, exponential_sample_mean_and_variance_match_theory) {
  // Exp(mean m): variance m^2, fourth central moment 9 m^4.
  const double m = 5e-3;
  const Theory t{m, m * m, 9 * m * m * m * m};
  expect_moments_match(Distribution::exponential(Duration::milliseconds(5)), t, 102);
}

TEST(distribution, lognormal_sample_mean_and_variance_match_theory) {
  // Median M, sigma s: X = M e^(s Z), so E[X^k] = M^k e^(k^2 s^2 / 2); central moments from the raw ones.
  const double median = 3e-3, sigma = 0.5;
  const auto raw = [&](int k) { return std::pow(median, k) * std::exp(k * k * sigma * sigma / 2); };
  expect_moments_match(Distribution::lognormal(Duration::milliseconds(3), sigma),
                       from_raw(raw(1), raw(2), raw(3), raw(4)), 103);
}

TEST(distribution, lognormal_log_of_sample_is_normal_with_the_given_median_and_sigma) {
  // ln(X / median) / sigma is standard normal: mean 0 (SE 1/sqrt(N)), variance 1 (m4 = 3, so SE sqrt(2/N)).
  std::vector<double> xs;
  draw(Distribution::lognormal(Duration::milliseconds(3), 0.5), Rng(104), kN, &xs);
  double sum = 0, sum2 = 0;
  for (double x : xs) {
    const double z = std::log(x / 3e-3) / 0.5;
    sum += z;
    sum2 += z * z;
  }
  const double n = static_cast<double>(kN);
  const double mean = sum / n;
  const double var = (sum2 - n * mean * mean) / (n - 1);
  EXPECT_NEAR(mean, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(var, 1.0, 5 * std::sqrt(2 / n));
}

TEST(distribution, pareto_sample_mean_matches_theory) {
  // Pareto(scale x, shape k): mean k x / (k-1), variance k x^2 / ((k-1)^2 (k-2)). Shape 3.5 so the variance exists
  // and the CLT bound on the mean applies (the third moment exists too, so convergence is not pathological).
  const double x = 1e-3, k = 3.5;
  const Distribution d = Distribution::pareto(Duration::milliseconds(1), k);
  const double mean = k * x / (k - 1);
  const double variance = k * x * x / ((k - 1) * (k - 1) * (k - 2));
  EXPECT_NEAR(d.mean_seconds(), mean, 1e-12 * mean);
  EXPECT_NEAR(d.variance_seconds2(), variance, 1e-12 * variance);
  const Sample s = draw(d, Rng::stream(105, StreamKind::service_work, 0), kN);
  EXPECT_GE(s.min_ns, 1'000'000) << "Pareto samples are never below the scale";
  EXPECT_NEAR(s.mean, mean, 5 * std::sqrt(variance / kN));
}

TEST(distribution, pareto_sample_variance_is_near_theory_within_a_heavy_tail_bound) {
  // With shape 3.5 the fourth moment is infinite, so the sample variance has no standard error: X^2 has tail index
  // 1.75 and the error of its mean follows a stable law, shrinking only like N^(1/1.75 - 1) = N^-0.43, and skewed
  // to the high side (rare huge draws inflate it; nothing can deflate it much since X^2 >= scale^2). The bound is
  // therefore asymmetric and looser: [-15%, +30%] around the theoretical variance. Measured over 2000 independent
  // seeds with N = 200k: relative error min -10.1%, 1st percentile -7.8%, median -1.0%, 99th percentile +18%,
  // and +30% exceeded in 6 of 2000 seeds (0.3%); -15% never. The bound still separates the usual formula slips
  // by a wide margin: dropping the (k-2) factor gives +50%, (k-1) instead of (k-1)^2 gives +150%, and shape k-1
  // in place of k gives a factor of 6. The exact shape is checked separately through the logarithm (next test).
  const Distribution d = Distribution::pareto(Duration::milliseconds(1), 3.5);
  const Sample s = draw(d, Rng::stream(105, StreamKind::service_work, 0), kN);
  const double relative = s.variance / d.variance_seconds2() - 1;
  EXPECT_GT(relative, -0.15);
  EXPECT_LT(relative, 0.30);
}

TEST(distribution, pareto_log_of_sample_is_exponential_with_rate_shape) {
  // ln(X / scale) ~ Exp(rate k): mean 1/k, variance 1/k^2, fourth central moment 9/k^4 -- all finite, so the
  // 5-standard-error bounds apply exactly as for the other distributions.
  const double k = 3.5;
  std::vector<double> xs;
  draw(Distribution::pareto(Duration::milliseconds(1), k), Rng(106), kN, &xs);
  double sum = 0;
  for (double& x : xs) {
    x = std::log(x / 1e-3);
    sum += x;
  }
  const double n = static_cast<double>(kN);
  const double mean = sum / n;
  double ss = 0;
  for (double y : xs) ss += (y - mean) * (y - mean);
  const double var = ss / (n - 1);
  EXPECT_NEAR(mean, 1 / k, 5 * std::sqrt(1 / (k * k) / n));
  EXPECT_NEAR(var, 1 / (k * k), 5 * std::sqrt((9 / (k * k * k * k) - 1 / (k * k * k * k)) / n));
}

TEST(distribution, pareto_moments_are_infinite_where_they_do_not_exist) {
  EXPECT_EQ(Distribution::pareto(Duration::milliseconds(1), 1.0).mean_seconds(), kInf);
  EXPECT_EQ(Distribution::pareto(Duration::milliseconds(1), 0.5).mean_seconds(), kInf);
  EXPECT_EQ(Distribution::pareto(Duration::milliseconds(1), 2.0).variance_seconds2(), kInf);
  EXPECT_EQ(Distribution::pareto(Duration::milliseconds(1), 1.5).variance_seconds2(), kInf);
  EXPECT_DOUBLE_EQ(Distribution::pareto(Duration::milliseconds(1), 1.5).mean_seconds(), 3e-3);  // finite mean
}

TEST(distribution, standard_normal_has_mean_zero_and_variance_one) {
  Rng rng(107);
  double sum = 0, sum2 = 0;
  for (std::size_t i = 0; i < kN; ++i) {
    const double z = standard_normal(rng);
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sum2 += z * z;
  }
  const double n = static_cast<double>(kN);
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR((sum2 - n * mean * mean) / (n - 1), 1.0, 5 * std::sqrt(2 / n));
}

// ---------------------------------------------------------------------------------------------------------------
// Never negative, never beyond infinite

TEST(distribution, samples_are_never_negative) {
  const std::vector<Distribution> dists = {
      Distribution::constant(Duration::milliseconds(-5)),
      Distribution::constant(Duration::zero()),
      Distribution::uniform(Duration::milliseconds(-5), Duration::milliseconds(-1)),
      Distribution::uniform(Duration::milliseconds(-1), Duration::milliseconds(1)),
      Distribution::uniform(Duration::zero(), Duration::nanoseconds(1)),
      Distribution::exponential(Duration::zero()),
      Distribution::exponential(Duration::nanoseconds(1)),
      Distribution::exponential(Duration::milliseconds(5)),
      Distribution::lognormal(Duration::zero(), 1.0),
      Distribution::lognormal(Duration::milliseconds(3), 0.5),
      Distribution::lognormal(Duration::milliseconds(3), 4.0),
      Distribution::pareto(Duration::zero(), 2.0),
      Distribution::pareto(Duration::milliseconds(1), 3.5),
  };
  for (const Distribution& d : dists) {
    Rng rng(108);
    for (int i = 0; i < 20'000; ++i) ASSERT_GE(d.sample(rng).ns, 0) << d.describe();
  }
  Rng rng(1);
  EXPECT_EQ(Distribution::constant(Duration::milliseconds(-5)).sample(rng), Duration::zero());
}

TEST(distribution, samples_saturate_at_infinite) {
  const std::vector<Distribution> dists = {
      Distribution::constant(Duration::infinite()),
      Distribution::exponential(Duration::infinite()),
      Distribution::lognormal(Duration::seconds(1000), 40.0),
      Distribution::pareto(Duration::seconds(1), 0.01),
  };
  for (const Distribution& d : dists) {
    Rng rng(109);
    bool reached = false;
    for (int i = 0; i < 20'000; ++i) {
      const Duration v = d.sample(rng);
      ASSERT_GE(v.ns, 0) << d.describe();
      ASSERT_LE(v, Duration::infinite()) << d.describe();
      reached |= v == Duration::infinite();
    }
    EXPECT_TRUE(reached) << d.describe() << " never reached Duration::infinite()";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reproducibility

TEST(distribution, sample_with_a_fixed_seed_is_reproducible) {
  const std::vector<Distribution> dists = {
      Distribution::constant(Duration::milliseconds(7)),
      Distribution::uniform(Duration::milliseconds(2), Duration::milliseconds(10)),
      Distribution::exponential(Duration::milliseconds(5)),
      Distribution::lognormal(Duration::milliseconds(3), 0.5),
      Distribution::pareto(Duration::milliseconds(1), 3.5),
  };
  for (const Distribution& d : dists) {
    Rng a = Rng::stream(110, StreamKind::edge_latency, 1);
    Rng b = Rng::stream(110, StreamKind::edge_latency, 1);
    for (int i = 0; i < 10'000; ++i) ASSERT_EQ(d.sample(a), d.sample(b)) << d.describe() << " draw " << i;
    // Same stream state afterwards: sampling consumed the same number of draws from each.
    EXPECT_EQ(a.next(), b.next()) << d.describe();
  }
}

TEST(distribution, uniform_samples_with_rng_0_are_pinned) {
  // Pure IEEE arithmetic (no libm call), so these exact values must hold on every platform. Computed independently
  // as round(2e6 + 8e6 * u) from the pinned Rng(0) uniforms (see random_test.cpp).
  const Distribution d = Distribution::uniform(Duration::milliseconds(2), Duration::milliseconds(10));
  Rng rng(0);
  EXPECT_EQ(d.sample(rng).ns, 6'810'104);
  EXPECT_EQ(d.sample(rng).ns, 7'982'193);
  EXPECT_EQ(d.sample(rng).ns, 2'824'160);
}

TEST(distribution, constant_sampling_does_not_consume_draws) {
  Rng a(111), b(111);
  const Distribution d = Distribution::constant(Duration::milliseconds(1));
  for (int i = 0; i < 10; ++i) d.sample(a);
  EXPECT_EQ(a.next(), b.next());
}

// ---------------------------------------------------------------------------------------------------------------
// describe, is_zero

TEST(distribution, describe_names_the_kind_and_parameters) {
  EXPECT_EQ(Distribution::constant(Duration::milliseconds(1500)).describe(), "1.5s");
  EXPECT_EQ(Distribution::uniform(Duration::milliseconds(2), Duration::milliseconds(10)).describe(),
            "uniform(2ms, 10ms)");
  EXPECT_EQ(Distribution::exponential(Duration::milliseconds(5)).describe(), "exponential(mean 5ms)");
  const std::string ln = Distribution::lognormal(Duration::milliseconds(3), 0.5).describe();
  EXPECT_EQ(ln.rfind("lognormal(median 3ms, sigma 0.5", 0), 0u) << ln;
  const std::string pa = Distribution::pareto(Duration::milliseconds(1), 3.5).describe();
  EXPECT_EQ(pa.rfind("pareto(scale 1ms, shape 3.5", 0), 0u) << pa;
}

TEST(distribution, is_zero_only_for_the_zero_constant) {
  EXPECT_TRUE(Distribution{}.is_zero());
  EXPECT_TRUE(Distribution::constant(Duration::zero()).is_zero());
  EXPECT_FALSE(Distribution::constant(Duration::nanoseconds(1)).is_zero());
  EXPECT_FALSE(Distribution::exponential(Duration::zero()).is_zero());
  EXPECT_FALSE(Distribution::uniform(Duration::zero(), Duration::zero()).is_zero());
}

}  // namespace
}  // namespace chaossim
