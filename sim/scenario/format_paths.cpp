// Dotted override paths ("edges.clients->api.retry.max_attempts", "faults.slow.duration") checked against the
// format, applied to a document, and the typing of `--set` text by the rule at the path.
#include <algorithm>

#include "scenario/format.h"
#include "scenario/json_positions.h"
#include "scenario/limits.h"

namespace chaossim::format {

namespace {

using namespace chaossim::limits;
using nlohmann::json;

// "[3]". Built by appending: GCC 12 warns falsely (-Wrestrict) about "[" + std::to_string(n) once inlined.
std::string bracketed(std::size_t index) {
  std::string out = "[";
  out += std::to_string(index);
  out += ']';
  return out;
}

}  // namespace

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
      out.pointer += '/';
      out.pointer += std::to_string(n);
      if (last && value.is_null()) {  // as for a key: `--set faults.spike=null` removes that fault
        at->erase(n);
        return out;
      }
      at = &(*at)[n];
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
