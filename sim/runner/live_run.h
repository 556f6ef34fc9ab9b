#pragma once
// A run that advances one time bucket at a time and hands out immutable snapshots, for the dashboard: the engine
// runs on a worker thread, each snapshot is a complete value the UI can keep and draw while the next bucket is
// simulated, and nothing is shared mutably between the two.

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
  LiveRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::string variant = "baseline");
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  // Simulates up to `buckets` more buckets (fewer at the end) and returns the state after them.
  std::shared_ptr<const Snapshot> advance(std::size_t buckets = 1);
  bool finished() const;
  const Scenario& scenario() const { return *m_scenario; }

 private:
  std::shared_ptr<const Scenario> m_scenario;
  std::unique_ptr<Engine> m_engine;
  std::string m_variant;
};

}  // namespace chaossim
