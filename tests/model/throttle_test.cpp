// Client-side adaptive throttling in whole runs: an overloaded backend sees about K times what it accepts,
// whatever the load offered, and a healthy one sees every request.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// A backend of capacity C = 10 workers / 100 ms = 100 requests per second, with a short queue so it stays busy
// and answers 503 to the excess at once. The window is scaled down to 20 s so the run settles quickly; metrics
// start after a warmup of three windows.
std::string backend(double rate, const std::string& throttle) {
  return R"({"schema_version":1,"name":"throttle","duration":"200s","warmup":"60s",
    "services":{"api":{"workers":10,"queue":{"capacity":20},"handler":[{"work":"100ms"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":)" +
         std::to_string(rate) + R"(}},
    "edges":{"clients->api":{"latency":"1ms","timeout":"5s")" +
         throttle + "}}}";
}

constexpr double kMeasured = 140;  // seconds after warmup

TEST(throttle, an_overloaded_backend_sees_about_k_times_its_capacity) {
  // Offered 10 x capacity. Without throttling the backend sees all 1,000/s; with it, K x the 100/s it accepts.
  const RunResult plain = testing::run(backend(1000, ""));
  EXPECT_NEAR(metric(plain, "services.api.requests") / kMeasured, 1000, 15);
  for (const auto& [k, scope] : {std::pair{2.0, "shared"}, std::pair{2.0, "per_client"}, std::pair{1.5, "shared"}}) {
    const RunResult r = testing::run(
        backend(1000, R"(,"throttle":{"k":)" + std::to_string(k) + R"(,"window":"20s","scope":")" + scope + R"("})"));
    const double accepted = metric(r, "ops_succeeded") / kMeasured;
    const double seen = metric(r, "services.api.requests") / kMeasured;
    EXPECT_NEAR(accepted, 100, 2) << k << " " << scope;
    EXPECT_NEAR(seen, k * accepted, 0.03 * k * accepted) << k << " " << scope;
  }
}

TEST(throttle, a_healthy_backend_sees_every_request) {
  // Offered half its capacity: every request is accepted, so requests - K x accepts stays negative and nothing
  // is rejected after the first replies are in (a request sent before any reply came back counts as not yet
  // accepted, so the very first moments may reject a few).
  const RunResult plain = testing::run(backend(50, ""));
  const RunResult throttled = testing::run(backend(50, R"(,"throttle":{"window":"20s"})"));
  EXPECT_EQ(metric(throttled, "services.api.requests"), metric(plain, "services.api.requests"));
  EXPECT_EQ(metric(throttled, "success_rate"), 1);
  EXPECT_EQ(metric(throttled, "latency.mean"), metric(plain, "latency.mean"));
}

TEST(throttle, a_retry_that_is_throttled_ends_the_call) {
  // Every attempt fails: the throttle soon rejects most attempts locally, retries included, so the backend sees
  // far fewer than the 3 attempts per operation that retries alone would send.
  const std::string json = R"({"schema_version":1,"name":"dead","duration":"100s","warmup":"40s",
    "services":{"api":{"workers":10}},
    "clients":{"count":1,"target":"api","arrival":{"process":"constant","rate":100}},
    "edges":{"clients->api":{"retry":{"max_attempts":3,"backoff":{"type":"constant","base":"10ms"}},
                             "throttle":{"window":"20s"}}},
    "faults":[{"id":"down","type":"error","target":"api"}]})";
  const RunResult r = testing::run(json);
  EXPECT_EQ(metric(r, "success_rate"), 0);
  // With nothing accepted, a request passes with probability 1 / (requests + 1): a handful per window.
  EXPECT_LT(metric(r, "services.api.requests"), 0.01 * metric(r, "ops"));
}

TEST(throttle, a_throttled_call_gets_the_fallback_only_when_fallback_on_lists_throttled) {
  // A backend that is down: the few attempts the throttle lets through fail (exhausted), the rest are throttled.
  // Each fallback trigger turns exactly its own kind of failure into a degraded success, and the fallback changes
  // nothing the throttle sees.
  auto dead = [](const std::string& on) {
    return testing::run(R"({"schema_version":1,"name":"dead","duration":"60s","warmup":"20s",
      "services":{"api":{"workers":10}},
      "clients":{"count":1,"target":"api","arrival":{"process":"constant","rate":100}},
      "edges":{"clients->api":{"throttle":{"window":"10s"},"fallback":{"on":[)" +
                        on + R"(]}}},
      "faults":[{"id":"down","type":"error","target":"api"}]})");
  };
  const RunResult exhausted = dead(R"("exhausted")"), throttled = dead(R"("throttled")");
  const RunResult both = dead(R"("exhausted","throttled")");
  const double ops = metric(exhausted, "ops"), rejected = metric(exhausted, "throttle.rejections");
  ASSERT_GT(rejected, 0.9 * ops);
  ASSERT_LT(rejected, ops);
  for (const RunResult* r : {&throttled, &both}) {
    EXPECT_EQ(metric(*r, "ops"), ops);
    EXPECT_EQ(metric(*r, "throttle.rejections"), rejected);
  }
  EXPECT_EQ(metric(exhausted, "ops_degraded"), ops - rejected);
  EXPECT_EQ(metric(exhausted, "ops_failed"), rejected);
  EXPECT_EQ(metric(throttled, "ops_degraded"), rejected);
  EXPECT_EQ(metric(throttled, "ops_failed"), ops - rejected);
  EXPECT_EQ(metric(both, "ops_degraded"), ops);
  EXPECT_EQ(metric(both, "success_rate"), 0);  // a degraded answer is not a success
}

TEST(throttle, a_throttled_half_open_trial_gives_its_slot_back_to_the_breaker) {
  // The breaker lets one trial through when half-open; if the throttle then rejects it, no result ever comes back.
  // Without the slot given back the breaker would wait for that trial for ever and reject every call after the
  // backend healed.
  const std::string json = R"({"schema_version":1,"name":"trial","duration":"60s",
    "services":{"api":{"workers":10}},
    "clients":{"count":1,"target":"api","arrival":{"process":"constant","rate":50}},
    "edges":{"clients->api":{"circuit_breaker":{"type":"consecutive","failures":3,"open_for":"1s","half_open_calls":1},
                             "throttle":{"window":"2s"}}},
    "faults":[{"id":"down","type":"error","target":"api","duration":"20s"}]})";
  EXPECT_GT(metric(testing::run(json), "success_rate", kAfter), 0.95);
}

}  // namespace
}  // namespace chaossim
