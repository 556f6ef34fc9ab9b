#include "scenario/validate.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <unordered_set>

#include "scenario/limits.h"
#include "scenario/sample_file.h"

namespace chaossim::validate {

using format::Kind;
using format::Rule;
using nlohmann::json;

// ---- Cursor ---------------------------------------------------------------------------------------------------

Cursor Cursor::root(const json& document, const PositionIndex* positions, const std::filesystem::path* folder) {
  return {&document, "", &format::root_rule(), positions, folder};
}

Cursor Cursor::child(std::string_view key) const {
  Cursor c;
  if (value && value->is_object()) {
    const auto it = value->find(key);
    if (it != value->end()) c.value = &*it;
  }
  c.pointer = pointer;
  c.pointer += '/';
  c.pointer += escape_pointer_token(key);
  c.rule = rule ? format::member_rule(*rule, key) : nullptr;
  c.positions = positions;
  c.folder = folder;
  return c;
}

Cursor Cursor::item(std::size_t index) const {
  Cursor c;
  if (value && value->is_array() && index < value->size()) c.value = &(*value)[index];
  c.pointer = pointer;
  c.pointer += '/';
  c.pointer += std::to_string(index);
  c.rule = rule ? format::item_rule(*rule) : nullptr;
  c.positions = positions;
  c.folder = folder;
  return c;
}

std::vector<std::string> Cursor::keys() const {
  std::vector<std::string> out;
  if (value && value->is_object())
    for (const auto& [key, ignored] : value->items()) out.push_back(key);
  return out;
}

std::vector<std::string> Cursor::keys_in_file_order() const {
  std::vector<std::pair<TextPosition, std::string>> keyed;
  if (!value || !value->is_object()) return {};
  for (const auto& [key, ignored] : value->items()) {
    const ValuePosition* at = positions ? positions->find(pointer + "/" + escape_pointer_token(key)) : nullptr;
    // Keys the file does not have (added by overrides) sort after those it has.
    keyed.emplace_back(at ? at->key : TextPosition{std::numeric_limits<int>::max(), 0}, key);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(keyed.size());
  for (auto& [ignored, key] : keyed) out.push_back(std::move(key));
  return out;
}

std::string display_path(const json& root, std::string_view pointer, std::string prefix) {
  std::string& path = prefix;
  const json* at = &root;
  for (std::size_t start = 1; start <= pointer.size();) {
    const std::size_t slash = std::min(pointer.find('/', start), pointer.size());
    const std::string token = unescape_pointer_token(pointer.substr(start, slash - start));
    start = slash + 1;
    const bool index = at && at->is_array() && !token.empty() && token.size() < 10 &&
                       token.find_first_not_of("0123456789") == std::string::npos;
    if (index) {
      const std::size_t i = std::stoul(token);
      at = i < at->size() ? &(*at)[i] : nullptr;
      // Faults are addressed by id in paths ("faults.slow.duration"); messages use the same spelling.
      const json* id = at && at->is_object() && at->contains("id") ? &(*at)["id"] : nullptr;
      if (id && id->is_string() && format::is_name(id->get_ref<const std::string&>())) {
        path += '.';
        path += id->get_ref<const std::string&>();
      } else {
        path += '[';
        path += token;
        path += ']';
      }
    } else {
      if (!path.empty()) path += '.';
      path += token;
      if (at && at->is_object()) {
        const auto it = at->find(token);
        at = it != at->end() ? &*it : nullptr;
      } else {
        at = nullptr;
      }
    }
  }
  return path;
}

// ---- Readers --------------------------------------------------------------------------------------------------

namespace {

std::nullopt_t fail(Reporter* report, const Cursor& c, std::string message) {
  if (report) report->error(c, std::move(message));
  return std::nullopt;
}

std::string expected_found(const Rule& rule, const json& value) {
  std::string message = "expected " + format::expected(rule) + ", found " + format::describe(value);
  if (value.is_number() && (rule.kind == Kind::duration || rule.kind == Kind::distribution))
    message += R"( (durations are strings with a unit, such as "5s" or "250ms"))";
  return message;
}

bool in_range(const Rule& rule, double v) {
  return (rule.exclusive_min ? v > rule.min : v >= rule.min) && v <= rule.max;
}

// A duration string; a rule with exclusive_min rejects zero where time must pass.
std::optional<Duration> duration_value(const Cursor& c, Reporter* report, const Rule& rule) {
  const json& j = *c.value;
  if (!j.is_string()) return fail(report, c, expected_found(rule, j));
  std::string why;
  const auto d = parse_duration(j.get_ref<const std::string&>(), &why);
  if (!d)
    return fail(report, c,
                why.starts_with("expected") ? expected_found(rule, j) : why + ", found " + format::describe(j));
  if (rule.exclusive_min && d->is_zero())
    return fail(report, c, "expected a positive duration, found " + format::describe(j) + ": time must pass here");
  return d;
}

constexpr Rule kDistRule{.pattern = "", .kind = Kind::distribution};
constexpr Rule kDuration{.pattern = "", .kind = Kind::duration};
constexpr Rule kMultiplier{.pattern = "", .kind = Kind::number, .min = 0, .max = limits::kMaxMultiplier};

// An integer as JSON Schema defines it (draft 2020-12: "a number with a zero fractional part"), so 8.0 is the
// integer 8 here as in the generated schema and in editors that check files against it; 8.5 is not an integer.
// Returns it as a double, which is exact for every value an integer rule allows.
std::optional<double> whole_number(const json& j) {
  if (!j.is_number()) return std::nullopt;
  const double v = j.get<double>();
  if (j.is_number_float() && (!std::isfinite(v) || std::trunc(v) != v)) return std::nullopt;
  return v;
}

std::optional<double> number_value(const Cursor& c, Reporter* report, const Rule& rule) {
  const json& j = *c.value;
  if (!j.is_number()) return fail(report, c, expected_found(rule, j));
  const double v = j.get<double>();
  if (!in_range(rule, v)) return fail(report, c, expected_found(rule, j));
  return v;
}

}  // namespace

std::optional<std::int64_t> read_integer(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  const json& j = *c.value;
  // The range check comes first, on the value as a double: every integer rule's bounds fit in an int64, so what
  // passes converts exactly, and unsigned values beyond int64 are simply out of range like any other.
  const auto whole = whole_number(j);
  if (!whole || !in_range(*c.rule, *whole)) return fail(report, c, expected_found(*c.rule, j));
  return j.is_number_float() ? static_cast<std::int64_t>(*whole) : j.get<std::int64_t>();
}

std::optional<std::uint64_t> read_seed(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  // Non-negative integers parse as unsigned, but an override built in code may hold a signed one.
  const json& j = *c.value;
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer() && j.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(j.get<std::int64_t>());
  // A float seed is a whole number below 2^64; as a double it converts exactly.
  constexpr double kTwoTo64 = 18446744073709551616.0;
  const auto whole = j.is_number_float() ? whole_number(j) : std::nullopt;
  if (!whole || *whole < 0 || *whole >= kTwoTo64) return fail(report, c, expected_found(*c.rule, j));
  return static_cast<std::uint64_t>(*whole);
}

std::optional<double> read_number(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  return number_value(c, report, *c.rule);
}

std::optional<bool> read_bool(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  if (!c.value->is_boolean()) return fail(report, c, expected_found(*c.rule, *c.value));
  return c.value->get<bool>();
}

std::optional<std::string> read_text(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  const Rule& rule = *c.rule;
  if (!c.value->is_string()) return fail(report, c, expected_found(rule, *c.value));
  const std::string& s = c.value->get_ref<const std::string&>();
  if (rule.kind == Kind::name) {
    if (auto problem = format::name_problem(s)) return fail(report, c, *problem);
  } else if (rule.kind == Kind::choice) {
    const auto values = format::choice_values(rule);
    if (std::find(values.begin(), values.end(), s) == values.end())
      return fail(report, c, expected_found(rule, *c.value) + format::did_you_mean(s, values));
  } else {
    // Length in code points, as a reader would count characters.
    const auto chars =
        std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; });
    if (static_cast<double>(chars) > rule.max)
      return fail(
          report, c,
          "expected at most " + format::format_number(rule.max) + " characters, found " + std::to_string(chars));
  }
  return s;
}

std::optional<Duration> read_duration(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  return duration_value(c, report, *c.rule);
}

namespace {

std::optional<Distribution> distribution_value(const Cursor& c, Reporter* report, int depth);

// {"dist": "mixture", "of": [{"weight": 0.9, "dist": ...}, ...]}: each component a weight above zero and a
// distribution, which may itself be a mixture down to limits::kMaxMixtureDepth.
std::optional<Distribution> mixture_value(const Cursor& of, Reporter* report, int depth) {
  if (depth > limits::kMaxMixtureDepth)
    return fail(report, of,
                "mixtures nest at most " + std::to_string(limits::kMaxMixtureDepth) + " deep; flatten this one");
  if (!of.value->is_array() || of.value->empty() ||
      of.value->size() > static_cast<std::size_t>(limits::kMaxMixtureComponents))
    return fail(report, of,
                "expected an array of 1 to " + std::to_string(limits::kMaxMixtureComponents) +
                    R"( components such as {"weight": 0.9, "dist": "5ms"}, found )" + format::describe(*of.value));
  constexpr Rule kWeight{
      .pattern = "weight", .kind = Kind::number, .min = 0, .max = limits::kMaxMixtureWeight, .exclusive_min = true};
  bool ok = true;
  std::vector<Distribution::Component> components;
  for (std::size_t i = 0; i < of.value->size(); ++i) {
    const Cursor item = of.item(i);
    if (!item.value->is_object()) {
      fail(report, item,
           R"(expected a component such as {"weight": 0.9, "dist": "5ms"}, found )" + format::describe(*item.value));
      ok = false;
      continue;
    }
    for (const std::string& key : item.keys())
      if (key != "weight" && key != "dist") {
        ok = false;
        if (report)
          report->key_error(item.child(key), "unknown key " + format::quote(key) + " in a mixture component" +
                                                 format::did_you_mean(key, {"weight", "dist"}));
      }
    const Cursor weight = item.child("weight"), dist = item.child("dist");
    std::optional<double> w;
    std::optional<Distribution> d;
    if (!weight.present())
      fail(report, item, R"(a mixture component needs "weight")");
    else
      w = number_value(weight, report, kWeight);
    if (!dist.present())
      fail(report, item, R"(a mixture component needs "dist")");
    else
      d = distribution_value(dist, report, depth);
    if (!w || !d) {
      ok = false;
      continue;
    }
    components.push_back({*w, std::move(*d)});
  }
  if (!ok) return std::nullopt;
  std::function<std::int64_t(const Distribution&)> leaves = [&](const Distribution& d) -> std::int64_t {
    if (d.kind != Distribution::Kind::mixture) return 1;
    std::int64_t n = 0;
    for (const Distribution::Component& c : d.table->components) n += leaves(c.dist);
    return n;
  };
  std::int64_t total = 0;
  for (const Distribution::Component& c : components) total += leaves(c.dist);
  if (total > limits::kMaxMixtureLeaves)
    return fail(report, of,
                "this mixture holds " + std::to_string(total) + " distributions through its levels; at most " +
                    std::to_string(limits::kMaxMixtureLeaves));
  return Distribution::mixture(std::move(components));
}

// {"dist": "empirical", "file": "latency.txt"} or {"dist": "empirical", "samples": ["12ms", ...]}.
std::optional<Distribution> empirical_value(const Cursor& c, Reporter* report) {
  const Cursor file = c.child("file"), inline_samples = c.child("samples");
  if (file.present() == inline_samples.present())
    return fail(report, c, R"(an empirical distribution needs either "file" or "samples", not both)");
  std::variant<std::vector<Duration>, std::string> samples;
  std::string source = "inline samples";
  if (inline_samples.present()) {
    samples = samples_from_json(*inline_samples.value, "");
    if (auto* why = std::get_if<std::string>(&samples)) return fail(report, inline_samples, *why);
  } else {
    if (!file.value->is_string())
      return fail(report, file, "expected a file name, found " + format::describe(*file.value));
    const std::string& name = file.value->get_ref<const std::string&>();
    if (!c.folder)
      return fail(report, file,
                  "this scenario has no folder to read " + format::quote(name) +
                      R"( from; give the samples inline with "samples")");
    samples = read_sample_file(*c.folder, name);
    if (auto* why = std::get_if<std::string>(&samples)) return fail(report, file, *why);
    source = name;
  }
  return Distribution::empirical(std::move(std::get<std::vector<Duration>>(samples)), std::move(source));
}

std::optional<Distribution> distribution_value(const Cursor& c, Reporter* report, int depth) {
  const json& j = *c.value;
  if (j.is_string()) {
    const auto d = duration_value(c, report, kDistRule);
    return d ? std::optional(Distribution::constant(*d)) : std::nullopt;
  }
  if (!j.is_object()) return fail(report, c, expected_found(kDistRule, j));

  // {"dist": ..., parameters}: check every key against the chosen kind before reading the parameters.
  const Cursor dist_at = c.child("dist");
  std::vector<std::string> kinds;
  for (const format::DistributionKind& k : format::distribution_kinds()) kinds.emplace_back(k.name);
  if (!dist_at.present()) {
    std::string names;
    for (const std::string& k : kinds) names += (names.empty() ? "" : ", ") + k;
    return fail(report, c, R"(a distribution object needs "dist": one of )" + names);
  }
  Cursor typed = dist_at;
  typed.rule = &format::distribution_kind_rule();
  const auto dist = read_text(typed, report);
  const format::DistributionKind* kind = nullptr;
  for (const format::DistributionKind& k : format::distribution_kinds())
    if (dist && k.name == *dist) kind = &k;
  if (!kind) return std::nullopt;
  // "an exponential", "a normal".
  const std::string a_kind = (std::string("aeiou").find(dist->front()) != std::string::npos ? "an " : "a ") + *dist;

  bool ok = true;
  std::vector<std::string> allowed = {"dist", std::string(kind->first.pattern)};
  if (!kind->second.pattern.empty()) allowed.emplace_back(kind->second.pattern);
  for (const std::string& key : c.keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    ok = false;
    if (report)
      report->key_error(c.child(key), "unknown key " + format::quote(key) + " for " + a_kind + " distribution" +
                                          format::did_you_mean(key, allowed));
  }
  if (*dist == "empirical") {
    auto d = empirical_value(c, report);
    return ok ? d : std::nullopt;
  }

  auto missing = [&](const Rule& rule) {
    return fail(report, c, a_kind + " distribution needs " + format::quote(rule.pattern));
  };
  if (*dist == "mixture") {
    const Cursor of = c.child("of");
    auto d = of.present() ? mixture_value(of, report, depth + 1) : missing(kind->first);
    return ok ? d : std::nullopt;
  }
  auto time = [&](const Rule& rule) -> std::optional<Duration> {
    const Cursor at = c.child(rule.pattern);
    return at.present() ? duration_value(at, report, rule) : missing(rule);
  };
  auto shape = [&](const Rule& rule) -> std::optional<double> {
    const Cursor at = c.child(rule.pattern);
    return at.present() ? number_value(at, report, rule) : missing(rule);
  };
  const auto first = time(kind->first);
  if (kind->second.pattern.empty()) {
    if (!ok || !first) return std::nullopt;
    return *dist == "constant" ? Distribution::constant(*first) : Distribution::exponential(*first);
  }
  if (kind->second.kind == Kind::number) {
    const auto second = shape(kind->second);
    if (!ok || !first || !second) return std::nullopt;
    if (*dist == "lognormal") return Distribution::lognormal(*first, *second);
    if (*dist == "weibull") return Distribution::weibull(*first, *second);
    return Distribution::pareto(*first, *second);
  }
  const auto second = time(kind->second);
  if (*dist == "normal") {
    if (!ok || !first || !second) return std::nullopt;
    return Distribution::normal(*first, *second);
  }
  if (first && second && *first > *second)
    return fail(report, c.child("min"),
                "min " + format_duration(*first) + " is greater than max " + format_duration(*second));
  if (!ok || !first || !second) return std::nullopt;
  return Distribution::uniform(*first, *second);
}

}  // namespace

std::optional<Distribution> read_distribution(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  return distribution_value(c, report, 0);
}

std::optional<Quantity> read_number_or_duration(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  const json& j = *c.value;
  if (j.is_number()) return Quantity{j.get<double>(), std::nullopt, j.dump()};
  if (j.is_string()) {
    const auto d = duration_value(c, report, *c.rule);
    if (!d) return std::nullopt;
    return Quantity{d->seconds_f(), d, j.get<std::string>()};
  }
  return fail(report, c, expected_found(*c.rule, j));
}

std::optional<ProfilePoint> read_profile_point(const Cursor& c, Reporter* report) {
  if (!c.present() || !c.rule) return std::nullopt;
  const json& j = *c.value;
  if (!j.is_array() || j.size() < 2 || j.size() > 3) return fail(report, c, expected_found(*c.rule, j));
  const auto at = duration_value(c.item(0), report, kDuration);
  const auto multiplier = number_value(c.item(1), report, kMultiplier);
  const bool ramp = j.size() == 3;
  if (ramp && j[2] != "ramp")
    return fail(report, c.item(2),
                R"(expected "ramp" (reach this multiplier linearly), found )" + format::describe(j[2]));
  if (!at || !multiplier) return std::nullopt;
  if (ramp && at->is_zero()) return fail(report, c.item(0), "a ramp needs time to rise: its time must come after 0s");
  return ProfilePoint{*at, *multiplier, ramp};
}

// ---- Shape ----------------------------------------------------------------------------------------------------

namespace {

std::string count_message(const Rule& rule, std::size_t found, std::string_view what) {
  const std::string lo = format::format_number(rule.min), hi = format::format_number(rule.max);
  return "expected " + (rule.min > 0 ? "from " + lo + " to " + hi : "at most " + hi) + " " + std::string(what) +
         ", found " + std::to_string(found);
}

void check_value(const Cursor& c, Reporter& report);

void check_object(const Cursor& c, Reporter& report) {
  const Rule& rule = *c.rule;
  const std::vector<std::string> allowed = format::child_keys(rule);
  std::unordered_set<std::string> suggested;  // a misspelt required key is reported once, as misspelt
  for (const std::string& key : c.keys()) {
    const Cursor member = c.child(key);
    if (member.rule) {
      check_value(member, report);
      continue;
    }
    const auto close = format::suggest(key, allowed);
    if (close) suggested.insert(*close);
    report.key_error(
        member, "unknown key " + format::quote(key) + (close ? " (did you mean " + format::quote(*close) + "?)" : ""));
  }
  for (const std::string& key : allowed) {
    const Cursor member = c.child(key);
    if (member.rule->required && !member.present() && !suggested.count(key))
      report.error(member, "missing required key " + format::quote(key));
  }
}

void check_map(const Cursor& c, Reporter& report) {
  const Rule& rule = *c.rule;
  const auto keys = c.keys();
  if (static_cast<double>(keys.size()) < rule.min || static_cast<double>(keys.size()) > rule.max)
    return report.error(c, count_message(rule, keys.size(), "entries"));
  for (const std::string& key : keys) {
    const Cursor member = c.child(key);
    std::optional<std::string> problem;
    if (rule.keys == format::Keys::edges)
      problem = format::edge_key_problem(key);
    else if (auto bad = format::name_problem(key))
      problem = bad;
    else if (rule.pattern == "services" && (key == "clients" || key == "default"))
      problem = format::quote(key) + " is reserved: edges use it for the client population and the default edge";
    if (problem) report.key_error(member, *problem);
    check_value(member, report);
  }
}

void check_array(const Cursor& c, Reporter& report) {
  const Rule& rule = *c.rule;
  const std::size_t n = c.value->size();
  if (static_cast<double>(n) < rule.min || static_cast<double>(n) > rule.max)
    return report.error(c, count_message(rule, n, "items"));
  for (std::size_t i = 0; i < n; ++i) check_value(c.item(i), report);
}

void check_value(const Cursor& c, Reporter& report) {
  const Rule& rule = *c.rule;
  const json& j = *c.value;
  switch (rule.kind) {
    case Kind::object:
      if (!j.is_object()) return report.error(c, expected_found(rule, j));
      return check_object(c, report);
    case Kind::map:
      if (!j.is_object()) return report.error(c, expected_found(rule, j));
      return check_map(c, report);
    case Kind::array:
      if (!j.is_array()) return report.error(c, expected_found(rule, j));
      return check_array(c, report);
    case Kind::string:
    case Kind::name:
    case Kind::choice: read_text(c, &report); return;
    case Kind::boolean: read_bool(c, &report); return;
    case Kind::integer: read_integer(c, &report); return;
    case Kind::seed: read_seed(c, &report); return;
    case Kind::number: read_number(c, &report); return;
    case Kind::duration: read_duration(c, &report); return;
    case Kind::distribution: read_distribution(c, &report); return;
    case Kind::number_or_duration: read_number_or_duration(c, &report); return;
    case Kind::profile_point: read_profile_point(c, &report); return;
    case Kind::opaque: return;  // variants and sweep: the document reader checks them
  }
}

}  // namespace

void check_shape(const Cursor& root, Reporter& report) {
  if (root.present()) check_value(root, report);
}

}  // namespace chaossim::validate
