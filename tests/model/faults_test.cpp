// Each fault type does what the format says, checked on small scenarios whose outcome can be worked out by hand.
#include "support/run.h"

namespace chaossim {
namespace {

using testing::metric;

std::string one_service(const std::string& faults, const std::string& service_extra = "",
                        const std::string& timeout = "5s", double rate = 100) {
  return R"({"schema_version":1,"name":"faults","duration":"100s","bucket":"1s",
    "services":{"api":{"workers":50,"handler":[{"work":"10ms"},{"effect":"charge"}])" + service_extra + R"(}},
    "clients":{"count":100,"target":"api","arrival":{"process":"constant","rate":)" + std::to_string(rate) + R"(}},
    "edges":{"clients->api":{"latency":"1ms","timeout":")" + timeout + R"("}},
    "faults":[)" + faults + "]}";
}

TEST(faults, a_slowdown_multiplies_work_for_the_share_of_requests_its_probability_says) {
  const RunResult none = testing::run(one_service(
      R"({"id":"s","type":"slowdown","target":"api","factor":10,"probability":0})"));
  const RunResult half = testing::run(one_service(
      R"({"id":"s","type":"slowdown","target":"api","factor":10,"probability":0.5})"));
  const RunResult all = testing::run(one_service(R"({"id":"s","type":"slowdown","target":"api","factor":10})"));
  // Latency = 2 x 1ms network + work: 12ms, 0.5 x 12 + 0.5 x 102 = 57ms, and 102ms (no queueing at 50 workers).
  EXPECT_NEAR(metric(none, "latency.mean"), 0.012, 1e-6);
  EXPECT_NEAR(metric(half, "latency.mean"), 0.057, 0.004);  // 10,000 ops: se of the share ~0.5%
  EXPECT_NEAR(metric(all, "latency.mean"), 0.102, 1e-6);
}

TEST(faults, a_crash_refuses_connections_until_restart_and_loses_work_in_flight) {
  const RunResult r = testing::run(one_service(
      R"({"id":"boom","type":"crash","target":"api","start":"50s","restart_after":"10s"})"));
  // No retries: the ~1,000 operations that arrive in the 10s window fail with connection refused, plus the one
  // in flight at the crash; everything else succeeds.
  EXPECT_NEAR(metric(r, "ops_failed"), 1000, 3);
  EXPECT_EQ(metric(r, "services.api.requests", kDuring), 0);
  EXPECT_EQ(metric(r, "success_rate", kAfter), 1);
}

TEST(faults, a_pause_freezes_work_and_resumes_where_it_stopped) {
  // A 2 s pause at 50 s: requests in progress and those arriving during it finish after it; none is lost.
  const RunResult r = testing::run(one_service(
      R"({"id":"gc","type":"pause","target":"api","start":"50s","duration":"2s"})", "", "5s", 10));
  EXPECT_EQ(metric(r, "ops_failed"), 0);
  EXPECT_NEAR(metric(r, "latency.max"), 2.012, 0.002);  // arrived just as the pause began
  EXPECT_EQ(metric(r, "effects.charge.duplicates"), 0);
}

TEST(faults, a_hang_swallows_requests_and_callers_time_out) {
  const RunResult r = testing::run(one_service(
      R"({"id":"h","type":"hang","target":"api","start":"50s","duration":"10s"})", "", "1s"));
  EXPECT_NEAR(metric(r, "timeouts"), 1000, 15);
  EXPECT_NEAR(metric(r, "ops_failed"), 1000, 15);
}

TEST(faults, a_partition_loses_messages_both_ways_and_drop_request_only_one) {
  const RunResult partition = testing::run(one_service(
      R"({"id":"p","type":"partition","target":"clients->api","start":"50s","duration":"10s"})", "", "1s"));
  const RunResult drop = testing::run(one_service(
      R"({"id":"d","type":"drop_request","target":"clients->api","start":"50s","duration":"10s"})", "", "1s"));
  EXPECT_NEAR(metric(partition, "ops_failed"), 1000, 15);
  EXPECT_NEAR(metric(drop, "ops_failed"), 1000, 15);
  // Dropped requests never reach the service: no work, no charge.
  EXPECT_NEAR(metric(drop, "services.api.requests"), 9000, 15);
  EXPECT_NEAR(metric(drop, "effects.charge.executed"), 9000, 15);
}

TEST(faults, a_duplicated_request_charges_twice_unless_the_server_dedupes) {
  const std::string dup = R"({"id":"dup","type":"duplicate_request","target":"clients->api","probability":0.1})";
  const RunResult plain = testing::run(one_service(dup));
  const RunResult dedupe = testing::run(one_service(dup, R"(,"idempotency":{"enabled":true,"in_flight":"wait"})"));
  EXPECT_NEAR(metric(plain, "effects.charge.duplicates") / metric(plain, "ops"), 0.1, 0.015);
  EXPECT_EQ(metric(dedupe, "effects.charge.duplicates"), 0);
}

TEST(faults, capacity_caps_busy_workers_and_the_excess_queues) {
  // 300/s of 10ms work keeps 3 workers busy on average. From 50 s to 60 s only 2 may work: they are busy all the
  // time, the service completes 200/s, and the other 100/s queue up, 1,000 by the end of the window. The request
  // that waits longest arrives at 56.67 s, when the 2 workers have reached the 667 requests of the first 6.67 s
  // (200 x (t - 50) = 300 x (a - 50)): it waits until the 50 workers return at 60 s, 3.33 s, plus 12 ms of
  // network and work. The timeout is long, so nothing fails.
  const RunResult cap = testing::run(one_service(
      R"({"id":"c","type":"capacity","target":"api","workers":2,"start":"50s","duration":"10s"})", "", "60s", 300));
  // Utilisation is measured against the 50 configured workers.
  EXPECT_NEAR(metric(cap, "services.api.utilization", kBefore) * 50, 3.0, 0.01);
  EXPECT_NEAR(metric(cap, "services.api.utilization", kDuring) * 50, 2.0, 0.01);
  EXPECT_NEAR(metric(cap, "services.api.queue_max", kDuring), 1000, 5);
  EXPECT_EQ(metric(cap, "services.api.queue_max", kBefore), 0);
  EXPECT_NEAR(metric(cap, "latency.max"), 3.333 + 0.012, 0.01);
  EXPECT_EQ(metric(cap, "ops_failed"), 0);
  // A cap above what the load needs changes nothing.
  const RunResult loose = testing::run(one_service(
      R"({"id":"c","type":"capacity","target":"api","workers":20,"start":"50s","duration":"10s"})", "", "60s", 300));
  EXPECT_EQ(metric(loose, "services.api.queue_max", kDuring), 0);
  EXPECT_NEAR(metric(loose, "latency.max"), 0.012, 1e-6);
}

TEST(faults, load_multiplies_arrivals_while_it_lasts) {
  const RunResult load = testing::run(one_service(
      R"({"id":"l","type":"load","target":"clients","factor":3,"start":"50s","duration":"10s"})"));
  EXPECT_NEAR(metric(load, "ops"), 10000 + 2000, 5);
}

}  // namespace
}  // namespace chaossim
