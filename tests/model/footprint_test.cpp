// Memory follows work in flight, never the number of operations simulated: the engine's pools reach a high-water
// mark set by concurrency and stay there however long the run.
#include "support/run.h"

namespace chaossim {
namespace {

const std::string kSteady = R"({"schema_version":1,"name":"steady","duration":"1000s","bucket":"10s",
  "services":{"api":{"workers":32,"handler":[{"work":{"dist":"exponential","mean":"20ms"}},{"effect":"charge"}],
    "idempotency":{"enabled":true,"store":"memory","ttl":"30s"}}},
  "clients":{"count":1000,"target":"api","arrival":{"process":"poisson","rate":500}},
  "edges":{"clients->api":{"timeout":"500ms","retry":{"max_attempts":3,"backoff":{"base":"50ms","jitter":"full"}}}},
  "faults":[{"id":"lost","type":"drop_response","target":"clients->api","probability":0.1}]})";

TEST(footprint, pools_and_keys_stop_growing_once_the_run_is_in_steady_state) {
  const Scenario s = testing::load(kSteady);
  Engine engine(s, 1);
  engine.run_until(Instant{} + Duration::seconds(100));
  const Engine::Footprint early = engine.footprint();
  engine.run_until(Instant{} + Duration::seconds(999));
  const Engine::Footprint late = engine.footprint();
  // 450,000 more operations went through; the pools are sized by concurrency (a few hundred).
  EXPECT_LT(late.operations, 2000u);
  EXPECT_LE(late.operations, early.operations * 2);
  EXPECT_LE(late.calls, early.calls * 2);
  EXPECT_LE(late.requests, early.requests * 2);
  EXPECT_LT(late.pending_events, 5000u);
  // Keys live 30 s: about 500/s x 30 s of them, not one per operation ever made.
  EXPECT_LT(late.idempotency_keys, 20000u);
  EXPECT_GT(late.idempotency_keys, 10000u);
}

TEST(footprint, an_overloaded_service_grows_its_queue_and_that_is_what_holds_memory) {
  // Twice the capacity: the unbounded queue grows, and memory with it; a bounded queue caps it.
  Scenario s = testing::load(kSteady);
  s.clients.arrival.rate = 3200;
  s.duration = Duration::seconds(30);
  Engine unbounded(s, 1);
  unbounded.run_until(Instant{} + Duration::seconds(29));
  s.services[0].queue.capacity = 100;
  Engine bounded(s, 1);
  bounded.run_until(Instant{} + Duration::seconds(29));
  EXPECT_GT(unbounded.footprint().requests, 10 * bounded.footprint().requests);
}

}  // namespace
}  // namespace chaossim
