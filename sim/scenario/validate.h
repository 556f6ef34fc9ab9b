#pragma once
// Validation of a scenario document in two passes over the same JSON:
//  - check_shape walks every value against the format's rules (format.h): unknown keys, wrong types, values out
//    of range, missing required keys. It needs no knowledge of what the values mean.
//  - resolve_scenario builds the Scenario the engine runs and checks what depends on meaning: references between
//    names, keys that only apply to one type of fault or breaker, cycles, the bounds on total work.
// Both passes read values with the same readers; the second reads silently, so a bad value is reported once.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>  // the scenario document

#include "model/config.h"
#include "scenario/format.h"
#include "scenario/json_positions.h"

namespace chaossim::validate {

// A value in the document together with where it is (its JSON pointer, which gives its line and column and its
// dotted path) and the rule it must follow.
struct Cursor {
  const nlohmann::json* value = nullptr;  // nullptr when absent
  std::string pointer;
  const format::Rule* rule = nullptr;        // nullptr where the format has no rule (unknown keys, distributions)
  const PositionIndex* positions = nullptr;  // orders keys as written; may be null
  // The scenario's folder, where files it names (empirical samples) are read from; null: it names none.
  const std::filesystem::path* folder = nullptr;

  static Cursor root(const nlohmann::json& document, const PositionIndex* positions,
                     const std::filesystem::path* folder = nullptr);
  bool present() const { return value != nullptr; }
  Cursor child(std::string_view key) const;
  Cursor item(std::size_t index) const;
  // Object keys in sorted order (messages are sorted by position later anyway).
  std::vector<std::string> keys() const;
  // Object keys in the order they appear in the file, where order means something (services, variants, sweep);
  // keys added by overrides follow, sorted.
  std::vector<std::string> keys_in_file_order() const;
};

struct Issue {
  std::string pointer;
  std::string message;
  bool at_key = false;  // point at the key rather than the value (unknown and misspelled keys)
};

class Reporter {
 public:
  void error(const Cursor& at, std::string message) { m_issues.push_back({at.pointer, std::move(message)}); }
  void key_error(const Cursor& at, std::string message) { m_issues.push_back({at.pointer, std::move(message), true}); }
  const std::vector<Issue>& issues() const { return m_issues; }

 private:
  std::vector<Issue> m_issues;
};

// The dotted scenario path of `pointer` (relative to `root`) as messages show it: "services.api.handler[0].call",
// and "faults.<id>" for array items with a valid "id", as paths address them. `prefix` is the path of `root`.
std::string display_path(const nlohmann::json& root, std::string_view pointer, std::string prefix = "");

// Readers convert a present value that follows its rule and return nullopt otherwise; with a reporter they also
// say why. An absent value reads as nullopt without a report (the object it belongs to reports missing keys), and
// so does a value without a rule.
std::optional<std::int64_t> read_integer(const Cursor& c, Reporter* report = nullptr);
std::optional<std::uint64_t> read_seed(const Cursor& c, Reporter* report = nullptr);
std::optional<double> read_number(const Cursor& c, Reporter* report = nullptr);
std::optional<bool> read_bool(const Cursor& c, Reporter* report = nullptr);
std::optional<std::string> read_text(const Cursor& c, Reporter* report = nullptr);  // string, name, choice
// A choice as the value its table gives it (an enum, a bool or a flag): the mapping is the format's, so no reader
// spells a choice twice or falls back to a default for a name it does not know.
template <class E>
std::optional<E> read_choice(const Cursor& c, Reporter* report = nullptr) {
  const auto text = read_text(c, report);
  if (!text || c.rule->kind != format::Kind::choice) return std::nullopt;
  const format::Choice* choice = format::find_choice(*c.rule, *text);
  return choice ? std::optional(static_cast<E>(choice->value)) : std::nullopt;
}
std::optional<Duration> read_duration(const Cursor& c, Reporter* report = nullptr);
std::optional<Distribution> read_distribution(const Cursor& c, Reporter* report = nullptr);

struct Quantity {
  double value = 0;  // durations in seconds
  std::optional<Duration> duration;
  std::string text;  // as written
};
std::optional<Quantity> read_number_or_duration(const Cursor& c, Reporter* report = nullptr);
std::optional<ProfilePoint> read_profile_point(const Cursor& c, Reporter* report = nullptr);

void check_shape(const Cursor& root, Reporter& report);
// Always returns a Scenario; it is meaningful only when nothing was reported.
Scenario resolve_scenario(const Cursor& root, Reporter& report);

}  // namespace chaossim::validate
