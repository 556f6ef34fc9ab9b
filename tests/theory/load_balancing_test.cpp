// Load balancing over instances against what is known of it: round robin splits load exactly; choosing the less
// loaded of two random instances (the supermarket model, Mitzenmacher 1996) shrinks queues doubly exponentially
// where a random choice leaves every instance an M/M/1 queue; a sticky retry goes back to a dead instance; a
// memory idempotency store per instance dedupes only retries that land on the same instance, which a retry
// avoids unless its call is sticky.
#include <cmath>
#include <string>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// N instances of one worker each, exponential work of mean 1/mu = 10 ms, Poisson arrivals at lambda per instance
// (rho = lambda / mu), a network of 1 us. No queue bound, no timeouts that matter: the queueing model itself.
std::string supermarket(const std::string& policy, int instances, double rho, const std::string& duration = "200s") {
  const double rate = rho * 100.0 * instances;
  return R"({"schema_version":1,"name":"supermarket","duration":")" + duration + R"(","warmup":"20s",
    "services":{"api":{"instances":)" + std::to_string(instances) + R"(,"workers":1,
                       "handler":[{"work":{"dist":"exponential","mean":"10ms"}}]}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":)" + std::to_string(rate) + R"(}},
    "edges":{"clients->api":{"latency":"1us","timeout":"1h","balancer":{"policy":")" + policy + R"("}}}})";
}

// Mean time in the system of the supermarket model with d = 2 choices as N grows (Mitzenmacher, "The Power of Two
// Choices in Randomized Load Balancing", 2001): the share of queues with at least i requests is rho^(2^i - 1), so
// T = (1/mu) sum_{i>=1} rho^(2^i - 2).
double two_choices_mean_seconds(double rho) {
  double t = 0;
  for (int i = 1; i < 30; ++i) t += std::pow(rho, std::pow(2.0, i) - 2);
  return 0.010 * t;
}

TEST(load_balancing, round_robin_splits_requests_exactly) {
  const RunResult r = testing::run(supermarket("round_robin", 4, 0.5, "60s"));
  const double first = metric(r, "instances.api#1.requests");
  EXPECT_GT(first, 1800) << "40 s at 50 requests per second each";
  for (const char* other : {"instances.api#2.requests", "instances.api#3.requests", "instances.api#4.requests"})
    EXPECT_NEAR(metric(r, other), first, 1) << other << ": one turn each, give or take the request in flight";
  EXPECT_NEAR(metric(r, "services.api.utilization"), 0.5, 0.02);
}

TEST(load_balancing, random_choice_leaves_each_instance_an_mm1_queue) {
  // rho = 0.9: T = 1 / (mu - lambda) = 100 ms, and the sojourn time is exponential: p99 = ln(100) x 100 ms.
  const auto mean = testing::replicate(4, [](std::uint64_t seed) {
    return metric(testing::run(supermarket("random", 20, 0.9), seed), "latency.mean");
  });
  EXPECT_NEAR(mean.mean, 0.100, std::max(0.1 * 0.100, 3 * mean.se));
}

TEST(load_balancing, two_random_choices_cut_the_mean_time_as_the_supermarket_model_says) {
  // rho = 0.9: 26.1 ms with two choices against 100 ms with one; N = 100 is close to the limit of large N.
  const double theory = two_choices_mean_seconds(0.9);
  EXPECT_NEAR(theory, 0.02615, 0.0001);
  const auto mean = testing::replicate(4, [](std::uint64_t seed) {
    return metric(testing::run(supermarket("power_of_two_choices", 100, 0.9, "60s"), seed), "latency.mean");
  });
  EXPECT_NEAR(mean.mean, theory, 0.06 * theory) << "finite N adds a little";
  EXPECT_GE(mean.mean, theory * 0.98) << "the limit of large N is a lower bound";
}

TEST(load_balancing, least_outstanding_beats_two_choices_which_beats_random_in_the_tail) {
  const double random = metric(testing::run(supermarket("random", 20, 0.8, "60s")), "latency.p99");
  const double two = metric(testing::run(supermarket("power_of_two_choices", 20, 0.8, "60s")), "latency.p99");
  const double least = metric(testing::run(supermarket("least_outstanding", 20, 0.8, "60s")), "latency.p99");
  // M/M/1 at rho = 0.8: p99 = ln(100) / (mu - lambda) = 230 ms.
  EXPECT_NEAR(random, std::log(100.0) / 20.0, 0.1 * std::log(100.0) / 20.0);
  EXPECT_LT(two, random / 2.5);
  EXPECT_LT(least, two);
}

// Three instances behind a random balancer; #2 is down for the whole run. Clients retry a refused connection once.
std::string one_dead_instance(bool sticky, const std::string& store = "") {
  return R"({"schema_version":1,"name":"dead","duration":"60s",
    "services":{"api":{"instances":3,"workers":50,)" + store + R"("handler":[{"work":"5ms"},{"effect":"charge"}]}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":500}},
    "edges":{"clients->api":{"timeout":"1s","retry":{"max_attempts":2,"backoff":{"type":"constant","base":"10ms"}},
             "balancer":{"policy":"random","sticky":)" + (sticky ? "true" : "false") + R"(}}},
    "faults":[{"id":"down","type":"crash","target":"api#2","start":"0s"}]})";
}

TEST(load_balancing, a_retry_goes_to_another_instance_unless_the_call_is_sticky) {
  // Not sticky: a retry avoids the instance of the attempt before it, so every call that drew #2 first succeeds on
  // its retry. Sticky: the retry goes back to the dead instance, so the third that drew #2 first fails.
  const RunResult loose = testing::run(one_dead_instance(false));
  const RunResult sticky = testing::run(one_dead_instance(true));
  const double n = metric(loose, "ops");
  EXPECT_EQ(metric(loose, "success_rate"), 1);
  EXPECT_NEAR(metric(loose, "amplification"), 4.0 / 3, 4 * std::sqrt(n * 2 / 9.0) / n) << "a third retry once";
  EXPECT_NEAR(metric(sticky, "success_rate"), 2.0 / 3, 4 * std::sqrt(n * 2 / 9.0) / n);
  EXPECT_EQ(metric(loose, "instances.api#2.requests"), 0) << "refused at the door: never a request";
  EXPECT_GT(metric(loose, "instances.api#3.requests"), 0);
}

// Replies lost on the way back with probability 0.3; the client retries with the same key, up to 4 attempts.
std::string lost_replies(int instances, const std::string& store, const std::string& balancer) {
  return R"({"schema_version":1,"name":"stores","duration":"60s",
    "services":{"pay":{"instances":)" + std::to_string(instances) + R"(,"workers":50,
      "idempotency":{"store":")" + store + R"("},"handler":[{"work":"5ms"},{"effect":"charge"}]}},
    "clients":{"count":1000,"target":"pay","arrival":{"process":"poisson","rate":500}},
    "edges":{"clients->pay":{"timeout":"200ms","retry":{"max_attempts":4,"backoff":{"type":"constant","base":"10ms"}},
             "balancer":)" + balancer + R"(}},
    "faults":[{"id":"lossy","type":"drop_response","target":"clients->pay","probability":0.3}]})";
}

TEST(load_balancing, a_memory_store_per_instance_dedupes_only_retries_that_come_back_to_it) {
  const std::string round_robin = R"({"policy":"random"})", sticky = R"({"policy":"random","sticky":true})";
  EXPECT_EQ(metric(testing::run(lost_replies(3, "durable", round_robin)), "duplicates"), 0) << "one shared store";
  EXPECT_EQ(metric(testing::run(lost_replies(3, "memory", sticky)), "duplicates"), 0) << "retries come back";
  EXPECT_EQ(metric(testing::run(lost_replies(1, "memory", round_robin)), "duplicates"), 0) << "one instance";
  // A retry goes to another instance, whose store has not seen the key: every lost first reply (0.3 per
  // operation) costs a second charge. A third attempt may go back to the first instance, which remembers: later
  // losses add between 0.09 / 2 and 0.09 + 0.027.
  const RunResult spread = testing::run(lost_replies(3, "memory", round_robin));
  const double per_op = metric(spread, "duplicates") / metric(spread, "ops");
  EXPECT_GT(per_op, 0.3 + 0.045 - 0.02);
  EXPECT_LT(per_op, 0.3 + 0.09 + 0.027 + 0.02);
}

}  // namespace
}  // namespace chaossim
