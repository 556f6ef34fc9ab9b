// A live run measures its phases as a simulated one does: the same fault windows, merged, the same lengths and the
// same phase of each instant (model/fault_phases.h, whose own test covers the instants), so "during" rates mean the
// same in both.
#include "live/live_metrics.h"

#include <gtest/gtest.h>

#include "model/engine.h"
#include "runner/live_run.h"  // SeriesRows
#include "scenario/loader.h"

namespace chaossim::live {
namespace {

// Two faults that overlap for 10 s ([20, 40) and [30, 50)) and one apart ([70, 80)), in a 100 s run.
Scenario overlapping_faults() {
  const LoadResult r = load_scenario_text(R"({"schema_version": 1, "name": "o", "duration": "100s", "warmup": "5s",
    "services": {"api": {"workers": 1, "handler": [{"work": "1ms"}]}},
    "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
    "faults": [
      {"id": "a", "type": "error", "target": "api", "start": "20s", "duration": "20s", "probability": 0.5},
      {"id": "b", "type": "slowdown", "target": "api", "start": "30s", "duration": "20s", "factor": 3},
      {"id": "c", "type": "error", "target": "api", "start": "70s", "duration": "10s", "probability": 0.5}]})",
                                          "o.json");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
  return r.scenario.value();
}

TEST(live_metrics, overlapping_faults_count_once_in_the_length_of_during) {
  const Scenario s = overlapping_faults();
  const LiveMetrics live(s);
  EXPECT_DOUBLE_EQ(live.recorder().phase(kDuring).seconds, 40);  // 30 s merged + 10 s, not 20 + 20 + 10
  EXPECT_DOUBLE_EQ(live.recorder().phase(kBefore).seconds, 15);
  EXPECT_DOUBLE_EQ(live.recorder().phase(kAfter).seconds, 20);
}

TEST(live_metrics, fault_windows_and_phase_lengths_are_the_engines) {
  const Scenario s = overlapping_faults();
  const LiveMetrics live(s);
  const Engine engine(s, 1);
  EXPECT_EQ(live.phases().windows(), engine.fault_windows());
  for (int p = 0; p < kPhases; ++p)
    EXPECT_EQ(live.recorder().phase(static_cast<Phase>(p)).seconds,
              engine.recorder().phase(static_cast<Phase>(p)).seconds)
        << "phase " << p;
}

// While a live run goes on, the dashboard's cards count the operations finished so far with the effects the
// ledgers have seen for them, as the engine counts an operation once it finishes; those in flight wait.
TEST(live_metrics, the_metrics_so_far_count_finished_operations_with_their_effects) {
  Scenario s = overlapping_faults();
  s.effects = {"charge"};
  LiveMetrics live(s);
  const Instant t = Instant{} + Duration::seconds(10);
  const std::uint32_t done = live.begin_operation(t), failed = live.begin_operation(t), open = live.begin_operation(t);
  live.operation(done).attempts = 2;
  live.operation(done).retries = 1;
  live.end_operation(t + Duration::milliseconds(30), done, Outcome::ok);
  live.operation(failed).attempts = 1;
  live.end_operation(t + Duration::milliseconds(40), failed, Outcome::failed);
  live.operation(open).attempts = 1;
  const std::vector<std::uint32_t> twice = {2}, once = {1};
  const Recorder so_far = live.finished_so_far({&twice, nullptr, &once});
  const PhaseTotals& p = so_far.phase(kOverall);
  EXPECT_EQ(p.ops, 2u);
  EXPECT_EQ(p.succeeded, 1u);
  EXPECT_EQ(p.failed, 1u);
  EXPECT_EQ(p.attempts, 3u);
  EXPECT_EQ(p.unfinished, 0u) << "an operation in flight is not counted yet, not as unfinished";
  EXPECT_EQ(p.effect_duplicates[0], 1u);
  EXPECT_EQ(live.recorder().phase(kOverall).ops, 0u) << "the run's own recorder is left as it is";
}

// Live mode's snapshots grow a series by appending its closed rows: the full chunks are shared, not copied, and
// the rows read back as given.
TEST(live_metrics, appended_rows_share_the_full_chunks_of_the_series_before) {
  const std::size_t width = 2, first = SeriesRows::kChunkRows + 3;
  std::vector<double> rows;
  for (std::size_t i = 0; i < first * width; ++i) rows.push_back(static_cast<double>(i));
  const SeriesRows before = SeriesRows().appended(rows, width);
  const SeriesRows after = before.appended({-1, -2, -3, -4}, width);
  ASSERT_EQ(before.rows(), first);
  ASSERT_EQ(after.rows(), first + 2);
  EXPECT_EQ(after.row(0), before.row(0)) << "the full chunk is shared";
  EXPECT_NE(after.row(first - 1), before.row(first - 1)) << "the unfilled chunk is a new, longer copy";
  EXPECT_EQ(after.at(first - 1, 1), before.at(first - 1, 1));
  EXPECT_EQ(after.at(first, 0), -1);
  EXPECT_EQ(after.at(first + 1, 1), -4);
  EXPECT_EQ(before.rows(), first) << "the earlier series is unchanged";
  EXPECT_EQ(after.first_difference(before), first);
}

}  // namespace
}  // namespace chaossim::live
