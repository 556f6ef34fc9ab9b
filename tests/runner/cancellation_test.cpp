// Cancellation inside a slice: Engine::run_until reads the flag every Engine::kCancelCheckEvents events, so a run
// stops promptly whatever its bucket size, and an interrupted engine resumes to exactly the results of an
// uninterrupted one (the dashboard's pause and stop rely on both).
#include <atomic>
#include <chrono>
#include <thread>

#include "runner/live_run.h"
#include "runner/runner.h"
#include "support/run.h"

namespace chaossim {
namespace {

using Clock = std::chrono::steady_clock;

// An hour in one bucket at 100,000 operations a second: minutes of work in a single slice of the old runner, which
// noticed Ctrl-C only between slices.
std::shared_ptr<const Scenario> one_huge_bucket_under_heavy_load() {
  return std::make_shared<const Scenario>(testing::load(
      R"({"schema_version":1,"name":"huge-bucket","duration":"1h","bucket":"1h",
    "services":{"api":{"workers":400,"handler":[{"work":"1ms"},{"effect":"charge"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":100000}},
    "edges":{"clients->api":{"timeout":"200ms","retry":{"max_attempts":3}}}})"));
}

// A few seconds of light load, also in one bucket: quick to run to the end.
std::shared_ptr<const Scenario> one_bucket_light_load() {
  return std::make_shared<const Scenario>(testing::load(
      R"({"schema_version":1,"name":"one-bucket","duration":"20s","bucket":"20s",
    "services":{"api":{"workers":4,"handler":[{"work":"5ms"},{"effect":"charge"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":200}},
    "edges":{"clients->api":{"timeout":"200ms","retry":{"max_attempts":3}}},
    "faults":[{"id":"lossy","type":"drop_response","target":"clients->api","start":"5s","duration":"5s",
               "probability":0.2}]})"));
}

// Sets `flag` from another thread a moment after it starts, as a signal handler or the dashboard's stop would.
class SetLater {
 public:
  explicit SetLater(std::atomic<bool>& flag)
      : m_thread([&flag] {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          flag.store(true);
        }) {}
  ~SetLater() { m_thread.join(); }

 private:
  std::thread m_thread;
};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void expect_same_result(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.events, b.events);
  for (int p = 0; p < kPhases; ++p) EXPECT_TRUE(testing::same_metrics(a.phases[p], b.phases[p])) << "phase " << p;
  EXPECT_EQ(a.series, b.series);
}

TEST(cancellation, a_job_with_one_huge_bucket_stops_mid_bucket_when_cancelled_from_another_thread) {
  const auto s = one_huge_bucket_under_heavy_load();
  std::atomic<bool> cancel{false};
  std::atomic<double> progress{0.0};
  const Clock::time_point start = Clock::now();
  JobOutcome outcome;
  {
    const SetLater stop(cancel);
    outcome = run_job({s, "baseline", 1}, &cancel, &progress);
  }
  EXPECT_FALSE(outcome.completed);
  EXPECT_LT(progress.load(), 3600.0);
  EXPECT_LT(seconds_since(start), 5.0) << "the whole run takes minutes; a cancelled one must not";
}

TEST(cancellation, the_engine_stops_mid_slice_and_says_the_run_is_not_over) {
  const auto s = one_huge_bucket_under_heavy_load();
  Engine engine(*s, 1);
  std::atomic<bool> cancel{false};
  const Clock::time_point start = Clock::now();
  bool more = false;
  {
    const SetLater stop(cancel);
    more = engine.run_until(Instant{} + s->duration, &cancel);
  }
  EXPECT_TRUE(more);
  EXPECT_FALSE(engine.finished());
  EXPECT_GT(engine.events_processed(), 0u);
  EXPECT_LT(engine.now(), Instant{} + s->duration);
  EXPECT_EQ(engine.buckets_done(), 0u);
  EXPECT_LT(seconds_since(start), 5.0);
}

TEST(cancellation, the_flag_is_read_every_few_thousand_events_not_only_between_slices) {
  // Deterministic, no thread: run part of the single bucket, raise the flag, and the next call stops at the next
  // check, well inside the bucket.
  const auto s = one_bucket_light_load();
  Engine engine(*s, 3);
  ASSERT_TRUE(engine.run_until(Instant{} + Duration::seconds(2)));
  const std::uint64_t before = engine.events_processed();
  ASSERT_NE(before % Engine::kCancelCheckEvents, 0u) << "pick another split: this one lands on a check";
  const std::atomic<bool> cancel{true};
  EXPECT_TRUE(engine.run_until(Instant{} + s->duration, &cancel));
  EXPECT_EQ(engine.events_processed() % Engine::kCancelCheckEvents, 0u);
  EXPECT_LT(engine.events_processed() - before, Engine::kCancelCheckEvents);
  EXPECT_LT(engine.now(), Instant{} + s->duration);
}

TEST(cancellation, an_interrupted_engine_resumes_to_the_results_of_an_uninterrupted_run) {
  const auto s = one_bucket_light_load();
  Engine engine(*s, 3);
  std::atomic<bool> cancel{false};
  ASSERT_TRUE(engine.run_until(Instant{} + Duration::seconds(7)));
  cancel = true;
  const Instant end = Instant{} + s->duration;
  ASSERT_TRUE(engine.run_until(end, &cancel));  // stopped inside the fault window, mid-bucket
  cancel = false;
  EXPECT_FALSE(engine.run_until(end, &cancel));
  EXPECT_TRUE(engine.finished());
  expect_same_result(summarize(engine, "baseline"), testing::run(*s, 3));
}

TEST(cancellation, a_live_run_interrupted_mid_bucket_shows_what_it_has_and_then_carries_on) {
  const auto s = one_bucket_light_load();
  std::atomic<bool> interrupt{true};
  LiveRun live(s, 3, "baseline", &interrupt);
  const std::shared_ptr<const Snapshot> stopped = live.advance(1);
  EXPECT_FALSE(stopped->finished);
  EXPECT_FALSE(live.finished());
  EXPECT_EQ(stopped->buckets_done, 0u);
  interrupt = false;
  const std::shared_ptr<const Snapshot> done = live.advance(1);
  ASSERT_TRUE(done->finished);
  ASSERT_TRUE(done->result);
  expect_same_result(*done->result, testing::run(*s, 3));
}

TEST(cancellation, the_stop_button_of_a_live_run_with_one_huge_bucket_is_served_promptly) {
  const auto s = one_huge_bucket_under_heavy_load();
  std::atomic<bool> interrupt{false};
  LiveRun live(s, 1, "baseline", &interrupt);
  const Clock::time_point start = Clock::now();
  std::shared_ptr<const Snapshot> snap;
  {
    const SetLater stop(interrupt);
    snap = live.advance(1);
  }
  EXPECT_FALSE(snap->finished);
  EXPECT_EQ(snap->buckets_done, 0u);
  EXPECT_LT(snap->simulated_seconds, 3600.0);
  EXPECT_LT(seconds_since(start), 5.0);
}

}  // namespace
}  // namespace chaossim
