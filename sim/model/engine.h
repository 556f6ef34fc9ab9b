#pragma once
// The simulation of one scenario with one seed: clients, services, edges and faults driven by the event queue.
// Single-threaded and deterministic: the same scenario and seed give the same results bit for bit.
//
// Reading guide: engine.cpp holds the loop and the bookkeeping; engine_clients.cpp the user side (arrivals,
// operations, double clicks, resubmits); engine_calls.cpp a caller's side of an edge (attempts, timeouts, retries,
// breakers, budgets, bulkheads, fallbacks); engine_services.cpp the callee's side (queue, workers, handler steps,
// idempotency); engine_faults.cpp the fault timeline.

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "core/event_queue.h"
#include "core/random.h"
#include "core/timer_fifo.h"
#include "model/recorder.h"
#include "model/config.h"
#include "model/pool.h"
#include "strategies/circuit_breaker.h"
#include "strategies/idempotency_store.h"
#include "strategies/retry_budget.h"

namespace chaossim {

inline constexpr std::uint32_t kNone = 0xffffffffu;

// Replies as the caller sees them. Real HTTP codes where there is one; connect errors and the degraded answer of a
// fallback get codes of their own outside the HTTP range.
enum Status : std::int16_t {
  kOk = 200,
  kDegraded = 203,  // a success built from a fallback somewhere down the chain ("non-authoritative")
  kConflict = 409,
  kTooManyRequests = 429,
  kInternalError = 500,
  kBadGateway = 502,
  kUnavailable = 503,
  kConnectError = 1,
  kTimedOut = 2,
};

// How a call ended, as its parent sees it.
enum class CallEnd : std::uint8_t { ok, degraded, failed };

class Engine {
 public:
  Engine(const Scenario& scenario, std::uint64_t seed);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs events up to and including `until` (clipped to the scenario's duration; events at the very end do not
  // run). Returns false once the run is complete.
  bool run_until(Instant until);
  void run() { run_until(Instant{} + m_s.duration); }
  bool finished() const { return m_finished; }
  Instant now() const { return m_now; }
  // Buckets fully simulated so far (the GUI publishes one snapshot per bucket).
  std::size_t buckets_done() const { return m_buckets_done; }

  // What the engine holds right now: memory must follow work in flight, never the operations simulated so far.
  struct Footprint {
    std::uint32_t operations = 0, calls = 0, requests = 0, messages = 0;  // pool capacities (high-water marks)
    std::uint32_t live_operations = 0;
    std::size_t pending_events = 0;
    std::size_t idempotency_keys = 0;
  };
  Footprint footprint() const;

  const Scenario& scenario() const { return m_s; }
  const Recorder& recorder() const { return m_rec; }
  std::uint64_t events_processed() const { return m_events; }
  std::uint64_t seed() const { return m_seed; }
  // Fault windows [start, end) clipped to the run, merged: "during" in expectations.
  const std::vector<std::pair<Duration, Duration>>& fault_windows() const { return m_fault_windows; }

 private:
  enum Kind : std::uint8_t {
    kArrival,        // open-loop arrival; gen = arrival epoch
    kClientStart,    // closed-loop client starts its next operation; id = client
    kCallStart,      // a scheduled submission (double click, resubmit) starts; id = call, gen = call gen
    kRequestArrive,  // id = request, gen = request gen
    kWorkDone,       // id = request, gen = request gen
    kResponse,       // id = message
    kAttemptTimeout, // id = call, gen = call gen
    kBackoffDone,    // id = call, gen = call gen
    kFaultStart,     // id = fault
    kFaultEnd,       // id = fault
    kBucketEnd,
    kPhaseChange,
    kRateChange,     // id = profile point
    kTimeoutFifo,    // the earliest attempt timeout of an edge's FIFO; id = edge
  };

  struct Operation {
    std::uint32_t gen = 0;
    bool live = false;
    bool has_outcome = false;
    bool resubmitted = false;
    CallEnd outcome = CallEnd::failed;
    PhaseMask phases = 0;
    std::uint32_t client = 0;
    std::uint32_t refs = 0;
    std::uint32_t attempts = 0, retries = 0, timeouts = 0;
    Instant start;
    Duration latency;
    std::uint64_t key = 0;
  };

  // A call's generation is bumped when it is released and also whenever an attempt or a backoff ends, so a late
  // reply, a timeout or a backoff timer from an earlier step of the same call is recognised as stale.
  struct Call {
    std::uint32_t gen = 0;
    bool live = false;
    bool primary = false;        // client submission whose outcome decides the operation
    bool holds_bulkhead = false;
    bool attempt_in_flight = false;  // an attempt was let through and has not ended
    std::uint32_t edge = 0;
    std::uint32_t instance = 0;  // caller instance: client index, or 0 for a service
    std::uint32_t op = 0;
    std::uint32_t parent = kNone;  // waiting request, or kNone for a client submission
    std::uint32_t parent_gen = 0;
    std::uint32_t attempt = 0;   // attempts sent so far
    std::uint64_t key = 0;       // the call's key (per_operation)
    Instant started, attempt_started, deadline;
    Duration last_backoff;
  };

  struct Request {
    std::uint32_t gen = 0;
    bool live = false;
    enum class State : std::uint8_t { transit, queued, running, working, calling, waiting_key } state = State::transit;
    bool owns_key = false;       // holds the in-flight record of its key
    bool counted_busy = false;
    bool deferred = false;       // in its service's list of work to resume after a pause
    std::int16_t forced_status = 0;  // set by an error fault: the reply regardless of the handler
    bool skip_effects = false;       // an `error` fault: work runs, effects and calls do not
    bool ran_handler = false;        // the handler ran (not a stored reply, a 409 or a shed request)
    bool degraded = false;           // a downstream call was answered by a fallback
    std::int8_t store_outage = 0;    // as this request found its service's idempotency store: 0 up, 1 fail open, 2 closed
    Duration retry_after;            // sent with the reply of an `error` fault that hit this request
    CallEnd child_end = CallEnd::ok; // outcome of a downstream call held back by a pause
    std::uint32_t service = 0;
    std::uint32_t edge = 0;       // the edge it came over; its reply goes back over it
    std::uint32_t call = 0, call_gen = 0;  // reply address: the attempt it belongs to
    std::uint32_t op = 0;
    std::uint32_t step = 0;
    std::uint32_t child = kNone;
    std::uint32_t next_waiter = kNone;
    std::uint64_t key = 0;
    std::uint64_t local_key = 0;  // base of downstream keys when the request has none
    Instant arrived, expires, work_end;
    Duration work_left;  // during a pause
  };

  struct Message {
    std::uint32_t gen = 0;
    bool live = false;
    std::uint32_t call = 0, call_gen = 0;
    std::int16_t status = kOk;
    Duration retry_after;
  };

  struct ServiceState {
    std::uint32_t busy = 0;
    std::uint32_t workers = 0;  // effective, after capacity faults
    std::deque<std::uint32_t> queue;
    std::unique_ptr<IdempotencyStore> store;
    std::vector<std::uint32_t> faults;  // active fault indices
    // Slowdowns, hangs and store outages hit each request with their fault's probability: these say only whether
    // one is active, so the common case costs one test.
    bool slowed = false, hanging = false, store_down = false;
    bool crashed = false, paused = false;
    bool pumping = false;  // pump() is on the stack: a nested call leaves the work to the outer loop
    std::vector<std::uint32_t> deferred;  // requests to resume after a pause
    struct DeferredTimer {
      std::uint32_t call, gen;
      bool timeout;  // else a backoff
    };
    std::vector<DeferredTimer> deferred_timers;  // its calls' timers that fell due while it was paused
    Instant busy_since;  // last time busy changed: for the utilisation integral
    std::uint64_t queue_max_bucket = 0;
    Rng work_rng;
  };

  struct EdgeState {
    std::vector<CircuitBreaker> breakers;
    std::vector<RetryBudget> budgets;
    std::vector<std::uint32_t> in_flight;  // bulkhead, per caller instance
    std::vector<std::uint32_t> faults;    // active fault indices
    TimerFifo timeouts;                    // attempt timeouts, set a constant delay ahead
    Rng latency_rng, jitter_rng;
    double breaker_instances = 1;
  };

  // engine.cpp
  void dispatch(const Event& e);
  void schedule(Instant at, Kind kind, std::uint32_t id = 0, std::uint32_t gen = 0) { m_queue.push(at, kind, id, gen); }
  std::uint64_t new_key() { return m_next_key++; }
  void on_bucket_end();
  void on_phase_change();
  void update_phase_mask();
  void flush_busy(std::uint32_t s);
  void set_busy(std::uint32_t s, std::int32_t delta);
  void finish_run();
  void release_op_ref(std::uint32_t op);
  void finalize_op(std::uint32_t op);
  void record_effect(std::uint32_t op, std::uint32_t effect);
  void add_breaker_open_time(std::uint32_t edge, Instant from, Instant to);
  PhaseMask event_mask() const { return m_mask; }

  // engine_clients.cpp
  void schedule_next_arrival();
  void on_arrival(std::uint32_t epoch);
  void on_rate_change();
  double current_rate_multiplier() const;
  void start_operation(std::uint32_t client);
  std::uint32_t new_submission(std::uint32_t op, std::uint64_t key, bool primary);
  void on_submission_done(std::uint32_t call, CallEnd end);

  // engine_calls.cpp
  std::uint32_t new_call(std::uint32_t edge, std::uint32_t instance, std::uint32_t op, std::uint64_t key);
  void start_call(std::uint32_t call);
  void send_attempt(std::uint32_t call);
  void on_response(std::uint32_t msg);
  void on_attempt_timeout(std::uint32_t call);
  void set_attempt_timer(std::uint32_t edge, Instant at, std::uint32_t call, std::uint32_t gen);
  void on_timeout_fifo(std::uint32_t edge);
  bool defer_if_caller_paused(std::uint32_t call, bool timeout);
  void end_attempt(std::uint32_t call);
  void attempt_failed(std::uint32_t call, std::int16_t status, Duration retry_after);
  enum class FailReason : std::uint8_t { exhausted, breaker_open, bulkhead_full };
  void attempt_succeeded(std::uint32_t call, bool degraded);
  void finish_call(std::uint32_t call, CallEnd end, FailReason reason = FailReason::exhausted);
  void abandon_call(std::uint32_t call);
  Duration message_delay(std::uint32_t edge);
  bool message_lost(std::uint32_t edge, bool request);
  std::uint32_t breaker_index(const EdgeConfig& e, std::uint32_t instance) const;
  std::uint32_t budget_index(const EdgeConfig& e, std::uint32_t instance) const;

  // engine_services.cpp
  void on_request_arrive(std::uint32_t req);
  void pump(std::uint32_t s);
  void begin_handler(std::uint32_t req);
  void run_steps(std::uint32_t req);
  void on_work_done(std::uint32_t req);
  void on_child_done(std::uint32_t req, CallEnd end);
  void finish_request(std::uint32_t req, std::int16_t status);
  void reply(std::uint32_t req, std::int16_t status, Duration retry_after);
  void send_reply(std::uint32_t edge, std::uint32_t call, std::uint32_t call_gen, std::int16_t status,
                  Duration retry_after);
  void answer_waiters(std::uint32_t first_waiter, std::int16_t status);
  void release_worker(std::uint32_t req);
  std::uint64_t downstream_key(std::uint32_t req, std::uint32_t step);
  void free_request(std::uint32_t req);
  void kill_request(std::uint32_t req);
  bool fault_hits(std::uint32_t fault);
  double slowdown_factor(std::uint32_t service);
  bool hang_hits(std::uint32_t service);
  std::int8_t store_outage_hits(std::uint32_t service);

  // engine_faults.cpp
  void on_fault_start(std::uint32_t f);
  void on_fault_end(std::uint32_t f);
  void recompute_service_faults(std::uint32_t s);
  void crash_service(std::uint32_t s);
  void pause_service(std::uint32_t s);
  void resume_service(std::uint32_t s);

  const Scenario& m_s;
  std::uint64_t m_seed;
  EventQueue m_queue;
  Instant m_now;
  Instant m_end;
  bool m_finished = false;
  std::uint64_t m_events = 0;
  std::uint64_t m_next_key = 1;
  Recorder m_rec;
  PhaseMask m_mask = 0;
  std::size_t m_buckets_done = 0;
  std::vector<std::pair<Duration, Duration>> m_fault_windows;
  Instant m_first_fault_start, m_last_fault_end;

  Pool<Operation> m_ops;
  Pool<Call> m_calls;
  Pool<Request> m_requests;
  Pool<Message> m_messages;
  std::vector<std::uint16_t> m_op_effects;  // ops capacity x effects

  std::vector<ServiceState> m_services;
  std::vector<EdgeState> m_edges;
  std::vector<Rng> m_fault_rngs;
  std::vector<bool> m_fault_active;

  // clients
  // Separate streams per decision so that a fault changing one (resubmits happen only after failures) does not
  // shift the others: common random numbers across variants. Closed-loop clients each think on their own stream.
  Rng m_arrival_rng, m_choice_rng, m_double_click_rng, m_resubmit_rng;
  std::vector<Rng> m_think_rngs;
  std::uint32_t m_arrival_epoch = 0;
  double m_load_factor = 1.0;
  std::size_t m_profile_index = 0;
  Instant m_last_arrival;
};

}  // namespace chaossim
