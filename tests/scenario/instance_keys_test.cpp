// The keys of instances and balancing: a version-1 service is one instance behind a round robin; `instances`,
// `balancer` and the instance targets of faults are read into the config, and refused with the file's
// line:column, the JSON path and what was expected.
#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::expect_error;

json with_instances(int n) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["instances"] = n;
  return j;
}

json with_fault(json j, const json& fault) {
  j["faults"] = json::array({fault});
  return j;
}

TEST(instance_keys, a_service_is_one_instance_behind_a_round_robin_by_default) {
  const LoadResult r = testing::load_json(testing::minimal_scenario());
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].instances, 1u);
  EXPECT_EQ(r.scenario->edges[0].balancer, BalancerConfig{});
}

TEST(instance_keys, instances_and_the_balancer_are_read) {
  json j = with_instances(4);
  j["edges"]["clients->api"]["balancer"] = {{"policy", "power_of_two_choices"}, {"sticky", true}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].instances, 4u);
  EXPECT_EQ(r.scenario->edges[0].balancer.policy, BalancerConfig::Policy::power_of_two_choices);
  EXPECT_TRUE(r.scenario->edges[0].balancer.sticky);
}

TEST(instance_keys, a_fault_targets_one_instance_the_first_few_or_a_fraction) {
  const json crash = {{"id", "c"}, {"type", "crash"}, {"target", "api"}};
  auto target_of = [&](const json& fault) {
    const LoadResult r = testing::load_json(with_fault(with_instances(4), fault));
    EXPECT_TRUE(r.ok()) << all_errors(r);
    return r.ok() ? std::pair{r.scenario->faults[0].first_instance, r.scenario->faults[0].instance_count}
                  : std::pair{99u, 99u};
  };
  EXPECT_EQ(target_of(crash), (std::pair{0u, 0u})) << "every instance";
  json one = crash;
  one["target"] = "api#3";
  EXPECT_EQ(target_of(one), (std::pair{2u, 1u}));
  json first = crash;
  first["instances"] = 2;
  EXPECT_EQ(target_of(first), (std::pair{0u, 2u}));
  json share = crash;
  share["fraction"] = 0.3;  // ceil(1.2)
  EXPECT_EQ(target_of(share), (std::pair{0u, 2u}));
  share["fraction"] = 0.25;  // exactly one of four
  EXPECT_EQ(target_of(share), (std::pair{0u, 1u}));
}

TEST(instance_keys, instance_targets_that_do_not_exist_are_refused) {
  const json crash = {{"id", "c"}, {"type", "crash"}, {"target", "api#5"}};
  expect_error(testing::load_json(with_fault(with_instances(4), crash)), "faults.c.target",
               R"(service "api" has instances #1 to #4, found "api#5")");
  json zero = crash;
  zero["target"] = "api#0";
  expect_error(testing::load_json(with_fault(with_instances(4), zero)), "faults.c.target", "#1 to #4");
  json junk = crash;
  junk["target"] = "api#x";
  expect_error(testing::load_json(with_fault(with_instances(4), junk)), "faults.c.target", "#1 to #4");
  json many = {{"id", "c"}, {"type", "crash"}, {"target", "api"}, {"instances", 5}};
  expect_error(testing::load_json(with_fault(with_instances(4), many)), "faults.c.instances",
               R"(the fault hits 5 instances but service "api" has 4)");
  json both = {{"id", "c"}, {"type", "crash"}, {"target", "api"}, {"instances", 1}, {"fraction", 0.5}};
  expect_error(testing::load_json(with_fault(with_instances(4), both)), "faults.c.fraction", "not both");
  json named = {{"id", "c"}, {"type", "crash"}, {"target", "api#2"}, {"instances", 1}};
  expect_error(testing::load_json(with_fault(with_instances(4), named)), "faults.c.instances",
               "names one instance already");
  json edge = {{"id", "c"}, {"type", "partition"}, {"target", "clients->api"}, {"instances", 1}};
  expect_error(testing::load_json(with_fault(with_instances(4), edge)), "faults.c.instances", "does not apply");
}

TEST(instance_keys, bad_values_are_refused_at_their_line_and_column) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4, "instances": 1001}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
  "edges": {"clients->api": {"balancer": {"policy": "least_connections"}}}
})",
                                          "t.json");
  const LoadError* instances = testing::error_at(r, "services.api.instances");
  ASSERT_NE(instances, nullptr) << all_errors(r);
  EXPECT_EQ(instances->to_string(),
            "t.json:3:51: services.api.instances: expected an integer from 1 to 1000, found the number 1001");
  expect_error(r, "edges.clients->api.balancer.policy",
               "one of round_robin, random, least_outstanding, power_of_two_choices");
}

}  // namespace
}  // namespace chaossim
