// Contention: work that grows with the requests at the service, as in Brooker's collapse simulator (service time
// 1 s + 10 ms x requests in flight). Such a server has no fixed capacity, yet it has a knee: with N requests in
// service it completes N / (1 + 0.01 N) per second, which approaches 100/s and never reaches it.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// 1 s of work, 1% longer for every other request holding a worker; as many workers as anyone needs; constant
// arrivals and no network delay, so the run is deterministic and latency is the service time.
std::string brooker(double rate, const std::string& duration = "120s") {
  return R"({"schema_version":1,"name":"contention","duration":")" + duration + R"(","warmup":"60s",
    "services":{"db":{"workers":100000,"handler":[{"work":"1s"}],"contention":{"per_request":0.01}}},
    "clients":{"count":1,"target":"db","arrival":{"process":"constant","rate":)" +
         std::to_string(rate) + R"(}},
    "edges":{"clients->db":{"latency":"0ms","timeout":"1h"}}})";
}

TEST(contention, below_the_knee_service_time_settles_where_littles_law_says) {
  // In steady state a request finds the others that arrived during the last s seconds: about rate x s - 1 of
  // them, so s = 1 + 0.01 (rate s - 1), s = 0.99 / (1 - 0.01 rate): 1.2375 s at 20/s and 1.98 s at 50/s.
  // Arrivals are discrete, so a request sees a whole number of others: within one arrival's worth (0.01 s).
  EXPECT_NEAR(metric(testing::run(brooker(20)), "latency.mean"), 1.2375, 0.01);
  EXPECT_NEAR(metric(testing::run(brooker(50)), "latency.mean"), 1.98, 0.01);
}

TEST(contention, beyond_the_knee_the_server_completes_less_than_it_is_offered_and_never_settles) {
  // Offered 150/s: the backlog grows, every new request is slower than the last, and completions stay below
  // the 100/s that N / (1 + 0.01 N) approaches.
  const RunResult r = testing::run(brooker(150, "160s"));
  EXPECT_LT(metric(r, "ops_succeeded") / 100, 100);  // over the 100 s after warmup
  EXPECT_GT(metric(r, "ops_unfinished"), 0.3 * metric(r, "ops"));
}

TEST(contention, counting_the_queue_slows_work_by_the_requests_waiting_for_a_worker) {
  // One worker, 10 ms of work, arrivals every 10.5 ms: nobody ever waits, so counting the queue changes nothing,
  // and counting those in service excludes the request itself (alone, a step takes its own time).
  const std::string json = R"({"schema_version":1,"name":"q","duration":"10s",
    "services":{"db":{"workers":1,"handler":[{"work":"10ms"}],"contention":{"per_request":0.5,"counts":"COUNTS"}}},
    "clients":{"count":1,"target":"db","arrival":{"process":"constant","rate":95.238}},
    "edges":{"clients->db":{"latency":"0ms","timeout":"1h"}}})";
  for (const char* counts : {"in_service", "queued", "in_system"}) {
    std::string j = json;
    j.replace(j.find("COUNTS"), 6, counts);
    EXPECT_NEAR(metric(testing::run(j), "latency.max"), 0.010, 1e-9) << counts;
  }
}

TEST(contention, with_a_queue_counted_a_burst_makes_every_waiting_request_slower) {
  // Two requests 1 ms apart at one worker: the second waits, so the first's work (started when it was alone)
  // is 10 ms, and the second's, started with nobody waiting behind it, is 10 ms too; with `queued` counted, a
  // third arriving while the second waits makes the second's work 1.5x when it starts.
  const std::string json = R"({"schema_version":1,"name":"b","duration":"1s",
    "services":{"db":{"workers":1,"handler":[{"work":"10ms"}],"contention":{"per_request":0.5,"counts":"queued"}}},
    "clients":{"count":1,"target":"db","arrival":{"process":"constant","rate":1000,"profile":[["3500us",0]]}},
    "edges":{"clients->db":{"latency":"0ms","timeout":"1h"}}})";
  // Arrivals at 1, 2 and 3 ms. The first runs 1-11 ms alone; at 11 ms the second starts with the third waiting
  // (x1.5: until 26 ms), then the third with nobody waiting (until 36 ms): latencies 10, 24 and 33 ms.
  const RunResult r = testing::run(json);
  EXPECT_EQ(metric(r, "ops"), 3);
  EXPECT_NEAR(metric(r, "latency.max"), 0.033, 1e-9);
  EXPECT_NEAR(metric(r, "latency.mean"), (0.010 + 0.024 + 0.033) / 3, 1e-9);
}

}  // namespace
}  // namespace chaossim
