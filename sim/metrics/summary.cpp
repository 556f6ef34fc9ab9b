#include "metrics/summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/engine.h"

namespace chaossim {

const double* MetricSet::find(std::string_view name) const {
  for (const auto& [k, v] : values)
    if (k == name) return &v;
  return nullptr;
}

bool RunResult::passed() const {
  return std::all_of(expectations.begin(), expectations.end(), [](const ExpectationResult& r) { return r.passed; });
}

namespace {
constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
// A ratio of nothing is undefined, not 0: a success rate of 0 would read as "everything failed".
double ratio(double a, double b) { return b > 0 ? a / b : kUndefined; }
}  // namespace

void add_latency_metrics(MetricSet& m, const LatencyHistogram& h) {
  const bool any = h.count() > 0;
  const auto q = [&](double p) { return any ? h.quantile_ns(p) * 1e-9 : kUndefined; };
  m.add("latency.mean", any ? h.mean_ns() * 1e-9 : kUndefined);
  m.add("latency.p50", q(0.5));
  m.add("latency.p90", q(0.9));
  m.add("latency.p99", q(0.99));
  m.add("latency.p999", q(0.999));
  m.add("latency.max", any ? static_cast<double>(h.max_ns()) * 1e-9 : kUndefined);
}

// Every name added here is declared, with its unit and meaning, in metrics/metric_registry.cpp, in the same order;
// tests/metrics/metric_registry_test.cpp checks that both lists agree for every bundled lesson.
MetricSet metrics_for_phase(const Scenario& s, const Recorder& rec, Phase phase) {
  const PhaseTotals& p = rec.phase(phase);
  MetricSet m;
  const auto u = [](std::uint64_t v) { return static_cast<double>(v); };
  m.add("ops", u(p.ops));
  m.add("ops_succeeded", u(p.succeeded));
  m.add("ops_failed", u(p.failed));
  m.add("ops_degraded", u(p.degraded));
  m.add("ops_unfinished", u(p.unfinished));
  m.add("success_rate", ratio(u(p.succeeded), u(p.ops)));
  m.add("attempts", u(p.attempts));
  m.add("retries", u(p.retries));
  m.add("amplification", ratio(u(p.attempts), u(p.ops)));
  std::uint64_t dup = 0;
  for (std::uint64_t d : p.effect_duplicates) dup += d;
  m.add("duplicates", u(dup));
  for (std::size_t e = 0; e < s.effects.size(); ++e) {
    const std::string n = "effects." + s.effects[e] + ".";
    m.add(n + "executed", u(p.effect_executed[e]));
    m.add(n + "duplicates", u(p.effect_duplicates[e]));
    m.add(n + "ops_duplicated", u(p.effect_ops_duplicated[e]));
  }
  m.add("inconsistent", u(p.inconsistent));
  m.add("error_seconds", p.error_seconds);
  m.add("timeouts", u(p.timeouts));
  add_latency_metrics(m, p.latency);
  m.add("breaker.rejections", u(p.breaker_rejections));
  m.add("breaker.open_seconds", p.breaker_open_seconds);
  m.add("budget.denied", u(p.budget_denied));
  m.add("throttle.rejections", u(p.throttle_rejections));
  m.add("limit.rejections", u(p.limit_rejections));
  m.add("outlier.ejections", u(p.outlier_ejections));
  m.add("health.detections", u(p.health_detections));
  m.add("health.detection_seconds", ratio(p.health_detection_seconds, u(p.health_detections)));
  m.add("idempotency.lease_takeovers", u(p.lease_takeovers));
  m.add("idempotency.fenced", u(p.fenced));
  m.add("idempotency.payload_rejections", u(p.payload_rejections));
  m.add("idempotency.wrong_replies", u(p.wrong_replies));
  m.add("conflicts", u(p.conflicts));
  m.add("makespan", p.ops > 0 ? p.last_outcome - p.first_start : kUndefined);
  m.add("compensations", u(p.compensations));
  m.add("compensations_failed", u(p.compensations_failed));
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const ServiceTotals& t = p.services[i];
    const std::string n = "services." + s.services[i].name + ".";
    m.add(n + "requests", u(t.requests));
    const double instances = s.services[i].instances;
    m.add(n + "utilization", ratio(t.busy_ns * 1e-9, p.seconds * s.services[i].workers * instances));
    m.add(n + "processor_utilization",
          ratio(t.processor_busy_ns * 1e-9, p.seconds * s.services[i].processor_count() * instances));
    m.add(n + "queue_max", u(t.queue_max));
    m.add(n + "wasted", u(t.wasted));
    m.add(n + "shed", u(t.shed));
    m.add(n + "overloaded", u(t.overloaded));
    m.add(n + "cancelled", u(t.cancelled));
    m.add(n + "limited", u(t.limited));
  }
  for (std::size_t i = 0; i < s.edges.size(); ++i) {
    const EdgeTotals& t = p.edges[i];
    const std::string n = "edges." + s.edges[i].name + ".";
    m.add(n + "attempts", u(t.attempts));
    m.add(n + "amplification", ratio(u(t.attempts), u(t.calls)));
    m.add(n + "hedges", u(t.hedges));
    m.add(n + "hedge_wins", u(t.hedge_wins));
  }
  for (std::size_t i = 0, first = 0; i < s.services.size(); first += s.services[i].instances, ++i)
    for (std::uint32_t k = 0; s.services[i].instances > 1 && k < s.services[i].instances; ++k) {
      const InstanceTotals& t = p.instances[first + k];
      const std::string n = "instances." + series::instance_name(s.services[i].name, k) + ".";
      m.add(n + "requests", u(t.requests));
      m.add(n + "utilization", ratio(t.busy_ns * 1e-9, p.seconds * s.services[i].workers));
      m.add(n + "ejections", u(t.ejections));
    }
  if (s.clients.criticality)
    for (std::size_t c = 0; c < kCriticalities; ++c) {
      if (!((*s.clients.criticality)[c] > 0)) continue;
      const std::string n = "criticality." + std::string(kCriticalityNames[c]) + ".";
      m.add(n + "ops", u(p.criticality_ops[c]));
      m.add(n + "success_rate", ratio(u(p.criticality_succeeded[c]), u(p.criticality_ops[c])));
    }
  if (phase == kOverall) {
    const std::optional<Recovery> r = detect_recovery(s, rec);
    m.add("recovered", r ? (r->recovered ? 1.0 : 0.0) : kUndefined);
    m.add("recovery_seconds", r ? r->seconds : kUndefined);
  }
  return m;
}

// Goodput is successful operations per bucket. Its reference level is the mean over whole buckets after warmup
// and before the first fault that ends before the run does; recovery is the first bucket, from the end of the last
// such fault on, that starts a run of five buckets at >= 90% of that level. Without a reference bucket (a fault
// from the start), the bucket's own offered load is the reference.
std::optional<Recovery> detect_recovery(const Scenario& s, const Recorder& rec) {
  Duration first_start = Duration::infinite(), last_end = Duration::zero();
  bool any = false;
  for (const FaultConfig& f : s.faults) {
    if (f.end >= s.duration || f.start >= s.duration) continue;
    any = true;
    first_start = std::min(first_start, f.start);
    last_end = std::max(last_end, f.end);
  }
  if (!any) return std::nullopt;
  const SeriesLayout& l = rec.layout();
  const std::int64_t b = s.bucket.ns;
  double sum = 0;
  int n = 0;
  for (std::size_t k = 0; k < rec.buckets(); ++k) {
    const std::int64_t lo = static_cast<std::int64_t>(k) * b;
    if (lo < s.warmup.ns || lo + b > first_start.ns) continue;
    sum += rec.cell(k, l.succeeded);
    ++n;
  }
  const double level = n ? sum / n : -1.0;
  constexpr int kHold = 5;
  const std::size_t from = static_cast<std::size_t>((last_end.ns + b - 1) / b);
  for (std::size_t k = from; k + kHold <= rec.buckets(); ++k) {
    bool ok = true;
    for (std::size_t j = k; j < k + kHold && ok; ++j) {
      const double ref = level >= 0 ? level : rec.cell(j, l.ops);
      ok = rec.cell(j, l.succeeded) >= 0.9 * ref;
    }
    if (ok) return Recovery{true, static_cast<double>(static_cast<std::int64_t>(k) * b - last_end.ns) * 1e-9};
  }
  return Recovery{false, (s.duration - last_end).seconds_f()};
}

const char* op_symbol(Expectation::Op op) {
  switch (op) {
    case Expectation::Op::eq: return "==";
    case Expectation::Op::ne: return "!=";
    case Expectation::Op::lt: return "<";
    case Expectation::Op::le: return "<=";
    case Expectation::Op::gt: return ">";
    case Expectation::Op::ge: return ">=";
  }
  return "?";
}

const char* phase_name(Expectation::Phase p) {
  switch (p) {
    case Expectation::Phase::overall: return "overall";
    case Expectation::Phase::before: return "before";
    case Expectation::Phase::during: return "during";
    case Expectation::Phase::after: return "after";
  }
  return "?";
}

const char* role_name(Expectation::Role r) { return r == Expectation::Role::demonstrates ? "demonstrates" : "checks"; }

std::vector<ExpectationResult> evaluate(const std::vector<Expectation>& expect, const MetricSet (&phases)[kPhases]) {
  std::vector<ExpectationResult> out;
  for (const Expectation& e : expect) {
    ExpectationResult r{e, 0.0, false, false};
    const int phase = static_cast<int>(e.phase);  // Phase and Expectation::Phase share their order
    if (const double* v = phases[phase].find(e.metric)) {
      r.found = true;
      r.measured = *v;
      // An undefined value (nothing to measure) satisfies no expectation, not even `!=`.
      if (std::isnan(*v)) {
        out.push_back(r);
        continue;
      }
      switch (e.op) {
        case Expectation::Op::eq: r.passed = *v == e.value; break;
        case Expectation::Op::ne: r.passed = *v != e.value; break;
        case Expectation::Op::lt: r.passed = *v < e.value; break;
        case Expectation::Op::le: r.passed = *v <= e.value; break;
        case Expectation::Op::gt: r.passed = *v > e.value; break;
        case Expectation::Op::ge: r.passed = *v >= e.value; break;
      }
    }
    out.push_back(r);
  }
  return out;
}

RunResult summarize(const Engine& engine, std::string variant) {
  const Scenario& s = engine.scenario();
  const Recorder& rec = engine.recorder();
  RunResult r;
  r.scenario = s.name;
  r.variant = std::move(variant);
  r.seed = engine.seed();
  for (int p = 0; p < kPhases; ++p) r.phases[p] = metrics_for_phase(s, rec, static_cast<Phase>(p));
  r.expectations = evaluate(s.expect, r.phases);
  r.series_columns = rec.layout().names;
  r.series = rec.series();
  for (int p = 0; p < kPhases; ++p) r.latency[p] = rec.phase(static_cast<Phase>(p)).latency;
  r.events = engine.events_processed();
  return r;
}

}  // namespace chaossim
