#include "strategies/backoff.h"

#include <cmath>

#include <gtest/gtest.h>

namespace chaossim {
namespace {

BackoffConfig cfg(BackoffType type, Jitter jitter) {
  BackoffConfig c;
  c.type = type;
  c.jitter = jitter;
  c.base = Duration::milliseconds(100);
  c.multiplier = 2.0;
  c.max = Duration::seconds(1);
  return c;
}

TEST(backoff, exponential_doubles_from_base_and_stops_at_max) {
  const BackoffConfig c = cfg(BackoffType::exponential, Jitter::none);
  EXPECT_EQ(backoff_ceiling(c, 1), Duration::milliseconds(100));
  EXPECT_EQ(backoff_ceiling(c, 2), Duration::milliseconds(200));
  EXPECT_EQ(backoff_ceiling(c, 3), Duration::milliseconds(400));
  EXPECT_EQ(backoff_ceiling(c, 4), Duration::milliseconds(800));
  EXPECT_EQ(backoff_ceiling(c, 5), Duration::seconds(1));
  EXPECT_EQ(backoff_ceiling(c, 60), Duration::seconds(1));  // no overflow however many retries
}

TEST(backoff, linear_grows_by_base_each_retry) {
  const BackoffConfig c = cfg(BackoffType::linear, Jitter::none);
  EXPECT_EQ(backoff_ceiling(c, 1), Duration::milliseconds(100));
  EXPECT_EQ(backoff_ceiling(c, 3), Duration::milliseconds(300));
  EXPECT_EQ(backoff_ceiling(c, 20), Duration::seconds(1));
}

TEST(backoff, constant_is_always_base) {
  const BackoffConfig c = cfg(BackoffType::constant, Jitter::none);
  for (unsigned k = 1; k < 10; ++k) EXPECT_EQ(backoff_ceiling(c, k), Duration::milliseconds(100));
}

TEST(backoff, no_jitter_waits_exactly_the_ceiling) {
  Rng rng(1);
  const BackoffConfig c = cfg(BackoffType::exponential, Jitter::none);
  EXPECT_EQ(backoff_delay(c, 3, Duration::zero(), rng), Duration::milliseconds(400));
}

// Uniform jitter on [lo, hi): the sample mean is within 5 standard errors of (lo + hi) / 2 and every sample is in
// range. With n = 20000 the standard error is (hi - lo) / sqrt(12 n) ~ 0.2% of the range.
void expect_uniform(const BackoffConfig& c, unsigned k, Duration previous, double lo_ms, double hi_ms) {
  Rng rng(99);
  const int n = 20000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double ms = static_cast<double>(backoff_delay(c, k, previous, rng).ns) / 1e6;
    ASSERT_GE(ms, lo_ms);
    ASSERT_LE(ms, hi_ms);
    sum += ms;
  }
  const double se = (hi_ms - lo_ms) / std::sqrt(12.0 * n);
  EXPECT_NEAR(sum / n, (lo_ms + hi_ms) / 2, 5 * se);
}

TEST(backoff, full_jitter_is_uniform_between_zero_and_the_ceiling) {
  expect_uniform(cfg(BackoffType::exponential, Jitter::full), 3, Duration::zero(), 0, 400);
}

TEST(backoff, equal_jitter_is_half_the_ceiling_plus_uniform_half) {
  expect_uniform(cfg(BackoffType::exponential, Jitter::equal), 3, Duration::zero(), 200, 400);
}

TEST(backoff, decorrelated_jitter_is_uniform_between_base_and_three_times_previous) {
  expect_uniform(cfg(BackoffType::exponential, Jitter::decorrelated), 2, Duration::milliseconds(150), 100, 450);
}

TEST(backoff, decorrelated_jitter_starts_from_base_and_is_capped_at_max) {
  Rng rng(5);
  const BackoffConfig c = cfg(BackoffType::exponential, Jitter::decorrelated);
  for (int i = 0; i < 1000; ++i) {
    const Duration first = backoff_delay(c, 1, Duration::zero(), rng);
    EXPECT_GE(first, Duration::milliseconds(100));
    EXPECT_LE(first, Duration::milliseconds(300));
    EXPECT_LE(backoff_delay(c, 5, Duration::seconds(10), rng), Duration::seconds(1));
  }
}

BackoffConfig schedule(double spread) {
  BackoffConfig c;
  c.type = BackoffType::schedule;
  c.delays = {Duration::seconds(60), Duration::seconds(300), Duration::seconds(900)};
  c.spread = spread;
  return c;
}

TEST(backoff, a_schedule_waits_its_listed_delays_in_order) {
  Rng rng(3);
  const BackoffConfig c = schedule(0);
  EXPECT_EQ(backoff_delay(c, 1, Duration::zero(), rng), Duration::seconds(60));
  EXPECT_EQ(backoff_delay(c, 2, Duration::seconds(60), rng), Duration::seconds(300));
  EXPECT_EQ(backoff_delay(c, 3, Duration::seconds(300), rng), Duration::seconds(900));
  EXPECT_EQ(backoff_ceiling(c, 4), Duration::seconds(900));  // past the list (the loader forbids it): its last
}

TEST(backoff, a_schedules_spread_is_uniform_within_that_fraction_either_way) {
  expect_uniform(schedule(0.1), 2, Duration::zero(), 270000, 330000);  // 5 min +- 10%, in ms
}

}  // namespace
}  // namespace chaossim
