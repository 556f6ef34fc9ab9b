#pragma once
// results.json: everything a CI job or a notebook needs from one run in one file — what ran (scenario, seed,
// replications, overrides), whether it is complete, the outcome, and per configuration its summary (metrics, 95%
// confidence half-widths, phases, expectations, the same fields as its summary.json) and the command that reproduces
// it. Written into the results folder beside manifest.json.

#include <cstdint>
#include <string>
#include <vector>

#include "writers.h"

namespace chaossim {

struct ResultsJsonConfig {
  std::string name;
  const Aggregate* result = nullptr;  // nullptr: did not finish
  std::string reproduce;
};

struct ResultsJsonRun {
  std::string scenario;
  std::uint64_t seed = 0;
  std::size_t replications = 1;
  std::vector<std::string> sets, expects;
  std::vector<ResultsJsonConfig> configs;
};

// "passed" (every expectation holds), "failed", "interrupted", or "unchecked" (it finished, and no configuration
// stated an expectation: nothing could fail).
std::string run_outcome(const std::vector<ResultsJsonConfig>& configs);

std::string results_json(const ResultsJsonRun& run);

}  // namespace chaossim
