#include "html/system_words.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "scenario/fault_types.h"

namespace chaossim {

namespace {

// Shortest round-trip spelling, independent of the locale ("0.4", "2", "1e-05").
std::string number(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  assert(res.ec == std::errc());
  return std::string(buf, res.ptr);
}

// format_duration, in whole hours or minutes when it is one ("24h", not "86400s").
std::string duration(Duration d) {
  constexpr std::int64_t kMinute = 60'000'000'000, kHour = 60 * kMinute;
  if (d.ns > 0 && d.ns % kHour == 0) return std::to_string(d.ns / kHour) + "h";
  if (d.ns > 0 && d.ns % kMinute == 0) return std::to_string(d.ns / kMinute) + "m";
  return format_duration(d);
}

std::string distribution(const Distribution& d) {
  using K = Distribution::Kind;
  auto t = [](double ns) { return format_duration(Duration{static_cast<std::int64_t>(ns)}); };
  switch (d.kind) {
    case K::constant: return t(d.a);
    case K::uniform: return t(d.a) + "–" + t(d.b);
    case K::exponential: return "exponential, mean " + t(d.a);
    case K::lognormal: return "lognormal, median " + t(d.a) + ", σ " + number(d.b);
    case K::pareto: return "pareto, scale " + t(d.a) + ", shape " + number(d.b);
    case K::normal: return "normal, mean " + t(d.a) + ", sd " + t(d.b) + " (drawn again below 0)";
    case K::weibull: return "weibull, scale " + t(d.a) + ", shape " + number(d.b);
    case K::mixture: {
      // "5ms (90 %) or exponential, mean 80ms (10 %)": each component with its share.
      std::string out;
      double previous = 0;
      for (std::size_t i = 0; i < d.table->components.size(); ++i) {
        const double share = d.table->cumulative[i] - previous;
        previous = d.table->cumulative[i];
        if (i > 0) out += i + 1 == d.table->components.size() ? " or " : ", ";
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.3g", share * 100);
        out += distribution(d.table->components[i].dist) + " (" + percent + " %)";
      }
      return out;
    }
    case K::empirical: {
      // The measured samples with their median and 99th percentile, which is what a reader compares.
      const auto& xs = d.table->samples_ns;
      auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size())));
        return t(static_cast<double>(xs[std::max<std::size_t>(rank, 1) - 1]));
      };
      return std::to_string(xs.size()) + (xs.size() == 1 ? " sample" : " samples") + " from " + d.table->source +
             ", median " + at(0.5) + ", p99 " + at(0.99);
    }
  }
  return d.describe();
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

std::string queue_words(const QueueConfig& q, bool drop_expired) {
  std::vector<std::string> parts;
  parts.push_back(q.capacity ? plural(*q.capacity, "waiting", "waiting") : "unbounded");
  switch (q.discipline) {
    case QueueConfig::Discipline::fifo: parts.push_back("FIFO"); break;
    case QueueConfig::Discipline::lifo: parts.push_back("LIFO"); break;
    case QueueConfig::Discipline::adaptive_lifo: parts.push_back("adaptive LIFO"); break;
    case QueueConfig::Discipline::priority: parts.push_back("by criticality"); break;
  }
  if (q.max_wait) parts.push_back("sheds after " + duration(*q.max_wait));
  if (q.codel) parts.push_back("CoDel " + duration(q.codel->target) + "/" + duration(q.codel->interval));
  if (drop_expired) parts.push_back("drops expired");
  return join(parts, ", ");
}

std::string handler_words(const Scenario& s, const ServiceConfig& service) {
  std::vector<std::string> steps;
  for (const Step& step : service.handler) {
    switch (step.kind) {
      case Step::Kind::work: steps.push_back("work " + distribution(step.work)); break;
      case Step::Kind::call: {
        assert(step.index < s.edges.size());
        std::string words = "call " + s.services.at(s.edges[step.index].callee).name;
        if (step.count > 1)
          words += " ×" + std::to_string(step.count) +
                   (step.need < step.count ? " (first " + std::to_string(step.need) + ")" : std::string());
        if (step.compensate != Step::kNone)
          words += " (undone by " + s.services.at(s.edges[step.compensate].callee).name + ")";
        steps.push_back(words);
        break;
      }
      case Step::Kind::read: steps.push_back("read " + s.records.at(step.index)); break;
      case Step::Kind::write: steps.push_back("write " + s.records.at(step.index)); break;
      case Step::Kind::respond: steps.push_back("respond " + std::to_string(step.index)); break;
      case Step::Kind::effect:
        assert(step.index < s.effects.size());
        steps.push_back("effect " + s.effects.at(step.index));
        break;
    }
  }
  return join(steps, " → ");
}

std::string idempotency_words(const IdempotencyConfig& i) {
  if (!i.enabled) return "none";
  std::string out = std::string(i.durable ? "durable" : "in-memory") + " store, ttl " + duration(i.ttl);
  if (i.in_flight_wait) out += ", waits for a key in flight";
  if (i.cache_errors) out += ", caches errors";
  if (i.record_after_response) out += ", records after the reply";
  return out;
}

const char* jitter_words(Jitter j) {
  switch (j) {
    case Jitter::none: return "no jitter";
    case Jitter::full: return "full jitter";
    case Jitter::equal: return "equal jitter";
    case Jitter::decorrelated: return "decorrelated jitter";
  }
  return "?";
}

std::string backoff_words(const BackoffConfig& b) {
  switch (b.type) {
    case BackoffType::constant: return "backoff " + duration(b.base) + ", " + jitter_words(b.jitter);
    case BackoffType::linear:
      return "linear backoff " + duration(b.base) + " up to " + duration(b.max) + ", " + jitter_words(b.jitter);
    case BackoffType::exponential:
      return "exponential backoff " + duration(b.base) + " ×" + number(b.multiplier) + " up to " + duration(b.max) +
             ", " + jitter_words(b.jitter);
    case BackoffType::schedule: {
      std::vector<std::string> delays;
      for (const Duration d : b.delays) delays.push_back(duration(d));
      return "retry schedule " + join(delays, ", ") +
             (b.spread > 0 ? " ±" + number(b.spread * 100) + " %" : std::string());
    }
  }
  return "?";
}

std::string retry_words(const RetryConfig& r) {
  if (r.max_attempts <= 1) return "no retry";
  return plural(r.max_attempts, "try", "tries") + ", " + backoff_words(r.backoff);
}

std::string key_words(KeyMode k) {
  switch (k) {
    case KeyMode::per_operation: return "per operation";
    case KeyMode::per_attempt: return "per attempt";
    case KeyMode::none: return "none";
  }
  return "?";
}

std::string breaker_words(const BreakerConfig& b) {
  using T = BreakerConfig::Type;
  std::string out;
  switch (b.type) {
    case T::none: return "none";
    case T::count_window:
      out = "opens at " + number(b.failure_rate * 100) + "% failures of the last " +
            plural(b.window_size, "call", "calls");
      break;
    case T::time_window:
      out = "opens at " + number(b.failure_rate * 100) + "% failures in " + duration(b.window_time) + " (at least " +
            plural(b.min_calls, "call", "calls") + ")";
      break;
    case T::consecutive:
      out = "opens after " + plural(b.consecutive_failures, "failure", "failures") + " in a row";
      break;
  }
  out += ", for " + duration(b.open_for);
  if (b.shared) out += ", shared";
  return out;
}

std::string fallback_words(const FallbackConfig& f) {
  std::vector<std::string> on;
  if (f.on_breaker_open) on.push_back("breaker open");
  if (f.on_exhausted) on.push_back("retries exhausted");
  if (f.on_bulkhead_full) on.push_back("bulkhead full");
  if (f.on_throttled) on.push_back("throttled");
  return on.empty() ? "none" : "on " + join(on, ", ");
}

std::string budget_words(const BudgetConfig& b, const ThrottleConfig& throttle) {
  using T = BudgetConfig::Type;
  std::vector<std::string> parts;
  switch (b.type) {
    case T::none: break;
    case T::token_bucket:
      parts.push_back("token bucket of " + number(b.max_tokens) + ", " + number(b.token_ratio) + " per success");
      if (b.failure_cost != 1) parts.back() += ", " + number(b.failure_cost) + " per failure";
      if (b.retry_cost > 0) parts.back() += ", " + number(b.retry_cost) + " per retry";
      if (b.threshold) parts.back() += ", retries above " + number(*b.threshold);
      if (b.initial_tokens) parts.back() += ", starts at " + number(*b.initial_tokens);
      break;
    case T::ratio:
      parts.push_back("retries ≤ " + number(b.percent) + "% of requests in " + duration(b.ratio_window) + ", min " +
                      number(b.min_per_second) + "/s");
      break;
    case T::concurrency:
      parts.push_back("retries in flight ≤ " + number(b.percent) + "% of attempts in flight, min " +
                      std::to_string(b.min_retry_concurrency));
      break;
    case T::retry_breaker:
      parts.push_back("no retries while ≥ " + number(b.failure_rate * 100) + "% of attempts in " +
                      duration(b.ratio_window) + " fail (min " + std::to_string(b.min_calls) + ")");
      break;
  }
  if (b.type != T::none && b.shared) parts.back() += ", shared";
  if (throttle.enabled) parts.push_back("adaptive throttle k=" + number(throttle.k));
  return parts.empty() ? "none" : join(parts, "; ");
}

}  // namespace

std::string caller_name(const Scenario& scenario, const EdgeConfig& edge) {
  if (edge.caller == kClients) return "clients";
  assert(edge.caller < scenario.services.size());
  return scenario.services.at(edge.caller).name;
}

std::vector<ServiceRow> service_rows(const Scenario& scenario) {
  std::vector<ServiceRow> rows;
  rows.reserve(scenario.services.size());
  for (const ServiceConfig& s : scenario.services) {
    std::string workers = std::to_string(s.workers);
    if (s.processors) workers += " (" + plural(*s.processors, "processor", "processors") + ")";
    if (s.contention.per_request > 0) workers += ", contention " + number(s.contention.per_request);
    rows.push_back({s.name, std::move(workers), queue_words(s.queue, s.drop_expired), handler_words(scenario, s),
                    idempotency_words(s.idempotency)});
  }
  return rows;
}

std::vector<EdgeRow> edge_rows(const Scenario& scenario) {
  std::vector<EdgeRow> rows;
  rows.reserve(scenario.edges.size());
  for (const EdgeConfig& e : scenario.edges) {
    EdgeRow row;
    row.caller = caller_name(scenario, e);
    row.callee = scenario.services.at(e.callee).name;
    row.latency = distribution(e.latency);
    row.timeout = duration(e.timeout);
    if (e.deadline) row.timeout += ", deadline " + duration(*e.deadline);
    row.retry = retry_words(e.retry);
    row.key = key_words(e.idempotency_key);
    row.breaker = breaker_words(e.breaker);
    row.bulkhead =
        e.bulkhead_max_concurrent ? plural(*e.bulkhead_max_concurrent, "call", "calls") + " at once" : "none";
    row.fallback = fallback_words(e.fallback);
    row.budget = budget_words(e.retry.budget, e.throttle);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string edge_label(const Scenario& scenario, const EdgeConfig& edge) {
  std::vector<std::string> parts{"timeout " + duration(edge.timeout)};
  parts.push_back(edge.retry.max_attempts > 1 ? plural(edge.retry.max_attempts, "try", "tries") : "no retry");
  // A key matters only to a callee that remembers keys.
  if (scenario.services.at(edge.callee).idempotency.enabled) {
    if (edge.idempotency_key == KeyMode::per_operation) parts.push_back("key");
    if (edge.idempotency_key == KeyMode::per_attempt) parts.push_back("key per attempt");
  }
  if (edge.retry.budget.type != BudgetConfig::Type::none) parts.push_back("budget");
  if (edge.breaker.type != BreakerConfig::Type::none) parts.push_back("breaker");
  if (edge.bulkhead_max_concurrent) parts.push_back("bulkhead " + std::to_string(*edge.bulkhead_max_concurrent));
  if (edge.fallback.any()) parts.push_back("fallback");
  if (edge.throttle.enabled) parts.push_back("throttle");
  return join(parts, " · ");
}

std::string fault_label(const Scenario& scenario, const FaultConfig& fault) {
  using T = FaultConfig::Type;
  const format::FaultType* type = nullptr;
  for (const format::FaultType& t : format::kFaultTypes)
    if (t.type == fault.type) type = &t;
  assert(type);
  std::string words(type->name);
  if (type->keys.find("probability") != std::string_view::npos && fault.probability < 1) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, fault.probability * 100, std::chars_format::general, 3);
    words += " " + std::string(buf, res.ptr) + " %";
  }
  if (fault.type == T::slowdown || fault.type == T::load) words += " ×" + number(fault.factor);
  if (fault.type == T::capacity) words += " to " + plural(fault.workers, "worker", "workers");
  if (fault.type == T::latency) words += " +" + distribution(fault.delay);
  std::string target = "clients";
  if (fault.target_kind == FaultConfig::Target::service && fault.target < scenario.services.size()) {
    // The instances it hits, as the file names them: "api#2", or "api#1–#3" for the first three.
    const ServiceConfig& svc = scenario.services[fault.target];
    const std::uint32_t first = fault.first_instance + 1,
                        last = fault.instance_count == 0 ? svc.instances : fault.first_instance + fault.instance_count;
    target = svc.name;
    if (svc.instances > 1 && (first > 1 || last < svc.instances))
      target += "#" + std::to_string(first) + (last > first ? "–#" + std::to_string(last) : "");
  }
  if (fault.target_kind == FaultConfig::Target::edge && fault.target < scenario.edges.size())
    target = scenario.edges[fault.target].name;
  return words + " · " + target;
}

FaultBands fault_bands(const Scenario& scenario) {
  FaultBands bands;
  for (const FaultConfig& f : scenario.faults) {
    const std::int64_t start = std::min(f.start.ns, scenario.duration.ns),
                       end = std::min(f.end.ns, scenario.duration.ns);
    // Nanoseconds divided, so "30s" is 30 exactly.
    if (start < end)
      bands.push_back({static_cast<double>(start) / 1e9, static_cast<double>(end) / 1e9, fault_label(scenario, f)});
  }
  return bands;
}

}  // namespace chaossim
