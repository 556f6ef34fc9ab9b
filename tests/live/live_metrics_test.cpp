// A live run measures its phases as a simulated one does: the same fault windows, merged, the same lengths and the
// same phase of each instant (model/fault_phases.h, whose own test covers the instants), so "during" rates mean the
// same in both.
#include "live/live_metrics.h"

#include <gtest/gtest.h>

#include "model/engine.h"
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

}  // namespace
}  // namespace chaossim::live
