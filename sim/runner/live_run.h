#pragma once
// A run that advances one time bucket at a time and hands out immutable snapshots, for the dashboard: the engine
// runs on a worker thread, each snapshot is a complete value the UI can keep and draw while the next bucket is
// simulated, and nothing is shared mutably between the two.
//
// Snapshots share their series data: rows are kept in immutable chunks, and a new snapshot reuses every chunk of
// the previous one whose rows did not change, so taking a snapshot of a one-hour run copies the last chunk, not
// the whole series (it used to copy everything, per bucket).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "metrics/summary.h"
#include "model/config.h"

namespace chaossim {

class Engine;

// The rows of a time series (as in timeseries.csv), in immutable chunks of kChunkRows rows that snapshots share.
// Two SeriesRows holding the same chunk hold the same rows; a chunk is never changed once made.
class SeriesRows {
 public:
  static constexpr std::size_t kChunkRows = 64;
  using Chunk = std::vector<double>;  // up to kChunkRows rows x width, row-major

  std::size_t rows() const { return m_rows; }
  std::size_t width() const { return m_width; }
  double at(std::size_t row, std::size_t column) const {
    return (*m_chunks[row / kChunkRows])[(row % kChunkRows) * m_width + column];
  }
  // Where row `r` is kept: two SeriesRows that give the same address share that row's memory.
  const double* row(std::size_t r) const { return m_chunks[r / kChunkRows]->data() + (r % kChunkRows) * m_width; }
  // Rows [from, to) copied out, row-major.
  std::vector<double> copy(std::size_t from, std::size_t to) const;
  std::vector<double> flattened() const { return copy(0, m_rows); }
  // The first row that is not the same in `older` (an earlier snapshot of the same run): rows() when `older` holds
  // every row of this one. Chunks both hold are equal without looking; others are compared row by row.
  std::size_t first_difference(const SeriesRows& older) const;
  // Rows given whole (tests, and data that did not come from a live run).
  static SeriesRows from(const std::vector<double>& rows, std::size_t width);
  // These rows followed by `more` (whole rows of `width`, row-major): every full chunk is shared with this one,
  // only the last, unfilled one is copied. For series whose rows never change once given (live mode's).
  SeriesRows appended(const std::vector<double>& more, std::size_t width) const;

 private:
  friend class LiveRun;
  std::size_t m_width = 0;
  std::size_t m_rows = 0;
  std::vector<std::shared_ptr<const Chunk>> m_chunks;
};

struct Snapshot {
  std::string variant;
  std::size_t buckets_done = 0;  // rows in `series`
  std::size_t total_buckets = 0;
  double simulated_seconds = 0;
  std::vector<std::string> columns;                      // as in timeseries.csv
  SeriesRows series;                                     // buckets_done rows, shared with other snapshots
  std::vector<std::pair<double, double>> fault_windows;  // [start, end) in seconds, merged
  MetricSet metrics;                                     // overall metrics so far (operations count once finished)
  MetricSet during_metrics;                              // the same for operations started during a fault
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

  // Simulates up to `buckets` more buckets (fewer at the end, or when interrupted).
  void simulate(std::size_t buckets);
  // The state so far (a bucket under way is not in it yet). Costs the chunks that changed since the last snapshot
  // and the metrics, so a caller that simulates fast takes one only when it will show it.
  std::shared_ptr<const Snapshot> snapshot();
  // simulate(buckets), then snapshot().
  std::shared_ptr<const Snapshot> advance(std::size_t buckets = 1);
  bool finished() const;
  std::size_t buckets_done() const;
  const Scenario& scenario() const { return *m_scenario; }

 private:
  std::shared_ptr<const Scenario> m_scenario;
  std::unique_ptr<Engine> m_engine;
  std::string m_variant;
  const std::atomic<bool>* m_interrupt;
  SeriesRows m_rows;  // the rows of the last snapshot, whose chunks the next one reuses
  std::shared_ptr<const Snapshot> m_last;
};

}  // namespace chaossim
