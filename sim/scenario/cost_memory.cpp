// The memory of one run, part by part: the time series, live idempotency keys, per-client strategy state, work in
// flight and overloaded queues.
#include <algorithm>
#include <cmath>

#include "scenario/cost_internal.h"
#include "scenario/limits.h"

namespace chaossim::cost {

namespace {

// Sizes of the engine's structures, rounded up (model/engine.h, strategies/). They only need to be right within a
// small factor: the limits are an order of magnitude away from what the lessons use.
constexpr double kKeyBytes = 100;       // hash slot at 3/8..3/4 load, growth, and the expiry queue entry
constexpr double kOperationBytes = 64;  // an operation and its effect counters
// Per request of an operation: its call, request, reply and events. Measured 170 bytes per operation in flight
// while a hang holds them, 290 per request waiting in an overloaded queue.
constexpr double kRequestPathBytes = 320;
constexpr double kBreakerBytes = 64;  // a breaker's fixed part; a count window adds a byte per call
constexpr double kTimeWindowBytes = 10 * 16;
constexpr double kBudgetBytes = sizeof(RetryBudget);
constexpr double kRatioBudgetBytes = 10 * 24;  // the window's slots (ratio, retry_breaker)
constexpr double kClosedLoopClientBytes = 48;  // a think-time random stream and its pending event
constexpr double kThrottleBytes = 192;         // an adaptive throttle's ring of 20 slots
constexpr double kLimitBytes = sizeof(ConcurrencyLimit);

MemoryPart series_part(const Scenario& s) {
  const double columns = series_columns(s), rows = buckets(s);
  return {format_count(rows) + " buckets × " + format_count(columns) + " time-series columns × 8 bytes × " +
              format_count(kSeriesCopiesPerRun) + " copies",
          rows * columns * kSeriesCellBytes * kSeriesCopiesPerRun, Input{Input::Kind::bucket}};
}

// Live keys per service with idempotency: the operations within its ttl at the peak of the load, times the
// distinct keys one operation sends it.
void add_key_parts(const RunShape& run, const Term& ops, const Fanout& fan, std::vector<MemoryPart>& parts) {
  const Scenario& s = run.s;
  const double seconds = run.seconds;
  auto operations_within = [&](double window) {
    if (window >= seconds) return ops.value;
    if (!run.closed) return std::min(ops.value, run.load.peak_rate * window);
    return std::min(ops.value,
                    run.clients * closed_loop_cycles_bound(s.clients.arrival.think_time,
                                                           window * run.load.peak_load_factor, run.load.pieces));
  };
  for (std::uint32_t svc = 0; svc < s.services.size(); ++svc) {
    const IdempotencyConfig& idem = s.services[svc].idempotency;
    if (!idem.enabled) continue;
    // Distinct keys reaching the service per operation: one per call (attempts and copies share it), one per
    // attempt with per_attempt keys, none without keys.
    double keys_per_op = 0;
    for (std::uint32_t e = 0; e < s.edges.size(); ++e) {
      const EdgeConfig& edge = s.edges[e];
      if (edge.callee != svc || edge.idempotency_key == KeyMode::none) continue;
      double calls = fan.submissions;
      if (edge.caller != kClients) {
        double steps = 0;
        each_call(s.services[edge.caller], [&](std::uint32_t to, double n) { steps += to == e ? n : 0; });
        calls = fan.reach[edge.caller] * steps;
      }
      keys_per_op +=
          calls * (edge.idempotency_key == KeyMode::per_attempt ? edge.retry.max_attempts + edge.hedge.max : 1);
    }
    const double window = std::min(idem.ttl.seconds_f(), seconds);
    const double within = operations_within(window);
    const double keys = within * keys_per_op;
    if (keys > 0)
      parts.push_back({format_count(keys) + " live idempotency keys at " + s.services[svc].name + " (" +
                           format_count(within) + " operations within its ttl of " + format_duration(idem.ttl) + " × " +
                           format_count(keys_per_op) + (keys_per_op == 1 ? " key" : " keys") + " each) × " +
                           format_input(kKeyBytes) + " bytes",
                       keys * kKeyBytes, Input{Input::Kind::idempotency, svc}});
  }
}

// State kept per client on the client edge, unless shared.
void add_client_part(const RunShape& run, std::vector<MemoryPart>& parts) {
  const EdgeConfig& e = run.s.edges[0];
  double breaker = 0, budget = 0, other = run.closed ? kClosedLoopClientBytes : 0;
  if (e.breaker.type != BreakerConfig::Type::none && !e.breaker.shared)
    breaker = kBreakerBytes + (e.breaker.type == BreakerConfig::Type::count_window  ? e.breaker.window_size
                               : e.breaker.type == BreakerConfig::Type::time_window ? kTimeWindowBytes
                                                                                    : 0);
  if (e.retry.budget.type != BudgetConfig::Type::none && !e.retry.budget.shared)
    budget = kBudgetBytes + (e.retry.budget.type == BudgetConfig::Type::ratio ||
                                     e.retry.budget.type == BudgetConfig::Type::retry_breaker
                                 ? kRatioBudgetBytes
                                 : 0);
  if (e.throttle.enabled && !e.throttle.shared) budget += kThrottleBytes;
  if (e.bulkhead_max_concurrent) other += 4;
  if (e.limit.algorithm != LimitConfig::Algorithm::none && !e.limit.shared) other += kLimitBytes;
  const double per_client = breaker + budget + other;
  if (per_client > 0) {
    Input blame{Input::Kind::clients};
    if (breaker >= budget && breaker >= other)
      blame = {Input::Kind::breaker, 0};
    else if (budget >= other)
      blame = {Input::Kind::budget, 0};
    parts.push_back(
        {format_input(run.clients) + " clients × " + format_count(per_client) +
             " bytes of per-client state (breaker, budget, throttle, bulkhead, concurrency limit, think time)",
         run.clients * per_client, blame});
  }
}

// Seconds from an operation's start until its client gives up on the first attempt: while the target is down or
// overloaded, operations live at least that long, so that many of them are in flight at the peak rate.
double first_attempt_seconds(const Scenario& s) {
  const EdgeConfig& e = s.edges[0];
  Duration wait = e.timeout;
  if (e.deadline) wait = std::min(wait, *e.deadline);
  return std::min(wait, s.duration).seconds_f();
}

// Work in flight: while the target is down, every operation of the last timeout is.
void add_in_flight_part(const RunShape& run, const Term& ops, std::vector<MemoryPart>& parts) {
  std::vector<double> one(run.s.edges.size(), 1.0);
  const double path = fan_out(run.s, one).per_operation;
  // A closed-loop client waits for its operation; a double click runs beside it, a resubmit only after it.
  const double concurrent_submissions = run.s.clients.double_click.probability > 0 ? 2 : 1;
  const double in_flight = run.closed ? run.clients * concurrent_submissions
                                      : std::min(ops.value, run.load.peak_rate * first_attempt_seconds(run.s));
  parts.push_back({format_count(in_flight) + " operations in flight (" +
                       (run.closed ? "one per client"
                                   : format_count(run.load.peak_rate) + " ops/s × a timeout of " +
                                         format_input(first_attempt_seconds(run.s)) + " s") +
                       ") × " + format_count(kOperationBytes + path * kRequestPathBytes) + " bytes",
                   in_flight * (kOperationBytes + path * kRequestPathBytes),
                   Input{run.closed ? Input::Kind::clients : Input::Kind::rate}});
}

// Requests per second a service completes at most, with `busy` seconds of work per request: its workers, or its
// processors when fewer share the work, and with every worker busy, the work stretched by contention. Contention
// counting only the queue is left out: it starts once the queue grows, which is what this estimate looks for.
double service_capacity(const ServiceConfig& service, double busy) {
  if (!(busy > 0)) return HUGE_VAL;
  double parallel = service.workers;
  if (service.processors) parallel = std::min(parallel, static_cast<double>(*service.processors));
  double stretch = 1;
  if (service.contention.counts != ContentionConfig::Counts::queued)
    stretch += service.contention.per_request * (service.workers - 1.0);
  return parallel / (busy * stretch);
}

// Overload: requests arriving faster than a service's workers can take them wait in its queue, for the rest of
// the run when nothing bounds the queue. Counted on the path where every call succeeds at once, with handler
// work only (waiting on calls holds a worker longer, retries add arrivals): an estimate, not a bound.
void add_overload_parts(const RunShape& run, const Term& ops, std::vector<MemoryPart>& parts) {
  const Scenario& s = run.s;
  const double seconds = run.seconds;
  if (!run.closed) {
    std::vector<double> one(s.edges.size(), 1.0);
    const Fanout nominal = fan_out(s, one);
    for (std::uint32_t svc = 0; svc < s.services.size(); ++svc) {
      const ServiceConfig& service = s.services[svc];
      double busy = 0;
      for (const Step& step : service.handler)
        if (step.kind == Step::Kind::work) busy += step.work.mean_seconds();
      const double arrivals = run.load.peak_rate * nominal.reach[svc] / nominal.submissions;
      const double capacity = service_capacity(service, busy);
      if (!(arrivals > capacity)) continue;
      double waiting = std::min((arrivals - capacity) * seconds, ops.value * nominal.reach[svc]);
      if (service.queue.capacity) waiting = std::min(waiting, static_cast<double>(*service.queue.capacity));
      parts.push_back({format_count(waiting) + " requests waiting at " + service.name + " (" + format_count(arrivals) +
                           " arrive per second, its workers take " + format_count(capacity) + ") × " +
                           format_input(kRequestPathBytes) + " bytes",
                       waiting * kRequestPathBytes, Input{Input::Kind::workers, svc}});
    }
  }
}

}  // namespace

std::vector<MemoryPart> memory_parts(const RunShape& run, const Term& operations, const Fanout& fan) {
  std::vector<MemoryPart> parts{series_part(run.s)};
  add_key_parts(run, operations, fan, parts);
  add_client_part(run, parts);
  add_in_flight_part(run, operations, parts);
  add_overload_parts(run, operations, parts);
  return parts;
}

Term memory_term(const std::vector<MemoryPart>& parts) {
  Term mem;
  mem.noun = "bytes of memory";
  mem.bytes = true;
  mem.limit = limits::kMaxMemoryBytes;
  const auto largest = std::max_element(parts.begin(), parts.end(),
                                        [](const MemoryPart& a, const MemoryPart& b) { return a.bytes < b.bytes; });
  for (const MemoryPart& p : parts) mem.value += p.bytes;
  mem.explanation = largest->explanation;
  if (mem.value > largest->bytes * 1.01)
    mem.explanation += ", and " + format_bytes(mem.value - largest->bytes) + " more";
  mem.blame = largest->blame;
  switch (largest->blame.kind) {
    case Input::Kind::bucket:
      mem.advice = "use a larger bucket, fewer services and edges, or a shorter duration";
      break;
    case Input::Kind::idempotency: mem.advice = "shorten the idempotency ttl or lower the load"; break;
    case Input::Kind::breaker:
    case Input::Kind::budget:
      mem.advice = "share the breaker or budget, shrink its window, or lower clients.count";
      break;
    case Input::Kind::workers: mem.advice = "add workers, bound the queue (queue.capacity) or lower the load"; break;
    default: mem.advice = "lower the load or the timeout of the clients' edge"; break;
  }

  return mem;
}

}  // namespace chaossim::cost
