#pragma once
// Upper bounds on everything a scenario can ask for. "Put a limit on everything": absurd input gets a clear
// message from the loader instead of exhausting memory or running for ever. The JSON Schema
// (scenarios/schema/chaossim.schema.json) states the same numbers; tests check that the two agree.

#include <cstddef>
#include <cstdint>

#include "core/time.h"

namespace chaossim::limits {

// Input text. A real scenario is a few KiB; the cap keeps the position index and the parse tree small.
inline constexpr std::size_t kMaxFileBytes = 1 << 20;  // 1 MiB
inline constexpr int kMaxNesting = 64;                 // arrays and objects inside each other
inline constexpr std::size_t kMaxErrors = 100;         // reported per load; the rest are summarised

// Strings.
inline constexpr std::int64_t kMaxNameChars = 64;  // service, effect, fault, variant and scenario names
inline constexpr std::int64_t kMaxTitleChars = 200;
inline constexpr std::int64_t kMaxDescriptionBytes = 64 * 1024;
inline constexpr std::int64_t kMaxTags = 32;
inline constexpr std::int64_t kMaxTagChars = 64;
inline constexpr std::int64_t kMaxMetricChars = 200;
inline constexpr std::int64_t kMaxTextChars = 1024;     // any other free string, e.g. "$schema"
inline constexpr std::int64_t kMaxLiveBodyFields = 32;  // live.request.body

// Time.
inline constexpr Duration kMaxDuration = Duration::seconds(30LL * 24 * 3600);  // 30 days of simulated time
inline constexpr std::int64_t kMaxBuckets = 100'000;                           // duration / bucket

// Load. Expected operations bound the total work of one run (scenario/cost_model.h): the rate integrated over the
// profile and the load faults for open loops; for closed loops, per client, the fewest cycles the think time's
// distribution allows: its support and quantiles, not only its mean, so a heavy tail cannot hide the work.
inline constexpr std::int64_t kMaxClients = 1'000'000;
inline constexpr double kMaxRate = 1'000'000;  // operations per second
inline constexpr double kMaxExpectedOperations = 1e9;
inline constexpr std::int64_t kMaxProfilePoints = 1'000;
inline constexpr double kMaxMultiplier = 1'000;  // profile multipliers, load and slowdown factors

// System size.
inline constexpr std::int64_t kMaxServices = 256;
inline constexpr std::int64_t kMaxEdges = 1'024;  // keys of "edges"
inline constexpr std::int64_t kMaxWorkers = 100'000;
inline constexpr std::int64_t kMaxInstances = 1'000;  // per service
inline constexpr Duration kMinHealthInterval = Duration::milliseconds(10);
inline constexpr std::int64_t kMaxHealthThreshold = 1'000;  // probes in a row; consecutive 5xx of outlier detection
inline constexpr std::int64_t kMaxQueueCapacity = 10'000'000;
inline constexpr std::int64_t kMaxHandlerSteps = 64;
inline constexpr std::int64_t kMaxEffects = 32;  // distinct effect names
// Contention: how much longer work gets per other request. 10 already makes a step with one neighbour 11 times
// longer; beyond it the number only says "never finishes".
inline constexpr double kMaxContentionPerRequest = 10;

// Strategies.
inline constexpr std::int64_t kMaxAttempts = 100;
inline constexpr std::int64_t kMaxCallCount = 1'000;  // fan-out of one call step
inline constexpr std::int64_t kMaxHedges = 10;        // copies of one call beyond its first attempt
// Requests one operation can cause in the worst case: every attempt of every call at every layer. Retries
// multiply down a call chain (3 layers of 10 attempts are 1000 requests), so this bounds a run's work as much as
// the operation count does.
// Duplicate deliveries of `duplicate_request` faults, double clicks and resubmits multiply it too.
inline constexpr double kMaxFanOut = 10'000;
inline constexpr double kMaxBackoffMultiplier = 100;
inline constexpr double kMaxTokens = 1'000'000;            // retry budget tokens, ratio floor per second
inline constexpr std::int64_t kMaxBreakerCalls = 100'000;  // window size, min_calls, failures, half_open_calls
inline constexpr std::int64_t kMaxConcurrent = 1'000'000;  // bulkhead
inline constexpr double kMaxThrottleK = 100;               // adaptive throttling: a larger K never throttles

// Distributions: a larger spread only produces samples that saturate at "never".
inline constexpr double kMaxSigma = 10;  // lognormal
inline constexpr double kMaxParetoShape = 100;
inline constexpr double kMaxWeibullShape = 100;
// Mixtures: components per mixture, and mixtures inside mixtures (a mixture at the top is depth 1).
inline constexpr std::int64_t kMaxMixtureComponents = 16;
inline constexpr std::int64_t kMaxMixtureDepth = 4;
// Distributions that are not mixtures, counted through every level of one mixture: the cost bounds evaluate each
// at thousands of thresholds, so 16 components 4 deep (65,536) would take seconds to load.
inline constexpr std::int64_t kMaxMixtureLeaves = 64;
inline constexpr double kMaxMixtureWeight = 1e6;  // weights are relative; this keeps their sum finite
// Empirical distributions: samples per distribution, and the size of a file of samples.
inline constexpr std::int64_t kMaxEmpiricalSamples = 100'000;
inline constexpr std::size_t kMaxSampleFileBytes = 4 << 20;  // 4 MiB

// Timeline, assertions and runs.
inline constexpr std::int64_t kMaxFaults = 1'000;
inline constexpr std::int64_t kMaxExpectations = 256;
// Operations a run keeps traces of, for each reason (trace.max): each is written out in full, twice.
inline constexpr std::int64_t kMaxTracesPerReason = 1'000;
inline constexpr std::int64_t kMaxVariants = 64;
inline constexpr std::int64_t kMaxOverrides = 256;  // paths per variant
inline constexpr std::int64_t kMaxSweepAxes = 8;
inline constexpr std::int64_t kMaxSweepValues = 100;     // per axis
inline constexpr std::int64_t kMaxSweepPoints = 10'000;  // product over all axes

// The cost model (scenario/cost_model.h): bounds on what a run, and a batch of runs, may cost. The schema cannot
// state these: they are products of many keys.
// Requests of one run: expected operations x the worst-case requests of one operation. The engine was measured at
// about a million requests per second and core, so 1e10 is a few hours of one core in that worst case.
inline constexpr double kMaxRequests = 1e10;
// Peak memory of one run, or of the runs a batch holds at once: the time series, live idempotency keys, per-client
// strategy state and work in flight. Most laptops have a few times this to spare.
inline constexpr double kMaxMemoryBytes = 2e9;
// Bytes a run, or a batch, writes (timeseries.csv dominates: buckets x columns); reports read it back.
inline constexpr double kMaxOutputBytes = 1e9;
// A batch (configurations x replications) may do this many times the work of one run: it runs on every core.
inline constexpr double kMaxBatchWorkFactor = 10;

}  // namespace chaossim::limits
