// Breakers, budgets, bulkheads and fallbacks in whole runs, against what they promise.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

const std::string kRetry = R"("retry":{"max_attempts":3,"backoff":{"type":"constant","base":"50ms"}})";

std::string dead_dependency(const std::string& edge_extra, const std::string& retry = kRetry) {
  return R"({"schema_version":1,"name":"dead","duration":"300s","bucket":"5s",
    "services":{"api":{"workers":200,"handler":[{"work":"2ms"},{"call":"bank"}]},
                "bank":{"workers":50,"handler":[{"work":"10ms"}]}},
    "clients":{"count":500,"target":"api","arrival":{"process":"poisson","rate":100}},
    "edges":{"clients->api":{"timeout":"5s"},
             "api->bank":{"timeout":"1s",)" + retry + edge_extra + R"(}},
    "faults":[{"id":"bank-down","type":"error","target":"bank","start":"60s","duration":"180s"}]})";
}

TEST(resilience, a_breaker_in_front_of_a_dead_dependency_cuts_the_calls_into_it) {
  const RunResult naive = testing::run(dead_dependency(""));
  const RunResult breaker = testing::run(dead_dependency(
      R"(,"circuit_breaker":{"scope":"shared","window":{"type":"count","size":20},"min_calls":10,"failure_rate":0.5,
         "open_for":"10s","half_open_calls":2})"));
  const double naive_calls = metric(naive, "services.bank.requests", kDuring);
  const double breaker_calls = metric(breaker, "services.bank.requests", kDuring);
  // Naive: every one of ~18,000 operations in the outage tries the bank 3 times. With the breaker: a handful of
  // probes every 10 s.
  EXPECT_GT(naive_calls, 50000);
  EXPECT_LT(breaker_calls, naive_calls / 100);
  EXPECT_GT(metric(breaker, "breaker.rejections"), 10000);
  EXPECT_GT(metric(breaker, "breaker.open_seconds"), 150);
  // Once the bank is back the breaker closes and operations succeed again.
  EXPECT_GT(metric(breaker, "success_rate", kAfter), 0.99);
  EXPECT_GT(metric(breaker, "success_rate", kBefore), 0.99);
}

TEST(resilience, a_retry_budget_caps_retries_during_a_full_outage) {
  const RunResult naive = testing::run(dead_dependency(""));
  const RunResult budget = testing::run(dead_dependency(
      "", R"("retry":{"max_attempts":3,"backoff":{"type":"constant","base":"50ms"},
             "budget":{"type":"ratio","percent":20,"min_per_second":1,"scope":"shared"}})"));
  EXPECT_NEAR(metric(naive, "edges.api->bank.amplification", kDuring), 3.0, 0.01);
  // At most 20% of first attempts plus one per second: amplification <= 1.2 + a sliver.
  EXPECT_LE(metric(budget, "edges.api->bank.amplification", kDuring), 1.22);
  EXPECT_GT(metric(budget, "budget.denied", kDuring), 10000);
}

TEST(resilience, a_token_bucket_budget_stops_retrying_once_half_empty) {
  const RunResult budget = testing::run(dead_dependency(
      "", R"("retry":{"max_attempts":3,"backoff":{"type":"constant","base":"50ms"},
             "budget":{"type":"token_bucket","max_tokens":10,"token_ratio":0.1,"scope":"shared"}})"));
  // Every attempt fails: after about 5 failures no retry is ever allowed again until successes refill it.
  EXPECT_LT(metric(budget, "edges.api->bank.amplification", kDuring), 1.01);
}

TEST(resilience, a_fallback_answers_degraded_instead_of_failing) {
  const RunResult fb = testing::run(dead_dependency(R"(,"fallback":{"on":["exhausted","breaker_open"]})"));
  // The api answers from its fallback; the client sees a degraded success (203), never a failure.
  EXPECT_EQ(metric(fb, "ops_failed"), 0);
  EXPECT_GT(metric(fb, "ops_degraded", kDuring), 10000);
  EXPECT_EQ(metric(fb, "ops_degraded", kBefore), 0);
}

TEST(resilience, a_bulkhead_rejects_calls_beyond_its_limit_at_once) {
  // The bank is slow (500ms) and api's callers may have at most 5 calls in flight to it: the rest are rejected
  // immediately rather than tying up api's workers.
  const std::string json = R"({"schema_version":1,"name":"bulkhead","duration":"120s",
    "services":{"api":{"workers":100,"handler":[{"call":"bank"}]},
                "bank":{"workers":100,"handler":[{"work":"500ms"}]}},
    "clients":{"count":100,"target":"api","arrival":{"process":"constant","rate":50}},
    "edges":{"api->bank":{"bulkhead":{"max_concurrent":5}}}})";
  const RunResult r = testing::run(json);
  // Little's law: at most 5 in flight for 0.5 s each gives at most 10 calls/s through; the rest fail fast.
  EXPECT_LE(metric(r, "services.bank.requests") / 120.0, 10.5);
  EXPECT_NEAR(metric(r, "success_rate"), 10.0 / 50.0, 0.02);
}

}  // namespace
}  // namespace chaossim
