// Tests for sim/model/invariants.cpp: the engine's state stays consistent after every event of every bundled lesson
// and under every fault type, and the checker does fail when the state is corrupted (a checker that cannot fail
// proves nothing).
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/run.h"

namespace chaossim {

// Test-only access to the engine's state (a friend of Engine), to corrupt one figure at a time.
struct EngineTestAccess {
  static void add_busy_worker(Engine& e, ServiceId s) { ++e.m_instances[e.instance_of(s, 0)].busy; }
  static void add_bulkhead_slot(Engine& e, EdgeId edge, std::uint32_t instance) {
    ++e.m_edges[edge].in_flight[instance];
  }
  static void add_effect_to_ledger(Engine& e, std::size_t effect) { ++e.m_effects_finalized[effect]; }
  // Adds a reference to the first live operation; returns false when none is live.
  static bool add_operation_reference(Engine& e) {
    for (OperationSlot op{0}; op.value < e.m_ops.capacity(); ++op.value)
      if (e.m_ops[op].live) return ++e.m_ops[op].refs, true;
    return false;
  }
  // Marks the first live request dead without returning its slot to the free list (a leak).
  static bool leak_request(Engine& e) {
    for (RequestSlot r{0}; r.value < e.m_requests.capacity(); ++r.value)
      if (e.m_requests[r].live) return e.m_requests[r].live = false, true;
    return false;
  }
  static void miscount_ejections(Engine& e, EdgeId edge) { ++e.m_edges[edge].ejected; }
  static void miscount_unhealthy(Engine& e, ServiceId s) { ++e.m_unhealthy[s]; }
  static void miscount_ejecting_edges(Engine& e, ServiceId s) { ++e.m_instances[e.instance_of(s, 0)].ejected_by; }
  static void miscount_queued(Engine& e, ServiceId s) { ++e.m_queued[s]; }
  // Makes the first request waiting on calls need one success more than its calls can give; false when none waits.
  static bool miscount_needed_calls(Engine& e) {
    for (RequestSlot r{0}; r.value < e.m_requests.capacity(); ++r.value)
      if (e.m_requests[r].live && e.m_requests[r].state == Engine::Request::State::calling)
        return ++e.m_requests[r].need, true;
    return false;
  }
  // Queues the first queued request of service `s` a second time; returns false when none is queued.
  static bool queue_twice(Engine& e, ServiceId s) {
    auto& queue = e.m_instances[e.instance_of(s, 0)].queue;
    if (queue.empty()) return false;
    queue.push(queue.front(0), 0);
    return true;
  }
};

namespace {

struct Checked {
  std::uint64_t events = 0;
  std::vector<double> series;  // the time series, to tell that a fault changed the run
};

// Runs `s` to the end with the checker after every event (or amortised); any violation aborts the run with its
// list, which fails the test with the reason on stderr.
Checked run_checked(const Scenario& s, std::uint64_t seed = 1, InvariantChecks when = InvariantChecks::every_event) {
  Engine engine(s, seed);
  engine.set_invariant_checks(when);
  engine.run();
  const std::vector<std::string> violations = engine.invariant_violations();
  EXPECT_TRUE(violations.empty()) << violations.front();
  return {engine.events_processed(), engine.recorder().series()};
}

// Whether one of the violations mentions `text`; prints them all when none does.
::testing::AssertionResult reports(const std::vector<std::string>& violations, const std::string& text) {
  for (const std::string& v : violations)
    if (v.find(text) != std::string::npos) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << "no violation mentions \"" << text << "\"; reported:";
  for (const std::string& v : violations) failure << "\n  " << v;
  return failure;
}

// ---- every bundled lesson, every variant ---------------------------------------------------------------------

// A lesson shortened to 30 s of simulated time: warmup 5 s, and every fault moved to start between 5 s and 17 s
// and cut to 10 s (a crash restarts after 5 s), so each fault still starts, acts and ends within the run. Checking
// after every event is linear in what is in flight; the retry storm's queues make a longer run cost minutes. The
// faults are the variant's when it writes a list of its own.
std::vector<Override> shortened(const nlohmann::json& lesson, const std::vector<Override>& variant) {
  std::vector<Override> o = {{"duration", "30s"}, {"warmup", "5s"}};
  const nlohmann::json* faults = lesson.contains("faults") ? &lesson["faults"] : nullptr;
  for (const auto& [path, value] : variant)
    if (path == "faults") faults = &value;
  if (!faults) return o;
  int i = 0;
  for (const nlohmann::json& f : *faults) {
    const std::string path = "faults." + f["id"].get<std::string>() + ".";
    o.emplace_back(path + "start", std::to_string(5 + 3 * (i++ % 5)) + "s");
    if (f.contains("duration")) o.emplace_back(path + "duration", "10s");
    if (f.contains("restart_after")) o.emplace_back(path + "restart_after", "5s");
  }
  return o;
}

std::vector<std::filesystem::path> lessons() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CHAOSSIM_SCENARIOS_DIR))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Amortised: a check is linear in what is in flight, and the lessons about overload keep thousands of requests
// queued, so checking after every event made this one test take a quarter of an hour. The amortised mode still
// checks after every event while little is in flight, and otherwise often enough to catch a drifting counter within
// a few events of where it drifted; the fault tests below check after every event.
TEST(invariants, hold_throughout_every_bundled_lesson_and_variant) {
  const std::vector<std::filesystem::path> files = lessons();
  ASSERT_GE(files.size(), 10u);
  for (const auto& file : files) {
    auto parsed = read_scenario_document(file);
    ASSERT_TRUE(std::holds_alternative<ScenarioDocument>(parsed)) << file;
    const ScenarioDocument& doc = std::get<ScenarioDocument>(parsed);
    std::vector<Variant> variants = doc.variants;
    variants.insert(variants.begin(), Variant{"baseline", {}});
    for (const Variant& variant : variants) {
      SCOPED_TRACE(file.filename().string() + ", variant " + variant.name);
      std::vector<Override> overrides = variant.overrides;
      for (Override& o : shortened(doc.json, variant.overrides)) overrides.push_back(std::move(o));
      const LoadResult built = build_scenario(doc, overrides);
      ASSERT_TRUE(built.ok()) << (built.errors.empty() ? "" : built.errors.front().to_string());
      // At least a few hundred events: a finite workload (contention-backoff: 50 writes) makes no more.
      EXPECT_GT(run_checked(*built.scenario, 1, InvariantChecks::amortised).events, 500u);
    }
  }
}

// ---- every fault type ------------------------------------------------------------------------------------------

// clients -> api -> payments -> bank (and api -> bank), with the strategies that keep counters of their own:
// bulkheads, breakers, budgets, deadlines, fallbacks, idempotency stores (waiting, caching errors, recording after
// the reply), double clicks and resubmits, a LIFO queue, max_wait and drop_expired. One fault, active 10 s - 40 s.
std::string three_tier(const std::string& fault) {
  return R"({"schema_version":1,"name":"invariants","seed":7,"duration":"60s","warmup":"5s","bucket":"1s",
  "services":{
    "api":{"workers":16,"queue":{"capacity":100,"max_wait":"2s"},
      "handler":[{"work":{"dist":"exponential","mean":"5ms"}},{"call":"payments"},{"effect":"receipt"},{"call":"bank"}]},
    "payments":{"workers":8,"drop_expired":true,"queue":{"discipline":"lifo"},
      "handler":[{"work":{"dist":"exponential","mean":"10ms"}},{"call":"bank"},{"effect":"charge"}],
      "idempotency":{"enabled":true,"store":"memory","ttl":"20s","in_flight":"wait","cache_errors":true}},
    "bank":{"workers":4,"queue":{"capacity":50},
      "handler":[{"work":{"dist":"exponential","mean":"8ms"}},{"effect":"debit"}],
      "idempotency":{"enabled":true,"store":"durable","ttl":"30s","record":"after_response"}}},
  "clients":{"count":200,"target":"api",
    "arrival":{"process":"poisson","rate":200,"profile":[["20s",1.5],["30s",0.5],["45s",1]]},
    "double_click":{"probability":0.05},"resubmit":{"probability":0.3,"after":"1s"}},
  "edges":{
    "clients->api":{"latency":"2ms","timeout":"500ms","deadline":"3s",
      "retry":{"max_attempts":4,"backoff":{"base":"50ms","jitter":"full"},
               "budget":{"type":"token_bucket","max_tokens":10,"token_ratio":0.1}},
      "circuit_breaker":{"type":"consecutive","failures":3,"open_for":"2s","half_open_calls":1},
      "bulkhead":{"max_concurrent":2},"fallback":{"on":["bulkhead_full"]}},
    "api->payments":{"latency":"2ms","timeout":"300ms",
      "retry":{"max_attempts":3,"backoff":{"base":"20ms","jitter":"full"},
               "retry_on":["timeout","5xx","409","connect_error"],
               "budget":{"type":"ratio","scope":"shared","percent":20,"min_per_second":5,"window":"5s"}},
      "circuit_breaker":{"window":{"type":"time","size":"5s"},"min_calls":10,"open_for":"1s"},
      "bulkhead":{"max_concurrent":10},"fallback":{"on":["breaker_open","exhausted"]}},
    "api->bank":{"latency":"1ms","timeout":"200ms","idempotency_key":"per_attempt","retry":{"max_attempts":2}},
    "payments->bank":{"latency":"2ms","timeout":"150ms","retry":{"max_attempts":3,"backoff":{"base":"10ms"}},
      "circuit_breaker":{"window":{"type":"count","size":20},"min_calls":5,"open_for":"1s","scope":"shared"}}},
  "faults":[)" +
         fault + "]}";
}

struct FaultCase {
  const char* name;
  const char* fault;  // JSON of one fault, without its id and window
};

const FaultCase kFaultCases[] = {
    {"error", R"("type":"error","target":"bank","probability":0.4,"retry_after":"100ms")"},
    {"error_after_effect", R"("type":"error_after_effect","target":"payments","probability":0.3)"},
    {"slowdown", R"("type":"slowdown","target":"bank","factor":5,"probability":0.5)"},
    {"capacity", R"("type":"capacity","target":"api","workers":3)"},
    {"crash", R"("type":"crash","target":"payments","restart_after":"5s")"},
    {"hang", R"("type":"hang","target":"bank","probability":0.3)"},
    {"pause", R"("type":"pause","target":"api")"},
    {"pause_of_a_service_in_the_middle", R"("type":"pause","target":"payments")"},
    {"store_outage_fail_open", R"("type":"store_outage","target":"payments","probability":0.5)"},
    {"store_outage_fail_closed", R"("type":"store_outage","target":"bank","probability":0.5,"mode":"fail_closed")"},
    {"latency",
     R"("type":"latency","target":"api->payments","probability":0.5,"delay":{"dist":"exponential","mean":"100ms"})"},
    {"drop_request", R"("type":"drop_request","target":"payments->bank","probability":0.3)"},
    {"drop_response", R"("type":"drop_response","target":"clients->api","probability":0.3)"},
    {"duplicate_request", R"("type":"duplicate_request","target":"api->payments","probability":0.4)"},
    {"partition", R"("type":"partition","target":"api->bank")"},
    {"load", R"("type":"load","target":"clients","factor":2.5)"},
};

// The fault of `c` with an id, starting at `start_s` seconds and lasting 30 s (a crash restarts after 5 s).
std::string windowed(const FaultCase& c, const std::string& id = "f", int start_s = 10) {
  std::string window = R"("start":")" + std::to_string(start_s) + R"(s")";
  if (std::string(c.name) != "crash") window += R"(,"duration":"30s")";
  return R"({"id":")" + id + R"(",)" + c.fault + "," + window + "}";
}

// Every fault type, each starting 3 s after the previous one, so that they overlap in pairs and threes.
std::string every_fault_staggered() {
  std::string faults;
  int start = 6;
  for (const FaultCase& c : kFaultCases) {
    faults += (faults.empty() ? "" : ",") + windowed(c, c.name, start);
    start += 3;
  }
  return faults;
}

class invariants_under_fault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(invariants_under_fault, hold_after_every_event) {
  static const Checked without_fault = run_checked(testing::load(three_tier("")));
  const Checked with_fault = run_checked(testing::load(three_tier(windowed(GetParam()))));
  EXPECT_GT(with_fault.events, 10'000u);
  EXPECT_NE(with_fault.series, without_fault.series) << "the fault changed nothing, so it tested nothing";
}

INSTANTIATE_TEST_SUITE_P(every_fault_type, invariants_under_fault, ::testing::ValuesIn(kFaultCases),
                         [](const ::testing::TestParamInfo<FaultCase>& p) { return std::string(p.param.name); });

TEST(invariants, hold_after_every_event_with_every_fault_type_overlapping) {
  // All of them at once, staggered so that they overlap in pairs and threes, in three arrival processes.
  const std::string json = three_tier(every_fault_staggered());
  const nlohmann::json closed = nlohmann::json::parse(R"({"process":"closed","think_time":"500ms"})");
  const nlohmann::json constant = nlohmann::json::parse(R"({"process":"constant","rate":150})");
  EXPECT_GT(run_checked(testing::load(json)).events, 10'000u);
  EXPECT_GT(run_checked(testing::load(json, {{"clients.arrival", closed}})).events, 10'000u);
  EXPECT_GT(run_checked(testing::load(json, {{"clients.arrival", constant}})).events, 10'000u);
}

// The same system with the queue and cancellation mechanisms on every tier: CoDel with adaptive LIFO at the api, a
// priority queue (with evictions: capacity 3) at payments, CoDel in a FIFO at the bank, criticalities drawn per
// operation, and cancel_on_abandon on every edge, so that timeouts, deadlines and crashes cancel queued, running
// and calling requests three levels deep, processor sharing included (payments shares 2 processors).
std::string three_tier_cancelling(const std::string& faults) {
  nlohmann::json j = nlohmann::json::parse(three_tier(faults));
  j["services"]["api"]["queue"] = nlohmann::json::parse(
      R"({"capacity":100,"discipline":"adaptive_lifo","codel":{"target":"20ms","interval":"200ms"}})");
  j["services"]["payments"]["queue"] = nlohmann::json::parse(R"({"capacity":3,"discipline":"priority"})");
  j["services"]["payments"]["workers"] = 3;  // so that its queue fills
  j["services"]["payments"]["processors"] = 2;
  j["services"]["bank"]["queue"] = nlohmann::json::parse(R"({"capacity":50,"codel":{}})");
  j["clients"]["criticality"] = nlohmann::json::parse(R"({"critical":0.2,"default":0.5,"sheddable":0.3})");
  for (auto& [name, edge] : j["edges"].items()) edge["cancel_on_abandon"] = true;
  return j.dump();
}

TEST(invariants, hold_with_cancellation_codel_and_priorities_under_every_fault_type_overlapping) {
  const std::string faults = every_fault_staggered();
  const Checked plain = run_checked(testing::load(three_tier(faults)));
  const Scenario cancelling = testing::load(three_tier_cancelling(faults));
  const Checked checked = run_checked(cancelling);
  EXPECT_GT(checked.events, 10'000u);
  EXPECT_NE(checked.series, plain.series) << "the mechanisms changed nothing, so they tested nothing";
  // Every path was taken: requests cancelled at each tier, shed by CoDel and the priority queue.
  Engine engine(cancelling, 1);
  engine.run();
  const RunResult r = summarize(engine, "baseline");
  for (const char* service : {"api", "payments", "bank"}) {
    EXPECT_GT(testing::metric(r, std::string("services.") + service + ".cancelled"), 0) << service;
    EXPECT_GT(testing::metric(r, std::string("services.") + service + ".shed"), 0) << service;
  }
  for (const char* c : {"critical", "default", "sheddable"})
    EXPECT_GT(testing::metric(r, std::string("criticality.") + c + ".ops"), 0) << c;
}

// The same system in instances: payments and the bank run three each, health-checked (readiness at payments,
// liveness at the bank), both edges into them eject outliers and ease restarted instances in, under every fault
// type overlapping, so that instances leave and rejoin rotation, get ejected and return, while attempts are in
// flight to them.
std::string three_tier_in_instances(const std::string& faults) {
  nlohmann::json j = nlohmann::json::parse(three_tier(faults));
  for (const char* service : {"payments", "bank"}) {
    j["services"][service]["instances"] = 3;
    j["services"][service]["health_check"] = nlohmann::json::parse(
        R"({"interval":"500ms","timeout":"200ms","unhealthy_threshold":2,"healthy_threshold":2})");
  }
  j["services"]["payments"]["health_check"]["check"] = "readiness";
  for (const char* edge : {"api->payments", "api->bank", "payments->bank"}) {
    j["edges"][edge]["outlier_detection"] =
        nlohmann::json::parse(R"({"consecutive_5xx":3,"base_ejection_time":"1s","max_ejection_percent":50})");
    j["edges"][edge]["balancer"] =
        nlohmann::json::parse(R"({"policy":"least_outstanding","slow_start":{"window":"3s"}})");
  }
  return j.dump();
}

TEST(invariants, hold_with_health_checks_ejections_and_slow_start_under_every_fault_type_overlapping) {
  const std::string faults = every_fault_staggered();
  const Scenario s = testing::load(three_tier_in_instances(faults));
  EXPECT_GT(run_checked(s).events, 10'000u);
  Engine engine(s, 1);
  engine.run();
  const RunResult r = summarize(engine, "baseline");
  EXPECT_GT(testing::metric(r, "outlier.ejections"), 0) << "ejections happened";
  EXPECT_GT(testing::metric(r, "health.detections"), 0) << "the checkers took instances out";
}

// Fan-out and hedging: api asks payments three times and needs two, payments asks the bank twice and needs both,
// and every edge hedges (payments' copies under a budget), with and without cancelling, under every fault type
// overlapping: steps settle with calls still out, hedges win and lose, copies are refused, requests holding
// several calls are killed, cancelled and paused.
std::string three_tier_fanning_out(const std::string& faults, bool cancelling) {
  nlohmann::json j = nlohmann::json::parse(cancelling ? three_tier_cancelling(faults) : three_tier(faults));
  j["services"]["api"]["handler"][1] = nlohmann::json::parse(R"({"call":"payments","count":3,"need":2})");
  j["services"]["payments"]["handler"][1] = nlohmann::json::parse(R"({"call":"bank","count":2})");
  // Without breakers on the fanned-out edges: a half-open breaker refuses a fan-out's calls beyond its trials at
  // once, the step settles and abandons the trials, and the breaker stays half-open (docs, 4.1), so nothing would
  // reach payments or the bank again.
  j["edges"]["api->payments"].erase("circuit_breaker");
  j["edges"]["payments->bank"].erase("circuit_breaker");
  for (auto& [name, edge] : j["edges"].items())
    edge["hedge"] = nlohmann::json::parse(name == "api->bank" ? R"({"percentile":90,"max":2})" : R"({"delay":"20ms"})");
  return j.dump();
}

TEST(invariants, hold_with_fan_out_and_hedging_under_every_fault_type_overlapping) {
  const std::string faults = every_fault_staggered();
  for (const bool cancelling : {false, true}) {
    SCOPED_TRACE(cancelling ? "cancelling" : "not cancelling");
    const Scenario s = testing::load(three_tier_fanning_out(faults, cancelling));
    EXPECT_GT(run_checked(s).events, 10'000u);
    Engine engine(s, 1);
    engine.run();
    const RunResult r = summarize(engine, "baseline");
    for (const char* edge : {"clients->api", "api->payments", "payments->bank"}) {
      EXPECT_GT(testing::metric(r, std::string("edges.") + edge + ".hedges"), 0) << edge;
      EXPECT_GT(testing::metric(r, std::string("edges.") + edge + ".hedge_wins"), 0) << edge;
    }
  }
}

// ---- the checker fails when it should ------------------------------------------------------------------------

// An engine 20 s into the run of the three-tier scenario under a slow bank: plenty in flight, queues not empty.
struct Midway {
  Scenario scenario = testing::load(
      three_tier(R"({"id":"slow","type":"slowdown","target":"bank","factor":20,"start":"5s","duration":"30s"})"));
  Engine engine{scenario, 1};
  Midway() {
    engine.set_invariant_checks(InvariantChecks::every_event);
    engine.run_until(Instant{} + Duration::seconds(20));
  }
};

TEST(invariants, the_checker_reports_a_busy_count_that_drifts_from_the_requests_holding_workers) {
  Midway m;
  ASSERT_TRUE(m.engine.invariant_violations().empty());
  EngineTestAccess::add_busy_worker(m.engine, ServiceId{2});
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "instance bank#1 counts"));
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "requests hold one"));
}

TEST(invariants, the_checker_reports_a_bulkhead_slot_no_call_holds) {
  Midway m;
  EngineTestAccess::add_bulkhead_slot(m.engine, EdgeId{1}, 0);
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "edge api->payments counts"));
}

TEST(invariants, the_checker_reports_an_operation_reference_nobody_holds) {
  Midway m;
  ASSERT_TRUE(EngineTestAccess::add_operation_reference(m.engine));
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "calls and requests hold it"));
}

TEST(invariants, the_checker_reports_a_leaked_pool_slot) {
  Midway m;
  ASSERT_TRUE(EngineTestAccess::leak_request(m.engine));
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "request pool: slot"));
}

TEST(invariants, the_checker_reports_a_request_queued_twice) {
  Midway m;
  ASSERT_TRUE(EngineTestAccess::queue_twice(m.engine, ServiceId{2}));
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "twice"));
}

TEST(invariants, the_checker_reports_a_service_queue_count_that_drifts_from_its_queues) {
  Midway m;
  EngineTestAccess::miscount_queued(m.engine, ServiceId{2});
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "service bank counts"));
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "queued requests but its queues hold"));
}

TEST(invariants, the_checker_reports_a_request_needing_more_successes_than_it_has_calls_out) {
  Midway m;
  ASSERT_TRUE(EngineTestAccess::miscount_needed_calls(m.engine));
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "successes"));
}

TEST(invariants, the_checker_reports_ledger_totals_that_do_not_balance) {
  Midway m;
  EngineTestAccess::add_effect_to_ledger(m.engine, 0);
  EXPECT_TRUE(reports(m.engine.invariant_violations(), "effect receipt: the time series"));
}

TEST(invariants, the_checker_reports_health_and_ejection_counts_that_drift) {
  const Scenario s = testing::load(three_tier_in_instances(""));
  Engine engine(s, 1);
  engine.run_until(Instant{} + Duration::seconds(10));
  ASSERT_TRUE(engine.invariant_violations().empty());
  const auto service = [&](const std::string& name) {
    for (std::uint32_t i = 0; i < s.services.size(); ++i)
      if (s.services[i].name == name) return ServiceId{i};
    return ServiceId{0};
  };
  EngineTestAccess::miscount_ejections(engine, EdgeId{1});
  EXPECT_TRUE(reports(engine.invariant_violations(), "edge " + s.edges[1].name + "'s outlier detection counts 1"));
  EngineTestAccess::miscount_unhealthy(engine, service("bank"));
  EXPECT_TRUE(reports(engine.invariant_violations(), "service bank's health checker counts 1"));
  EngineTestAccess::miscount_ejecting_edges(engine, service("payments"));
  EXPECT_TRUE(reports(engine.invariant_violations(), "instance payments#1 counts 1 edges ejecting it but 0 do"));
}

TEST(invariants_death, a_violation_stops_the_run_at_the_next_event_with_the_reason_and_the_seed) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Midway m;
        EngineTestAccess::add_busy_worker(m.engine, ServiceId{2});
        m.engine.run();
      },
      "invariant violated after event [0-9]+ of scenario 'invariants'; reproduce with seed=1:.*instance bank#1 counts");
}

TEST(invariants_death, amortised_checks_stop_the_run_too) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Midway m;
        m.engine.set_invariant_checks(InvariantChecks::amortised);
        EngineTestAccess::add_busy_worker(m.engine, ServiceId{2});
        m.engine.run();
      },
      "invariant violated after event [0-9]+ .*instance bank#1 counts");
}

TEST(invariants, are_checked_by_default_exactly_where_assertions_are_active) {
  const Scenario s = testing::load(three_tier(""));
  const Engine engine(s, 1);
  EXPECT_EQ(engine.invariant_checks(), CHAOSSIM_CHECKS_ENABLED ? InvariantChecks::amortised : InvariantChecks::off);
}

}  // namespace
}  // namespace chaossim
