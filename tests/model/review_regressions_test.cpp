// Behaviours a review of the engine found wrong, each pinned by the smallest scenario that showed it.
#include <fstream>
#include <sstream>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

TEST(regressions, a_crash_during_a_half_open_trial_does_not_jam_the_breaker) {
  // The breaker opens at once, its single half-open trial is in flight (the back end is 50x slower) when the
  // front crashes; the trial is lost with the process and must give its slot back.
  const std::string json = R"({"schema_version":1,"name":"brk","duration":"30s",
    "services":{"front":{"workers":200,"handler":[{"call":"back"}]},
                "back":{"workers":200,"handler":[{"work":"100ms"}]}},
    "clients":{"count":10,"target":"front","arrival":{"process":"constant","rate":20}},
    "edges":{"front->back":{"timeout":"20s","circuit_breaker":{"type":"consecutive","failures":1,"open_for":"2s","half_open_calls":1}}},
    "faults":[{"id":"err","type":"error","target":"back","duration":"1s"},
              {"id":"slow","type":"slowdown","target":"back","start":"1.5s","duration":"3s","factor":50},
              {"id":"kill","type":"crash","target":"front","start":"4s","restart_after":"1s"}]})";
  const RunResult r = testing::run(json);
  EXPECT_GT(metric(r, "success_rate", kAfter), 0.95);
}

TEST(regressions, a_paused_service_sends_no_retries_until_it_resumes) {
  const std::string json = R"({"schema_version":1,"name":"pause","duration":"8s","bucket":"1s",
    "services":{"api":{"workers":50,"handler":[{"call":"db"}]},"db":{"workers":500,"handler":[{"work":"2s"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":10}},
    "edges":{"clients->api":{"timeout":"60s"},
             "api->db":{"timeout":"300ms","retry":{"max_attempts":100,"backoff":{"type":"constant","base":"100ms"}}}},
    "faults":[{"id":"gc","type":"pause","target":"api","start":"1s","duration":"4s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  const std::size_t db_requests = rec.layout().services + 1 * SeriesLayout::kServiceColumns;  // services: api, db
  for (std::size_t b = 2; b <= 4; ++b) EXPECT_EQ(rec.cell(b, db_requests), 0) << "second " << b;
  EXPECT_GT(rec.cell(0, db_requests), 0);
}

TEST(regressions, retry_after_comes_only_with_replies_of_the_fault_that_hit) {
  // A 502 fault that never hits (probability 0) must not lend its Retry-After to the 502s of a failing db.
  const std::string json = R"({"schema_version":1,"name":"ra","duration":"30s",
    "services":{"api":{"workers":50,"handler":[{"call":"db"}]},"db":{"workers":50}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":10}},
    "edges":{"clients->api":{"retry":{"max_attempts":5,"backoff":{"type":"constant","base":"10ms"}}}},
    "faults":[{"id":"down","type":"error","target":"db"},
              {"id":"rare","type":"error","target":"api","status":502,"probability":0,"retry_after":"10s"}]})";
  EXPECT_NEAR(metric(testing::run(json), "amplification"), 5.0, 0.01);
}

TEST(regressions, two_calls_to_one_service_from_one_handler_are_two_operations) {
  const std::string json = R"({"schema_version":1,"name":"twocall","duration":"10s",
    "services":{"api":{"workers":50,"handler":[{"call":"ledger"},{"work":"1ms"},{"call":"ledger"}]},
      "ledger":{"workers":50,"handler":[{"work":"1ms"},{"effect":"write"}],"idempotency":{"enabled":true}}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":10}}})";
  const RunResult r = testing::run(json);
  // Both calls reach the handler (the second is not answered from the store as if it were a retry of the first).
  // The ledger counts per operation and effect name, so a handler that means to write twice should name the two
  // effects differently; here the second write counts as a repeat of the first.
  EXPECT_EQ(metric(r, "effects.write.executed"), metric(r, "services.ledger.requests"));
  EXPECT_EQ(metric(r, "effects.write.executed"), 2 * metric(r, "ops"));
}

TEST(regressions, a_queue_nobody_waited_in_has_a_maximum_of_zero) {
  const std::string json = R"({"schema_version":1,"name":"q","duration":"20s",
    "services":{"api":{"workers":100}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":1}}})";
  EXPECT_EQ(metric(testing::run(json), "services.api.queue_max"), 0);
}

TEST(regressions, conflicts_do_not_count_as_successes_for_a_breaker) {
  // Every call fails: half with 503, half with 409. Only the 503s are judged, so the failure rate is 100%.
  const std::string json = R"({"schema_version":1,"name":"c409","duration":"10s",
    "services":{"db":{"workers":50,"handler":[{"work":"1ms"}]}},
    "clients":{"count":1,"target":"db","arrival":{"process":"constant","rate":50}},
    "edges":{"clients->db":{"circuit_breaker":{"window":{"type":"count","size":20},"min_calls":20,"failure_rate":0.8,"open_for":"1s","half_open_calls":1}}},
    "faults":[{"id":"e503","type":"error","target":"db","probability":0.5,"status":503},
              {"id":"e409","type":"error","target":"db","status":409}]})";
  EXPECT_GT(metric(testing::run(json), "breaker.rejections"), 100);
}

TEST(regressions, a_load_fault_speeds_up_a_closed_loop_population) {
  const std::string json = R"({"schema_version":1,"name":"load","duration":"10s","bucket":"1s",
    "services":{"api":{"workers":100,"handler":[{"work":"1ms"}]}},
    "clients":{"count":100,"target":"api","arrival":{"process":"closed","think_time":"1s"}},
    "faults":[{"id":"rush","type":"load","target":"clients","factor":5,"start":"3s","duration":"4s"}]})";
  const Scenario s = testing::load(json);
  Engine engine(s, 1);
  engine.run();
  const Recorder& rec = engine.recorder();
  EXPECT_NEAR(rec.cell(1, rec.layout().ops), 100, 2);
  EXPECT_NEAR(rec.cell(5, rec.layout().ops), 500, 10);
}

TEST(regressions, double_clicks_do_not_depend_on_faults_elsewhere) {
  // Common random numbers: an error fault changes which operations are resubmitted, never who double-clicks.
  const std::string json = R"({"schema_version":1,"name":"crn","duration":"60s","bucket":"1s",
    "services":{"api":{"workers":100,"handler":[{"work":"5ms"},{"effect":"charge"}]}},
    "clients":{"count":100,"target":"api","arrival":{"process":"poisson","rate":50},
      "double_click":{"probability":0.2,"gap":"100ms"},"resubmit":{"probability":0.5,"after":"1s"}},
    "faults":[{"id":"e","type":"error","target":"api","probability":0,"start":"5s","duration":"5s"}]})";
  const RunResult calm = testing::run(json);
  const RunResult faulty = testing::run(json, 1, {{"faults.e.probability", 0.5}});
  // Attempts after the fault window (and its resubmits) are the same operations with the same double clicks.
  const Scenario s = testing::load(json);
  const std::size_t attempts = std::find(calm.series_columns.begin(), calm.series_columns.end(), "attempts") -
                               calm.series_columns.begin();
  const std::size_t cols = calm.series_columns.size();
  for (std::size_t b = 20; b < 60; ++b)
    EXPECT_EQ(calm.series[b * cols + attempts], faulty.series[b * cols + attempts]) << "second " << b;
}

}  // namespace
}  // namespace chaossim
