// Adaptive concurrency limits alone, fed scripted samples: each rule of Netflix's AIMD, Vegas and Gradient2 limits.
#include "strategies/concurrency_limit.h"

#include <gtest/gtest.h>

#include <vector>

namespace chaossim {
namespace {

using Algorithm = LimitConfig::Algorithm;
using Sample = ConcurrencyLimit::Sample;

constexpr Duration ms(std::int64_t v) { return Duration::milliseconds(v); }

// Fills the limit to `n` in flight (as many as it allows), then ends one request with `sample`.
void one_sample(ConcurrencyLimit& l, std::uint32_t n, Duration rtt, Sample sample) {
  while (l.in_flight() < n && l.try_acquire()) {
  }
  l.release(rtt, sample);
}

TEST(concurrency_limit, refuses_beyond_the_limit_and_gives_slots_back) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::aimd);
  cfg.initial = cfg.min = 2;
  ConcurrencyLimit l(cfg, 1);
  EXPECT_TRUE(l.try_acquire());
  EXPECT_TRUE(l.try_acquire());
  EXPECT_FALSE(l.try_acquire());
  l.release(ms(10), Sample::ignored);
  EXPECT_EQ(l.in_flight(), 1u);
  EXPECT_EQ(l.limit(), 2u) << "an ignored sample moves nothing";
  EXPECT_TRUE(l.try_acquire());
}

TEST(concurrency_limit, aimd_adds_one_per_sample_while_the_limit_is_in_use) {
  ConcurrencyLimit l(LimitConfig::defaults(Algorithm::aimd), 1);
  one_sample(l, 20, ms(10), Sample::success);
  EXPECT_EQ(l.limit(), 21u);
  one_sample(l, 21, ms(10), Sample::success);
  EXPECT_EQ(l.limit(), 22u);
}

TEST(concurrency_limit, aimd_does_not_grow_while_less_than_half_is_in_use) {
  ConcurrencyLimit l(LimitConfig::defaults(Algorithm::aimd), 1);
  one_sample(l, 9, ms(10), Sample::success);  // 9 in flight of 20: 2 x 9 < 20
  EXPECT_EQ(l.limit(), 20u);
  one_sample(l, 10, ms(10), Sample::success);  // 2 x 10 >= 20
  EXPECT_EQ(l.limit(), 21u);
}

TEST(concurrency_limit, aimd_multiplies_by_the_backoff_ratio_on_a_drop_or_a_slow_sample) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::aimd);
  cfg.initial = 101;
  cfg.min = 1;
  cfg.timeout = ms(500);
  ConcurrencyLimit l(cfg, 1);
  one_sample(l, 101, ms(10), Sample::dropped);
  EXPECT_EQ(l.limit(), 90u) << "floor(101 x 0.9)";
  one_sample(l, 90, ms(501), Sample::success);
  EXPECT_EQ(l.limit(), 81u) << "a round trip over the timeout is a drop";
  one_sample(l, 81, ms(500), Sample::success);
  EXPECT_EQ(l.limit(), 82u) << "exactly the timeout is not";
}

TEST(concurrency_limit, aimd_stays_within_min_and_max) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::aimd);
  cfg.initial = 20;
  cfg.min = 19;
  cfg.max = 21;
  ConcurrencyLimit l(cfg, 1);
  one_sample(l, 20, ms(1), Sample::dropped);
  EXPECT_EQ(l.limit(), 19u);
  for (int i = 0; i < 5; ++i) one_sample(l, 21, ms(1), Sample::success);
  EXPECT_EQ(l.limit(), 21u);
}

TEST(concurrency_limit, vegas_takes_the_first_sample_as_the_no_load_time) {
  ConcurrencyLimit l(LimitConfig::defaults(Algorithm::vegas), 1);
  one_sample(l, 20, ms(100), Sample::success);
  EXPECT_EQ(l.limit(), 20u);
  // No queue (the same round trip): grow by 6 x log10(20) = 6 at once (smoothing 1).
  one_sample(l, 20, ms(100), Sample::success);
  EXPECT_EQ(l.limit(), 26u);
}

TEST(concurrency_limit, vegas_follows_the_estimated_queue) {
  const auto after = [](Duration rtt, Sample s) {
    ConcurrencyLimit l(LimitConfig::defaults(Algorithm::vegas), 1);
    one_sample(l, 20, ms(100), Sample::success);  // no-load time 100 ms
    one_sample(l, 20, rtt, s);
    return l.estimate();
  };
  // queue = ceil(20 x (1 - 100 / rtt)); log10(20) = 1: alpha 3, beta 6, threshold 1.
  EXPECT_DOUBLE_EQ(after(ms(110), Sample::success), 21) << "queue 2: between threshold and alpha, +1";
  EXPECT_DOUBLE_EQ(after(ms(125), Sample::success), 20) << "queue 4: between alpha and beta, no change";
  EXPECT_DOUBLE_EQ(after(ms(200), Sample::success), 19) << "queue 10: above beta, -1";
  EXPECT_DOUBLE_EQ(after(ms(100), Sample::dropped), 19) << "a drop, -1";
}

TEST(concurrency_limit, vegas_measures_the_no_load_time_again_now_and_then) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::vegas);
  cfg.probe_multiplier = 1;  // a probe within every 20 samples (jitter 0.5 to 1 x limit)
  ConcurrencyLimit l(cfg, 7);
  one_sample(l, 20, ms(100), Sample::success);
  // Round trips of 300 ms look like a deep queue against 100 ms and shrink the limit, until a probe takes 300 ms as
  // the new no-load time; from then on there is no queue and the limit grows.
  std::vector<double> limits;
  for (int i = 0; i < 40; ++i) {
    one_sample(l, l.limit(), ms(300), Sample::success);
    limits.push_back(l.estimate());
  }
  EXPECT_LT(limits[0], 20);
  EXPECT_GT(limits.back(), 20);
}

TEST(concurrency_limit, vegas_probes_at_the_same_samples_for_the_same_seed) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::vegas);
  cfg.probe_multiplier = 1;
  const auto run = [&](std::uint64_t seed) {
    ConcurrencyLimit l(cfg, seed);
    std::vector<double> out;
    for (int i = 0; i < 200; ++i) {
      one_sample(l, l.limit(), ms(100 + (i * 37) % 50), Sample::success);
      out.push_back(l.estimate());
    }
    return out;
  };
  EXPECT_EQ(run(3), run(3));
  EXPECT_NE(run(3), run(4));
}

TEST(concurrency_limit, gradient2_grows_by_the_queue_allowance_while_round_trips_are_steady) {
  ConcurrencyLimit l(LimitConfig::defaults(Algorithm::gradient2), 1);
  one_sample(l, 20, ms(100), Sample::success);
  // gradient min(1, 1.5 x 100 / 100) = 1: new = 20 + 4, smoothed 20 x 0.8 + 24 x 0.2.
  EXPECT_DOUBLE_EQ(l.estimate(), 20.8);
}

TEST(concurrency_limit, gradient2_shrinks_when_round_trips_rise_above_the_long_average) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::gradient2);
  cfg.initial = 100;
  ConcurrencyLimit l(cfg, 1);
  for (int i = 0; i < 10; ++i) one_sample(l, l.limit(), ms(100), Sample::success);
  const double before = l.estimate();
  // A round trip of 400 ms against a long average near 100: gradient clamped to 0.5.
  one_sample(l, l.limit(), ms(400), Sample::success);
  EXPECT_NEAR(l.estimate(), before * 0.8 + (before * 0.5 + 4) * 0.2, 1e-9);
}

TEST(concurrency_limit, gradient2_holds_while_the_limit_is_not_in_use) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::gradient2);
  cfg.initial = 100;
  ConcurrencyLimit l(cfg, 1);
  one_sample(l, 49, ms(100), Sample::success);  // 49 < 100 / 2
  EXPECT_DOUBLE_EQ(l.estimate(), 100);
}

TEST(concurrency_limit, gradient2_stays_within_min_and_max) {
  LimitConfig cfg = LimitConfig::defaults(Algorithm::gradient2);
  cfg.initial = 30;
  cfg.min = 25;
  cfg.max = 31;
  ConcurrencyLimit l(cfg, 1);
  for (int i = 0; i < 20; ++i) one_sample(l, l.limit(), ms(100), Sample::success);
  EXPECT_DOUBLE_EQ(l.estimate(), 31);
  for (int i = 0; i < 20; ++i) one_sample(l, l.limit(), ms(100'000), Sample::success);
  EXPECT_DOUBLE_EQ(l.estimate(), 25);
}

}  // namespace
}  // namespace chaossim
