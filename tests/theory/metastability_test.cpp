// Metastable failure: at high utilisation a short slowdown makes requests time out, their retries add load, the
// queue grows, more requests time out... and the system stays down after the trigger is gone. Retry budgets, or
// LIFO with dropping expired work, break the loop.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

const std::string kStorm = R"({"schema_version":1,"name":"storm","duration":"300s","warmup":"20s","bucket":"1s",
  "services":{"api":{"workers":10,"handler":[{"work":{"dist":"exponential","mean":"10ms"}}]}},
  "clients":{"count":10000,"target":"api","arrival":{"process":"poisson","rate":850}},
  "edges":{"clients->api":{"latency":"1ms","timeout":"300ms",
    "retry":{"max_attempts":4,"backoff":{"type":"exponential","base":"10ms","jitter":"full"}}}},
  "faults":[{"id":"slow","type":"slowdown","target":"api","factor":3,"start":"60s","duration":"10s"}]})";

TEST(metastability, naive_retries_never_recover_from_a_short_slowdown) {
  const RunResult r = testing::run(kStorm);
  EXPECT_GT(metric(r, "success_rate", kBefore), 0.99);
  EXPECT_EQ(metric(r, "recovered"), 0);
  EXPECT_LT(metric(r, "success_rate", kAfter), 0.5);
  EXPECT_GT(metric(r, "services.api.utilization", kAfter), 0.99);
}

TEST(metastability, a_retry_budget_lets_the_system_recover) {
  const RunResult r = testing::run(kStorm, 1, {{"edges.clients->api.retry.budget",
                                                 {{"type", "ratio"}, {"percent", 10}, {"min_per_second", 1}, {"scope", "shared"}}}});
  // Retries are capped at 10%, so load stays below capacity and the backlog built during the slowdown drains:
  // about 6,000 requests at 1000 - 935 = 65/s, a minute and a half.
  EXPECT_EQ(metric(r, "recovered"), 1);
  EXPECT_LT(metric(r, "recovery_seconds"), 200);
  EXPECT_LT(metric(r, "amplification", kAfter), 1.15);
}

TEST(metastability, lifo_with_drop_expired_lets_the_system_recover) {
  const RunResult r = testing::run(kStorm, 1, {{"services.api.queue.discipline", "lifo"}, {"services.api.drop_expired", true}});
  EXPECT_EQ(metric(r, "recovered"), 1);
  EXPECT_GT(metric(r, "success_rate", kAfter), 0.95);
}

}  // namespace
}  // namespace chaossim
