// The estimate of one run: operations, requests per operation with every multiplier, requests, memory
// (cost_memory.cpp) and output. Messages and batches are in cost_report.cpp.
#include "scenario/cost_model.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "model/series_columns.h"
#include "scenario/cost_internal.h"
#include "scenario/limits.h"

namespace chaossim::cost {

namespace {

constexpr double kCsvCellBytes = 6;     // "0," in quiet columns, "0.1490528522125," in busy ones; lessons average 5
constexpr double kCsvHeaderBytes = 40;  // per column: "services.payments.utilization,"
constexpr double kSummaryBytes = 64e3;  // summary.json, summary.md and the manifest of one configuration

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

Term operations_term(const RunShape& run) {
  const Scenario& s = run.s;
  const ArrivalConfig& arrival = s.clients.arrival;
  const LoadTimeline& load = run.load;
  const double seconds = run.seconds, clients = run.clients;
  Term ops;
  ops.noun = "operations";
  ops.limit = limits::kMaxExpectedOperations;
  if (run.closed) {
    double cycles_per_client = closed_loop_cycles_bound(arrival.think_time, load.effective_seconds, load.pieces);
    const bool finite = arrival.operations && *arrival.operations <= cycles_per_client;
    if (finite) cycles_per_client = *arrival.operations;
    ops.value = clients * cycles_per_client;
    ops.explanation =
        format_input(clients) + " clients × up to " + format_count(cycles_per_client) + " operations each" +
        (finite ? std::string(" (clients.arrival.operations)")
                : " in " + format_input(seconds) + " s with a think time of " + arrival.think_time.describe());
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

  return ops;
}

Term requests_per_operation_term(const Scenario& s, const Fanout& fan, const std::vector<double>& copies,
                                 const std::vector<std::optional<std::uint32_t>>& duplicate_fault) {
  Term rpo;
  rpo.noun = "requests per operation";
  rpo.value = fan.per_operation;
  rpo.limit = limits::kMaxFanOut;
  {
    double attempts = 1, dup = 1;
    std::size_t dup_edges = 0;
    std::uint32_t most_attempts = 0;
    std::optional<std::uint32_t> first_dup;
    for (const std::uint32_t e : fan.chain_edges) {
      const auto tries = [&](std::uint32_t x) { return s.edges[x].retry.max_attempts + s.edges[x].hedge.max; };
      attempts *= tries(e);
      if (tries(e) > tries(most_attempts)) most_attempts = e;
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
      std::uint64_t made = 0;
      each_call(s.services[svc], [&](std::uint32_t, double n) { made += static_cast<std::uint64_t>(n); });
      return made;
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
    rpo.advice =
        "lower retry.max_attempts, hedge.max, the calls per handler (or their count) or the duplicate_request faults";
  }

  return rpo;
}

Term requests_term(const Term& ops, const Term& rpo) {
  Term req;
  req.noun = "requests";
  req.value = std::min(ops.value * rpo.value, 1e300);
  req.limit = limits::kMaxRequests;
  req.explanation = format_count(ops.value) + " operations × up to " + format_count(rpo.value) +
                    " requests each when every attempt fails";
  const bool load_dominates = ops.value / ops.limit >= rpo.value / rpo.limit;
  req.blame = load_dominates ? ops.blame : rpo.blame;
  req.advice = load_dominates ? ops.advice : rpo.advice;

  return req;
}

Term output_term(const Scenario& s) {
  const double columns = series_columns(s), rows = buckets(s);
  Term out;
  out.noun = "bytes of output";
  out.bytes = true;
  out.limit = limits::kMaxOutputBytes;
  out.value = rows * columns * kCsvCellBytes + columns * kCsvHeaderBytes + kSummaryBytes;
  out.explanation = "timeseries.csv: " + format_count(rows) + " buckets × " + format_count(columns) + " columns × " +
                    format_input(kCsvCellBytes) + " bytes";
  out.blame = {Input::Kind::bucket};
  out.advice = "use a larger bucket, fewer services and edges, or a shorter duration";
  return out;
}

}  // namespace

double series_columns(const Scenario& s) {
  std::size_t instances = 0;  // only services of several instances have columns of their own
  for (const ServiceConfig& svc : s.services) instances += svc.instances > 1 ? svc.instances : 0;
  return static_cast<double>(series::kRunColumns + series::kEffectColumns * s.effects.size() +
                             series::kServiceColumns * s.services.size() + series::kEdgeColumns * s.edges.size() +
                             series::kInstanceColumns * instances);
}

double buckets(const Scenario& s) {
  return std::ceil(static_cast<double>(s.duration.ns) / static_cast<double>(std::max<std::int64_t>(s.bucket.ns, 1)));
}

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
    each_call(s.services[svc],
              [&](std::uint32_t e, double calls) { total += per_edge[e] * calls * (1 + below(s.edges[e].callee)); });
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
    each_call(s.services[svc], [&](std::uint32_t e, double) { visit(s.edges[e].callee); });
    order.push_back(svc);
  };
  visit(target);
  out.reach.assign(n, 0);
  out.reach[target] = out.submissions * per_edge[0];
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    each_call(s.services[*it], [&](std::uint32_t e, double calls) {
      double& reach = out.reach[s.edges[e].callee];
      reach = std::min(reach + out.reach[*it] * per_edge[e] * calls, 1e300);
    });

  // The worst chain: at each service, the call that causes the most.
  out.chain_edges.push_back(0);
  for (std::uint32_t svc = target, depth = 0; depth < n; ++depth) {
    std::optional<std::uint32_t> worst;
    double most = -1;
    each_call(s.services[svc], [&](std::uint32_t e, double calls) {
      const double caused = per_edge[e] * calls * (1 + out.below[s.edges[e].callee]);
      if (caused > most) most = caused, worst = e;
    });
    if (!worst) break;
    out.chain_edges.push_back(*worst);
    svc = s.edges[*worst].callee;
  }
  return out;
}

Estimate estimate_run(const Scenario& s) {
  const RunShape run{s, load_timeline(s), s.clients.arrival.process == ArrivalConfig::Process::closed,
                     s.duration.seconds_f(), static_cast<double>(s.clients.count)};
  Estimate est;
  est.operations = operations_term(run);

  std::vector<std::optional<std::uint32_t>> duplicate_fault;
  const std::vector<double> copies = copies_per_attempt(s, duplicate_fault);
  std::vector<double> per_edge(s.edges.size());
  // Attempts per call: its own and, hedged, its copies (one attempt each).
  for (std::size_t e = 0; e < s.edges.size(); ++e)
    per_edge[e] = (s.edges[e].retry.max_attempts + s.edges[e].hedge.max) * copies[e];
  const Fanout fan = fan_out(s, per_edge);
  est.requests_per_operation = requests_per_operation_term(s, fan, copies, duplicate_fault);
  est.requests = requests_term(est.operations, est.requests_per_operation);
  // Health checks probe every instance once per interval whatever the load: events like requests.
  double probes = 0;
  for (const ServiceConfig& svc : s.services)
    if (svc.health_check.enabled)
      probes += svc.instances * run.seconds / std::max(svc.health_check.interval.seconds_f(), 1e-9);
  if (probes > 0) {
    est.requests.value = std::min(est.requests.value + probes, 1e300);
    est.requests.explanation += ", plus " + format_count(probes) + " health probes";
  }

  est.memory_parts = memory_parts(run, est.operations, fan);
  est.memory = memory_term(est.memory_parts);
  est.series_bytes = series_columns(s) * buckets(s) * kSeriesCellBytes;
  est.output = output_term(s);
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
