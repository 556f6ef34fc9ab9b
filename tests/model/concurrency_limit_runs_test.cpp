// Adaptive concurrency limits in whole runs: AIMD's saw-tooth against a hard capacity (a closed form), a service
// that refuses beyond its limit, and the engine's books under limits on both sides and every fault.
#include <algorithm>
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// A backend that takes at most C = 100 requests at once (100 workers, no queue: the 101st is answered 503 at
// once), each for an exponential time of mean R = 100 ms, offered 100,000 requests per second. One AIMD limit
// shared by all clients, starting at 10 with no floor, guards the edge. Arrivals every 10 us on average and a
// network of 1 us each way make a freed slot refill at once compared with the 1 ms between completions.
constexpr double kC = 100, kR = 0.1, kMeasured = 20;
std::string hard_capacity(double backoff_ratio) {
  return R"({"schema_version":1,"name":"aimd","duration":"22s","warmup":"2s","bucket":"100ms",
    "services":{"backend":{"workers":100,"queue":{"capacity":0},
                           "handler":[{"work":{"dist":"exponential","mean":"100ms"}}]}},
    "clients":{"count":100,"target":"backend","arrival":{"process":"poisson","rate":100000}},
    "edges":{"clients->backend":{"latency":"1us","timeout":"5s",
      "concurrency_limit":{"algorithm":"aimd","initial":10,"min":1,"max":1000,"scope":"shared","backoff_ratio":)" +
         std::to_string(backoff_ratio) + R"(}}}})";
}

// One saw-tooth by hand. At the drop the limit falls to floor(b (C + 1)) with C requests in service. A
// completion while n are in service comes after R / n on average (exponential times) and raises the limit by one;
// every free slot refills at once. So the in-flight count first falls to meet the rising limit, then both climb
// together until C + 1 requests are sent, the extra one is answered 503 and the limit drops again.
struct SawTooth {
  double completions = 0, seconds = 0, limit_seconds = 0;  // per cycle; limit_seconds: the limit integrated
};
SawTooth saw_tooth(double b) {
  SawTooth t;
  double limit = std::floor(b * (kC + 1)), in_flight = kC;
  while (true) {
    const double wait = kR / in_flight;  // until the next completion
    t.seconds += wait;
    t.limit_seconds += limit * wait;
    ++t.completions;
    limit += 1;
    in_flight -= 1;
    in_flight = std::max(in_flight, std::min(limit, kC + 1));  // refill up to the limit
    if (in_flight > kC) return t;                            // the extra one is answered 503: a drop
  }
}

TEST(concurrency_limit_runs, aimd_saw_tooths_against_a_hard_capacity_as_the_closed_form_says) {
  for (const double b : {0.9, 0.5}) {
    const SawTooth t = saw_tooth(b);
    EXPECT_EQ(t.completions, (kC + 1) - std::floor(b * (kC + 1))) << "k = C + 1 - floor(b (C + 1)) completions";
    const RunResult r = testing::run(hard_capacity(b));
    const double completions = metric(r, "ops_succeeded") / kMeasured;
    const double drops = metric(r, "services.backend.shed") / kMeasured;
    // b = 0.9: 11 completions per cycle, 976.7 per second; b = 0.5: 51 per cycle, 871.2 per second.
    EXPECT_NEAR(completions, t.completions / t.seconds, 0.02 * t.completions / t.seconds) << "b = " << b;
    EXPECT_NEAR(drops, completions / t.completions, 0.03 * completions / t.completions) << "b = " << b;
    EXPECT_NEAR(metric(r, "limit.rejections") / kMeasured, 100'000 - completions - drops, 0.01 * 100'000)
        << "the rest of the offered load is refused locally";
  }
}

TEST(concurrency_limit_runs, the_limit_column_follows_the_saw_tooth) {
  const SawTooth t = saw_tooth(0.9);
  const Scenario s = testing::load(hard_capacity(0.9));
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  const std::size_t column = rec.layout().edge(0, series::kEdgeLimit);
  double sum = 0;
  std::size_t n = 0, in_range = 0;
  for (std::size_t b = 20; b < rec.buckets(); ++b) {  // after the warmup
    const double limit = rec.cell(b, column);
    sum += limit;
    in_range += limit >= 90 && limit <= 101;
    ++n;
  }
  const double buckets = static_cast<double>(n);
  EXPECT_GE(static_cast<double>(in_range), 0.9 * buckets) << "between floor(0.9 x 101) = 90 and 101";
  EXPECT_NEAR(sum / buckets, t.limit_seconds / t.seconds, 1.0) << "about 95.5, weighted by time";
}

TEST(concurrency_limit_runs, a_service_answers_beyond_its_limit_at_once) {
  // A fixed limit in effect: AIMD pinned between min and max = 5 on a service with 50 workers. At most 5 requests
  // are held at once, 100 ms each: 50 per second succeed (a little less: a freed slot waits 0.5 ms on average for
  // the next of 2,000 arrivals per second), and the rest are answered 429 at once and never reach a worker.
  const std::string json = R"({"schema_version":1,"name":"limited","duration":"60s","warmup":"10s",
    "services":{"api":{"workers":50,"handler":[{"work":"100ms"}],
      "concurrency_limit":{"algorithm":"aimd","initial":5,"min":5,"max":5,"status":429}}},
    "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":2000}},
    "edges":{"clients->api":{"timeout":"5s"}}})";
  const RunResult r = testing::run(json);
  const double measured = 50;
  EXPECT_LE(metric(r, "services.api.utilization"), 5.0 / 50 + 1e-9) << "never more than 5 of 50 workers";
  EXPECT_NEAR(metric(r, "services.api.utilization"), 5.0 / 50, 0.01) << "and nearly always 5";
  EXPECT_NEAR(metric(r, "ops_succeeded") / measured, 50, 2) << "5 at a time for 100 ms each";
  EXPECT_NEAR(metric(r, "services.api.limited"), metric(r, "ops_failed"), 10) << "but for operations across the warmup";
  EXPECT_EQ(metric(r, "services.api.limited"), metric(r, "limit.rejections"));
}

TEST(concurrency_limit_runs, each_algorithm_keeps_the_queue_short_through_a_slowdown_and_recovers_at_once) {
  // A db of 20 workers at 50 ms (400 per second) offered 300 per second. From 30 s to 60 s it is 4 times slower:
  // 100 per second. A plain caller keeps sending 300 per second, the queue grows by 200 a second to 6,000 and takes
  // a minute to drain after the slowdown. Each limit sees the round trips rise (or time out, for aimd's 300 ms)
  // and refuses what the db cannot take: the queue stays short, and when the db is fast again so is everyone.
  const auto json = [](const std::string& limit) {
    return R"({"schema_version":1,"name":"step","duration":"100s","warmup":"20s",
      "services":{"db":{"workers":20,"handler":[{"work":"50ms"}]}},
      "clients":{"count":10,"target":"db","arrival":{"process":"poisson","rate":300}},
      "edges":{"clients->db":{"timeout":"60s")" +
           limit + R"(}},
      "faults":[{"id":"slow","type":"slowdown","target":"db","factor":4,"start":"30s","duration":"30s"}]})";
  };
  const RunResult plain = testing::run(json(""));
  EXPECT_GT(metric(plain, "latency.p99", kDuring), 10.0);
  EXPECT_GT(metric(plain, "latency.p99", kAfter), 10.0);
  for (const std::string algorithm : {R"("gradient2","min":1)", R"("vegas")", R"("aimd","min":1,"timeout":"300ms")"}) {
    const RunResult r =
        testing::run(json(R"(,"concurrency_limit":{"algorithm":)" + algorithm + R"(,"initial":10,"max":500,"scope":"shared"})"));
    EXPECT_LT(metric(r, "latency.p99", kDuring), 1.5) << algorithm;
    EXPECT_LT(metric(r, "latency.p99", kAfter), 0.1) << algorithm;
    EXPECT_GT(metric(r, "ops_succeeded", kDuring), 0.45 * 100 * 30) << algorithm << ": the slow db stays in use";
    EXPECT_EQ(metric(r, "ops_succeeded", kBefore), metric(r, "ops", kBefore)) << algorithm << ": no refusal while fast";
  }
}

TEST(concurrency_limit_runs, the_books_balance_with_limits_on_both_sides_under_every_fault) {
  const std::string json = R"({"schema_version":1,"name":"mix","duration":"40s","warmup":"2s",
    "services":{
      "api":{"workers":8,"queue":{"capacity":30,"max_wait":"50ms"},
             "concurrency_limit":{"algorithm":"vegas","initial":20},
             "handler":[{"work":{"dist":"exponential","mean":"5ms"}},{"call":"db"},{"work":"2ms"}]},
      "db":{"workers":10,"overload":{"queue_above":10},"drop_expired":true,
            "concurrency_limit":{"algorithm":"aimd","initial":15,"min":2,"timeout":"40ms"},
            "idempotency":{"in_flight":"wait"},
            "handler":[{"work":{"dist":"exponential","mean":"4ms"}},{"effect":"write"}]}},
    "clients":{"count":50,"target":"api","arrival":{"process":"poisson","rate":300}},
    "edges":{"clients->api":{"timeout":"300ms","retry":{"max_attempts":3,"backoff":{"base":"20ms"}},
                             "concurrency_limit":{"algorithm":"gradient2","initial":4,"min":1}},
             "api->db":{"timeout":"60ms","retry":{"max_attempts":3,"retry_on":["timeout","5xx","429"]},
                        "concurrency_limit":{"algorithm":"aimd","initial":8,"min":1,"scope":"shared"}}},
    "faults":[{"id":"slow","type":"slowdown","target":"db","factor":6,"probability":0.5,"start":"5s","duration":"8s"},
              {"id":"gc","type":"pause","target":"db","start":"8s","duration":"1s"},
              {"id":"hang","type":"hang","target":"db","probability":0.3,"start":"15s","duration":"4s"},
              {"id":"boom","type":"crash","target":"db","start":"21s","restart_after":"2s"},
              {"id":"boom2","type":"crash","target":"api","start":"26s","restart_after":"1s"},
              {"id":"lost","type":"drop_response","target":"api->db","probability":0.2,"start":"29s","duration":"4s"},
              {"id":"err","type":"error","target":"db","probability":0.4,"start":"34s","duration":"3s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 5);
  engine.set_invariant_checks(InvariantChecks::every_event);
  engine.run();
  EXPECT_TRUE(engine.invariant_violations().empty());
  const RunResult r = summarize(engine, "baseline");
  EXPECT_GT(metric(r, "ops_succeeded"), 1000);
  EXPECT_GT(metric(r, "services.api.limited") + metric(r, "services.db.limited"), 0);
  EXPECT_GT(metric(r, "limit.rejections"), metric(r, "services.api.limited") + metric(r, "services.db.limited"))
      << "callers' limits refused attempts too";
}

TEST(concurrency_limit_runs, the_same_seed_gives_the_same_run) {
  const Scenario s = testing::load(hard_capacity(0.9));
  Engine a(s, 3), b(s, 3);
  a.run();
  b.run();
  EXPECT_EQ(a.recorder().series(), b.recorder().series());
}

}  // namespace
}  // namespace chaossim
