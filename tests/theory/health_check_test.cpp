// Health checks, outlier ejection and slow start against their closed forms. An active check probing every
// interval I on a uniform phase, taking an instance out after `threshold` failed probes in a row, sees a crash
// (threshold - 1) x I + U(0, I) after it happens, and a hang or a pause `timeout` later; meanwhile a round robin
// over N instances sends the dead one 1/N of the traffic. Envoy's consecutive_5xx ejects an instance for base x
// the times it has been ejected, so over a run of T seconds a dead instance is ejected the largest k times with
// base x k(k - 1) / 2 < T, and each ejection costs exactly consecutive_5xx failures.
#include <algorithm>
#include <cmath>
#include <string>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// `instances` instances of api, one worker each, probed every 2 s; the first `hit` of them suffer `fault` from
// 20 s to 50 s. Little traffic: the checker is what is measured.
std::string checked(const std::string& check, const std::string& fault, int instances = 200, int hit = 100) {
  return R"({"schema_version":1,"name":"checked","duration":"60s","bucket":"1s",
    "services":{"api":{"instances":)" +
         std::to_string(instances) + R"(,"workers":4,
      "idempotency":{"store":"memory"},"handler":[{"work":"5ms"}],
      "health_check":{"interval":"2s","timeout":"500ms","unhealthy_threshold":3,"healthy_threshold":2,
                      "check":")" +
         check + R"("}}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":20}},
    "edges":{"clients->api":{"timeout":"1s"}},
    "faults":[{"id":"f",)" +
         fault + R"(,"target":"api","instances":)" + std::to_string(hit) + R"(,
               "start":"20s","duration":"30s"}]})";
}

// The mean of (threshold - 1) x I + U(0, I) + extra over `n` instances: the value and four standard errors.
struct Prediction {
  double mean, tolerance;
};
Prediction detection(double extra, int n) {
  const double interval = 2.0, threshold = 3;
  return {(threshold - 1) * interval + interval / 2 + extra, 4 * interval / std::sqrt(12.0 * n)};
}

TEST(health_check, a_crash_is_seen_threshold_minus_one_intervals_and_a_uniform_phase_later) {
  const RunResult r = testing::run(checked("liveness", R"("type":"crash")"));
  EXPECT_EQ(metric(r, "health.detections"), 100) << "every crashed instance, once";
  const Prediction p = detection(0.0, 100);
  EXPECT_NEAR(metric(r, "health.detection_seconds"), p.mean, p.tolerance) << "5 s: 2 x 2 s + U(0, 2 s)";
}

TEST(health_check, a_hang_is_seen_one_probe_timeout_later_than_a_crash) {
  const RunResult r = testing::run(checked("liveness", R"("type":"hang")"));
  EXPECT_EQ(metric(r, "health.detections"), 100);
  const Prediction p = detection(0.5, 100);
  EXPECT_NEAR(metric(r, "health.detection_seconds"), p.mean, p.tolerance) << "5.5 s";
}

TEST(health_check, a_paused_process_fails_its_probes_by_timeout_too) {
  const RunResult r = testing::run(checked("liveness", R"("type":"pause")"));
  const Prediction p = detection(0.5, 100);
  EXPECT_NEAR(metric(r, "health.detection_seconds"), p.mean, p.tolerance);
}

TEST(health_check, only_readiness_sees_an_unreachable_store) {
  const std::string outage = R"("type":"store_outage","mode":"fail_closed")";
  EXPECT_EQ(metric(testing::run(checked("liveness", outage)), "health.detections"), 0) << "the process answers";
  const RunResult ready = testing::run(checked("readiness", outage));
  EXPECT_EQ(metric(ready, "health.detections"), 100);
  const Prediction p = detection(0.0, 100);
  EXPECT_NEAR(metric(ready, "health.detection_seconds"), p.mean, p.tolerance) << "answered 503 at once";
}

TEST(health_check, a_partial_hang_fails_probes_with_its_probability) {
  // At probability 0.5 three failed probes in a row take 14 probes on average (the mean wait for a run of 3 with
  // p = 1/2 is 1/p + 1/p^2 + 1/p^3): far longer than a full hang's 3, and every instance is still caught within
  // the 30 s (15 probes) with probability about 1 - 0.5^(15 / 3 x ...) -- here it suffices that most are.
  const RunResult r = testing::run(checked("liveness", R"("type":"hang","probability":0.5)"));
  EXPECT_GT(metric(r, "health.detections"), 50);
  EXPECT_GT(metric(r, "health.detection_seconds"), detection(0.5, 100).mean + 5);
}

// Four instances behind a round robin without retries; api#2 crashes at 30 s for the rest of the run. Until the
// checker takes it out, a quarter of the operations are refused; after, none.
std::string one_crash(const std::string& health) {
  return R"({"schema_version":1,"name":"one-crash","duration":"120s","bucket":"1s",
    "services":{"api":{"instances":4,"workers":20,"handler":[{"work":"5ms"}])" +
         health + R"(}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":400}},
    "edges":{"clients->api":{"timeout":"1s","balancer":{"policy":"round_robin"}}},
    "faults":[{"id":"down","type":"crash","target":"api#2","start":"30s"}]})";
}

TEST(health_check, the_balancer_stops_sending_once_the_checker_sees_the_crash) {
  const RunResult without = testing::run(one_crash(""));
  EXPECT_NEAR(metric(without, "success_rate", kDuring), 0.75, 0.01) << "round robin keeps its quarter on #2";
  const RunResult with =
      testing::run(one_crash(R"(,"health_check":{"interval":"2s","timeout":"500ms","unhealthy_threshold":3})"));
  const double lag = metric(with, "health.detection_seconds");
  EXPECT_GE(lag, 4.0);
  EXPECT_LE(lag, 6.0) << "one instance: within (3 - 1) x 2 s + [0, 2 s]";
  // Failures: a quarter of the 400 a second for `lag` seconds, Poisson.
  const double expected = 400.0 / 4 * lag;
  EXPECT_NEAR(metric(with, "ops_failed"), expected, 4 * std::sqrt(expected));
}

TEST(health_check, with_every_instance_unready_the_balancer_panics_and_sends_to_all) {
  // A readiness check fails everywhere (the store is down, but the service fails open): Envoy's panic routing
  // sends to every instance rather than to none, and the service keeps serving.
  std::string s =
      one_crash(R"(,"idempotency":{},"health_check":{"interval":"1s","timeout":"100ms","check":"readiness"})");
  s.replace(s.find(R"({"id":"down","type":"crash","target":"api#2","start":"30s"})"),
            std::string(R"({"id":"down","type":"crash","target":"api#2","start":"30s"})").size(),
            R"({"id":"down","type":"store_outage","mode":"fail_open","target":"api","start":"30s"})");
  const RunResult r = testing::run(s);
  EXPECT_EQ(metric(r, "health.detections"), 4);
  EXPECT_GE(metric(r, "success_rate", kDuring), 0.999);
  // While the last instances are being found out the first ones get none, and then all four share again.
  const double all = metric(r, "services.api.requests");
  for (const char* i :
       {"instances.api#1.requests", "instances.api#2.requests", "instances.api#3.requests", "instances.api#4.requests"})
    EXPECT_NEAR(metric(r, i) / all, 0.25, 0.01) << i;
}

// N instances, the first `dead` of them crashed for the whole run, a round robin without retries, Envoy's outlier
// detection with 5 consecutive failures and a base ejection of 10 s.
std::string ejecting(int n, int dead, double max_percent, const std::string& duration = "300s") {
  return R"({"schema_version":1,"name":"ejecting","duration":")" + duration + R"(","bucket":"1s",
    "services":{"api":{"instances":)" +
         std::to_string(n) + R"(,"workers":20,"handler":[{"work":"5ms"}]}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":100}},
    "edges":{"clients->api":{"timeout":"1s","balancer":{"policy":"round_robin"},
      "outlier_detection":{"consecutive_5xx":5,"base_ejection_time":"10s","max_ejection_percent":)" +
         std::to_string(max_percent) + R"(}}},
    "faults":[{"id":"down","type":"crash","target":"api","instances":)" +
         std::to_string(dead) + R"(}]})";
}

// Ejections of a dead instance in T seconds: the k-th lasts 10 k s and the next follows within a few attempts, so
// the k-th begins at about 10 x k(k - 1) / 2 s.
int ejections_within(double seconds) {
  int k = 0;
  while (10.0 * (k + 1) * k / 2 < seconds) ++k;
  return k;
}

TEST(outlier_detection, a_dead_instance_is_ejected_for_base_times_the_ejections_so_far) {
  const RunResult r = testing::run(ejecting(4, 1, 10));
  EXPECT_EQ(ejections_within(300), 8) << "begins at 0, 10, 30, 60, 100, 150, 210, 280 s";
  EXPECT_EQ(metric(r, "outlier.ejections"), 8);
  EXPECT_EQ(metric(r, "instances.api#1.ejections"), 8);
  EXPECT_EQ(metric(r, "instances.api#2.ejections"), 0);
  // Each ejection costs the 5 failures that caused it (and, rarely, one more already on its way).
  EXPECT_GE(metric(r, "ops_failed"), 5 * 8);
  EXPECT_LE(metric(r, "ops_failed"), 5 * 8 + 2);
}

// The most instances ejected at once, read from the `ejected` columns at the end of each bucket.
double most_ejected_at_once(const std::string& json) {
  const Scenario s = testing::load(json);
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  double most = 0;
  for (std::size_t b = 0; b < rec.buckets(); ++b) {
    double now = 0;
    for (std::uint32_t k = 0; k < s.services[0].instances; ++k)
      now += rec.cell(b, rec.layout().instance(0, k, series::kInstanceEjected));
    most = std::max(most, now);
  }
  return most;
}

TEST(outlier_detection, at_most_max_ejection_percent_are_out_at_once_but_always_one_may_be) {
  // Three of ten dead. 20% of 10: two at once. 0%: still one, whatever the percentage.
  EXPECT_EQ(most_ejected_at_once(ejecting(10, 3, 20, "60s")), 2);
  EXPECT_EQ(most_ejected_at_once(ejecting(10, 3, 0, "60s")), 1);
  EXPECT_EQ(most_ejected_at_once(ejecting(10, 3, 100, "60s")), 3);
}

// Two instances behind a round robin with a slow start of 20 s; api#2 is down for the first 10 s and then
// starts afresh. Between 10 s and 30 s its weight is w(t) = max(0.1, (t - 10) / 20) against api#1's 1, so it gets
// w / (1 + w) of the traffic.
TEST(slow_start, a_restarted_instance_gets_its_weight_share_of_the_traffic) {
  const std::string json = R"({"schema_version":1,"name":"slow-start","duration":"40s","bucket":"1s",
    "services":{"api":{"instances":2,"workers":20,"handler":[{"work":"5ms"}]}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":500}},
    "edges":{"clients->api":{"timeout":"1s","balancer":{"policy":"round_robin","slow_start":{"window":"20s"}}}},
    "faults":[{"id":"down","type":"crash","target":"api#2","start":"0s","restart_after":"10s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  double second = 0, all = 0, predicted_share = 0;
  for (std::size_t b = 10; b < 30; ++b) {
    second += rec.cell(b, rec.layout().instance(0, 1, series::kInstanceRequests));
    all += rec.cell(b, rec.layout().instance(0, 0, series::kInstanceRequests)) +
           rec.cell(b, rec.layout().instance(0, 1, series::kInstanceRequests));
    // The mean of w / (1 + w) over the bucket, by the midpoint rule on 100 points.
    for (int j = 0; j < 100; ++j) {
      const double w = std::max(0.1, (static_cast<double>(b) - 10 + (j + 0.5) / 100) / 20);
      predicted_share += w / (1 + w) / 100;
    }
  }
  predicted_share /= 20;
  EXPECT_NEAR(predicted_share, 0.30, 0.02) << "from a tenth of api#1's share to an equal one";
  EXPECT_NEAR(second / all, predicted_share, 0.01);
  // Afterwards, an even split again.
  const double late_second = rec.cell(35, rec.layout().instance(0, 1, series::kInstanceRequests));
  const double late_first = rec.cell(35, rec.layout().instance(0, 0, series::kInstanceRequests));
  EXPECT_NEAR(late_second, late_first, 1);
}

}  // namespace
}  // namespace chaossim
