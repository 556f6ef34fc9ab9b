#include "runner/runner.h"

#include <mutex>
#include <thread>

#include <boost/asio/post.hpp>         // post(): hands a job to the pool
#include <boost/asio/thread_pool.hpp>  // a fixed pool of worker threads

#include "core/random.h"
#include "model/engine.h"

namespace chaossim {

std::uint64_t replication_seed(std::uint64_t base, std::size_t i) {
  if (i == 0) return base;
  return mix64(mix64(base ^ (static_cast<std::uint64_t>(StreamKind::replication) << 56)) + i);
}

namespace {
void add(std::atomic<double>* total, double amount) {
  if (!total) return;
  double cur = total->load(std::memory_order_relaxed);
  while (!total->compare_exchange_weak(cur, cur + amount, std::memory_order_relaxed)) {
  }
}
}  // namespace

JobOutcome run_job(const RunJob& job, const std::atomic<bool>* cancel, std::atomic<double>* progress_seconds) {
  Engine engine(*job.scenario, job.seed, job.trace);
  // The engine itself notices a cancellation within a few thousand events, however long the slice or the bucket;
  // slices of one simulated second are only there to move the progress bar smoothly.
  const Duration slice = Duration::seconds(1);
  bool more = true;
  while (more) {
    const Instant before = engine.now();
    more = engine.run_until(engine.now() + slice, cancel);
    add(progress_seconds, (engine.now() - before).seconds_f());
    if (more && cancel && cancel->load(std::memory_order_relaxed)) return {};
  }
  JobOutcome out;
  out.result = summarize(engine, job.variant);
  if (engine.tracing()) out.result.traces = std::make_shared<const TraceSet>(engine.take_traces());
  out.completed = true;
  return out;
}

unsigned default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

std::vector<JobOutcome> run_jobs(const std::vector<RunJob>& jobs, unsigned threads, const std::atomic<bool>* cancel,
                                 const std::function<void(std::size_t, const JobOutcome&)>& on_done,
                                 std::atomic<double>* progress_seconds) {
  std::vector<JobOutcome> out(jobs.size());
  if (threads == 0) threads = default_threads();
  if (threads == 1 || jobs.size() <= 1) {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (cancel && cancel->load()) break;
      out[i] = run_job(jobs[i], cancel, progress_seconds);
      if (on_done && out[i].completed) on_done(i, out[i]);
    }
    return out;
  }
  boost::asio::thread_pool pool(std::min<std::size_t>(threads, jobs.size()));
  std::mutex done_mutex;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    boost::asio::post(pool, [&, i] {
      if (cancel && cancel->load()) return;
      JobOutcome o = run_job(jobs[i], cancel, progress_seconds);
      std::lock_guard lock(done_mutex);
      out[i] = std::move(o);
      if (on_done && out[i].completed) on_done(i, out[i]);
    });
  }
  pool.join();
  return out;
}

}  // namespace chaossim
