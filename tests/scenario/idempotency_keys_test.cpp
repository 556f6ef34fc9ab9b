// The keys of idempotency leases and payload checks: `services.X.idempotency.lock` (off when absent), `check_payload`
// (on by default) and `clients.key_reuse` (off), read as written and refused with the JSON path and what was
// expected when they cannot work together.
#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::expect_error;

TEST(idempotency_keys, no_lease_and_a_payload_check_by_default) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["idempotency"] = json::object();
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const IdempotencyConfig& idem = r.scenario->services[0].idempotency;
  EXPECT_FALSE(idem.lock_ttl.has_value());
  EXPECT_FALSE(idem.lock_renew);
  EXPECT_FALSE(idem.fencing);
  EXPECT_TRUE(idem.check_payload);
  EXPECT_EQ(r.scenario->clients.key_reuse.probability, 0.0);
}

TEST(idempotency_keys, every_lease_and_reuse_key_is_read) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["idempotency"] = {{"check_payload", false},
                                         {"lock", {{"ttl", "7s"}, {"renew", true}, {"fencing", true}}}};
  j["clients"]["key_reuse"] = {{"probability", 0.25}, {"after", "1m"}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const IdempotencyConfig& idem = r.scenario->services[0].idempotency;
  EXPECT_EQ(idem.lock_ttl, Duration::seconds(7));
  EXPECT_TRUE(idem.lock_renew);
  EXPECT_TRUE(idem.fencing);
  EXPECT_FALSE(idem.check_payload);
  EXPECT_EQ(r.scenario->clients.key_reuse.probability, 0.25);
  EXPECT_EQ(r.scenario->clients.key_reuse.after, Distribution::constant(Duration::seconds(60)));
}

TEST(idempotency_keys, a_lease_needs_its_ttl_and_a_record_that_callers_do_not_wait_on) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["idempotency"] = {{"lock", {{"renew", true}}}};
  expect_error(testing::load_json(j), "services.api.idempotency.lock.ttl", "missing required key");
  j["services"]["api"]["idempotency"] = {{"in_flight", "wait"}, {"lock", {{"ttl", "5s"}}}};
  expect_error(testing::load_json(j), "services.api.idempotency.in_flight", "cannot be combined with \"lock\"");
  j["services"]["api"]["idempotency"] = {{"record", "after_response"}, {"lock", {{"ttl", "5s"}}}};
  expect_error(testing::load_json(j), "services.api.idempotency.record", "nothing to lease");
  j["services"]["api"]["idempotency"] = {{"lock", {{"ttl", "0s"}}}};
  expect_error(testing::load_json(j), "services.api.idempotency.lock.ttl", "");
}

TEST(idempotency_keys, a_key_reuse_needs_a_probability_between_0_and_1) {
  json j = testing::minimal_scenario();
  j["clients"]["key_reuse"] = {{"after", "5s"}};
  expect_error(testing::load_json(j), "clients.key_reuse.probability", "missing required key");
  j["clients"]["key_reuse"] = {{"probability", 1.5}};
  expect_error(testing::load_json(j), "clients.key_reuse.probability", "");
}

}  // namespace
}  // namespace chaossim
