// The cost model: bounds that heavy tails and multipliers cannot slip past, refusals that name the term and point
// at the input, and the hostile scenarios of issue 19 (tests/scenario/hostile/) refused before anything runs.
#include "scenario/cost_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/random.h"
#include "model/engine.h"
#include "model/series_columns.h"
#include "scenario/cost_bounds.h"
#include "scenario/limits.h"
#include "scenario/loader.h"
#include "support/scenario_text.h"
#include "support/lessons.h"

namespace chaossim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json minimal() { return testing::minimal_scenario(); }

LoadResult load(const json& j) { return testing::load_json(j); }

using testing::all_errors;

Scenario loaded(const json& j) {
  const LoadResult r = load(j);
  EXPECT_TRUE(r.ok()) << all_errors(r);
  return r.scenario.value_or(Scenario{});
}

void expect_error(const LoadResult& r, std::string_view path, std::string_view text) {
  const auto it = std::find_if(r.errors.begin(), r.errors.end(), [&](const LoadError& e) { return e.path == path; });
  ASSERT_NE(it, r.errors.end()) << "no error at " << path << "; errors:\n" << all_errors(r);
  EXPECT_NE(it->message.find(text), std::string::npos) << it->to_string();
}

json chain(int services, int attempts) {
  json j = minimal();
  j["services"] = json::object();
  for (int i = 0; i < services; ++i) {
    json svc = {{"workers", 1}};
    if (i + 1 < services) svc["handler"] = json::array({{{"call", "s" + std::to_string(i + 1)}}});
    j["services"]["s" + std::to_string(i)] = svc;
  }
  j["clients"]["target"] = "s0";
  j["edges"]["default"]["retry"]["max_attempts"] = attempts;
  return j;
}

// ---- closed loops: the think time's support, not its mean ----------------------------------------------------

// Cycles of one client in `seconds`, each a think time and nothing else, as the engine draws them.
double simulated_cycles(const Distribution& think, double seconds, int clients) {
  double total = 0;
  for (int c = 0; c < clients; ++c) {
    Rng rng = Rng::stream(7, StreamKind::think_time, static_cast<std::uint32_t>(c));
    for (double t = think.sample(rng).seconds_f(); t < seconds; t += think.sample(rng).seconds_f()) ++total;
  }
  return total / clients;
}

TEST(cost_bounds, closed_loop_cycles_bound_the_simulated_count_for_every_kind_of_think_time) {
  const Distribution kinds[] = {
      Distribution::constant(Duration::milliseconds(10)),
      Distribution::uniform(Duration::zero(), Duration::milliseconds(20)),
      Distribution::exponential(Duration::milliseconds(10)),
      Distribution::lognormal(Duration::milliseconds(10), 1),
      Distribution::lognormal(Duration::milliseconds(10), 4),
      Distribution::lognormal(Duration::microseconds(1), 10),
      Distribution::pareto(Duration::milliseconds(10), 0.5),
      Distribution::pareto(Duration::milliseconds(10), 1.5),
  };
  for (const Distribution& d : kinds) {
    const double bound = cost::closed_loop_cycles_bound(d, 5, 1);
    EXPECT_GE(bound, simulated_cycles(d, 5, 200)) << d.describe();
    EXPECT_TRUE(std::isfinite(bound)) << d.describe();
  }
}

TEST(cost_bounds, a_light_tail_keeps_the_mean_bound_and_a_heavy_one_gets_its_minimum) {
  // Exponential: Lorden's bound, T / mean + 2.
  EXPECT_NEAR(cost::closed_loop_cycles_bound(Distribution::exponential(Duration::milliseconds(1)), 1000, 1), 1e6 + 2,
              1);
  // Constant: T / value + 1.
  EXPECT_NEAR(cost::closed_loop_cycles_bound(Distribution::constant(Duration::milliseconds(10)), 100, 1), 10'001, 1);
  // Pareto with shape 0.5 has no mean (mean_seconds() is infinite, which once counted as 0 operations). Every
  // sample is at least its scale (10001 cycles in 100 s at most), but the tail eats the time: a threshold of 50 s
  // is passed with probability 1/70.7, so the expected count is at most 4 × 70.7 - 1. (The renewal limit is
  // sqrt(T / scale) / (Γ(1/2) Γ(3/2)) = 64.)
  const Distribution pareto = Distribution::pareto(Duration::milliseconds(10), 0.5);
  EXPECT_FALSE(std::isfinite(pareto.mean_seconds()));
  EXPECT_NEAR(cost::closed_loop_cycles_bound(pareto, 100, 1), 4 * std::sqrt(5000.0) - 1, 2);
}

TEST(cost_model, heavy_tailed_think_times_no_longer_hide_a_closed_loops_operations) {
  json j = minimal();
  j["duration"] = "720h";
  j["bucket"] = "1h";
  j["clients"] = json::parse(R"({"count": 1000000, "target": "api", "arrival": {"process": "closed",
      "think_time": {"dist": "pareto", "scale": "10ms", "shape": 0.5}}})");
  expect_error(load(j), "clients.arrival.think_time",
               "about 4.6e10 operations: 1000000 clients × up to 45536 operations each");
  // A thousand clients make at most 46 M operations (the renewal limit is 10 M): allowed.
  j["clients"]["count"] = 1000;
  EXPECT_NEAR(cost::estimate_run(loaded(j)).operations.value, 4.6e7, 0.1e7);
  // The same with an exponential think time was refused before, and still is, for the count its mean gives.
  j["clients"]["arrival"]["think_time"] = json::parse(R"({"dist": "exponential", "mean": "10ms"})");
  expect_error(load(j), "clients.arrival.think_time", "about 2.6e11 operations");
  // A load fault makes users think less.
  j = minimal();
  j["clients"] =
      json::parse(R"({"count": 100, "target": "api", "arrival": {"process": "closed", "think_time": "1s"}})");
  const double calm = cost::estimate_run(loaded(j)).operations.value;
  j["faults"] = json::parse(
      R"([{"id": "rush", "type": "load", "target": "clients", "factor": 10, "start": "0s", "duration": "30s"}])");
  EXPECT_GT(cost::estimate_run(loaded(j)).operations.value, 5 * calm);
}

TEST(cost_bounds, absurd_horizons_give_an_unbounded_count_at_once) {
  const Distribution think = Distribution::exponential(Duration::milliseconds(1));
  EXPECT_FALSE(std::isfinite(cost::closed_loop_cycles_bound(think, 1e300, 1)));
  EXPECT_FALSE(std::isfinite(cost::closed_loop_cycles_bound(think, HUGE_VAL, 1)));
}

// What a run really did, against its estimate: operations started, and requests that reached services.
struct Measured {
  double operations = 0, requests = 0;
};
Measured run(const Scenario& s) {
  Engine engine(s, s.seed);
  engine.run();
  Measured m;
  const Recorder& rec = engine.recorder();
  for (std::size_t b = 0; b < rec.buckets(); ++b) m.operations += rec.cell(b, series::kOpsStarted);
  for (const ServiceTotals& t : rec.phase(kOverall).services) m.requests += static_cast<double>(t.requests);
  return m;
}

TEST(cost_model, runs_stay_within_their_estimate) {
  // A closed loop with a heavy tail, retries, a lossy edge that also duplicates, double clicks and resubmits.
  json j = minimal();
  j["services"] = json::parse(R"({"api": {"workers": 8, "handler": [{"work": "1ms"}, {"call": "db"}]},
      "db": {"workers": 8, "handler": [{"work": {"dist": "exponential", "mean": "2ms"}}]}})");
  j["clients"] = json::parse(R"({"count": 200, "target": "api", "arrival": {"process": "closed",
      "think_time": {"dist": "pareto", "scale": "5ms", "shape": 0.7}},
      "double_click": {"probability": 0.2}, "resubmit": {"probability": 0.5}})");
  j["edges"] = json::parse(R"({"default": {"timeout": "20ms", "retry": {"max_attempts": 3}}})");
  j["faults"] = json::parse(R"([{"id": "loss", "type": "drop_response", "target": "api->db", "probability": 0.3},
      {"id": "dup", "type": "duplicate_request", "target": "api->db", "probability": 0.5}])");
  const Scenario s = loaded(j);
  const cost::Estimate e = cost::estimate_run(s);
  const Measured m = run(s);
  EXPECT_GT(m.operations, 1000);
  EXPECT_LE(m.operations, e.operations.value);
  EXPECT_LE(m.requests, e.requests.value);
  EXPECT_LE(m.requests / m.operations, e.requests_per_operation.value);
}

// ---- open loops ------------------------------------------------------------------------------------------------

TEST(cost_model, open_loop_operations_integrate_the_profile_and_overlapping_load_faults) {
  json j = minimal();  // 10 ops/s for 60 s
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).operations.value, 600);
  j["clients"]["arrival"]["profile"] = json::parse(R"([["0s", 1], ["30s", 3]])");
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).operations.value, 300 + 900);
  // Two load faults that overlap multiply (the engine multiplies their factors): 10 s at 3 × 2 × 2.
  j["faults"] = json::parse(R"([{"id": "a", "type": "load", "target": "clients", "factor": 2, "start": "40s",
      "duration": "10s"}, {"id": "b", "type": "load", "target": "clients", "factor": 2, "start": "40s", "duration": "10s"}])");
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).operations.value, 300 + 600 + 10 * 10 * 3 * 4);
}

TEST(cost_model, a_rate_just_over_the_limit_is_refused_in_numbers_that_say_so) {
  json j = minimal();
  j["duration"] = "1001s";
  j["clients"]["arrival"]["rate"] = 1e6;
  j["services"]["api"]["workers"] = 100'000;
  j["edges"]["clients->api"]["timeout"] = "10ms";
  expect_error(load(j), "clients.arrival.rate",
               "about 1.001e9 operations: 1000000 ops/s × 1001 s; at most 1e9 operations allowed per run, so lower "
               "the load or shorten the duration");
  j["duration"] = "1000s";  // exactly at the limit
  EXPECT_TRUE(load(j).ok()) << all_errors(load(j));
}

// ---- requests per operation: every multiplier ----------------------------------------------------------------

TEST(cost_model, duplicate_request_faults_double_every_attempt_down_the_chain) {
  json j = chain(4, 1);
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).requests_per_operation.value, 4);
  j["faults"] = json::array();
  for (const char* edge : {"s0->s1", "s1->s2", "s2->s3"})
    j["faults"].push_back(
        {{"id", std::string("dup") + edge[1]}, {"type", "duplicate_request"}, {"target", edge}, {"probability", 0.01}});
  // 1 + 2 × (1 + 2 × (1 + 2)) = 15
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).requests_per_operation.value, 15);
  // A fault that cannot hit doubles nothing.
  j["faults"][0]["probability"] = 0;
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).requests_per_operation.value, 1 + 1 + 2 * (1 + 2));
}

TEST(cost_model, double_clicks_and_resubmits_are_submissions_of_their_own) {
  json j = chain(2, 3);  // 3 × (1 + 3) = 12 per submission
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).requests_per_operation.value, 12);
  j["clients"]["double_click"] = {{"probability", 0.1}};
  j["clients"]["resubmit"] = {{"probability", 0.5}};
  EXPECT_DOUBLE_EQ(cost::estimate_run(loaded(j)).requests_per_operation.value, 36);
}

TEST(cost_model, the_fan_out_refusal_names_the_chain_and_points_at_the_multiplier) {
  // Retries: three layers of 10 attempts and one more call.
  json j = chain(4, 10);
  expect_error(load(j), "edges.default.retry.max_attempts",
               "about 11110 requests per operation: 10000 attempts along clients->s0->s1->s2->s3");
  // Duplicates: 14 layers of duplicate_request faults, one attempt each: 2^15 - 1 requests.
  j = chain(15, 1);
  j["faults"] = json::array();
  for (int i = 0; i + 1 < 15; ++i)
    j["faults"].push_back({{"id", "dup" + std::to_string(i)},
                           {"type", "duplicate_request"},
                           {"target", "s" + std::to_string(i) + "->s" + std::to_string(i + 1)}});
  expect_error(load(j), "faults.dup0", "about 32767 requests per operation");
  expect_error(load(j), "faults.dup0", "16384 deliveries (duplicate_request faults double every attempt on 14 edges");
}

TEST(cost_model, requests_multiply_operations_by_the_worst_case_per_operation) {
  json j = chain(3, 1);
  j["duration"] = "999s";
  j["clients"]["arrival"]["rate"] = 1e6;
  j["edges"]["clients->s0"]["timeout"] = "10ms";
  j["edges"]["s0->s1"]["retry"]["max_attempts"] = 99;
  j["edges"]["s1->s2"]["retry"]["max_attempts"] = 100;
  expect_error(load(j), "edges.s1->s2.retry.max_attempts",
               "about 1.0e13 requests: 1.0e9 operations × up to 10000 requests each when every attempt fails");
}

// ---- memory and output -----------------------------------------------------------------------------------------

TEST(cost_model, memory_counts_the_series_the_live_keys_and_the_per_client_state) {
  json j = minimal();
  j["duration"] = "100000s";
  const cost::Estimate e = cost::estimate_run(loaded(j));
  // 17 run columns + 10 for the service + 3 for the client edge, 8 bytes each, in 100000 buckets.
  EXPECT_DOUBLE_EQ(e.series_bytes, 100'000.0 * 30 * 8);
  EXPECT_GE(e.memory.value, 2 * e.series_bytes);
  EXPECT_DOUBLE_EQ(e.output.value, 100'000.0 * 30 * 6 + 30 * 40 + 64e3);

  // Keys live for the ttl (or the run): 10 ops/s × 1000 s with a 1000 s ttl, one key per call.
  j = minimal();
  j["duration"] = "2000s";
  j["services"]["api"]["idempotency"] = {{"ttl", "1000s"}};
  const cost::Estimate keyed = cost::estimate_run(loaded(j));
  const auto keys = std::find_if(keyed.memory_parts.begin(), keyed.memory_parts.end(), [](const cost::MemoryPart& p) {
    return p.blame.kind == cost::Input::Kind::idempotency;
  });
  ASSERT_NE(keys, keyed.memory_parts.end());
  EXPECT_NE(keys->explanation.find("10000 live idempotency keys at api"), std::string::npos) << keys->explanation;
}

TEST(cost_model, a_durable_key_ttl_at_a_million_operations_per_second_is_refused_at_the_ttl) {
  json j = minimal();
  j["duration"] = "999s";
  j["clients"]["arrival"]["rate"] = 1e6;
  j["edges"]["clients->api"]["timeout"] = "10ms";
  j["services"]["api"]["workers"] = 100'000;
  j["services"]["api"]["idempotency"] = {{"ttl", "720h"}};
  expect_error(load(j), "services.api.idempotency.ttl", "GB of memory: 1.0e9 live idempotency keys at api");
  j["services"]["api"]["idempotency"]["ttl"] = "1s";
  EXPECT_TRUE(load(j).ok()) << all_errors(load(j));
}

TEST(cost_model, an_overloaded_unbounded_queue_is_refused_at_the_workers_and_a_bounded_one_is_not) {
  json j = minimal();  // 4 workers of 1 ms take 4000 requests per second
  j["duration"] = "1000s";
  j["clients"]["arrival"]["rate"] = 100'000;
  j["edges"]["clients->api"]["timeout"] = "100ms";
  expect_error(load(j), "services.api.workers",
               "about 31 GB of memory: 9.6e7 requests waiting at api (100000 arrive per second, its workers take "
               "4000) × 320 bytes");
  j["services"]["api"]["queue"] = {{"capacity", 1000}};
  EXPECT_TRUE(load(j).ok()) << all_errors(load(j));
}

// ---- batches ---------------------------------------------------------------------------------------------------

TEST(cost_model, replications_and_jobs_multiply_a_batchs_memory) {
  json j = minimal();
  j["duration"] = "100000s";
  j["services"] = json::object();
  for (int i = 0; i < 64; ++i) j["services"]["s" + std::to_string(i)] = {{"workers", 1}};
  j["clients"]["target"] = "s0";
  const Scenario s = loaded(j);  // about 0.8 GB alone
  EXPECT_EQ(cost::check_batch_cost({&s}, 1, 1), std::nullopt);
  const auto refused = cost::check_batch_cost({&s, &s, &s}, 3, 3);
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->find("GB of memory: 3 runs at once"), std::string::npos) << *refused;
  EXPECT_NE(refused->find("allowed per batch"), std::string::npos) << *refused;
}

TEST(cost_model, a_batch_adds_up_work_over_configurations_and_replications) {
  json j = minimal();
  j["duration"] = "10000s";
  j["clients"]["arrival"]["rate"] = 10'000;  // 1e8 operations: a tenth of the limit of one run
  j["services"]["api"]["workers"] = 100;
  j["edges"]["clients->api"]["timeout"] = "100ms";
  const Scenario s = loaded(j);
  EXPECT_EQ(cost::check_batch_cost({&s, &s}, 50, 1), std::nullopt);  // 1e10 operations: the batch limit
  const auto refused = cost::check_batch_cost({&s, &s}, 51, 1);
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->find("about 1.02e10 operations: 2 configurations × 51 replications of up to 1.0e8 operations "
                          "each; at most 1e10 operations allowed per batch"),
            std::string::npos)
      << *refused;
}

// ---- numbers ---------------------------------------------------------------------------------------------------

TEST(cost_model, numbers_read_the_same_way_everywhere) {
  EXPECT_EQ(cost::format_count(120), "120");
  EXPECT_EQ(cost::format_count(1.5), "1.5");
  EXPECT_EQ(cost::format_count(1e9), "1.0e9");
  EXPECT_EQ(cost::format_count(2.6e14), "2.6e14");
  EXPECT_EQ(cost::format_bytes(12e6), "12 MB");
  EXPECT_EQ(cost::format_bytes(4.1e9), "4.1 GB");
  EXPECT_EQ(cost::format_bytes(512), "512 bytes");
}

// ---- the lessons ---------------------------------------------------------------------------------------------------

TEST(cost_model, every_lesson_and_variant_costs_a_small_part_of_every_limit) {
  for (const fs::path& file : testing::lesson_files()) {
    auto parsed = read_scenario_document(file);
    ASSERT_TRUE(std::holds_alternative<ScenarioDocument>(parsed)) << file;
    const ScenarioDocument& doc = std::get<ScenarioDocument>(parsed);
    std::vector<std::vector<Override>> configs{{}};
    for (const Variant& v : doc.variants) configs.push_back(v.overrides);
    for (const auto& overrides : configs) {
      const LoadResult r = build_scenario(doc, overrides);
      ASSERT_TRUE(r.ok()) << file << "\n" << all_errors(r);
      const cost::Estimate e = cost::estimate_run(*r.scenario);
      for (const cost::Term* t : e.terms())
        EXPECT_LT(t->value, t->limit / 10) << file.filename() << ": " << t->noun << ": " << t->explanation;
    }
  }
}

// ---- the hostile scenarios of issue 19 ---------------------------------------------------------------------------

struct Hostile {
  const char* file;
  const char* path;
  const char* message;
};
const Hostile kHostile[] = {
    {"duplicate-request-chain.json", "faults.dup0", "requests per operation"},
    {"pareto-think-time.json", "clients.arrival.think_time", "operations: 1000000 clients × up to"},
    {"lognormal-think-time.json", "clients.arrival.think_time", "operations: 1000000 clients × up to"},
    {"many-services-many-buckets.json", "bucket", "GB of memory: 100000 buckets × 2580 time-series columns"},
    {"durable-key-ttl.json", "services.api.idempotency.ttl", "live idempotency keys at api"},
    {"fan-out-times-operations.json", "edges.b->c.retry.max_attempts", "about 1.0e13 requests"},
    {"rate-times-duration.json", "clients.arrival.rate", "about 1.001e9 operations"},
    {"per-client-breakers.json", "edges.clients->api.circuit_breaker", "of memory: 1000000 clients ×"},
    {"overloaded-queue.json", "services.api.workers", "requests waiting at api"},
};

TEST(cost_model, every_hostile_scenario_is_refused_at_the_input_to_change) {
  const fs::path folder = fs::path(CHAOSSIM_SOURCE_DIR) / "tests/scenario/hostile";
  std::set<std::string> listed;
  for (const Hostile& h : kHostile) {
    listed.insert(h.file);
    SCOPED_TRACE(h.file);
    expect_error(load_scenario_file(folder / h.file), h.path, h.message);
  }
  for (const auto& entry : fs::directory_iterator(folder))
    EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path() << " has no expectation here";
}

}  // namespace
}  // namespace chaossim
