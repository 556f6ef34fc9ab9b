#pragma once
// Turns a finished run into the named metrics of the results contract, evaluates expectations and detects
// recovery. Names are stable: they are what users write in `expect` and what reports and CI read.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/histogram.h"
#include "model/config.h"
#include "model/recorder.h"
#include "model/trace.h"

namespace chaossim {

class Engine;

// An ordered list of (name, value): the order is the order of the results contract, so files are stable. A value
// is NaN where the metric is undefined in that run or phase (a success rate without operations, a percentile of no
// successful operation, recovery when no fault ends): files write it as null or an empty cell, never as 0.
struct MetricSet {
  std::vector<std::pair<std::string, double>> values;
  void add(std::string name, double v) { values.emplace_back(std::move(name), v); }
  const double* find(std::string_view name) const;
};

struct ExpectationResult {
  Expectation expectation;
  double measured = 0.0;  // NaN when the metric is undefined in the run: the expectation then fails
  bool found = false;
  bool passed = false;
};

struct RunResult {
  std::string scenario;
  std::string variant = "baseline";
  std::uint64_t seed = 0;
  MetricSet phases[kPhases];  // overall, before, during, after
  std::vector<ExpectationResult> expectations;
  std::vector<std::string> series_columns;
  std::vector<double> series;  // rows x columns
  // The latency of successful operations per phase, so that percentiles over replications come from all their
  // operations together instead of an average of percentiles.
  LatencyHistogram latency[kPhases];
  std::uint64_t events = 0;
  std::shared_ptr<const TraceSet> traces;  // when the run recorded traces (model/trace_recorder.h)
  bool passed() const;
  const MetricSet& metrics() const { return phases[kOverall]; }
};

// Recovery after the last fault that ends before the run does (see docs/scenario-format.md); nullopt when no
// fault ends before the run does, so there is nothing to recover from.
struct Recovery {
  bool recovered = true;
  double seconds = 0.0;
};
std::optional<Recovery> detect_recovery(const Scenario& s, const Recorder& rec);

// The latency metrics (latency.mean … latency.max, in seconds) of a histogram: undefined (NaN) when it is empty.
void add_latency_metrics(MetricSet& m, const LatencyHistogram& h);
inline bool is_latency_metric(std::string_view name) { return name.starts_with("latency."); }

MetricSet metrics_for_phase(const Scenario& s, const Recorder& rec, Phase phase);
RunResult summarize(const Engine& engine, std::string variant);
std::vector<ExpectationResult> evaluate(const std::vector<Expectation>& expect, const MetricSet (&phases)[kPhases]);
const char* op_symbol(Expectation::Op op);
const char* phase_name(Expectation::Phase p);
const char* role_name(Expectation::Role r);

}  // namespace chaossim
