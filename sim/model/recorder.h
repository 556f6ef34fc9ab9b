#pragma once
// What a run counts, kept in two shapes:
// - phase totals (overall after warmup, before / during / after the faults) that become summary metrics, and
// - a time series with one row per bucket, warmup included.
// Operation-level figures (ops, outcomes, attempts per operation, effects per operation, latency) are attributed
// to the phase in which the operation started and added when it is finalised, so ratios such as amplification
// and duplicates per operation are exact over one population. Everything else is counted when it happens.

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"
#include "core/histogram.h"
#include "model/config.h"

namespace chaossim {

enum Phase : std::uint8_t { kOverall = 0, kBefore = 1, kDuring = 2, kAfter = 3, kPhases = 4 };
using PhaseMask = std::uint8_t;  // bit p set when the phase p applies

struct ServiceTotals {
  std::uint64_t requests = 0, shed = 0, wasted = 0, queue_max = 0;
  double busy_ns = 0;  // worker-nanoseconds spent holding requests
};

struct EdgeTotals {
  std::uint64_t calls = 0, attempts = 0, timeouts = 0;
};

struct PhaseTotals {
  double seconds = 0;  // length of the phase within the run
  // operation-level
  std::uint64_t ops = 0, succeeded = 0, failed = 0, degraded = 0, unfinished = 0;
  std::uint64_t attempts = 0, retries = 0, timeouts = 0, inconsistent = 0;
  LatencyHistogram latency;
  std::vector<std::uint64_t> effect_executed, effect_duplicates, effect_ops_duplicated;
  // event-level
  std::uint64_t breaker_rejections = 0, budget_denied = 0;
  double breaker_open_seconds = 0;  // summed over edges, each as the mean over its breaker instances
  std::vector<ServiceTotals> services;
  std::vector<EdgeTotals> edges;
};

// Names and layout of the time-series columns.
struct SeriesLayout {
  std::vector<std::string> names;
  std::size_t ops = 0, attempts = 0, retries = 0, succeeded = 0, failed = 0, degraded = 0, timeouts = 0,
              duplicates = 0, latency_p50 = 0, latency_p99 = 0, breaker_open_share = 0, breaker_rejections = 0,
              budget_denied = 0;
  std::size_t effects = 0;   // 2 per effect: executed, duplicates
  std::size_t services = 0;  // kServiceColumns per service
  std::size_t edges = 0;     // kEdgeColumns per edge
  static constexpr std::size_t kServiceColumns = 6;  // requests, queue, queue_max, utilization, shed, wasted
  static constexpr std::size_t kEdgeColumns = 2;     // attempts, breaker_open_share
};

SeriesLayout make_series_layout(const Scenario& s);

class Recorder {
 public:
  explicit Recorder(const Scenario& scenario);

  PhaseTotals& phase(Phase p) { return m_phases[p]; }
  const PhaseTotals& phase(Phase p) const { return m_phases[p]; }
  const SeriesLayout& layout() const { return m_layout; }
  std::size_t buckets() const { return m_buckets; }
  const std::vector<double>& series() const { return m_series; }
  double& cell(std::size_t bucket, std::size_t column) { return m_series[bucket * m_layout.names.size() + column]; }
  double cell(std::size_t bucket, std::size_t column) const {
    return m_series[bucket * m_layout.names.size() + column];
  }

  // The current bucket's row, for counting events as they happen.
  double* row() { return m_row; }
  void set_bucket(std::size_t b) {
    m_bucket = b < m_buckets ? b : m_buckets - 1;
    m_row = &m_series[m_bucket * m_layout.names.size()];
  }
  std::size_t bucket() const { return m_bucket; }

  // Adds to a per-phase counter for every phase in `mask`.
  template <class F>
  void each(PhaseMask mask, F&& f) {
    for (int p = 0; p < kPhases; ++p)
      if (mask & (1u << p)) f(m_phases[p]);
  }

  // Latency of one successful operation completing now.
  void record_bucket_latency(Duration d) { m_bucket_latency.record(d.ns); }
  // Closes the current bucket's latency percentiles.
  void close_bucket_latency();

 private:
  SeriesLayout m_layout;
  std::size_t m_buckets;
  std::vector<double> m_series;
  double* m_row = nullptr;
  std::size_t m_bucket = 0;
  PhaseTotals m_phases[kPhases];
  LatencyHistogram m_bucket_latency;
};

}  // namespace chaossim
