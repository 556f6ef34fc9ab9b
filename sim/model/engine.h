#pragma once
// The simulation of one scenario with one seed: clients, services, edges and faults driven by the event queue.
// Single-threaded and deterministic: the same scenario and seed give the same results bit for bit.
//
// Reading guide: engine.cpp holds the loop and the bookkeeping; engine_clients.cpp the user side (arrivals,
// operations, double clicks, resubmits); engine_calls.cpp a caller's side of an edge (attempts, timeouts, retries,
// breakers, budgets, bulkheads, fallbacks); engine_services.cpp the callee's side (queue, workers, handler steps,
// idempotency); engine_work.cpp how long a work step takes (slowdowns, contention, processor sharing);
// engine_faults.cpp the fault timeline; engine_balance.cpp which instance an attempt goes to; engine_health.cpp
// active health checks, outlier ejection and slow start; invariants.cpp what must hold between any two events.
// Every index is typed (model/engine_ids.h): a ServiceId, an EdgeId, a CallSlot, ... are not interchangeable.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/assert.h"
#include "core/event_queue.h"
#include "core/random.h"
#include "core/timer_fifo.h"
#include "core/typed_index.h"
#include "model/config.h"
#include "model/engine_ids.h"
#include "model/fault_phases.h"
#include "model/pool.h"
#include "model/processor_sharing.h"
#include "model/recorder.h"
#include "model/request_queue.h"
#include "model/trace_recorder.h"
#include "strategies/adaptive_throttle.h"
#include "strategies/circuit_breaker.h"
#include "strategies/concurrency_limit.h"
#include "strategies/idempotency_store.h"
#include "strategies/retry_budget.h"

namespace chaossim {

// Replies as the caller sees them. Real HTTP codes where there is one; connect errors and the degraded answer of a
// fallback get codes of their own outside the HTTP range.
enum Status : std::int16_t {
  kOk = 200,
  kDegraded = 203,  // a success built from a fallback somewhere down the chain ("non-authoritative")
  kConflict = 409,
  kUnprocessable = 422,  // the idempotency key was used for a different request
  kTooManyRequests = 429,
  kInternalError = 500,
  kBadGateway = 502,
  kUnavailable = 503,
  kConnectError = 1,
  kTimedOut = 2,
};

// How a call ended, as its parent sees it.

// When the engine runs its invariant checker (model/invariants.cpp). A check is linear in what is in flight, so
// checking after every event can slow a run with deep queues down a hundredfold; the amortised mode checks after
// every event while little is in flight and otherwise as soon as enough events have passed to pay for one check,
// which keeps its cost within a small constant factor of the simulation's while still catching a broken counter
// close to the event that broke it.
enum class InvariantChecks : std::uint8_t {
  off,          // release builds, by default
  amortised,    // debug builds and CHAOSSIM_INVARIANTS, by default
  every_event,  // tests: the first violation is caught at the very event that caused it
};

class Engine {
 public:
  // `traces`: record the traces the scenario's `trace` block asks for (a runner records them in one replication).
  Engine(const Scenario& scenario, std::uint64_t seed, bool traces = true);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs events up to and including `until` (clipped to the scenario's duration; events at the very end do not
  // run). Returns false once the run is complete.
  //
  // `cancel`, when given, is read every kCancelCheckEvents events: once it is true the call returns early (true,
  // with now() at the last event run), so a caller can stop a run mid-slice however long the slice. The engine
  // stays consistent: another run_until() resumes exactly where this one stopped.
  bool run_until(Instant until, const std::atomic<bool>* cancel = nullptr);
  // Often enough that a cancelled run stops within about a millisecond of work, rarely enough that the load of an
  // atomic costs nothing measurable (bench/scenario_bench.cpp).
  static constexpr std::uint64_t kCancelCheckEvents = 4096;
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
  // Whether this run records traces, and what it kept (call once the run is over; model/trace_recorder.h).
  bool tracing() const { return m_trace != nullptr; }
  TraceSet take_traces();
  // Fault windows [start, end) clipped to the run, merged: "during" in expectations.
  const std::vector<std::pair<Duration, Duration>>& fault_windows() const { return m_phases.windows(); }

  // The invariant checker (model/invariants.cpp). With checks on, the engine verifies its whole state after events
  // (see InvariantChecks) and aborts with the list of what is wrong, the event and the seed at the first violation.
  // Amortised by default where CHAOSSIM_ASSERT is active (debug builds, CHAOSSIM_INVARIANTS), off otherwise; any
  // build may choose here, as the tests do.
  void set_invariant_checks(InvariantChecks when) { m_checks = when; }
  InvariantChecks invariant_checks() const { return m_checks; }
  // Everything that is wrong with the engine's state right now, one sentence each; empty when all holds.
  std::vector<std::string> invariant_violations() const;

 private:
  // Test-only access, so a test can corrupt the state and prove the checker notices (tests/model/).
  friend struct EngineTestAccess;

  enum Kind : std::uint8_t {
    kArrival,         // open-loop arrival; gen = arrival epoch
    kClientStart,     // closed-loop client starts its next operation; id = client
    kCallStart,       // a scheduled submission (double click, resubmit) starts; id, gen = call
    kRequestArrive,   // id, gen = request
    kWorkDone,        // id, gen = request
    kResponse,        // id = message
    kAttemptTimeout,  // id, gen = call (one cut short by a deadline; the others wait in their edge's TimerFifo)
    kBackoffDone,     // id, gen = call
    kFaultStart,      // id = fault
    kFaultEnd,        // id = fault
    kBucketEnd,
    kPhaseChange,
    kRateChange,     // id = profile point (unused: the handler reads the profile at the current time)
    kTimeoutFifo,    // the earliest attempt timeout of an edge's FIFO; id = edge
    kSharingDone,    // the next work step to finish at a processor-sharing instance; id = instance, gen = sharing_gen
    kDeployBatch,    // a restart's or rolling deploy's next batch; id = fault, gen = batch
    kLifecycle,      // an instance's drain ends or its new process starts; id = instance, gen = life_gen
    kHealthProbe,    // the health checker probes an instance; id = instance
    kProbeTimeout,   // a probe sent `timeout` ago went unanswered; id = instance
    kOutlierReturn,  // an ejection ends; id = edge, gen = callee instance ordinal
    kKeyReuse,       // a user sends a new request with the key of their last one; id = its m_key_reuses slot
    kHedge,          // a hedged call's first attempt is still out after the hedge delay; id, gen = call
  };

  enum class FailReason : std::uint8_t { exhausted, breaker_open, bulkhead_full, throttled };

  struct Operation {
    std::uint32_t gen = 0;
    bool live = false;
    bool has_outcome = false;
    bool resubmitted = false;
    CallEnd outcome = CallEnd::failed;
    PhaseMask phases = 0;
    Criticality criticality = Criticality::normal;  // carried by every call it makes
    std::uint32_t payload = 0;  // what its requests carry: every operation's is its own (idempotency check_payload)
    ClientId client;
    std::uint32_t refs = 0;  // live calls and requests working for it; it is finalised when the last one goes
    std::uint32_t attempts = 0, retries = 0, timeouts = 0;
    Instant start, end;                          // end: when it had its outcome
    std::uint32_t trace = TraceRecorder::kNone;  // its buffer while it is traced
  };

  // A call's generation is bumped when it is released and also whenever an attempt or a backoff ends, so a late
  // reply, a timeout or a backoff timer from an earlier step of the same call is recognised as stale.
  struct Call {
    std::uint32_t gen = 0;
    bool live = false;
    bool primary = false;  // client submission whose outcome decides the operation
    bool holds_bulkhead = false;
    bool attempt_in_flight = false;  // an attempt was let through and has not ended
    bool retry_reserved = false;     // the budget reserved the next attempt (RetryBudget::take_retry), not yet sent
    EdgeId edge;
    std::uint32_t instance = 0;  // caller instance: client index, or the calling service's instance ordinal
    std::uint32_t target = 0;    // the callee instance (ordinal) its current or last attempt went to
    OperationSlot op;
    RequestRef parent{RequestSlot::none(), 0};  // the request waiting on it, or none for a client submission
    std::uint32_t attempt = 0;                  // attempts sent so far
    std::uint64_t key = 0;                      // the call's key (per_operation)
    Instant attempt_started, deadline;
    Duration last_backoff;
    // Siblings: the other calls of its parent request's fan-out step, or, for a hedge, the other hedges of its call.
    CallSlot next_sibling = CallSlot::none(), prev_sibling = CallSlot::none();
    CallSlot hedge_of = CallSlot::none();  // a hedge: the call it copies, which takes its outcome
    CallSlot hedges = CallSlot::none();    // its hedges still out (the first of the list)
    std::uint8_t hedges_sent = 0;
    bool waiting_for_hedges = false;                    // it failed, but a hedge still out may succeed
    FailReason hedged_failure = FailReason::exhausted;  // how it failed, while it waits for its hedges
  };

  // How a request found its service's idempotency store. Ordered: when several outages hit, the worst wins.
  enum class StoreAccess : std::uint8_t { up, fail_open, fail_closed };

  struct Request {
    std::uint32_t gen = 0;
    bool live = false;
    enum class State : std::uint8_t { transit, queued, running, working, calling, waiting_key } state = State::transit;
    bool owns_key = false;  // holds the in-flight record of its key
    bool counted_busy = false;
    bool deferred = false;           // in its service's list of work to resume after a pause
    bool holds_limit = false;        // took a slot of its service's concurrency limit
    std::int16_t forced_status = 0;  // set by an error fault: the reply regardless of the handler
    bool skip_effects = false;       // an `error` fault: work runs, effects and calls do not
    bool ran_handler = false;        // the handler ran (not a stored reply, a 409 or a shed request)
    bool responded = false;          // a respond step answered the caller: the end of the handler answers no one
    bool degraded = false;           // a downstream call was answered by a fallback
    bool compensating = false;       // a call step failed: it undoes the steps before it (step counts down)
    StoreAccess store = StoreAccess::up;
    bool codel_tight = false;         // joined a congested CoDel queue: may wait `target`, not `interval`
    Duration retry_after;             // sent with the reply of an `error` fault that hit this request
    CallEnd child_end = CallEnd::ok;  // outcome of a downstream call held back by a pause
    ServiceId service;
    InstanceId instance;  // the process of its service the balancer chose
    EdgeId edge;          // the edge it came over; its reply goes back over it
    CallRef reply_to;     // the attempt it belongs to
    OperationSlot op;
    std::uint32_t step = 0;
    CallSlot children = CallSlot::none();  // the calls of its current call step still out (first of the list)
    std::uint16_t need = 0, spare = 0;     // successes the step still needs; failures it can still bear
    RequestSlot next_waiter = RequestSlot::none();
    std::uint64_t key = 0;
    std::uint32_t lease = 0;         // the token of the in-flight lease on its key, while owns_key
    std::uint64_t local_key = 0;     // base of downstream keys when the request has none
    std::uint64_t serial = 0;        // the n-th request of the run: what a service fault's verdict is drawn for
    std::uint32_t read_version = 0;  // the version of the record its handler read last
    Instant arrived, expires, work_end;
    Duration work_left;  // during a pause
  };

  // What a traced operation's calls and requests remember of their spans. Kept beside the pools, by slot, rather
  // than in Call and Request, so that a run without traces moves exactly the bytes it moved before.
  struct CallSpans {
    std::uint32_t span = kNoSpan, step_span = kNoSpan;  // the call's, and its current attempt's or backoff's
    CallRole role = CallRole::none;                     // what started it (client calls)
  };
  struct RequestSpans {
    std::uint32_t attempt_span = kNoSpan;               // the attempt that sent it
    std::uint32_t span = kNoSpan, step_span = kNoSpan;  // the request's, and its queueing's or current work step's
  };

  struct Message {
    std::uint32_t gen = 0;
    bool live = false;
    CallRef to;  // the attempt it answers
    std::int16_t status = kOk;
    Duration retry_after;
  };

  // Where an instance is in a restart or deploy (engine_lifecycle.cpp).
  enum class Life : std::uint8_t {
    running,
    draining,  // stopped accepting: refuses new connections, finishes what it holds
    stopped,   // its process has exited; it refuses connections until the new one starts
  };

  // One process of a service: its workers, queue, faults and memory. A service with one instance (the default)
  // is exactly the single pool of version 1.
  struct InstanceState {
    ServiceId service;
    std::uint32_t ordinal = 0;                       // its number within its service, from 0 ("payments#1" is 0)
    std::size_t columns = SeriesLayout::kNoColumns;  // its group of time-series columns (multi-instance services)
    std::uint32_t busy = 0;
    std::uint32_t working = 0;  // requests in a work step: min(working, processors) processors are busy
    std::uint32_t workers = 0;  // effective, after capacity faults
    RequestQueue queue;
    Instant queue_empty_at;  // the last time the queue was seen empty: CoDel's and adaptive LIFO's congestion
    IdempotencyStore* store = nullptr;  // its own (memory), or its service's (durable); owned by m_stores
    std::vector<FaultId> faults;        // active faults on it
    // Slowdowns, hangs and store outages hit each request with their fault's probability (fault_hits): these say
    // only whether one is active, so the common case costs one test.
    bool slowed = false, hanging = false, store_down = false;
    bool crashed = false, paused = false;
    bool pumping = false;               // pump() is on the stack: a nested call leaves the work to the outer loop
    std::vector<RequestSlot> deferred;  // requests to resume after a pause
    struct DeferredTimer {
      CallRef call;
      bool timeout;  // else a backoff
    };
    std::vector<DeferredTimer> deferred_timers;  // its calls' timers that fell due while it was paused
    // The utilisation integrals: since when `busy` and `working` have held, and the worker- and processor-
    // nanoseconds before that not yet added to the bucket's columns and the phase totals (flush_busy does).
    Instant busy_since;
    double busy_area = 0, processor_area = 0;
    Rng work_rng;
    // Processor sharing (config processors): its work steps, and the generation of the one kSharingDone event
    // that may act; `sharing_batch` while completions are handled, so that steps joining meanwhile reschedule once.
    std::optional<ProcessorSharing> sharing;
    std::uint32_t sharing_gen = 0;
    bool sharing_batch = false;
    std::optional<ConcurrencyLimit> limit;  // config limit
    // Restarts and deploys: the current stage, the generation of the one kLifecycle event that may act, the fault
    // driving it; the last start, and until when work runs cold (cold_factor times slower at started_at).
    Life life = Life::running;
    std::uint32_t life_gen = 0;
    FaultId life_fault = FaultId::none();
    Instant started_at, warm_at;
    double cold_factor = 1.0;
    // The health checker's view of it (engine_health.cpp): in rotation or not, and the probes in a row that said
    // otherwise. `failing_since`: when the check's condition last started to fail, while it does.
    bool healthy = true;
    bool failing = false;
    std::uint32_t probe_streak = 0;
    Instant failing_since;
    Rng probe_rng;                 // per-probe draws: a hang or a store outage that hits only some requests
    std::uint32_t ejected_by = 0;  // edges whose outlier detection has it ejected right now
  };

  // An edge's outlier detection's record of one callee instance.
  struct OutlierHost {
    std::uint32_t consecutive = 0;    // failures in a row
    std::uint32_t times_ejected = 0;  // so far in the run: the next ejection lasts base x (this + 1)
    bool ejected = false;
  };

  struct EdgeState {
    std::vector<CircuitBreaker> breakers;
    std::vector<RetryBudget> budgets;
    std::vector<AdaptiveThrottle> throttles;
    std::vector<ConcurrencyLimit> limits;  // per caller instance, or one when shared
    double limit_sum = 0;                  // of limits[].limit(), kept up to date for the time series
    std::vector<std::uint32_t> in_flight;  // bulkhead, per caller instance
    std::vector<FaultId> faults;           // active faults on it
    TimerFifo timeouts;                    // attempt timeouts, set a constant delay ahead
    // The queue's lanes for its requests and its replies: with a constant latency they arrive in the order sent.
    EventQueue::Lane request_lane = 0, reply_lane = 0;
    Rng latency_rng, jitter_rng, throttle_rng;
    double breaker_instances = 1;
    // The balancer of a multi-instance callee (engine_balance.cpp): attempts in flight per callee instance, the
    // round robin's next position, its random draws.
    std::vector<std::uint32_t> outstanding;
    std::uint32_t next_instance = 0;
    Rng balancer_rng;
    // Outlier detection (engine_health.cpp), per callee instance, and how many are ejected right now.
    std::vector<OutlierHost> outlier;
    std::uint32_t ejected = 0;
    // Scratch of pick_instance() while some instance is out of rotation or in slow start: the candidates, their
    // weights, and the smooth weighted round robin's running credit per instance.
    std::vector<std::uint32_t> candidates;
    std::vector<double> weights, credit;
    // Hedging at an observed percentile: the successful attempts of the current window, and the delay that the
    // last complete window gave (none before the first).
    LatencyHistogram hedge_window;
    Duration hedge_delay = Duration::infinite();
  };

  struct FaultState {
    Rng rng;                         // edge faults: one draw per message
    std::uint64_t verdict_salt = 0;  // service faults: the seed of their per-request verdicts (fault_hits)
    bool active = false;
  };

  // The scenario's parts by typed index.
  const ServiceConfig& config(ServiceId s) const { return m_s.services[s.value]; }
  const EdgeConfig& config(EdgeId e) const { return m_s.edges[e.value]; }
  const FaultConfig& config(FaultId f) const { return m_s.faults[f.value]; }
  const ServiceConfig& config(InstanceId i) const { return m_s.services[m_instances[i].service.value]; }
  InstanceId instance_of(ServiceId s, std::uint32_t ordinal) const {
    return InstanceId{m_first_instance[s].value + ordinal};
  }
  std::uint32_t instance_count(ServiceId s) const { return config(s).instances; }

  // The current bucket's cell of a time-series column.
  double& cell(series::RunColumn c) { return m_rec.row()[c]; }
  double& cell(ServiceId s, series::ServiceColumn c) { return m_rec.row()[m_rec.layout().service(s.value, c)]; }
  double& cell(EdgeId e, series::EdgeColumn c) { return m_rec.row()[m_rec.layout().edge(e.value, c)]; }
  double& cell(EffectId e, series::EffectColumn c) { return m_rec.row()[m_rec.layout().effect(e.value, c)]; }
  // Instance columns exist only for services of several instances: adds to the cell when there is one.
  void add_to_cell(InstanceId i, series::InstanceColumn c, double x) {
    if (m_instances[i].columns != SeriesLayout::kNoColumns) m_rec.row()[m_instances[i].columns + c] += x;
  }

  // engine.cpp
  void check_scenario() const;
  void dispatch(const Event& e);
  void schedule(Instant at, Kind kind, std::uint32_t id = 0, std::uint32_t gen = 0) {
    CHAOSSIM_ASSERT(at >= m_now, "an event scheduled into the past");
    m_queue.push(at, kind, id, gen);
  }
  template <class Slot>
  void schedule(Instant at, Kind kind, Ref<Slot> r) {
    schedule(at, kind, r.slot.value, r.gen);
  }
  template <class Tag>
  void schedule(Instant at, Kind kind, TypedIndex<Tag> id) {
    schedule(at, kind, id.value);
  }
  // A message: through the lane when it keeps it in order (see EventQueue), else through the heap.
  template <class Slot>
  void schedule_message(EventQueue::Lane lane, Instant at, Kind kind, Ref<Slot> r) {
    CHAOSSIM_ASSERT(at >= m_now, "an event scheduled into the past");
    m_queue.push_lane(lane, at, kind, r.slot.value, r.gen);
  }
  std::uint64_t new_key() { return m_next_key++; }
  void on_bucket_end();
  void on_phase_change();
  void update_phase_mask();
  void accrue_busy(InstanceId i);
  void flush_busy(InstanceId i);
  void set_busy(InstanceId i, std::int32_t delta);
  void set_working(InstanceId i, std::int32_t delta);
  void finish_run();
  void release_op_ref(OperationSlot op);
  void finalize_op(OperationSlot op);
  std::uint16_t* op_effects(OperationSlot op) { return &m_op_effects[std::size_t{op.value} * m_s.effects.size()]; }
  void record_effect(OperationSlot op, EffectId effect);
  void add_breaker_open_time(EdgeId edge, Instant from, Instant to);

  // engine_clients.cpp
  void schedule_next_arrival();
  void on_arrival(std::uint32_t epoch);
  void on_rate_change();
  double current_rate_multiplier(double* slope_per_second);
  // `key`: the operation's idempotency key, or 0 for a new one.
  void start_operation(ClientId client, std::uint64_t key = 0);
  void on_key_reuse(std::uint32_t slot);
  CallSlot new_submission(OperationSlot op, std::uint64_t key, bool primary);
  void on_submission_done(CallSlot call, CallEnd end);

  // engine_calls.cpp
  CallSlot new_call(EdgeId edge, std::uint32_t instance, OperationSlot op, std::uint64_t key);
  void start_call(CallSlot call);
  void send_attempt(CallSlot call);
  void on_response(MessageSlot msg);
  void on_attempt_timeout(CallSlot call);
  void set_attempt_timer(EdgeId edge, Instant at, CallRef call);
  void on_timeout_fifo(EdgeId edge);
  bool defer_if_caller_paused(CallRef call, bool timeout);
  // `status`: how the attempt ended (kOk, an error, kTimedOut), or 0 when its caller abandoned it.
  void end_attempt(CallSlot call, std::int16_t status);
  void budget_hears_end(const Call& call);
  void drop_reserved_retry(Call& call);
  void attempt_failed(CallSlot call, std::int16_t status, Duration retry_after);
  void attempt_succeeded(CallSlot call, bool degraded);
  void finish_call(CallSlot call, CallEnd end, FailReason reason = FailReason::exhausted);
  void abandon_call(CallSlot call);
  // The caller stops waiting for the call's attempt in flight or the retry it reserved: the callee hears of it only
  // with cancel_on_abandon; breakers, budgets, limits and the balancer forget it.
  void forget_attempt(CallSlot call);
  // Whether the call's current attempt counts as a retry for the retry budget: a second attempt, or a hedge.
  static bool budget_retry(const Call& call) { return call.attempt > 1 || !call.hedge_of.is_none(); }

  // engine_fanout.cpp: a request's call step, its calls and their outcomes; hedged calls
  void start_calls(RequestSlot req, const Step& step, std::uint32_t step_index);
  void on_child_done(RequestSlot req, CallEnd end);
  void abandon_children(RequestSlot req);
  // The handler goes on after its call step settled with `end` (now, or when its paused process resumes).
  void continue_after_calls(RequestSlot req, CallEnd end);
  void next_compensation(RequestSlot req);
  void link_sibling(CallSlot& head, CallSlot call);
  void unlink_sibling(CallSlot& head, CallSlot call);
  void schedule_hedge(CallSlot call);
  void on_hedge(CallSlot call);
  void hedge_done(CallSlot hedge, CallEnd end);
  void note_hedge_latency(EdgeId edge, Duration latency);
  void leave_bulkhead(const Call& call);
  bool fault_hits(FaultId fault);
  void note_budget_denied(CallSlot c);
  // Whether a fault lost the message (then m_fault_hit names it), and its delay (m_fault_hit names a latency fault
  // that added to it, when one did: set only then, so a trace must clear it first).
  bool message_lost(EdgeId edge, bool request);
  Duration message_delay(EdgeId edge);
  std::uint32_t breaker_index(const EdgeConfig& e, std::uint32_t instance) const;
  std::uint32_t budget_index(const EdgeConfig& e, std::uint32_t instance) const;
  AdaptiveThrottle* throttle(EdgeId edge, std::uint32_t instance);
  bool throttle_admits(CallSlot call);
  void throttle_hears(CallSlot call, std::int16_t status);
  ConcurrencyLimit* limit(EdgeId edge, std::uint32_t instance);
  void limit_hears_end(const Call& call, std::int16_t status);

  // engine_balance.cpp: which instance of the callee an attempt goes to
  std::uint32_t pick_instance(CallSlot call);
  std::uint32_t pick_among_candidates(EdgeId edge, std::uint32_t n, std::uint32_t avoid, bool weighted);
  // `status`: how the attempt ended (as end_attempt's), 0 when abandoned.
  void balancer_hears_end(const Call& call, std::int16_t status);

  // engine_health.cpp: active health checks, outlier ejection, slow start
  void start_health_checks();
  void on_health_probe(InstanceId i);
  void health_hears(InstanceId i, bool passed);
  bool check_condition_fails(InstanceId i) const;
  void note_health_condition(InstanceId i);
  bool in_rotation(EdgeId edge, std::uint32_t ordinal) const;
  double slow_start_weight(EdgeId edge, std::uint32_t ordinal) const;
  bool slow_start_active(EdgeId edge) const;
  void outlier_hears(EdgeId edge, std::uint32_t ordinal, std::int16_t status);
  void eject(EdgeId edge, std::uint32_t ordinal);
  void on_outlier_return(EdgeId edge, std::uint32_t ordinal);

  // engine_services.cpp
  void on_request_arrive(RequestSlot req);
  void pump(InstanceId i);
  void begin_handler(RequestSlot req);
  void run_steps(RequestSlot req);
  void respond_early(RequestSlot req, std::int16_t status);
  void on_work_done(RequestSlot req);
  void finish_request(RequestSlot req, std::int16_t status);
  void reply(RequestSlot req, std::int16_t status, Duration retry_after);
  // `from`: the request answered, when there is one (its trace records the reply).
  void send_reply(EdgeId edge, CallRef to, std::int16_t status, Duration retry_after,
                  RequestSlot from = RequestSlot::none());
  void answer_waiters(RequestSlot first_waiter, std::int16_t status);
  void release_worker(RequestSlot req);
  // The key of the `call`-th call (of a fan-out) of handler step `step`.
  std::uint64_t downstream_key(RequestSlot req, std::uint32_t step, std::uint32_t call = 0);
  // Gives the request's slot of its service's concurrency limit back, with what its end says of load. A request
  // freed while it still holds one gives it back as `ignored`.
  void release_limit(RequestSlot req, ConcurrencyLimit::Sample sample);
  void free_request(RequestSlot req);
  void kill_request(RequestSlot req);
  void shed_request(RequestSlot req, std::int16_t status);
  bool fault_hits(FaultId fault, RequestSlot req) const;
  double slowdown_factor(RequestSlot req) const;
  bool hang_hits(RequestSlot req) const;
  StoreAccess store_outage_hits(RequestSlot req) const;

  // engine_queue.cpp: the queue's discipline, CoDel and priorities
  std::size_t lane_of(RequestSlot req) const;
  bool queue_full_after_eviction(RequestSlot arriving);
  void enqueue(RequestSlot req);
  bool congested(InstanceId i) const;
  void note_queue_state(InstanceId i);
  RequestSlot take_next(InstanceId i);
  bool over_codel_limit(RequestSlot req) const;
  void expire_codel(InstanceId i);

  // engine_cancel.cpp: cancellation that reaches the callee's work (edges.X.cancel_on_abandon)
  void note_attempt_request(CallSlot call, RequestSlot req, int copy);
  void cancel_attempt(CallSlot call);
  void cancel_request(RequestSlot req);

  // engine_work.cpp
  Duration work_duration(RequestSlot req, const Step& step);
  void start_work(RequestSlot req, Duration d);
  void reschedule_sharing(InstanceId i);
  void on_sharing_done(InstanceId i, std::uint32_t gen);
  void freeze_sharing(InstanceId i);
  void clear_sharing(InstanceId i);
  void stop_sharing(RequestSlot req);

  // engine_trace.cpp: what traced operations record. Each call site tests traced() first: with tracing off that is
  // one predictable branch, and an operation left out of the selection costs a load and a compare. Cold, so that
  // the compiler lays the hot paths out as if the calls were not there (bench/trace_bench.cpp).
  std::uint32_t op_trace(OperationSlot op) const { return m_ops[op].trace; }
  CallSpans& spans_of(CallSlot c) {
    if (c.value >= m_call_spans.size()) m_call_spans.resize(m_calls.capacity());
    return m_call_spans[c.value];
  }
  RequestSpans& spans_of(RequestSlot r) {
    if (r.value >= m_request_spans.size()) m_request_spans.resize(m_requests.capacity());
    return m_request_spans[r.value];
  }
  bool traced(OperationSlot op) const { return m_trace && m_ops[op].trace != TraceRecorder::kNone; }
  bool traced(CallSlot c) const { return m_trace && m_ops[m_calls[c].op].trace != TraceRecorder::kNone; }
  bool traced(RequestSlot r) const { return m_trace && m_ops[m_requests[r].op].trace != TraceRecorder::kNone; }
  [[gnu::cold]] void trace_begin(OperationSlot op);
  [[gnu::cold]] void trace_call(CallSlot c);
  [[gnu::cold]] void trace_call_mark(CallSlot c, MarkKind kind, std::uint32_t index = 0, std::int16_t status = 0);
  [[gnu::cold]] void trace_attempt(CallSlot c, std::uint64_t key);
  [[gnu::cold]] void trace_attempt_end(CallSlot c, std::int16_t status);
  [[gnu::cold]] void trace_backoff(CallSlot c);
  [[gnu::cold]] void trace_call_end(CallSlot c);
  [[gnu::cold]] void trace_request(RequestSlot r);
  [[gnu::cold]] void trace_request_mark(RequestSlot r, MarkKind kind, std::uint32_t index = 0, std::int16_t status = 0,
                                        bool duplicate = false);
  [[gnu::cold]] void trace_queued(RequestSlot r);
  [[gnu::cold]] void trace_step_end(RequestSlot r);
  [[gnu::cold]] void trace_reply(RequestSlot r, std::int16_t status);
  [[gnu::cold]] void trace_work(RequestSlot r);
  [[gnu::cold]] void trace_request_end(RequestSlot r);
  [[gnu::cold]] void trace_outcome(OperationSlot op, CallEnd end);
  [[gnu::cold]] void trace_finish(OperationSlot op);

  // engine_faults.cpp
  void on_fault_start(FaultId f);
  void on_fault_end(FaultId f);
  std::pair<std::uint32_t, std::uint32_t> target_range(const FaultConfig& fc) const;  // [first, end) ordinals
  template <class F>
  void for_each_target(const FaultConfig& fc, F&& f) {
    const auto [first, end] = target_range(fc);
    for (std::uint32_t k = first; k < end; ++k) f(instance_of(ServiceId{fc.target}, k));
  }
  void recompute_instance_faults(InstanceId i);
  void crash_instance(InstanceId i);
  void pause_instance(InstanceId i);
  void resume_instance(InstanceId i);

  // engine_lifecycle.cpp: restarts and deploys
  std::uint32_t target_count(const FaultConfig& fc) const;
  std::uint32_t batch_count(const FaultConfig& fc) const;
  void start_lifecycle_fault(FaultId f);
  void on_deploy_batch(FaultId f, std::uint32_t batch);
  void restart_instance(InstanceId i, FaultId f);
  bool drained(InstanceId i) const;
  void stop_instance(InstanceId i);
  void start_instance(InstanceId i);
  void on_lifecycle(InstanceId i, std::uint32_t gen);
  double cold_factor(const InstanceState& st) const;

  // invariants.cpp
  void check_after_event();
  std::uint64_t check_cost() const;
  void enforce_invariants() const;
  // Scratch space of the checker, kept between checks so that checking after every event does not allocate.
  struct CheckScratch {
    std::vector<char> marks, in_queue, in_deferred, listed;
    std::vector<std::uint32_t> refs, holders;
    std::vector<std::uint32_t> holding, queued, deferred, working, present, limiting;  // per instance
  };
  mutable CheckScratch m_scratch;

  const Scenario& m_s;
  std::uint64_t m_seed;
  EventQueue m_queue;
  Instant m_now;
  Instant m_end;
  bool m_finished = false;
  InvariantChecks m_checks = CHAOSSIM_CHECKS_ENABLED ? InvariantChecks::amortised : InvariantChecks::off;
  std::uint64_t m_check_credit = 0;  // amortised checks: work earned by the events since the last check
  std::uint64_t m_events = 0;
  std::uint64_t m_next_key = 1;
  std::uint64_t m_next_request_serial = 0;
  Recorder m_rec;
  std::unique_ptr<TraceRecorder> m_trace;  // null unless this run records traces
  std::vector<CallSpans> m_call_spans;     // by call slot, while tracing
  FaultId m_fault_hit = FaultId::none();   // the last fault message_lost or message_delay found hitting
  std::vector<RequestSpans> m_request_spans;
  // The requests each call's current attempt sent (two when a duplicate_request fault copied it), by call slot, kept
  // only for edges that cancel on abandon: what cancel_attempt() reaches.
  std::vector<std::array<RequestRef, 2>> m_attempt_requests;
  static constexpr std::array<RequestRef, 2> kNoAttemptRequests = {RequestRef{RequestSlot::none(), 0},
                                                                   RequestRef{RequestSlot::none(), 0}};
  std::uint64_t m_next_op_serial = 0;
  PhaseMask m_mask = 0;
  std::size_t m_buckets_done = 0;
  FaultPhases m_phases;  // the fault windows and the phases they make (model/fault_phases.h)

  Pool<Operation, OperationSlot> m_ops;
  Pool<Call, CallSlot> m_calls;
  Pool<Request, RequestSlot> m_requests;
  Pool<Message, MessageSlot> m_messages;

  // The side-effect ledger: how often each effect ran for each operation in flight (ops capacity x effects,
  // saturating), and per effect what the finalised operations took with them and what a saturated count missed.
  // Only the per-operation counts feed results; the totals let the invariant checker balance the books.
  std::vector<std::uint16_t> m_op_effects;
  std::vector<std::uint64_t> m_effects_finalized, m_duplicates_finalized, m_effects_uncounted;

  IndexedVector<InstanceId, InstanceState> m_instances;
  IndexedVector<ServiceId, InstanceId> m_first_instance;  // each service's first instance
  IndexedVector<ServiceId, std::uint32_t> m_unhealthy;    // instances its health checker holds out of rotation
  // Requests waiting at all of each service's instances, kept by their queues (RequestQueue::count_into).
  IndexedVector<ServiceId, std::uint64_t> m_queued;
  // The longest queue of each service (over its instances) seen in the current bucket.
  IndexedVector<ServiceId, std::uint64_t> m_queue_max_bucket;
  std::vector<std::unique_ptr<IdempotencyStore>> m_stores;  // a durable store per service, a memory one per instance
  IndexedVector<EdgeId, EdgeState> m_edges;
  IndexedVector<FaultId, FaultState> m_faults;

  // clients
  // Separate streams per decision so that a fault changing one (resubmits happen only after failures) does not
  // shift the others: common random numbers across variants. Closed-loop clients each think on their own stream.
  Rng m_arrival_rng, m_choice_rng, m_double_click_rng, m_resubmit_rng, m_criticality_rng, m_key_reuse_rng;
  IndexedVector<ClientId, Rng> m_think_rngs;
  std::vector<std::uint32_t> m_client_ops;       // closed loop with `operations`: operations each client finished
  std::vector<std::uint32_t> m_record_versions;  // per versioned record (Step::Kind::read, write)
  std::uint32_t m_arrival_epoch = 0;
  std::uint32_t m_next_payload = 0;
  // Key reuses waiting for their time (kKeyReuse): the user and the key, by slot; freed slots are reused.
  struct KeyReuse {
    ClientId client;
    std::uint64_t key = 0;
  };
  std::vector<KeyReuse> m_key_reuses;
  std::vector<std::uint32_t> m_free_key_reuses;
  double m_load_factor = 1.0;
  // Profile points already in force: time only moves forward, so finding the current multiplier moves this on
  // instead of searching the profile at every arrival.
  std::size_t m_profile_passed = 0;
};

}  // namespace chaossim
