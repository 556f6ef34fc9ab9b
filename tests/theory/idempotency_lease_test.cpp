// Idempotency keys that fail in the field, against closed forms: an in-flight lock whose lease runs out before a
// slow handler finishes (duplicates *with* keys), and a key reused for a different request.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// A handler of 20 ms that a slowdown stretches to 5 s with probability p, per request. The client times out after
// 1 s and retries 409s too, with a constant 500 ms backoff, five attempts in all; the network takes 1 ms each way.
// With a 1.9 s lease, an operation whose first request A (leased at 0.001 s) is slowed sees:
//   attempt 2 at 1.501 s: A's lease lives (to 1.901 s): 409, back at 1.502 s;
//   attempt 3 at 2.003 s: the lease ran out: B takes a new one (to 3.903 s) and runs the handler again;
//   if B is slowed too, attempt 4 at 3.503 s gets 409 and attempt 5 at 4.005 s takes over from B: C runs.
// Every holder charges when its work ends, so a slowed operation is charged 2 + [B slowed] times: the expected
// duplicates per operation are p (1 + p). The operation fails only when A, B and C are all slowed: p^3. Arrivals
// stop 10 s before the end, so that every holder has finished its work when the run ends.
std::string leased(double p, const std::string& lock) {
  return R"({"schema_version":1,"name":"lease","duration":"600s","bucket":"10s",
    "services":{"pay":{"workers":200,"handler":[{"work":"20ms"},{"effect":"charge"}],
      "idempotency":{"store":"durable")" +
         (lock.empty() ? "" : ",\"lock\":" + lock) + R"(}}},
    "clients":{"count":1000,"target":"pay","arrival":{"process":"poisson","rate":20,"profile":[["590s",0]]}},
    "edges":{"clients->pay":{"latency":"1ms","timeout":"1s",
      "retry":{"max_attempts":5,"backoff":{"type":"constant","base":"500ms"},"retry_on":["timeout","5xx","409"]}}},
    "faults":[{"id":"slow","type":"slowdown","target":"pay","factor":250,"probability":)" +
         std::to_string(p) + "}]}";
}

// About 12,000 operations: duplicates per operation have variance about 0.42 (standard error 0.006) and the
// failed share about 0.027 (standard error 0.0015); the tolerances are five of those.
TEST(idempotency_lease, a_lease_shorter_than_the_handler_charges_again_on_each_takeover) {
  const double p = 0.3;
  const RunResult r = testing::run(leased(p, R"({"ttl":"1.9s"})"));
  const double ops = metric(r, "ops");
  EXPECT_NEAR(metric(r, "effects.charge.duplicates") / ops, p * (1 + p), 0.03);
  EXPECT_NEAR(metric(r, "idempotency.lease_takeovers") / ops, p * (1 + p), 0.03);  // B, and C after a slow B
  EXPECT_NEAR(metric(r, "ops_failed") / ops, p * p * p, 0.008);
  EXPECT_EQ(metric(r, "idempotency.fenced"), 0);
}

TEST(idempotency_lease, fencing_refuses_every_stale_holders_charge) {
  const double p = 0.3;
  const RunResult r = testing::run(leased(p, R"({"ttl":"1.9s","fencing":true})"));
  const double ops = metric(r, "ops");
  EXPECT_EQ(metric(r, "effects.charge.duplicates"), 0);
  // Each takeover makes one earlier holder stale, and that holder's charge is refused.
  EXPECT_EQ(metric(r, "idempotency.fenced"), metric(r, "idempotency.lease_takeovers"));
  EXPECT_NEAR(metric(r, "idempotency.fenced") / ops, p * (1 + p), 0.03);
  // The newest holder still charges: an operation whose last holder finished after its client gave up failed
  // for the user and was charged once.
  EXPECT_NEAR(metric(r, "ops_failed") / ops, p * p * p, 0.008);
  EXPECT_EQ(metric(r, "inconsistent"), metric(r, "ops_failed"));
}

// A renewed lease, or none (the record lives as long as its request): every retry of a slowed operation finds the
// key in flight until the last attempt at 3.007 s, long before the handler ends at 5.001 s, so slowed operations
// fail after one charge.
TEST(idempotency_lease, a_renewed_lease_never_runs_out_under_a_live_holder) {
  const double p = 0.3;
  for (const std::string& lock : {std::string(R"({"ttl":"1.9s","renew":true})"), std::string()}) {
    const RunResult r = testing::run(leased(p, lock));
    const double ops = metric(r, "ops");
    EXPECT_EQ(metric(r, "effects.charge.duplicates"), 0) << lock;
    EXPECT_EQ(metric(r, "idempotency.lease_takeovers"), 0) << lock;
    EXPECT_NEAR(metric(r, "ops_failed") / ops, p, 0.025) << lock;
  }
}

// A crash kills the holder. Without a lease its key is released at once; a lease (renewed every 10 s) stays until
// it runs out, 30 s after its last renewal at the latest, so retries meanwhile are refused with 409.
TEST(idempotency_lease, a_crashed_holders_renewed_lease_blocks_the_key_until_it_runs_out) {
  auto json = [](const std::string& lock) {
    return R"({"schema_version":1,"name":"crash","duration":"120s","bucket":"1s",
      "services":{"pay":{"workers":100,"handler":[{"work":"4s"},{"effect":"charge"}],
        "idempotency":{"store":"durable")" +
           lock + R"(}}},
      "clients":{"count":100,"target":"pay","arrival":{"process":"poisson","rate":5}},
      "edges":{"clients->pay":{"latency":"1ms","timeout":"10s",
        "retry":{"max_attempts":3,"backoff":{"type":"constant","base":"1s"},
                 "retry_on":["timeout","5xx","409","connect_error"]}}},
      "faults":[{"id":"down","type":"crash","target":"pay","start":"30s","restart_after":"2s"}]})";
  };
  const RunResult released = testing::run(json(""));
  const RunResult leased = testing::run(json(R"(,"lock":{"ttl":"30s","renew":true})"));
  // About 20 requests were in flight at the crash (5/s x 4 s). Released keys let their retries run the handler
  // again; leased keys refuse them (409) until the lease runs out, after the client has given up.
  EXPECT_LE(metric(released, "ops_failed"), 2);
  EXPECT_GE(metric(leased, "ops_failed"), 10);
  EXPECT_LE(metric(leased, "ops_failed"), 30);
}

// Users whose next request reuses their last key, with probability q after each success. With check_payload
// every such request is refused (422, no charge) and, having failed, is not reused in turn: q per original
// operation. Without it the stored reply answers the new request (a wrong reply) as a success, which may be reused
// again: q + q^2 + ... = q / (1 - q) per original operation, none of them charged.
std::string reused(double q, const std::string& idempotency) {
  return R"({"schema_version":1,"name":"reuse","duration":"600s","bucket":"10s",
    "services":{"pay":{"workers":50,"handler":[{"work":"10ms"},{"effect":"charge"}])" +
         idempotency + R"(}},
    "clients":{"count":1000,"target":"pay","arrival":{"process":"poisson","rate":20},
      "key_reuse":{"probability":)" +
         std::to_string(q) + R"(,"after":"5s"}}})";
}

TEST(idempotency_lease, a_reused_key_for_another_payload_is_refused_with_422) {
  const double q = 0.2;
  const RunResult r = testing::run(reused(q, R"(,"idempotency":{})"));
  const double originals = metric(r, "ops") - metric(r, "idempotency.payload_rejections");
  EXPECT_NEAR(metric(r, "idempotency.payload_rejections") / originals, q, 0.02);
  EXPECT_EQ(metric(r, "ops_failed"), metric(r, "idempotency.payload_rejections"));
  EXPECT_EQ(metric(r, "effects.charge.executed"), metric(r, "ops_succeeded"));
  EXPECT_EQ(metric(r, "idempotency.wrong_replies"), 0);
}

TEST(idempotency_lease, without_a_payload_check_a_reused_key_gets_another_requests_reply) {
  const double q = 0.2;
  const RunResult r = testing::run(reused(q, R"(,"idempotency":{"check_payload":false})"));
  const double wrong = metric(r, "idempotency.wrong_replies");
  const double originals = metric(r, "ops") - wrong;
  EXPECT_NEAR(wrong / originals, q / (1 - q), 0.025);
  EXPECT_EQ(metric(r, "ops_failed"), 0);                       // every user was told "done"
  EXPECT_EQ(metric(r, "effects.charge.executed"), originals);  // yet only the original requests were charged
  EXPECT_EQ(metric(r, "idempotency.payload_rejections"), 0);
}

TEST(idempotency_lease, without_a_store_each_reused_key_request_is_charged_as_its_own_operation) {
  const RunResult r = testing::run(reused(0.2, ""));
  EXPECT_EQ(metric(r, "effects.charge.executed"), metric(r, "ops"));
  EXPECT_EQ(metric(r, "effects.charge.duplicates"), 0);
}

}  // namespace
}  // namespace chaossim
