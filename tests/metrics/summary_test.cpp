// sim/metrics/summary.h: detect_recovery over a scripted goodput series (successful operations per bucket), so each
// case can be worked out by hand: the reference level is the mean of the whole buckets after warmup and before the
// first fault, and recovery is the first bucket from the end of the last fault that starts five buckets in a row at
// >= 90% of it.
#include "metrics/summary.h"

#include <initializer_list>

#include "support/run.h"

namespace chaossim {
namespace {

// A 60 s run in 1 s buckets with the given faults (JSON objects) on its one service.
Scenario scenario(const std::string& faults, const std::string& warmup = "0s") {
  return testing::load(R"({"schema_version":1,"name":"recovery","duration":"60s","bucket":"1s","warmup":")" + warmup +
                       R"(","services":{"api":{"workers":10,"handler":[{"work":"1ms"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":100}},
    "faults":[)" + faults + "]}");
}

// Sets ops_succeeded of buckets [from, to) to `value`.
void goodput(Recorder& rec, std::size_t from, std::size_t to, double value) {
  for (std::size_t b = from; b < to; ++b) rec.cell(b, rec.layout().succeeded) = value;
}

const char* kFault10to20 = R"({"id":"f","type":"error","target":"api","start":"10s","duration":"10s"})";

TEST(detect_recovery, recovery_is_the_first_of_five_buckets_at_90_percent_after_the_fault_ends) {
  const Scenario s = scenario(kFault10to20);
  Recorder rec(s);
  goodput(rec, 0, 10, 100);   // reference level: 100
  goodput(rec, 10, 20, 0);    // the fault
  goodput(rec, 20, 25, 50);   // still down
  goodput(rec, 25, 29, 95);   // four good buckets ...
  goodput(rec, 29, 30, 89);   // ... and one just below 90: not recovered yet
  goodput(rec, 30, 31, 90);   // exactly 90% counts
  goodput(rec, 31, 60, 100);
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 10.0);  // bucket 30 starts 10 s after the fault ends at 20 s
}

TEST(detect_recovery, goodput_that_never_returns_is_not_recovered_for_the_rest_of_the_run) {
  const Scenario s = scenario(kFault10to20);
  Recorder rec(s);
  goodput(rec, 0, 10, 100);
  goodput(rec, 10, 20, 0);
  goodput(rec, 20, 60, 89);
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_FALSE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 40.0);  // from the end of the fault to the end of the run
}

TEST(detect_recovery, five_good_buckets_must_fit_before_the_run_ends) {
  const Scenario s = scenario(kFault10to20);
  Recorder rec(s);
  goodput(rec, 0, 10, 100);
  goodput(rec, 10, 56, 0);
  goodput(rec, 56, 60, 100);  // only four buckets left
  EXPECT_FALSE(detect_recovery(s, rec).value().recovered);
  goodput(rec, 55, 56, 100);  // now five
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 35.0);
}

TEST(detect_recovery, goodput_at_the_level_when_the_fault_ends_recovers_in_zero_seconds) {
  const Scenario s = scenario(kFault10to20);
  Recorder rec(s);
  goodput(rec, 0, 60, 100);
  goodput(rec, 10, 20, 0);
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 0.0);
}

TEST(detect_recovery, a_fault_ending_inside_a_bucket_is_measured_from_the_next_whole_bucket) {
  const Scenario s = scenario(R"({"id":"f","type":"error","target":"api","start":"10s","duration":"10.5s"})");
  Recorder rec(s);
  goodput(rec, 0, 60, 100);
  goodput(rec, 10, 21, 0);
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 0.5);  // bucket 21 starts half a second after the fault ends at 20.5 s
}

TEST(detect_recovery, the_level_comes_from_before_the_first_fault_and_recovery_after_the_last) {
  const Scenario s = scenario(std::string(kFault10to20) +
                              R"(,{"id":"g","type":"error","target":"api","start":"30s","duration":"5s"})");
  Recorder rec(s);
  goodput(rec, 0, 10, 100);
  goodput(rec, 10, 20, 0);
  goodput(rec, 20, 30, 100);  // good between the faults: not a recovery, the second fault is still to come
  goodput(rec, 30, 35, 0);
  goodput(rec, 35, 38, 10);
  goodput(rec, 38, 60, 100);
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 3.0);  // from 35 s, the end of the last fault
}

TEST(detect_recovery, warmup_buckets_are_not_part_of_the_level) {
  const Scenario s = scenario(kFault10to20, "5s");
  Recorder rec(s);
  goodput(rec, 0, 5, 1000);  // warmup: a level of 550 would count 100 as far from recovered
  goodput(rec, 5, 10, 100);
  goodput(rec, 10, 20, 0);
  goodput(rec, 20, 60, 100);
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 0.0);
}

TEST(detect_recovery, without_a_bucket_before_the_fault_each_bucket_is_held_to_its_own_offered_load) {
  const Scenario s = scenario(R"({"id":"f","type":"error","target":"api","duration":"20s"})");
  Recorder rec(s);
  for (std::size_t b = 0; b < 60; ++b) rec.cell(b, rec.layout().ops) = 200;
  goodput(rec, 0, 20, 0);
  goodput(rec, 20, 25, 170);  // 85% of what was offered
  goodput(rec, 25, 60, 180);  // 90%
  const Recovery r = detect_recovery(s, rec).value();
  EXPECT_TRUE(r.recovered);
  EXPECT_DOUBLE_EQ(r.seconds, 5.0);
}

TEST(detect_recovery, without_a_fault_that_ends_recovery_does_not_apply) {
  // A fault without a duration runs to the end, and one that would outlast the run is cut at its end: neither
  // leaves time to recover in, and a run without faults has nothing to recover from. Recovery is then undefined
  // (summary.json says null, reports "n/a"), not "recovered in 0 s".
  for (const char* faults : {R"({"id":"f","type":"error","target":"api","start":"10s"})",
                             R"({"id":"f","type":"error","target":"api","start":"50s","duration":"20s"})", ""}) {
    const Scenario s = scenario(faults);
    Recorder rec(s);
    goodput(rec, 0, 10, 100);  // and nothing after
    EXPECT_FALSE(detect_recovery(s, rec).has_value()) << faults;
  }
}

}  // namespace
}  // namespace chaossim
