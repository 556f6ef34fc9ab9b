#pragma once
// Runs many independent simulations (variants x replications x sweep points) on a thread pool. Each run is
// single-threaded and deterministic, and results come back in job order, so output is identical whatever the
// number of threads.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "metrics/summary.h"
#include "model/config.h"

namespace chaossim {

struct RunJob {
  std::shared_ptr<const Scenario> scenario;
  std::string variant = "baseline";
  std::uint64_t seed = 1;
  bool trace = true;  // record the traces the scenario asks for (batches record them in replication 0 only)
};

// Seed of replication i: the scenario's own seed for i = 0, then seeds derived from it, so replication 0 of any
// variant reproduces a plain run and every variant shares the same replication seeds (common random numbers).
std::uint64_t replication_seed(std::uint64_t base, std::size_t i);

// Runs one job to the end, or until `cancel` becomes true (then `completed` is false). The engine reads `cancel`
// every few thousand events (Engine::run_until), so a run stops within milliseconds of the flag being set however
// long its buckets are.
struct JobOutcome {
  RunResult result;
  bool completed = false;
};
// `progress_seconds`, when given, grows by the simulated seconds done, a second at a time (for a progress bar).
JobOutcome run_job(const RunJob& job, const std::atomic<bool>* cancel = nullptr,
                   std::atomic<double>* progress_seconds = nullptr);

// Runs all jobs on `threads` threads (0: all cores). `on_done(index, outcome)` is called from worker threads as
// each job finishes, one at a time (they are serialised by the runner).
std::vector<JobOutcome> run_jobs(const std::vector<RunJob>& jobs, unsigned threads, const std::atomic<bool>* cancel,
                                 const std::function<void(std::size_t, const JobOutcome&)>& on_done = {},
                                 std::atomic<double>* progress_seconds = nullptr);

unsigned default_threads();

}  // namespace chaossim
