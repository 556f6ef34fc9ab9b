// A run's result as the ranks of an MPI sweep send it (mpi/result_wire.h): every field comes back exactly, doubles
// bit for bit (NaN included), and bytes that were cut or tampered with are refused rather than read past.
#include <gtest/gtest.h>

#include <cstring>

#include "mpi/result_wire.h"
#include "runner/runner.h"
#include "support/run.h"

namespace chaossim {
namespace {

// A fault to recover from, retries, traces and expectations: every part of a RunResult is filled.
const char* kStorm = R"({"schema_version": 1, "name": "wire", "seed": 3, "duration": "12s", "warmup": "1s",
  "services": {"api": {"workers": 2, "handler": [{"work": {"dist": "exponential", "mean": "20ms"}}]}},
  "clients": {"count": 500, "target": "api", "arrival": {"process": "poisson", "rate": 60}},
  "edges": {"clients->api": {"timeout": "150ms", "retry": {"max_attempts": 3}}},
  "faults": [{"id": "slow", "type": "slowdown", "target": "api", "factor": 5, "start": "4s", "duration": "3s"}],
  "trace": {"enabled": true, "max": 4},
  "expect": [{"metric": "success_rate", "phase": "after", "op": ">=", "value": 0.5},
             {"metric": "recovered", "op": "==", "value": 1, "role": "demonstrates"}]})";

RunResult storm_result() {
  const auto scenario = std::make_shared<const Scenario>(testing::load(kStorm));
  const JobOutcome o = run_job({scenario, "point-004", 99, true});
  EXPECT_TRUE(o.completed);
  return o.result;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same_metrics(const MetricSet& a, const MetricSet& b) {
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    EXPECT_EQ(a.values[i].first, b.values[i].first);
    EXPECT_TRUE(same_bits(a.values[i].second, b.values[i].second)) << a.values[i].first;
  }
}

TEST(result_wire, a_run_comes_back_field_for_field) {
  const RunResult sent = storm_result();
  ASSERT_TRUE(sent.traces && !sent.traces->operations.empty()) << "the run should have kept traces";
  ASSERT_FALSE(sent.expectations.empty());
  const RunResult got = wire::decode_result(wire::encode(sent));

  EXPECT_EQ(got.scenario, "wire");
  EXPECT_EQ(got.variant, "point-004");
  EXPECT_EQ(got.seed, 99u);
  EXPECT_EQ(got.events, sent.events);
  for (int p = 0; p < kPhases; ++p) expect_same_metrics(sent.phases[p], got.phases[p]);
  bool some_nan = false;  // recovery or a phase without operations: NaN must travel as NaN
  for (const MetricSet& m : sent.phases)
    for (const auto& [name, v] : m.values) some_nan = some_nan || v != v;
  EXPECT_TRUE(some_nan) << "the run should have an undefined metric somewhere";

  ASSERT_EQ(got.expectations.size(), sent.expectations.size());
  for (std::size_t i = 0; i < sent.expectations.size(); ++i) {
    EXPECT_EQ(got.expectations[i].expectation, sent.expectations[i].expectation);
    EXPECT_TRUE(same_bits(got.expectations[i].measured, sent.expectations[i].measured));
    EXPECT_EQ(got.expectations[i].found, sent.expectations[i].found);
    EXPECT_EQ(got.expectations[i].passed, sent.expectations[i].passed);
  }
  EXPECT_EQ(got.series_columns, sent.series_columns);
  ASSERT_EQ(got.series.size(), sent.series.size());
  EXPECT_EQ(std::memcmp(got.series.data(), sent.series.data(), sent.series.size() * sizeof(double)), 0);
  for (int p = 0; p < kPhases; ++p) {
    EXPECT_EQ(got.latency[p].count(), sent.latency[p].count());
    EXPECT_EQ(got.latency[p].max_ns(), sent.latency[p].max_ns());
    EXPECT_TRUE(same_bits(got.latency[p].mean_ns(), sent.latency[p].mean_ns()));
    for (double q : {0.5, 0.9, 0.99})
      EXPECT_TRUE(same_bits(got.latency[p].quantile_ns(q), sent.latency[p].quantile_ns(q)));
  }
  ASSERT_TRUE(got.traces);
  EXPECT_EQ(*got.traces, *sent.traces);
}

TEST(result_wire, a_run_without_traces_comes_back_without_traces) {
  RunResult sent = storm_result();
  sent.traces.reset();
  EXPECT_FALSE(wire::decode_result(wire::encode(sent)).traces);
}

TEST(result_wire, cut_or_padded_bytes_are_refused) {
  const std::string bytes = wire::encode(storm_result());
  for (std::size_t keep : {std::size_t{0}, std::size_t{5}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW(wire::decode_result(bytes.substr(0, keep)), wire::WireError) << keep;
  EXPECT_THROW(wire::decode_result(bytes + "x"), wire::WireError);
}

TEST(result_wire, a_count_beyond_the_bytes_sent_is_refused_before_anything_is_allocated) {
  std::string bytes = wire::encode(storm_result());
  const std::uint64_t huge = std::uint64_t{1} << 60;
  std::memcpy(bytes.data(), &huge, sizeof huge);  // the length of the scenario's name
  EXPECT_THROW(wire::decode_result(bytes), wire::WireError);
}

}  // namespace
}  // namespace chaossim
