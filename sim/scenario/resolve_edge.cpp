// A caller's strategy on one edge, read from its JSON: latency, timeout, deadline, retry with backoff and budget,
// idempotency key, circuit breaker, bulkhead, fallback and adaptive throttling. The resolver (resolve.cpp) reads every
// edge with it.
#include "scenario/resolve_edge.h"

#include <cmath>

#include "scenario/limits.h"

namespace chaossim::validate {

namespace {

using format::listed;
using format::quote;

std::string listing(std::string_view list) {
  std::string out;
  for (char c : list) out += c == ' ' ? std::string(", ") : std::string(1, c);
  return out;
}

// Reports keys the format knows but the chosen type does not use (unknown keys were reported by check_shape).
void only_keys(const Cursor& c, std::string_view common, std::string_view specific, const std::string& what,
               Reporter& report) {
  for (const std::string& key : c.keys()) {
    const Cursor member = c.child(key);
    if (member.rule && !listed(common, key) && !listed(specific, key))
      report.key_error(member, quote(key) + " does not apply to " + what +
                                   (specific.empty() ? "" : " (it uses " + listing(specific) + ")"));
  }
}

}  // namespace

void apply_shape(const Cursor& c, std::string_view object, std::string_view value, const std::string& what,
                 Reporter& report) {
  const format::Shape* shape = format::find_shape(object, value);
  const auto common = format::shape_common_keys(object);
  if (!shape || !common) {
    report.error(c, "internal error: the format declares no keys for " + what);
    return;
  }
  only_keys(c, *common, shape->keys, what, report);
  for (std::string_view rest = shape->needs; !rest.empty();) {
    const std::string_view key = rest.substr(0, rest.find(' '));
    rest = key.size() == rest.size() ? std::string_view{} : rest.substr(key.size() + 1);
    if (!c.child(key).present()) report.error(c.child(key), what + " needs " + quote(key));
  }
}

namespace {

// A retry schedule: its delays, their spread, and the attempts they allow (at most one more than the delays, given
// explicitly: a schedule without retries, max_attempts' default, would be a silent trap).
void read_schedule(const Cursor& retry, RetryConfig& r, Reporter& report) {
  const Cursor b = retry.child("backoff");
  if (!b.present() || !b.value->is_object()) return;
  const auto type = read_text(b.child("type"));
  if (type && !read_choice<BackoffType>(b.child("type"))) return;  // the shape check said what is wrong with it
  const std::string name = type ? *type : "exponential";
  apply_shape(b, "edges.*.retry.backoff", name, (name == "exponential" ? "an " : "a ") + name + " backoff", report);
  if (r.backoff.type != BackoffType::schedule) return;
  const Cursor delays = b.child("delays");
  for (std::size_t i = 0; delays.present() && delays.value->is_array() && i < delays.value->size(); ++i)
    if (auto d = read_duration(delays.item(i))) r.backoff.delays.push_back(*d);
  if (auto v = read_number(b.child("spread"))) r.backoff.spread = *v;
  const std::uint32_t allowed = static_cast<std::uint32_t>(r.backoff.delays.size()) + 1;
  if (!retry.child("max_attempts").present())
    report.error(retry.child("max_attempts"), "a retry schedule needs \"max_attempts\": up to " +
                                                  std::to_string(allowed) + ", the first attempt and one per delay");
  else if (r.max_attempts > allowed)
    report.error(retry.child("max_attempts"), std::to_string(r.max_attempts) + " attempts need " +
                                                  std::to_string(r.max_attempts - 1) +
                                                  " retry delays; the schedule "
                                                  "has " +
                                                  std::to_string(allowed - 1));
}

RetryConfig read_retry(const Cursor& c, Reporter& report) {
  RetryConfig r;
  if (auto v = read_integer(c.child("max_attempts"))) r.max_attempts = static_cast<std::uint32_t>(*v);
  const Cursor b = c.child("backoff");
  if (auto v = read_choice<BackoffType>(b.child("type"))) r.backoff.type = *v;
  const auto base = read_duration(b.child("base")), max = read_duration(b.child("max"));
  if (base) r.backoff.base = *base;
  if (max) r.backoff.max = *max;
  if ((base || max) && r.backoff.max < r.backoff.base)
    report.error(b.child(base ? "base" : "max"), "backoff base " + format_duration(r.backoff.base) +
                                                     " is longer than max " + format_duration(r.backoff.max) +
                                                     (max ? "" : " (the default)"));
  if (auto v = read_number(b.child("multiplier"))) r.backoff.multiplier = *v;
  if (auto v = read_choice<Jitter>(b.child("jitter"))) r.backoff.jitter = *v;
  read_schedule(c, r, report);
  const Cursor on = c.child("retry_on");
  if (on.present() && on.value->is_array()) {
    r.retry_on = 0;
    for (std::size_t i = 0; i < on.value->size(); ++i)
      if (auto flag = read_choice<std::uint8_t>(on.item(i))) r.retry_on |= *flag;
  }
  if (auto v = read_bool(c.child("respect_retry_after"))) r.respect_retry_after = *v;

  const Cursor budget = c.child("budget");
  if (auto type = read_choice<BudgetConfig::Type>(budget.child("type"))) {
    BudgetConfig& g = r.budget;
    g.type = *type;
    const std::string name = *read_text(budget.child("type"));
    apply_shape(budget, "edges.*.retry.budget", name, "a " + name + " budget", report);
    if (auto v = read_choice<bool>(budget.child("scope"))) g.shared = *v;
    if (auto v = read_number(budget.child("max_tokens"))) g.max_tokens = *v;
    if (auto v = read_number(budget.child("token_ratio"))) g.token_ratio = *v;
    if (auto v = read_number(budget.child("initial_tokens"))) g.initial_tokens = *v;
    if (auto v = read_number(budget.child("failure_cost"))) g.failure_cost = *v;
    if (auto v = read_number(budget.child("retry_cost"))) g.retry_cost = *v;
    if (auto v = read_number(budget.child("threshold"))) g.threshold = *v;
    if (auto v = read_integer(budget.child("min_retry_concurrency")))
      g.min_retry_concurrency = static_cast<std::uint32_t>(*v);
    if (auto v = read_number(budget.child("failure_rate"))) g.failure_rate = *v;
    if (auto v = read_integer(budget.child("min_calls"))) g.min_calls = static_cast<std::uint32_t>(*v);
    // Amounts of one bucket must fit in it.
    for (const char* key : {"initial_tokens", "threshold", "retry_cost"}) {
      const Cursor at = budget.child(key);
      const auto v = read_number(at);
      const bool strictly = std::string_view(key) == "threshold";  // a full bucket must allow retries
      if (v && (*v > g.max_tokens || (strictly && *v >= g.max_tokens)))
        report.error(at, std::string(key) + " must be " + (strictly ? "below" : "at most") + " max_tokens (" +
                             format::format_number(g.max_tokens) + ")");
    }
    if (auto v = read_number(budget.child("percent"))) g.percent = *v;
    if (auto v = read_number(budget.child("min_per_second"))) g.min_per_second = *v;
    if (auto v = read_duration(budget.child("window"))) g.ratio_window = *v;
  }
  return r;
}

BreakerConfig read_breaker(const Cursor& c, Reporter& report) {
  BreakerConfig k;
  const std::string type = read_text(c.child("type")).value_or("window");
  if (auto v = read_choice<bool>(c.child("scope"))) k.shared = *v;
  if (auto v = read_duration(c.child("open_for"))) k.open_for = *v;
  if (auto v = read_integer(c.child("half_open_calls"))) k.half_open_calls = static_cast<std::uint32_t>(*v);
  if (type == "consecutive") {
    k.type = BreakerConfig::Type::consecutive;
    apply_shape(c, "edges.*.circuit_breaker", type, "a consecutive breaker", report);
    if (auto v = read_integer(c.child("failures"))) k.consecutive_failures = static_cast<std::uint32_t>(*v);
    return k;
  }
  apply_shape(c, "edges.*.circuit_breaker", "window", "a window breaker", report);
  k.type = BreakerConfig::Type::count_window;
  if (auto v = read_integer(c.child("min_calls"))) k.min_calls = static_cast<std::uint32_t>(*v);
  if (auto v = read_number(c.child("failure_rate"))) k.failure_rate = *v;
  const Cursor slow = c.child("slow_call");
  if (auto v = read_duration(slow.child("duration"))) k.slow_call_duration = *v;
  if (auto v = read_number(slow.child("rate"))) k.slow_call_rate = *v;

  const Cursor window = c.child("window");
  const Cursor size_at = window.child("size");
  const auto window_type = read_choice<BreakerConfig::Type>(window.child("type"));
  const auto size = read_number_or_duration(size_at);
  if (window_type == BreakerConfig::Type::time_window) {
    k.type = BreakerConfig::Type::time_window;
    if (size && !size->duration)
      report.error(size_at,
                   R"(a time window's size is a duration such as "10s", found )" + format::describe(*size_at.value));
    else if (size && size->duration->is_zero())
      report.error(size_at, "a time window must last longer than 0s");
    else if (size)
      k.window_time = *size->duration;
  } else if (window_type == BreakerConfig::Type::count_window && size) {
    // A whole number of calls, written 20 or 20.0, as every other count of the format.
    const bool calls = !size->duration && std::trunc(size->value) == size->value && size->value >= 1 &&
                       size->value <= static_cast<double>(limits::kMaxBreakerCalls);
    if (!calls)
      report.error(size_at, "a count window's size is a number of calls from 1 to " +
                                std::to_string(limits::kMaxBreakerCalls) + ", found " +
                                format::describe(*size_at.value));
    else
      k.window_size = static_cast<std::uint32_t>(size->value);
  }
  if (k.type == BreakerConfig::Type::count_window && k.window_size < k.min_calls)
    report.error(size_at.present() ? size_at : c.child("min_calls"),
                 "a window of " + std::to_string(k.window_size) + " calls never holds min_calls " +
                     std::to_string(k.min_calls) + " calls, so the breaker could never open");
  return k;
}

}  // namespace

LimitConfig read_limit(const Cursor& c, std::string_view object, Reporter& report) {
  const auto algorithm = read_choice<LimitConfig::Algorithm>(c.child("algorithm"));
  if (!algorithm) return {};
  LimitConfig l = LimitConfig::defaults(*algorithm);
  const std::string name = *read_text(c.child("algorithm"));
  apply_shape(c, object, name, (name == "aimd" ? "an " : "a ") + name + " limit", report);
  const auto count = [&](const char* key, std::uint32_t& into) {
    if (auto v = read_integer(c.child(key))) into = static_cast<std::uint32_t>(*v);
  };
  count("initial", l.initial);
  count("min", l.min);
  count("max", l.max);
  count("probe_multiplier", l.probe_multiplier);
  count("long_window", l.long_window);
  count("queue_size", l.queue_size);
  if (auto v = read_number(c.child("backoff_ratio"))) {
    if (*v >= 1)
      report.error(c.child("backoff_ratio"), "backoff_ratio must be below 1, or a drop would not lower the limit");
    l.backoff_ratio = *v;
  }
  if (auto v = read_duration(c.child("timeout"))) l.timeout = *v;
  if (auto v = read_number(c.child("smoothing"))) l.smoothing = *v;
  if (auto v = read_number(c.child("tolerance"))) l.tolerance = *v;
  if (auto v = read_choice<bool>(c.child("scope"))) l.shared = *v;
  if (auto v = read_integer(c.child("status"))) l.status = static_cast<std::int16_t>(*v);
  if (l.min > l.max)
    report.error(c.child(c.child("min").present() ? "min" : "max"),
                 "min " + std::to_string(l.min) + " is above max " + std::to_string(l.max));
  else if (l.initial < l.min || l.initial > l.max)
    report.error(c.child(c.child("initial").present() ? "initial" : "max"),
                 "initial " + std::to_string(l.initial) + " is outside min " + std::to_string(l.min) + " to max " +
                     std::to_string(l.max));
  return l;
}

// An explicit edge replaces the base (the "default" edge, else the built-in defaults) key by key at the top
// level: a "retry" object replaces the whole retry strategy of the default, it is not merged into it.
EdgeConfig read_edge(const Cursor& c, const EdgeConfig& base, Reporter& report) {
  EdgeConfig e = base;
  if (auto v = read_distribution(c.child("latency"))) e.latency = *v;
  if (auto v = read_duration(c.child("timeout"))) e.timeout = *v;
  if (auto v = read_duration(c.child("deadline"))) e.deadline = *v;
  if (const Cursor retry = c.child("retry"); retry.present() && retry.value->is_object())
    e.retry = read_retry(retry, report);
  if (auto v = read_choice<KeyMode>(c.child("idempotency_key"))) e.idempotency_key = *v;
  if (const Cursor cb = c.child("circuit_breaker"); cb.present() && cb.value->is_object())
    e.breaker = read_breaker(cb, report);
  if (auto v = read_integer(c.child("bulkhead").child("max_concurrent")))
    e.bulkhead_max_concurrent = static_cast<std::uint32_t>(*v);
  if (const Cursor fb = c.child("fallback"); fb.present() && fb.value->is_object()) {
    e.fallback = {};
    const Cursor on = fb.child("on");
    for (std::size_t i = 0; on.present() && on.value->is_array() && i < on.value->size(); ++i) {
      const auto v = read_choice<FallbackTrigger>(on.item(i));
      if (v == FallbackTrigger::breaker_open) e.fallback.on_breaker_open = true;
      if (v == FallbackTrigger::exhausted) e.fallback.on_exhausted = true;
      if (v == FallbackTrigger::bulkhead_full) e.fallback.on_bulkhead_full = true;
      if (v == FallbackTrigger::throttled) e.fallback.on_throttled = true;
    }
  }
  // Writing a throttle object turns it on, as with a breaker; its keys replace the defaults one by one.
  if (const Cursor t = c.child("throttle"); t.present() && t.value->is_object()) {
    e.throttle = ThrottleConfig{.enabled = true};
    if (auto v = read_number(t.child("k"))) e.throttle.k = *v;
    if (auto v = read_duration(t.child("window"))) e.throttle.window = *v;
    if (auto v = read_choice<bool>(t.child("scope"))) e.throttle.shared = *v;
  }
  if (auto v = read_bool(c.child("cancel_on_abandon"))) e.cancel_on_abandon = *v;
  const Cursor balancer = c.child("balancer");
  if (auto v = read_choice<BalancerConfig::Policy>(balancer.child("policy"))) e.balancer.policy = *v;
  if (auto v = read_bool(balancer.child("sticky"))) e.balancer.sticky = *v;
  if (const Cursor ss = balancer.child("slow_start"); ss.present() && ss.value->is_object()) {
    if (auto v = read_duration(ss.child("window"))) e.balancer.slow_start.window = *v;
    if (auto v = read_number(ss.child("aggression"))) e.balancer.slow_start.aggression = *v;
    if (auto v = read_number(ss.child("min_weight_percent"))) e.balancer.slow_start.min_weight = *v / 100;
  }
  // Writing an outlier_detection object turns it on, with Envoy's defaults for what it leaves out.
  if (const Cursor od = c.child("outlier_detection"); od.present() && od.value->is_object()) {
    e.outlier.enabled = true;
    if (auto v = read_integer(od.child("consecutive_5xx"))) e.outlier.consecutive_5xx = static_cast<std::uint32_t>(*v);
    if (auto v = read_duration(od.child("base_ejection_time"))) e.outlier.base_ejection_time = *v;
    if (auto v = read_number(od.child("max_ejection_percent"))) e.outlier.max_ejection_percent = *v;
  }
  if (const Cursor l = c.child("concurrency_limit"); l.present() && l.value->is_object())
    e.limit = read_limit(l, "edges.*.concurrency_limit", report);
  // Writing a hedge object turns hedging on; it says when, by a fixed delay or an observed percentile.
  if (const Cursor h = c.child("hedge"); h.present() && h.value->is_object()) {
    e.hedge = HedgeConfig{};
    e.hedge.max = 1;
    if (auto v = read_integer(h.child("max"))) e.hedge.max = static_cast<std::uint32_t>(*v);
    e.hedge.delay = read_duration(h.child("delay"));
    e.hedge.percentile = read_number(h.child("percentile"));
    if (h.child("delay").present() == h.child("percentile").present())
      report.error(h, R"(a hedge needs exactly one of "delay" (a duration) or "percentile" (of the edge's successful )"
                      R"(latency, e.g. 95))");
  }
  return e;
}

}  // namespace chaossim::validate
