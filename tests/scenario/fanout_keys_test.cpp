// The keys of fan-out (`count` and `need` on a call step), sagas (`compensate` on a call step, `undoes` on an effect
// step), optimistic concurrency (`read` and `write` steps, finite workloads) and hedged requests (`edges.*.hedge`),
// read as written and refused with the JSON path and what was expected; and what they do to the cost estimate.
#include <algorithm>

#include <gtest/gtest.h>

#include "scenario/cost_model.h"
#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::expect_error;

json fanning_out(const json& step) {
  json j = testing::minimal_scenario();
  j["services"]["shard"] = {{"workers", 4}};
  j["services"]["api"]["handler"] = json::array({step});
  return j;
}

TEST(fanout_keys, a_call_step_fans_out_to_count_calls_and_needs_all_of_them_unless_told) {
  LoadResult r = testing::load_json(fanning_out({{"call", "shard"}, {"count", 20}}));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].handler[0].count, 20u);
  EXPECT_EQ(r.scenario->services[0].handler[0].need, 20u);
  r = testing::load_json(fanning_out({{"call", "shard"}, {"count", 20}, {"need", 18}}));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].handler[0].need, 18u);
  r = testing::load_json(fanning_out({{"call", "shard"}}));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].handler[0].count, 1u);
  EXPECT_EQ(r.scenario->services[0].handler[0].need, 1u);
}

TEST(fanout_keys, need_is_at_most_count_and_both_belong_to_call_steps) {
  expect_error(testing::load_json(fanning_out({{"call", "shard"}, {"count", 3}, {"need", 4}})),
               "services.api.handler[0].need", "at most \"count\" (3)");
  expect_error(testing::load_json(fanning_out({{"call", "shard"}, {"need", 2}})), "services.api.handler[0].need",
               "at most \"count\" (1)");
  expect_error(testing::load_json(fanning_out({{"work", "1ms"}, {"count", 3}})), "services.api.handler[0].count",
               "applies only to a \"call\" step");
  expect_error(testing::load_json(fanning_out({{"call", "shard"}, {"count", 1001}})), "services.api.handler[0].count",
               "");
  expect_error(testing::load_json(fanning_out({{"call", "shard"}, {"count", 0}})), "services.api.handler[0].count", "");
}

TEST(fanout_keys, a_hedge_is_read_with_one_copy_by_default) {
  json j = testing::minimal_scenario();
  j["edges"]["clients->api"]["hedge"] = {{"delay", "50ms"}};
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->edges[0].hedge.max, 1u);
  EXPECT_EQ(r.scenario->edges[0].hedge.delay, Duration::milliseconds(50));
  EXPECT_FALSE(r.scenario->edges[0].hedge.percentile);
  j["edges"]["clients->api"]["hedge"] = {{"percentile", 95}, {"max", 3}};
  r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->edges[0].hedge.max, 3u);
  EXPECT_EQ(r.scenario->edges[0].hedge.percentile, 95.0);
  EXPECT_EQ(testing::load_json(testing::minimal_scenario()).scenario->edges[0].hedge.max, 0u);  // off
}

TEST(fanout_keys, a_hedge_needs_exactly_one_of_delay_and_percentile_within_bounds) {
  json j = testing::minimal_scenario();
  j["edges"]["clients->api"]["hedge"] = json::object();
  expect_error(testing::load_json(j), "edges.clients->api.hedge", "exactly one of \"delay\"");
  j["edges"]["clients->api"]["hedge"] = {{"delay", "50ms"}, {"percentile", 95}};
  expect_error(testing::load_json(j), "edges.clients->api.hedge", "exactly one of \"delay\"");
  j["edges"]["clients->api"]["hedge"] = {{"percentile", 100}};
  expect_error(testing::load_json(j), "edges.clients->api.hedge.percentile", "");
  j["edges"]["clients->api"]["hedge"] = {{"delay", "0s"}};
  expect_error(testing::load_json(j), "edges.clients->api.hedge.delay", "");
  j["edges"]["clients->api"]["hedge"] = {{"delay", "1s"}, {"max", 11}};
  expect_error(testing::load_json(j), "edges.clients->api.hedge.max", "");
}

// The worst case multiplies: 1,000 calls per request, each with its attempts and copies. A fan-out of 1,000
// through two layers is a million requests per operation, refused as over the work limit.
TEST(fanout_keys, fan_out_and_hedges_count_in_the_worst_case_and_past_the_limit_are_refused) {
  json j = fanning_out({{"call", "shard"}, {"count", 10}});
  j["edges"]["api->shard"] = {{"retry", {{"max_attempts", 3}}}, {"hedge", {{"delay", "10ms"}, {"max", 2}}}};
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  // One submission, 10 calls of at most 3 attempts and 2 copies each, plus the api's own request.
  EXPECT_DOUBLE_EQ(cost::estimate_run(*r.scenario).requests_per_operation.value, 1 + 10 * 5);
  j["services"]["shard"]["handler"] = json::array({{{"call", "leaf"}, {"count", 1000}}});
  j["services"]["leaf"] = {{"workers", 1}};
  j["services"]["api"]["handler"][0]["count"] = 1000;
  expect_error(testing::load_json(j), "services.api.handler", "requests per operation");
}

json saga(const json& refund_step) {
  json j = fanning_out({{"call", "shard"}, {"compensate", "refunds"}});
  j["services"]["shard"]["handler"] = json::array({{{"effect", "charge"}}});
  j["services"]["refunds"] = {{"workers", 2}, {"handler", json::array({refund_step})}};
  return j;
}

TEST(fanout_keys, a_call_names_its_compensation_and_an_effect_what_it_undoes) {
  const LoadResult r = testing::load_json(saga({{"effect", "refund"}, {"undoes", "charge"}}));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Scenario& s = *r.scenario;
  const Step& call = s.services[0].handler[0];
  ASSERT_NE(call.compensate, Step::kNone);
  EXPECT_EQ(s.edges[call.compensate].name, "api->refunds");
  const auto index = [&](const std::string& name) {
    return static_cast<std::uint32_t>(std::find(s.effects.begin(), s.effects.end(), name) - s.effects.begin());
  };
  ASSERT_EQ(s.effects.size(), 2u);
  EXPECT_EQ(s.effect_undoes[index("refund")], index("charge"));
  EXPECT_EQ(s.effect_undoes[index("charge")], Step::kNone);
}

TEST(fanout_keys, a_compensation_names_a_service_and_an_undo_an_effect_performed_elsewhere) {
  json j = saga({{"effect", "refund"}, {"undoes", "charge"}});
  j["services"]["api"]["handler"][0]["compensate"] = "refundz";
  expect_error(testing::load_json(j), "services.api.handler[0].compensate", "unknown service \"refundz\"");
  expect_error(testing::load_json(saga({{"effect", "refund"}, {"undoes", "chargee"}})),
               "services.refunds.handler[0].undoes", "no handler performs an effect \"chargee\"");
  expect_error(testing::load_json(saga({{"effect", "refund"}, {"undoes", "refund"}})),
               "services.refunds.handler[0].undoes", "cannot undo itself");
  expect_error(testing::load_json(saga({{"work", "1ms"}, {"undoes", "charge"}})), "services.refunds.handler[0].undoes",
               "applies only to an \"effect\" step");
  j = saga({{"effect", "refund"}, {"undoes", "charge"}});
  j["services"]["api"]["handler"][0]["count"] = 2;
  expect_error(testing::load_json(j), "services.api.handler[0].compensate", "cannot be compensated");
  j = saga({{"effect", "refund"}, {"undoes", "charge"}});
  j["services"]["refunds"]["handler"].push_back({{"effect", "reserve"}});
  j["services"]["refunds"]["handler"].push_back({{"effect", "refund"}, {"undoes", "reserve"}});
  expect_error(testing::load_json(j), "services.refunds.handler[2].undoes", "undoes \"charge\" elsewhere");
}

TEST(fanout_keys, a_write_writes_the_record_read_last_and_records_are_shared_by_name) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["handler"] = {{{"read", "row"}}, {{"work", "5ms"}}, {{"write", "row"}}};
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->records, (std::vector<std::string>{"row"}));
  EXPECT_EQ(r.scenario->services[0].handler[2].kind, Step::Kind::write);
  j["services"]["api"]["handler"] = {{{"write", "row"}}};
  expect_error(testing::load_json(j), "services.api.handler[0].write", "needs a read of \"row\" before it");
  j["services"]["api"]["handler"] = {{{"read", "a"}}, {{"read", "b"}}, {{"write", "a"}}};
  expect_error(testing::load_json(j), "services.api.handler[2].write", "no read of another record between");
  j["services"]["api"]["handler"] = {{{"read", "a"}, {"work", "1ms"}}};
  expect_error(testing::load_json(j), "services.api.handler[0]", "exactly one of");
}

TEST(fanout_keys, a_finite_workload_is_closed_loop_and_may_think_for_no_time) {
  json j = testing::minimal_scenario();
  j["clients"]["arrival"] = {{"process", "closed"}, {"think_time", "0s"}};
  expect_error(testing::load_json(j), "clients.arrival.think_time", "finite workload");
  j["clients"]["arrival"]["operations"] = 3;
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->clients.arrival.operations, 3u);
  j["clients"]["arrival"] = {{"process", "poisson"}, {"rate", 10}, {"operations", 3}};
  expect_error(testing::load_json(j), "clients.arrival.operations", "does not apply");
}

}  // namespace
}  // namespace chaossim
