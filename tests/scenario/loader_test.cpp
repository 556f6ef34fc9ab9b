#include "scenario/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/limits.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;

json minimal() { return testing::minimal_scenario(); }

LoadResult load(const json& j) { return testing::load_json(j); }

using testing::all_errors;
using testing::error_at;
using testing::expect_error;

// "s7". Appends because GCC 12 warns falsely (-Wrestrict) about "s" + std::to_string(i) once inlined.
std::string numbered(std::string prefix, int i) {
  prefix += std::to_string(i);
  return prefix;
}

void expect_ok(const LoadResult& r) {
  EXPECT_TRUE(r.ok()) << all_errors(r);
  ASSERT_TRUE(r.scenario.has_value());
}

// ---- A valid scenario and its defaults -----------------------------------------------------------------------

TEST(loader, minimal_scenario_loads_with_the_format_defaults) {
  const LoadResult r = load(minimal());
  expect_ok(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.duration, Duration::seconds(60));
  EXPECT_EQ(s.warmup, Duration::zero());
  EXPECT_EQ(s.bucket, Duration::seconds(1));
  ASSERT_EQ(s.services.size(), 1u);
  const ServiceConfig& api = s.services[0];
  EXPECT_EQ(api.workers, 4u);
  EXPECT_FALSE(api.queue.capacity.has_value());
  EXPECT_EQ(api.queue.discipline, QueueConfig::Discipline::fifo);
  EXPECT_FALSE(api.idempotency.enabled);
  ASSERT_EQ(api.handler.size(), 1u);  // [{"work": "1ms"}]
  EXPECT_EQ(api.handler[0].kind, Step::Kind::work);
  EXPECT_EQ(api.handler[0].work.kind, Distribution::Kind::constant);
  EXPECT_EQ(api.handler[0].work.a, 1e6);

  EXPECT_EQ(s.clients.count, 10u);
  EXPECT_EQ(s.clients.target, 0u);
  EXPECT_EQ(s.clients.arrival.process, ArrivalConfig::Process::poisson);
  EXPECT_EQ(s.clients.arrival.rate, 10.0);
  EXPECT_EQ(s.clients.double_click.probability, 0.0);

  ASSERT_EQ(s.edges.size(), 1u);
  const EdgeConfig& e = s.edges[0];
  EXPECT_EQ(e.name, "clients->api");
  EXPECT_EQ(e.caller, kClients);
  EXPECT_EQ(e.callee, 0u);
  EXPECT_EQ(e.timeout, Duration::seconds(30));
  EXPECT_EQ(e.latency.a, 1e6);
  EXPECT_EQ(e.retry.max_attempts, 1u);
  EXPECT_EQ(e.retry.retry_on, kRetryTimeout | kRetry5xx | kRetryConnectError);
  EXPECT_EQ(e.idempotency_key, KeyMode::per_operation);
  EXPECT_EQ(e.breaker.type, BreakerConfig::Type::none);
  EXPECT_TRUE(s.faults.empty());
  EXPECT_TRUE(s.expect.empty());
}

TEST(loader, bundled_scenarios_load_without_errors) {
  int found = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CHAOSSIM_SCENARIOS_DIR)) {
    if (entry.path().extension() != ".json") continue;
    ++found;
    const LoadResult r = load_scenario_file(entry.path());
    EXPECT_TRUE(r.ok()) << entry.path() << "\n" << all_errors(r);
  }
  EXPECT_GT(found, 0);
}

TEST(loader, a_scenario_may_name_its_schema) {
  json j = minimal();
  j["$schema"] = "schema/chaossim.schema.json";
  expect_ok(load(j));
}

TEST(loader, services_keep_file_order_and_calls_resolve_edges_in_order) {
  // Services in file order (not alphabetical); edges: the client edge, then one per distinct (service, callee)
  // pair in the order the steps name them.
  const LoadResult r = load_scenario_text(R"({
    "schema_version": 1, "name": "t", "duration": "1m",
    "services": {
      "zeta": {"workers": 1, "handler": [{"call": "beta"}, {"call": "alpha"}, {"call": "beta"}, {"effect": "charge"}]},
      "beta": {"workers": 1, "handler": [{"effect": "email"}, {"call": "alpha"}, {"effect": "charge"}]},
      "alpha": {"workers": 1}
    },
    "clients": {"count": 1, "target": "zeta", "arrival": {"process": "constant", "rate": 1}}
  })",
                                          "t.json");
  expect_ok(r);
  const Scenario& s = *r.scenario;
  ASSERT_EQ(s.services.size(), 3u);
  EXPECT_EQ(s.services[0].name, "zeta");
  EXPECT_EQ(s.services[1].name, "beta");
  EXPECT_EQ(s.services[2].name, "alpha");
  std::vector<std::string> names;
  for (const EdgeConfig& e : s.edges) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"clients->zeta", "zeta->beta", "zeta->alpha", "beta->alpha"}));
  EXPECT_EQ(s.edges[1].caller, 0u);
  EXPECT_EQ(s.edges[1].callee, 1u);
  const auto& zeta = s.services[0].handler;
  ASSERT_EQ(zeta.size(), 4u);
  EXPECT_EQ(zeta[0].index, 1u);
  EXPECT_EQ(zeta[1].index, 2u);
  EXPECT_EQ(zeta[2].index, 1u);  // the same pair reuses its edge
  EXPECT_EQ(zeta[3].kind, Step::Kind::effect);
  EXPECT_EQ(s.effects, (std::vector<std::string>{"charge", "email"}));  // by first appearance
  EXPECT_EQ(zeta[3].index, 0u);
  EXPECT_EQ(s.services[1].handler[0].index, 1u);
  EXPECT_EQ(s.services[1].handler[1].index, 3u);
}

TEST(loader, explicit_edge_takes_from_default_only_the_top_level_keys_it_leaves_out) {
  json j = minimal();
  j["services"]["api"]["handler"] = json::parse(R"([{"call": "db"}])");
  j["services"]["db"] = {{"workers", 2}};
  j["edges"] = json::parse(R"({
    "default": {"timeout": "2s", "latency": "3ms", "retry": {"max_attempts": 3, "backoff": {"base": "1s"}}},
    "clients->api": {"retry": {"max_attempts": 5}}
  })");
  const LoadResult r = load(j);
  expect_ok(r);
  const auto& edges = r.scenario->edges;
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].timeout, Duration::seconds(2));                    // from default
  EXPECT_EQ(edges[0].latency.a, 3e6);                                   // from default
  EXPECT_EQ(edges[0].retry.max_attempts, 5u);                           // explicit
  EXPECT_EQ(edges[0].retry.backoff.base, Duration::milliseconds(100));  // retry replaced whole, not merged
  EXPECT_EQ(edges[1].name, "api->db");                                  // not listed: the default
  EXPECT_EQ(edges[1].retry.max_attempts, 3u);
  EXPECT_EQ(edges[1].retry.backoff.base, Duration::seconds(1));
}

TEST(loader, strategies_are_read_into_the_edge_config) {
  json j = minimal();
  j["edges"]["clients->api"] = json::parse(R"({
    "latency": {"dist": "exponential", "mean": "5ms"},
    "deadline": "3s",
    "retry": {"max_attempts": 4, "retry_on": ["429", "timeout"], "respect_retry_after": false,
              "backoff": {"type": "linear", "base": "50ms", "max": "1s", "jitter": "decorrelated"},
              "budget": {"type": "ratio", "percent": 10, "min_per_second": 2, "scope": "shared", "window": "5s"}},
    "idempotency_key": "per_attempt",
    "circuit_breaker": {"window": {"type": "time", "size": "10s"}, "min_calls": 5, "failure_rate": 0.25,
                        "slow_call": {"duration": "2s", "rate": 0.5}, "open_for": "15s", "half_open_calls": 2,
                        "scope": "shared"},
    "bulkhead": {"max_concurrent": 7},
    "fallback": {"on": ["breaker_open", "exhausted"]}
  })");
  const LoadResult r = load(j);
  expect_ok(r);
  const EdgeConfig& e = r.scenario->edges[0];
  EXPECT_EQ(e.latency.kind, Distribution::Kind::exponential);
  EXPECT_EQ(e.deadline, Duration::seconds(3));
  EXPECT_EQ(e.retry.max_attempts, 4u);
  EXPECT_EQ(e.retry.retry_on, kRetry429 | kRetryTimeout);
  EXPECT_FALSE(e.retry.respect_retry_after);
  EXPECT_EQ(e.retry.backoff.type, BackoffType::linear);
  EXPECT_EQ(e.retry.backoff.jitter, Jitter::decorrelated);
  EXPECT_EQ(e.retry.budget.type, BudgetConfig::Type::ratio);
  EXPECT_TRUE(e.retry.budget.shared);
  EXPECT_EQ(e.retry.budget.percent, 10.0);
  EXPECT_EQ(e.retry.budget.ratio_window, Duration::seconds(5));
  EXPECT_EQ(e.idempotency_key, KeyMode::per_attempt);
  EXPECT_EQ(e.breaker.type, BreakerConfig::Type::time_window);
  EXPECT_EQ(e.breaker.window_time, Duration::seconds(10));
  EXPECT_EQ(e.breaker.min_calls, 5u);
  EXPECT_EQ(e.breaker.slow_call_duration, Duration::seconds(2));
  EXPECT_EQ(e.breaker.slow_call_rate, 0.5);
  EXPECT_EQ(e.breaker.open_for, Duration::seconds(15));
  EXPECT_TRUE(e.breaker.shared);
  EXPECT_EQ(e.bulkhead_max_concurrent, 7u);
  EXPECT_TRUE(e.fallback.on_breaker_open && e.fallback.on_exhausted);
  EXPECT_FALSE(e.fallback.on_bulkhead_full || e.fallback.on_throttled);

  j["edges"]["clients->api"] = json::parse(R"({"circuit_breaker": {"type": "consecutive", "failures": 3},
    "retry": {"budget": {"type": "token_bucket", "max_tokens": 10, "token_ratio": 0.5}}})");
  const LoadResult c = load(j);
  expect_ok(c);
  EXPECT_EQ(c.scenario->edges[0].breaker.type, BreakerConfig::Type::consecutive);
  EXPECT_EQ(c.scenario->edges[0].breaker.consecutive_failures, 3u);
  EXPECT_EQ(c.scenario->edges[0].retry.budget.type, BudgetConfig::Type::token_bucket);
  EXPECT_EQ(c.scenario->edges[0].retry.budget.max_tokens, 10.0);

  j["edges"]["clients->api"] = json::parse(R"({"throttle": {}, "fallback": {"on": ["throttled"]}})");
  const LoadResult t = load(j);
  expect_ok(t);
  const FallbackConfig& fb = t.scenario->edges[0].fallback;
  EXPECT_TRUE(fb.on_throttled);
  EXPECT_FALSE(fb.on_breaker_open || fb.on_exhausted || fb.on_bulkhead_full);
}

TEST(loader, idempotency_object_enables_dedupe_unless_disabled) {
  json j = minimal();
  j["services"]["api"]["idempotency"] =
      json::parse(R"({"store": "memory", "in_flight": "wait", "record": "after_response"})");
  LoadResult r = load(j);
  expect_ok(r);
  const IdempotencyConfig& idem = r.scenario->services[0].idempotency;
  EXPECT_TRUE(idem.enabled);
  EXPECT_FALSE(idem.durable);
  EXPECT_TRUE(idem.in_flight_wait);
  EXPECT_TRUE(idem.record_after_response);
  j["services"]["api"]["idempotency"]["enabled"] = false;
  r = load(j);
  expect_ok(r);
  EXPECT_FALSE(r.scenario->services[0].idempotency.enabled);
}

TEST(loader, distributions_accept_objects_and_plain_durations) {
  json j = minimal();
  j["services"]["api"]["handler"] = json::parse(R"([
    {"work": "5ms"},
    {"work": {"dist": "constant", "value": "2ms"}},
    {"work": {"dist": "uniform", "min": "1ms", "max": "9ms"}},
    {"work": {"dist": "lognormal", "median": "80ms", "sigma": 0.5}},
    {"work": {"dist": "pareto", "scale": "10ms", "shape": 2.5}}])");
  const LoadResult r = load(j);
  expect_ok(r);
  const auto& h = r.scenario->services[0].handler;
  EXPECT_EQ(h[0].work.kind, Distribution::Kind::constant);
  EXPECT_EQ(h[0].work.a, 5e6);
  EXPECT_EQ(h[1].work.a, 2e6);
  EXPECT_EQ(h[2].work.kind, Distribution::Kind::uniform);
  EXPECT_EQ(h[2].work.b, 9e6);
  EXPECT_EQ(h[3].work.b, 0.5);
  EXPECT_EQ(h[4].work.kind, Distribution::Kind::pareto);
}

TEST(loader, faults_resolve_targets_defaults_and_end_times) {
  json j = minimal();
  j["duration"] = "10m";
  j["faults"] = json::parse(R"([
    {"id": "boom", "type": "error", "target": "api", "start": "1m", "duration": "2m"},
    {"id": "half", "type": "error_after_effect", "target": "api"},
    {"id": "down", "type": "crash", "target": "api", "start": "3m", "restart_after": "30s"},
    {"id": "lossy", "type": "drop_response", "target": "clients->api", "probability": 0.1},
    {"id": "surge", "type": "load", "target": "clients", "factor": 3, "start": "9m", "duration": "5m"},
    {"id": "outage", "type": "store_outage", "target": "api", "mode": "fail_closed"}
  ])");
  const LoadResult r = load(j);
  expect_ok(r);
  const auto& f = r.scenario->faults;
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].status, 503);
  EXPECT_EQ(f[0].start, Duration::seconds(60));
  EXPECT_EQ(f[0].end, Duration::seconds(180));
  EXPECT_EQ(f[1].status, 500);
  EXPECT_EQ(f[1].end, Duration::infinite());  // no duration: to the end
  EXPECT_EQ(f[2].type, FaultConfig::Type::crash);
  EXPECT_EQ(f[2].end, Duration::seconds(210));  // start + restart_after
  EXPECT_EQ(f[3].target_kind, FaultConfig::Target::edge);
  EXPECT_EQ(f[3].target, 0u);
  EXPECT_EQ(f[3].probability, 0.1);
  EXPECT_EQ(f[4].target_kind, FaultConfig::Target::clients);
  EXPECT_EQ(f[4].end, Duration::seconds(600));  // clipped to the run
  EXPECT_EQ(f[5].outage_mode, StoreOutageMode::fail_closed);
}

TEST(loader, expectations_store_durations_in_seconds_and_keep_the_text) {
  json j = minimal();
  j["faults"] = json::parse(R"([{"id": "f", "type": "hang", "target": "api"}])");
  j["expect"] = json::parse(R"([
    {"metric": "latency.p99", "op": "<", "value": "250ms", "phase": "during"},
    {"metric": "effects.charge.duplicates", "op": "==", "value": 0},
    {"metric": "edges.clients->api.amplification", "op": "<=", "value": 1.5},
    {"metric": "ops_unfinished", "op": ">=", "value": 0}
  ])");
  j["services"]["api"]["handler"] = json::parse(R"([{"effect": "charge"}])");
  const LoadResult r = load(j);
  expect_ok(r);
  const auto& x = r.scenario->expect;
  ASSERT_EQ(x.size(), 4u);
  EXPECT_EQ(x[0].op, Expectation::Op::lt);
  EXPECT_DOUBLE_EQ(x[0].value, 0.25);
  EXPECT_EQ(x[0].value_text, "250ms");
  EXPECT_EQ(x[0].phase, Expectation::Phase::during);
  EXPECT_EQ(x[1].value_text, "0");
  EXPECT_EQ(x[2].op, Expectation::Op::le);
}

TEST(loader, arrival_profile_and_closed_loop_are_read) {
  json j = minimal();
  j["clients"]["arrival"]["profile"] = json::parse(R"([["0s", 1.0], ["30s", 2.5]])");
  LoadResult r = load(j);
  expect_ok(r);
  ASSERT_EQ(r.scenario->clients.arrival.profile.size(), 2u);
  EXPECT_EQ(r.scenario->clients.arrival.profile[1], (ProfilePoint{Duration::seconds(30), 2.5, false}));

  j["clients"]["arrival"] =
      json::parse(R"({"process": "closed", "think_time": {"dist": "exponential", "mean": "1s"}})");
  r = load(j);
  expect_ok(r);
  EXPECT_EQ(r.scenario->clients.arrival.process, ArrivalConfig::Process::closed);
}

TEST(loader, seed_takes_the_full_unsigned_64_bit_range) {
  json j = minimal();
  j["seed"] = 18446744073709551615ull;
  LoadResult r = load(j);
  expect_ok(r);
  EXPECT_EQ(r.scenario->seed, 18446744073709551615ull);
  j["seed"] = -1;
  expect_error(load(j), "seed", "unsigned 64-bit integer");
  j["seed"] = 1.5;
  expect_error(load(j), "seed", "found the number 1.5");
  expect_error(load_scenario_text(R"({"seed": 18446744073709551616})", "t.json"), "seed", "unsigned 64-bit");
}

// ---- Syntax and file errors -----------------------------------------------------------------------------------

TEST(loader, malformed_json_gives_one_error_with_line_and_column) {
  const LoadResult r = load_scenario_text("{\n  \"name\": \"t\",\n  \"duration\": }\n", "bad.json");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "bad.json");
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_EQ(r.errors[0].column, 15);
  EXPECT_NE(r.errors[0].message.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(r.errors[0].to_string().rfind("bad.json:3:15: ", 0), 0u) << r.errors[0].to_string();

  const LoadResult empty = load_scenario_text("", "empty.json");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].line, 1);

  const LoadResult overflow = load_scenario_text("{\"seed\": 1e999}", "big.json");
  ASSERT_EQ(overflow.errors.size(), 1u);
  EXPECT_EQ(overflow.errors[0].column, 10);
}

TEST(loader, top_level_must_be_an_object) {
  const LoadResult r = load_scenario_text("[1, 2]", "t.json");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("expected a scenario object, found an array"), std::string::npos);
}

TEST(loader, unreadable_file_gives_one_error_naming_it) {
  const LoadResult r = load_scenario_file("/nonexistent/dir/scenario.json");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("/nonexistent/dir/scenario.json"), std::string::npos);
  EXPECT_EQ(r.errors[0].file, "/nonexistent/dir/scenario.json");
}

TEST(loader, deep_nesting_is_rejected_before_parsing) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const LoadResult r = load_scenario_text(deep, "deep.json");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_EQ(r.errors[0].column, limits::kMaxNesting + 1);
  EXPECT_NE(r.errors[0].message.find("nested deeper than 64"), std::string::npos);
}

TEST(loader, oversized_file_is_rejected) {
  const std::string big(limits::kMaxFileBytes + 1, ' ');
  const LoadResult r = load_scenario_text(big, "big.json");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("limited to"), std::string::npos);
}

// ---- Validation errors: paths, positions, messages ------------------------------------------------------------

TEST(loader, every_error_in_a_file_is_reported_at_once) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 2,
  "name": "t",
  "duration": "1m",
  "services": {"api": {"wokers": 4, "queue": {"discipline": "fifp"}}},
  "clients": {"count": 0, "target": "apj", "arrival": {"process": "poisson", "rate": 5}},
  "faults": [{"id": "x", "type": "latency", "target": "api", "delay": "1ms"}]
})",
                                          "t.json");
  EXPECT_GE(r.errors.size(), 6u) << all_errors(r);
  expect_error(r, "schema_version", "expected the integer 1, found the number 2");
  expect_error(r, "services.api.wokers", "did you mean \"workers\"?");
  expect_error(r, "services.api.queue.discipline", "did you mean \"fifo\"?");
  expect_error(r, "clients.count", "expected an integer from 1 to 1000000, found the number 0");
  expect_error(r, "clients.target", "unknown service \"apj\" (did you mean \"api\"?)");
  expect_error(r, "faults.x.target", "targets an edge");
  // Sorted by position.
  EXPECT_TRUE(std::is_sorted(r.errors.begin(), r.errors.end(),
                             [](const LoadError& a, const LoadError& b) { return a.line < b.line; }));
}

TEST(loader, errors_point_at_the_value_the_key_or_the_enclosing_object) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4, "colour": "red"}},
  "clients": {"count": "ten", "target": "api"}
})",
                                          "t.json");
  const LoadError* unknown = error_at(r, "services.api.colour");
  ASSERT_NE(unknown, nullptr) << all_errors(r);
  EXPECT_EQ(unknown->line, 3);
  EXPECT_EQ(unknown->column, 38);  // the key
  const LoadError* type = error_at(r, "clients.count");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->line, 4);
  EXPECT_EQ(type->column, 24);  // the value
  const LoadError* missing = error_at(r, "clients.arrival");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->message, "missing required key \"arrival\"");
  EXPECT_EQ(missing->line, 4);
  EXPECT_EQ(missing->column, 14);  // the object that lacks it
  EXPECT_EQ(missing->to_string(), "t.json:4:14: clients.arrival: missing required key \"arrival\"");
}

TEST(loader, columns_count_characters_not_bytes) {
  const LoadResult r = load_scenario_text("{\"title\": \"h\u00e9llo w\u00f6rld\", \"nme\": 1}", "t.json");
  const LoadError* e = error_at(r, "nme");
  ASSERT_NE(e, nullptr) << all_errors(r);
  EXPECT_EQ(e->column, 26);
}

TEST(loader, unknown_keys_suggest_close_spellings_only) {
  json j = minimal();
  j["services"]["api"]["handlr"] = json::array();
  j["clients"]["arival"] = 1;
  j["zzz_unrelated"] = 1;
  const LoadResult r = load(j);
  expect_error(r, "services.api.handlr", "unknown key \"handlr\" (did you mean \"handler\"?)");
  expect_error(r, "clients.arival", "did you mean \"arrival\"?");
  const LoadError* far = error_at(r, "zzz_unrelated");
  ASSERT_NE(far, nullptr);
  EXPECT_EQ(far->message, "unknown key \"zzz_unrelated\"");
}

TEST(loader, misspelt_required_key_is_reported_once) {
  json j = minimal();
  j["services"]["api"].erase("workers");
  j["services"]["api"]["wrokers"] = 4;
  const LoadResult r = load(j);
  expect_error(r, "services.api.wrokers", "did you mean \"workers\"?");
  EXPECT_EQ(error_at(r, "services.api.workers"), nullptr) << all_errors(r);
}

TEST(loader, wrong_types_say_what_was_expected_and_found) {
  json j = minimal();
  j["services"]["api"]["workers"] = "4";
  j["services"]["api"]["drop_expired"] = "yes";
  j["tags"] = "demo";
  j["services"]["api"]["handler"] = json::parse(R"([{"work": true}])");
  const LoadResult r = load(j);
  expect_error(r, "services.api.workers", "expected an integer from 1 to 100000, found the string \"4\"");
  expect_error(r, "services.api.drop_expired", "expected true or false, found the string \"yes\"");
  expect_error(r, "tags", "expected an array, found the string \"demo\"");
  expect_error(r, "services.api.handler[0].work", "found true");
  j = minimal();
  j["services"]["api"]["workers"] = 2.5;
  expect_error(load(j), "services.api.workers", "found the number 2.5");
}

TEST(loader, a_bare_number_is_not_a_duration) {
  json j = minimal();
  j["duration"] = 60;
  j["services"]["api"]["handler"] = json::parse(R"([{"work": 5}])");
  const LoadResult r = load(j);
  expect_error(r, "duration", "found the number 60 (durations are strings with a unit");
  expect_error(r, "services.api.handler[0].work", "durations are strings with a unit");
  j = minimal();
  j["warmup"] = "10 s";
  expect_error(load(j), "warmup", "expected a duration such as");
}

TEST(loader, duplicate_keys_are_errors) {
  const LoadResult r = load_scenario_text(R"({"schema_version": 1, "name": "t", "duration": "1m",
"services": {"api": {"workers": 4, "workers": 5}},
"clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}}})",
                                          "t.json");
  const LoadError* e = error_at(r, "services.api.workers");
  ASSERT_NE(e, nullptr) << all_errors(r);
  EXPECT_NE(e->message.find("duplicate key (first at line 2, column 22)"), std::string::npos) << e->message;
  EXPECT_EQ(e->line, 2);
  EXPECT_EQ(e->column, 36);
  EXPECT_FALSE(r.ok());
}

TEST(loader, names_must_be_lower_case_identifiers) {
  json j = minimal();
  j["name"] = "My Scenario";
  j["services"]["Api"] = {{"workers", 1}};
  j["services"]["api"]["handler"] = json::parse(R"([{"effect": "Charge!"}])");
  j["faults"] = json::parse(R"([{"id": "9lives", "type": "hang", "target": "api"}])");
  const LoadResult r = load(j);
  expect_error(r, "name", "expected a name");
  expect_error(r, "services.Api", "found \"Api\"");
  expect_error(r, "services.api.handler[0].effect", "found \"Charge!\"");
  expect_error(r, "faults[0].id", "found \"9lives\"");
  j = minimal();
  j["services"]["clients"] = {{"workers", 1}};
  expect_error(load(j), "services.clients", "reserved");
}

TEST(loader, edges_must_name_known_services) {
  json j = minimal();
  j["edges"] = json::parse(R"({"clients->apx": {}, "api->clients": {}, "api-db": {}, "default": {}})");
  const LoadResult r = load(j);
  expect_error(r, "edges.clients->apx", "unknown service \"apx\" in edge \"clients->apx\" (did you mean \"api\"?)");
  expect_error(r, "edges.api->clients", "clients only call");
  expect_error(r, "edges.api-db", "expected an edge \"caller->callee\" or \"default\"");
}

TEST(loader, calls_must_name_services_and_must_not_form_cycles) {
  json j = minimal();
  j["services"] = json::parse(R"({
    "api": {"workers": 1, "handler": [{"call": "db"}, {"call": "cahce"}]},
    "db": {"workers": 1, "handler": [{"call": "cache"}]},
    "cache": {"workers": 1, "handler": [{"call": "api"}]},
    "self": {"workers": 1, "handler": [{"call": "self"}]}
  })");
  const LoadResult r = load(j);
  expect_error(r, "services.api.handler[1].call", "unknown service \"cahce\" (did you mean \"cache\"?)");
  expect_error(r, "services.cache.handler[0].call", "call cycle api -> db -> cache -> api");
  expect_error(r, "services.self.handler[0].call", "calls itself");
}

TEST(loader, a_step_has_exactly_one_action) {
  json j = minimal();
  j["services"]["api"]["handler"] = json::parse(R"([{"work": "1ms", "effect": "x"}, {}])");
  const LoadResult r = load(j);
  expect_error(r, "services.api.handler[0]", "exactly one of");
  expect_error(r, "services.api.handler[1]", "needs one of");
}

TEST(loader, fault_targets_must_exist_and_fit_the_type) {
  json j = minimal();
  j["faults"] = json::parse(R"([
    {"id": "a", "type": "crash", "target": "apu"},
    {"id": "b", "type": "partition", "target": "api->db"},
    {"id": "c", "type": "load", "target": "api", "factor": 2},
    {"id": "d", "type": "error", "target": "clients->api"},
    {"id": "e", "type": "drop_request", "target": "api"}
  ])");
  const LoadResult r = load(j);
  expect_error(r, "faults.a.target", "unknown service \"apu\" (did you mean \"api\"?)");
  expect_error(r, "faults.b.target", "no call uses the edge \"api->db\"");
  expect_error(r, "faults.c.target", "targets \"clients\"");
  expect_error(r, "faults.d.target", "targets a service");
  expect_error(r, "faults.e.target", "targets an edge");
}

TEST(loader, fault_ids_are_unique_and_keys_fit_the_type) {
  json j = minimal();
  j["faults"] = json::parse(R"([
    {"id": "x", "type": "crash", "target": "api", "factor": 2, "duration": "1s", "restart_after": "1s"},
    {"id": "x", "type": "slowdown", "target": "api"},
    {"id": "y", "type": "capacity", "target": "api"},
    {"id": "z", "type": "latency", "target": "clients->api", "start": "5m"}
  ])");
  const LoadResult r = load(j);
  expect_error(r, "faults.x.factor", "\"factor\" does not apply to a crash fault");
  expect_error(r, "faults.x.restart_after", "not both");
  expect_error(r, "faults.x.id", "duplicate fault id \"x\"");
  expect_error(r, "faults.x.factor", "does not apply");
  expect_error(r, "faults.y.workers", "a capacity fault needs \"workers\"");
  expect_error(r, "faults.z.delay", "needs \"delay\"");
  expect_error(r, "faults.z.start", "not before the run ends");
  // Error paths use the index when the id is unusable.
  j["faults"] = json::parse(R"([{"id": 5, "type": "hang", "target": "api", "probability": 2}])");
  expect_error(load(j), "faults[0].probability", "expected a number from 0 to 1, found the number 2");
}

TEST(loader, arrival_keys_fit_the_process) {
  json j = minimal();
  j["clients"]["arrival"] = json::parse(R"({"process": "closed", "rate": 5})");
  LoadResult r = load(j);
  expect_error(r, "clients.arrival.rate", "does not apply to the \"closed\" arrival process");
  expect_error(r, "clients.arrival.think_time", "needs \"think_time\"");
  j["clients"]["arrival"] =
      json::parse(R"({"process": "poisson", "think_time": "1s", "profile": [["1m", 2], ["30s", 1], ["2m", -1]]})");
  r = load(j);
  expect_error(r, "clients.arrival.rate", "needs \"rate\"");
  expect_error(r, "clients.arrival.think_time", "does not apply");
  expect_error(r, "clients.arrival.profile[1]", "profile times must increase");
  expect_error(r, "clients.arrival.profile[2][1]", "expected a number from 0 to 1000");
  j["clients"]["arrival"] = json::parse(R"({"process": "closed", "think_time": "0s"})");
  expect_error(load(j), "clients.arrival.think_time", "think time above zero");
}

TEST(loader, semantic_checks_catch_impossible_values) {
  json j = minimal();
  j["warmup"] = "1m";
  j["edges"]["clients->api"] = json::parse(R"({"timeout": "0s", "latency": {"dist": "exponential", "mean": "0ms"},
    "retry": {"backoff": {"base": "5s", "max": "1s"}},
    "circuit_breaker": {"window": {"type": "count", "size": 5}, "min_calls": 10}})");
  j["services"]["api"]["handler"] = json::parse(R"([{"work": {"dist": "uniform", "min": "9ms", "max": "1ms"}}])");
  j["bucket"] = "0s";
  const LoadResult r = load(j);
  expect_error(r, "warmup", "must be shorter than duration");
  expect_error(r, "edges.clients->api.timeout", "time must pass");
  expect_error(r, "edges.clients->api.latency.mean", "time must pass");
  expect_error(r, "edges.clients->api.retry.backoff.base", "longer than max");
  expect_error(r, "edges.clients->api.circuit_breaker.window.size", "never holds min_calls 10");
  expect_error(r, "services.api.handler[0].work.min", "min 9ms is greater than max 1ms");
  expect_error(r, "bucket", "time must pass");
}

TEST(loader, breaker_window_size_matches_the_window_type) {
  json j = minimal();
  j["edges"]["clients->api"]["circuit_breaker"] = json::parse(R"({"window": {"type": "time", "size": 10}})");
  expect_error(load(j), "edges.clients->api.circuit_breaker.window.size", "a time window's size is a duration");
  j["edges"]["clients->api"]["circuit_breaker"] = json::parse(R"({"window": {"type": "count", "size": "10s"}})");
  expect_error(load(j), "edges.clients->api.circuit_breaker.window.size", "a count window's size is a number of calls");
  j["edges"]["clients->api"]["circuit_breaker"] = json::parse(R"({"type": "consecutive", "min_calls": 3})");
  expect_error(load(j), "edges.clients->api.circuit_breaker.min_calls", "does not apply to a consecutive breaker");
  j["edges"]["clients->api"]["retry"] = json::parse(R"({"budget": {"type": "token_bucket", "percent": 3}})");
  expect_error(load(j), "edges.clients->api.retry.budget.percent", "does not apply to a token_bucket budget");
}

TEST(loader, distribution_objects_are_checked_by_kind) {
  json j = minimal();
  j["services"]["api"]["handler"] = json::parse(R"([
    {"work": {"dist": "exponential", "mena": "5ms"}},
    {"work": {"dist": "gaussian", "mean": "5ms"}},
    {"work": {"mean": "5ms"}},
    {"work": {"dist": "lognormal", "median": "5ms", "sigma": 50}}])");
  const LoadResult r = load(j);
  expect_error(r, "services.api.handler[0].work.mena", "did you mean \"mean\"?");
  expect_error(r, "services.api.handler[1].work.dist", "expected one of constant, uniform");
  expect_error(r, "services.api.handler[2].work", "needs \"dist\"");
  expect_error(r, "services.api.handler[3].work.sigma", "from 0 to 10");
}

TEST(loader, expectations_name_known_metrics) {
  json j = minimal();
  j["expect"] = json::parse(R"([
    {"metric": "sucess_rate", "op": ">=", "value": 0.9},
    {"metric": "effects.charge.duplicates", "op": "==", "value": 0},
    {"metric": "services.api.requests", "op": "=>", "value": "lots"},
    {"metric": "ops", "op": ">", "value": 1, "phase": "during"}])");
  const LoadResult r = load(j);
  expect_error(r, "expect[0].metric", "unknown metric \"sucess_rate\" (did you mean \"success_rate\"?)");
  expect_error(r, "expect[1].metric", "unknown metric \"effects.charge.duplicates\"");
  expect_error(r, "expect[2].op", "did you mean \">=\"?");
  expect_error(r, "expect[2].value", "expected a number or a duration");
  expect_error(r, "expect[3].phase", "has none");
}

// ---- Limits ---------------------------------------------------------------------------------------------------

TEST(loader, limits_give_clear_messages) {
  auto expect_limit = [](json j, std::string_view path, std::string_view text) {
    SCOPED_TRACE(std::string(path));
    expect_error(load(j), path, text);
  };
  json j = minimal();
  j["clients"]["count"] = 1'000'001;
  expect_limit(j, "clients.count", "from 1 to 1000000");
  j = minimal();
  j["clients"]["arrival"]["rate"] = 2e6;
  expect_limit(j, "clients.arrival.rate", "at most 1000000");
  j = minimal();
  j["duration"] = "721h";
  expect_limit(j, "duration", "at most 720h (30 days)");
  j = minimal();
  j["bucket"] = "1ms";
  j["duration"] = "1h";
  expect_limit(j, "bucket", "3600000 buckets; at most 100000");
  j = minimal();
  j["services"]["api"]["workers"] = 100'001;
  expect_limit(j, "services.api.workers", "to 100000");
  j = minimal();
  j["services"]["api"]["queue"]["capacity"] = 10'000'001;
  expect_limit(j, "services.api.queue.capacity", "to 10000000");
  j = minimal();
  j["edges"]["clients->api"]["retry"]["max_attempts"] = 101;
  expect_limit(j, "edges.clients->api.retry.max_attempts", "from 1 to 100");
  j = minimal();
  for (int i = 0; i < 257; ++i) j["services"][numbered("s", i)] = {{"workers", 1}};
  expect_limit(j, "services", "from 1 to 256 entries, found 258");
  j = minimal();
  j["services"]["api"]["handler"] = json::array();
  for (int i = 0; i < 65; ++i) j["services"]["api"]["handler"].push_back({{"work", "1ms"}});
  expect_limit(j, "services.api.handler", "from 1 to 64 items, found 65");
  j = minimal();
  j["faults"] = json::array();
  for (int i = 0; i < 1001; ++i) j["faults"].push_back({{"id", numbered("f", i)}, {"type", "hang"}, {"target", "api"}});
  expect_limit(j, "faults", "at most 1000 items");
  j = minimal();
  j["services"]["api"]["handler"] = json::array();
  for (int i = 0; i < 33; ++i) j["services"]["api"]["handler"].push_back({{"effect", numbered("e", i)}});
  expect_limit(j, "services.api.handler[32].effect", "at most 32 distinct effects");
  j = minimal();
  j["name"] = std::string(65, 'a');
  expect_limit(j, "name", "at most 64 characters");
  j = minimal();
  j["title"] = std::string(201, 'a');
  expect_limit(j, "title", "at most 200 characters");
  j = minimal();
  j["description"] = std::string(64 * 1024 + 1, 'a');
  expect_limit(j, "description", "at most 65536 characters");
  j = minimal();
  j["tags"] = std::vector<std::string>(33, "x");
  expect_limit(j, "tags", "at most 32 items");
}

TEST(loader, total_work_of_a_run_is_bounded) {
  json j = minimal();
  j["duration"] = "720h";
  j["clients"]["arrival"]["rate"] = 1000;  // 2.6e9 operations
  j["bucket"] = "1h";
  expect_error(load(j), "clients.arrival.rate", "about 2.6e9 operations: 1000 ops/s × 2592000 s; at most 1e9");
  j["clients"]["arrival"] = json::parse(R"({"process": "closed", "think_time": "1ms"})");
  j["clients"]["count"] = 1000;
  expect_error(load(j), "clients.arrival.think_time", "operations");
  // Retries multiply down a call chain.
  j = minimal();
  j["services"] =
      json::parse(R"({"a": {"workers": 1, "handler": [{"call": "b"}]}, "b": {"workers": 1, "handler": [{"call": "c"}]},
    "c": {"workers": 1, "handler": [{"call": "d"}]}, "d": {"workers": 1}})");
  j["clients"]["target"] = "a";
  j["edges"]["default"]["retry"]["max_attempts"] = 10;
  expect_error(load(j), "edges.default.retry.max_attempts", "about 11110 requests per operation");
}

// ---- Overrides, variants, sweeps ------------------------------------------------------------------------------

ScenarioDocument document(const json& j) {
  auto parsed = parse_scenario_document(j.dump(2), "t.json");
  EXPECT_TRUE(std::holds_alternative<ScenarioDocument>(parsed));
  return std::get<ScenarioDocument>(std::move(parsed));
}

TEST(overrides, set_values_by_dotted_path_including_edges_and_faults_by_id) {
  json j = minimal();
  j["faults"] = json::parse(R"([{"id": "slow", "type": "slowdown", "target": "api", "factor": 2, "duration": "10s"}])");
  const ScenarioDocument doc = document(j);
  const LoadResult r = build_scenario(doc, {{"edges.clients->api.retry.max_attempts", 4},
                                            {"faults.slow.duration", "20s"},
                                            {"services.api.idempotency.enabled", true},
                                            {"clients.arrival.rate", 50},
                                            {"seed", 5},
                                            {"services.api.handler", json::parse(R"([{"work": "2ms"}])")}});
  expect_ok(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.edges[0].retry.max_attempts, 4u);  // edge created from nothing
  EXPECT_EQ(s.faults[0].end, Duration::seconds(20));
  EXPECT_TRUE(s.services[0].idempotency.enabled);  // object created from nothing
  EXPECT_EQ(s.clients.arrival.rate, 50.0);
  EXPECT_EQ(s.seed, 5u);  // a signed JSON integer from code is a fine seed
  EXPECT_EQ(s.services[0].handler[0].work.a, 2e6);
  // The document itself is unchanged.
  EXPECT_FALSE(doc.json["services"]["api"].contains("idempotency"));
}

TEST(overrides, items_can_be_addressed_by_index_and_null_removes_a_key) {
  json j = minimal();
  j["services"]["api"]["handler"] = json::parse(R"([{"work": "1ms"}, {"work": "3ms"}])");
  j["edges"]["clients->api"]["circuit_breaker"] = {{"type", "consecutive"}};
  const LoadResult r = build_scenario(
      document(j), {{"services.api.handler[1].work", "7ms"}, {"edges.clients->api.circuit_breaker", nullptr}});
  expect_ok(r);
  EXPECT_EQ(r.scenario->services[0].handler[1].work.a, 7e6);
  EXPECT_EQ(r.scenario->edges[0].breaker.type, BreakerConfig::Type::none);
}

TEST(overrides, null_removes_an_item_by_id_or_index) {
  json j = minimal();
  j["services"]["api"]["handler"] = json::parse(R"([{"work": "1ms"}, {"work": "3ms"}])");
  j["faults"] = json::parse(R"([{"id": "slow", "type": "slowdown", "target": "api", "factor": 2},
                                {"id": "down", "type": "hang", "target": "api"}])");
  const LoadResult r = build_scenario(document(j), {{"faults.slow", nullptr}, {"services.api.handler[0]", nullptr}});
  expect_ok(r);
  ASSERT_EQ(r.scenario->faults.size(), 1u);
  EXPECT_EQ(r.scenario->faults[0].id, "down");
  ASSERT_EQ(r.scenario->services[0].handler.size(), 1u);
  EXPECT_EQ(r.scenario->services[0].handler[0].work.a, 3e6);
  // Removing every fault leaves a scenario without faults, not an error.
  const LoadResult none = build_scenario(document(j), {{"faults.slow", nullptr}, {"faults.down", nullptr}});
  expect_ok(none);
  EXPECT_TRUE(none.scenario->faults.empty());
  expect_error(build_scenario(document(j), {{"faults.gone", nullptr}}), "faults.gone", "has no item with id \"gone\"");
}

TEST(overrides, bad_paths_are_errors_naming_the_path) {
  json j = minimal();
  j["faults"] = json::parse(R"([{"id": "slow", "type": "hang", "target": "api"}])");
  const ScenarioDocument doc = document(j);
  expect_error(build_scenario(doc, {{"edges.clients->api.retry.max_attemps", 3}}),
               "edges.clients->api.retry.max_attemps", "did you mean \"max_attempts\"?");
  expect_error(build_scenario(doc, {{"faults.fast.duration", "1s"}}), "faults.fast.duration",
               "has no item with id \"fast\"");
  expect_error(build_scenario(doc, {{"services.api.handler[3].work", "1s"}}), "services.api.handler[3].work",
               "services.api.handler is not in the scenario");
  json with_handler = minimal();
  with_handler["services"]["api"]["handler"] = json::parse(R"([{"work": "1ms"}])");
  expect_error(build_scenario(document(with_handler), {{"services.api.handler[3].work", "1s"}}),
               "services.api.handler[3].work", "has no item [3]");
  expect_error(build_scenario(doc, {{"variants.x", json::object()}}), "variants.x", "cannot be changed by a path");
  expect_error(build_scenario(doc, {{"services.Bad.workers", 1}}), "services.Bad.workers", "expected a name");
  expect_error(build_scenario(doc, {{"duration.x", 1}}), "duration.x", "has no key \"x\"");
}

TEST(overrides, errors_in_overridden_values_have_no_line) {
  const LoadResult r = build_scenario(document(minimal()), {{"services.api.workers", 0}});
  const LoadError* e = error_at(r, "services.api.workers");
  ASSERT_NE(e, nullptr) << all_errors(r);
  EXPECT_EQ(e->line, 0);
  EXPECT_EQ(e->to_string(), "t.json: services.api.workers: expected an integer from 1 to 100000, found the number 0");
}

TEST(overrides, parse_override_value_types_text_by_what_the_path_expects) {
  auto value = [](std::string_view path, std::string_view text) {
    auto v = parse_override_value(path, text);
    EXPECT_TRUE(std::holds_alternative<json>(v)) << path << "=" << text << ": " << std::get<std::string>(v);
    return std::holds_alternative<json>(v) ? std::get<json>(v) : json();
  };
  auto error = [](std::string_view path, std::string_view text) {
    auto v = parse_override_value(path, text);
    EXPECT_TRUE(std::holds_alternative<std::string>(v)) << path << "=" << text;
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
  };
  EXPECT_EQ(value("edges.clients->api.retry.max_attempts", "3"), json(3));
  EXPECT_EQ(value("edges.clients->api.retry.backoff.jitter", "full"), json("full"));
  EXPECT_EQ(value("faults.slow.duration", "2s"), json("2s"));
  EXPECT_EQ(value("services.api.idempotency.enabled", "true"), json(true));
  EXPECT_EQ(value("clients.arrival.rate", "2.5"), json(2.5));
  EXPECT_EQ(value("title", "2024"), json("2024"));  // strings stay strings
  EXPECT_EQ(value("services.api.handler[0].work", R"({"dist":"exponential","mean":"5ms"})")["dist"], "exponential");
  EXPECT_EQ(value("services.api.handler", R"([{"work":"1ms"}])").size(), 1u);
  EXPECT_EQ(value("expect[0].value", "0.5"), json(0.5));
  EXPECT_EQ(value("expect[0].value", "250ms"), json("250ms"));
  EXPECT_EQ(value("edges.default.circuit_breaker", "null"), json(nullptr));
  EXPECT_EQ(value("seed", "18446744073709551615"), json(18446744073709551615ull));
  EXPECT_NE(error("edges.clients->api.retry.max_attempts", "three").find("expected an integer"), std::string::npos);
  EXPECT_NE(error("services.api.drop_expired", "yes").find("expected true or false"), std::string::npos);
  EXPECT_NE(error("services.api.queue", "big").find("written as JSON"), std::string::npos);
  EXPECT_NE(error("services.api.wokers", "3").find("did you mean \"workers\"?"), std::string::npos);
  EXPECT_NE(error("services.api.handler", "[1, 2").find("valid JSON"), std::string::npos);
  EXPECT_NE(error("services.api.handler", std::string(1000, '[')).find("nested deeper"), std::string::npos);
}

TEST(variants, are_read_in_file_order_with_their_overrides) {
  const auto parsed = parse_scenario_document(R"({
    "schema_version": 1, "name": "t", "duration": "1m",
    "services": {"api": {"workers": 4}},
    "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 10}},
    "variants": {"zz-more": {"services.api.workers": 8, "clients.count": 20}, "aa-less": {"services.api.workers": 2}},
    "sweep": {"clients.arrival.rate": [1, 2, 4], "services.api.workers": [1, 2]}
  })",
                                              "t.json");
  ASSERT_TRUE(std::holds_alternative<ScenarioDocument>(parsed));
  const ScenarioDocument& doc = std::get<ScenarioDocument>(parsed);
  ASSERT_EQ(doc.variants.size(), 2u);
  EXPECT_EQ(doc.variants[0].name, "zz-more");
  ASSERT_EQ(doc.variants[0].overrides.size(), 2u);
  EXPECT_EQ(doc.variants[0].overrides[0].first, "services.api.workers");
  EXPECT_EQ(doc.variants[0].overrides[0].second, json(8));
  EXPECT_EQ(doc.variants[1].name, "aa-less");
  ASSERT_EQ(doc.sweep.size(), 2u);
  EXPECT_EQ(doc.sweep[0].path, "clients.arrival.rate");
  EXPECT_EQ(doc.sweep[0].values.size(), 3u);
  const LoadResult r = build_scenario(doc, doc.variants[0].overrides);
  expect_ok(r);
  EXPECT_EQ(r.scenario->services[0].workers, 8u);
  expect_ok(load_scenario_document(doc));
}

TEST(variants, an_invalid_variant_is_an_error_naming_it_at_its_line) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4}},
  "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 10}},
  "variants": {
    "broken": {"services.api.workers": 0},
    "typo": {"services.api.wrkers": 3},
    "baseline": {}
  }
})",
                                          "t.json");
  const LoadError* broken = error_at(r, "services.api.workers");
  ASSERT_NE(broken, nullptr) << all_errors(r);
  EXPECT_NE(broken->message.find("in variant \"broken\": expected an integer from 1 to 100000"), std::string::npos);
  EXPECT_EQ(broken->line, 6);
  EXPECT_EQ(broken->column, 40);
  expect_error(r, "variants.typo.services.api.wrkers", "did you mean \"workers\"?");
  expect_error(r, "variants.baseline", "\"baseline\" is the name of the scenario without overrides");
  EXPECT_FALSE(r.scenario.has_value());
}

TEST(variants, only_errors_beyond_the_baseline_are_reported_for_a_variant) {
  json j = minimal();
  j["clients"]["count"] = 0;  // a baseline error, not repeated for the variant
  j["variants"] = {{"more", {{"services.api.workers", 8}}}};
  const LoadResult r = load(j);
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].path, "clients.count");
}

TEST(sweep, values_are_checked_and_the_product_is_bounded) {
  json j = minimal();
  j["sweep"] = json::parse(
      R"({"edges.clients->api.retry.max_attempts": [1, 0], "services.api.wrokers": [1], "clients.count": []})");
  LoadResult r = load(j);
  expect_error(r, "edges.clients->api.retry.max_attempts",
               "in sweep value 0 of \"edges.clients->api.retry.max_attempts\"");
  expect_error(r, "sweep.services.api.wrokers", "did you mean \"workers\"?");
  expect_error(r, "sweep.clients.count", "expected an array of 1 to 100 values, found 0 values");
  j["sweep"] = json::object();
  for (const char* path : {"clients.count", "services.api.workers", "clients.arrival.rate"})
    j["sweep"][path] = std::vector<int>(30, 1);
  expect_error(load(j), "sweep", "the sweep has 27000 points");
}

// ---- Robustness -----------------------------------------------------------------------------------------------

TEST(robustness, mangled_scenarios_never_crash_the_loader) {
  // A cheap deterministic stand-in for fuzzing: truncations and byte changes of a rich scenario must produce
  // errors, never a crash, a hang or an exception.
  std::ifstream in(std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  const char replacements[] = {'{', '}', '[', ']', '"', ',', ':', '0', '-', 'x', '\\', '\n', '\0', '.', 'e'};
  for (int round = 0; round < 600; ++round) {
    std::string mangled = text;
    if (round % 3 == 0) mangled.resize(next() % mangled.size());
    for (int k = 0, n = 1 + static_cast<int>(next() % 4); k < n && !mangled.empty(); ++k)
      mangled[next() % mangled.size()] = replacements[next() % sizeof replacements];
    EXPECT_NO_THROW({
      const LoadResult r = load_scenario_text(mangled, "m.json");
      for (const LoadError& e : r.errors) (void)e.to_string();
    });
  }
}

}  // namespace
}  // namespace chaossim
