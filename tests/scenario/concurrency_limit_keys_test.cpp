// The keys of adaptive concurrency limits on edges and services: off by default, the library's defaults for the
// algorithm chosen with the keys written replacing them, and bad values refused at their line, column and path.
#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::error_at;
using Algorithm = LimitConfig::Algorithm;

TEST(concurrency_limit_keys, no_limit_by_default) {
  const LoadResult r = testing::load_json(testing::minimal_scenario());
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].limit.algorithm, Algorithm::none);
  for (const EdgeConfig& e : r.scenario->edges) EXPECT_EQ(e.limit.algorithm, Algorithm::none);
}

TEST(concurrency_limit_keys, an_edge_limit_takes_the_algorithms_defaults_and_the_keys_written) {
  json j = testing::minimal_scenario();
  j["edges"]["clients->api"]["concurrency_limit"] = {{"algorithm", "vegas"}, {"initial", 5}, {"scope", "shared"}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const LimitConfig& l = r.scenario->edges[0].limit;
  EXPECT_EQ(l.algorithm, Algorithm::vegas);
  EXPECT_EQ(l.initial, 5u);
  EXPECT_TRUE(l.shared);
  EXPECT_EQ(l.min, 1u) << "vegas goes down to 1";
  EXPECT_EQ(l.max, 1000u);
  EXPECT_EQ(l.smoothing, 1.0);
}

TEST(concurrency_limit_keys, a_service_limit_reads_its_status) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["concurrency_limit"] = {
      {"algorithm", "gradient2"}, {"status", 429}, {"tolerance", 2}, {"long_window", 100}, {"queue_size", 0}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const LimitConfig& l = r.scenario->services[0].limit;
  EXPECT_EQ(l.algorithm, Algorithm::gradient2);
  EXPECT_EQ(l.status, 429);
  EXPECT_EQ(l.tolerance, 2.0);
  EXPECT_EQ(l.long_window, 100u);
  EXPECT_EQ(l.queue_size, 0u);
  EXPECT_EQ(l.smoothing, 0.2);
  EXPECT_EQ(l.min, 20u);
}

TEST(concurrency_limit_keys, bad_values_are_refused_at_their_line_and_column) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4, "concurrency_limit": {"algorithm": "aimd", "scope": "shared"}},
               "db": {"workers": 4, "concurrency_limit": {"algorithm": "cubic"}}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
  "edges": {"clients->api": {"concurrency_limit": {"algorithm": "vegas", "min": 3, "backoff_ratio": 0.9}},
            "api->db": {"concurrency_limit": {"algorithm": "aimd", "backoff_ratio": 1, "initial": 5, "min": 10}}}
})",
                                          "t.json");
  const LoadError* scope = error_at(r, "services.api.concurrency_limit.scope");
  ASSERT_NE(scope, nullptr) << all_errors(r);
  EXPECT_EQ(scope->line, 3);
  const LoadError* algorithm = error_at(r, "services.db.concurrency_limit.algorithm");
  ASSERT_NE(algorithm, nullptr) << all_errors(r);
  EXPECT_NE(algorithm->message.find("aimd, vegas, gradient2"), std::string::npos) << algorithm->message;
  const LoadError* min = error_at(r, "edges.clients->api.concurrency_limit.min");
  ASSERT_NE(min, nullptr) << all_errors(r);
  EXPECT_NE(min->message.find("does not apply to a vegas limit"), std::string::npos) << min->message;
  EXPECT_NE(error_at(r, "edges.clients->api.concurrency_limit.backoff_ratio"), nullptr) << all_errors(r);
  const LoadError* ratio = error_at(r, "edges.api->db.concurrency_limit.backoff_ratio");
  ASSERT_NE(ratio, nullptr) << all_errors(r);
  EXPECT_NE(ratio->message.find("below 1"), std::string::npos) << ratio->message;
  EXPECT_EQ(ratio->to_string().substr(0, 9), "t.json:7:");
  const LoadError* initial = error_at(r, "edges.api->db.concurrency_limit.initial");
  ASSERT_NE(initial, nullptr) << all_errors(r);
  EXPECT_NE(initial->message.find("outside min 10 to max 200"), std::string::npos) << initial->message;
}

}  // namespace
}  // namespace chaossim
