// Queue disciplines (engine_queue.cpp): CoDel as Facebook runs it, adaptive LIFO, priority queues by criticality,
// and the criticality mix that feeds them.
#include <cmath>

#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// One worker, 10 ms of work (capacity 100/s), 50 operations/s, four times that from 10 s to 70 s: twice the
// capacity for a minute. Network 1 ms each way, no retries, the default 30 s timeout.
const std::string kOverload = R"({"schema_version":1,"name":"overload","duration":"80s","warmup":"2s","bucket":"1s",
  "services":{"api":{"workers":1,"handler":[{"work":"10ms"}]}},
  "clients":{"count":100,"target":"api","arrival":{"process":"poisson","rate":50}},
  "edges":{"clients->api":{"latency":"1ms"}},
  "faults":[{"id":"surge","type":"load","target":"clients","factor":4,"start":"10s","duration":"60s"}]})";

TEST(codel, keeps_the_waits_of_served_requests_near_target_while_fifo_grows) {
  // 10 workers (1000/s), offered 500/s and then 2000/s. CoDel's queue holds about rate x target requests; with a
  // 20 ms target that is 40 under the surge, which does not empty while 20 are taken in 20 ms. (A queue only a few
  // requests deep empties now and then, and each time it counts as calm again for an interval: see
  // docs/scenario-format.md 4.5.)
  const std::vector<Override> larger = {{"services.api.workers", 10}, {"clients.arrival.rate", 500}};
  const RunResult fifo = testing::run(kOverload, 1, larger);
  // The backlog grows by 1000 requests a second: the last served during the surge waited tens of seconds.
  EXPECT_GT(metric(fifo, "latency.p99", kDuring), 5.0);

  std::vector<Override> with_codel = larger;
  with_codel.push_back({"services.api.queue.codel", nlohmann::json::parse(R"({"target":"20ms"})")});
  const RunResult codel = testing::run(kOverload, 1, with_codel);
  // After the first interval every request joins a congested queue and may wait 20 ms: served ones took at most
  // 1 + 20 + 10 + 1 ms (plus the histogram's 3 % resolution); the first 100 ms of the surge are under 1 % of it.
  EXPECT_LE(metric(codel, "latency.p99", kDuring), 0.032 * 1.03);
  // And the queue stands: the typical served request waited most of the target.
  EXPECT_GT(metric(codel, "latency.p50", kDuring), 0.012 + 0.015);
  // What CoDel sheds is the excess: half of the 2000/s offered is served.
  EXPECT_NEAR(metric(codel, "success_rate", kDuring), 0.5, 0.03);
  EXPECT_GT(metric(codel, "services.api.shed"), 50'000);
  // Before the surge, at half the capacity, requests wait little and none is shed.
  EXPECT_EQ(metric(codel, "success_rate", kBefore), 1.0);
}

// ---- adaptive LIFO ---------------------------------------------------------------------------------------------

// Light load with bursts: one worker, exponential work of mean 2 ms, 200 operations/s (40 % busy). Requests often
// wait behind one another, so FIFO and LIFO serve them in different orders, but the queue never stands for 100 ms.
const std::string kLight = R"({"schema_version":1,"name":"light","duration":"120s","bucket":"1s",
  "services":{"api":{"workers":1,"handler":[{"work":{"dist":"exponential","mean":"2ms"}}]}},
  "clients":{"count":100,"target":"api","arrival":{"process":"poisson","rate":200}},
  "edges":{"clients->api":{"latency":"1ms"}}})";

TEST(adaptive_lifo, serves_in_fifo_order_while_the_queue_is_not_congested) {
  const RunResult fifo = testing::run(kLight);
  const RunResult lifo = testing::run(kLight, 1, {{"services.api.queue.discipline", "lifo"}});
  const RunResult adaptive = testing::run(kLight, 1, {{"services.api.queue.discipline", "adaptive_lifo"}});
  ASSERT_NE(metric(fifo, "latency.max"), metric(lifo, "latency.max")) << "the order never mattered: no test";
  ASSERT_EQ(adaptive.phases[kOverall].values.size(), fifo.phases[kOverall].values.size());
  for (std::size_t i = 0; i < fifo.phases[kOverall].values.size(); ++i) {
    const auto& [name, value] = fifo.phases[kOverall].values[i];
    const double other = adaptive.phases[kOverall].values[i].second;
    EXPECT_TRUE(value == other || (std::isnan(value) && std::isnan(other))) << name << ": " << value << " " << other;
  }
}

TEST(adaptive_lifo, serves_the_newest_first_while_the_queue_is_congested) {
  // Bounded so that FIFO's waits are bounded too: 200 waiting at 100/s is 2 s of queue for everyone it serves.
  const std::vector<Override> bounded = {{"services.api.queue.capacity", 200}};
  const RunResult fifo = testing::run(kOverload, 1, bounded);
  std::vector<Override> adaptive = bounded;
  adaptive.push_back({"services.api.queue.discipline", "adaptive_lifo"});
  const RunResult a = testing::run(kOverload, 1, adaptive);
  EXPECT_GT(metric(fifo, "latency.p50", kDuring), 1.5);
  // The newest request waits for the one in service at most, most of the time: the median is work plus network.
  EXPECT_LT(metric(a, "latency.p50", kDuring), 0.012 * 1.03 + 0.010);
  // The worker stays as busy either way: the discipline chooses whom it serves, not how many.
  EXPECT_NEAR(metric(a, "services.api.utilization", kDuring), metric(fifo, "services.api.utilization", kDuring), 0.001);
}

// ---- criticality and priority queues ---------------------------------------------------------------------------

TEST(criticality, each_operation_draws_its_class_from_the_mix) {
  const RunResult r = testing::run(
      kLight, 1, {{"clients.criticality", nlohmann::json::parse(R"({"critical":0.2,"default":0.5,"sheddable":0.3})")}});
  const double ops = metric(r, "ops");
  for (const auto& [name, share] : {std::pair{"critical", 0.2}, {"default", 0.5}, {"sheddable", 0.3}}) {
    const double n = metric(r, std::string("criticality.") + name + ".ops");
    // Binomial: within 4 standard errors.
    EXPECT_NEAR(n, share * ops, 4 * std::sqrt(ops * share * (1 - share))) << name;
    EXPECT_EQ(metric(r, std::string("criticality.") + name + ".success_rate"), 1.0) << name;
  }
}

TEST(criticality, a_class_without_a_share_has_no_metrics_and_no_mix_none_at_all) {
  const RunResult r =
      testing::run(kLight, 1, {{"clients.criticality", nlohmann::json::parse(R"({"critical":0.4,"sheddable":0.6})")}});
  EXPECT_EQ(r.phases[kOverall].find("criticality.default.ops"), nullptr);
  EXPECT_NE(r.phases[kOverall].find("criticality.sheddable.ops"), nullptr);
  const RunResult plain = testing::run(kLight);
  EXPECT_EQ(plain.phases[kOverall].find("criticality.default.ops"), nullptr);
}

// Twice the capacity for a minute, with a small queue: 20 % critical (0.4 of capacity), 40 % default (0.8) and
// 40 % sheddable (0.8).
const std::vector<Override> kMixedSurge = {
    {"clients.criticality", nlohmann::json::parse(R"({"critical":0.2,"default":0.4,"sheddable":0.4})")},
    {"services.api.queue.capacity", 10}};

TEST(priority, serves_the_most_critical_first_and_sheds_the_least) {
  std::vector<Override> priority = kMixedSurge;
  priority.push_back({"services.api.queue.discipline", "priority"});
  const RunResult r = testing::run(kOverload, 1, priority);
  // Critical work fits with room to spare; what is left after it, 0.6 of the capacity, serves 75 % of the 0.8 of
  // default work; sheddable gets the crumbs.
  EXPECT_NEAR(metric(r, "criticality.default.success_rate", kDuring), 0.75, 0.05);
  EXPECT_LT(metric(r, "criticality.sheddable.success_rate", kDuring), 0.05);

  // FIFO treats them alike: each class gets about the half that fits.
  const RunResult fifo = testing::run(kOverload, 1, kMixedSurge);
  for (const char* c : {"critical", "default", "sheddable"})
    EXPECT_NEAR(metric(fifo, std::string("criticality.") + c + ".success_rate", kDuring), 0.5, 0.05) << c;
}

TEST(priority, a_full_queue_evicts_a_less_critical_request_for_a_more_critical_one) {
  // Without eviction a queue full of sheddable requests would turn critical ones away: at 10 waiting and 200/s
  // offered, a critical arrival would find it full about half the time.
  std::vector<Override> priority = kMixedSurge;
  priority.push_back({"services.api.queue.discipline", "priority"});
  const RunResult r = testing::run(kOverload, 1, priority);
  EXPECT_GT(metric(r, "criticality.critical.success_rate", kDuring), 0.99);
}

TEST(priority, carries_the_operations_criticality_to_a_downstream_queue) {
  // The priority queue is one call away from the clients: the class travels with the call.
  const std::string chain = R"({"schema_version":1,"name":"chain","duration":"80s","warmup":"2s","bucket":"1s",
    "services":{"front":{"workers":1000,"handler":[{"call":"api"}]},
                "api":{"workers":1,"queue":{"capacity":10,"discipline":"priority"},"handler":[{"work":"10ms"}]}},
    "clients":{"count":100,"target":"front","arrival":{"process":"poisson","rate":50},
               "criticality":{"critical":0.2,"default":0.4,"sheddable":0.4}},
    "edges":{"default":{"latency":"1ms"}},
    "faults":[{"id":"surge","type":"load","target":"clients","factor":4,"start":"10s","duration":"60s"}]})";
  const RunResult r = testing::run(chain);
  EXPECT_GT(metric(r, "criticality.critical.success_rate", kDuring), 0.99);
  EXPECT_LT(metric(r, "criticality.sheddable.success_rate", kDuring), 0.05);
}

}  // namespace
}  // namespace chaossim
