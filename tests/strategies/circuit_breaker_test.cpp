#include "strategies/circuit_breaker.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

using State = CircuitBreaker::State;
Instant at_ms(std::int64_t ms) { return Instant{} + Duration::milliseconds(ms); }
constexpr Duration kFast = Duration::milliseconds(10);

BreakerConfig consecutive(std::uint32_t failures) {
  BreakerConfig c;
  c.type = BreakerConfig::Type::consecutive;
  c.consecutive_failures = failures;
  c.open_for = Duration::seconds(5);
  c.half_open_calls = 2;
  return c;
}

TEST(circuit_breaker, consecutive_opens_after_that_many_failures_in_a_row) {
  const BreakerConfig c = consecutive(3);
  CircuitBreaker b(c);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(b.allow(at_ms(i)));
    b.on_result(at_ms(i), true, kFast);
  }
  ASSERT_TRUE(b.allow(at_ms(2)));
  b.on_result(at_ms(2), false, kFast);  // a success resets the run
  for (int i = 3; i < 5; ++i) {
    ASSERT_TRUE(b.allow(at_ms(i)));
    b.on_result(at_ms(i), true, kFast);
  }
  EXPECT_EQ(b.state(at_ms(5)), State::closed);
  ASSERT_TRUE(b.allow(at_ms(5)));
  b.on_result(at_ms(5), true, kFast);
  EXPECT_EQ(b.state(at_ms(6)), State::open);
  EXPECT_TRUE(b.take_opened());
  EXPECT_FALSE(b.take_opened());
  EXPECT_FALSE(b.allow(at_ms(6)));
}

TEST(circuit_breaker, open_rejects_until_open_for_then_lets_trial_calls_through) {
  const BreakerConfig c = consecutive(1);
  CircuitBreaker b(c);
  ASSERT_TRUE(b.allow(at_ms(0)));
  b.on_result(at_ms(0), true, kFast);
  EXPECT_FALSE(b.allow(at_ms(4999)));
  EXPECT_EQ(b.state(at_ms(5000)), State::half_open);
  EXPECT_TRUE(b.allow(at_ms(5000)));
  EXPECT_TRUE(b.allow(at_ms(5001)));
  EXPECT_FALSE(b.allow(at_ms(5002)));  // only half_open_calls trials at a time
}

TEST(circuit_breaker, half_open_closes_after_enough_successful_trials) {
  const BreakerConfig c = consecutive(1);
  CircuitBreaker b(c);
  b.allow(at_ms(0));
  b.on_result(at_ms(0), true, kFast);
  ASSERT_TRUE(b.allow(at_ms(5000)));
  ASSERT_TRUE(b.allow(at_ms(5000)));
  b.on_result(at_ms(5010), false, kFast);
  EXPECT_EQ(b.state(at_ms(5010)), State::half_open);
  b.on_result(at_ms(5020), false, kFast);
  EXPECT_EQ(b.state(at_ms(5020)), State::closed);
  EXPECT_TRUE(b.allow(at_ms(5030)));
}

TEST(circuit_breaker, a_failed_trial_reopens_for_another_open_for) {
  const BreakerConfig c = consecutive(1);
  CircuitBreaker b(c);
  b.allow(at_ms(0));
  b.on_result(at_ms(0), true, kFast);
  ASSERT_TRUE(b.allow(at_ms(5000)));
  b.on_result(at_ms(5100), true, kFast);
  EXPECT_EQ(b.state(at_ms(5100)), State::open);
  EXPECT_EQ(b.opened_at(), at_ms(5100));
  EXPECT_FALSE(b.allow(at_ms(10099)));
  EXPECT_TRUE(b.allow(at_ms(10100)));
}

BreakerConfig count_window(std::uint32_t size, std::uint32_t min_calls, double rate) {
  BreakerConfig c;
  c.type = BreakerConfig::Type::count_window;
  c.window_size = size;
  c.min_calls = min_calls;
  c.failure_rate = rate;
  c.open_for = Duration::seconds(1);
  c.half_open_calls = 1;
  return c;
}

TEST(circuit_breaker, count_window_waits_for_min_calls_before_judging) {
  const BreakerConfig c = count_window(10, 5, 0.5);
  CircuitBreaker b(c);
  for (int i = 0; i < 4; ++i) {
    b.allow(at_ms(i));
    b.on_result(at_ms(i), true, kFast);  // 100% failures, but only 4 calls
  }
  EXPECT_EQ(b.state(at_ms(4)), State::closed);
  b.allow(at_ms(4));
  b.on_result(at_ms(4), true, kFast);
  EXPECT_EQ(b.state(at_ms(5)), State::open);
}

TEST(circuit_breaker, count_window_forgets_outcomes_older_than_the_window) {
  const BreakerConfig c = count_window(4, 4, 0.5);
  CircuitBreaker b(c);
  // F S S S: 25% -> closed; then S pushes the F out; then F F: window S S F F = 50% -> open.
  const bool outcomes[] = {true, false, false, false, false};
  int t = 0;
  for (bool f : outcomes) {
    b.allow(at_ms(t));
    b.on_result(at_ms(t++), f, kFast);
    EXPECT_EQ(b.state(at_ms(t)), State::closed);
  }
  b.allow(at_ms(t));
  b.on_result(at_ms(t++), true, kFast);
  EXPECT_EQ(b.state(at_ms(t)), State::closed);  // S S S F = 25%
  b.allow(at_ms(t));
  b.on_result(at_ms(t++), true, kFast);
  EXPECT_EQ(b.state(at_ms(t)), State::open);  // S S F F = 50%
}

TEST(circuit_breaker, slow_calls_open_the_breaker_at_the_slow_call_rate) {
  BreakerConfig c = count_window(10, 4, 0.5);
  c.slow_call_duration = Duration::seconds(2);
  c.slow_call_rate = 0.75;
  CircuitBreaker b(c);
  for (int i = 0; i < 3; ++i) {
    b.allow(at_ms(i));
    b.on_result(at_ms(i), false, Duration::seconds(3));
  }
  b.allow(at_ms(3));
  b.on_result(at_ms(3), false, kFast);
  EXPECT_EQ(b.state(at_ms(4)), State::open);  // 3 of 4 slow = 75%
}

TEST(circuit_breaker, time_window_counts_only_recent_calls) {
  BreakerConfig c;
  c.type = BreakerConfig::Type::time_window;
  c.window_time = Duration::seconds(10);
  c.min_calls = 4;
  c.failure_rate = 0.5;
  CircuitBreaker b(c);
  // Two failures long ago, then two successes and one failure now: only 1 of 3 recent calls failed.
  for (int i = 0; i < 2; ++i) {
    b.allow(at_ms(i));
    b.on_result(at_ms(i), true, kFast);
  }
  for (int i = 0; i < 3; ++i) {
    b.allow(at_ms(20000 + i));
    b.on_result(at_ms(20000 + i), i == 2, kFast);
  }
  EXPECT_EQ(b.state(at_ms(20003)), State::closed);
  b.allow(at_ms(20004));
  b.on_result(at_ms(20004), true, kFast);  // 2 of 4 recent calls failed
  EXPECT_EQ(b.state(at_ms(20005)), State::open);
}

}  // namespace
}  // namespace chaossim
