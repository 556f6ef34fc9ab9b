// A fault's `probability` is the share of requests it hits: each request (or, on an edge, each message) is drawn
// once, however many work steps its handler has and whether the fault looks at it on arrival or at its reply.
// Every type that takes a probability has a test here, at 0 < p < 1, with a handler of two work steps.
//
// Each run is 20,000 operations arriving at a constant rate into a service with spare workers, so the only
// randomness is the fault's draw: the share affected is binomial and a 5-sigma band holds with certainty in
// practice while excluding every wrong reading (a second draw per step or per reply moves the share by 0.1 to 0.25).
#include <cmath>
#include <set>
#include <string>

#include "scenario/fault_types.h"
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

constexpr double kOps = 20'000;  // about: 200/s for 100 s, then 10 s for the last ones to finish

// 5 standard deviations of a binomial share over kOps draws.
double five_sigma(double p) { return 5 * std::sqrt(p * (1 - p) / kOps); }

// Two work steps of 10 ms with a charge between them, 1 ms of network each way: a request takes 22 ms.
std::string two_steps(const std::string& fault, const std::string& timeout = "5s", const std::string& extra = "") {
  return R"({"schema_version":1,"name":"p","duration":"110s",
    "services":{"api":{"workers":100,"handler":[{"work":"10ms"},{"effect":"charge"},{"work":"10ms"}])" +
         extra +
         R"(}},
    "clients":{"count":100,"target":"api","arrival":{"process":"constant","rate":200,"profile":[["100s",0]]}},
    "edges":{"clients->api":{"latency":"1ms","timeout":")" +
         timeout + R"("}},
    "faults":[)" +
         fault + "]}";
}

double failed_share(const RunResult& r) {
  EXPECT_NEAR(metric(r, "ops"), kOps, 1);
  EXPECT_EQ(metric(r, "ops_unfinished"), 0);
  return metric(r, "ops_failed") / metric(r, "ops");
}

// The types covered below: a new type with a probability needs a test here.
const std::set<std::string> kCovered = {"error",        "error_after_effect", "slowdown",
                                        "hang",         "store_outage",       "latency",
                                        "drop_request", "drop_response",      "duplicate_request"};

TEST(fault_probability, every_fault_type_with_a_probability_has_a_test_here) {
  for (const format::FaultType& t : format::kFaultTypes)
    EXPECT_EQ(format::listed(t.keys, "probability"), kCovered.count(std::string(t.name)) == 1) << t.name;
}

TEST(fault_probability, an_error_fails_the_share_of_requests_its_probability_says) {
  const RunResult r = testing::run(two_steps(R"({"id":"f","type":"error","target":"api","probability":0.3})"));
  EXPECT_NEAR(failed_share(r), 0.3, five_sigma(0.3));
  EXPECT_NEAR(metric(r, "effects.charge.executed") / kOps, 0.7, five_sigma(0.3));
}

TEST(fault_probability, an_error_after_effect_fails_the_share_its_probability_says_after_every_effect) {
  const RunResult r =
      testing::run(two_steps(R"({"id":"f","type":"error_after_effect","target":"api","probability":0.3})"));
  EXPECT_NEAR(failed_share(r), 0.3, five_sigma(0.3));
  EXPECT_EQ(metric(r, "effects.charge.executed"), metric(r, "ops"));
}

TEST(fault_probability, a_slowdown_slows_a_whole_request_or_none_of_it) {
  // Factor 10 on a hit request: 2 + 10 x 20 = 202 ms, else 22 ms. Drawn per step it would also give 112 ms (one
  // step slowed), in proportions 0.49 / 0.42 / 0.09. A 60 ms timeout fails every slowed request, a 150 ms one only
  // those slowed in both steps: per request both fail the share p.
  const std::string slow = R"({"id":"f","type":"slowdown","target":"api","factor":10,"probability":0.3})";
  EXPECT_NEAR(failed_share(testing::run(two_steps(slow, "60ms"))), 0.3, five_sigma(0.3));
  EXPECT_NEAR(failed_share(testing::run(two_steps(slow, "150ms"))), 0.3, five_sigma(0.3));
}

TEST(fault_probability, a_slowdown_that_begins_mid_request_keeps_its_verdict_for_the_rest_of_it) {
  // A one-second handler of two steps; the slowdown (factor 3, p = 0.5) begins half-way through a request's first
  // step, so only its second step can be slowed: a request takes 1 s or 2 s, never an extra step's worth more.
  // Operations start in the first 500 ms only.
  const std::string json = R"({"schema_version":1,"name":"p","duration":"3s",
    "services":{"api":{"workers":20000,"handler":[{"work":"500ms"},{"work":"500ms"}]}},
    "clients":{"count":1,"target":"api","arrival":{"process":"constant","rate":10000,"profile":[["500ms",0]]}},
    "edges":{"clients->api":{"latency":"0ms","timeout":"1500ms"}},
    "faults":[{"id":"f","type":"slowdown","target":"api","factor":3,"probability":0.5,"start":"250ms"}]})";
  const RunResult r = testing::run(json);
  // Operations that started in the first 250 ms have one step exposed, later ones two: drawn per step, those would
  // fail 0.75 of the time (0.625 in all); drawn per request, every operation fails with p.
  const double ops = metric(r, "ops");
  EXPECT_NEAR(ops, 5000, 1);
  EXPECT_NEAR(metric(r, "ops_failed") / ops, 0.5, 5 * std::sqrt(0.25 / ops));
}

TEST(fault_probability, a_hang_swallows_the_share_of_requests_its_probability_says) {
  // Drawn on arrival and again at the reply, p = 0.5 would leave 0.25 of requests answered instead of 0.5.
  const RunResult r = testing::run(two_steps(R"({"id":"f","type":"hang","target":"api","probability":0.5})", "1s"));
  EXPECT_NEAR(failed_share(r), 0.5, five_sigma(0.5));
}

TEST(fault_probability, a_hang_that_begins_while_requests_run_drops_the_share_of_their_replies) {
  // Every request is already running when the hang begins (10 s handlers started in the first second), so the
  // draw is made at its reply, once.
  const std::string json = R"({"schema_version":1,"name":"p","duration":"20s",
    "services":{"api":{"workers":20000,"handler":[{"work":"5s"},{"work":"5s"}]}},
    "clients":{"count":1,"target":"api","arrival":{"process":"constant","rate":20000,"profile":[["1s",0]]}},
    "edges":{"clients->api":{"latency":"0ms","timeout":"15s"}},
    "faults":[{"id":"f","type":"hang","target":"api","probability":0.2,"start":"2s"}]})";
  const RunResult r = testing::run(json);
  const double ops = metric(r, "ops");
  EXPECT_NEAR(ops, 20000, 1);
  EXPECT_NEAR(metric(r, "ops_failed") / ops, 0.2, 5 * std::sqrt(0.2 * 0.8 / ops));
}

TEST(fault_probability, a_store_outage_hits_the_share_of_keyed_requests_its_probability_says) {
  const RunResult r = testing::run(
      two_steps(R"({"id":"f","type":"store_outage","target":"api","mode":"fail_closed","probability":0.3})", "5s",
                R"(,"idempotency":{"enabled":true})"));
  EXPECT_NEAR(failed_share(r), 0.3, five_sigma(0.3));
  EXPECT_NEAR(metric(r, "effects.charge.executed") / kOps, 0.7, five_sigma(0.3));
}

TEST(fault_probability, latency_delays_the_share_of_messages_its_probability_says_each_way) {
  // Per message, as the format says: a round trip carries 0, 1 or 2 extra seconds in proportions (1-p)^2,
  // 2p(1-p), p^2. A 0.5 s timeout fails the round trips with any delay, a 1.5 s one those delayed both ways.
  const std::string delay = R"({"id":"f","type":"latency","target":"clients->api","delay":"1s","probability":0.3})";
  const double any = 1 - 0.7 * 0.7, both = 0.3 * 0.3;
  EXPECT_NEAR(failed_share(testing::run(two_steps(delay, "500ms"))), any, five_sigma(any));
  EXPECT_NEAR(failed_share(testing::run(two_steps(delay, "1500ms"))), both, five_sigma(both));
}

TEST(fault_probability, drop_request_loses_the_share_of_requests_its_probability_says) {
  const RunResult r =
      testing::run(two_steps(R"({"id":"f","type":"drop_request","target":"clients->api","probability":0.3})"));
  EXPECT_NEAR(failed_share(r), 0.3, five_sigma(0.3));
  EXPECT_NEAR(metric(r, "services.api.requests") / kOps, 0.7, five_sigma(0.3));
}

TEST(fault_probability, drop_response_loses_the_share_of_replies_its_probability_says) {
  const RunResult r =
      testing::run(two_steps(R"({"id":"f","type":"drop_response","target":"clients->api","probability":0.3})"));
  EXPECT_NEAR(failed_share(r), 0.3, five_sigma(0.3));
  EXPECT_EQ(metric(r, "effects.charge.executed"), metric(r, "ops"));
}

TEST(fault_probability, duplicate_request_delivers_the_share_of_requests_its_probability_says_twice) {
  const RunResult r =
      testing::run(two_steps(R"({"id":"f","type":"duplicate_request","target":"clients->api","probability":0.3})"));
  EXPECT_EQ(failed_share(r), 0);
  EXPECT_NEAR(metric(r, "services.api.requests") / kOps - 1, 0.3, five_sigma(0.3));
}

TEST(fault_probability, the_same_seed_gives_the_same_verdicts) {
  const std::string json = two_steps(R"({"id":"f","type":"slowdown","target":"api","factor":10,"probability":0.3},
      {"id":"g","type":"hang","target":"api","probability":0.1})",
                                     "100ms");
  const RunResult a = testing::run(json, 7), b = testing::run(json, 7), c = testing::run(json, 8);
  EXPECT_EQ(metric(a, "ops_failed"), metric(b, "ops_failed"));
  EXPECT_EQ(metric(a, "latency.mean"), metric(b, "latency.mean"));
  EXPECT_NE(metric(a, "ops_failed"), metric(c, "ops_failed"));
}

}  // namespace
}  // namespace chaossim
