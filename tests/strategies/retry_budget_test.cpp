#include "strategies/retry_budget.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

// The example of gRPC's retry throttling design (A6): maxTokens 4, tokenRatio 1.6.
TEST(retry_budget, token_bucket_follows_the_grpc_throttling_sequence) {
  BudgetConfig c;
  c.type = BudgetConfig::Type::token_bucket;
  c.max_tokens = 4;
  c.token_ratio = 1.6;
  RetryBudget b(c);
  const Instant t{};
  b.on_result(true);  // 3 tokens
  EXPECT_TRUE(b.allow_retry(t));
  b.on_result(false);  // 4 (capped)
  EXPECT_DOUBLE_EQ(b.tokens(), 4.0);
  b.on_result(true);  // 3
  EXPECT_TRUE(b.allow_retry(t));
  b.on_result(true);  // 2: not more than half of 4
  EXPECT_FALSE(b.allow_retry(t));
}

TEST(retry_budget, token_bucket_never_goes_below_zero_and_recovers_with_successes) {
  BudgetConfig c;
  c.type = BudgetConfig::Type::token_bucket;
  c.max_tokens = 10;
  c.token_ratio = 0.5;
  RetryBudget b(c);
  for (int i = 0; i < 100; ++i) b.on_result(true);
  EXPECT_DOUBLE_EQ(b.tokens(), 0.0);
  for (int i = 0; i < 11; ++i) b.on_result(false);  // 5.5 > 5
  EXPECT_TRUE(b.allow_retry(Instant{}));
}

// Sends retries at `t` for as long as the budget allows them (at most 1000) and returns how many it allowed.
int retries_allowed(RetryBudget& b, Instant t) {
  int allowed = 0;
  while (b.allow_retry(t) && allowed < 1000) {
    b.on_attempt(t, true);
    ++allowed;
  }
  return allowed;
}

TEST(retry_budget, ratio_allows_a_percentage_of_recent_requests_plus_a_floor) {
  BudgetConfig c;
  c.type = BudgetConfig::Type::ratio;
  c.percent = 20;
  c.min_per_second = 0;
  c.ratio_window = Duration::seconds(10);
  RetryBudget b(c);
  const Instant t = Instant{} + Duration::seconds(100);
  for (int i = 0; i < 100; ++i) b.on_attempt(t, false);
  EXPECT_EQ(retries_allowed(b, t), 20);
}

TEST(retry_budget, ratio_floor_allows_retries_without_traffic_and_old_requests_expire) {
  BudgetConfig c;
  c.type = BudgetConfig::Type::ratio;
  c.percent = 50;
  c.min_per_second = 1;
  c.ratio_window = Duration::seconds(10);
  RetryBudget b(c);
  const Instant t0 = Instant{} + Duration::seconds(100);
  for (int i = 0; i < 100; ++i) b.on_attempt(t0, false);
  EXPECT_EQ(retries_allowed(b, t0), 60);  // 50% of 100, plus 1/s over 10 s
  // Twenty seconds later the window holds nothing: only the floor remains.
  EXPECT_EQ(retries_allowed(b, t0 + Duration::seconds(20)), 10);
}

}  // namespace
}  // namespace chaossim
