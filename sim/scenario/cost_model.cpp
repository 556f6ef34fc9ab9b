// The estimate of one run: operations, requests per operation with every multiplier, requests, memory, output.
// Messages and batches are in cost_report.cpp.
#include "scenario/cost_model.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "model/series_columns.h"
#include "scenario/cost_bounds.h"
#include "scenario/limits.h"

namespace chaossim::cost {

// Shared with cost_report.cpp: numbers as inputs are written ("1000000", "0.25").
std::string format_input(double value);

namespace {

// Sizes of the engine's structures, rounded up (model/engine.h, strategies/). They only need to be right within a
// small factor: the limits are an order of magnitude away from what the lessons use.
constexpr double kSeriesCellBytes = 8;
// A run's peak holds its series about 3.5 times (the recorder, its RunResult, the aggregate and the text written):
// measured 1.07 GB for 320 MB of series (64 services, 100,000 buckets). Each further replication of the same
// configuration keeps about two more until the batch ends (2.33 GB for three).
constexpr double kSeriesCopiesPerRun = 3.5;
constexpr double kCsvCellBytes = 6;     // "0," in quiet columns, "0.1490528522125," in busy ones; lessons average 5
constexpr double kCsvHeaderBytes = 40;  // per column: "services.payments.utilization,"
constexpr double kSummaryBytes = 64e3;  // summary.json, summary.md and the manifest of one configuration
constexpr double kKeyBytes = 100;       // hash slot at 3/8..3/4 load, growth, and the expiry queue entry
constexpr double kOperationBytes = 64;  // an operation and its effect counters
// Per request of an operation: its call, request, reply and events. Measured 170 bytes per operation in flight
// while a hang holds them, 290 per request waiting in an overloaded queue.
constexpr double kRequestPathBytes = 320;
constexpr double kBreakerBytes = 64;  // a breaker's fixed part; a count window adds a byte per call
constexpr double kTimeWindowBytes = 10 * 16;
constexpr double kBudgetBytes = 48;
constexpr double kRatioBudgetBytes = 10 * 16;
constexpr double kClosedLoopClientBytes = 48;  // a think-time random stream and its pending event

double series_columns(const Scenario& s) {
  return static_cast<double>(series::kRunColumns + series::kEffectColumns * s.effects.size() +
                             series::kServiceColumns * s.services.size() + series::kEdgeColumns * s.edges.size());
}

double buckets(const Scenario& s) {
  return std::ceil(static_cast<double>(s.duration.ns) / static_cast<double>(std::max<std::int64_t>(s.bucket.ns, 1)));
}

// A duplicate_request fault on the edge that can be active delivers each attempt twice (engine_calls.cpp: two
// copies however many such faults hit), so while it may be active every attempt counts twice.
std::vector<double> copies_per_attempt(const Scenario& s, std::vector<std::optional<std::uint32_t>>& fault_of) {
  std::vector<double> copies(s.edges.size(), 1);
  fault_of.assign(s.edges.size(), std::nullopt);
  for (std::uint32_t f = 0; f < s.faults.size(); ++f) {
    const FaultConfig& fault = s.faults[f];
    if (fault.type != FaultConfig::Type::duplicate_request || !(fault.probability > 0) || fault.target >= copies.size())
      continue;
    if (fault.start >= std::min(fault.end, s.duration)) continue;
    copies[fault.target] = 2;
    if (!fault_of[fault.target]) fault_of[fault.target] = f;
  }
  return copies;
}

// The call graph with a multiplier per edge: requests caused below one request to each service, requests reaching
// each service per operation, and the chain that causes the most.
struct Fanout {
  double submissions = 1;  // per operation: the first, a double click, a resubmit
  std::vector<double> below, reach;
  double per_operation = 0;
  // The worst chain from the clients down, and what multiplies along it.
  std::vector<std::uint32_t> chain_edges;
  double chain_attempts = 1, chain_copies = 1;
  std::size_t duplicated_edges = 0;
};

Fanout fan_out(const Scenario& s, const std::vector<double>& per_edge) {
  Fanout out;
  const DoubleClickConfig& dc = s.clients.double_click;
  out.submissions = 1 + (dc.probability > 0 ? 1 : 0) + (s.clients.resubmit.probability > 0 ? 1 : 0);
  const std::size_t n = s.services.size();
  out.below.assign(n, -1);
  // Depth-first with memo; the loader refused cycles, and a cycle found anyway counts as unbounded.
  std::vector<char> open(n, 0);
  std::function<double(std::uint32_t)> below = [&](std::uint32_t svc) -> double {
    if (out.below[svc] >= 0) return out.below[svc];
    if (open[svc]) return HUGE_VAL;
    open[svc] = 1;
    double total = 0;
    for (const Step& step : s.services[svc].handler)
      if (step.kind == Step::Kind::call) total += per_edge[step.index] * (1 + below(s.edges[step.index].callee));
    open[svc] = 0;
    return out.below[svc] = std::min(total, 1e300);
  };
  const std::uint32_t target = s.clients.target;
  out.per_operation = std::min(out.submissions * per_edge[0] * (1 + below(target)), 1e300);

  // Requests reaching each service: from the clients, then down every call, services in an order where callers
  // come first (depth-first finishing order, reversed).
  std::vector<std::uint32_t> order;
  std::vector<char> seen(n, 0);
  std::function<void(std::uint32_t)> visit = [&](std::uint32_t svc) {
    if (seen[svc]) return;
    seen[svc] = 1;
    for (const Step& step : s.services[svc].handler)
      if (step.kind == Step::Kind::call) visit(s.edges[step.index].callee);
    order.push_back(svc);
  };
  visit(target);
  out.reach.assign(n, 0);
  out.reach[target] = out.submissions * per_edge[0];
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    for (const Step& step : s.services[*it].handler)
      if (step.kind == Step::Kind::call)
        out.reach[s.edges[step.index].callee] =
            std::min(out.reach[s.edges[step.index].callee] + out.reach[*it] * per_edge[step.index], 1e300);

  // The worst chain: at each service, the call that causes the most.
  out.chain_edges.push_back(0);
  for (std::uint32_t svc = target, depth = 0; depth < n; ++depth) {
    std::optional<std::uint32_t> worst;
    double most = -1;
    for (const Step& step : s.services[svc].handler)
      if (step.kind == Step::Kind::call) {
        const double caused = per_edge[step.index] * (1 + out.below[s.edges[step.index].callee]);
        if (caused > most) most = caused, worst = step.index;
      }
    if (!worst) break;
    out.chain_edges.push_back(*worst);
    svc = s.edges[*worst].callee;
  }
  return out;
}

std::string chain_text(const Scenario& s, const std::vector<std::uint32_t>& edges) {
  std::string text = "clients";
  const std::size_t n = edges.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (n > 6 && i == 3) {
      text += "->…(" + std::to_string(n - 4) + " more)";
      i = n - 2;
      continue;
    }
    text += "->" + s.services[s.edges[edges[i]].callee].name;
  }
  return text;
}

// Seconds from an operation's start until its client gives up on the first attempt: while the target is down or
// overloaded, operations live at least that long, so that many of them are in flight at the peak rate.
double first_attempt_seconds(const Scenario& s) {
  const EdgeConfig& e = s.edges[0];
  Duration wait = e.timeout;
  if (e.deadline) wait = std::min(wait, *e.deadline);
  return std::min(wait, s.duration).seconds_f();
}

}  // namespace

Estimate estimate_run(const Scenario& s) {
  Estimate est;
  const LoadTimeline load = load_timeline(s);
  const ArrivalConfig& arrival = s.clients.arrival;
  const bool closed = arrival.process == ArrivalConfig::Process::closed;
  const double seconds = s.duration.seconds_f();
  const double clients = s.clients.count;

  // ---- operations ----
  Term& ops = est.operations;
  ops.noun = "operations";
  ops.limit = limits::kMaxExpectedOperations;
  double cycles_per_client = 0;
  if (closed) {
    cycles_per_client = closed_loop_cycles_bound(arrival.think_time, load.effective_seconds, load.pieces);
    ops.value = clients * cycles_per_client;
    ops.explanation = format_input(clients) + " clients × up to " + format_count(cycles_per_client) +
                      " operations each in " + format_input(seconds) + " s with a think time of " +
                      arrival.think_time.describe();
    if (load.peak_load_factor > 1)
      ops.explanation += " (divided by up to " + format_count(load.peak_load_factor) + " by load faults)";
    ops.blame = {Input::Kind::think_time};
    ops.advice =
        "raise the think time (its minimum and low quantiles count, not only its mean), lower "
        "clients.count or shorten the duration";
  } else {
    ops.value = load.open_operations;
    ops.explanation = format_input(arrival.rate) + " ops/s × " + format_input(seconds) + " s";
    if (std::fabs(load.mean_multiplier - 1) > 1e-9)
      ops.explanation += " × " + format_count(load.mean_multiplier) + " (the profile and load faults, on average)";
    ops.blame = {Input::Kind::rate};
    ops.advice = "lower the load or shorten the duration";
  }

  // ---- requests per operation ----
  std::vector<std::optional<std::uint32_t>> duplicate_fault;
  const std::vector<double> copies = copies_per_attempt(s, duplicate_fault);
  std::vector<double> per_edge(s.edges.size());
  for (std::size_t e = 0; e < s.edges.size(); ++e) per_edge[e] = s.edges[e].retry.max_attempts * copies[e];
  const Fanout fan = fan_out(s, per_edge);
  Term& rpo = est.requests_per_operation;
  rpo.noun = "requests per operation";
  rpo.value = fan.per_operation;
  rpo.limit = limits::kMaxFanOut;
  {
    double attempts = 1, dup = 1;
    std::size_t dup_edges = 0;
    std::uint32_t most_attempts = 0;
    std::optional<std::uint32_t> first_dup;
    for (const std::uint32_t e : fan.chain_edges) {
      attempts *= s.edges[e].retry.max_attempts;
      if (s.edges[e].retry.max_attempts > s.edges[most_attempts].retry.max_attempts) most_attempts = e;
      if (copies[e] > 1) {
        dup *= copies[e];
        ++dup_edges;
        if (!first_dup) first_dup = duplicate_fault[e];
      }
    }
    const double calls = std::max(1.0, fan.per_operation / (fan.submissions * attempts * dup));
    // The handler with the most calls among the services an operation reaches.
    std::uint32_t busiest = s.clients.target;
    auto calls_of = [&](std::uint32_t svc) {
      return std::count_if(s.services[svc].handler.begin(), s.services[svc].handler.end(),
                           [](const Step& st) { return st.kind == Step::Kind::call; });
    };
    for (std::uint32_t svc = 0; svc < s.services.size(); ++svc)
      if (fan.reach[svc] > 0 && calls_of(svc) > calls_of(busiest)) busiest = svc;

    std::string parts;
    auto part = [&](const std::string& p) { parts += (parts.empty() ? "" : " × ") + p; };
    if (fan.submissions > 1)
      part(format_count(fan.submissions) + " submissions (" +
           (s.clients.double_click.probability > 0 && s.clients.resubmit.probability > 0
                ? "a double click and a resubmit"
            : s.clients.double_click.probability > 0 ? "a double click"
                                                     : "a resubmit") +
           ")");
    part(format_count(attempts) + (attempts == 1 ? " attempt" : " attempts") + " along " +
         chain_text(s, fan.chain_edges));
    if (dup > 1)
      part(format_count(dup) + " deliveries (duplicate_request faults double every attempt on " +
           std::to_string(dup_edges) + (dup_edges == 1 ? " edge" : " edges") + " of that chain)");
    if (calls_of(busiest) > 1)
      part(format_count(calls) + " (several calls per handler, and every layer's own request)");
    rpo.explanation = parts;

    // Blame what multiplies most.
    const double weights[] = {fan.submissions, attempts, dup, calls_of(busiest) > 1 ? calls : 1};
    const std::size_t top =
        static_cast<std::size_t>(std::max_element(std::begin(weights), std::end(weights)) - weights);
    switch (top) {
      case 0:
        rpo.blame = {s.clients.double_click.probability > 0 ? Input::Kind::double_click : Input::Kind::resubmit};
        break;
      case 1: rpo.blame = {Input::Kind::attempts, most_attempts}; break;
      case 2: rpo.blame = {Input::Kind::fault, first_dup.value_or(0)}; break;
      default: rpo.blame = {Input::Kind::handler, busiest}; break;
    }
    rpo.advice = "lower retry.max_attempts, the calls per handler or the duplicate_request faults";
  }

  // ---- requests ----
  Term& req = est.requests;
  req.noun = "requests";
  req.value = std::min(ops.value * rpo.value, 1e300);
  req.limit = limits::kMaxRequests;
  req.explanation = format_count(ops.value) + " operations × up to " + format_count(rpo.value) +
                    " requests each when every attempt fails";
  const bool load_dominates = ops.value / ops.limit >= rpo.value / rpo.limit;
  req.blame = load_dominates ? ops.blame : rpo.blame;
  req.advice = load_dominates ? ops.advice : rpo.advice;

  // ---- memory ----
  const double columns = series_columns(s), rows = buckets(s);
  est.series_bytes = rows * columns * kSeriesCellBytes;
  est.memory_parts.push_back({format_count(rows) + " buckets × " + format_count(columns) +
                                  " time-series columns × 8 bytes × " + format_count(kSeriesCopiesPerRun) + " copies",
                              est.series_bytes * kSeriesCopiesPerRun, Input{Input::Kind::bucket}});

  // Operations within a window of simulated time, at the peak of the load.
  auto operations_within = [&](double window) {
    if (window >= seconds) return ops.value;
    if (!closed) return std::min(ops.value, load.peak_rate * window);
    return std::min(
        ops.value, clients * closed_loop_cycles_bound(arrival.think_time, window * load.peak_load_factor, load.pieces));
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
        const auto& handler = s.services[edge.caller].handler;
        calls = fan.reach[edge.caller] *
                static_cast<double>(std::count_if(handler.begin(), handler.end(), [&](const Step& st) {
                  return st.kind == Step::Kind::call && st.index == e;
                }));
      }
      keys_per_op += calls * (edge.idempotency_key == KeyMode::per_attempt ? edge.retry.max_attempts : 1);
    }
    const double window = std::min(idem.ttl.seconds_f(), seconds);
    const double within = operations_within(window);
    const double keys = within * keys_per_op;
    if (keys > 0)
      est.memory_parts.push_back(
          {format_count(keys) + " live idempotency keys at " + s.services[svc].name + " (" + format_count(within) +
               " operations within its ttl of " + format_duration(idem.ttl) + " × " + format_count(keys_per_op) +
               (keys_per_op == 1 ? " key" : " keys") + " each) × " + format_input(kKeyBytes) + " bytes",
           keys * kKeyBytes, Input{Input::Kind::idempotency, svc}});
  }

  {  // State kept per client on the client edge, unless shared.
    const EdgeConfig& e = s.edges[0];
    double breaker = 0, budget = 0, other = closed ? kClosedLoopClientBytes : 0;
    if (e.breaker.type != BreakerConfig::Type::none && !e.breaker.shared)
      breaker = kBreakerBytes + (e.breaker.type == BreakerConfig::Type::count_window  ? e.breaker.window_size
                                 : e.breaker.type == BreakerConfig::Type::time_window ? kTimeWindowBytes
                                                                                      : 0);
    if (e.retry.budget.type != BudgetConfig::Type::none && !e.retry.budget.shared)
      budget = kBudgetBytes + (e.retry.budget.type == BudgetConfig::Type::ratio ? kRatioBudgetBytes : 0);
    if (e.bulkhead_max_concurrent) other += 4;
    const double per_client = breaker + budget + other;
    if (per_client > 0) {
      Input blame{Input::Kind::clients};
      if (breaker >= budget && breaker >= other)
        blame = {Input::Kind::breaker, 0};
      else if (budget >= other)
        blame = {Input::Kind::budget, 0};
      est.memory_parts.push_back({format_input(clients) + " clients × " + format_count(per_client) +
                                      " bytes of per-client state (breaker, budget, bulkhead, think time)",
                                  clients * per_client, blame});
    }
  }

  {  // Work in flight: while the target is down, every operation of the last timeout is.
    std::vector<double> one(s.edges.size(), 1.0);
    const double path = fan_out(s, one).per_operation;
    const double in_flight =
        closed ? clients * fan.submissions : std::min(ops.value, load.peak_rate * first_attempt_seconds(s));
    est.memory_parts.push_back({format_count(in_flight) + " operations in flight (" +
                                    (closed ? "one per client"
                                            : format_count(load.peak_rate) + " ops/s × a timeout of " +
                                                  format_input(first_attempt_seconds(s)) + " s") +
                                    ") × " + format_count(kOperationBytes + path * kRequestPathBytes) + " bytes",
                                in_flight * (kOperationBytes + path * kRequestPathBytes),
                                Input{closed ? Input::Kind::clients : Input::Kind::rate}});
  }

  // Overload: requests arriving faster than a service's workers can take them wait in its queue, for the rest of
  // the run when nothing bounds the queue. Counted on the path where every call succeeds at once, with handler
  // work only (waiting on calls holds a worker longer, retries add arrivals): an estimate, not a bound.
  if (!closed) {
    std::vector<double> one(s.edges.size(), 1.0);
    const Fanout nominal = fan_out(s, one);
    for (std::uint32_t svc = 0; svc < s.services.size(); ++svc) {
      const ServiceConfig& service = s.services[svc];
      double busy = 0;
      for (const Step& step : service.handler)
        if (step.kind == Step::Kind::work) busy += step.work.mean_seconds();
      const double arrivals = load.peak_rate * nominal.reach[svc] / nominal.submissions;
      const double capacity = busy > 0 ? service.workers / busy : HUGE_VAL;
      if (!(arrivals > capacity)) continue;
      double waiting = std::min((arrivals - capacity) * seconds, ops.value * nominal.reach[svc]);
      if (service.queue.capacity) waiting = std::min(waiting, static_cast<double>(*service.queue.capacity));
      est.memory_parts.push_back({format_count(waiting) + " requests waiting at " + service.name + " (" +
                                      format_count(arrivals) + " arrive per second, its workers take " +
                                      format_count(capacity) + ") × " + format_input(kRequestPathBytes) + " bytes",
                                  waiting * kRequestPathBytes, Input{Input::Kind::workers, svc}});
    }
  }

  Term& mem = est.memory;
  mem.noun = "bytes of memory";
  mem.bytes = true;
  mem.limit = limits::kMaxMemoryBytes;
  const auto largest = std::max_element(est.memory_parts.begin(), est.memory_parts.end(),
                                        [](const MemoryPart& a, const MemoryPart& b) { return a.bytes < b.bytes; });
  for (const MemoryPart& p : est.memory_parts) mem.value += p.bytes;
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

  // ---- output ----
  Term& out = est.output;
  out.noun = "bytes of output";
  out.bytes = true;
  out.limit = limits::kMaxOutputBytes;
  out.value = rows * columns * kCsvCellBytes + columns * kCsvHeaderBytes + kSummaryBytes;
  out.explanation = "timeseries.csv: " + format_count(rows) + " buckets × " + format_count(columns) + " columns × " +
                    format_input(kCsvCellBytes) + " bytes";
  out.blame = {Input::Kind::bucket};
  out.advice = "use a larger bucket, fewer services and edges, or a shorter duration";
  return est;
}

std::vector<const Term*> refusals(const Estimate& e) {
  std::vector<const Term*> over;
  for (const Term* t : e.terms())
    if (t->over()) over.push_back(t);
  if (e.operations.over() || e.requests_per_operation.over())
    over.erase(std::remove(over.begin(), over.end(), &e.requests), over.end());
  return over;
}

}  // namespace chaossim::cost
