// Processor sharing alone (model/processor_sharing.h), then whole runs against the M/G/1-PS closed form: the mean
// time in the system is S / (1 - rho) whatever the distribution of the work (its insensitivity), which no FIFO
// server shares (M/D/1 waits half as long as M/M/1).
#include "model/processor_sharing.h"

#include <vector>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

Instant at_ms(std::int64_t ms) { return Instant{} + Duration::milliseconds(ms); }

std::vector<std::uint64_t> done_at(ProcessorSharing& ps, Instant now) {
  std::vector<std::uint64_t> out;
  ps.take_done(now, out);
  return out;
}

TEST(processor_sharing, steps_within_the_processors_run_at_full_speed) {
  ProcessorSharing ps(2);
  ps.add(at_ms(0), Duration::milliseconds(10), 1);
  ps.add(at_ms(0), Duration::milliseconds(30), 2);
  EXPECT_EQ(ps.next_done(), at_ms(10));
  EXPECT_EQ(done_at(ps, at_ms(10)), std::vector<std::uint64_t>{1});
  EXPECT_EQ(ps.next_done(), at_ms(30));
}

TEST(processor_sharing, two_steps_on_one_processor_each_run_at_half_speed) {
  ProcessorSharing ps(1);
  ps.add(at_ms(0), Duration::milliseconds(10), 1);
  ps.add(at_ms(0), Duration::milliseconds(10), 2);
  EXPECT_EQ(ps.next_done(), at_ms(20));
  EXPECT_TRUE(done_at(ps, at_ms(19)).empty());
  EXPECT_EQ(done_at(ps, at_ms(20)), (std::vector<std::uint64_t>{1, 2}));  // ties in order of joining
  EXPECT_EQ(ps.next_done(), std::nullopt);
}

TEST(processor_sharing, a_step_that_joins_later_slows_the_one_in_progress_from_then_on) {
  ProcessorSharing ps(1);
  ps.add(at_ms(0), Duration::milliseconds(10), 1);  // alone for 4 ms: 6 ms left
  ps.add(at_ms(4), Duration::milliseconds(3), 2);   // both at half speed: 2 finishes 6 ms later
  EXPECT_EQ(ps.next_done(), at_ms(10));
  EXPECT_EQ(done_at(ps, at_ms(10)), std::vector<std::uint64_t>{2});
  EXPECT_EQ(ps.next_done(), at_ms(13));  // 1 had 3 ms left, alone again
}

TEST(processor_sharing, take_all_returns_the_work_each_step_has_left) {
  ProcessorSharing ps(1);
  ps.add(at_ms(0), Duration::milliseconds(10), 1);
  ps.add(at_ms(0), Duration::milliseconds(20), 2);
  std::vector<std::pair<std::uint64_t, Duration>> left;
  ps.take_all(at_ms(8), left);  // 4 ms each so far
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0], std::make_pair(std::uint64_t{1}, Duration::milliseconds(6)));
  EXPECT_EQ(left[1], std::make_pair(std::uint64_t{2}, Duration::milliseconds(16)));
  EXPECT_EQ(ps.running(), 0u);
}

// One service of one processor shared by every request (there are enough workers that none waits for one),
// Poisson arrivals, no network delay: latency is the time in the system.
std::string ps_server(double rate, const std::string& work, const std::string& sharing = R"(,"processors":1)") {
  return R"({"schema_version":1,"name":"ps","duration":"300s","warmup":"10s",
    "services":{"cpu":{"workers":100000,"handler":[{"work":)" +
         work + "}]" + sharing + R"(}},
    "clients":{"count":1,"target":"cpu","arrival":{"process":"poisson","rate":)" +
         std::to_string(rate) + R"(}},
    "edges":{"clients->cpu":{"latency":"0ms","timeout":"1h"}}})";
}

// Mean latency over replications, and its standard error.
testing::Estimate mean_latency(const std::string& json) {
  const Scenario s = testing::load(json);
  return testing::replicate(6, [&](std::uint64_t seed) { return metric(testing::run(s, seed), "latency.mean"); });
}

// S = 2 ms of work; rate 250/s is rho = 0.5, 400/s is rho = 0.8: S / (1 - rho) = 4 ms and 10 ms.
TEST(processor_sharing, mean_time_in_an_m_m_1_ps_server_is_s_over_one_minus_rho) {
  for (const auto& [rate, expected] : {std::pair{250.0, 0.004}, std::pair{400.0, 0.010}}) {
    const testing::Estimate e = mean_latency(ps_server(rate, R"({"dist":"exponential","mean":"2ms"})"));
    EXPECT_NEAR(e.mean, expected, std::max(4 * e.se, 0.01 * expected)) << "rate " << rate << " se " << e.se;
  }
}

TEST(processor_sharing, the_mean_does_not_depend_on_the_work_distribution) {
  // Constant work of the same mean gives the same S / (1 - rho) under processor sharing.
  for (const auto& [rate, expected] : {std::pair{250.0, 0.004}, std::pair{400.0, 0.010}}) {
    const testing::Estimate e = mean_latency(ps_server(rate, R"("2ms")"));
    EXPECT_NEAR(e.mean, expected, std::max(4 * e.se, 0.01 * expected)) << "rate " << rate << " se " << e.se;
  }
  // One worker taking requests in turn (FIFO) is M/D/1 instead: S (1 + rho / (2 (1 - rho))) = 6 ms at rho 0.8,
  // far from the 10 ms of processor sharing.
  const std::string fifo = R"({"schema_version":1,"name":"md1","duration":"300s","warmup":"10s",
    "services":{"cpu":{"workers":1,"handler":[{"work":"2ms"}]}},
    "clients":{"count":1,"target":"cpu","arrival":{"process":"poisson","rate":400}},
    "edges":{"clients->cpu":{"latency":"0ms","timeout":"1h"}}})";
  const testing::Estimate e = mean_latency(fifo);
  EXPECT_NEAR(e.mean, 0.006, std::max(4 * e.se, 0.01 * 0.006));
}

TEST(processor_sharing, processor_utilization_is_the_busy_share_of_the_processors_not_of_the_workers) {
  // An M/M/1-PS server is busy whenever a request is in it, a share rho = 0.5 of the time at 250/s x 2 ms; its
  // 100,000 workers are almost all idle.
  const RunResult r = testing::run(ps_server(250, R"({"dist":"exponential","mean":"2ms"})"));
  EXPECT_NEAR(metric(r, "services.cpu.processor_utilization"), 0.5, 0.01);
  EXPECT_LT(metric(r, "services.cpu.utilization"), 1e-4);
  // Four processors for the same load: each busy an eighth of the time.
  const RunResult four = testing::run(ps_server(250, R"({"dist":"exponential","mean":"2ms"})", R"(,"processors":4)"));
  EXPECT_NEAR(metric(four, "services.cpu.processor_utilization"), 0.125, 0.005);
}

TEST(processor_sharing, a_worker_waiting_on_a_call_holds_no_processor) {
  // Without `processors` each worker has its own. An api request works 10 ms, then waits 30 ms for the db: at
  // 100/s its 10 workers are busy 100 x 40 ms / 10 = 40% of the time, their processors 100 x 10 ms / 10 = 10%.
  const std::string json = R"({"schema_version":1,"name":"wait","duration":"200s","warmup":"10s",
    "services":{"api":{"workers":10,"handler":[{"work":"10ms"},{"call":"db"}]},
                "db":{"workers":50,"handler":[{"work":"30ms"}]}},
    "clients":{"count":1,"target":"api","arrival":{"process":"poisson","rate":100}},
    "edges":{"default":{"latency":"0ms","timeout":"1h"}}})";
  const RunResult r = testing::run(json);
  EXPECT_NEAR(metric(r, "services.api.utilization"), 0.40, 0.02);
  EXPECT_NEAR(metric(r, "services.api.processor_utilization"), 0.10, 0.005);
  // The db only works: both say the same.
  EXPECT_DOUBLE_EQ(metric(r, "services.db.processor_utilization"), metric(r, "services.db.utilization"));
}

TEST(processor_sharing, a_pause_freezes_shared_work_and_resumes_it) {
  // Two 1 s requests arrive at 1 and 2 ms and share one processor; a 3 s pause from 1 s freezes them with 500
  // and 501 ms left, and from 4 s they share again: done at 5.000 s and 5.001 s, 4.999 s after each arrived.
  const std::string json = R"({"schema_version":1,"name":"pp","duration":"10s",
    "services":{"cpu":{"workers":10,"processors":1,"handler":[{"work":"1s"}]}},
    "clients":{"count":1,"target":"cpu","arrival":{"process":"constant","rate":1000,"profile":[["2500us",0]]}},
    "edges":{"clients->cpu":{"latency":"0ms","timeout":"1h"}},
    "faults":[{"id":"gc","type":"pause","target":"cpu","start":"1s","duration":"3s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 1);
  engine.set_invariant_checks(InvariantChecks::every_event);
  engine.run();
  const RunResult r = summarize(engine, "baseline");
  EXPECT_EQ(metric(r, "ops"), 2);
  EXPECT_NEAR(metric(r, "latency.mean"), 4.999, 1e-9);
  EXPECT_NEAR(metric(r, "latency.max"), 4.999, 1e-9);
}

TEST(processor_sharing, a_crash_drops_the_shared_work_and_the_service_starts_empty) {
  const std::string json = R"({"schema_version":1,"name":"pc","duration":"20s",
    "services":{"cpu":{"workers":100,"processors":2,"handler":[{"work":"50ms"},{"work":"50ms"}]}},
    "clients":{"count":1,"target":"cpu","arrival":{"process":"poisson","rate":10}},
    "edges":{"clients->cpu":{"latency":"1ms","timeout":"2s"}},
    "faults":[{"id":"boom","type":"crash","target":"cpu","start":"5s","restart_after":"1s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 3);
  engine.set_invariant_checks(InvariantChecks::every_event);
  engine.run();
  EXPECT_TRUE(engine.invariant_violations().empty());
  EXPECT_EQ(metric(summarize(engine, "baseline"), "success_rate", kAfter), 1);
}

TEST(processor_sharing, the_engine_stays_consistent_under_every_service_fault_with_sharing_contention_and_throttling) {
  // Two sharing services with contention, callers that retry and throttle, and every fault that acts on a
  // service's work, overlapping. The checker aborts at the first event after which anything is inconsistent.
  const std::string json = R"({"schema_version":1,"name":"mix","duration":"40s","warmup":"2s",
    "services":{
      "api":{"workers":8,"processors":2,"queue":{"capacity":50},"contention":{"per_request":0.05,"counts":"in_system"},
             "handler":[{"work":{"dist":"exponential","mean":"5ms"}},{"call":"db"},{"work":"2ms"}]},
      "db":{"workers":20,"processors":1,"contention":{"per_request":0.02},
            "handler":[{"work":{"dist":"exponential","mean":"4ms"}},{"work":"1ms"}]}},
    "clients":{"count":50,"target":"api","arrival":{"process":"poisson","rate":150}},
    "edges":{"clients->api":{"timeout":"300ms","retry":{"max_attempts":3,"backoff":{"base":"20ms"}},
                             "throttle":{"window":"5s"}},
             "api->db":{"timeout":"100ms","retry":{"max_attempts":2},"throttle":{"k":1.5,"window":"2s","scope":"shared"}}},
    "faults":[{"id":"slow","type":"slowdown","target":"db","factor":4,"probability":0.5,"start":"5s","duration":"10s"},
              {"id":"gc","type":"pause","target":"db","start":"8s","duration":"1s"},
              {"id":"gc2","type":"pause","target":"api","start":"12s","duration":"500ms"},
              {"id":"cap","type":"capacity","target":"api","workers":2,"start":"14s","duration":"4s"},
              {"id":"hang","type":"hang","target":"db","probability":0.3,"start":"20s","duration":"5s"},
              {"id":"boom","type":"crash","target":"db","start":"27s","restart_after":"2s"},
              {"id":"err","type":"error","target":"api","probability":0.2,"start":"31s","duration":"4s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 11);
  engine.set_invariant_checks(InvariantChecks::every_event);
  engine.run();
  EXPECT_TRUE(engine.invariant_violations().empty());
  EXPECT_GT(engine.events_processed(), 10'000u);
  EXPECT_GT(metric(summarize(engine, "baseline"), "ops_succeeded"), 1000);
}

}  // namespace
}  // namespace chaossim
