// The engine against queueing theory: M/M/c waiting time (Erlang C), M/M/c/K blocking, utilisation. Arrivals are
// Poisson, work is exponential, the network takes no time and nothing fails, so the closed forms apply exactly.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;
using testing::replicate;

// Erlang C: probability that an arrival waits, for offered load a = lambda / mu on c servers.
double erlang_c(int c, double a) {
  double term = 1, sum = 1;  // k = 0
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double top = term * a / c * (c / (c - a));  // a^c / c! * c / (c - a)
  return top / (sum + top);
}

std::string mmc(int workers, double rate, const std::string& mean_work, const std::string& extra_service = "") {
  return R"({"schema_version":1,"name":"mmc","duration":"1200s","warmup":"60s","bucket":"10s",
    "services":{"api":{"workers":)" + std::to_string(workers) + extra_service +
         R"(,"handler":[{"work":{"dist":"exponential","mean":")" + mean_work + R"("}}]}},
    "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":)" + std::to_string(rate) + R"(}},
    "edges":{"clients->api":{"latency":"0s","timeout":"1h"}}})";
}

// lambda = 80/s, mu = 25/s per worker, c = 4: a = 3.2, rho = 0.8.
TEST(queueing, mmc_mean_latency_matches_erlang_c) {
  const int c = 4;
  const double lambda = 80, mu = 25, a = lambda / mu;
  const double expected = erlang_c(c, a) / (c * mu - lambda) + 1 / mu;  // W = Wq + 1/mu
  const std::string json = mmc(c, lambda, "40ms");
  const auto est = replicate(8, [&](std::uint64_t seed) { return metric(testing::run(json, seed), "latency.mean"); });
  // Eight replications of ~91,000 operations each. Five standard errors of the replication mean: a false
  // failure has odds below 1e-4 even with Student's t at 7 degrees of freedom, while a model error of a few
  // percent (e.g. workers not released, or service time counted twice) lies far outside.
  EXPECT_NEAR(est.mean, expected, 5 * est.se) << "se " << est.se;
  EXPECT_LT(est.se / expected, 0.02);  // the test has power: the estimate is tight enough to mean something
}

TEST(queueing, mmc_utilisation_is_offered_load_per_worker) {
  const auto est = replicate(4, [&](std::uint64_t seed) {
    return metric(testing::run(mmc(4, 80, "40ms"), seed), "services.api.utilization");
  });
  EXPECT_NEAR(est.mean, 0.8, std::max(5 * est.se, 0.002));
}

TEST(queueing, mm1_with_low_load_waits_almost_never) {
  // rho = 0.1 on one worker: W = 1 / (mu - lambda) exactly for M/M/1.
  const std::string json = mmc(1, 10, "10ms");
  const auto est = replicate(4, [&](std::uint64_t seed) { return metric(testing::run(json, seed), "latency.mean"); });
  EXPECT_NEAR(est.mean, 1.0 / (100 - 10), 5 * est.se);
}

// M/M/c/K: at most K requests in the system (c in service, K - c waiting); an arrival that finds it full is
// turned away (503 at once). Blocking probability P_K from the birth-death chain.
double mmck_blocking(int c, int k, double a) {
  std::vector<double> p(static_cast<std::size_t>(k) + 1);
  p[0] = 1;
  for (int n = 1; n <= k; ++n) p[n] = p[n - 1] * a / std::min(n, c);
  double sum = 0;
  for (double x : p) sum += x;
  return p[k] / sum;
}

TEST(queueing, mmck_blocking_probability_matches_the_birth_death_chain) {
  const int c = 2, queue = 3;
  const double lambda = 50, mu = 25;  // a = 2: heavily loaded, so blocking is substantial
  const double expected = mmck_blocking(c, c + queue, lambda / mu);
  const std::string json = mmc(c, lambda, "40ms", R"(,"queue":{"capacity":3})");
  const auto est = replicate(6, [&](std::uint64_t seed) {
    const RunResult r = testing::run(json, seed);
    return metric(r, "services.api.shed") / metric(r, "services.api.requests");
  });
  EXPECT_NEAR(est.mean, expected, 5 * est.se) << "expected " << expected;
  EXPECT_LT(est.se, 0.01);
}

}  // namespace
}  // namespace chaossim
