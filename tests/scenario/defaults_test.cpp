// Every default the format's table declares - what the schema, the dashboard's form and the reference show - is
// the value the loader uses when the key is absent: a scenario with the key written out as its default resolves to
// the very same Scenario (field by field) as one without it. This ties the table to the initializers of
// model/config.h, the one other place a default is spelled.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scenario/format.h"
#include "scenario/loader.h"

namespace chaossim::format {
namespace {

using nlohmann::json;

// Scenarios that between them hold every object whose keys have defaults, once for each kind of budget,
// breaker, limit and fault mode. Values present here are removed for the "absent" side of each comparison.
const char* const kBases[] = {
    R"({"schema_version": 1, "name": "defaults", "duration": "1m", "tags": ["a"],
        "services": {"api": {"workers": 2, "queue": {"capacity": 10}, "idempotency": {"lock": {"ttl": "5s"}},
                             "contention": {"per_request": 0.01}, "overload": {"queue_above": 5}}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5},
                    "double_click": {"probability": 0.1}, "resubmit": {"probability": 0.1},
                    "key_reuse": {"probability": 0.1}},
        "edges": {"clients->api": {"retry": {"max_attempts": 2, "backoff": {}, "budget": {"type": "token_bucket"}},
                                   "throttle": {},
                                   "circuit_breaker": {"slow_call": {"duration": "1s"}}}},
        "faults": [{"id": "o", "type": "store_outage", "target": "api", "probability": 0.5}],
        "expect": [{"metric": "ops", "op": ">", "value": 0}]})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"retry": {"budget": {"type": "ratio"}},
                                   "circuit_breaker": {"type": "consecutive"}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"retry": {"budget": {"type": "concurrency"}}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"retry": {"budget": {"type": "retry_breaker"}}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2, "concurrency_limit": {"algorithm": "aimd"}}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"concurrency_limit": {"algorithm": "aimd"}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2, "concurrency_limit": {"algorithm": "vegas"}}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"concurrency_limit": {"algorithm": "vegas"}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2, "concurrency_limit": {"algorithm": "gradient2"}}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"concurrency_limit": {"algorithm": "gradient2"}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2, "instances": 3}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "faults": [{"id": "o", "type": "deploy", "target": "api"}]})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2, "instances": 2, "health_check": {}}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"balancer": {"slow_start": {"window": "10s"}}, "outlier_detection": {}}}})",
    R"({"schema_version": 1, "name": "defaults", "duration": "1m",
        "services": {"api": {"workers": 2}},
        "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}},
        "edges": {"clients->api": {"retry": {"max_attempts": 2,
                                             "backoff": {"type": "schedule", "delays": ["1s"]}},
                                   "hedge": {"delay": "1s"}}}})",
};

// The path of a rule's key in the bases: "services.*.workers" -> "services.api.workers".
std::string concrete(std::string_view pattern) {
  std::string out(pattern);
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"services.*", "services.api"},
                                 {"edges.*", "edges.clients->api"},
                                 {"faults[]", "faults.o"},
                                 {"expect[]", "expect[0]"}})
    if (out.rfind(from, 0) == 0) out = to + out.substr(from.size());
  return out;
}

std::optional<Scenario> resolve(const char* base, const std::string& path, const json& value) {
  auto doc = parse_scenario_document(base, "defaults.json");
  if (std::holds_alternative<std::vector<LoadError>>(doc)) return std::nullopt;
  LoadResult r = build_scenario(std::get<ScenarioDocument>(doc), {{path, value}});
  return r.ok() ? r.scenario : std::nullopt;
}

TEST(format_defaults, every_declared_default_is_what_the_loader_uses_when_the_key_is_absent) {
  std::size_t compared = 0;
  std::vector<std::string> untested;
  for (const Rule& r : rules()) {
    if (r.default_json.empty()) continue;
    const std::string path = concrete(r.pattern);
    bool tested = false;
    for (const char* base : kBases) {
      const auto absent = resolve(base, path, json());
      const auto written = resolve(base, path, json::parse(r.default_json));
      if (!absent || !written) continue;  // the key does not apply to this base's kind of object
      EXPECT_TRUE(*absent == *written) << path << ": the table's default " << r.default_json
                                       << " is not what the loader uses when the key is absent";
      tested = true;
    }
    compared += tested;
    if (!tested) untested.push_back(path);
  }
  EXPECT_TRUE(untested.empty()) << "no base scenario can hold " << untested.size() << " keys, first "
                                << (untested.empty() ? "" : untested.front());
  EXPECT_GT(compared, 40u);
}

TEST(format_defaults, a_wrong_default_would_be_caught) {
  // The comparison itself can fail: a timeout written as 29s differs from the 30s the loader uses.
  const auto absent = resolve(kBases[0], "edges.clients->api.timeout", json());
  const auto other = resolve(kBases[0], "edges.clients->api.timeout", "29s");
  ASSERT_TRUE(absent && other);
  EXPECT_FALSE(*absent == *other);
}

}  // namespace
}  // namespace chaossim::format
