// Messages about scenario values: what a rule expects, how a found value reads, did-you-mean suggestions, and
// what makes a name or an edge key invalid.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scenario/format.h"
#include "scenario/limits.h"

namespace chaossim::format {

namespace {

using namespace chaossim::limits;
using nlohmann::json;

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

bool same_letters(std::string_view a, std::string_view b) {
  std::string x(a), y(b);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

}  // namespace

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
    case Kind::profile_point: return R"(a [time, multiplier] pair such as ["5m", 2.5], or ["5m", 2.5, "ramp"])";
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

}  // namespace chaossim::format
