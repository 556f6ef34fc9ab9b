// Optimistic concurrency against closed forms. N clients each update one record once: an attempt reads the
// record's version, works for w, and writes only if the version is still the one it read, else it is answered 409
// and retried as the edge says. With every attempt the same length and every client retrying at once, all attempts
// of a round read the same version and exactly one write wins: round k has N - k + 1 attempts, so N(N + 1)/2
// attempts in all and N rounds of one round trip each (the contention of AWS's "Exponential Backoff and Jitter").
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

std::string contention(int clients, const std::string& backoff, const std::string& work = R"("5ms")") {
  return R"({"schema_version":1,"name":"occ","duration":"5m","bucket":"1s",
    "services":{"db":{"workers":1000,"handler":[{"read":"row"},{"work":)" +
         work + R"(},{"write":"row"},{"effect":"update"}]}},
    "clients":{"count":)" +
         std::to_string(clients) + R"(,"target":"db","arrival":{"process":"closed","think_time":"0s","operations":1}},
    "edges":{"clients->db":{"latency":"1ms","timeout":"10s",
      "retry":{"max_attempts":100,"retry_on":["409"],"backoff":)" +
         backoff + "}}}}";
}

TEST(contention, retrying_at_once_every_round_has_one_winner_so_attempts_grow_as_n_squared) {
  for (const int n : {5, 20}) {
    SCOPED_TRACE(n);
    const RunResult r = testing::run(contention(n, R"({"type":"constant","base":"0s"})"));
    EXPECT_EQ(metric(r, "ops"), n);
    EXPECT_EQ(metric(r, "success_rate"), 1);
    EXPECT_EQ(metric(r, "attempts"), n * (n + 1) / 2);
    EXPECT_EQ(metric(r, "conflicts"), n * (n - 1) / 2);
    EXPECT_EQ(metric(r, "effects.update.executed"), n);  // one write per client, none twice
    // n rounds of 1 ms there, 5 ms of work, 1 ms back.
    EXPECT_NEAR(metric(r, "makespan"), n * 0.007, 1e-6);
  }
}

// Full jitter spreads the retries: fewer attempts than the lock-step n(n + 1)/2, every client done.
TEST(contention, full_jitter_needs_far_fewer_attempts_than_lock_step_retries) {
  const int n = 50;
  const RunResult lock_step = testing::run(contention(n, R"({"type":"exponential","base":"10ms","max":"1s"})"));
  const RunResult jittered =
      testing::run(contention(n, R"({"type":"exponential","base":"10ms","max":"1s","jitter":"full"})"));
  EXPECT_EQ(metric(jittered, "success_rate"), 1);
  EXPECT_EQ(metric(lock_step, "attempts"), n * (n + 1) / 2);  // exponential without jitter keeps them in step
  EXPECT_LT(metric(jittered, "attempts"), 0.5 * n * (n + 1) / 2);
  EXPECT_EQ(metric(jittered, "effects.update.executed"), n);
}

// Makespan: from the first operation's start to the last one's outcome; a finite workload of one operation per
// client ends with the run still going.
TEST(contention, a_client_with_one_operation_makes_exactly_one) {
  const RunResult r = testing::run(contention(30, R"({"type":"constant","base":"0s"})", R"("0ms")"));
  EXPECT_EQ(metric(r, "ops"), 30);
  EXPECT_LT(metric(r, "makespan"), 1);
}

}  // namespace
}  // namespace chaossim
