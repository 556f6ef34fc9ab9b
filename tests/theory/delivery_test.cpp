// At-least-once delivery (webhooks) against closed forms. A sender delivers events on a retry schedule; the
// receiver works for an exponential time of mean m before answering, and the sender gives up on an attempt after T.
// An attempt times out with probability p = exp(-T / m), and the receiver finishes its work (and processes the
// event) all the same. Attempt k + 1 is sent iff the first k timed out, so each event is processed
// 1 + p + ... + p^(n-1) times (the duplicates are the sum from k = 1), and lost, after n timeouts, with
// probability p^n.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

std::string deliveries(const std::string& handler, const std::string& idempotency = "") {
  return R"({"schema_version":1,"name":"webhooks","duration":"30m","bucket":"10s",
    "services":{"receiver":{"workers":500,"handler":)" +
         handler + idempotency + R"(}},
    "clients":{"count":1000,"target":"receiver","arrival":{"process":"poisson","rate":20,"profile":[["25m",0]]}},
    "edges":{"clients->receiver":{"latency":"1ms","timeout":"1.5s",
      "retry":{"max_attempts":3,"backoff":{"type":"schedule","delays":["10s","30s"],"spread":0.2}}}}})";
}

const std::string kWorkThenAnswer = R"([{"work":{"dist":"exponential","mean":"1s"}},{"effect":"process"}])";
const std::string kAnswerThenWork = R"([{"respond":200},{"work":{"dist":"exponential","mean":"1s"}},
                                        {"effect":"process"}])";

// 30,000 events: the duplicates per event have a standard error under 0.004, the lost share under 0.0006.
TEST(delivery, slow_work_before_the_answer_processes_timed_out_events_again_a_geometric_number_of_times) {
  const RunResult r = testing::run(deliveries(kWorkThenAnswer));
  const double p = std::exp(-1.5), events = metric(r, "ops");
  EXPECT_NEAR(metric(r, "timeouts") / events, p + p * p + p * p * p, 0.02);
  EXPECT_NEAR(metric(r, "effects.process.duplicates") / events, p + p * p, 0.02);
  EXPECT_NEAR(metric(r, "ops_failed") / events, p * p * p, 0.003);  // lost: the schedule ran out
  EXPECT_EQ(metric(r, "inconsistent"), metric(r, "ops_failed"));    // each lost event was processed anyway
}

TEST(delivery, answering_first_and_working_after_delivers_every_event_once_without_a_retry) {
  const RunResult r = testing::run(deliveries(kAnswerThenWork));
  EXPECT_EQ(metric(r, "timeouts"), 0);
  EXPECT_EQ(metric(r, "retries"), 0);
  EXPECT_EQ(metric(r, "effects.process.duplicates"), 0);
  EXPECT_EQ(metric(r, "effects.process.executed"), metric(r, "ops"));
  EXPECT_LT(metric(r, "latency.max"), 0.01);  // two network hops of 1 ms: the work is not waited for
}

// Dedupe by event id: a retry finds the first attempt's reply stored (its work has long ended 10 s later), so
// nothing is processed twice and every timed-out event is delivered by its first retry: a time to delivery of
// 1.5 s + 10 s +- 20% for the share p of events that waited (a first attempt still working when its retry comes,
// e^-9.5 of them, is waited for).
TEST(delivery, dedupe_by_event_id_processes_each_event_once_and_delivers_it_at_the_first_retry) {
  const RunResult r = testing::run(deliveries(kWorkThenAnswer, R"(,"idempotency":{"in_flight":"wait"})"));
  const double p = std::exp(-1.5);
  EXPECT_EQ(metric(r, "effects.process.duplicates"), 0);
  EXPECT_EQ(metric(r, "ops_failed"), 0);
  EXPECT_NEAR(metric(r, "retries") / metric(r, "ops"), p, 0.015);
  // The slowest 1% all waited for a retry: their time to delivery lies within the retry's window.
  EXPECT_GT(metric(r, "latency.p99"), 1.5 + 8);
  EXPECT_LT(metric(r, "latency.p99"), 1.5 + 12 + 0.1);
}

}  // namespace
}  // namespace chaossim
