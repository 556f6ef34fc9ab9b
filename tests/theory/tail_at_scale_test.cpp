// Fan-out and hedged requests against "The Tail at Scale" (Dean and Barroso, 2013). A root service asks N leaves
// at once and waits for them; each leaf request is slow (1 s instead of about 10 ms) with probability p,
// independently. A request that waits for all N is slow with probability 1 - (1 - p)^N: 63% for N = 100 and
// p = 1%, against 1% for one leaf. Waiting for the first k of N is slow only when more than N - k leaves are slow
// (a binomial tail). A hedge after d (10 ms < d < 1 s) is sent for the share of calls whose first attempt is slow
// and is itself slow with probability p, so a leaf call is slow with probability p^2 and the root with
// 1 - (1 - p^2)^N, for about p more leaf requests. Users give up after 0.5 s, so "slow" is counted as a timeout.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

constexpr double kSlow = 0.01;  // p
constexpr int kLeaves = 100;    // N

// `step`: the root's call step; `edge`: the root->leaf edge's strategy.
std::string fan_out(const std::string& step, const std::string& edge = R"({"latency":"1ms","timeout":"5s"})",
                    const std::string& fast = R"("10ms")") {
  return R"({"schema_version":1,"name":"tail","duration":"10m","bucket":"10s",
    "services":{
      "root":{"workers":2000,"handler":[)" +
         step + R"(]},
      "leaf":{"workers":20000,"handler":[{"work":{"dist":"mixture","of":[
        {"weight":0.99,"dist":)" +
         fast + R"(},{"weight":0.01,"dist":"1s"}]}}]}},
    "clients":{"count":1000,"target":"root","arrival":{"process":"poisson","rate":20}},
    "edges":{"clients->root":{"latency":"1ms","timeout":"500ms"},"root->leaf":)" +
         edge + "}}";
}

double slow_share(const RunResult& r) { return metric(r, "ops_failed") / metric(r, "ops"); }

// 12,000 requests: a share near 0.63 has a standard error of 0.0044, one near 0.01 of 0.0009.
TEST(tail_at_scale, a_request_waiting_for_all_of_100_leaves_is_slow_when_any_of_them_is) {
  const RunResult r = testing::run(fan_out(R"({"call":"leaf","count":100})"));
  EXPECT_NEAR(slow_share(r), 1 - std::pow(1 - kSlow, kLeaves), 0.02);  // 0.634
  EXPECT_EQ(metric(r, "services.leaf.requests"), kLeaves * metric(r, "services.root.requests"));
}

TEST(tail_at_scale, one_leaf_makes_a_request_slow_only_as_often_as_the_leaf_is) {
  const RunResult r = testing::run(fan_out(R"({"call":"leaf"})"));
  EXPECT_NEAR(slow_share(r), kSlow, 0.004);
}

// Waiting for 95 of 100: slow only when 6 or more leaves are, P = 1 - sum_{k<=5} C(100,k) p^k (1-p)^(100-k)
// = 0.00053; the calls still out when the 95th answers are abandoned, and cancelled at the leaf.
TEST(tail_at_scale, waiting_for_95_of_100_leaves_is_slow_only_when_six_leaves_are) {
  const RunResult r = testing::run(fan_out(R"({"call":"leaf","count":100,"need":95})",
                                           R"({"latency":"1ms","timeout":"5s","cancel_on_abandon":true})"));
  double at_most_five = 0;
  for (int k = 0; k <= 5; ++k)
    at_most_five += std::exp(std::lgamma(kLeaves + 1.0) - std::lgamma(k + 1.0) - std::lgamma(kLeaves - k + 1.0) +
                             k * std::log(kSlow) + (kLeaves - k) * std::log(1 - kSlow));
  EXPECT_LT(slow_share(r), (1 - at_most_five) * 4 + 0.001);
  EXPECT_EQ(metric(r, "ops_failed"), metric(r, "timeouts"));
  // About one leaf request in a hundred was slow and not needed: cancelled rather than left running.
  EXPECT_NEAR(metric(r, "services.leaf.cancelled") / metric(r, "services.leaf.requests"), kSlow, 0.002);
}

// Fewer than `need` successes possible: the step fails at the first failure beyond count - need.
TEST(tail_at_scale, a_fan_out_fails_as_soon_as_it_cannot_have_its_successes) {
  const std::string json = R"({"schema_version":1,"name":"quorum","duration":"1m",
    "services":{"root":{"workers":100,"handler":[{"call":"leaf","count":5,"need":3}]},
                "leaf":{"workers":100,"handler":[{"work":"10ms"}]}},
    "clients":{"count":100,"target":"root","arrival":{"process":"poisson","rate":50}},
    "edges":{"root->leaf":{"latency":"1ms"}},
    "faults":[{"id":"half","type":"error","target":"leaf","probability":0.5}]})";
  const RunResult r = testing::run(json);
  // Three successes of five at 1/2 each: P(at least 3) = (10 + 5 + 1) / 32 = 1/2.
  EXPECT_NEAR(metric(r, "success_rate"), 0.5, 0.03);
}

TEST(tail_at_scale, a_hedge_after_50ms_makes_a_leaf_slow_only_when_both_copies_are) {
  const RunResult r =
      testing::run(fan_out(R"({"call":"leaf","count":100})",
                           R"({"latency":"1ms","timeout":"5s","hedge":{"delay":"50ms"},"cancel_on_abandon":true})"));
  EXPECT_NEAR(slow_share(r), 1 - std::pow(1 - kSlow * kSlow, kLeaves), 0.004);  // 0.00995
  const double calls = metric(r, "services.root.requests") * kLeaves;
  EXPECT_NEAR(metric(r, "edges.root->leaf.hedges") / calls, kSlow, 0.001);
  // A hedge wins when its first attempt was the slow one: all but the p of hedges that are slow themselves.
  EXPECT_NEAR(metric(r, "edges.root->leaf.hedge_wins") / metric(r, "edges.root->leaf.hedges"), 1 - kSlow, 0.01);
  EXPECT_NEAR(metric(r, "edges.root->leaf.amplification"), 1 + kSlow, 0.001);
}

// A hedge at the observed 95th percentile: the fast leaves take 5 to 15 ms, so the round trip's p95 is about
// 16.5 ms and about 5% of the fast first attempts are copied, plus every slow one: 0.99 x 0.05 + 0.01 = 6%.
TEST(tail_at_scale, a_hedge_at_the_95th_percentile_copies_about_6_percent_and_cuts_the_tail) {
  const RunResult r =
      testing::run(fan_out(R"({"call":"leaf","count":100})",
                           R"({"latency":"1ms","timeout":"5s","hedge":{"percentile":95},"cancel_on_abandon":true})",
                           R"({"dist":"uniform","min":"5ms","max":"15ms"})"));
  const double calls = metric(r, "services.root.requests") * kLeaves;
  EXPECT_NEAR(metric(r, "edges.root->leaf.hedges") / calls, 0.99 * 0.05 + kSlow, 0.012);
  EXPECT_LT(slow_share(r), 0.02);  // 0.00995, and the first window of 1,000 attempts is not hedged
}

// A retry budget keeps hedges to its share: Finagle's ratio budget at 0.5% of requests (no floor).
TEST(tail_at_scale, a_retry_budget_caps_the_hedges_and_the_tail_comes_back_for_the_rest) {
  const RunResult r = testing::run(fan_out(R"({"call":"leaf","count":100})",
                                           R"({"latency":"1ms","timeout":"5s","hedge":{"delay":"50ms"},
      "retry":{"budget":{"type":"ratio","percent":0.5,"min_per_second":0}}})"));
  const double calls = metric(r, "services.root.requests") * kLeaves;
  EXPECT_LT(metric(r, "edges.root->leaf.hedges") / calls, 0.0055);
  EXPECT_GT(metric(r, "budget.denied"), 0.4 * kSlow * calls);
  // Half the slow first attempts go unhedged, so a leaf is slow with probability about p / 2 and a query with about
  // 1 - (1 - p/2)^100 = 0.39; the budget's refusals come in runs (a query's slow leaves ask for their hedges at the
  // same instant), so only the range is certain: far above the fully hedged 1%, below the unhedged 63%.
  EXPECT_GT(slow_share(r), 0.2);
  EXPECT_LT(slow_share(r), 0.5);
}

}  // namespace
}  // namespace chaossim
