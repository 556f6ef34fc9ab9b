// Retries against closed forms: n attempts against an independent failure probability p give amplification
// (1 - p^n) / (1 - p) and success 1 - p^n; k attempts at each of d layers against a dead bottom make k^d calls.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

std::string flaky(double p, int attempts) {
  return R"({"schema_version":1,"name":"flaky","duration":"600s","bucket":"10s",
    "services":{"api":{"workers":64,"handler":[{"work":"5ms"}]}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":200}},
    "edges":{"clients->api":{"latency":"1ms","timeout":"1s",
      "retry":{"max_attempts":)" + std::to_string(attempts) + R"(,"backoff":{"type":"constant","base":"10ms"}}}},
    "faults":[{"id":"flaky","type":"error","target":"api","probability":)" + std::to_string(p) + R"(}]})";
}

// Each attempt fails independently with p, so per operation the attempts are a truncated geometric variable.
// About 120,000 operations: the standard error of the success rate is sqrt(s(1-s)/n) <= 0.0015 and that of the
// amplification below 0.003; tolerances are five of those.
TEST(retries, amplification_and_success_follow_the_truncated_geometric) {
  for (const auto& [p, n] : std::vector<std::pair<double, int>>{{0.3, 3}, {0.5, 4}, {0.1, 2}}) {
    const RunResult r = testing::run(flaky(p, n));
    const double success = 1 - std::pow(p, n);
    const double amplification = (1 - std::pow(p, n)) / (1 - p);
    const double ops = metric(r, "ops");
    EXPECT_NEAR(metric(r, "success_rate"), success, 5 * std::sqrt(success * (1 - success) / ops) + 1e-9)
        << "p=" << p << " n=" << n;
    EXPECT_NEAR(metric(r, "amplification"), amplification, 0.015) << "p=" << p << " n=" << n;
    EXPECT_EQ(metric(r, "retries"), metric(r, "attempts") - ops);
  }
}

// Three layers, each retrying 3 times, in front of a service that always fails: each client call becomes 3 calls
// to a, 9 to b and 27 to c. Deterministic: no randomness decides the count.
TEST(retries, retries_at_every_layer_multiply) {
  const std::string json = R"({"schema_version":1,"name":"layers","duration":"60s",
    "services":{
      "a":{"workers":1000,"handler":[{"call":"b"}]},
      "b":{"workers":1000,"handler":[{"call":"c"}]},
      "c":{"workers":1000,"handler":[{"work":"1ms"}]}},
    "clients":{"count":10,"target":"a","arrival":{"process":"constant","rate":10,"profile":[["0s",1],["50s",0]]}},
    "edges":{"default":{"latency":"1ms","timeout":"10s","retry":{"max_attempts":3,"backoff":{"type":"constant","base":"1ms"}}}},
    "faults":[{"id":"dead","type":"error","target":"c"}]})";
  const RunResult r = testing::run(json);
  const double ops = metric(r, "ops");
  ASSERT_GT(ops, 490);
  ASSERT_EQ(metric(r, "ops_unfinished"), 0);  // arrivals stop at 50s so every operation ends in the run
  EXPECT_EQ(metric(r, "success_rate"), 0);
  EXPECT_DOUBLE_EQ(metric(r, "edges.clients->a.attempts") / ops, 3);
  EXPECT_DOUBLE_EQ(metric(r, "edges.a->b.attempts") / ops, 9);
  EXPECT_DOUBLE_EQ(metric(r, "edges.b->c.attempts") / ops, 27);
  EXPECT_DOUBLE_EQ(metric(r, "services.c.requests") / ops, 27);
}

TEST(retries, only_the_listed_failure_classes_are_retried) {
  // 5xx is not in retry_on: one attempt per operation even though every attempt fails.
  const std::string json = R"({"schema_version":1,"name":"classes","duration":"60s",
    "services":{"api":{"workers":10}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":10}},
    "edges":{"clients->api":{"retry":{"max_attempts":5,"retry_on":["timeout"]}}},
    "faults":[{"id":"down","type":"error","target":"api"}]})";
  const RunResult r = testing::run(json);
  EXPECT_DOUBLE_EQ(metric(r, "amplification"), 1.0);
}

TEST(retries, retry_after_is_respected_before_retrying) {
  // The service says Retry-After: 2s and backoff is 10ms: the second attempt waits 2s, so latency >= 2s.
  const std::string json = R"({"schema_version":1,"name":"retry-after","duration":"60s",
    "services":{"api":{"workers":10}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":5}},
    "edges":{"clients->api":{"latency":"0s","retry":{"max_attempts":2,"backoff":{"type":"constant","base":"10ms"}}}},
    "faults":[{"id":"busy","type":"error","target":"api","status":503,"retry_after":"2s","probability":1,"duration":"30s"}]})";
  const RunResult r = testing::run(json);
  EXPECT_EQ(metric(r, "ops_succeeded"), metric(r, "ops") - metric(r, "ops_failed"));
  EXPECT_GT(metric(r, "ops_failed"), 0);  // both attempts inside the 30s outage
  // Operations that started in the last 2s of the outage succeed on their delayed retry: latency about 2s.
  EXPECT_GE(metric(r, "latency.max"), 2.0);
}

}  // namespace
}  // namespace chaossim
