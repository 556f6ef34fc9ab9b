// Restarts and rolling deploys: a hard kill loses what is in flight (Little's law says how much: rate x the time a
// request spends between its effect and its reply), a graceful stop loses nothing, a drain that runs out kills
// what is left, a draining instance exits as soon as it is empty, a rolling deploy takes its batches in turn, and a
// fresh process runs cold, easing to full speed over its warm-up.
#include <cmath>
#include <string>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// 10 instances of 50 workers; a charge after 50 ms of work, the reply after 100 ms more. 1,000 payments a second,
// 100 per instance. Clients wait 1 s and retry timeouts, errors and refused connections; no idempotency.
std::string payments(const std::string& fault) {
  return R"({"schema_version":1,"name":"deploy","duration":"120s","warmup":"5s",
    "services":{"pay":{"instances":10,"workers":50,
                       "handler":[{"work":"50ms"},{"effect":"charge"},{"work":"100ms"}]}},
    "clients":{"count":1000,"target":"pay","arrival":{"process":"poisson","rate":1000}},
    "edges":{"clients->pay":{"latency":"1ms","timeout":"1s",
             "retry":{"max_attempts":3,"backoff":{"type":"constant","base":"50ms"}}}},
    "faults":[)" + fault + R"(]})";
}

TEST(lifecycle, a_hard_kill_loses_the_requests_between_their_effect_and_their_reply) {
  // A rolling deploy of the 10 instances, hard. Each kill finds lambda x w = 100/s x 0.1 s = 10 requests charged
  // and not yet answered (Little's law); each is retried and charged again elsewhere: 100 duplicates in all.
  const std::string deploy =
      R"({"id":"release","type":"deploy","target":"pay","mode":"hard","start":"20s","startup_time":"5s"})";
  const auto duplicates = testing::replicate(6, [&](std::uint64_t seed) {
    return metric(testing::run(payments(deploy), seed), "duplicates");
  });
  EXPECT_NEAR(duplicates.mean, 100, std::max(12.0, 3 * duplicates.se));
}

TEST(lifecycle, a_graceful_deploy_loses_nothing_in_flight) {
  const RunResult r = testing::run(payments(
      R"({"id":"release","type":"deploy","target":"pay","mode":"graceful","drain_timeout":"30s","start":"20s",
          "startup_time":"5s"})"));
  EXPECT_EQ(metric(r, "duplicates"), 0);
  EXPECT_EQ(metric(r, "timeouts"), 0) << "every request it accepted was answered";
  EXPECT_GT(metric(r, "retries", kDuring), 0) << "refused connections at the stopped instance, retried elsewhere";
  // A call fails only when all three of its attempts draw the one refusing instance of ten: 1 in 1,000.
  EXPECT_LT(metric(r, "ops_failed"), 0.002 * metric(r, "ops", kDuring));
}

TEST(lifecycle, a_drain_that_runs_out_kills_what_is_left) {
  // 20 ms of drain for requests that take 150 ms: most of what each instance holds is still there when it runs out.
  const RunResult r = testing::run(payments(
      R"({"id":"release","type":"deploy","target":"pay","mode":"graceful","drain_timeout":"20ms","start":"20s",
          "startup_time":"5s"})"));
  EXPECT_GT(metric(r, "duplicates"), 30);
}

// One instance of the ten restarts at 20 s; the `up` column of instance #1, bucket by bucket.
std::vector<double> up_column(const std::string& fault) {
  const Scenario s = testing::load(payments(fault));
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  std::vector<double> up;
  for (std::size_t b = 0; b < rec.buckets(); ++b) up.push_back(rec.cell(b, rec.layout().instance(0, 0, series::kInstanceUp)));
  return up;
}

TEST(lifecycle, a_draining_instance_exits_as_soon_as_it_is_empty) {
  // It holds at most 150 ms of work: it exits then, not after its 30 s drain_timeout, and is back 5 s later.
  const std::vector<double> up = up_column(
      R"({"id":"r","type":"restart","target":"pay#1","drain_timeout":"30s","startup_time":"5s","start":"20s"})");
  EXPECT_EQ(up[19], 1);  // the bucket [19 s, 20 s), sampled at its end
  EXPECT_EQ(up[20], 0);
  EXPECT_EQ(up[23], 0);
  EXPECT_EQ(up[25], 1);
}

TEST(lifecycle, a_rolling_deploy_takes_its_batches_in_turn) {
  // Batches of two, hard, 10 s to start and 5 s of pause: #1 and #2 down over [20 s, 30 s), #3 and #4 over
  // [35 s, 45 s), ... The fault's window is the five steps: [20 s, 95 s).
  const std::string deploy = R"({"id":"release","type":"deploy","target":"pay","mode":"hard","max_unavailable":2,
      "start":"20s","startup_time":"10s","pause":"5s"})";
  const Scenario s = testing::load(payments(deploy));
  EXPECT_EQ(s.faults[0].end, Duration::seconds(95));
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  auto up = [&](std::uint32_t instance, std::size_t second) {
    return rec.cell(second, rec.layout().instance(0, instance, series::kInstanceUp));
  };
  for (std::uint32_t k = 0; k < 10; ++k) {
    const std::size_t down_from = 20 + 15 * (k / 2);
    EXPECT_EQ(up(k, down_from - 1), 1) << "instance " << k + 1;
    EXPECT_EQ(up(k, down_from), 0) << "instance " << k + 1;
    EXPECT_EQ(up(k, down_from + 8), 0) << "instance " << k + 1;
    EXPECT_EQ(up(k, down_from + 10), 1) << "instance " << k + 1;
  }
}

TEST(lifecycle, a_fresh_process_runs_cold_and_eases_to_full_speed) {
  // One instance, 10 ms of work; restarted at 10 s (hard, no startup time) with cold_factor 5 over 40 s. Work
  // starting at 10 + x s takes 10 ms x (1 + 4 (1 - x / 40)): 50 ms at first, 30 ms at x = 20 s, 10 ms from 50 s.
  const std::string s = R"({"schema_version":1,"name":"cold","duration":"60s","bucket":"1s",
    "services":{"api":{"workers":100,"handler":[{"work":"10ms"}]}},
    "clients":{"count":100,"target":"api","arrival":{"process":"poisson","rate":100}},
    "edges":{"clients->api":{"latency":"0s"}},
    "faults":[{"id":"r","type":"restart","target":"api","mode":"hard","start":"10s","startup_time":"0s",
               "warmup":"40s","cold_factor":5}]})";
  const Scenario scenario = testing::load(s);
  Engine engine(scenario, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  auto p50 = [&](std::size_t second) { return rec.cell(second, series::kLatencyP50); };
  EXPECT_NEAR(p50(5), 0.010, 0.0005);
  EXPECT_NEAR(p50(10), 0.010 * (1 + 4 * (1 - 0.5 / 40)), 0.002);
  EXPECT_NEAR(p50(30), 0.010 * (1 + 4 * (1 - 20.5 / 40)), 0.002);
  EXPECT_NEAR(p50(55), 0.010, 0.0005);
}

}  // namespace
}  // namespace chaossim
