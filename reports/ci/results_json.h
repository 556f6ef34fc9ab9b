#pragma once
// results.json: everything a CI job or a notebook needs from one run or sweep in one file — what ran (scenario,
// seed, replications, overrides, a sweep's axes), whether it is complete, the outcome, and per configuration its
// summary (metrics, 95% confidence half-widths, phases, expectations, the same fields as its summary.json), a sweep
// point's values, and the command that reproduces it. Written into the results folder beside manifest.json.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "writers.h"

namespace chaossim {

struct ResultsJsonConfig {
  std::string name;
  const Aggregate* result = nullptr;  // nullptr: did not finish
  std::string reproduce;
  nlohmann::ordered_json values = nullptr;  // a sweep point's values by swept path; null for a run's variants
};

// What results.json keeps of one configuration: enough to decide the outcome, and its entry as compact JSON text,
// so that a sweep of 10,000 points holds text while it runs rather than its aggregates.
struct ResultsJsonEntry {
  std::string name;
  bool finished = false, passed = false, checked = false;
  std::string json;  // one line; empty when not finished
};
ResultsJsonEntry results_json_entry(const ResultsJsonConfig& config);

struct ResultsJsonRun {
  std::string scenario;
  std::uint64_t seed = 0;
  std::size_t replications = 1;
  std::vector<std::string> sets, expects;
  std::vector<ResultsJsonConfig> configs;
  std::vector<std::string> axes;  // a sweep's swept paths, in order; empty for a run
};

// "passed" (every expectation holds), "failed", "interrupted", or "unchecked" (it finished, and no configuration
// stated an expectation: nothing could fail).
std::string run_outcome(const std::vector<ResultsJsonConfig>& configs);
std::string run_outcome_of(const std::vector<ResultsJsonEntry>& entries);

std::string results_json(const ResultsJsonRun& run);
// The same from entries made as the configurations finished (`run.configs` is not read): the top level is
// indented, each configuration is one line.
std::string results_json(const ResultsJsonRun& run, const std::vector<ResultsJsonEntry>& entries);

}  // namespace chaossim
