// The keys of at-least-once delivery: a retry `schedule` (its delays, their spread, the attempts they allow) and
// the `respond` handler step, read as written and refused with the JSON path and what was expected.
#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::expect_error;

json with_schedule(const json& backoff, int attempts = 2) {
  json j = testing::minimal_scenario();
  j["edges"]["clients->api"]["retry"] = {{"max_attempts", attempts}, {"backoff", backoff}};
  return j;
}

TEST(delivery_keys, a_schedule_gives_a_delay_before_each_retry) {
  const LoadResult r =
      testing::load_json(with_schedule({{"type", "schedule"}, {"delays", {"1m", "5m", "15m"}}, {"spread", 0.1}}, 4));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const RetryConfig& retry = r.scenario->edges[0].retry;
  EXPECT_EQ(retry.backoff.type, BackoffType::schedule);
  EXPECT_EQ(retry.backoff.delays,
            (std::vector<Duration>{Duration::seconds(60), Duration::seconds(300), Duration::seconds(900)}));
  EXPECT_EQ(retry.backoff.spread, 0.1);
  EXPECT_EQ(retry.max_attempts, 4u);
}

TEST(delivery_keys, a_schedule_needs_its_attempts_written_and_no_more_than_its_delays_allow) {
  json j = with_schedule({{"type", "schedule"}, {"delays", {"1m", "5m"}}});
  j["edges"]["clients->api"]["retry"].erase("max_attempts");
  expect_error(testing::load_json(j), "edges.clients->api.retry.max_attempts", "needs \"max_attempts\": up to 3");
  j["edges"]["clients->api"]["retry"]["max_attempts"] = 2;
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->edges[0].retry.max_attempts, 2u);
  j["edges"]["clients->api"]["retry"]["max_attempts"] = 4;
  expect_error(testing::load_json(j), "edges.clients->api.retry.max_attempts", "the schedule has 2");
}

TEST(delivery_keys, a_schedule_needs_delays_and_other_backoffs_take_none) {
  expect_error(testing::load_json(with_schedule({{"type", "schedule"}})), "edges.clients->api.retry.backoff.delays",
               "needs \"delays\"");
  expect_error(testing::load_json(with_schedule({{"delays", {"1m"}}})), "edges.clients->api.retry.backoff.delays",
               "does not apply to an exponential backoff");
  expect_error(testing::load_json(with_schedule({{"type", "schedule"}, {"delays", {"1m"}}, {"jitter", "full"}})),
               "edges.clients->api.retry.backoff.jitter", "does not apply to a schedule backoff");
  expect_error(testing::load_json(with_schedule({{"type", "schedule"}, {"delays", {"1m"}}, {"spread", 1.5}})),
               "edges.clients->api.retry.backoff.spread", "");
}

TEST(delivery_keys, a_respond_step_answers_with_a_success_once) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["handler"] = {{{"respond", 202}}, {{"work", "1s"}}, {{"effect", "process"}}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const std::vector<Step>& handler = r.scenario->services[0].handler;
  ASSERT_EQ(handler.size(), 3u);
  EXPECT_EQ(handler[0].kind, Step::Kind::respond);
  EXPECT_EQ(handler[0].index, 202u);
  j["services"]["api"]["handler"] = {{{"respond", 500}}};
  expect_error(testing::load_json(j), "services.api.handler[0].respond", "");
  j["services"]["api"]["handler"] = {{{"respond", 200}}, {{"respond", 200}}};
  expect_error(testing::load_json(j), "services.api.handler[1].respond", "one respond step per handler");
  j["services"]["api"]["handler"] = {{{"respond", 200}, {"work", "1s"}}};
  expect_error(testing::load_json(j), "services.api.handler[0]", "exactly one of");
}

}  // namespace
}  // namespace chaossim
