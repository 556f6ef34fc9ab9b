// The phases a run's fault windows make, as the engine and live mode both take them: windows clipped to the run and
// merged, so time under two faults at once counts once in "during".
#include "model/fault_phases.h"

#include <gtest/gtest.h>

#include "scenario/loader.h"

namespace chaossim {
namespace {

// A 100 s run with 10 s of warmup and the given faults (each `"start": …, "duration": …` on api).
Scenario run_with(const std::string& faults) {
  const LoadResult r = load_scenario_text(R"({"schema_version": 1, "name": "p", "duration": "100s", "warmup": "10s",
    "services": {"api": {"workers": 1, "handler": [{"work": "1ms"}]}},
    "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
    "faults": [)" + faults + "]}",
                                          "p.json");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
  return r.scenario.value();
}

std::string fault(const char* id, const char* start, const char* duration) {
  return std::string(R"({"id": ")") + id + R"(", "type": "hang", "target": "api", "start": ")" + start +
         R"(", "duration": ")" + duration + R"("})";
}

using Windows = std::vector<std::pair<Duration, Duration>>;
Duration s(std::int64_t n) { return Duration::seconds(n); }
Instant at(std::int64_t n) { return Instant{} + s(n); }

TEST(fault_phases, overlapping_windows_merge_and_count_once_in_during) {
  // [20, 40) and [30, 50) overlap: one stretch [20, 50); [70, 80) stays apart.
  const Scenario sc =
      run_with(fault("a", "20s", "20s") + "," + fault("b", "30s", "20s") + "," + fault("c", "70s", "10s"));
  const FaultPhases p(sc);
  EXPECT_EQ(p.windows(), (Windows{{s(20), s(50)}, {s(70), s(80)}}));
  EXPECT_EQ(p.first_start(), at(20));
  EXPECT_EQ(p.last_end(), at(80));
  const auto seconds = p.seconds();
  EXPECT_DOUBLE_EQ(seconds[kOverall], 90);  // warmup left out
  EXPECT_DOUBLE_EQ(seconds[kBefore], 10);   // 10 s to 20 s
  EXPECT_DOUBLE_EQ(seconds[kDuring], 40);   // 30 + 10, not 20 + 20 + 10
  EXPECT_DOUBLE_EQ(seconds[kAfter], 20);    // 80 s to 100 s
}

TEST(fault_phases, disjoint_windows_out_of_order_are_sorted_and_a_gap_between_them_is_in_no_fault_phase) {
  const FaultPhases p(run_with(fault("late", "60s", "10s") + "," + fault("early", "20s", "10s")));
  EXPECT_EQ(p.windows(), (Windows{{s(20), s(30)}, {s(60), s(70)}}));
  EXPECT_DOUBLE_EQ(p.seconds()[kDuring], 20);
  const PhaseMask overall = 1u << kOverall;
  EXPECT_EQ(p.mask(at(5)), 0) << "warmup is in no phase";
  EXPECT_EQ(p.mask(at(15)), overall | 1u << kBefore);
  EXPECT_EQ(p.mask(at(20)), overall | 1u << kDuring) << "a window starts where it says";
  EXPECT_EQ(p.mask(at(45)), overall) << "between two faults: neither before the first nor after the last";
  EXPECT_EQ(p.mask(at(70)), overall | 1u << kAfter) << "a window ends before its end instant";
}

TEST(fault_phases, windows_touching_end_to_end_are_one_and_windows_are_clipped_to_the_run) {
  const FaultPhases p(
      run_with(fault("a", "20s", "10s") + "," + fault("b", "30s", "10s") + "," + fault("c", "90s", "30s")));
  EXPECT_EQ(p.windows(), (Windows{{s(20), s(40)}, {s(90), s(100)}}));
  EXPECT_EQ(p.last_end(), at(100));
  EXPECT_DOUBLE_EQ(p.seconds()[kAfter], 0);
}

TEST(fault_phases, a_run_without_faults_is_all_before_and_has_no_after) {
  const FaultPhases p(run_with(""));
  EXPECT_TRUE(p.windows().empty());
  EXPECT_EQ(p.first_start(), at(100));
  EXPECT_EQ(p.mask(at(99)), (1u << kOverall) | (1u << kBefore));
  const auto seconds = p.seconds();
  EXPECT_DOUBLE_EQ(seconds[kBefore], 90);
  EXPECT_DOUBLE_EQ(seconds[kDuring], 0);
  EXPECT_DOUBLE_EQ(seconds[kAfter], 0);
}

}  // namespace
}  // namespace chaossim
