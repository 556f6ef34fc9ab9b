#pragma once
// The validated, resolved form of a scenario: what the engine runs. The scenario loader builds it from JSON
// (see docs/scenario-format.md); tests and benchmarks may build it directly. Names are resolved to indices here, so the
// engine never looks anything up by string. Defaults below are the format's defaults.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/distribution.h"
#include "core/time.h"
#include "model/trace.h"  // TraceConfig: which operations are traced
#include "strategies/adaptive_throttle.h"
#include "strategies/backoff.h"
#include "strategies/circuit_breaker.h"
#include "strategies/concurrency_limit.h"
#include "strategies/retry_budget.h"

namespace chaossim {

// Index of the client population where a service index is expected (the caller of the edge clients->target).
inline constexpr std::uint32_t kClients = 0xffffffffu;

struct Step {
  // respond: the reply goes to the caller now, with status `index` (2xx), and the handler goes on with its next
  // steps (acknowledge first, process after: what the caller cannot see any more cannot fail it).
  // read / write: optimistic concurrency on the versioned record `index`: a read notes its version; a write succeeds
  // only if the version is still the one read (and makes a new one), else the handler stops and answers 409.
  enum class Kind : std::uint8_t { work, call, effect, respond, read, write };
  Kind kind = Kind::work;
  Distribution work;        // work
  std::uint32_t index = 0;  // call: edge index; effect: effect index; respond: status; read, write: record
  // call: fan-out. `count` calls go out at once, each its own downstream operation; the step is done when `need`
  // of them succeeded, and fails as soon as that can no longer happen (the calls still out are abandoned).
  std::uint32_t count = 1, need = 1;
  // call: the edge of its compensation (a saga): when a later call step of the handler fails, this call is undone by
  // a call over that edge before the service answers 502. kNone: nothing to undo.
  std::uint32_t compensate = kNone;
  static constexpr std::uint32_t kNone = ~0u;
  bool operator==(const Step&) const = default;
};

// How much a request matters to its user, as Google's RPC criticality: drawn per operation from the clients' mix
// and carried by every call the operation makes. Ordered: a lower value is served first by a priority queue.
enum class Criticality : std::uint8_t { critical, normal, sheddable };  // "default" in files
inline constexpr std::size_t kCriticalities = 3;
inline constexpr std::array<std::string_view, kCriticalities> kCriticalityNames = {"critical", "default", "sheddable"};

// CoDel as Facebook runs it in front of its RPC servers ("Fail at Scale", Maurer 2015): when the queue has not
// been empty at any time in the last `interval`, a request that joins it may wait at most `target`; otherwise up
// to `interval`. A request over its limit is shed (answered 503). Classic CoDel's control law (dropping at
// interval / sqrt(n)) is deliberately left out: it paces drops to signal TCP senders one packet at a time, while an
// RPC server answers every shed request at once, so the callers learn of the overload with their first refusal.
struct CodelConfig {
  Duration target = Duration::milliseconds(5);
  Duration interval = Duration::milliseconds(100);
  bool operator==(const CodelConfig&) const = default;
};

struct QueueConfig {
  // Which waiting request a free worker takes. adaptive_lifo: the oldest while the queue is not congested (it has
  // been empty within the last congestion interval), the newest while it is: the freshest callers still wait.
  // priority: the most critical first, oldest first within a criticality; a full queue sheds the least critical.
  enum class Discipline : std::uint8_t { fifo, lifo, adaptive_lifo, priority };
  std::optional<std::uint32_t> capacity;  // waiting requests; unbounded when absent
  Discipline discipline = Discipline::fifo;
  std::optional<Duration> max_wait;  // shed on dequeue when waited longer
  std::optional<CodelConfig> codel;
  // The congestion signal of CoDel and adaptive LIFO: the queue has not been empty for this long.
  Duration congestion_interval() const { return codel ? codel->interval : CodelConfig{}.interval; }
  bool operator==(const QueueConfig&) const = default;
};

struct IdempotencyConfig {
  bool enabled = false;
  bool durable = true;  // "durable" survives crashes; "memory" is emptied by one
  Duration ttl = Duration::seconds(24 * 3600);
  bool in_flight_wait = false;  // false: 409 to a duplicate while the first is in flight
  bool cache_errors = false;
  bool record_after_response = false;  // "after_response": a crash between reply and record loses the record
  // A request whose key was stored for a different request (another payload: the same key, a new amount) gets 422
  // and no effect; when false the stored reply answers it, though it was another request's.
  bool check_payload = true;
  // The in-flight record as a lease (`lock`, Redis's SET key NX EX ttl): it expires lock_ttl after it was taken,
  // and a duplicate arriving after that takes a new lease and runs the handler again. Absent, the record lasts
  // until its request ends. `lock_renew`: the holder renews the lease every lock_ttl / 3 while it lives (a
  // watchdog), so only a dead holder's lease runs out. `fencing`: each lease carries a token, higher for each new
  // lease of the key, and an effect step of a holder whose key has been leased again since is refused (409).
  std::optional<Duration> lock_ttl;
  bool lock_renew = false;
  bool fencing = false;
  bool operator==(const IdempotencyConfig&) const = default;
};

// Work that slows down as the service fills up (lock contention, cache thrashing, GC pressure): a work step that
// starts while n other requests are counted takes (1 + per_request x n) times its sampled time.
struct ContentionConfig {
  enum class Counts : std::uint8_t {
    in_service,  // requests holding a worker (running, or waiting on their own calls)
    queued,      // requests waiting for a worker
    in_system,   // both
  };
  double per_request = 0.0;  // 0: no contention
  Counts counts = Counts::in_service;
  bool operator==(const ContentionConfig&) const = default;
};

// Load-dependent errors: a server that says "too busy, come back later" once its queue is long. While
// `queue_above` or more requests wait, a request that would have to wait too is answered at once with `status`
// and, when given, a Retry-After that callers honour as they do an `error` fault's.
struct OverloadConfig {
  std::optional<std::uint32_t> queue_above;  // absent: off
  std::int16_t status = 429;
  std::optional<Duration> retry_after;
  bool operator==(const OverloadConfig&) const = default;
};

// Active health checks of a service's instances (engine_health.cpp): every `interval` the checker probes each
// instance on a phase of its own; `unhealthy_threshold` failed probes in a row take the instance out of every
// balancer's rotation, `healthy_threshold` passed probes in a row put it back. A liveness probe asks whether the
// process answers; a readiness probe also whether it can do work (not draining, its idempotency store reachable).
struct HealthCheckConfig {
  enum class Check : std::uint8_t { liveness, readiness };
  bool enabled = false;
  Duration interval = Duration::seconds(5);
  Duration timeout = Duration::seconds(1);  // at most interval: one probe per instance in flight
  std::uint32_t unhealthy_threshold = 3, healthy_threshold = 2;
  Check check = Check::liveness;
  bool operator==(const HealthCheckConfig&) const = default;
};

struct ServiceConfig {
  std::string name;
  // Processes of the service, each with its own `workers`, queue, processors, limit and memory store (a durable
  // store is shared by all); callers reach them through their edge's balancer.
  std::uint32_t instances = 1;
  std::uint32_t workers = 1;  // per instance
  HealthCheckConfig health_check;
  QueueConfig queue;
  bool drop_expired = false;
  std::vector<Step> handler;  // loader fills the default [{"work":"1ms"}]
  IdempotencyConfig idempotency;
  // Processor sharing: work steps in progress share this many processors equally (model/processor_sharing.h).
  // Absent, every worker has a processor of its own and work is never slowed by other requests.
  std::optional<std::uint32_t> processors;
  // The processors its work steps run on: `processors`, or one per worker.
  std::uint32_t processor_count() const { return processors.value_or(workers); }
  ContentionConfig contention;
  OverloadConfig overload;
  // An adaptive concurrency limit on the requests admitted (queued or in service): beyond it a request is answered
  // at once with limit.status. Off while algorithm is none.
  LimitConfig limit;
  bool operator==(const ServiceConfig&) const = default;
};

// A point of the rate profile: from `at` on the rate is multiplied by `multiplier`. A ramp point is reached
// linearly instead: the multiplier moves in a straight line from the previous point's (1 at 0s before the first
// point) to its own over the time between them.
struct ProfilePoint {
  Duration at;
  double multiplier = 1.0;
  bool ramp = false;
  bool operator==(const ProfilePoint&) const = default;
};

struct ArrivalConfig {
  enum class Process : std::uint8_t { poisson, constant, closed };
  Process process = Process::poisson;
  double rate = 0.0;                        // operations per second for the whole population (open loop)
  Distribution think_time;                  // closed loop
  std::optional<std::uint32_t> operations;  // closed loop: operations per client (a finite workload); none: no end
  // Rate multipliers, sorted by time; empty means 1.0 throughout.
  std::vector<ProfilePoint> profile;
  bool operator==(const ArrivalConfig&) const = default;
};

struct DoubleClickConfig {
  double probability = 0.0;  // 0 disables
  Distribution gap = Distribution::constant(Duration::milliseconds(300));
  bool same_key = true;
  bool operator==(const DoubleClickConfig&) const = default;
};

// Users whose next request reuses the key of their last one (a key derived from the cart, not the order): after a
// successful operation, with `probability`, a new operation with another payload is sent `after` later with the
// same key.
struct KeyReuseConfig {
  double probability = 0.0;  // 0 disables
  Distribution after = Distribution::constant(Duration::seconds(30));
  bool operator==(const KeyReuseConfig&) const = default;
};

struct ResubmitConfig {
  double probability = 0.0;  // 0 disables
  Distribution after = Distribution::constant(Duration::seconds(5));
  bool operator==(const ResubmitConfig&) const = default;
};

struct ClientsConfig {
  std::uint32_t count = 1;
  std::uint32_t target = 0;  // service index
  ArrivalConfig arrival;
  DoubleClickConfig double_click;
  ResubmitConfig resubmit;
  KeyReuseConfig key_reuse;
  // Share of operations per criticality, by Criticality; absent: every operation is "default" and no draw is made.
  std::optional<std::array<double, kCriticalities>> criticality;
  bool operator==(const ClientsConfig&) const = default;
};

// Failure classes a caller may retry (bit flags).
enum RetryOn : std::uint8_t {
  kRetryTimeout = 1,
  kRetry5xx = 2,
  kRetry429 = 4,
  kRetry409 = 8,
  kRetryConnectError = 16,
};

struct RetryConfig {
  std::uint32_t max_attempts = 1;
  BackoffConfig backoff;
  std::uint8_t retry_on = kRetryTimeout | kRetry5xx | kRetryConnectError;
  bool respect_retry_after = true;
  BudgetConfig budget;
  bool operator==(const RetryConfig&) const = default;
};

enum class KeyMode : std::uint8_t { per_operation, per_attempt, none };

// What may make a caller answer with its fallback (the format's `fallback.on`).
enum class FallbackTrigger : std::uint8_t { breaker_open, exhausted, bulkhead_full, throttled };

struct FallbackConfig {
  bool on_breaker_open = false;
  bool on_exhausted = false;
  bool on_bulkhead_full = false;
  bool on_throttled = false;  // the caller's own adaptive throttle refused the attempt
  bool any() const { return on_breaker_open || on_exhausted || on_bulkhead_full || on_throttled; }
  bool operator==(const FallbackConfig&) const = default;
};

// Envoy's slow start: an instance that (re)started less than `window` ago gets the weight
// max(min_weight, (age / window)^(1 / aggression)) instead of 1, so a cold process is eased into its share.
struct SlowStartConfig {
  std::optional<Duration> window;  // off when absent
  double aggression = 1.0;
  double min_weight = 0.1;  // a fraction of the full weight (Envoy's min_weight_percent / 100)
  bool operator==(const SlowStartConfig&) const = default;
};

// How a caller picks the instance of a multi-instance callee for each attempt.
struct BalancerConfig {
  enum class Policy : std::uint8_t { round_robin, random, least_outstanding, power_of_two_choices };
  Policy policy = Policy::round_robin;
  bool sticky = false;  // a call's retries go to the instance of its first attempt
  SlowStartConfig slow_start;
  bool operator==(const BalancerConfig&) const = default;
};

// Passive health checking in Envoy's style, per edge (engine_health.cpp): `consecutive_5xx` failures in a row from
// one instance (5xx replies, refused connections and timeouts alike) eject it from this edge's balancer for
// base_ejection_time x the times it has been ejected; at most max_ejection_percent of the instances are out at
// once, but always at least one may be.
struct OutlierConfig {
  bool enabled = false;
  std::uint32_t consecutive_5xx = 5;
  Duration base_ejection_time = Duration::seconds(30);
  double max_ejection_percent = 10;
  bool operator==(const OutlierConfig&) const = default;
};

// Hedged requests (Dean and Barroso, "The Tail at Scale"): while a call's first attempt is still outstanding after
// `delay` (or the edge's observed latency `percentile`), another copy of it goes out, and so on up to `max` copies;
// the first success wins and the others are abandoned. A copy is a retry for the edge's retry budget, which is how
// hedges are kept to a few percent of the traffic.
struct HedgeConfig {
  std::uint32_t max = 0;  // copies beyond the first attempt; hedging is off at 0
  std::optional<Duration> delay;
  std::optional<double> percentile;  // of the last complete window of answered attempts (kHedgeWindow)
  static constexpr std::uint32_t kWindow = 1000;
  bool operator==(const HedgeConfig&) const = default;
};

struct EdgeConfig {
  std::string name;                 // "caller->callee"
  std::uint32_t caller = kClients;  // service index or kClients
  std::uint32_t callee = 0;
  Distribution latency = Distribution::constant(Duration::milliseconds(1));
  Duration timeout = Duration::seconds(30);
  std::optional<Duration> deadline;
  RetryConfig retry;
  KeyMode idempotency_key = KeyMode::per_operation;
  BreakerConfig breaker;
  std::optional<std::uint32_t> bulkhead_max_concurrent;
  FallbackConfig fallback;
  ThrottleConfig throttle;  // client-side adaptive throttling (SRE book)
  // When the caller gives up on an attempt (its timeout, the call's deadline, the caller's own request cancelled or
  // crashed), the callee drops the request if still queued, stops it if running and cancels its downstream calls.
  bool cancel_on_abandon = false;
  HedgeConfig hedge;
  LimitConfig limit;        // adaptive concurrency limit on attempts in flight; off while algorithm is none
  BalancerConfig balancer;  // used when the callee has several instances
  OutlierConfig outlier;    // likewise
  bool operator==(const EdgeConfig&) const = default;
};

// What a service does while its idempotency store is unreachable (a store_outage fault's `mode`).
enum class StoreOutageMode : std::uint8_t {
  fail_closed,  // answer 503: no dedupe, no service
  fail_open,    // run the handler without dedupe
};

struct FaultConfig {
  enum class Type : std::uint8_t {
    error,
    error_after_effect,
    slowdown,
    capacity,
    crash,
    hang,
    pause,
    store_outage,
    latency,
    drop_request,
    drop_response,
    duplicate_request,
    partition,
    load,
    restart,  // its instances restart at once
    deploy,   // a rolling deploy: its instances restart max_unavailable at a time
  };
  enum class Target : std::uint8_t { service, edge, clients };
  std::string id;
  Type type = Type::error;
  Target target_kind = Target::service;
  std::uint32_t target = 0;  // service or edge index
  // A service fault hits the instances [first_instance, first_instance + instance_count) of its service; an
  // instance_count of 0 means every instance from first_instance on.
  std::uint32_t first_instance = 0, instance_count = 0;
  Duration start = Duration::zero();
  Duration end = Duration::infinite();  // start + duration (for crash: start + restart_after), clipped to the run
  double probability = 1.0;
  int status = 503;                                          // error (503), error_after_effect (500)
  std::optional<Duration> retry_after;                       // error
  double factor = 1.0;                                       // slowdown, load
  std::uint32_t workers = 0;                                 // capacity
  StoreOutageMode outage_mode = StoreOutageMode::fail_open;  // store_outage
  Distribution delay;                                        // latency
  // restart, deploy: a graceful stop drains for up to drain_timeout; the new process starts startup_time after the
  // old one exits and runs its work cold_factor times slower at first, easing to full speed over warmup.
  bool graceful = true;
  Duration drain_timeout = Duration::seconds(30);
  Duration startup_time = Duration::seconds(5);
  Duration warmup = Duration::zero();
  double cold_factor = 1.0;
  std::uint32_t max_unavailable = 1;        // deploy: instances restarted at a time
  Duration batch_pause = Duration::zero();  // deploy: wait between one batch being back and the next
  // The time from one batch of a restart or deploy to the next: the longest a batch can take, plus the pause.
  Duration lifecycle_step() const { return (graceful ? drain_timeout : Duration::zero()) + startup_time + batch_pause; }
  bool operator==(const FaultConfig&) const = default;
};

struct Expectation {
  enum class Op : std::uint8_t { eq, ne, lt, le, gt, ge };
  enum class Phase : std::uint8_t { overall, before, during, after };
  std::string metric;
  Op op = Op::eq;
  double value = 0.0;  // durations in seconds
  Phase phase = Phase::overall;
  // `checks`: how the system should behave (a health check). `demonstrates`: the failure a lesson is about, shown
  // by a broken configuration (6,000 duplicate charges without idempotency keys); it passes when the failure
  // shows, and reports keep it apart from health so that a broken baseline never reads as a healthy one.
  enum class Role : std::uint8_t { checks, demonstrates };
  Role role = Role::checks;
  std::string value_text;  // as written, for messages
  bool operator==(const Expectation&) const = default;
};

struct Scenario {
  std::string name;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::uint64_t seed = 1;
  Duration duration;
  Duration warmup = Duration::zero();
  Duration bucket = Duration::seconds(1);
  std::vector<ServiceConfig> services;
  ClientsConfig clients;
  // Every edge the scenario uses, resolved (explicit, else "default", else built-in defaults): the edge
  // clients->target first, then one per distinct (service, callee) pair named by a call step.
  std::vector<EdgeConfig> edges;
  std::vector<std::string> effects;  // effect names; Step::index for effects points here
  // Per effect, the effect it undoes (a refund undoes a charge), or Step::kNone. The ledger nets them: an operation
  // charged and refunded has no charge left.
  std::vector<std::uint32_t> effect_undoes;
  std::vector<std::string> records;  // versioned records; Step::index for reads and writes points here
  std::vector<FaultConfig> faults;
  std::vector<Expectation> expect;
  TraceConfig trace;  // off unless the scenario or `chaossim run --trace` asks

  std::uint32_t client_edge() const { return 0; }

  // Field by field: tests compare what the loader resolved with what a default stands for.
  bool operator==(const Scenario&) const = default;
};

}  // namespace chaossim
