// Cancellation that reaches the callee (edges.X.cancel_on_abandon): closed forms for the worker time it saves, at
// one level and through a chain, for queued, running and processor-shared requests, and the ledger left alone.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

// Constant arrivals at 10/s for 90 s (the last 10 s let everything finish) into a service with plenty of workers,
// whose work W = 1 s outlasts the caller's timeout T = 200 ms (one attempt, no retry). The request arrives L = 1 ms
// after the attempt starts.
const std::string kSlowCallee = R"({"schema_version":1,"name":"cancel","duration":"100s","bucket":"1s",
  "services":{"slow":{"workers":100,"handler":[{"work":"1s"},{"effect":"write"}]}},
  "clients":{"count":1,"target":"slow","arrival":{"process":"constant","rate":10,"profile":[["90s",0]]}},
  "edges":{"clients->slow":{"latency":"1ms","timeout":"200ms"}}})";

// Busy worker-seconds over the run: utilisation x workers x length.
double busy_seconds(const RunResult& r, const std::string& service, double workers) {
  return metric(r, "services." + service + ".utilization") * workers * 100.0;
}

TEST(cancel, without_it_the_callee_works_w_per_attempt) {
  const RunResult r = testing::run(kSlowCallee);
  const double ops = metric(r, "ops");
  EXPECT_NEAR(ops, 900, 1);
  EXPECT_EQ(metric(r, "ops_unfinished"), 0);
  // Each attempt keeps a worker for W = 1 s, though its caller left after 200 ms.
  EXPECT_NEAR(busy_seconds(r, "slow", 100), ops * 1.0, 1e-6);
  EXPECT_EQ(metric(r, "services.slow.cancelled"), 0);
  EXPECT_EQ(metric(r, "services.slow.wasted"), ops);
  EXPECT_EQ(metric(r, "effects.write.executed"), ops);
}

TEST(cancel, with_it_the_callee_works_t_minus_the_network_hop_per_attempt) {
  const RunResult r = testing::run(kSlowCallee, 1, {{"edges.clients->slow.cancel_on_abandon", true}});
  const double ops = metric(r, "ops");
  // The timeout fires T = 200 ms after the attempt left, the request started L = 1 ms after: 199 ms of work each.
  EXPECT_NEAR(busy_seconds(r, "slow", 100), ops * 0.199, 1e-6);
  EXPECT_EQ(metric(r, "services.slow.cancelled"), ops);
  EXPECT_EQ(metric(r, "services.slow.wasted"), 0);
  EXPECT_EQ(metric(r, "effects.write.executed"), 0) << "a stopped handler runs no further step";
  EXPECT_EQ(metric(r, "success_rate"), 0);
}

TEST(cancel, effects_already_made_stay_made) {
  // The effect comes first: it is made 1 ms after the attempt left, long before the caller gives up.
  const RunResult r =
      testing::run(kSlowCallee, 1,
                   {{"edges.clients->slow.cancel_on_abandon", true},
                    {"services.slow.handler", nlohmann::json::parse(R"([{"effect":"write"},{"work":"1s"}])")}});
  EXPECT_EQ(metric(r, "effects.write.executed"), metric(r, "ops"));
  EXPECT_EQ(metric(r, "services.slow.cancelled"), metric(r, "ops"));
}

// clients -> api -> db: the api only calls the db, whose work is 1 s. The api's request waits on its call, so
// cancelling it reaches the db only if the api->db edge cancels too.
const std::string kChain = R"({"schema_version":1,"name":"chain","duration":"100s","bucket":"1s",
  "services":{"api":{"workers":100,"handler":[{"call":"db"}]},
              "db":{"workers":100,"handler":[{"work":"1s"}]}},
  "clients":{"count":1,"target":"api","arrival":{"process":"constant","rate":10,"profile":[["90s",0]]}},
  "edges":{"clients->api":{"latency":"1ms","timeout":"200ms","cancel_on_abandon":true},
           "api->db":{"latency":"1ms","timeout":"10s"}}})";

TEST(cancel, reaches_down_a_chain_only_where_every_edge_cancels) {
  const RunResult half = testing::run(kChain);
  const double ops = metric(half, "ops");
  EXPECT_NEAR(busy_seconds(half, "api", 100), ops * 0.199, 1e-6);  // the api lets go of its worker
  EXPECT_NEAR(busy_seconds(half, "db", 100), ops * 1.0, 1e-6);     // the db never hears of it

  const RunResult whole = testing::run(kChain, 1, {{"edges.api->db.cancel_on_abandon", true}});
  EXPECT_NEAR(busy_seconds(whole, "api", 100), ops * 0.199, 1e-6);
  // The db's request started two hops (2 ms) after the client's attempt: 198 ms of work each.
  EXPECT_NEAR(busy_seconds(whole, "db", 100), ops * 0.198, 1e-6);
  EXPECT_EQ(metric(whole, "services.db.cancelled"), ops);
}

TEST(cancel, drops_queued_requests_so_the_queue_stays_short) {
  // One worker, W = 1 s, 10 arrivals per second: without cancellation the queue grows by 9 a second for ever.
  const std::vector<Override> one_worker = {{"services.slow.workers", 1}};
  const RunResult plain = testing::run(kSlowCallee, 1, one_worker);
  EXPECT_GT(metric(plain, "services.slow.queue_max"), 700);
  std::vector<Override> cancelling = one_worker;
  cancelling.push_back({"edges.clients->slow.cancel_on_abandon", true});
  const RunResult r = testing::run(kSlowCallee, 1, cancelling);
  // A request waits at most 199 ms before its caller gives up, and one arrives every 100 ms.
  EXPECT_LE(metric(r, "services.slow.queue_max"), 2);
  EXPECT_EQ(metric(r, "services.slow.cancelled"), metric(r, "ops"));
}

TEST(cancel, frees_a_processor_share_at_once) {
  // Processor sharing on one processor: 10 s of work arrive per second, so without cancellation every request
  // in progress slows down for ever and holds its worker until the 100 workers are all taken.
  const std::vector<Override> shared = {{"services.slow.processors", 1}};
  const RunResult plain = testing::run(kSlowCallee, 1, shared);
  EXPECT_GT(metric(plain, "services.slow.utilization"), 0.9);
  // With it a request leaves the processor after 199 ms: at most two share it at a time, and nothing piles up.
  std::vector<Override> cancelling = shared;
  cancelling.push_back({"edges.clients->slow.cancel_on_abandon", true});
  const RunResult r = testing::run(kSlowCallee, 1, cancelling);
  EXPECT_NEAR(busy_seconds(r, "slow", 100), metric(r, "ops") * 0.199, 1e-6);
  EXPECT_EQ(metric(r, "services.slow.cancelled"), metric(r, "ops"));
}

}  // namespace
}  // namespace chaossim
