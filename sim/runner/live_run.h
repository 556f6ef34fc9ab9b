#pragma once
// A run that advances one time bucket at a time and hands out immutable snapshots, for the dashboard: the engine
// runs on a worker thread, each snapshot is a complete value the UI can keep and draw while the next bucket is
// simulated, and nothing is shared mutably between the two.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "metrics/summary.h"
#include "model/config.h"

namespace chaossim {

class Engine;

struct Snapshot {
  std::string variant;
  std::size_t buckets_done = 0;  // rows in `series`
  std::size_t total_buckets = 0;
  double simulated_seconds = 0;
  std::vector<std::string> columns;                      // as in timeseries.csv
  std::vector<double> series;                            // buckets_done x columns
  std::vector<std::pair<double, double>> fault_windows;  // [start, end) in seconds, merged
  MetricSet metrics;                                     // overall metrics so far (operations count once finished)
  bool finished = false;
  std::shared_ptr<const RunResult> result;  // the final result, once finished
};

class LiveRun {
 public:
  // `interrupt`, when given, must outlive the run; another thread (the UI's) may set it at any time to make the
  // advance() under way return early, mid-bucket: a stop or pause is then served within milliseconds even when one
  // bucket takes minutes to simulate. Nothing is lost: once it is false again, advance() continues where the
  // interrupted one stopped, and the results are those of an uninterrupted run.
  LiveRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::string variant = "baseline",
          const std::atomic<bool>* interrupt = nullptr);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  // Simulates up to `buckets` more buckets (fewer at the end) and returns the state after them; when interrupted,
  // the state so far (the bucket under way is not in the snapshot yet).
  std::shared_ptr<const Snapshot> advance(std::size_t buckets = 1);
  bool finished() const;
  const Scenario& scenario() const { return *m_scenario; }

 private:
  std::shared_ptr<const Scenario> m_scenario;
  std::unique_ptr<Engine> m_engine;
  std::string m_variant;
  const std::atomic<bool>* m_interrupt;
};

}  // namespace chaossim
