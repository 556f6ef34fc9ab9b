// Duplicates against closed forms. Replies are lost with probability q, each attempt times out and is retried up
// to n attempts, and every attempt reaches the server: attempt k+1 happens iff the first k replies were lost, so
// duplicate executions per operation are sum_{k=1}^{n-1} q^k without dedupe, and exactly 0 with one key per
// operation and a durable store.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

std::string lost_replies(double q, int attempts, const std::string& key_mode, bool dedupe,
                         const std::string& store = "durable") {
  return R"({"schema_version":1,"name":"lost","duration":"900s","bucket":"10s",
    "services":{"pay":{"workers":64,"handler":[{"work":{"dist":"exponential","mean":"20ms"}},{"effect":"charge"}],
      "idempotency":{"enabled":)" + std::string(dedupe ? "true" : "false") + R"(,"store":")" + store + R"("}}},
    "clients":{"count":1000,"target":"pay","arrival":{"process":"poisson","rate":100}},
    "edges":{"clients->pay":{"latency":"5ms","timeout":"2s","idempotency_key":")" + key_mode + R"(",
      "retry":{"max_attempts":)" + std::to_string(attempts) + R"(,"backoff":{"type":"constant","base":"100ms"}}}},
    "faults":[{"id":"lost","type":"drop_response","target":"clients->pay","probability":)" + std::to_string(q) + R"(}]})";
}

// About 90,000 operations. Duplicates per operation D has variance below E[D^2] <= sum (2k-1) q^k, so the
// standard error of its mean is under 0.003 for q = 0.3; the tolerance is five of those.
TEST(idempotency, duplicates_without_dedupe_match_the_geometric_sum) {
  for (const auto& [q, n] : std::vector<std::pair<double, int>>{{0.1, 3}, {0.3, 4}, {0.2, 2}}) {
    const RunResult r = testing::run(lost_replies(q, n, "per_operation", false));
    double expected = 0;
    for (int k = 1; k < n; ++k) expected += std::pow(q, k);
    const double per_op = metric(r, "effects.charge.duplicates") / metric(r, "ops");
    EXPECT_NEAR(per_op, expected, 0.012) << "q=" << q << " n=" << n;
    // An operation fails only when all n replies are lost, and then it was charged: inconsistent.
    EXPECT_NEAR(metric(r, "inconsistent") / metric(r, "ops"), std::pow(q, n), 0.004);
  }
}

TEST(idempotency, per_operation_keys_with_a_durable_store_remove_every_duplicate) {
  const RunResult r = testing::run(lost_replies(0.3, 4, "per_operation", true));
  EXPECT_GT(metric(r, "retries"), 10000);
  EXPECT_EQ(metric(r, "effects.charge.duplicates"), 0);
  // Every succeeded operation charged exactly once; none charged twice.
  EXPECT_GE(metric(r, "effects.charge.executed"), metric(r, "ops_succeeded"));
  EXPECT_LE(metric(r, "effects.charge.executed"), metric(r, "ops") + metric(r, "ops_unfinished"));
}

TEST(idempotency, per_attempt_keys_bring_the_duplicates_back) {
  const RunResult with_store = testing::run(lost_replies(0.3, 4, "per_attempt", true));
  const RunResult without = testing::run(lost_replies(0.3, 4, "per_operation", false));
  // Common random numbers: same arrivals, same losses. A fresh key per attempt makes the store useless.
  EXPECT_EQ(metric(with_store, "effects.charge.duplicates"), metric(without, "effects.charge.duplicates"));
  EXPECT_GT(metric(with_store, "effects.charge.duplicates"), 0);
}

TEST(idempotency, a_crash_empties_a_memory_store_and_retries_charge_again) {
  // Replies are lost for the first minute, so many keys are stored; the service crashes at 60s for 2s, and
  // retries of operations charged before the crash arrive after the restart.
  auto json = [](const std::string& store) {
    return R"({"schema_version":1,"name":"crash","duration":"120s","bucket":"1s",
      "services":{"pay":{"workers":64,"handler":[{"work":"20ms"},{"effect":"charge"}],
        "idempotency":{"enabled":true,"store":")" + store + R"("}}},
      "clients":{"count":1000,"target":"pay","arrival":{"process":"poisson","rate":100}},
      "edges":{"clients->pay":{"latency":"5ms","timeout":"1s","retry":{"max_attempts":6,
        "backoff":{"type":"exponential","base":"500ms","max":"4s"},"retry_on":["timeout","5xx","connect_error"]}}},
      "faults":[{"id":"lost","type":"drop_response","target":"clients->pay","probability":0.5,"start":"55s","duration":"7s"},
                {"id":"boom","type":"crash","target":"pay","start":"60s","restart_after":"2s"}]})";
  };
  const RunResult memory = testing::run(json("memory"));
  const RunResult durable = testing::run(json("durable"));
  EXPECT_GT(metric(memory, "effects.charge.duplicates"), 0);
  EXPECT_EQ(metric(durable, "effects.charge.duplicates"), 0);
}

}  // namespace
}  // namespace chaossim
