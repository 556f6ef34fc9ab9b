#pragma once
// Traces: what happened to one operation, span by span, as the engine recorded it (model/trace_recorder.h chooses
// which operations). Plain data by index into the scenario (services, edges, effects, faults); the writers of
// reports/traces/ give them names and export them (Perfetto JSON, OTLP JSON).
//
// A trace is a tree of spans under the operation's root span: the client's calls (a submission, a double click,
// a resubmit), each call's attempts and backoff waits, and for each request that reached a service its queueing,
// its work and its own downstream calls. Marks are instants on a span: an effect, a fault that touched it, an
// idempotency store's answer, a breaker's or a budget's decision, a reply lost. A request's reply leaves at the
// request's end with the request's status, unless a mark on it says it was lost, not sent (its caller had given
// up), or never made (hung, killed); an attempt ends when its reply arrives, or when it times out.

#include <cstdint>
#include <vector>

#include "core/time.h"

namespace chaossim {

// Which operations to record in full, and how many (the scenario's `trace` block).
struct TraceConfig {
  enum Keep : std::uint8_t {
    kDuplicated = 1,    // an effect ran more than once
    kFailed = 2,        // the user saw a failure
    kInconsistent = 4,  // the user saw a failure although an effect ran
    kSlowest = 8,       // the longest wait for an outcome
  };
  bool enabled = false;
  double sample = 0.001;  // share of operations kept at random (seeded; the first `max` drawn)
  // `slowest` is not in the default: it needs every operation recorded while it runs, which costs about a fifth
  // of a run's time (bench/trace_bench.cpp); the others stop recording once their quotas are full.
  std::uint8_t keep = kDuplicated | kFailed | kInconsistent;
  std::uint32_t max = 10;  // operations kept for each reason
  bool operator==(const TraceConfig&) const = default;
};

// Why an operation was kept (bits). `kSampled` is the seeded random sample.
inline constexpr std::uint8_t kTraceSampled = 16;

inline constexpr std::uint32_t kNoSpan = 0xffffffffu;

enum class SpanKind : std::uint8_t {
  operation,  // the root: from the user's click to the last thing done for it
  call,       // one logical request over an edge (all its attempts)
  attempt,    // one try: the caller waits for a reply until its timeout
  backoff,    // the wait before the next attempt
  request,    // at the callee: from arrival to the reply (or its end without one)
  queue,      // waiting for a worker
  work,       // a work step on a worker
};

// What started a call from the client: the user's click, a second click, or a resubmit after a failure.
enum class CallRole : std::uint8_t { none, first, double_click, resubmit, hedge };

enum class MarkKind : std::uint8_t {
  effect,               // index: effect; duplicate when it ran before for this operation
  request_lost,         // index: fault
  request_copied,       // a duplicate_request fault sent the request twice; index: fault
  delayed,              // a latency fault added to a message (on an attempt: its request; a request: its reply)
  reply_lost,           // index: fault
  reply_not_sent,       // the caller had given up on the attempt, so its reply would be ignored
  timed_out,            // the attempt's timeout fired
  breaker_open,         // the breaker refused the attempt
  throttled,            // the client-side throttle refused the attempt
  bulkhead_full,        // the bulkhead refused the call
  budget_denied,        // the retry budget refused a retry
  gave_up,              // no retry: not retryable, attempts exhausted, or the deadline would pass
  store_hit,            // the idempotency store had the reply: answered without running the handler; status
  store_in_flight,      // the key is being handled: status 409, or 0 when the request waits for the first
  store_miss,           // the key is new: the handler runs
  store_unavailable,    // a store outage: index fault; status 503 when it fails closed
  fault_error,          // an error fault chose the reply; index: fault, status
  slowed,               // a slowdown fault stretched the work; index: fault
  refused,              // the service was down (crash): connection refused
  hung,                 // a hang fault: accepted and never answered; index: fault
  shed,                 // the queue shed it (full, waited too long, or its caller had given up)
  killed,               // a crash took it
  cancelled,            // its caller gave up and cancelled it (cancel_on_abandon): dropped from the queue or stopped
  limited,              // an adaptive concurrency limit refused the attempt (caller) or the request (service); status
  lease_expired,        // the key's in-flight lease had run out: this request took a new one and runs the handler
  store_other_payload,  // the key was stored for another request (another payload): status 422
  fenced,               // fencing refused the effect of a holder whose lease was taken over; index: effect, status 409
  conflict,             // a write found its record changed since the read; index: record, status 409
};

struct TraceMark {
  MarkKind kind = MarkKind::effect;
  std::uint32_t span = 0;  // the span it happened on (index in OperationTrace::spans)
  Instant at;
  std::uint32_t index = 0;  // effect or fault, as the kind says
  std::int16_t status = 0;  // as the kind says
  bool duplicate = false;   // effect: not the first execution for this operation
  bool operator==(const TraceMark&) const = default;
};

struct TraceSpan {
  SpanKind kind = SpanKind::operation;
  CallRole role = CallRole::none;
  bool cut = false;                     // still open when the operation was finalised (the run ended, or a crash)
  std::int16_t status = 0;              // attempt: the reply as the caller saw it; request: the status it answered
  std::uint32_t parent = kNoSpan;       // index in OperationTrace::spans
  std::uint32_t service = 0xffffffffu;  // where it happens: a service, or kClients for the operation's client
  std::uint32_t edge = 0;               // call, attempt, backoff, request: the edge
  std::uint32_t attempt = 0;            // attempt, backoff (the attempt it follows), request: attempt number
  std::uint64_t key = 0;                // call: the call's key; attempt, request: the key sent (0: none)
  Instant start, end;
  bool operator==(const TraceSpan&) const = default;
};

enum class TraceOutcome : std::uint8_t { ok, degraded, failed, unfinished };

struct OperationTrace {
  std::uint64_t serial = 0;  // the n-th operation of the run, from 0
  std::uint32_t client = 0;
  std::uint8_t reasons = 0;  // TraceConfig::Keep bits and kTraceSampled
  TraceOutcome outcome = TraceOutcome::unfinished;
  Instant outcome_at;            // when the user saw it (unfinished: the end of the run)
  std::uint32_t duplicates = 0;  // effect executions beyond the first, all effects together
  std::uint32_t effects = 0;     // effect executions
  std::vector<TraceSpan> spans;  // spans[0] is the operation
  std::vector<TraceMark> marks;  // in the order they happened
  Duration latency() const { return outcome_at - spans.front().start; }
  bool operator==(const OperationTrace&) const = default;
};

// What a run recorded: the kept operations in the order they started.
struct TraceSet {
  TraceConfig config;
  std::uint64_t operations_seen = 0;  // operations that ended while tracing
  std::uint64_t too_large = 0;        // operations with more spans than a trace holds: never kept
  std::vector<OperationTrace> operations;
  bool operator==(const TraceSet&) const = default;
};

}  // namespace chaossim
