// The keys of health: `services.X.health_check`, `edges.X.outlier_detection` and `edges.X.balancer.slow_start` are
// off when absent, take Kubernetes' and Envoy's defaults for what they leave out, and are refused with the file's
// line:column, the JSON path and what was expected.
#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::expect_error;

json four_instances() {
  json j = testing::minimal_scenario();
  j["services"]["api"]["instances"] = 4;
  return j;
}

TEST(health_keys, no_checks_no_ejection_no_slow_start_by_default) {
  const LoadResult r = testing::load_json(four_instances());
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_FALSE(r.scenario->services[0].health_check.enabled);
  EXPECT_FALSE(r.scenario->edges[0].outlier.enabled);
  EXPECT_FALSE(r.scenario->edges[0].balancer.slow_start.window.has_value());
}

TEST(health_keys, an_empty_health_check_object_turns_checks_on_with_the_defaults) {
  json j = four_instances();
  j["services"]["api"]["health_check"] = json::object();
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const HealthCheckConfig& hc = r.scenario->services[0].health_check;
  EXPECT_TRUE(hc.enabled);
  EXPECT_EQ(hc.interval, Duration::seconds(5));
  EXPECT_EQ(hc.timeout, Duration::seconds(1));
  EXPECT_EQ(hc.unhealthy_threshold, 3u);
  EXPECT_EQ(hc.healthy_threshold, 2u);
  EXPECT_EQ(hc.check, HealthCheckConfig::Check::liveness);
}

TEST(health_keys, every_health_check_key_is_read) {
  json j = four_instances();
  j["services"]["api"]["health_check"] = {{"interval", "2s"},
                                          {"timeout", "500ms"},
                                          {"unhealthy_threshold", 4},
                                          {"healthy_threshold", 1},
                                          {"check", "readiness"}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const HealthCheckConfig& hc = r.scenario->services[0].health_check;
  EXPECT_EQ(hc.interval, Duration::seconds(2));
  EXPECT_EQ(hc.timeout, Duration::milliseconds(500));
  EXPECT_EQ(hc.unhealthy_threshold, 4u);
  EXPECT_EQ(hc.healthy_threshold, 1u);
  EXPECT_EQ(hc.check, HealthCheckConfig::Check::readiness);
}

TEST(health_keys, a_probe_may_not_outlast_its_interval_nor_come_every_few_microseconds) {
  json j = four_instances();
  j["services"]["api"]["health_check"] = {{"interval", "1s"}, {"timeout", "2s"}};
  expect_error(testing::load_json(j), "services.api.health_check.timeout", "longer than interval 1s");
  j["services"]["api"]["health_check"] = {{"interval", "1ms"}, {"timeout", "1ms"}};
  expect_error(testing::load_json(j), "services.api.health_check.interval", "shorter than 10ms");
  j["services"]["api"]["health_check"] = {{"check", "deep"}};
  expect_error(testing::load_json(j), "services.api.health_check.check", "readiness");
  j["services"]["api"]["health_check"] = {{"unhealthy_threshold", 0}};
  expect_error(testing::load_json(j), "services.api.health_check.unhealthy_threshold", "1");
}

TEST(health_keys, outlier_detection_takes_envoys_defaults) {
  json j = four_instances();
  j["edges"]["clients->api"]["outlier_detection"] = json::object();
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_TRUE(r.scenario->edges[0].outlier.enabled);
  EXPECT_EQ(r.scenario->edges[0].outlier.consecutive_5xx, 5u);
  EXPECT_EQ(r.scenario->edges[0].outlier.base_ejection_time, Duration::seconds(30));
  EXPECT_EQ(r.scenario->edges[0].outlier.max_ejection_percent, 10);
  j["edges"]["clients->api"]["outlier_detection"] = {
      {"consecutive_5xx", 3}, {"base_ejection_time", "10s"}, {"max_ejection_percent", 50}};
  r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->edges[0].outlier.consecutive_5xx, 3u);
  EXPECT_EQ(r.scenario->edges[0].outlier.base_ejection_time, Duration::seconds(10));
  EXPECT_EQ(r.scenario->edges[0].outlier.max_ejection_percent, 50);
  j["edges"]["clients->api"]["outlier_detection"] = {{"max_ejection_percent", 101}};
  expect_error(testing::load_json(j), "edges.clients->api.outlier_detection.max_ejection_percent", "100");
}

TEST(health_keys, slow_start_needs_a_window_and_a_weight_above_zero) {
  json j = four_instances();
  j["edges"]["clients->api"]["balancer"] = {{"slow_start", {{"window", "30s"}}}};
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const SlowStartConfig& ss = r.scenario->edges[0].balancer.slow_start;
  EXPECT_EQ(ss.window, Duration::seconds(30));
  EXPECT_EQ(ss.aggression, 1.0);
  EXPECT_DOUBLE_EQ(ss.min_weight, 0.1);
  j["edges"]["clients->api"]["balancer"] = {{"slow_start", {{"aggression", 2}}}};
  expect_error(testing::load_json(j), "edges.clients->api.balancer.slow_start.window", "");
  j["edges"]["clients->api"]["balancer"] = {{"slow_start", {{"window", "30s"}, {"min_weight_percent", 0}}}};
  expect_error(testing::load_json(j), "edges.clients->api.balancer.slow_start.min_weight_percent", "0");
}

}  // namespace
}  // namespace chaossim
