#include "metrics/metric_registry.h"

#include <algorithm>
#include <iterator>  // std::size
#include <optional>

namespace chaossim {

namespace {

using enum MetricUnit;
using enum Prominence;
constexpr MetricScope kRun = MetricScope::run, kEffect = MetricScope::effect, kService = MetricScope::service,
                      kEdge = MetricScope::edge, kCriticality = MetricScope::criticality,
                      kInstance = MetricScope::instance;
constexpr Better kHigher = Better::higher, kLower = Better::lower, kNeither = Better::neither;

// The results contract. Load, rejections, denials and utilisation say how a strategy works, not how well, so
// their direction is `neither` and reports do not rank variants by them. Keep docs/scenario-format.md section 9
// in step: a test fails when a name here is missing there.
constexpr MetricInfo kMetrics[] = {
    // Operations, attributed to the phase in which the operation started.
    {"ops", kRun, count, kNeither, kEveryPhase, headline, "logical operations started"},
    {"ops_succeeded", kRun, count, kHigher, kEveryPhase, detail, "operations with a successful outcome"},
    {"ops_failed", kRun, count, kLower, kEveryPhase, detail, "operations that failed"},
    {"ops_degraded", kRun, count, kNeither, kEveryPhase, detail, "operations that succeeded through a fallback"},
    {"ops_unfinished", kRun, count, kNeither, kEveryPhase, detail, "operations without an outcome when the run ended"},
    {"success_rate", kRun, fraction, kHigher, kEveryPhase, sweep, "operations that succeeded"},
    {"attempts", kRun, count, kNeither, kEveryPhase, detail, "client attempts, resubmissions included"},
    {"retries", kRun, count, kLower, kEveryPhase, detail, "client attempts after the first of each submission"},
    {"amplification", kRun, multiplier, kLower, kEveryPhase, sweep, "client attempts per operation"},
    {"duplicates", kRun, count, kLower, kEveryPhase, sweep, "side effects executed more than once"},
    {"effects.<effect>.executed", kEffect, count, kNeither, kEveryPhase, detail, "executions of this effect"},
    {"effects.<effect>.duplicates", kEffect, count, kLower, kEveryPhase, headline, "extra executions of this effect"},
    {"effects.<effect>.ops_duplicated", kEffect, count, kLower, kEveryPhase, detail,
     "operations in which this effect ran more than once"},
    {"inconsistent", kRun, count, kLower, kEveryPhase, headline, "failed for the user, yet had an effect"},
    {"error_seconds", kRun, seconds, kLower, kEveryPhase, detail,
     "time users saw errors: buckets in which an operation failed"},
    {"timeouts", kRun, count, kLower, kEveryPhase, headline, "attempts that timed out"},
    {"latency.mean", kRun, seconds, kLower, kEveryPhase, detail, "mean, successful operations"},
    {"latency.p50", kRun, seconds, kLower, kEveryPhase, headline, "median, successful operations"},
    {"latency.p90", kRun, seconds, kLower, kEveryPhase, detail, "90th percentile, successful operations"},
    {"latency.p99", kRun, seconds, kLower, kEveryPhase, sweep, "99th percentile, successful operations"},
    {"latency.p999", kRun, seconds, kLower, kEveryPhase, detail, "99.9th percentile, successful operations"},
    {"latency.max", kRun, seconds, kLower, kEveryPhase, headline, "slowest successful operation"},
    // Strategies, counted when the event happens.
    {"breaker.rejections", kRun, count, kNeither, kEveryPhase, headline, "calls refused by an open breaker"},
    {"breaker.open_seconds", kRun, seconds, kNeither, kEveryPhase, detail, "time breakers spent open"},
    {"budget.denied", kRun, count, kNeither, kEveryPhase, headline, "retries refused by the retry budget"},
    {"throttle.rejections", kRun, count, kNeither, kEveryPhase, detail,
     "attempts refused by a client-side adaptive throttle"},
    {"limit.rejections", kRun, count, kNeither, kEveryPhase, detail,
     "attempts and requests refused by adaptive concurrency limits, callers' and services'"},
    {"outlier.ejections", kRun, count, kNeither, kEveryPhase, detail,
     "instances ejected from an edge's balancer by its outlier detection"},
    {"health.detections", kRun, count, kNeither, kEveryPhase, detail,
     "instances a health checker took out of rotation while their check failed"},
    {"health.detection_seconds", kRun, seconds, kLower, kEveryPhase, detail,
     "mean lag from an instance failing its health check's condition to the checker taking it out"},
    {"idempotency.lease_takeovers", kRun, count, kLower, kEveryPhase, detail,
     "requests that found their key's lease run out and ran the handler again"},
    {"idempotency.fenced", kRun, count, kNeither, kEveryPhase, detail,
     "effects refused by fencing: their request's lease had been taken over"},
    {"idempotency.payload_rejections", kRun, count, kNeither, kEveryPhase, detail,
     "requests answered 422: their key was stored for a different request"},
    {"idempotency.wrong_replies", kRun, count, kLower, kEveryPhase, detail,
     "requests answered with the stored reply of a different request under the same key"},
    {"conflicts", kRun, count, kLower, kEveryPhase, detail,
     "writes refused with 409: their record had been written since the request read it"},
    {"makespan", kRun, seconds, kLower, kEveryPhase, detail,
     "from the first operation's start to the last outcome (a finite workload's completion time)"},
    {"compensations", kRun, count, kNeither, kEveryPhase, detail,
     "compensating calls started: a later call step failed and a saga undid the steps before it"},
    {"compensations_failed", kRun, count, kLower, kEveryPhase, detail,
     "compensating calls that failed: what they should have undone stays done"},
    // Services and edges, counted when the event happens.
    {"services.<service>.requests", kService, count, kNeither, kEveryPhase, detail,
     "requests that reached the service"},
    {"services.<service>.utilization", kService, fraction, kNeither, kEveryPhase, headline, "share of workers busy"},
    {"services.<service>.processor_utilization", kService, fraction, kNeither, kEveryPhase, detail,
     "share of processor capacity doing work steps"},
    {"services.<service>.queue_max", kService, count, kNeither, kEveryPhase, detail, "most requests waiting at once"},
    {"services.<service>.wasted", kService, count, kLower, kEveryPhase, detail,
     "handlers finished after their caller stopped waiting"},
    {"services.<service>.shed", kService, count, kLower, kEveryPhase, detail,
     "requests refused by a full queue or dropped while waiting"},
    {"services.<service>.overloaded", kService, count, kNeither, kEveryPhase, detail,
     "requests turned away by the service's overload answer (429 with Retry-After)"},
    {"services.<service>.cancelled", kService, count, kNeither, kEveryPhase, detail,
     "requests dropped from the queue or stopped because their caller gave up (cancel_on_abandon)"},
    {"services.<service>.limited", kService, count, kNeither, kEveryPhase, detail,
     "requests refused by the service's adaptive concurrency limit"},
    {"edges.<edge>.attempts", kEdge, count, kNeither, kEveryPhase, detail, "attempts sent over the edge"},
    {"edges.<edge>.amplification", kEdge, multiplier, kLower, kEveryPhase, detail, "attempts per call on the edge"},
    {"edges.<edge>.hedges", kEdge, count, kNeither, kEveryPhase, detail,
     "hedges sent: copies of a call whose first attempt was still out after the hedge delay"},
    {"edges.<edge>.hedge_wins", kEdge, count, kNeither, kEveryPhase, detail,
     "hedges that answered first (their call's own attempt lost the race)"},
    // Per instance of a service with several.
    {"instances.<instance>.requests", kInstance, count, kNeither, kEveryPhase, detail,
     "requests the balancers sent to this instance"},
    {"instances.<instance>.utilization", kInstance, fraction, kNeither, kEveryPhase, detail,
     "share of this instance's workers busy"},
    {"instances.<instance>.ejections", kInstance, count, kNeither, kEveryPhase, detail,
     "times an edge's outlier detection ejected this instance"},
    // Per criticality class, when the clients declare a mix; attributed like the operations above.
    {"criticality.<criticality>.ops", kCriticality, count, kNeither, kEveryPhase, detail,
     "operations of this criticality with an outcome"},
    {"criticality.<criticality>.success_rate", kCriticality, fraction, kHigher, kEveryPhase, headline,
     "operations of this criticality that succeeded"},
    // Recovery is about the run as a whole: it has no value inside one phase.
    {"recovered", kRun, boolean, kHigher, kOverallOnly, headline, "goodput back to 90 % after the last fault"},
    {"recovery_seconds", kRun, seconds, kLower, kOverallOnly, headline, "time to recover after the last fault"},
};

const std::vector<std::string>& names_of(const MetricSubjects& s, MetricScope scope) {
  static const std::vector<std::string> kNone;
  switch (scope) {
    case MetricScope::effect: return s.effects;
    case MetricScope::service: return s.services;
    case MetricScope::edge: return s.edges;
    case MetricScope::criticality: return s.criticalities;
    case MetricScope::instance: return s.instances;
    case MetricScope::run: break;
  }
  return kNone;
}

// The placeholder, when `name` has the shape of the pattern `m`: what stands between its prefix and suffix.
std::optional<std::string_view> placeholder(const MetricInfo& m, std::string_view name) {
  const std::string_view pre = m.prefix(), post = m.suffix();
  if (name.size() <= pre.size() + post.size() || !name.starts_with(pre) || !name.ends_with(post)) return std::nullopt;
  return name.substr(pre.size(), name.size() - pre.size() - post.size());
}

}  // namespace

MetricKind MetricInfo::kind() const {
  switch (unit) {
    case count: return MetricKind::count;
    case fraction:
    case multiplier: return MetricKind::ratio;
    case seconds: return MetricKind::duration;
    case boolean: return MetricKind::boolean;
  }
  return MetricKind::count;
}

std::string_view MetricInfo::prefix() const {
  if (scope == MetricScope::run) return name;
  return name.substr(0, name.find('<'));
}

std::string_view MetricInfo::suffix() const {
  if (scope == MetricScope::run) return {};
  return name.substr(name.find('>') + 1);
}

std::span<const MetricInfo> metric_registry() { return kMetrics; }

MetricSubjects metric_subjects(const Scenario& s) {
  MetricSubjects out;
  out.effects = s.effects;
  for (const ServiceConfig& svc : s.services) out.services.push_back(svc.name);
  for (const EdgeConfig& e : s.edges) out.edges.push_back(e.name);
  for (const ServiceConfig& svc : s.services)
    for (std::uint32_t k = 0; svc.instances > 1 && k < svc.instances; ++k)
      out.instances.push_back(series::instance_name(svc.name, k));
  if (s.clients.criticality)
    for (std::size_t c = 0; c < kCriticalities; ++c)
      if ((*s.clients.criticality)[c] > 0) out.criticalities.emplace_back(kCriticalityNames[c]);
  return out;
}

const MetricInfo* find_metric(std::string_view name, const MetricSubjects& subjects) {
  for (const MetricInfo& m : kMetrics) {
    if (m.scope == MetricScope::run) {
      if (m.name == name) return &m;
      continue;
    }
    const auto subject = placeholder(m, name);
    const std::vector<std::string>& known = names_of(subjects, m.scope);
    if (subject && std::find(known.begin(), known.end(), *subject) != known.end()) return &m;
  }
  return nullptr;
}

const MetricInfo* find_metric(std::string_view name) {
  for (const MetricInfo& m : kMetrics) {
    if (m.scope == MetricScope::run) {
      if (m.name == name) return &m;
      continue;
    }
    if (const auto subject = placeholder(m, name); subject && subject->find('.') == std::string_view::npos) return &m;
  }
  return nullptr;
}

std::vector<std::string> metric_names(const MetricSubjects& subjects, Phase phase) {
  std::vector<std::string> out;
  const std::span<const MetricInfo> all = kMetrics;
  for (std::size_t i = 0; i < all.size();) {
    // A run of declarations with the same placeholder is expanded entity by entity.
    std::size_t end = i + 1;
    while (all[i].scope != MetricScope::run && end < all.size() && all[end].scope == all[i].scope) ++end;
    if (all[i].scope == MetricScope::run) {
      if (all[i].in_phase(phase)) out.emplace_back(all[i].name);
    } else {
      for (const std::string& subject : names_of(subjects, all[i].scope))
        for (std::size_t k = i; k < end; ++k)
          if (all[k].in_phase(phase))
            out.push_back(std::string(all[k].prefix()) + subject + std::string(all[k].suffix()));
    }
    i = end;
  }
  return out;
}

namespace {

// What each unit is called, how a column header marks it, and what follows a number of it: one row per unit.
struct UnitText {
  MetricUnit unit;
  std::string_view name, label, suffix;
};
constexpr UnitText kUnitTexts[] = {
    {count, "count", "", ""},        {fraction, "fraction", "0..1", ""}, {multiplier, "multiplier (×)", "×", "×"},
    {seconds, "seconds", "s", " s"}, {boolean, "1 or 0", "1=yes", ""},
};
static_assert(std::size(kUnitTexts) == static_cast<std::size_t>(boolean) + 1, "one row per MetricUnit");

const UnitText& text_of(MetricUnit unit) {
  for (const UnitText& t : kUnitTexts)
    if (t.unit == unit) return t;
  return kUnitTexts[0];
}

}  // namespace

std::string_view unit_name(MetricUnit unit) { return text_of(unit).name; }

std::string_view unit_label(MetricUnit unit) { return text_of(unit).label; }

std::string_view unit_suffix(MetricUnit unit) { return text_of(unit).suffix; }

}  // namespace chaossim
