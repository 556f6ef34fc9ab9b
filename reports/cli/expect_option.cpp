#include "cli/expect_option.h"

#include <array>
#include <string_view>

namespace chaossim {

namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::variant<nlohmann::json, std::string> parse_expect_argument(const std::string& text) {
  constexpr std::array<std::string_view, 6> kOps = {"==", "!=", "<=", ">=", "<", ">"};  // two-character ones first
  const std::size_t at = text.find_first_of("<>=!");
  if (at == std::string::npos)
    return std::string("expected METRIC OP VALUE[@PHASE] with OP one of == != < <= > >=, e.g. 'latency.p99 < 500ms'");
  std::string_view op;
  for (std::string_view candidate : kOps)
    if (std::string_view(text).substr(at, candidate.size()) == candidate) {
      op = candidate;
      break;
    }
  if (op.empty()) return std::string("unknown comparison at \"") + text.substr(at) + "\"; expected == != < <= > >=";
  const std::string metric = trimmed(std::string_view(text).substr(0, at));
  std::string rest = trimmed(std::string_view(text).substr(at + op.size()));
  std::string phase;
  if (const std::size_t p = rest.rfind('@'); p != std::string::npos) {
    phase = trimmed(std::string_view(rest).substr(p + 1));
    rest = trimmed(std::string_view(rest).substr(0, p));
  }
  if (metric.empty()) return std::string("no metric before ") + std::string(op);
  if (rest.empty()) return std::string("no value after ") + std::string(op);
  nlohmann::json item = {{"metric", metric}, {"op", std::string(op)}};
  // A number stays a number; anything else ("500ms") is a duration for the loader to read.
  const nlohmann::json number = nlohmann::json::parse(rest, nullptr, false);
  item["value"] = number.is_number() ? number : nlohmann::json(rest);
  if (!phase.empty()) item["phase"] = phase;
  return item;
}

std::optional<Override> expect_override(const ScenarioDocument& document, const std::vector<Override>& overrides,
                                        const std::vector<nlohmann::json>& extra) {
  if (extra.empty()) return std::nullopt;
  nlohmann::json list = nlohmann::json::array();
  if (const auto it = document.json.find("expect"); it != document.json.end() && it->is_array()) list = *it;
  for (const auto& [path, value] : overrides)
    if (path == "expect") list = value.is_array() ? value : nlohmann::json::array();
  for (const nlohmann::json& e : extra) list.push_back(e);
  return Override{"expect", list};
}

void name_expect_arguments(std::vector<LoadError>& errors, std::size_t first_added,
                           const std::vector<std::string>& arguments) {
  for (LoadError& e : errors) {
    if (e.path.rfind("expect[", 0) != 0) continue;
    const std::size_t index = std::strtoull(e.path.c_str() + 7, nullptr, 10);
    if (index < first_added || index - first_added >= arguments.size()) continue;
    e.file.clear();
    e.line = e.column = 0;
    e.path = "--expect '" + arguments[index - first_added] + "'";
  }
}

}  // namespace chaossim
