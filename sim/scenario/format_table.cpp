// The format's table: every key of a scenario file with its type, bounds, choices, unit, default and doc, the kinds
// of distribution, and the keys that depend on the kind of object. format.h says who reads it.
#include <iterator>

#include "scenario/fault_types.h"
#include "scenario/format.h"
#include "scenario/limits.h"
#include "scenario/live_config.h"  // HttpMethod: the choices of live.request.method

namespace chaossim::format {

namespace {

using namespace chaossim::limits;

// Small constructors keep the table below one readable line per key.
constexpr Rule object(std::string_view p) { return {.pattern = p, .kind = Kind::object}; }
constexpr Rule map(std::string_view p, Keys keys, double lo, double hi) {
  return {.pattern = p, .kind = Kind::map, .min = lo, .max = hi, .keys = keys};
}
constexpr Rule array(std::string_view p, double lo, double hi) {
  return {.pattern = p, .kind = Kind::array, .min = lo, .max = hi};
}
constexpr Rule text(std::string_view p, double max_chars) {
  return {.pattern = p, .kind = Kind::string, .max = max_chars};
}
constexpr Rule name(std::string_view p) { return {.pattern = p, .kind = Kind::name}; }
constexpr Rule flag(std::string_view p) { return {.pattern = p, .kind = Kind::boolean}; }
constexpr Rule integer(std::string_view p, double lo, double hi) {
  return {.pattern = p, .kind = Kind::integer, .min = lo, .max = hi};
}
constexpr Rule number(std::string_view p, double lo, double hi) {
  return {.pattern = p, .kind = Kind::number, .min = lo, .max = hi};
}
constexpr Rule above(std::string_view p, double lo, double hi) {  // lo < value <= hi
  return {.pattern = p, .kind = Kind::number, .min = lo, .max = hi, .exclusive_min = true};
}
constexpr Rule duration(std::string_view p) { return {.pattern = p, .kind = Kind::duration}; }
constexpr Rule positive_duration(std::string_view p) {
  return {.pattern = p, .kind = Kind::duration, .exclusive_min = true};
}
constexpr Rule distribution(std::string_view p) { return {.pattern = p, .kind = Kind::distribution}; }
constexpr Rule choice(std::string_view p, std::span<const Choice> values) {
  return {.pattern = p, .kind = Kind::choice, .choices = values};
}
constexpr Rule of_kind(std::string_view p, Kind kind) { return {.pattern = p, .kind = kind}; }
constexpr Rule required(Rule r) {
  r.required = true;
  return r;
}

// The unit, default and doc of a rule: the last three things every line of the table says.
constexpr Rule K(Rule r, std::string_view unit, std::string_view default_json, std::string_view doc) {
  r.unit = unit;
  r.default_json = default_json;
  r.doc = doc;
  return r;
}

// ---- Choices: each spelling with the value it stands for, so the resolver maps names to enums by table ----------

using BT = BreakerConfig::Type;
using QD = QueueConfig::Discipline;
constexpr Choice kDiscipline[] = {choice_of("fifo", QD::fifo, "oldest first (FIFO)"),
                                  choice_of("lifo", QD::lifo, "newest first (LIFO)"),
                                  choice_of("adaptive_lifo", QD::adaptive_lifo, "FIFO, LIFO while congested"),
                                  choice_of("priority", QD::priority, "most critical first")};
using BP = BalancerConfig::Policy;
constexpr Choice kBalancerPolicy[] = {
    choice_of("round_robin", BP::round_robin), choice_of("random", BP::random),
    choice_of("least_outstanding", BP::least_outstanding, "fewest attempts in flight"),
    choice_of("power_of_two_choices", BP::power_of_two_choices, "the less loaded of two at random")};
using HC = HealthCheckConfig::Check;
constexpr Choice kHealthCheck[] = {
    choice_of("liveness", HC::liveness, "the process answers"),
    choice_of("readiness", HC::readiness, "it answers and can do work: not draining, its store reachable")};
constexpr Choice kStore[] = {choice_of("durable", true), choice_of("memory", false, "in memory (lost on crash)")};
constexpr Choice kInFlight[] = {choice_of("reject", false, "reject with 409"),
                                choice_of("wait", true, "wait for the first reply")};
constexpr Choice kRecord[] = {choice_of("before_response", false, "before the response"),
                              choice_of("after_response", true, "after the response")};
constexpr Choice kProcess[] = {choice_of("poisson", ArrivalConfig::Process::poisson, "Poisson (open loop)"),
                               choice_of("constant", ArrivalConfig::Process::constant, "constant (open loop)"),
                               choice_of("closed", ArrivalConfig::Process::closed, "closed loop")};
constexpr Choice kBackoffType[] = {choice_of("constant", BackoffType::constant),
                                   choice_of("linear", BackoffType::linear),
                                   choice_of("exponential", BackoffType::exponential),
                                   choice_of("schedule", BackoffType::schedule, "a fixed list of delays")};
constexpr Choice kJitter[] = {choice_of("none", Jitter::none), choice_of("full", Jitter::full),
                              choice_of("equal", Jitter::equal), choice_of("decorrelated", Jitter::decorrelated)};
constexpr Choice kRetryOn[] = {choice_of("timeout", kRetryTimeout), choice_of("5xx", kRetry5xx),
                               choice_of("429", kRetry429), choice_of("409", kRetry409),
                               choice_of("connect_error", kRetryConnectError)};
constexpr Choice kBudgetType[] = {
    choice_of("token_bucket", BudgetConfig::Type::token_bucket, "token bucket (gRPC, Brooker's adaptive bucket)"),
    choice_of("ratio", BudgetConfig::Type::ratio, "ratio of recent requests (Finagle)"),
    choice_of("concurrency", BudgetConfig::Type::concurrency, "share of the attempts in flight (Envoy)"),
    choice_of("retry_breaker", BudgetConfig::Type::retry_breaker, "retries stop above a failure rate")};
constexpr Choice kScope[] = {choice_of("per_client", false, "one per client"), choice_of("shared", true)};
constexpr Choice kKeyMode[] = {choice_of("per_operation", KeyMode::per_operation, "one per operation"),
                               choice_of("per_attempt", KeyMode::per_attempt, "new per attempt"),
                               choice_of("none", KeyMode::none)};
// "window" is refined into a count or time window by window.type.
constexpr Choice kBreakerType[] = {choice_of("window", BT::count_window), choice_of("consecutive", BT::consecutive)};
constexpr Choice kWindowType[] = {choice_of("count", BT::count_window), choice_of("time", BT::time_window)};
constexpr Choice kFallbackOn[] = {
    choice_of("breaker_open", FallbackTrigger::breaker_open), choice_of("exhausted", FallbackTrigger::exhausted),
    choice_of("bulkhead_full", FallbackTrigger::bulkhead_full), choice_of("throttled", FallbackTrigger::throttled)};
constexpr Choice kTraceKeep[] = {choice_of("duplicated", TraceConfig::kDuplicated, "an effect ran twice or more"),
                                 choice_of("failed", TraceConfig::kFailed, "the user saw a failure"),
                                 choice_of("inconsistent", TraceConfig::kInconsistent, "failed, yet an effect ran"),
                                 choice_of("slowest", TraceConfig::kSlowest, "the longest waits for an outcome")};
constexpr Choice kContentionCounts[] = {
    choice_of("in_service", ContentionConfig::Counts::in_service, "requests holding a worker"),
    choice_of("queued", ContentionConfig::Counts::queued, "requests waiting for a worker"),
    choice_of("in_system", ContentionConfig::Counts::in_system, "both")};
constexpr Choice kLimitAlgorithm[] = {choice_of("aimd", LimitConfig::Algorithm::aimd),
                                      choice_of("vegas", LimitConfig::Algorithm::vegas),
                                      choice_of("gradient2", LimitConfig::Algorithm::gradient2)};
constexpr Choice kFaultMode[] = {choice_of("fail_open", FaultMode::fail_open),
                                 choice_of("fail_closed", FaultMode::fail_closed),
                                 choice_of("graceful", FaultMode::graceful, "graceful (drain, then stop)"),
                                 choice_of("hard", FaultMode::hard, "hard (SIGKILL)")};
constexpr Choice kOp[] = {choice_of("==", Expectation::Op::eq), choice_of("!=", Expectation::Op::ne),
                          choice_of("<", Expectation::Op::lt),  choice_of("<=", Expectation::Op::le),
                          choice_of(">", Expectation::Op::gt),  choice_of(">=", Expectation::Op::ge)};
constexpr Choice kRole[] = {choice_of("checks", Expectation::Role::checks),
                            choice_of("demonstrates", Expectation::Role::demonstrates)};
constexpr Choice kHttpMethod[] = {choice_of("GET", HttpMethod::get), choice_of("POST", HttpMethod::post),
                                  choice_of("PUT", HttpMethod::put), choice_of("PATCH", HttpMethod::patch),
                                  choice_of("DELETE", HttpMethod::del)};
constexpr Choice kPhase[] = {
    choice_of("overall", Expectation::Phase::overall), choice_of("before", Expectation::Phase::before),
    choice_of("during", Expectation::Phase::during), choice_of("after", Expectation::Phase::after)};

// ---- Distributions --------------------------------------------------------------------------------------------

constexpr Choice kDistributionChoices[] = {{"constant", 0},  {"uniform", 1}, {"exponential", 2},
                                           {"lognormal", 3}, {"pareto", 4},  {"normal", 5},
                                           {"weibull", 6},   {"mixture", 7}, {"empirical", 8}};
constexpr Rule kDistributionKindRule = choice("dist", kDistributionChoices);
// Parameters where time must pass (a mean or scale of zero) are positive: zero would make every sample zero.
constexpr DistributionKind kDistributionKinds[] = {
    {"constant", "always `value`", K(duration("value"), "", "", "the value")},
    {"uniform", "uniform between `min` and `max` (min <= max)", K(duration("min"), "", "", "lower bound"),
     K(duration("max"), "", "", "upper bound")},
    {"exponential", "exponential with `mean`", K(positive_duration("mean"), "", "", "the mean")},
    {"lognormal", "lognormal with `median` and shape `sigma`", K(positive_duration("median"), "", "", "the median"),
     K(number("sigma", 0, kMaxSigma), "", "", "the shape: the standard deviation of the logarithm")},
    {"pareto", "Pareto (heavy tail) with `scale` and `shape`", K(positive_duration("scale"), "", "", "the minimum"),
     K(above("shape", 0, kMaxParetoShape), "", "", "the tail index: smaller is heavier")},
    {"normal", "normal with `mean` and `stddev`, truncated at 0 by drawing again",
     K(positive_duration("mean"), "", "", "the mean before truncation"),
     K(duration("stddev"), "", "", "the standard deviation before truncation")},
    {"weibull", "Weibull with `scale` and `shape`", K(positive_duration("scale"), "", "", "the scale"),
     K(above("shape", 0, kMaxWeibullShape), "", "", "the shape: below 1 a heavy tail, 1 exponential")},
    {"mixture", "one of the distributions in `of`, picked by weight",
     K(array("of", 1, kMaxMixtureComponents), "", "", "the components: {\"weight\": w, \"dist\": distribution}")},
    {"empirical", "one of the samples in `file` or `samples`, each equally likely",
     K(text("file", kMaxTextChars), "", "",
       "a file of samples next to the scenario: one duration per line, or a JSON array of durations"),
     K(array("samples", 1, kMaxEmpiricalSamples), "", "", "the samples: an array of durations"), true},
};

// ---- Shapes: keys that depend on the kind of object (fault shapes come from fault_types.h) -----------------------

struct ShapeGroup {
  std::string_view object;
  std::string_view common;
};
constexpr ShapeGroup kShapeGroups[] = {
    {"faults[]", kFaultCommonKeys},
    {"clients.arrival", "process"},
    {"edges.*.retry.budget", "type scope"},
    {"edges.*.retry.backoff", "type"},
    {"edges.*.circuit_breaker", "type scope open_for half_open_calls"},
    {"edges.*.concurrency_limit", "algorithm scope initial max"},
    {"services.*.concurrency_limit", "algorithm status initial max"},
};
constexpr Shape kShapes[] = {
    {"clients.arrival", "process", "poisson", "rate profile", "rate"},
    {"clients.arrival", "process", "constant", "rate profile", "rate"},
    {"clients.arrival", "process", "closed", "think_time operations", "think_time"},
    {"edges.*.retry.backoff", "type", "constant", "base multiplier max jitter"},
    {"edges.*.retry.backoff", "type", "linear", "base multiplier max jitter"},
    {"edges.*.retry.backoff", "type", "exponential", "base multiplier max jitter"},
    {"edges.*.retry.backoff", "type", "schedule", "delays spread", "delays"},
    {"edges.*.retry.budget", "type", "token_bucket",
     "max_tokens token_ratio initial_tokens failure_cost retry_cost threshold"},
    {"edges.*.retry.budget", "type", "ratio", "percent min_per_second window"},
    {"edges.*.retry.budget", "type", "concurrency", "percent min_retry_concurrency"},
    {"edges.*.retry.budget", "type", "retry_breaker", "failure_rate min_calls window"},
    {"edges.*.circuit_breaker", "type", "window", "window min_calls failure_rate slow_call"},
    {"edges.*.circuit_breaker", "type", "consecutive", "failures"},
    {"edges.*.concurrency_limit", "algorithm", "aimd", "min backoff_ratio timeout"},
    {"edges.*.concurrency_limit", "algorithm", "vegas", "smoothing probe_multiplier"},
    {"edges.*.concurrency_limit", "algorithm", "gradient2", "min smoothing tolerance long_window queue_size"},
    {"services.*.concurrency_limit", "algorithm", "aimd", "min backoff_ratio timeout"},
    {"services.*.concurrency_limit", "algorithm", "vegas", "smoothing probe_multiplier"},
    {"services.*.concurrency_limit", "algorithm", "gradient2", "min smoothing tolerance long_window queue_size"},
};

constexpr double kMaxFaultTargetChars = 2 * kMaxNameChars + 2;  // "caller->callee"

// The keys of an adaptive concurrency limit, the same on a service and on an edge. A macro because the table is
// constexpr and string literals can only be joined by the preprocessor.
#define CHAOSSIM_LIMIT_KEYS(OBJECT)                                                                                    \
  K(required(choice(OBJECT ".algorithm", kLimitAlgorithm)), "", "",                                                    \
    "`aimd`: +1 per sample while the limit is in use, x backoff_ratio on a drop or a round trip over `timeout`. "      \
    "`vegas`: grows while round trips stay near the fastest seen, shrinks as they rise (TCP Vegas). `gradient2`: "     \
    "scales the limit by the ratio of the long-term to the latest round trip (Netflix concurrency-limits)."),          \
      K(integer(OBJECT ".initial", 1, kMaxConcurrent), "requests", "20", "The limit at the start (1 to 1000000)."),    \
      K(integer(OBJECT ".min", 1, kMaxConcurrent), "requests", "20",                                                   \
        "aimd, gradient2: the limit never goes below this (vegas: 1)."),                                               \
      K(integer(OBJECT ".max", 1, kMaxConcurrent), "requests", "",                                                     \
        "The limit never goes above this (default 200; vegas: 1000)."),                                                \
      K(number(OBJECT ".backoff_ratio", 0.5, 1), "×", "0.9",                                                           \
        "aimd: the limit is multiplied by this on a drop (0.5 to below 1)."),                                          \
      K(positive_duration(OBJECT ".timeout"), "", R"("5s")", "aimd: a round trip longer than this counts as a drop."), \
      K(above(OBJECT ".smoothing", 0, 1), "fraction", "",                                                              \
        "vegas (default 1), gradient2 (default 0.2): how far one sample moves the limit toward its new value."),       \
      K(integer(OBJECT ".probe_multiplier", 1, kMaxConcurrent), "×", "30",                                             \
        "vegas: the fastest round trip is measured afresh about every probe_multiplier x limit samples."),             \
      K(number(OBJECT ".tolerance", 1, 100), "×", "1.5",                                                               \
        "gradient2: round trips up to tolerance x the long-term average do not shrink the limit."),                    \
      K(integer(OBJECT ".long_window", 1, kMaxConcurrent), "samples", "600",                                           \
        "gradient2: samples in the long-term average of round trips."),                                                \
      K(integer(OBJECT ".queue_size", 0, kMaxConcurrent), "requests", "4",                                             \
        "gradient2: requests added to the limit at each step, the queue it allows.")

// The format, key by key: type and bounds, then unit, default (as JSON) and doc. docs/scenario-format.md explains
// it to users (a test checks that it names every key); scenarios/schema/chaossim.schema.json is generated from it.
constexpr Rule kRules[] = {
    K(object(""), "", "",
      "A chaossim scenario: services and the calls between them, the clients that drive them, the strategy "
      "of every caller, a timeline of faults and what must hold at the end."),
    K(text("$schema", kMaxTextChars), "", "", "The schema this file follows, for editor completion."),
    K(required(integer("schema_version", 1, 1)), "", "", "Version of the scenario format; must be 1."),
    K(required(name("name")), "", "", "Identifier of the scenario; results go to results/<name>/ by default."),
    K(text("title", kMaxTitleChars), "", "", "A one-line title (at most 200 characters)."),
    K(text("description", kMaxDescriptionBytes), "", "",
      "Markdown lesson text shown by the GUI and reports (at most 65536 characters)."),
    K(array("tags", 0, kMaxTags), "", "[]", "Labels for finding scenarios (at most 32)."),
    K(text("tags[]", kMaxTagChars), "", "", "A label (at most 64 characters)."),
    K(of_kind("seed", Kind::seed), "", "1",
      "Unsigned 64-bit seed of every random stream: same seed, byte-identical results."),
    K(required(positive_duration("duration")), "", "", "Simulated time of a run; at most 720h (30 days)."),
    K(duration("warmup"), "", R"("0s")",
      "Initial time excluded from summary metrics (still plotted); shorter than duration."),
    K(positive_duration("bucket"), "", R"("1s")",
      "Time-series resolution; duration / bucket must not exceed 100000 buckets."),
    K(required(map("services", Keys::names, 1, kMaxServices)), "", "",
      "The services by name (1 to 256). `clients` and `default` are reserved."),
    K(object("services.*"), "", "",
      "A pool of `workers` with a bounded queue. A worker is held for the whole handler, including while it "
      "waits on its own downstream calls."),
    K(required(integer("services.*.workers", 1, kMaxWorkers)), "workers", "",
      "Requests served at the same time (threads). At most 100000."),
    K(integer("services.*.instances", 1, kMaxInstances), "instances", "1",
      "Processes of the service (1 to 1000), named `<service>#1` to `#N`: each has its own `workers`, queue, "
      "processors, concurrency limit and `memory` idempotency store (a `durable` store is shared by all). Callers "
      "reach them through their edge's `balancer`; a service fault can hit some of them."),
    K(object("services.*.health_check"), "", "",
      "Active health checks of the service's instances: every balancer in front of it sends only to the instances "
      "the checker believes healthy (all of them when none is). Off when absent."),
    K(positive_duration("services.*.health_check.interval"), "", R"("5s")",
      "Time between two probes of one instance; each instance is probed on a phase of its own. At least 10 ms."),
    K(positive_duration("services.*.health_check.timeout"), "", R"("1s")",
      "A probe not answered within this fails (a paused or hung process). At most `interval`."),
    K(integer("services.*.health_check.unhealthy_threshold", 1, kMaxHealthThreshold), "probes", "3",
      "Failed probes in a row that take a healthy instance out of rotation."),
    K(integer("services.*.health_check.healthy_threshold", 1, kMaxHealthThreshold), "probes", "2",
      "Passed probes in a row that put an unhealthy instance back."),
    K(choice("services.*.health_check.check", kHealthCheck), "", R"("liveness")",
      "What a probe tests. `liveness`: the process answers (fails while crashed, paused or hung). `readiness`: "
      "also that it can do work (fails while it drains or its idempotency store is unreachable)."),
    K(object("services.*.queue"), "", "", "The queue of requests waiting for a worker."),
    K(integer("services.*.queue.capacity", 0, kMaxQueueCapacity), "requests", "",
      "Waiting requests beyond which a new request is answered 503 at once. Unbounded when absent. At most "
      "10000000."),
    K(choice("services.*.queue.discipline", kDiscipline), "", R"("fifo")",
      "Which waiting request a free worker takes: the oldest (`fifo`), the newest (`lifo`), the oldest unless "
      "the queue is congested and then the newest (`adaptive_lifo`: congested when it has not been empty for "
      "`codel.interval`, 100ms without `codel`), or the most critical, oldest first within a criticality "
      "(`priority`: a full queue sheds its newest least critical request to admit a more critical one)."),
    K(object("services.*.queue.codel"), "", "",
      "CoDel as Facebook runs it: while the queue has not been empty for `interval`, a request that joins it may "
      "wait at most `target`, otherwise `interval`; a request over its limit is answered 503 (counted as shed). "
      "Off when absent."),
    K(positive_duration("services.*.queue.codel.target"), "", R"("5ms")",
      "The longest wait in a congested queue; shorter than `interval`."),
    K(positive_duration("services.*.queue.codel.interval"), "", R"("100ms")",
      "How long the queue must go without being empty to count as congested, and the longest wait otherwise."),
    K(duration("services.*.queue.max_wait"), "", "",
      "Load shedding: a request that waited longer is answered 503 when dequeued. No limit when absent."),
    K(flag("services.*.drop_expired"), "", "false",
      "Skip requests whose caller has already timed out (deadline propagation)."),
    K(array("services.*.handler", 1, kMaxHandlerSteps), "", R"([{"work": "1ms"}])",
      "Steps run in order; the reply is sent when the last step is done. 1 to 64 steps."),
    K(object("services.*.handler[]"), "", "",
      "One step: exactly one of `work`, `call`, `effect`, `respond`, `read` or `write`."),
    K(integer("services.*.handler[].respond", 200, 299), "HTTP status", "",
      "Answer the caller now with this 2xx status and go on with the next steps (acknowledge first, process "
      "after). What fails later cannot change the answer; an idempotency key is stored with it at once."),
    K(distribution("services.*.handler[].work"), "", "", "Time spent on the worker."),
    K(name("services.*.handler[].call"), "", "",
      "Call this service through the edge `this->callee` (its strategy, latency and faults). If the call "
      "finally fails, the handler fails and the service answers 502. Calls must not form a cycle."),
    K(integer("services.*.handler[].count", 1, kMaxCallCount), "calls", "",
      "With `call`: fan-out (one call when absent). This many calls go out at once (a scatter-gather over shards or "
      "replicas), each its "
      "own downstream operation with its own key; the step waits for `need` of them. 1 to 1000."),
    K(integer("services.*.handler[].need", 1, kMaxCallCount), "calls", "",
      "With `call`: the step is done when this many of the `count` calls succeeded (all of them by default); it fails "
      "(the service "
      "answers 502) as soon as more than `count - need` failed. The calls still out are then abandoned."),
    K(name("services.*.handler[].compensate"), "", "",
      "With `call`: a saga's compensation. When a later call step of this handler fails, this call is undone by "
      "a call to the named service (over the edge `this->that`) before the service answers 502, newest first."),
    K(name("services.*.handler[].undoes"), "", "",
      "With `effect`: the effect this one undoes (a `refund` undoes a `charge`). The ledger nets them: an "
      "operation that failed with its charge refunded is not inconsistent."),
    K(name("services.*.handler[].read"), "", "",
      "Read a versioned record (optimistic concurrency): note its version. Takes no time. At most 32 distinct "
      "records per scenario, shared by every service and instance (a database)."),
    K(name("services.*.handler[].write"), "", "",
      "Write the record read last: if another request wrote it since, the handler stops and the service "
      "answers 409 (a conflict; retried where `retry_on` lists 409); else it makes a new version."),
    K(name("services.*.handler[].effect"), "", "",
      "Perform a named side effect (e.g. `charge`), recorded in the ledger against the request's logical "
      "operation. At most 32 distinct effects per scenario."),
    K(integer("services.*.processors", 1, kMaxWorkers), "processors", "",
      "Processor sharing: the work steps in progress share this many processors equally, so with n steps on P "
      "processors each runs at min(1, P/n) of full speed. Absent, every worker has a processor of its own. At "
      "most 100000."),
    K(object("services.*.contention"), "", "",
      "Work that slows down as the service fills up (locks, cache thrashing, GC): a work step that starts while "
      "n other requests are counted takes (1 + per_request x n) times its sampled time. Off when absent."),
    K(required(number("services.*.contention.per_request", 0, kMaxContentionPerRequest)), "fraction", "",
      "How much longer work gets per other request: 0.01 makes a step 1% longer for each (0 to 10)."),
    K(choice("services.*.contention.counts", kContentionCounts), "", R"("in_service")",
      "Which other requests count: those holding a worker (`in_service`), those waiting for one (`queued`), or "
      "both (`in_system`)."),
    K(object("services.*.overload"), "", "",
      "Load-dependent errors: while `queue_above` requests wait, a request that would wait too is answered at "
      "once with `status` and `retry_after`. Off when absent."),
    K(required(integer("services.*.overload.queue_above", 0, kMaxQueueCapacity)), "requests", "",
      "Waiting requests from which new ones are turned away; below `queue.capacity` when both are set."),
    K(integer("services.*.overload.status", 400, 599), "HTTP status", "429",
      "The answer: 429 (too many requests) or 503 are usual. Callers retry it as their `retry_on` says."),
    K(duration("services.*.overload.retry_after"), "", "",
      "A Retry-After sent with the answer; callers with `respect_retry_after` wait at least that long."),
    K(object("services.*.concurrency_limit"), "", "",
      "An adaptive concurrency limit on the requests the service holds (queued or in service): a request beyond "
      "it is answered at once with `status`. The limit moves with the round trips and drops it measures. Off "
      "when absent."),
    CHAOSSIM_LIMIT_KEYS("services.*.concurrency_limit"),
    K(integer("services.*.concurrency_limit.status", 400, 599), "HTTP status", "503",
      "The answer to a request beyond the limit: 503 or 429 are usual."),
    K(object("services.*.idempotency"), "", "",
      "Server-side deduplication on the request's idempotency key. Disabled when absent; writing the object "
      "enables it unless `enabled` is false."),
    K(flag("services.*.idempotency.enabled"), "", "true", "Whether the service deduplicates requests by key."),
    K(choice("services.*.idempotency.store", kStore), "", R"("durable")",
      "`durable` survives crashes; a `memory` store is emptied by a crash."),
    K(positive_duration("services.*.idempotency.ttl"), "", R"("24h")", "How long a completed key's reply is kept."),
    K(choice("services.*.idempotency.in_flight", kInFlight), "", R"("reject")",
      "A request whose key is still being handled: `reject` answers 409, `wait` answers with the first "
      "request's reply when it arrives."),
    K(flag("services.*.idempotency.cache_errors"), "", "false",
      "Store error replies too (otherwise a retry after an error runs the handler again)."),
    K(choice("services.*.idempotency.record", kRecord), "", R"("before_response")",
      "When the reply is stored: `before_response`, or `after_response` (a crash between reply and record "
      "loses the record)."),
    K(flag("services.*.idempotency.check_payload"), "", "true",
      "Compare a known key's request with the one stored under it: a different payload (the same key, another "
      "amount) is answered 422 with no effect. When false the stored reply answers it, though it was another "
      "request's (counted as `idempotency.wrong_replies`)."),
    K(object("services.*.idempotency.lock"), "", "",
      "The in-flight record as a lease with a time to live (Redis's `SET key NX EX ttl`): once it runs out, a "
      "retry takes a new lease and runs the handler again, even while the first is still working. Absent, the "
      "record lasts as long as its request. Not with `in_flight: wait` or `record: after_response`."),
    K(required(positive_duration("services.*.idempotency.lock.ttl")), "", "", "How long a lease lasts."),
    K(flag("services.*.idempotency.lock.renew"), "", "false",
      "The holder renews its lease every ttl / 3 while it works (a watchdog): only a crashed holder's lease runs "
      "out, within ttl of its last renewal."),
    K(flag("services.*.idempotency.lock.fencing"), "", "false",
      "Each lease carries a token, higher for every new lease of the key; an effect step of a holder whose key "
      "was leased again since is refused, and the holder answers 409."),
    K(required(object("clients")), "", "",
      "The client population that drives the system through the edge `clients->target`."),
    K(required(integer("clients.count", 1, kMaxClients)), "clients", "",
      "Distinct clients; each has its own breaker and budget state unless an edge says `scope: shared`. At "
      "most 1000000."),
    K(required(name("clients.target")), "", "", "The service the clients call (edge `clients->target`)."),
    K(required(object("clients.arrival")), "", "",
      "How operations start. Open loop: `poisson` or `constant` with `rate` (and optionally `profile`). "
      "Closed loop: `closed` with `think_time`."),
    K(required(choice("clients.arrival.process", kProcess)), "", "",
      "`poisson` (random gaps) or `constant` (even gaps) at `rate`; `closed`: each client waits for its "
      "operation, thinks, starts the next."),
    K(above("clients.arrival.rate", 0, kMaxRate), "operations/s", "",
      "Operations per second for the whole population (open loop only; required there). At most 1000000. "
      "Rate x peak profile multiplier x duration (plus load faults) must stay within 1e9 operations per "
      "run."),
    K(distribution("clients.arrival.think_time"), "", "",
      "Closed loop only (required there): the pause between one operation's end and the client's next. Its "
      "mean must be above zero; clients x duration / mean think time must stay within 1e9 operations."),
    K(integer("clients.arrival.operations", 1, 1'000'000), "operations", "",
      "Closed loop only: a finite workload. Each client makes this many operations and stops (no end when "
      "absent); with it, the think time may be zero. The metric `makespan` tells how long the workload took."),
    K(array("clients.arrival.profile", 0, kMaxProfilePoints), "", "",
      "Open loop only: `[time, multiplier]` points, times strictly increasing; from each time on the rate "
      "is multiplied (1 before the first point). At most 1000 points."),
    K(of_kind("clients.arrival.profile[]", Kind::profile_point), "", "",
      R"(A point `["5m", 2.5]`: from this time on, the multiplier (0 to 1000).)"),
    K(object("clients.double_click"), "", "",
      "Users who submit the same operation again shortly after (same logical operation)."),
    K(required(number("clients.double_click.probability", 0, 1)), "probability", "",
      "Chance that an operation is submitted twice."),
    K(distribution("clients.double_click.gap"), "", R"("300ms")", "Time between the two submissions."),
    K(flag("clients.double_click.same_key"), "", "true",
      "The second submission reuses the idempotency key of the first (otherwise a new key)."),
    K(object("clients.key_reuse"), "", "",
      "Users whose next request reuses the idempotency key of their last one (a key derived from the cart rather "
      "than the order): a new operation with a different payload under an old key."),
    K(required(number("clients.key_reuse.probability", 0, 1)), "probability", "",
      "Chance that a successful operation is followed by a different request with its key."),
    K(distribution("clients.key_reuse.after"), "", R"("30s")",
      "Time between the operation's success and the new request."),
    K(object("clients.resubmit"), "", "", "Users who retry by hand, with a new key, after an operation fails."),
    K(required(number("clients.resubmit.probability", 0, 1)), "probability", "",
      "Chance that a failed operation is submitted again."),
    K(distribution("clients.resubmit.after"), "", R"("5s")", "Time between the failure and the new submission."),
    K(object("clients.criticality"), "", "",
      "How much operations matter, as Google's RPC criticality: the shares of each class, drawn per operation "
      "and carried by every call it makes (priority queues serve the most critical first). Shares must add up "
      "to 1; a class left out has no share. Absent: every operation is `default`."),
    K(number("clients.criticality.critical", 0, 1), "fraction", "", "Share of critical operations."),
    K(number("clients.criticality.default", 0, 1), "fraction", "", "Share of default operations."),
    K(number("clients.criticality.sheddable", 0, 1), "fraction", "",
      "Share of sheddable operations, the first shed by a full priority queue."),
    K(map("edges", Keys::edges, 0, kMaxEdges), "", "",
      "Caller strategies by edge `caller->callee` (caller a service or `clients`), plus `default` for every "
      "edge not listed. At most 1024 entries. Edges no call uses are ignored."),
    K(object("edges.*"), "", "",
      "The strategy of one caller towards one callee. Missing edges use `default`, else the built-in "
      "defaults. An explicit edge takes from `default` every top-level key it does not set itself; a key it "
      "sets (e.g. `retry`) replaces the default's value of that key as a whole."),
    K(distribution("edges.*.latency"), "", R"("1ms")", "One-way network delay, each direction."),
    K(positive_duration("edges.*.timeout"), "", R"("30s")",
      "Per attempt; on expiry the caller gives up on that attempt (the callee does not know unless "
      "`cancel_on_abandon`)."),
    K(positive_duration("edges.*.deadline"), "", "", "For the whole call including retries. None when absent."),
    K(flag("edges.*.cancel_on_abandon"), "", "false",
      "When the caller gives up on an attempt (timeout, deadline, its own request cancelled or crashed), the "
      "callee drops the request if still queued, stops it if running (freeing its worker) and cancels its own "
      "downstream calls. Effects already made stay made."),
    K(object("edges.*.retry"), "", "", "Retries of failed attempts."),
    K(integer("edges.*.retry.max_attempts", 1, kMaxAttempts), "attempts", "1",
      "Attempts including the first (1 to 100). Attempts multiply down a call chain: one operation may "
      "cause at most 10000 requests when every attempt fails."),
    K(object("edges.*.retry.backoff"), "", "",
      "The wait before retry k (k = 1, 2, ...): exponential `min(max, base * multiplier^(k-1))`, linear "
      "`base * k`, constant `base`; then jitter."),
    K(choice("edges.*.retry.backoff.type", kBackoffType), "", R"("exponential")",
      "How the wait grows with each retry."),
    K(duration("edges.*.retry.backoff.base"), "", R"("100ms")", "The first wait."),
    K(number("edges.*.retry.backoff.multiplier", 1, kMaxBackoffMultiplier), "×", "2",
      "Growth factor of exponential backoff (1 to 100)."),
    K(duration("edges.*.retry.backoff.max"), "", R"("10s")", "Cap on the wait; must not be shorter than base."),
    K(choice("edges.*.retry.backoff.jitter", kJitter), "", R"("none")",
      "`none` waits d; `full` U(0, d); `equal` d/2 + U(0, d/2); `decorrelated` min(max, U(base, 3 x "
      "previous))."),
    K(array("edges.*.retry.backoff.delays", 1, kMaxAttempts - 1), "", "",
      "`schedule` only (required there): the wait before each retry, in order, as webhook senders publish "
      "them (`[\"1m\", \"5m\", \"15m\", \"1h\"]`). `max_attempts` is required with it, at most one more "
      "than the list."),
    K(duration("edges.*.retry.backoff.delays[]"), "", "", "The wait before one retry."),
    K(number("edges.*.retry.backoff.spread", 0, 1), "fraction", "0",
      "`schedule` only: each wait is drawn uniformly within this fraction either way (0.1: ±10%)."),
    K(array("edges.*.retry.retry_on", 0, 5), "", R"(["timeout", "5xx", "connect_error"])",
      "Failures that are retried (never other 4xx)."),
    K(choice("edges.*.retry.retry_on[]", kRetryOn), "", "", "A retryable failure."),
    K(flag("edges.*.retry.respect_retry_after"), "", "true", "Wait at least a Retry-After the callee sent."),
    K(object("edges.*.retry.budget"), "", "",
      "Limits retries across calls. `token_bucket`: a failure takes `failure_cost` tokens, a success adds "
      "`token_ratio`, a retry takes `retry_cost`; retries only while tokens > `threshold` (gRPC throttling by "
      "default). `ratio` (Finagle): retries at most `percent`% of the requests in the last `window`, plus "
      "`min_per_second`. `concurrency` (Envoy): retries in flight at most `percent`% of the attempts in "
      "flight, at least `min_retry_concurrency`. `retry_breaker`: first attempts always go; retries stop "
      "while `failure_rate` of the attempts of the last `window` failed."),
    K(required(choice("edges.*.retry.budget.type", kBudgetType)), "", "", "The kind of budget."),
    K(choice("edges.*.retry.budget.scope", kScope), "", R"("per_client")",
      "`per_client`: each caller instance (each client, or each worker's service instance) keeps its own "
      "budget; `shared`: one budget for every caller of this edge."),
    K(above("edges.*.retry.budget.max_tokens", 0, kMaxTokens), "tokens", "100",
      "token_bucket: bucket size (above 0, at most 1000000)."),
    K(number("edges.*.retry.budget.token_ratio", 0, kMaxTokens), "tokens", "0.1",
      "token_bucket: tokens a success adds back (0 to 1000000)."),
    K(number("edges.*.retry.budget.initial_tokens", 0, kMaxTokens), "tokens", "",
      "token_bucket: tokens at the start (default: `max_tokens`, full; at most `max_tokens`)."),
    K(number("edges.*.retry.budget.failure_cost", 0, kMaxTokens), "tokens", "1",
      "token_bucket: tokens a failed attempt takes (0 to 1000000)."),
    K(number("edges.*.retry.budget.retry_cost", 0, kMaxTokens), "tokens", "0",
      "token_bucket: tokens a retry takes when it is sent; a retry needs at least this many (0 to 1000000)."),
    K(number("edges.*.retry.budget.threshold", 0, kMaxTokens), "tokens", "",
      "token_bucket: retries only while the bucket holds more than this (default: half of `max_tokens`; "
      "below `max_tokens`)."),
    K(above("edges.*.retry.budget.percent", 0, 100), "%", "20",
      "ratio: retries allowed as a percentage of recent requests; concurrency: retries in flight as a "
      "percentage of attempts in flight (above 0, at most 100)."),
    K(integer("edges.*.retry.budget.min_retry_concurrency", 0, kMaxBreakerCalls), "retries", "3",
      "concurrency: retries in flight always allowed, whatever the percentage (Envoy's default, 3)."),
    K(above("edges.*.retry.budget.failure_rate", 0, 1), "", "0.5",
      "retry_breaker: share of failed attempts in the window at which retries stop (above 0, at most 1)."),
    K(integer("edges.*.retry.budget.min_calls", 1, kMaxBreakerCalls), "calls", "10",
      "retry_breaker: attempts that must have ended in the window before it can stop retries."),
    K(number("edges.*.retry.budget.min_per_second", 0, kMaxTokens), "retries/s", "10",
      "ratio: retries always allowed per second, whatever the ratio (0 to 1000000)."),
    K(positive_duration("edges.*.retry.budget.window"), "", R"("10s")",
      R"(ratio and retry_breaker: how far back "recent" reaches (default 10s).)"),
    K(choice("edges.*.idempotency_key", kKeyMode), "", R"("per_operation")",
      "`per_operation`: one key for every attempt of a logical operation (and double clicks with "
      "`same_key`); on a service-to-service edge derived from the incoming request's key. `per_attempt`: a "
      "new key each attempt (the classic mistake). `none`: no key."),
    K(object("edges.*.circuit_breaker"), "", "",
      "A circuit breaker. `type: window` (default) opens when, among at least `min_calls` calls in the "
      "window, the failure rate (or slow-call rate) reaches its threshold; `type: consecutive` opens after "
      "`failures` failures in a row. Keys of the other type are errors."),
    K(choice("edges.*.circuit_breaker.type", kBreakerType), "", R"("window")", "Which breaker."),
    K(choice("edges.*.circuit_breaker.scope", kScope), "", R"("per_client")",
      "`per_client`: each caller instance (each client, or each worker's service instance) keeps its own "
      "breaker; `shared`: one breaker for every caller of this edge."),
    K(object("edges.*.circuit_breaker.window"), "", R"({"type": "count", "size": 20})",
      R"(window: the calls the rates are computed over: `{"type":"count","size":20}` (last 20 calls) or )"
      R"(`{"type":"time","size":"10s"}`.)"),
    K(required(choice("edges.*.circuit_breaker.window.type", kWindowType)), "", "",
      "`count`: the last `size` calls; `time`: the calls of the last `size`."),
    K(required(of_kind("edges.*.circuit_breaker.window.size", Kind::number_or_duration)), "", "",
      "count: a number of calls (1 to 100000, at least min_calls); time: a positive duration."),
    K(integer("edges.*.circuit_breaker.min_calls", 1, kMaxBreakerCalls), "calls", "10",
      "window: calls needed in the window before the breaker may open (1 to 100000)."),
    K(above("edges.*.circuit_breaker.failure_rate", 0, 1), "fraction", "0.5",
      "window: failure fraction that opens the breaker (above 0, at most 1)."),
    K(object("edges.*.circuit_breaker.slow_call"), "", "",
      "window: calls slower than `duration` count as slow; the breaker also opens when the slow fraction "
      "reaches `rate`. Off when absent."),
    K(required(positive_duration("edges.*.circuit_breaker.slow_call.duration")), "", "",
      "A call slower than this is slow."),
    K(above("edges.*.circuit_breaker.slow_call.rate", 0, 1), "fraction", "1",
      "Slow fraction that opens the breaker (above 0, at most 1)."),
    K(integer("edges.*.circuit_breaker.failures", 1, kMaxBreakerCalls), "calls", "5",
      "consecutive: failures in a row that open the breaker (1 to 100000)."),
    K(positive_duration("edges.*.circuit_breaker.open_for"), "", R"("30s")",
      "How long the breaker stays open before letting trial calls through."),
    K(integer("edges.*.circuit_breaker.half_open_calls", 1, kMaxBreakerCalls), "calls", "3",
      "Trial calls in the half-open state (1 to 100000)."),
    K(object("edges.*.bulkhead"), "", "",
      "Caps the calls in flight from one caller instance; beyond it calls are rejected at once."),
    K(required(integer("edges.*.bulkhead.max_concurrent", 1, kMaxConcurrent)), "calls", "",
      "Calls in flight allowed (1 to 1000000)."),
    K(object("edges.*.throttle"), "", "",
      "Client-side adaptive throttling (Google SRE book, Handling Overload): each caller counts its requests and "
      "the ones the callee accepted over `window`, and rejects a new attempt locally with probability max(0, "
      "(requests - k x accepts) / (requests + 1)). On when the object is written."),
    K(number("edges.*.throttle.k", 1, kMaxThrottleK), "×", "2",
      "The multiplier of accepts: the callee sees about k times what it accepts once overloaded (1 to 100)."),
    K(positive_duration("edges.*.throttle.window"), "", R"("2m")", "How far back requests and accepts are counted."),
    K(choice("edges.*.throttle.scope", kScope), "", R"("per_client")",
      "`per_client`: each caller instance (each client, or each worker's service instance) keeps its own "
      "counts; `shared`: one throttle for every caller of this edge."),
    K(object("edges.*.concurrency_limit"), "", "",
      "An adaptive concurrency limit on the caller's attempts in flight (an adaptive bulkhead): an attempt "
      "beyond it is refused at once and ends the call. A timeout, a 429, a 503 or a connection error is a drop. "
      "Off when absent."),
    CHAOSSIM_LIMIT_KEYS("edges.*.concurrency_limit"),
    K(choice("edges.*.concurrency_limit.scope", kScope), "", R"("per_client")",
      "`per_client`: each caller instance keeps its own limit; `shared`: one limit for every caller of this "
      "edge."),
    K(object("edges.*.hedge"), "", "",
      "Hedged requests (The Tail at Scale): while the call's first attempt is still outstanding after `delay` "
      "(or `percentile`), another copy goes out, up to `max` copies; the first success wins and the others are "
      "abandoned (cancelled at the callee with `cancel_on_abandon`). Copies share the call's idempotency key and "
      "are retries for the edge's retry budget. Off when absent."),
    K(positive_duration("edges.*.hedge.delay"), "", "", "Send a copy when the first attempt is this old."),
    K(number("edges.*.hedge.percentile", 1, 99.9), "%", "",
      "Send a copy when the first attempt is older than this percentile of the edge's successful attempts (the "
      "last complete window of 1000); no copies until the first window is complete."),
    K(integer("edges.*.hedge.max", 1, kMaxHedges), "copies", "1",
      "Copies at most, each `delay` after the one before while no answer came (1 to 10)."),
    K(object("edges.*.balancer"), "", "",
      "How the caller picks an instance of a callee with several `instances`, attempt by attempt. One balancer per "
      "edge, shared by its callers; it counts the attempts it has in flight to each instance."),
    K(choice("edges.*.balancer.policy", kBalancerPolicy), "", R"("round_robin")",
      "`round_robin`: each instance in turn; `random`: uniformly at random; `least_outstanding`: the fewest "
      "attempts in flight (ties in turn); `power_of_two_choices`: the fewer in flight of two instances drawn at "
      "random."),
    K(flag("edges.*.balancer.sticky"), "", "false",
      "A call's retries go to the instance its first attempt went to (a pinned connection) instead of being "
      "balanced again."),
    K(object("edges.*.balancer.slow_start"), "", "",
      "Envoy's slow start: an instance that (re)started less than `window` ago gets a weight below 1 that grows "
      "with its age, so it is eased into its share. Off when absent."),
    K(required(positive_duration("edges.*.balancer.slow_start.window")), "", "",
      "How long after its start an instance gets less than its full share."),
    K(above("edges.*.balancer.slow_start.aggression", 0, 100), "", "1",
      "The weight is (age / window)^(1 / aggression): 1 ramps linearly, above 1 faster at first."),
    K(above("edges.*.balancer.slow_start.min_weight_percent", 0, 100), "%", "10",
      "The least weight, in percent of the full weight, however young the instance."),
    K(object("edges.*.outlier_detection"), "", "",
      "Passive health checking in Envoy's style: an instance that fails `consecutive_5xx` attempts in a row is "
      "ejected from this edge's balancer for a while. Off when absent."),
    K(integer("edges.*.outlier_detection.consecutive_5xx", 1, kMaxHealthThreshold), "attempts", "5",
      "Failures in a row that eject an instance: 5xx replies, refused connections and timeouts all count; any "
      "other reply resets the count."),
    K(positive_duration("edges.*.outlier_detection.base_ejection_time"), "", R"("30s")",
      "An ejection lasts this times the number of times the instance has been ejected."),
    K(number("edges.*.outlier_detection.max_ejection_percent", 0, 100), "%", "10",
      "The most instances ejected at once, in percent of the callee's instances; one may always be."),
    K(object("edges.*.fallback"), "", "", "Answer with a degraded success instead of an error."),
    K(required(array("edges.*.fallback.on", 1, 4)), "", "", "When to fall back."),
    K(choice("edges.*.fallback.on[]", kFallbackOn), "", "", "A failure that falls back."),
    K(array("faults", 0, kMaxFaults), "", "", "The fault timeline (at most 1000 faults; ids unique)."),
    K(object("faults[]"), "", "",
      "A fault on the timeline. Targets: a service for error, error_after_effect, slowdown, capacity, "
      "crash, hang, pause, store_outage; an edge `caller->callee` that a call uses for latency, "
      "drop_request, drop_response, duplicate_request, partition; `clients` for load. Keys beyond id, type, "
      "target, start and duration apply only to the types named in their description."),
    K(required(name("faults[].id")), "", "", "Unique id; paths address the fault by it (`faults.<id>.duration`)."),
    K(required(choice("faults[].type", kFaultTypeChoices)), "", "", "What goes wrong."),
    K(required(text("faults[].target", kMaxFaultTargetChars)), "", "",
      "A service name (or one instance of it, `api#2`), an edge `caller->callee`, or `clients`, as the type "
      "requires."),
    K(integer("faults[].instances", 1, kMaxInstances), "instances", "",
      "Service faults: hit only the first `instances` instances of the service (`#1` to `#n`). All when absent; "
      "`target: \"api#2\"` names one instance instead."),
    K(above("faults[].fraction", 0, 1), "fraction", "",
      "Service faults: hit the first ceil(fraction x N) of the service's N instances. Not with `instances`."),
    K(duration("faults[].start"), "", R"("0s")", "When the fault begins; must be before the end of the run."),
    K(positive_duration("faults[].duration"), "", "", "How long it lasts; to the end of the run when absent."),
    K(number("faults[].probability", 0, 1), "probability", "1",
      "error, error_after_effect, slowdown, hang, store_outage, latency, drop_request, drop_response, "
      "duplicate_request: the share of requests (service faults; each drawn once) or messages (edge faults) "
      "affected."),
    K(integer("faults[].status", 400, 599), "HTTP status", "",
      "error (default 503), error_after_effect (default 500): the status answered."),
    K(duration("faults[].retry_after"), "", "", "error: a Retry-After sent with the error."),
    K(above("faults[].factor", 0, kMaxMultiplier), "×", "",
      "slowdown (required): each work step of a request it hits takes factor times longer; load (required): the "
      "arrival rate is multiplied by factor. Above 0, at most 1000."),
    K(integer("faults[].workers", 0, kMaxWorkers), "workers", "",
      "capacity (required): the service's workers drop to this number (0 to 100000)."),
    K(positive_duration("faults[].restart_after"), "", "",
      "crash: the service restarts after this long (instead of duration); never when absent."),
    K(choice("faults[].mode", kFaultMode), "", "",
      "store_outage: `fail_open` (the default) runs without dedupe, `fail_closed` answers 503. restart, deploy: "
      "`graceful` (the default) stops accepting, finishes what it holds for up to `drain_timeout`, then exits; "
      "`hard` kills the process at once (SIGKILL), losing what is in flight."),
    K(duration("faults[].drain_timeout"), "", R"("30s")",
      "restart, deploy (graceful): the longest an instance drains before what it still holds is killed."),
    K(duration("faults[].startup_time"), "", R"("5s")",
      "restart, deploy: from the old process's exit until the new one takes requests; connections are refused "
      "meanwhile."),
    K(duration("faults[].warmup"), "", R"("0s")",
      "restart, deploy: how long a new process runs cold: its work takes `cold_factor` times longer at first, "
      "easing linearly to normal over this time."),
    K(number("faults[].cold_factor", 1, kMaxMultiplier), "×", "1",
      "restart, deploy: how much slower a fresh process works at first (1 to 1000; 1: no warm-up)."),
    K(integer("faults[].max_unavailable", 1, kMaxInstances), "instances", "1",
      "deploy: instances restarted at a time; the next batch starts when the previous one's step is over."),
    K(duration("faults[].pause"), "", R"("0s")", "deploy: a wait between batches."),
    K(distribution("faults[].delay"), "", "", "latency (required): extra delay added to each message."),
    K(array("expect", 0, kMaxExpectations), "", "", "Assertions that decide the run (at most 256)."),
    K(object("expect[]"), "", "",
      "An assertion on a metric of the results contract; a batch run exits 1 when one fails."),
    K(required(text("expect[].metric", kMaxMetricChars)), "", "",
      "A metric of the results, such as success_rate, duplicates, latency.p99 or effects.charge.duplicates; the "
      "metric registry (sim/metrics/metric_registry.cpp, listed in docs/scenario-format.md) names them all."),
    K(required(choice("expect[].op", kOp)), "", "", "Comparison of the measured value with `value`."),
    K(required(of_kind("expect[].value", Kind::number_or_duration)), "", "",
      "A number, or a duration (compared in seconds)."),
    K(choice("expect[].phase", kPhase), "", R"("overall")",
      "Where it is measured: `overall` (after warmup), `before` the first fault, `during` fault windows, "
      "`after` the last fault ends. The last three need at least one fault."),
    K(choice("expect[].role", kRole), "", R"("checks")",
      "`checks`: how the system should behave (a health check); `demonstrates`: the failure a lesson shows with a "
      "broken configuration. Both decide the exit status; reports show demonstrations apart from health."),
    K(object("trace"), "", "",
      "Traces: operations recorded span by span (every attempt, queueing, work, idempotency check, effect, fault "
      "and reply) and written as trace.perfetto.json and trace.otlp.json beside each variant's results, from the "
      "first replication. Off when absent; writing the object (or `chaossim run --trace`) turns it on."),
    K(flag("trace.enabled"), "", "true", "Whether the run records traces."),
    K(number("trace.sample", 0, 1), "probability", "0.001",
      "Share of operations also kept at random (seeded by the run's seed, without touching the simulation's "
      "draws); at most `max` of them, the first to start."),
    K(array("trace.keep", 0, 4), "", R"(["duplicated", "failed", "inconsistent"])",
      "Reasons to keep an operation, each for at most `max` operations: the first to end `duplicated` (an "
      "effect ran more than once), `failed` or `inconsistent` (failed although an effect ran), and the "
      "`slowest` (longest wait for an outcome; not by default, as it records every operation while it runs)."),
    K(choice("trace.keep[]", kTraceKeep), "", "", "A reason to keep an operation's trace."),
    K(integer("trace.max", 1, kMaxTracesPerReason), "operations", "10", "Operations kept for each reason (1 to 1000)."),
    K(object("live"), "", "",
      "Live mode (`chaossim live`, docs/live-mode.md): the HTTP request the clients send to the real service, and "
      "how mocked dependencies tell which logical operation a request belongs to. Simulation ignores it."),
    K(object("live.request"), "", "", "The request of one attempt: method, path and a JSON body filled per operation."),
    K(choice("live.request.method", kHttpMethod), "", R"("POST")", "The HTTP method of every attempt."),
    K(text("live.request.path", kMaxTextChars), "", R"("/")",
      "The path (and query) requested; starts with `/`, without spaces."),
    K(map("live.request.body", Keys::names, 0, kMaxLiveBodyFields), "",
      R"({"order_id": "{operation}", "amount": "{amount}"})",
      "The JSON body: field -> template (at most 32 fields; `{}` sends no body)."),
    K(text("live.request.body.*", kMaxTextChars), "", "",
      "A template: `{operation}` (the logical operation's id), `{key}` (its idempotency key), `{client}`, "
      "`{attempt}` and `{amount}` (cents, drawn per operation) are replaced; a value that is exactly `{client}`, "
      "`{attempt}` or `{amount}` is sent as a number, any other as a string."),
    K(name("live.operation_field"), "", R"("order_id")",
      "The body field of a request to a mocked dependency that names its logical operation (the ledger's key)."),
    K(text("live.operation_header", kMaxNameChars), "", "",
      "A header that names the logical operation instead of `operation_field` (e.g. `X-Order-Id`)."),
    K(of_kind("variants", Kind::opaque), "", "",
      "Named sets of overrides run with common random numbers: variant name -> {dotted path -> value}. "
      "Paths are as in `--set`: `edges.clients->api.retry.max_attempts`, `faults.<id>.duration`, "
      "`services.api.handler[0].work`; a path the file lacks is created, a null value removes a key or an item. "
      "`baseline` (no overrides) is implied and reserved. At most 64 variants of 256 overrides; each must "
      "give a valid scenario."),
    K(of_kind("sweep", Kind::opaque), "", "",
      "Dotted path -> values; runs the cartesian product. At most 8 paths of 1 to 100 values and 10000 "
      "points; each value must give a valid scenario."),
};
#undef CHAOSSIM_LIMIT_KEYS

}  // namespace

std::span<const Rule> rules() { return kRules; }

std::span<const DistributionKind> distribution_kinds() { return kDistributionKinds; }

const Rule& distribution_kind_rule() { return kDistributionKindRule; }

const Rule& root_rule() { return kRules[0]; }

std::optional<std::string_view> shape_common_keys(std::string_view object) {
  for (const ShapeGroup& g : kShapeGroups)
    if (g.object == object) return g.common;
  return std::nullopt;
}

std::vector<Shape> shapes() {
  std::vector<Shape> out(std::begin(kShapes), std::end(kShapes));
  for (const FaultType& t : kFaultTypes) out.push_back({"faults[]", "type", t.name, t.keys, t.needs});
  return out;
}

const Shape* find_shape(std::string_view object, std::string_view value) {
  static const std::vector<Shape> all = shapes();
  for (const Shape& s : all)
    if (s.object == object && s.value == value) return &s;
  return nullptr;
}

const FaultType* find_fault_type(std::string_view name) {
  for (const FaultType& t : kFaultTypes)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace chaossim::format
