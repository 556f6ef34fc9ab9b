#include "scenario/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "scenario/json_positions.h"
#include "scenario/limits.h"

namespace chaossim::format {

namespace {

using namespace chaossim::limits;
using nlohmann::json;

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
constexpr Rule choice(std::string_view p, std::string_view values) {
  return {.pattern = p, .kind = Kind::choice, .choices = values};
}
constexpr Rule of_kind(std::string_view p, Kind kind) { return {.pattern = p, .kind = kind}; }
constexpr Rule required(Rule r) {
  r.required = true;
  return r;
}

constexpr double kMaxFaultTargetChars = 2 * kMaxNameChars + 2;  // "caller->callee"

// The format, key by key (docs/scenario-format.md). Keep in step with scenarios/schema/chaossim.schema.json; the
// scenario tests compare the two.
constexpr Rule kRules[] = {
    object(""),
    text("$schema", kMaxTextChars),
    required(integer("schema_version", 1, 1)),
    required(name("name")),
    text("title", kMaxTitleChars),
    text("description", kMaxDescriptionBytes),
    array("tags", 0, kMaxTags),
    text("tags[]", kMaxTagChars),
    of_kind("seed", Kind::seed),
    required(positive_duration("duration")),
    duration("warmup"),
    positive_duration("bucket"),

    required(map("services", Keys::names, 1, kMaxServices)),
    object("services.*"),
    required(integer("services.*.workers", 1, kMaxWorkers)),
    object("services.*.queue"),
    integer("services.*.queue.capacity", 0, kMaxQueueCapacity),
    choice("services.*.queue.discipline", "fifo|lifo"),
    duration("services.*.queue.max_wait"),
    flag("services.*.drop_expired"),
    array("services.*.handler", 1, kMaxHandlerSteps),
    object("services.*.handler[]"),
    distribution("services.*.handler[].work"),
    name("services.*.handler[].call"),
    name("services.*.handler[].effect"),
    object("services.*.idempotency"),
    flag("services.*.idempotency.enabled"),
    choice("services.*.idempotency.store", "durable|memory"),
    positive_duration("services.*.idempotency.ttl"),
    choice("services.*.idempotency.in_flight", "reject|wait"),
    flag("services.*.idempotency.cache_errors"),
    choice("services.*.idempotency.record", "before_response|after_response"),

    required(object("clients")),
    required(integer("clients.count", 1, kMaxClients)),
    required(name("clients.target")),
    required(object("clients.arrival")),
    required(choice("clients.arrival.process", "poisson|constant|closed")),
    above("clients.arrival.rate", 0, kMaxRate),
    distribution("clients.arrival.think_time"),
    array("clients.arrival.profile", 0, kMaxProfilePoints),
    of_kind("clients.arrival.profile[]", Kind::profile_point),
    object("clients.double_click"),
    required(number("clients.double_click.probability", 0, 1)),
    distribution("clients.double_click.gap"),
    flag("clients.double_click.same_key"),
    object("clients.resubmit"),
    required(number("clients.resubmit.probability", 0, 1)),
    distribution("clients.resubmit.after"),

    map("edges", Keys::edges, 0, kMaxEdges),
    object("edges.*"),
    distribution("edges.*.latency"),
    positive_duration("edges.*.timeout"),
    positive_duration("edges.*.deadline"),
    object("edges.*.retry"),
    integer("edges.*.retry.max_attempts", 1, kMaxAttempts),
    object("edges.*.retry.backoff"),
    choice("edges.*.retry.backoff.type", "constant|linear|exponential"),
    duration("edges.*.retry.backoff.base"),
    number("edges.*.retry.backoff.multiplier", 1, kMaxBackoffMultiplier),
    duration("edges.*.retry.backoff.max"),
    choice("edges.*.retry.backoff.jitter", "none|full|equal|decorrelated"),
    array("edges.*.retry.retry_on", 0, 5),
    choice("edges.*.retry.retry_on[]", "timeout|5xx|429|409|connect_error"),
    flag("edges.*.retry.respect_retry_after"),
    object("edges.*.retry.budget"),
    required(choice("edges.*.retry.budget.type", "token_bucket|ratio")),
    choice("edges.*.retry.budget.scope", "per_client|shared"),
    above("edges.*.retry.budget.max_tokens", 0, kMaxTokens),
    above("edges.*.retry.budget.token_ratio", 0, kMaxTokens),
    above("edges.*.retry.budget.percent", 0, 100),
    number("edges.*.retry.budget.min_per_second", 0, kMaxTokens),
    positive_duration("edges.*.retry.budget.window"),
    choice("edges.*.idempotency_key", "per_operation|per_attempt|none"),
    object("edges.*.circuit_breaker"),
    choice("edges.*.circuit_breaker.type", "window|consecutive"),
    choice("edges.*.circuit_breaker.scope", "per_client|shared"),
    object("edges.*.circuit_breaker.window"),
    required(choice("edges.*.circuit_breaker.window.type", "count|time")),
    required(of_kind("edges.*.circuit_breaker.window.size", Kind::number_or_duration)),
    integer("edges.*.circuit_breaker.min_calls", 1, kMaxBreakerCalls),
    above("edges.*.circuit_breaker.failure_rate", 0, 1),
    object("edges.*.circuit_breaker.slow_call"),
    required(positive_duration("edges.*.circuit_breaker.slow_call.duration")),
    above("edges.*.circuit_breaker.slow_call.rate", 0, 1),
    integer("edges.*.circuit_breaker.failures", 1, kMaxBreakerCalls),
    positive_duration("edges.*.circuit_breaker.open_for"),
    integer("edges.*.circuit_breaker.half_open_calls", 1, kMaxBreakerCalls),
    object("edges.*.bulkhead"),
    required(integer("edges.*.bulkhead.max_concurrent", 1, kMaxConcurrent)),
    object("edges.*.fallback"),
    required(array("edges.*.fallback.on", 1, 3)),
    choice("edges.*.fallback.on[]", "breaker_open|exhausted|bulkhead_full"),

    array("faults", 0, kMaxFaults),
    object("faults[]"),
    required(name("faults[].id")),
    required(choice("faults[].type",
                    "error|error_after_effect|slowdown|capacity|crash|hang|pause|store_outage|latency|drop_request|"
                    "drop_response|duplicate_request|partition|load")),
    required(text("faults[].target", kMaxFaultTargetChars)),
    duration("faults[].start"),
    positive_duration("faults[].duration"),
    number("faults[].probability", 0, 1),
    integer("faults[].status", 400, 599),
    duration("faults[].retry_after"),
    above("faults[].factor", 0, kMaxMultiplier),
    integer("faults[].workers", 0, kMaxWorkers),
    positive_duration("faults[].restart_after"),
    choice("faults[].mode", "fail_open|fail_closed"),
    distribution("faults[].delay"),

    array("expect", 0, kMaxExpectations),
    object("expect[]"),
    required(text("expect[].metric", kMaxMetricChars)),
    required(choice("expect[].op", "==|!=|<|<=|>|>=")),
    required(of_kind("expect[].value", Kind::number_or_duration)),
    choice("expect[].phase", "overall|before|during|after"),

    of_kind("variants", Kind::opaque),
    of_kind("sweep", Kind::opaque),
};

// Lookups by pattern, and each rule's members precomputed so that walking a document allocates nothing.
struct Tables {
  std::unordered_map<std::string_view, const Rule*> by_pattern;
  std::unordered_map<const Rule*, std::vector<std::pair<std::string_view, const Rule*>>> members;  // objects
  std::unordered_map<const Rule*, const Rule*> element;  // map values and array items
};

const Tables& tables() {
  static const Tables t = [] {
    Tables built;
    for (const Rule& r : kRules) built.by_pattern[r.pattern] = &r;
    // Every rule's parent is in the table (a test checks it); a rule without one would simply be unreachable.
    auto parent_of = [&](std::string_view pattern) {
      const auto it = built.by_pattern.find(pattern);
      return it == built.by_pattern.end() ? nullptr : it->second;
    };
    for (const Rule& r : kRules) {
      const std::string_view p = r.pattern;
      if (p.empty()) continue;
      if (p.ends_with("[]") || p.ends_with(".*")) {
        built.element[parent_of(p.substr(0, p.size() - 2))] = &r;
        continue;
      }
      const std::size_t dot = p.rfind('.');
      const std::string_view parent = dot == std::string_view::npos ? std::string_view{} : p.substr(0, dot);
      built.members[parent_of(parent)].emplace_back(dot == std::string_view::npos ? p : p.substr(dot + 1), &r);
    }
    return built;
  }();
  return t;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive, kept in three
// rolling rows.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

// "[3]". Built by appending: GCC 12 warns falsely (-Wrestrict) about "[" + std::to_string(n) once inlined.
std::string bracketed(std::size_t index) {
  std::string out = "[";
  out += std::to_string(index);
  out += ']';
  return out;
}

bool same_letters(std::string_view a, std::string_view b) {
  std::string x(a), y(b);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

}  // namespace

std::span<const Rule> rules() { return kRules; }

const Rule* find_rule(std::string_view pattern) {
  const auto& by = tables().by_pattern;
  const auto it = by.find(pattern);
  return it == by.end() ? nullptr : it->second;
}

const Rule& root_rule() { return kRules[0]; }

const Rule* member_rule(const Rule& parent, std::string_view key) {
  if (parent.kind == Kind::map) return item_rule(parent);
  if (parent.kind != Kind::object) return nullptr;
  const auto it = tables().members.find(&parent);
  if (it == tables().members.end()) return nullptr;
  for (const auto& [name, rule] : it->second)
    if (name == key) return rule;
  return nullptr;
}

const Rule* item_rule(const Rule& parent) {
  if (parent.kind != Kind::map && parent.kind != Kind::array) return nullptr;
  const auto it = tables().element.find(&parent);
  return it == tables().element.end() ? nullptr : it->second;
}

std::vector<std::string> child_keys(const Rule& object) {
  std::vector<std::string> out;
  if (const auto it = tables().members.find(&object); it != tables().members.end())
    for (const auto& [name, ignored] : it->second) out.emplace_back(name);
  return out;
}

std::vector<std::string> choice_values(const Rule& rule) {
  std::vector<std::string> out;
  std::string_view rest = rule.choices;
  while (!rest.empty()) {
    const std::size_t bar = rest.find('|');
    out.emplace_back(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
  }
  return out;
}

// ---- Messages -------------------------------------------------------------------------------------------------

std::string format_number(double value) {
  if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 1e15)
    return std::to_string(static_cast<std::int64_t>(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string expected(const Rule& rule) {
  switch (rule.kind) {
    case Kind::object:
    case Kind::map:
    case Kind::opaque: return "an object";
    case Kind::array: return "an array";
    case Kind::string: return "a string";
    case Kind::name: return "a name (a lower-case letter, then lower-case letters, digits, '_' or '-')";
    case Kind::boolean: return "true or false";
    case Kind::integer:
      if (rule.min == rule.max) return "the integer " + format_number(rule.min);
      return "an integer from " + format_number(rule.min) + " to " + format_number(rule.max);
    case Kind::seed: return "an unsigned 64-bit integer";
    case Kind::number:
      return "a number " + std::string(rule.exclusive_min ? "above " : "from ") + format_number(rule.min) +
             (rule.exclusive_min ? " and at most " : " to ") + format_number(rule.max);
    case Kind::duration:
      return std::string(rule.exclusive_min ? "a positive duration" : "a duration") + R"( such as "250ms" or "1.5s")";
    case Kind::distribution:
      return R"(a duration such as "5ms" or a distribution such as {"dist":"exponential","mean":"50ms"})";
    case Kind::choice: {
      std::string out = "one of ";
      const auto values = choice_values(rule);
      for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
      return out;
    }
    case Kind::number_or_duration: return R"(a number or a duration such as "2s")";
    case Kind::profile_point: return R"(a [time, multiplier] pair such as ["5m", 2.5])";
  }
  return "a value";
}

std::string quote(std::string_view text) {
  constexpr std::size_t kShown = 60;
  std::string shown(text.substr(0, kShown));
  if (text.size() > kShown) {
    // Cut at a code point boundary so the message stays valid UTF-8.
    while (!shown.empty() && (static_cast<unsigned char>(text[shown.size()]) & 0xC0) == 0x80) shown.pop_back();
    shown += "...";
  }
  return json(shown).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::number_integer: return "the number " + std::to_string(value.get<std::int64_t>());
    case json::value_t::number_unsigned: return "the number " + std::to_string(value.get<std::uint64_t>());
    case json::value_t::number_float: return "the number " + format_number(value.get<double>());
    case json::value_t::string: return "the string " + quote(value.get_ref<const std::string&>());
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return "an unsupported value";
  }
}

std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates) {
  // Bounded work whatever the input: long words get no suggestion and at most kExamined candidates are compared.
  constexpr std::size_t kLongest = 80, kExamined = 500;
  if (word.size() > kLongest) return std::nullopt;
  const std::string* best = nullptr;
  std::size_t best_distance = 0, examined = 0;
  for (const std::string& c : candidates) {
    // Allow about one edit per three letters, so "wokers" finds "workers" but "foo" does not find "fifo".
    const std::size_t allowed = std::clamp<std::size_t>(std::max(word.size(), c.size()) / 3, 1, 3);
    const std::size_t length_gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (c.size() > kLongest || length_gap > allowed) continue;
    if (++examined > kExamined) break;
    // On a tie prefer a candidate with the same letters: "=>" is ">=" typed in the wrong order, not "==".
    const std::size_t d = 2 * edit_distance(word, c) + (same_letters(word, c) ? 0 : 1);
    if (d <= 2 * allowed + 1 && (!best || d < best_distance)) {
      best = &c;
      best_distance = d;
    }
  }
  return best ? std::optional(*best) : std::nullopt;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto best = suggest(word, candidates);
  return best ? " (did you mean " + quote(*best) + "?)" : "";
}

bool is_name(std::string_view text) { return !name_problem(text); }

std::optional<std::string> name_problem(std::string_view text) {
  const std::string what = "a name (a lower-case letter, then lower-case letters, digits, '_' or '-')";
  if (text.empty()) return "expected " + what + ", found an empty string";
  if (text.size() > static_cast<std::size_t>(kMaxNameChars))
    return "names are at most " + std::to_string(kMaxNameChars) + " characters, found " + std::to_string(text.size());
  bool ok = text[0] >= 'a' && text[0] <= 'z';
  for (char c : text) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  if (!ok) return "expected " + what + ", found " + quote(text);
  return std::nullopt;
}

std::optional<std::string> edge_key_problem(std::string_view key) {
  if (key == "default") return std::nullopt;
  const std::size_t arrow = key.find("->");
  if (arrow == std::string_view::npos) return R"(expected an edge "caller->callee" or "default", found )" + quote(key);
  const std::string_view caller = key.substr(0, arrow), callee = key.substr(arrow + 2);
  if (caller != "clients")
    if (auto problem = name_problem(caller)) return "bad caller in edge " + quote(key) + ": " + *problem;
  if (callee == "clients") return "bad callee in edge " + quote(key) + ": clients only call, they are never called";
  if (auto problem = name_problem(callee)) return "bad callee in edge " + quote(key) + ": " + *problem;
  return std::nullopt;
}

// ---- Paths ----------------------------------------------------------------------------------------------------

std::variant<Path, std::string> parse_path(std::string_view text) {
  if (text.empty()) return std::string("empty path");
  if (text.size() > static_cast<std::size_t>(kMaxTextChars)) return std::string("path too long");

  // Split on '.' only: names never contain dots, while edge names contain "->", '-' and '_'.
  std::vector<PathStep> steps;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    std::string_view piece = text.substr(start, dot - start);
    start = dot + 1;
    const std::size_t bracket = std::min(piece.find('['), piece.size());
    if (bracket == 0) return "empty key before " + quote(piece) + " in path " + quote(text);
    steps.push_back({std::string(piece.substr(0, bracket)), std::nullopt, false});
    for (std::string_view rest = piece.substr(bracket); !rest.empty();) {
      const std::size_t close = rest.find(']');
      const std::string_view digits = close == std::string_view::npos ? rest : rest.substr(1, close - 1);
      if (rest[0] != '[' || close == std::string_view::npos || digits.empty() || digits.size() > 9 ||
          digits.find_first_not_of("0123456789") != std::string_view::npos)
        return "malformed index " + quote(rest) + " in path " + quote(text);
      steps.push_back({"", static_cast<std::size_t>(std::stoul(std::string(digits))), false});
      rest = rest.substr(close + 1);
    }
  }

  Path path;
  const Rule* rule = &root_rule();
  std::string shown;  // the path so far, for messages
  for (PathStep& step : steps) {
    const std::string here = shown.empty() ? "the scenario" : shown;
    const Rule* next = nullptr;
    if (step.index) {
      if (rule->kind != Kind::array) return here + " is not an array, so it has no item " + bracketed(*step.index);
      next = item_rule(*rule);
      shown += bracketed(*step.index);
    } else {
      switch (rule->kind) {
        case Kind::object:
          next = member_rule(*rule, step.key);
          if (!next)
            return "unknown key " + quote(step.key) + " in " + here + did_you_mean(step.key, child_keys(*rule));
          break;
        case Kind::map: {
          const auto problem = rule->keys == Keys::names ? name_problem(step.key) : edge_key_problem(step.key);
          if (problem) return here + ": " + *problem;
          next = member_rule(*rule, step.key);
          break;
        }
        case Kind::array:
          // Items with an "id" (faults) are addressed by it, so a path survives reordering of the list.
          if (const Rule* item = item_rule(*rule); !item || !member_rule(*item, "id"))
            return here + " is an array: address an item by position, as " + here + "[0]";
          step.by_id = true;
          next = item_rule(*rule);
          break;
        case Kind::opaque: return here + " cannot be changed by a path";
        default: return here + " is " + expected(*rule) + ", so it has no key " + quote(step.key);
      }
      shown += (shown.empty() ? "" : ".") + step.key;
    }
    rule = next;
    if (!rule) return "internal error: no rule for " + shown;
  }
  if (rule->kind == Kind::opaque) return shown + " cannot be changed by a path";
  path.steps = std::move(steps);
  path.rule = rule;
  return path;
}

Applied apply_path(json& root, const Path& path, json value) {
  Applied out;
  json* at = &root;
  std::string shown;
  for (std::size_t i = 0; i < path.steps.size(); ++i) {
    const PathStep& step = path.steps[i];
    const bool last = i + 1 == path.steps.size();
    const std::string here = shown.empty() ? "the scenario" : shown;
    if (step.index || step.by_id) {
      if (at->is_null()) return {"", here + " is not in the scenario, so it has no items"};
      if (!at->is_array()) return {"", here + " is not an array"};
      std::size_t n = at->size();
      if (step.index) {
        if (*step.index < at->size()) n = *step.index;
      } else {
        for (std::size_t k = 0; k < at->size() && n == at->size(); ++k) {
          const json& item = (*at)[k];
          if (item.is_object() && item.contains("id") && item["id"] == step.key) n = k;
        }
      }
      if (n == at->size())
        return {"", here + " has no item " + (step.index ? bracketed(*step.index) : "with id " + quote(step.key))};
      at = &(*at)[n];
      out.pointer += '/';
      out.pointer += std::to_string(n);
      shown += step.index ? bracketed(n) : "." + step.key;
    } else {
      if (at->is_null()) *at = json::object();  // create what the format allows but the file left out
      if (!at->is_object()) return {"", here + " is " + describe(*at) + ", not an object"};
      out.pointer += "/" + escape_pointer_token(step.key);
      if (last && value.is_null()) {
        at->erase(step.key);
        return out;
      }
      at = &(*at)[step.key];
      shown += (shown.empty() ? "" : ".") + step.key;
    }
  }
  *at = std::move(value);
  return out;
}

std::variant<json, std::string> typed_value(const Rule& rule, std::string_view text) {
  if (text.size() > kMaxFileBytes) return std::string("value too long");
  auto parse = [&](std::string_view what) -> std::variant<json, std::string> {
    if (find_excess_nesting(text, kMaxNesting))
      return "value nested deeper than " + std::to_string(kMaxNesting) + " levels";
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return "expected " + std::string(what) + ", found " + quote(text);
    return parsed;
  };
  if (text == "null" || (!text.empty() && (text[0] == '{' || text[0] == '[' || text[0] == '"')))
    return parse("valid JSON");
  switch (rule.kind) {
    case Kind::string:
    case Kind::name:
    case Kind::choice:
    case Kind::duration:
    case Kind::distribution: return json(std::string(text));
    case Kind::boolean:
      if (text == "true" || text == "false") return json(text == "true");
      return "expected true or false, found " + quote(text);
    case Kind::integer:
    case Kind::seed:
    case Kind::number: {
      auto parsed = parse(expected(rule));
      if (auto* j = std::get_if<json>(&parsed); j && !j->is_number())
        return "expected " + expected(rule) + ", found " + quote(text);
      return parsed;
    }
    case Kind::number_or_duration: {
      json parsed = json::parse(text, nullptr, false);
      return parsed.is_number() ? parsed : json(std::string(text));
    }
    default: return "expected " + expected(rule) + " written as JSON, found " + quote(text);
  }
}

}  // namespace chaossim::format
