// Retry budgets in whole runs, one shape at a time, against a callee that fails half its requests: what each shape
// lets through follows from its rule.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// 200 operations per second, each tried up to 4 times at once (10 ms apart) against a service whose requests fail
// with probability 0.5: without a budget, 1 + 0.5 + 0.25 + 0.125 = 1.875 attempts per operation.
std::string failing_half(const std::string& budget, const std::string& fault_probability = "0.5") {
  return R"({"schema_version":1,"name":"budgets","duration":"120s","warmup":"20s",
    "services":{"api":{"workers":50,"handler":[{"work":"5ms"}]}},
    "clients":{"count":20,"target":"api","arrival":{"process":"poisson","rate":200}},
    "edges":{"clients->api":{"latency":"1ms","timeout":"1s",
      "retry":{"max_attempts":4,"backoff":{"type":"constant","base":"10ms"})" +
         (budget.empty() ? "" : R"(,"budget":)" + budget) + R"(}}},
    "faults":[{"id":"half","type":"error","target":"api","probability":)" +
         fault_probability + "}]}";
}

double attempts_per_operation(const RunResult& r) { return metric(r, "attempts") / metric(r, "ops"); }

TEST(retry_budget_shapes, without_a_budget_retries_follow_the_failure_probability) {
  EXPECT_NEAR(attempts_per_operation(testing::run(failing_half(""))), 1.875, 0.02);
}

TEST(retry_budget_shapes, an_adaptive_bucket_keeps_retries_to_a_share_of_successes) {
  // Each success earns 0.2 tokens, each retry costs 1: retries settle at 0.2 x the successful attempts. With s
  // successes per operation and r retries: r = 0.2 s and s = 0.5 (1 + r), so r = 0.1 / 0.9 = 0.111.
  const RunResult r = testing::run(failing_half(
      R"({"type":"token_bucket","scope":"shared","max_tokens":50,"token_ratio":0.2,"failure_cost":0,"retry_cost":1,"threshold":0})"));
  EXPECT_NEAR(attempts_per_operation(r), 1.111, 0.02);
  EXPECT_GT(metric(r, "budget.denied"), 0);
}

TEST(retry_budget_shapes, a_retry_breaker_stops_retries_while_the_failure_rate_is_above_its_threshold) {
  // Half the attempts fail, over the 0.4 threshold: retries stop for good; first attempts all go.
  const RunResult stopped =
      testing::run(failing_half(R"({"type":"retry_breaker","scope":"shared","failure_rate":0.4})"));
  EXPECT_LT(attempts_per_operation(stopped), 1.01);
  EXPECT_NEAR(metric(stopped, "success_rate"), 0.5, 0.02);
  // At a 0.2 failure probability the rate stays under 0.4 (retries are attempts too): retries go on as usual.
  const RunResult going =
      testing::run(failing_half(R"({"type":"retry_breaker","scope":"shared","failure_rate":0.4})", "0.2"));
  EXPECT_NEAR(attempts_per_operation(going), 1 + 0.2 + 0.04 + 0.008, 0.02);
  EXPECT_EQ(metric(going, "budget.denied"), 0);
}

TEST(retry_budget_shapes, a_concurrency_budget_caps_retries_in_flight_and_its_counts_balance) {
  // Envoy's shape with no minimum and 5%: with about 2 attempts in flight on average, almost no retry finds room,
  // so attempts per operation fall well under the 1.875 of no budget; a run that ends with every attempt accounted
  // for (the budget asserts its counts never go below zero) is what the invariant build checks.
  const RunResult r =
      testing::run(failing_half(R"({"type":"concurrency","scope":"shared","percent":5,"min_retry_concurrency":0})"));
  EXPECT_LT(attempts_per_operation(r), 1.3);
  EXPECT_GT(metric(r, "budget.denied"), 0);
  const RunResult roomy = testing::run(
      failing_half(R"({"type":"concurrency","scope":"shared","percent":100,"min_retry_concurrency":1000})"));
  EXPECT_NEAR(attempts_per_operation(roomy), 1.875, 0.02);
  EXPECT_EQ(metric(roomy, "budget.denied"), 0);
}

}  // namespace
}  // namespace chaossim
