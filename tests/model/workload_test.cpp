// Workloads in whole runs: ramps in the rate profile (a non-homogeneous Poisson process whose arrival count over
// a ramp is the integral of its rate) and load-dependent errors (a service that answers 429 with a Retry-After
// once its queue is long, which callers honour).
#include <cmath>

#include "scenario/loader.h"
#include "support/run.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using testing::metric;

// ---- ramps ---------------------------------------------------------------------------------------------------

// Clients at `rate` per second with `profile`, on a service fast enough that every operation is counted.
std::string ramped(const std::string& process, double rate, const std::string& profile, const std::string& extra = "") {
  return R"({"schema_version":1,"name":"ramp","duration":"10s")" + extra + R"(,
    "services":{"api":{"workers":1000,"handler":[{"work":"1us"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":")" +
         process + R"(","rate":)" + std::to_string(rate) + R"(,"profile":)" + profile + "}}}";
}

TEST(workload, poisson_arrivals_over_a_ramp_number_its_integral) {
  // The multiplier rises from 0 at 0s to 2 at 10s: the rate is 200 t per second and its integral 100 t^2, so
  // 10,000 arrivals in all and 2,500 in the first 5 s. A Poisson count has standard deviation sqrt(mean); the
  // bound is 5 of them. A step profile at the mean (1000/s) would give the same total but 5,000 in each half,
  // which the warmup check tells apart.
  const std::string profile = R"([["0s", 0], ["10s", 2, "ramp"]])";
  for (const std::uint64_t seed : {1, 2, 3}) {
    const RunResult whole = testing::run(ramped("poisson", 1000, profile), seed);
    EXPECT_NEAR(metric(whole, "ops"), 10'000, 5 * std::sqrt(10'000.0)) << seed;
    const RunResult late = testing::run(ramped("poisson", 1000, profile, R"(,"warmup":"5s")"), seed);
    EXPECT_NEAR(metric(late, "ops"), 7'500, 5 * std::sqrt(7'500.0)) << seed;
  }
}

TEST(workload, a_ramp_from_the_implied_start_and_a_falling_ramp_integrate_exactly_for_constant_arrivals) {
  // From the implied 1 at 0s up to 3 at 4s, then down to 0 at 10s: 100 x (2 x 4 + 1.5 x 6) = 1,700 arrivals,
  // each when the integral of the rate passes the next whole number (the first at 1.0), so 1,700 exactly, give
  // or take the last one at the very end.
  const RunResult r = testing::run(ramped("constant", 100, R"([["4s", 3, "ramp"], ["10s", 0, "ramp"]])"));
  EXPECT_NEAR(metric(r, "ops"), 1'700, 1);
}

TEST(workload, ramps_and_steps_combine_with_load_faults) {
  // Steps at 1 until 2s, a ramp to 3 at 6s, held to 10s: 100 x (2 + 2 x 4 + 3 x 4) = 2,200; a load fault
  // doubling the rate from 6s to 8s adds 100 x 3 x 2 = 600. A constant process starts afresh at each change of
  // rate (its next arrival one new gap later), so each change may drop the fraction of an arrival in progress:
  // the tolerance is one per change.
  const std::string profile = R"([["2s", 1], ["6s", 3, "ramp"]])";
  EXPECT_NEAR(metric(testing::run(ramped("constant", 100, profile)), "ops"), 2'200, 2);
  const std::string load =
      R"(,"faults":[{"id":"rush","type":"load","target":"clients","start":"6s","duration":"2s","factor":2}])";
  EXPECT_NEAR(metric(testing::run(ramped("constant", 100, profile, load)), "ops"), 2'800, 4);
}

TEST(workload, ramp_points_are_validated) {
  auto errors_of = [](const std::string& profile) {
    nlohmann::json j = testing::minimal_scenario();
    j["clients"]["arrival"]["profile"] = nlohmann::json::parse(profile);
    return testing::all_errors(testing::load_json(j));
  };
  EXPECT_NE(errors_of(R"([["0s", 2, "ramp"]])").find("a ramp needs time to rise"), std::string::npos);
  EXPECT_NE(errors_of(R"([["5s", 2, "linear"]])").find(R"(expected "ramp")"), std::string::npos);
  EXPECT_NE(errors_of(R"([["5s", 2, "ramp", 1]])").find("or [\"5m\", 2.5, \"ramp\"]"), std::string::npos);
  EXPECT_EQ(errors_of(R"([["5s", 2, "ramp"], ["6s", 0]])"), "");
}

// ---- load-dependent errors -------------------------------------------------------------------------------------

// One worker taking 100 ms (10 requests per second) offered `rate` per second (50 unless said), with `overload`.
std::string overloaded(const std::string& overload, const std::string& edge = "", int rate = 50) {
  return R"({"schema_version":1,"name":"busy","duration":"60s",
    "services":{"api":{"workers":1,"handler":[{"work":"100ms"}],"overload":)" +
         overload + R"(}},
    "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":)" +
         std::to_string(rate) + R"(}},
    "edges":{"clients->api":{"latency":"1ms","timeout":"30s")" +
         edge + "}}}";
}

TEST(workload, an_overloaded_service_turns_requests_away_past_its_threshold) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    const RunResult r = testing::run(overloaded(R"({"queue_above":5})"), seed);
    EXPECT_EQ(metric(r, "services.api.queue_max"), 5) << "the queue never holds more than queue_above";
    const double requests = metric(r, "services.api.requests"), turned_away = metric(r, "services.api.overloaded");
    // The worker is busy all the time and serves 10 per second; every other request is turned away at once.
    EXPECT_NEAR(metric(r, "ops_succeeded") / 60, 10, 0.2) << seed;
    EXPECT_NEAR(requests / 60, 50, 5 * std::sqrt(50.0 / 60)) << seed << ": Poisson arrivals at 50 per second";
    EXPECT_NEAR(turned_away, requests - metric(r, "ops_succeeded"), 6) << seed << ": at most 6 still in the service";
    EXPECT_NEAR(metric(r, "ops_failed"), turned_away, 3) << "no retries: each turned-away request fails its operation";
    EXPECT_EQ(metric(r, "services.api.shed"), 0) << "overload answers are counted apart from shedding";
  }
  const RunResult idle = testing::run(overloaded(R"({"queue_above":5})", "", 2));
  EXPECT_EQ(metric(idle, "services.api.overloaded"), 0) << "below capacity nothing is turned away";
}

TEST(workload, callers_wait_the_retry_after_of_an_overload_answer) {
  // A 429 retried after 10 ms backoff, or after the 2 s Retry-After when respected. Without it, the slowest
  // success waits at most 5 queued requests x 100 ms, twice, plus the backoff: about 1.1 s.
  const std::string retry =
      R"(,"retry":{"max_attempts":2,"retry_on":["429"],"backoff":{"type":"constant","base":"10ms"},)";
  const std::string overload = R"({"queue_above":5,"status":429,"retry_after":"2s"})";
  const RunResult respected = testing::run(overloaded(overload, retry + R"("respect_retry_after":true})"));
  const RunResult ignored = testing::run(overloaded(overload, retry + R"("respect_retry_after":false})"));
  EXPECT_GE(metric(respected, "latency.max"), 2.0);
  EXPECT_LT(metric(ignored, "latency.max"), 1.5);
  EXPECT_GT(metric(respected, "retries"), 0);
}

TEST(workload, the_overload_status_is_retried_as_its_class_says) {
  // Default retry_on is timeout, 5xx and connect errors: a 429 is not retried, a 503 is.
  const std::string retry = R"(,"retry":{"max_attempts":3,"backoff":{"type":"constant","base":"10ms"}})";
  const RunResult too_many = testing::run(overloaded(R"({"queue_above":5})", retry));
  const RunResult unavailable = testing::run(overloaded(R"({"queue_above":5,"status":503})", retry));
  EXPECT_EQ(metric(too_many, "retries"), 0);
  EXPECT_GT(metric(unavailable, "retries"), 0);
}

TEST(workload, overload_keys_are_validated) {
  nlohmann::json j = testing::minimal_scenario();
  j["services"]["api"]["queue"] = {{"capacity", 10}};
  j["services"]["api"]["overload"] = {{"queue_above", 10}};
  EXPECT_NE(testing::all_errors(testing::load_json(j)).find("is not below queue.capacity 10"), std::string::npos);
  j["services"]["api"]["overload"] = {{"status", 429}};
  EXPECT_NE(testing::all_errors(testing::load_json(j)).find("queue_above"), std::string::npos);
  j["services"]["api"]["overload"] = {{"queue_above", 3}, {"status", 200}};
  EXPECT_NE(testing::all_errors(testing::load_json(j)).find("expected an integer from 400 to 599"), std::string::npos);
  j["services"]["api"]["overload"] = {{"queue_above", 3}, {"status", 503}, {"retry_after", "1s"}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.scenario->services[0].overload.queue_above, 3u);
  EXPECT_EQ(r.scenario->services[0].overload.status, 503);
  EXPECT_EQ(r.scenario->services[0].overload.retry_after, Duration::seconds(1));
}

}  // namespace
}  // namespace chaossim
