#pragma once
// What the cost model's files share (cost_model.cpp, cost_memory.cpp, cost_report.cpp): the call graph with its
// multipliers, the shape of the time series, and how inputs are written in messages. Not for use elsewhere.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/config.h"
#include "scenario/cost_bounds.h"
#include "scenario/cost_model.h"

namespace chaossim::cost {

// The figures every term is computed from.
struct RunShape {
  const Scenario& s;
  LoadTimeline load;
  bool closed = false;
  double seconds = 0;  // the run's duration
  double clients = 0;
};

// The call graph with a multiplier per edge: requests caused below one request to each service, requests reaching
// each service per operation, and the chain that causes the most.
struct Fanout {
  double submissions = 1;  // per operation: the first, a double click, a resubmit
  std::vector<double> below, reach;
  double per_operation = 0;
  std::vector<std::uint32_t> chain_edges;  // the worst chain from the clients down
};

// Calls `f(edge, calls)` for every call a handler may make: each call step's `count` calls, and the one call of its
// compensation.
template <class F>
void each_call(const ServiceConfig& svc, F&& f) {
  for (const Step& step : svc.handler) {
    if (step.kind != Step::Kind::call) continue;
    f(step.index, static_cast<double>(step.count));
    if (step.compensate != Step::kNone) f(step.compensate, 1.0);
  }
}

// `per_edge`: the requests one call over each edge can send (attempts × deliveries).
Fanout fan_out(const Scenario& s, const std::vector<double>& per_edge);

double series_columns(const Scenario& s);
double buckets(const Scenario& s);

// The memory parts of a run and their sum (cost_memory.cpp).
std::vector<MemoryPart> memory_parts(const RunShape& run, const Term& operations, const Fanout& fan);
Term memory_term(const std::vector<MemoryPart>& parts);

constexpr double kSeriesCellBytes = 8;
// A run's peak holds its series about 3.5 times (the recorder, its RunResult, the aggregate and the text written):
// measured 1.07 GB for 320 MB of series (64 services, 100,000 buckets). Each further replication of the same
// configuration keeps about two more until the batch ends (2.33 GB for three).
constexpr double kSeriesCopiesPerRun = 3.5;
constexpr double kSeriesCopiesPerFinishedRun = 2;

// A number as a user writes it in a scenario: "1000000", "0.25".
std::string format_input(double value);

}  // namespace chaossim::cost
