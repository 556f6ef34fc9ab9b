#pragma once
// What a live run measures, kept in the engine's Recorder (model/recorder.h) so that the summary, the time series
// and the expectations are computed by the same code as a simulated run's (metrics/summary.h): phase totals for
// summary.json and one row per bucket for timeseries.csv, with the same columns.
//
// As in the engine, operation-level figures (outcome, attempts, effects per operation, latency) go to the phases in
// which the operation started and are added when it is finalised; everything else is counted when it happens.

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"
#include "metrics/summary.h"
#include "model/config.h"
#include "model/fault_phases.h"
#include "model/recorder.h"

namespace chaossim::live {

enum class Outcome : std::uint8_t { none, ok, degraded, failed };

struct OperationRecord {
  Instant start;
  PhaseMask phases = 0;
  Outcome outcome = Outcome::none;
  std::uint32_t attempts = 0, retries = 0, timeouts = 0;
  Instant end;  // when it had its outcome
};

class LiveMetrics {
 public:
  explicit LiveMetrics(const Scenario& s);

  // The phases `now` is in (none during warmup), as the engine's phase mask.
  PhaseMask mask(Instant now) const;
  const FaultPhases& phases() const { return m_phases; }
  // The current bucket's cell of `column`; moves the recorder on to the bucket of `now` first.
  double& cell(Instant now, std::size_t column);
  template <class F>
  void each(Instant now, F&& f) {
    m_rec.each(mask(now), f);
  }

  // A new logical operation; returns its number (the index into operations()).
  std::uint32_t begin_operation(Instant now);
  OperationRecord& operation(std::uint32_t op) { return m_ops[op]; }
  void end_operation(Instant now, std::uint32_t op, Outcome outcome);
  std::size_t operations() const { return m_ops.size(); }

  // An effect ran for operation `op` (or for an operation no client of this run started, when op is absent).
  void on_effect(Instant now, std::size_t effect, bool duplicate);
  // The executions of each effect for one operation, known when the run ends (from the ledgers).
  void add_operation_effects(std::uint32_t op, const std::vector<std::uint32_t>& executed);
  // A share of a breaker's open time: [from, to) counted `weight` times (1 / instances of its edge).
  void add_breaker_open(Instant from, Instant to, double weight);

  // Moves the time series on to the bucket of `now`, closing the buckets before it: a quiet second ends too.
  void advance(Instant now);
  // The recorder with the operations finished so far added, as the engine counts an operation once it finishes:
  // what the dashboard's cards show while a live run goes on. `effects[op]`, when not null, is what the ledgers
  // have counted for operation op up to now. A copy: the run's own recorder is left as it is.
  Recorder finished_so_far(const std::vector<const std::vector<std::uint32_t>*>& effects) const;
  // Closes the run at `end`: the last buckets, the operations still open (unfinished) and their effects.
  void finish(Instant end);
  // The results of the run, computed as for a simulated one.
  RunResult result(const std::string& variant, std::uint64_t seed) const;
  const Recorder& recorder() const { return m_rec; }

 private:
  const Scenario& m_s;
  Recorder m_rec;
  FaultPhases m_phases;  // the engine's phases: the same windows, mask and lengths (model/fault_phases.h)
  std::vector<OperationRecord> m_ops;
  std::vector<std::vector<std::uint32_t>> m_op_effects;
  bool m_finished = false;
};

}  // namespace chaossim::live
