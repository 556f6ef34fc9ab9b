#include "app/run_controller.h"

#include <map>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>
#include <QTimer>
#include <gtest/gtest.h>

#include "app/editable_scenario.h"
#include "support.h"

using gui_testing::waitFor;

namespace {

std::vector<RunSpec> specs(const std::vector<std::string>& variants, const std::string& duration = "20s") {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  std::vector<RunSpec> out;
  for (const std::string& v : variants)
    out.push_back({v, std::make_shared<const chaossim::Scenario>(*doc.build(v, {{"duration", duration}}).scenario), 7});
  return out;
}

}  // namespace

TEST(run_controller, runs_to_the_end_on_another_thread_publishing_snapshots) {
  RunController controller;
  std::vector<SnapshotPtr> seen;
  QObject::connect(&controller, &RunController::snapshotReady, [&](const SnapshotPtr& s) {
    // Snapshots are handed over on the UI thread, where views may use them directly.
    EXPECT_EQ(QThread::currentThread(), controller.thread());
    seen.push_back(s);
  });
  QSignalSpy finished(&controller, &RunController::finished);
  controller.start(specs({"baseline"}));
  EXPECT_EQ(controller.state(), RunController::State::Running);
  // The run must reach its end while this thread only delivers queued signals: sendPostedEvents() fires no
  // timers, so an engine ticking on a timer of this thread could not advance; only another thread can finish it.
  QElapsedTimer clock;
  clock.start();
  while (finished.count() == 0 && clock.elapsed() < 20000) {
    QThread::msleep(5);
    QCoreApplication::sendPostedEvents();
  }
  ASSERT_EQ(finished.count(), 1);
  EXPECT_EQ(controller.state(), RunController::State::Finished);
  ASSERT_FALSE(seen.empty());
  // Snapshots only grow, and the last is the complete run with its result.
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i]->buckets_done, seen[i - 1]->buckets_done);
  EXPECT_TRUE(seen.back()->finished);
  EXPECT_EQ(seen.back()->buckets_done, 20u);
  ASSERT_NE(seen.back()->result, nullptr);
}

TEST(run_controller, a_paused_run_moves_one_bucket_per_step) {
  RunController controller;
  SnapshotPtr last;
  QObject::connect(&controller, &RunController::snapshotReady, [&](const SnapshotPtr& s) { last = s; });
  controller.start(specs({"baseline"}), /*paused=*/true);
  ASSERT_TRUE(waitFor([&] { return last != nullptr; }));
  EXPECT_EQ(last->buckets_done, 0u);  // the first snapshot announces the run
  controller.step();
  ASSERT_TRUE(waitFor([&] { return last->buckets_done == 1; }));
  controller.step();
  ASSERT_TRUE(waitFor([&] { return last->buckets_done == 2; }));
  EXPECT_EQ(controller.state(), RunController::State::Paused);
  QSignalSpy finished(&controller, &RunController::finished);
  controller.resume();
  ASSERT_TRUE(waitFor([&] { return finished.count() == 1; }));
  EXPECT_TRUE(last->finished);
}

TEST(run_controller, variants_run_side_by_side_with_the_same_seed) {
  RunController controller;
  std::map<std::string, SnapshotPtr> last;
  QObject::connect(&controller, &RunController::snapshotReady, [&](const SnapshotPtr& s) { last[s->variant] = s; });
  QSignalSpy finished(&controller, &RunController::finished);
  controller.start(specs({"baseline", "keys", "no-retry"}));
  ASSERT_TRUE(waitFor([&] { return finished.count() == 1; }));
  ASSERT_EQ(last.size(), 3u);
  for (const auto& [variant, snapshot] : last) {
    EXPECT_TRUE(snapshot->finished) << variant;
    EXPECT_EQ(snapshot->result->seed, 7u) << variant;
  }
  // Common random numbers: the same operations arrive in every variant.
  EXPECT_EQ(*last["baseline"]->metrics.find("ops"), *last["keys"]->metrics.find("ops"));
}

TEST(run_controller, real_time_speed_paces_the_run_and_stop_drops_what_follows) {
  RunController controller;
  controller.setSpeed(10);  // 10 simulated seconds per second: 1 s buckets every 100 ms
  std::size_t buckets = 0;
  QObject::connect(&controller, &RunController::snapshotReady, [&](const SnapshotPtr& s) { buckets = s->buckets_done; });
  controller.start(specs({"baseline"}, "1h"));
  QElapsedTimer clock;
  clock.start();
  ASSERT_TRUE(waitFor([&] { return buckets >= 3; }));
  EXPECT_GE(clock.elapsed(), 200);  // not as fast as possible
  controller.stop();
  EXPECT_EQ(controller.state(), RunController::State::Idle);
  const std::size_t atStop = buckets;
  waitFor([] { return false; }, 300);
  EXPECT_EQ(buckets, atStop);
}

TEST(run_controller, the_ui_thread_stays_free_while_a_long_run_goes_at_full_speed) {
  RunController controller;
  int snapshots = 0;
  QObject::connect(&controller, &RunController::snapshotReady, [&](const SnapshotPtr&) { ++snapshots; });
  controller.start(specs({"baseline"}, "2h"));
  // The event loop keeps turning: a 10 ms timer fires many times while the engine works.
  int ticks = 0;
  QTimer timer;
  QObject::connect(&timer, &QTimer::timeout, [&] { ++ticks; });
  timer.start(10);
  waitFor([] { return false; }, 500);
  controller.stop();
  EXPECT_GE(ticks, 20);
  EXPECT_GE(snapshots, 1);
}

TEST(run_controller, stop_is_served_inside_a_bucket_that_would_take_minutes) {
  // One bucket of an hour at 20,000 operations per second: minutes of simulation before the first bucket ends.
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  const auto built = doc.build("baseline", {{"duration", "1h"},
                                            {"bucket", "1h"},
                                            {"clients.count", 1000},
                                            {"clients.arrival.rate", 20000},
                                            {"services.api.workers", 200},
                                            {"faults", nlohmann::json::array()}});
  ASSERT_TRUE(built.scenario);
  RunController controller;
  QSignalSpy finished(&controller, &RunController::finished);
  controller.start({{"baseline", std::make_shared<const chaossim::Scenario>(*built.scenario), 7}});
  QThread::msleep(300);  // well inside the bucket
  controller.stop();
  // The worker serves commands in order: a short run started now finishes only once the long bucket has returned.
  controller.start(specs({"baseline"}, "3s"));
  QElapsedTimer clock;
  clock.start();
  while (finished.count() == 0 && clock.elapsed() < 30000) {
    QThread::msleep(5);
    QCoreApplication::sendPostedEvents();
  }
  EXPECT_EQ(finished.count(), 1) << "the stop waited for the hour-long bucket";
  EXPECT_LT(clock.elapsed(), 15000);
}
