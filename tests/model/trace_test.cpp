// Traces (model/trace_recorder.h): which operations are kept, that each is whole and well formed, that the same
// seed gives the same traces, and that recording them changes nothing in the simulation.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "model/engine.h"
#include "runner/runner.h"
#include "support/run.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using testing::load;

std::string lesson_text(const std::string& name) {
  std::ifstream in(std::string(CHAOSSIM_SCENARIOS_DIR) + "/" + name + ".json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A lesson with tracing on and `extra` overrides, shortened to a minute unless `whole`.
Scenario lesson(const std::string& name, std::vector<Override> extra = {}, bool whole = false) {
  extra.emplace_back("trace.enabled", true);
  if (!whole) extra.insert(extra.begin(), Override{"duration", "60s"});
  return load(lesson_text(name), extra);
}

struct Traced {
  RunResult result;
  TraceSet traces;
};
Traced run_traced(const Scenario& s, std::uint64_t seed, bool traces = true) {
  Engine engine(s, seed, traces);
  engine.run();
  Traced t{summarize(engine, "baseline"), engine.take_traces()};
  return t;
}

std::size_t count(const TraceSet& set, std::uint8_t reason) {
  return static_cast<std::size_t>(std::count_if(set.operations.begin(), set.operations.end(),
                                                [&](const OperationTrace& t) { return t.reasons & reason; }));
}

bool has_mark(const OperationTrace& t, MarkKind kind) {
  return std::any_of(t.marks.begin(), t.marks.end(), [&](const TraceMark& m) { return m.kind == kind; });
}

const OperationTrace* first_duplicated(const TraceSet& set) {
  for (const OperationTrace& t : set.operations)
    if (t.reasons & TraceConfig::kDuplicated) return &t;
  return nullptr;
}

std::vector<const TraceSpan*> spans_of(const OperationTrace& t, SpanKind kind) {
  std::vector<const TraceSpan*> out;
  for (const TraceSpan& s : t.spans)
    if (s.kind == kind) out.push_back(&s);
  return out;
}

// What every trace must be: one root, parents before children, every child starting within its parent, every
// span and mark inside the root, and spans on the same lane (a caller's attempt in its call, a request's work in
// the request) ending within their parent. A request may outlive the attempt that sent it: that is abandoned work.
void expect_well_formed(const OperationTrace& t) {
  ASSERT_FALSE(t.spans.empty());
  const TraceSpan& root = t.spans[0];
  EXPECT_EQ(root.kind, SpanKind::operation);
  EXPECT_EQ(root.parent, kNoSpan);
  for (std::size_t i = 1; i < t.spans.size(); ++i) {
    const TraceSpan& s = t.spans[i];
    ASSERT_LT(s.parent, i) << "span " << i << " of operation " << t.serial;
    const TraceSpan& p = t.spans[s.parent];
    EXPECT_LE(s.start, s.end);
    EXPECT_GE(s.start, p.start) << "span " << i << " starts before its parent";
    EXPECT_LE(s.end, root.end);
    if (s.kind != SpanKind::request) {
      EXPECT_LE(s.end, p.end) << "span " << i << " outlives its parent";
    }
  }
  for (const TraceMark& m : t.marks) {
    ASSERT_LT(m.span, t.spans.size());
    EXPECT_GE(m.at, t.spans[m.span].start);
    EXPECT_LE(m.at, t.spans[m.span].end);
  }
}

TEST(trace, recording_changes_no_result) {
  for (const char* name : {"lost-replies", "key-per-attempt", "double-click", "metastable-retry-storm"}) {
    SCOPED_TRACE(name);
    const Scenario s = lesson(name, {}, true);
    const Traced with = run_traced(s, 7, true), without = run_traced(s, 7, false);
    EXPECT_FALSE(with.traces.operations.empty());
    EXPECT_TRUE(without.traces.operations.empty());
    ASSERT_EQ(with.result.series.size(), without.result.series.size());
    for (std::size_t i = 0; i < with.result.series.size(); ++i) {
      const double w = with.result.series[i], wo = without.result.series[i];
      ASSERT_TRUE(w == wo || (std::isnan(w) && std::isnan(wo))) << "series cell " << i;
    }
    EXPECT_EQ(with.result.events, without.result.events);
    for (int p = 0; p < kPhases; ++p)
      for (std::size_t i = 0; i < with.result.phases[p].values.size(); ++i) {
        const auto& [n, v] = with.result.phases[p].values[i];
        const double w = without.result.phases[p].values[i].second;
        EXPECT_TRUE(v == w || (std::isnan(v) && std::isnan(w))) << n;
      }
  }
}

TEST(trace, same_seed_same_traces_whatever_the_threads) {
  auto s = std::make_shared<const Scenario>(lesson("lost-replies"));
  std::vector<RunJob> jobs;
  for (std::uint64_t seed : {3, 4, 3}) jobs.push_back(RunJob{s, "baseline", seed});
  const auto one = run_jobs(jobs, 1, nullptr), two = run_jobs(jobs, 2, nullptr);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    ASSERT_TRUE(one[i].result.traces && two[i].result.traces);
    EXPECT_EQ(*one[i].result.traces, *two[i].result.traces);
  }
  EXPECT_EQ(*one[0].result.traces, *one[2].result.traces);
  EXPECT_NE(*one[0].result.traces, *one[1].result.traces);
}

TEST(trace, a_job_without_tracing_records_none) {
  auto s = std::make_shared<const Scenario>(lesson("lost-replies"));
  const auto out = run_jobs({RunJob{s, "baseline", 1, false}}, 1, nullptr);
  EXPECT_EQ(out[0].result.traces, nullptr);
}

TEST(trace, keeps_at_most_max_per_reason_and_each_for_its_reason) {
  const Scenario s = lesson(
      "lost-replies",
      {{"trace.max", 4}, {"trace.sample", 0.01}, {"trace.keep", {"duplicated", "failed", "inconsistent", "slowest"}}});
  const TraceSet set = run_traced(s, 1).traces;
  EXPECT_EQ(count(set, TraceConfig::kDuplicated), 4u);
  EXPECT_LE(count(set, TraceConfig::kFailed), 4u);
  EXPECT_EQ(count(set, TraceConfig::kSlowest), 4u);
  EXPECT_EQ(count(set, kTraceSampled), 4u);
  EXPECT_GT(set.operations_seen, 5000u);
  for (const OperationTrace& t : set.operations) {
    expect_well_formed(t);
    if (t.reasons & TraceConfig::kDuplicated) {
      EXPECT_GT(t.duplicates, 0u);
    }
    if (t.reasons & TraceConfig::kFailed) {
      EXPECT_EQ(t.outcome, TraceOutcome::failed);
    }
    if (t.reasons & TraceConfig::kInconsistent) {
      EXPECT_GT(t.effects, 0u);
    }
  }
  for (std::size_t i = 1; i < set.operations.size(); ++i)
    EXPECT_LT(set.operations[i - 1].serial, set.operations[i].serial) << "in the order they started";
}

TEST(trace, the_slowest_are_the_slowest_of_all) {
  // A short run traced in full (every operation kept as one of the "slowest") against the same run keeping 5.
  auto s = lesson("lost-replies", {{"duration", "20s"},
                                   {"warmup", "0s"},
                                   {"trace.keep", nlohmann::json::array({"slowest"})},
                                   {"trace.sample", 0},
                                   {"trace.max", 1000}});
  const TraceSet all = run_traced(s, 2).traces;
  ASSERT_EQ(all.operations.size(), 1000u);
  s.trace.max = 5;
  const TraceSet five = run_traced(s, 2).traces;
  std::vector<OperationTrace> sorted = all.operations;
  std::sort(sorted.begin(), sorted.end(), [](const OperationTrace& a, const OperationTrace& b) {
    return a.latency() > b.latency() || (a.latency() == b.latency() && a.serial < b.serial);
  });
  ASSERT_EQ(five.operations.size(), 5u);
  std::vector<std::uint64_t> expected, got;
  for (int i = 0; i < 5; ++i) expected.push_back(sorted[i].serial);
  for (const OperationTrace& t : five.operations) got.push_back(t.serial);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
}

TEST(trace, a_lost_reply_shows_two_attempts_and_a_duplicate_charge) {
  const TraceSet set = run_traced(lesson("lost-replies"), 1).traces;
  const OperationTrace* dup = first_duplicated(set);
  ASSERT_NE(dup, nullptr);
  const OperationTrace& t = *dup;
  EXPECT_TRUE(has_mark(t, MarkKind::reply_lost));
  EXPECT_TRUE(has_mark(t, MarkKind::timed_out));
  const auto attempts = spans_of(t, SpanKind::attempt);
  ASSERT_GE(attempts.size(), 2u);
  EXPECT_EQ(attempts[0]->status, kTimedOut);
  EXPECT_EQ(attempts[0]->key, attempts[1]->key) << "per_operation keys: the retry sends the same key";
  EXPECT_FALSE(spans_of(t, SpanKind::backoff).empty());
  std::vector<bool> duplicates;
  for (const TraceMark& m : t.marks)
    if (m.kind == MarkKind::effect) duplicates.push_back(m.duplicate);
  ASSERT_GE(duplicates.size(), 2u);
  EXPECT_FALSE(duplicates[0]);
  EXPECT_TRUE(duplicates[1]);
  const auto requests = spans_of(t, SpanKind::request);
  ASSERT_GE(requests.size(), 2u);
  EXPECT_EQ(t.spans[requests[0]->parent].kind, SpanKind::attempt);
  EXPECT_FALSE(spans_of(t, SpanKind::work).empty());
}

TEST(trace, with_idempotency_keys_the_retry_finds_the_stored_reply) {
  const Scenario s = lesson("lost-replies", {{"services.payments.idempotency", {{"enabled", true}}},
                                             {"trace.keep", nlohmann::json::array()},
                                             {"trace.sample", 0.2},
                                             {"trace.max", 1000}});
  const TraceSet set = run_traced(s, 1).traces;
  bool found = false;
  for (const OperationTrace& t : set.operations) {
    expect_well_formed(t);
    EXPECT_EQ(t.duplicates, 0u);
    if (has_mark(t, MarkKind::reply_lost) && has_mark(t, MarkKind::store_hit)) found = true;
  }
  EXPECT_TRUE(found) << "a retry after a lost reply answered from the store";
}

TEST(trace, key_per_attempt_sends_a_new_key_with_every_attempt) {
  const TraceSet set = run_traced(lesson("key-per-attempt"), 19).traces;
  const OperationTrace* dup = first_duplicated(set);
  ASSERT_NE(dup, nullptr);
  expect_well_formed(*dup);
  std::vector<std::uint64_t> keys;
  for (const TraceSpan* a : spans_of(*dup, SpanKind::attempt))
    if (a->service != kClients) keys.push_back(a->key);  // checkout's attempts to payments
  ASSERT_GE(keys.size(), 2u);
  EXPECT_NE(keys[0], keys[1]);
  EXPECT_TRUE(has_mark(*dup, MarkKind::delayed));
  EXPECT_EQ(spans_of(*dup, SpanKind::call).size(), 2u) << "the client's call and checkout's call to payments";
}

TEST(trace, double_click_has_two_submissions) {
  const TraceSet set = run_traced(lesson("double-click"), 1).traces;
  const OperationTrace* dup = first_duplicated(set);
  ASSERT_NE(dup, nullptr);
  expect_well_formed(*dup);
  bool first = false, second = false;
  for (const TraceSpan* c : spans_of(*dup, SpanKind::call)) {
    first |= c->role == CallRole::first;
    second |= c->role == CallRole::double_click;
  }
  EXPECT_TRUE(first && second);
}

TEST(trace, every_kept_trace_of_every_lesson_is_well_formed) {
  for (const char* name : {"metastable-retry-storm", "cascading-failure", "crash-empties-memory-store",
                           "breaker-thresholds", "graceful-degradation", "retries-at-every-layer"}) {
    SCOPED_TRACE(name);
    const TraceSet set = run_traced(lesson(name, {{"trace.sample", 0.01}}, true), 5).traces;
    EXPECT_FALSE(set.operations.empty());
    for (const OperationTrace& t : set.operations) expect_well_formed(t);
  }
}

TEST(trace, full_quotas_stop_recording) {
  // Without `slowest`, once the first duplicated and failed are kept and the sample is drawn, later operations
  // are not recorded at all: traces cost nothing once the selection is complete.
  const Scenario s = lesson(
      "lost-replies", {{"trace.keep", nlohmann::json::array({"duplicated"})}, {"trace.sample", 0}, {"trace.max", 2}});
  const TraceSet set = run_traced(s, 1).traces;
  EXPECT_EQ(set.operations.size(), 2u);
  EXPECT_LT(set.operations_seen, 200u);
}

TEST(trace, bad_settings_are_refused_with_their_path) {
  for (const auto& [key, value, words] : std::vector<std::tuple<std::string, nlohmann::json, std::string>>{
           {"sample", 1.5, "trace.sample"},
           {"max", 0, "trace.max"},
           {"max", 100000, "trace.max"},
           {"keep", nlohmann::json::array({"duplicate"}), "duplicated"},
           {"bogus", 1, "bogus"}}) {
    nlohmann::json j = testing::minimal_scenario();
    j["trace"][key] = value;
    const LoadResult r = testing::load_json(j);
    EXPECT_FALSE(r.ok()) << key;
    EXPECT_NE(testing::all_errors(r).find(words), std::string::npos) << testing::all_errors(r);
  }
}

TEST(trace, absent_block_means_off_and_an_object_means_on) {
  nlohmann::json j = testing::minimal_scenario();
  EXPECT_FALSE(testing::load_json(j).scenario->trace.enabled);
  j["trace"] = nlohmann::json::object();
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_TRUE(r.scenario->trace.enabled);
  EXPECT_EQ(r.scenario->trace, (TraceConfig{.enabled = true}));
}

}  // namespace
}  // namespace chaossim
