// The keys of load-dependent servers (processors, contention) and of adaptive throttling: read into the config,
// absent by default, and refused with the file's line:column, the JSON path and what was expected.
#include <gtest/gtest.h>

#include <tuple>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::error_at;

TEST(overload_keys, a_service_shares_no_processors_and_has_no_contention_by_default) {
  const LoadResult r = testing::load_json(testing::minimal_scenario());
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_FALSE(r.scenario->services[0].processors.has_value());
  EXPECT_EQ(r.scenario->services[0].contention, ContentionConfig{});
}

TEST(overload_keys, processors_and_contention_are_read_into_the_service) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["processors"] = 2;
  j["services"]["api"]["contention"] = {{"per_request", 0.01}, {"counts", "in_system"}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].processors, 2u);
  EXPECT_EQ(r.scenario->services[0].contention.per_request, 0.01);
  EXPECT_EQ(r.scenario->services[0].contention.counts, ContentionConfig::Counts::in_system);
}

TEST(overload_keys, bad_values_are_refused_at_their_line_and_column) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4, "processors": 0,
                       "contention": {"per_request": 11, "counts": "waiting", "per_requests": 1}},
               "db": {"workers": 4, "contention": {"counts": "queued"}}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}}
})",
                                          "t.json");
  const LoadError* processors = error_at(r, "services.api.processors");
  ASSERT_NE(processors, nullptr) << all_errors(r);
  EXPECT_EQ(processors->to_string(),
            "t.json:3:52: services.api.processors: expected an integer from 1 to 100000, found the number 0");
  const LoadError* per_request = error_at(r, "services.api.contention.per_request");
  ASSERT_NE(per_request, nullptr) << all_errors(r);
  EXPECT_EQ(per_request->line, 4);
  EXPECT_EQ(per_request->column, 54);
  EXPECT_NE(per_request->message.find("from 0 to 10"), std::string::npos) << per_request->message;
  const LoadError* counts = error_at(r, "services.api.contention.counts");
  ASSERT_NE(counts, nullptr) << all_errors(r);
  EXPECT_NE(counts->message.find("one of in_service, queued, in_system"), std::string::npos) << counts->message;
  const LoadError* typo = error_at(r, "services.api.contention.per_requests");
  ASSERT_NE(typo, nullptr) << all_errors(r);
  EXPECT_NE(typo->message.find("did you mean \"per_request\"?"), std::string::npos) << typo->message;
  const LoadError* missing = error_at(r, "services.db.contention.per_request");
  ASSERT_NE(missing, nullptr) << all_errors(r);
  EXPECT_EQ(missing->message, "missing required key \"per_request\"");
}

TEST(overload_keys, a_throttle_object_turns_throttling_on_with_the_books_defaults) {
  json j = testing::minimal_scenario();
  j["edges"] = {{"clients->api", {{"throttle", json::object()}}}};
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->edges[0].throttle, (ThrottleConfig{.enabled = true, .k = 2, .window = Duration::seconds(120)}));
  j["edges"]["clients->api"]["throttle"] = {{"k", 1.5}, {"window", "30s"}, {"scope", "shared"}};
  r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->edges[0].throttle,
            (ThrottleConfig{.enabled = true, .k = 1.5, .window = Duration::seconds(30), .shared = true}));
  EXPECT_FALSE(testing::load_json(testing::minimal_scenario()).scenario->edges[0].throttle.enabled);
}

TEST(overload_keys, bad_throttle_values_are_refused_at_their_line_and_column) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
  "edges": {"clients->api": {"throttle": {"k": 0.5, "window": "0s", "scope": "everyone", "K": 2}}}
})",
                                          "t.json");
  const LoadError* k = error_at(r, "edges.clients->api.throttle.k");
  ASSERT_NE(k, nullptr) << all_errors(r);
  EXPECT_EQ(k->to_string(),
            "t.json:5:48: edges.clients->api.throttle.k: expected a number from 1 to 100, found "
            "the number 0.5");
  EXPECT_NE(error_at(r, "edges.clients->api.throttle.window"), nullptr) << all_errors(r);
  EXPECT_NE(error_at(r, "edges.clients->api.throttle.scope"), nullptr) << all_errors(r);
  const LoadError* upper = error_at(r, "edges.clients->api.throttle.K");
  ASSERT_NE(upper, nullptr) << all_errors(r);
  EXPECT_NE(upper->message.find("did you mean \"k\"?"), std::string::npos) << upper->message;
}

TEST(overload_keys, the_cost_estimate_knows_a_shared_or_contended_service_takes_fewer_requests) {
  // 10,000 workers of 10 ms would take 1e6 requests per second; shared by 4 processors they take 400, and with
  // contention of 0.01 per request in service, at most 10,000 / (0.01 s x (1 + 0.01 x 9,999)) = 9902 per second.
  json j = testing::minimal_scenario();
  j["duration"] = "1000s";
  j["services"]["api"]["workers"] = 10000;
  j["services"]["api"]["handler"] = json::parse(R"([{"work": "10ms"}])");
  j["clients"]["arrival"]["rate"] = 100'000;
  j["edges"]["clients->api"]["timeout"] = "100ms";
  EXPECT_TRUE(testing::load_json(j).ok()) << all_errors(testing::load_json(j));
  for (const auto& [key, value, takes] :
       {std::tuple<const char*, json, const char*>{"processors", 4, "its workers take 400)"},
        {"contention", {{"per_request", 0.01}}, "its workers take 9902)"}}) {
    json k = j;
    k["services"]["api"][key] = value;
    const LoadResult r = testing::load_json(k);
    const LoadError* e = error_at(r, "services.api.workers");
    ASSERT_NE(e, nullptr) << all_errors(r);
    EXPECT_NE(e->message.find(takes), std::string::npos) << e->message;
  }
}

}  // namespace
}  // namespace chaossim
