#include "strategies/retry_budget.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

// Each test states its budget in one initializer, naming only what differs from the defaults.
using Type = BudgetConfig::Type;

// The example of gRPC's retry throttling design (A6): maxTokens 4, tokenRatio 1.6.
TEST(retry_budget, token_bucket_follows_the_grpc_throttling_sequence) {
  const BudgetConfig c{.type = Type::token_bucket, .max_tokens = 4, .token_ratio = 1.6};
  RetryBudget b(c);
  const Instant t{};
  b.on_result(t, true);  // 3 tokens
  EXPECT_TRUE(b.take_retry(t));
  b.on_result(t, false);  // 4 (capped)
  EXPECT_DOUBLE_EQ(b.tokens(), 4.0);
  b.on_result(t, true);  // 3
  EXPECT_TRUE(b.take_retry(t));
  b.on_result(t, true);  // 2: not more than half of 4
  EXPECT_FALSE(b.take_retry(t));
}

TEST(retry_budget, token_bucket_never_goes_below_zero_and_recovers_with_successes) {
  const BudgetConfig c{.type = Type::token_bucket, .max_tokens = 10, .token_ratio = 0.5};
  RetryBudget b(c);
  const Instant t{};
  for (int i = 0; i < 100; ++i) b.on_result(t, true);
  EXPECT_DOUBLE_EQ(b.tokens(), 0.0);
  for (int i = 0; i < 11; ++i) b.on_result(t, false);  // 5.5 > 5
  EXPECT_TRUE(b.take_retry(t));
}

// Brooker's adaptive bucket: successes earn retries (0.1 each), retries spend them (1 each), failures cost
// nothing. However badly the callee fails, retries stay a tenth of the successes.
TEST(retry_budget, adaptive_bucket_lets_retries_spend_only_what_successes_earned) {
  const BudgetConfig c{.type = Type::token_bucket,
                       .max_tokens = 10,
                       .token_ratio = 0.1,
                       .initial_tokens = 0,
                       .failure_cost = 0,
                       .retry_cost = 1,
                       .threshold = 0};
  RetryBudget b(c);
  const Instant t{};
  EXPECT_FALSE(b.take_retry(t));  // starts empty
  for (int i = 0; i < 100; ++i) b.on_result(t, true);
  EXPECT_FALSE(b.take_retry(t));  // failures neither earn nor cost
  int retries = 0;
  for (int i = 0; i < 1000; ++i) {
    b.on_result(t, i % 2 == 0);  // half the attempts fail
    if (b.take_retry(t)) {       // spent at once: the retry is sent after its backoff
      b.on_attempt(t, true);
      ++retries;
    }
  }
  EXPECT_EQ(retries, 50);  // 500 successes x 0.1
  for (int i = 0; i < 1000; ++i) b.on_result(t, false);
  EXPECT_DOUBLE_EQ(b.tokens(), 10.0);  // capped at max_tokens
}

// Sends `n` first attempts, or `n` retries the budget reserved, that stay in flight; returns how many went.
int in_flight(RetryBudget& b, int n, bool retries) {
  int sent = 0;
  for (; sent < n; ++sent) {
    if (retries && !b.take_retry(Instant{})) break;
    b.on_attempt(Instant{}, retries);
  }
  return sent;
}

// Envoy's retry budget: budget_percent 20 with min_retry_concurrency 3 allows 5 active retries at 25 active
// requests, and 3 at 2.
TEST(retry_budget, concurrency_follows_envoys_retry_budget) {
  const BudgetConfig c{.type = Type::concurrency, .percent = 20, .min_retry_concurrency = 3};
  {
    RetryBudget b(c);
    in_flight(b, 20, false);
    EXPECT_EQ(in_flight(b, 100, true), 5);  // each retry is one more attempt in flight: 5 of 25
    EXPECT_EQ(b.active(), 25u);
    EXPECT_EQ(b.active_retries(), 5u);
  }
  {
    RetryBudget b(c);
    in_flight(b, 2, false);
    EXPECT_EQ(in_flight(b, 100, true), 3);  // the minimum: 20% of 5 is 1
    b.on_attempt_end(true);                 // one retry ends: room again
    EXPECT_EQ(b.active(), 4u);
    EXPECT_EQ(b.active_retries(), 2u);
    EXPECT_TRUE(b.take_retry(Instant{}));  // reserved during its backoff: it counts already
    EXPECT_FALSE(b.take_retry(Instant{}));
    b.on_retry_dropped();  // its deadline passed before it went
    EXPECT_EQ(b.active_retries(), 2u);
  }
}

TEST(retry_budget, retry_breaker_stops_retries_above_a_failure_rate_and_resumes_when_it_drops) {
  const BudgetConfig c{
      .type = Type::retry_breaker, .failure_rate = 0.5, .min_calls = 10, .ratio_window = Duration::seconds(10)};
  RetryBudget b(c);
  const Instant t0 = Instant{} + Duration::seconds(100);
  for (int i = 0; i < 9; ++i) b.on_result(t0, true);
  EXPECT_TRUE(b.take_retry(t0));  // 9 failures, but fewer than min_calls ended
  b.on_result(t0, false);
  EXPECT_FALSE(b.take_retry(t0));  // 9 of 10 failed
  for (int i = 0; i < 9; ++i) b.on_result(t0, false);
  EXPECT_TRUE(b.take_retry(t0));  // 9 of 19: below half
  b.on_result(t0, true);
  EXPECT_FALSE(b.take_retry(t0));  // 10 of 20: at the rate
  // The failures age out of the window.
  EXPECT_TRUE(b.take_retry(t0 + Duration::seconds(20)));
}

// Sends retries at `t` for as long as the budget allows them (at most 1000) and returns how many it allowed.
int retries_allowed(RetryBudget& b, Instant t) {
  int allowed = 0;
  while (b.take_retry(t) && allowed < 1000) {
    b.on_attempt(t, true);
    ++allowed;
  }
  return allowed;
}

TEST(retry_budget, ratio_allows_a_percentage_of_recent_requests_plus_a_floor) {
  const BudgetConfig c{.type = Type::ratio, .percent = 20, .min_per_second = 0, .ratio_window = Duration::seconds(10)};
  RetryBudget b(c);
  const Instant t = Instant{} + Duration::seconds(100);
  for (int i = 0; i < 100; ++i) b.on_attempt(t, false);
  EXPECT_EQ(retries_allowed(b, t), 20);
}

TEST(retry_budget, ratio_floor_allows_retries_without_traffic_and_old_requests_expire) {
  const BudgetConfig c{.type = Type::ratio, .percent = 50, .min_per_second = 1, .ratio_window = Duration::seconds(10)};
  RetryBudget b(c);
  const Instant t0 = Instant{} + Duration::seconds(100);
  for (int i = 0; i < 100; ++i) b.on_attempt(t0, false);
  EXPECT_EQ(retries_allowed(b, t0), 60);  // 50% of 100, plus 1/s over 10 s
  // Twenty seconds later the window holds nothing: only the floor remains.
  EXPECT_EQ(retries_allowed(b, t0 + Duration::seconds(20)), 10);
}

}  // namespace
}  // namespace chaossim
