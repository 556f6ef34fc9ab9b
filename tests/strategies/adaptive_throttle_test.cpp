// Client-side adaptive throttling alone, over scripted time and outcomes.
#include "strategies/adaptive_throttle.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.h"

namespace chaossim {
namespace {

Instant at_s(double s) { return Instant{} + Duration{static_cast<std::int64_t>(s * 1e9)}; }

TEST(adaptive_throttle, nothing_is_rejected_while_the_backend_accepts_everything) {
  const ThrottleConfig cfg{.enabled = true};
  AdaptiveThrottle t(cfg);
  for (int i = 0; i < 10'000; ++i) {
    const Instant now = at_s(i * 0.01);
    EXPECT_EQ(t.reject_probability(now), 0.0) << i;
    EXPECT_TRUE(t.admit(now, 0.0));  // the smallest draw passes only when the probability is 0
    t.on_accept(now);
  }
}

TEST(adaptive_throttle, the_probability_is_the_sre_books_formula_over_the_window) {
  const ThrottleConfig cfg{.enabled = true, .k = 2.0};
  AdaptiveThrottle t(cfg);
  for (int i = 0; i < 10; ++i) t.admit(at_s(1), 0.99);
  for (int i = 0; i < 3; ++i) t.on_accept(at_s(1));
  EXPECT_DOUBLE_EQ(t.reject_probability(at_s(1)), (10 - 2.0 * 3) / 11);
  // Rejected requests count as requests too.
  EXPECT_FALSE(t.admit(at_s(1), 0.0));
  EXPECT_EQ(t.requests(), 11u);
  // K = 1.5 throttles harder.
  const ThrottleConfig strict{.enabled = true, .k = 1.5};
  AdaptiveThrottle s(strict);
  for (int i = 0; i < 10; ++i) s.admit(at_s(1), 0.99);
  for (int i = 0; i < 4; ++i) s.on_accept(at_s(1));
  EXPECT_DOUBLE_EQ(s.reject_probability(at_s(1)), (10 - 1.5 * 4) / 11);
}

TEST(adaptive_throttle, counts_leave_the_window_and_the_throttle_opens_again) {
  const ThrottleConfig cfg{.enabled = true, .window = Duration::seconds(120)};
  AdaptiveThrottle t(cfg);
  for (int i = 0; i < 100; ++i) t.admit(at_s(0), 0.99);  // a dead backend: nothing accepted
  EXPECT_NEAR(t.reject_probability(at_s(0)), 100.0 / 101, 1e-12);
  EXPECT_GT(t.reject_probability(at_s(119)), 0.9);    // still in the window
  EXPECT_EQ(t.reject_probability(at_s(126.5)), 0.0);  // two minutes later, its slot has left the window
  EXPECT_EQ(t.requests(), 0u);
}

TEST(adaptive_throttle, an_overloaded_backend_sees_k_times_what_it_accepts) {
  // Offered 1,000 requests per second; the backend accepts at most 100 per second of what it is sent (a token
  // bucket refilled each 10 ms, holding up to 20 like a short queue, so that it never idles while requests come).
  // Once the two-minute window has filled, the throttle sends about K x 100.
  for (const double k : {2.0, 1.5}) {
    const ThrottleConfig cfg{.enabled = true, .k = k};
    AdaptiveThrottle t(cfg);
    Rng rng(7);
    std::uint64_t sent = 0, accepted = 0;
    double tokens = 0;
    for (int ms = 0; ms < 600'000; ++ms) {
      const Instant now = Instant{} + Duration::milliseconds(ms);
      if (ms % 10 == 0) tokens = std::min(tokens + 1.0, 20.0);
      if (!t.admit(now, rng.uniform())) continue;
      const bool measured = ms >= 300'000;
      sent += measured;
      if (tokens >= 1.0) {
        tokens -= 1.0;
        t.on_accept(now);
        accepted += measured;
      }
    }
    EXPECT_NEAR(static_cast<double>(accepted) / 300, 100, 1) << "k " << k;
    EXPECT_NEAR(static_cast<double>(sent) / 300, k * 100, 0.03 * k * 100) << "k " << k;
  }
}

}  // namespace
}  // namespace chaossim
