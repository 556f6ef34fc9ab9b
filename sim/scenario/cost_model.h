#pragma once
// What a run will cost, estimated from the resolved scenario before anything runs: its work (operations, and the
// requests they can cause), its peak memory and the bytes it writes. The loader refuses a scenario whose estimate
// is over a limit (scenario/limits.h), naming the term, what it is made of and the input to change; `chaossim
// validate` prints the estimate; batches multiply it by configurations, replications and concurrent jobs.
//
// Every figure is an upper bound on what a run can be expected to cost, never a mean a heavy tail could fool:
// operations of closed loops are bounded by the think time's quantiles (scenario/cost_bounds.h), requests per
// operation by the worst case where every attempt fails and every multiplier is at its maximum. Memory and output
// are estimates of the engine's largest structures, sized from its layout. docs/scenario-format.md, section 14,
// describes each term for users.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/config.h"

namespace chaossim::cost {

// The input a term depends on most, so that a refusal can point at it in the file.
struct Input {
  enum class Kind : std::uint8_t {
    none,
    duration,
    bucket,
    rate,          // clients.arrival.rate
    think_time,    // clients.arrival.think_time
    clients,       // clients.count
    double_click,  // clients.double_click.probability
    resubmit,      // clients.resubmit.probability
    attempts,      // retry.max_attempts of edge `index`
    breaker,       // circuit_breaker of edge `index`
    budget,        // retry.budget of edge `index`
    handler,       // handler of service `index`
    workers,       // workers of service `index`
    idempotency,   // idempotency.ttl of service `index`
    fault,         // fault `index`
  };
  Kind kind = Kind::none;
  std::uint32_t index = 0;
  bool operator==(const Input&) const = default;
};

// One bounded quantity of a run.
struct Term {
  std::string noun;         // "operations", "requests", "bytes of memory", ...
  double value = 0;         // the estimate
  double limit = 0;         // what is allowed
  bool bytes = false;       // shown as "12 MB" rather than "1.2e7"
  std::string explanation;  // what the value is made of: "1000000 ops/s × 1000 s"
  Input blame;              // the input to change first
  std::string advice;       // "lower the load or shorten the duration"
  // Over by more than rounding: a duration read in nanoseconds makes 1000 s × 1e6 ops/s a hair above 1e9.
  bool over() const { return value > limit * (1 + 1e-9); }
};

// One part of the memory estimate.
struct MemoryPart {
  std::string explanation;  // "100000 buckets × 3600 columns × 8 bytes (time series)"
  double bytes = 0;
  Input blame;
};

struct Estimate {
  Term operations;              // expected operations of the run
  Term requests_per_operation;  // worst case: every attempt fails, every multiplier at its maximum
  Term requests;                // operations × requests per operation
  Term memory;                  // peak bytes
  Term output;                  // bytes written
  std::vector<MemoryPart> memory_parts;
  double series_bytes = 0;  // the time series alone: what a finished run keeps until its configuration is written
  // The terms in the order a refusal reports them.
  std::vector<const Term*> terms() const { return {&operations, &requests_per_operation, &requests, &memory, &output}; }
};

// The estimate of one run. The scenario must be valid apart from its cost (the loader calls this last).
Estimate estimate_run(const Scenario& s);

// The terms over their limits, each once: the requests term is left out when operations or requests per
// operation already explain it.
std::vector<const Term*> refusals(const Estimate& e);

// "about 2.0e13 requests: 1.0e9 operations × up to 9999 requests each (...); at most 1e10 are allowed per run,
// so lower ..."
std::string refusal_message(const Term& t, const std::string& scope = "per run");

// "about 1.2e5 operations, 3.4e5 requests, 12 MB, 1.1 MB output", for `chaossim validate`.
std::string summary(const Estimate& e);

// The cost of a batch: every scenario (a variant or sweep point) run `replications` times on `jobs` threads (0: all
// cores). Work adds up over runs; memory is what the runs held at once take; output adds up over configurations.
// Returns the message of the first term over its batch limit, or nothing when the batch is affordable.
std::optional<std::string> check_batch_cost(const std::vector<const Scenario*>& scenarios, std::size_t replications,
                                            unsigned jobs);

// Numbers as the estimate shows them: two significant digits, "120", "4.5e6"; an integral limit as "1e9".
std::string format_count(double value);
std::string format_bytes(double bytes);  // "12 MB", "4.1 GB"

}  // namespace chaossim::cost
