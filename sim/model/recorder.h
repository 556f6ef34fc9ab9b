#pragma once
// What a run counts, kept in two shapes:
// - phase totals (overall after warmup, before / during / after the faults) that become summary metrics, and
// - a time series with one row per bucket, warmup included.
// Operation-level figures (ops, outcomes, attempts per operation, effects per operation, latency) are attributed
// to the phase in which the operation started and added when it is finalised, so ratios such as amplification
// and duplicates per operation are exact over one population. Everything else is counted when it happens.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/histogram.h"
#include "core/time.h"
#include "model/config.h"
#include "model/series_columns.h"

namespace chaossim {

enum Phase : std::uint8_t { kOverall = 0, kBefore = 1, kDuring = 2, kAfter = 3, kPhases = 4 };
using PhaseMask = std::uint8_t;  // bit p set when the phase p applies

// How a call, and so an operation, ended.
enum class CallEnd : std::uint8_t { ok, degraded, failed };

// What one operation adds to the phase totals when it is finalised (simulated or live: both count it this way).
struct FinishedOperation {
  PhaseMask phases = 0;      // the phases it started in
  bool has_outcome = false;  // false: still running at the end of the run (counted as unfinished)
  Instant start, end;        // when it started, and when it had its outcome
  CallEnd outcome = CallEnd::failed;
  Criticality criticality = Criticality::normal;
  std::uint32_t attempts = 0, retries = 0, timeouts = 0;
};

struct ServiceTotals {
  std::uint64_t requests = 0, shed = 0, wasted = 0, queue_max = 0, overloaded = 0, limited = 0;
  std::uint64_t cancelled = 0;   // dropped from the queue or stopped because their caller gave up
  double busy_ns = 0;            // worker-nanoseconds spent holding requests
  double processor_busy_ns = 0;  // processor-nanoseconds spent on work steps
};

// Per instance, in the engine's order (each service's instances together, in the scenario's order).
struct InstanceTotals {
  std::uint64_t requests = 0;
  std::uint64_t ejections = 0;  // by the outlier detection of any edge
  double busy_ns = 0;           // worker-nanoseconds spent holding requests
};

struct EdgeTotals {
  std::uint64_t calls = 0, attempts = 0, timeouts = 0;
  std::uint64_t hedges = 0, hedge_wins = 0;  // copies of slow first attempts sent, and those that answered first
};

struct PhaseTotals {
  double seconds = 0;  // length of the phase within the run
  // operation-level
  std::uint64_t ops = 0, succeeded = 0, failed = 0, degraded = 0, unfinished = 0;
  std::uint64_t attempts = 0, retries = 0, timeouts = 0, inconsistent = 0;
  // Of the operations with an outcome: the first start and the last outcome, seconds into the run (the makespan of
  // a finite workload is their difference).
  double first_start = HUGE_VAL, last_outcome = -HUGE_VAL;
  LatencyHistogram latency;
  // Per Criticality: operations with an outcome and those that succeeded (only when clients declare a mix).
  std::array<std::uint64_t, kCriticalities> criticality_ops{}, criticality_succeeded{};
  std::vector<std::uint64_t> effect_executed, effect_duplicates, effect_ops_duplicated;
  // event-level
  std::uint64_t breaker_rejections = 0, budget_denied = 0, throttle_rejections = 0, limit_rejections = 0;
  double breaker_open_seconds = 0;  // summed over edges, each as the mean over its breaker instances
  double error_seconds = 0;         // the length of the buckets in which at least one operation failed
  std::uint64_t outlier_ejections = 0;
  // Idempotency: requests that took over a lease its holder had overrun, effects refused by fencing, requests whose
  // key was stored for another payload (answered 422, or with that other request's reply).
  std::uint64_t lease_takeovers = 0, fenced = 0, payload_rejections = 0, wrong_replies = 0;
  // Sagas: compensating calls started after a later step failed, and those that failed themselves.
  std::uint64_t compensations = 0, compensations_failed = 0;
  std::uint64_t conflicts = 0;  // writes refused: the record changed since the request read it (answered 409)
  // Instances the health checkers took out of rotation while their check's condition failed, and the lags from
  // the start of that condition, summed.
  std::uint64_t health_detections = 0;
  double health_detection_seconds = 0;
  std::vector<ServiceTotals> services;
  std::vector<EdgeTotals> edges;
  std::vector<InstanceTotals> instances;
};

// Names and layout of the time-series columns (declared in model/series_columns.h). The run-wide indexes are
// the series::RunColumn constants; they are kept as members so that code holding a layout reads `l.ops`.
struct SeriesLayout {
  std::vector<std::string> names;
  std::size_t ops = series::kOpsStarted, attempts = series::kAttempts, retries = series::kRetries,
              succeeded = series::kOpsSucceeded, failed = series::kOpsFailed, degraded = series::kOpsDegraded,
              timeouts = series::kTimeouts, duplicates = series::kDuplicates, latency_p50 = series::kLatencyP50,
              latency_p99 = series::kLatencyP99, breaker_open_share = series::kBreakerOpenShare,
              breaker_rejections = series::kBreakerRejections, budget_denied = series::kBudgetDenied;
  std::size_t effects = 0;   // first column of the effect groups: series::kEffectColumns per effect
  std::size_t services = 0;  // first column of the service groups: kServiceColumns per service
  std::size_t edges = 0;     // first column of the edge groups: kEdgeColumns per edge
  // Per service, the first column of its instances' groups (kInstanceColumns per instance), or kNoColumns for a
  // service of one instance, whose service columns say it all.
  std::vector<std::size_t> instance_groups;
  static constexpr std::size_t kNoColumns = static_cast<std::size_t>(-1);
  static constexpr std::size_t kServiceColumns = series::kServiceColumns;
  static constexpr std::size_t kEdgeColumns = series::kEdgeColumns;

  // The column of one effect, service or edge (its index in the scenario).
  std::size_t effect(std::size_t e, series::EffectColumn c) const { return effects + e * series::kEffectColumns + c; }
  std::size_t service(std::size_t s, series::ServiceColumn c) const { return services + s * kServiceColumns + c; }
  std::size_t edge(std::size_t e, series::EdgeColumn c) const { return edges + e * kEdgeColumns + c; }
  bool has_instances(std::size_t s) const { return instance_groups[s] != kNoColumns; }
  std::size_t instance(std::size_t s, std::uint32_t ordinal, series::InstanceColumn c) const {
    return instance_groups[s] + ordinal * series::kInstanceColumns + c;
  }
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

  // Whether an operation that ran effect e `effects[e]` times (n effects) left something done: an effect that ran
  // more often than the effects undoing it.
  template <class Count>
  bool left_an_effect(const Count* effects, std::size_t n) const {
    for (std::size_t e = 0; e < n; ++e) {
      if (effects[e] == 0 || (m_has_undo && m_undoes[e] != Step::kNone)) continue;
      std::int64_t left = effects[e];
      for (std::size_t u = 0; m_has_undo && u < n; ++u) left -= m_undoes[u] == e ? effects[u] : 0;
      if (left > 0) return true;
    }
    return false;
  }

  // Adds a finalised operation and its effect counts (`effects[e]`: times effect e ran for it, n effects).
  template <class Count>
  void add_operation(const FinishedOperation& o, const Count* effects, std::size_t n) {
    const bool any_effect = left_an_effect(effects, n);
    each(o.phases, [&](PhaseTotals& p) {
      if (!o.has_outcome) {
        ++p.unfinished;
      } else {
        ++p.ops;
        p.first_start = std::min(p.first_start, o.start.seconds_f());
        p.last_outcome = std::max(p.last_outcome, o.end.seconds_f());
        p.attempts += o.attempts;
        p.retries += o.retries;
        p.timeouts += o.timeouts;
        const auto criticality = static_cast<std::size_t>(o.criticality);
        ++p.criticality_ops[criticality];
        p.criticality_succeeded[criticality] += o.outcome == CallEnd::ok;
        p.succeeded += o.outcome == CallEnd::ok;
        p.degraded += o.outcome == CallEnd::degraded;
        p.failed += o.outcome == CallEnd::failed;
        // An operation that failed with something done and not undone left the system inconsistent.
        p.inconsistent += o.outcome == CallEnd::failed && any_effect;
      }
      for (std::size_t e = 0; e < n; ++e) {
        p.effect_executed[e] += effects[e];
        p.effect_duplicates[e] += effects[e] > 1 ? effects[e] - 1u : 0u;
        p.effect_ops_duplicated[e] += effects[e] > 1;
      }
    });
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
  std::vector<std::uint32_t> m_undoes;  // Scenario::effect_undoes
  bool m_has_undo = false;
};

}  // namespace chaossim
