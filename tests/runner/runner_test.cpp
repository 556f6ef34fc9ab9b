// sim/runner/runner.h: replication seeds, single jobs and the thread pool, whose output must not depend on the
// number of threads.
#include "runner/runner.h"

#include "runner/live_run.h"

#include <mutex>
#include <set>
#include <thread>

#include "support/run.h"

namespace chaossim {
namespace {

// A small scenario whose results depend on the seed (Poisson arrivals, a fault that hits a random share).
std::shared_ptr<const Scenario> small_scenario(const std::string& duration = "20s") {
  return std::make_shared<const Scenario>(testing::load(
      R"({"schema_version":1,"name":"small","duration":")" + duration + R"(","bucket":"1s",
    "services":{"api":{"workers":4,"handler":[{"work":"5ms"},{"effect":"charge"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":50}},
    "edges":{"clients->api":{"timeout":"200ms","retry":{"max_attempts":3}}},
    "faults":[{"id":"lossy","type":"drop_response","target":"clients->api","start":"5s","duration":"5s",
               "probability":0.2}]})"));
}

std::vector<RunJob> jobs_for(const std::shared_ptr<const Scenario>& s, std::size_t n) {
  std::vector<RunJob> jobs;
  for (std::size_t i = 0; i < n; ++i) jobs.push_back({s, "variant-" + std::to_string(i), replication_seed(7, i)});
  return jobs;
}

// Everything a run reports, for exact comparison.
void expect_same_result(const RunResult& a, const RunResult& b, const std::string& what) {
  EXPECT_EQ(a.variant, b.variant) << what;
  EXPECT_EQ(a.seed, b.seed) << what;
  EXPECT_EQ(a.events, b.events) << what;
  for (int p = 0; p < kPhases; ++p) EXPECT_TRUE(testing::same_metrics(a.phases[p], b.phases[p])) << what << ", phase " << p;
  EXPECT_EQ(a.series, b.series) << what;
}

TEST(runner, replication_seeds_are_distinct_and_stable) {
  // Replication 0 is the scenario's own seed, so a plain run and the first replication agree.
  EXPECT_EQ(replication_seed(42, 0), 42u);
  std::set<std::uint64_t> seen;
  for (std::uint64_t base : {0ull, 1ull, 42ull, ~0ull})
    for (std::size_t i = 0; i < 1000; ++i) {
      EXPECT_EQ(replication_seed(base, i), replication_seed(base, i));
      seen.insert(replication_seed(base, i));
    }
  EXPECT_EQ(seen.size(), 4u * 1000u);  // no two (base, replication) pairs share a seed
  // Published results name their seeds: the derivation must not change between versions.
  EXPECT_EQ(replication_seed(42, 1), 4664596266644325791ull);
  EXPECT_EQ(replication_seed(42, 2), 6787696354261938777ull);
  EXPECT_EQ(replication_seed(1, 1), 7175174168956409736ull);
}

TEST(runner, a_job_gives_the_same_result_as_a_plain_run_with_its_seed) {
  const auto s = small_scenario();
  const JobOutcome o = run_job({s, "baseline", 11});
  ASSERT_TRUE(o.completed);
  expect_same_result(o.result, testing::run(*s, 11), "seed 11");
}

TEST(runner, a_finished_live_run_hands_over_the_traces_a_job_records) {
  // The dashboard reads traces from the live run's final result: the same operations as the command line's run.
  Scenario traced = *small_scenario();
  traced.trace.enabled = true;
  const auto s = std::make_shared<const Scenario>(traced);
  const JobOutcome job = run_job({s, "baseline", 11});
  ASSERT_TRUE(job.completed);
  ASSERT_TRUE(job.result.traces);
  ASSERT_FALSE(job.result.traces->operations.empty());
  LiveRun live(s, 11);
  std::shared_ptr<const Snapshot> snap;
  while (!live.finished()) snap = live.advance(5);
  snap = live.snapshot();
  ASSERT_TRUE(snap->result);
  ASSERT_TRUE(snap->result->traces);
  EXPECT_EQ(*snap->result->traces, *job.result.traces);
  // Asked again, the finished run gives the same snapshot, traces and all.
  EXPECT_EQ(live.snapshot()->result->traces, snap->result->traces);
  // Without a trace block, nothing is recorded.
  LiveRun plain(small_scenario(), 11);
  while (!plain.finished()) plain.advance(5);
  EXPECT_FALSE(plain.snapshot()->result->traces);
}

TEST(runner, results_are_identical_for_one_and_two_threads_and_in_job_order) {
  const auto s = small_scenario();
  const std::vector<RunJob> jobs = jobs_for(s, 6);
  const std::vector<JobOutcome> one = run_jobs(jobs, 1, nullptr);
  const std::vector<JobOutcome> two = run_jobs(jobs, 2, nullptr);
  ASSERT_EQ(one.size(), jobs.size());
  ASSERT_EQ(two.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    ASSERT_TRUE(one[i].completed && two[i].completed) << i;
    // Job order: result i is job i's, whichever thread finished first.
    EXPECT_EQ(one[i].result.variant, jobs[i].variant);
    EXPECT_EQ(one[i].result.seed, jobs[i].seed);
    expect_same_result(one[i].result, two[i].result, "job " + std::to_string(i));
  }
  // The seeds matter, so a mix-up of results between jobs could not pass unnoticed.
  EXPECT_FALSE(testing::same_metrics(one[0].result.metrics(), one[1].result.metrics()));
}

TEST(runner, on_done_sees_every_job_once_one_call_at_a_time) {
  const auto s = small_scenario();
  const std::vector<RunJob> jobs = jobs_for(s, 6);
  std::multiset<std::size_t> done;
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  std::atomic<double> progress{0.0};
  const std::vector<JobOutcome> out = run_jobs(
      jobs, 2, nullptr,
      [&](std::size_t i, const JobOutcome& o) {
        if (inside.fetch_add(1) != 0) overlapped = true;
        done.insert(i);
        EXPECT_TRUE(o.completed);
        EXPECT_EQ(o.result.seed, jobs[i].seed);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // widens the window an overlap would need
        inside.fetch_sub(1);
      },
      &progress);
  EXPECT_FALSE(overlapped);
  EXPECT_EQ(done, (std::multiset<std::size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_NEAR(progress.load(), 6 * 20.0, 1e-6);  // every simulated second of every job, counted once
}

TEST(runner, a_cancelled_job_stops_within_a_slice_and_is_not_completed) {
  const auto s = small_scenario("1h");
  const std::atomic<bool> cancel{true};
  std::atomic<double> progress{0.0};
  const JobOutcome o = run_job({s, "baseline", 1}, &cancel, &progress);
  EXPECT_FALSE(o.completed);
  EXPECT_LE(progress.load(), 1.0 + 1e-9);  // one slice (max(bucket, 1 s)) of the hour
}

TEST(runner, cancelling_before_the_start_runs_nothing) {
  const auto s = small_scenario();
  const std::atomic<bool> cancel{true};
  for (unsigned threads : {1u, 2u}) {
    int calls = 0;
    const std::vector<JobOutcome> out = run_jobs(jobs_for(s, 4), threads, &cancel,
                                                 [&](std::size_t, const JobOutcome&) { ++calls; });
    ASSERT_EQ(out.size(), 4u);
    for (const JobOutcome& o : out) EXPECT_FALSE(o.completed) << threads << " threads";
    EXPECT_EQ(calls, 0) << threads << " threads";
  }
}

TEST(runner, cancelling_during_a_batch_leaves_the_later_jobs_undone) {
  const auto s = small_scenario();
  std::atomic<bool> cancel{false};
  const std::vector<JobOutcome> out =
      run_jobs(jobs_for(s, 5), 1, &cancel, [&](std::size_t i, const JobOutcome&) { cancel = i == 1; });
  ASSERT_EQ(out.size(), 5u);
  EXPECT_TRUE(out[0].completed);
  EXPECT_TRUE(out[1].completed);
  for (std::size_t i = 2; i < out.size(); ++i) EXPECT_FALSE(out[i].completed) << i;
}

}  // namespace
}  // namespace chaossim
