#include "html/system_view.h"

#include <algorithm>
#include <functional>

#include "scenario/format.h"
#include "html/system_words.h"

namespace chaossim {

using nlohmann::json;

namespace {

// Sweep points whose values are listed; the sweep table has them all.
constexpr std::size_t kMaxConfigs = 50;
// A JSON value longer than this is cut: a change is read at a glance, the file has the rest.
constexpr std::size_t kMaxValueChars = 160;

std::string short_json(const json& value) {
  std::string text = value.dump();
  if (text.size() > kMaxValueChars) text = text.substr(0, kMaxValueChars) + "…";
  return text;
}

// The value at a dotted path of the document, or null when the file does not set it.
const json* value_at(const json& root, const format::Path& path) {
  const json* at = &root;
  for (const format::PathStep& step : path.steps) {
    if (step.index) {
      if (!at->is_array() || *step.index >= at->size()) return nullptr;
      at = &(*at)[*step.index];
    } else if (step.by_id) {
      if (!at->is_array()) return nullptr;
      const auto item = std::find_if(at->begin(), at->end(), [&](const json& i) {
        return i.is_object() && i.contains("id") && i["id"] == step.key;
      });
      if (item == at->end()) return nullptr;
      at = &*item;
    } else {
      if (!at->is_object() || !at->contains(step.key)) return nullptr;
      at = &(*at)[step.key];
    }
  }
  return at;
}

// A path that names a strategy of one service or edge has its resolved value in words (defaults and "default"
// edges applied); other paths have none.
using Words = std::function<std::string(const Scenario&)>;

std::optional<Words> words_for(const format::Path& path) {
  if (path.steps.size() < 3 || path.steps[1].index || path.steps[1].by_id) return std::nullopt;
  const std::string& root = path.steps[0].key;
  const std::string entity = path.steps[1].key;
  const std::string& field = path.steps[2].key;
  if (root == "services") {
    std::string ServiceRow::*member = nullptr;
    if (field == "workers" || field == "processors" || field == "contention") member = &ServiceRow::workers;
    if (field == "queue" || field == "drop_expired") member = &ServiceRow::queue;
    if (field == "handler") member = &ServiceRow::handler;
    if (field == "idempotency") member = &ServiceRow::idempotency;
    if (!member) return std::nullopt;
    return [entity, member](const Scenario& s) -> std::string {
      for (const ServiceRow& row : service_rows(s))
        if (row.name == entity) return row.*member;
      return "no such service";
    };
  }
  if (root == "edges") {
    const std::size_t arrow = entity.find("->");
    if (arrow == std::string::npos) return std::nullopt;  // "default": the edges that inherit it show the effect
    const std::string caller = entity.substr(0, arrow), callee = entity.substr(arrow + 2);
    std::string EdgeRow::*member = nullptr;
    const bool budget = field == "retry" && path.steps.size() > 3 && path.steps[3].key == "budget";
    if (field == "latency") member = &EdgeRow::latency;
    if (field == "timeout" || field == "deadline") member = &EdgeRow::timeout;
    if (field == "retry") member = budget ? &EdgeRow::budget : &EdgeRow::retry;
    if (field == "idempotency_key") member = &EdgeRow::key;
    if (field == "circuit_breaker") member = &EdgeRow::breaker;
    if (field == "bulkhead") member = &EdgeRow::bulkhead;
    if (field == "fallback") member = &EdgeRow::fallback;
    if (!member) return std::nullopt;
    return [caller, callee, member](const Scenario& s) -> std::string {
      for (const EdgeRow& row : edge_rows(s))
        if (row.caller == caller && row.callee == callee) return row.*member;
      return "no such edge";
    };
  }
  return std::nullopt;
}

Change describe_change(const json& baseline_json, const Scenario& baseline, const Scenario* changed,
                       const std::string& path_text, const json& value) {
  Change c{path_text, "", short_json(value)};
  const auto parsed = format::parse_path(path_text);
  const format::Path* path = std::get_if<format::Path>(&parsed);
  const json* before = path ? value_at(baseline_json, *path) : nullptr;
  c.before = before ? short_json(*before) : "not set";
  if (!path || !changed) return c;
  if (const auto words = words_for(*path)) {
    c.before = (*words)(baseline);
    c.after = (*words)(*changed);
  }
  return c;
}

// The baseline document with the --set overrides applied, for the values as written.
json with_overrides(const ScenarioDocument& doc, const std::vector<Override>& overrides) {
  json j = doc.json;
  for (const auto& [path_text, value] : overrides) {
    const auto parsed = format::parse_path(path_text);
    if (const auto* path = std::get_if<format::Path>(&parsed)) format::apply_path(j, *path, value);
  }
  return j;
}

ConfigChanges config_changes(const ScenarioDocument& doc, const json& baseline_json, const Scenario& baseline,
                             const std::vector<Override>& set, const std::string& name,
                             const std::vector<Override>& overrides) {
  ConfigChanges out{name, {}, false, false};
  std::vector<Override> all = set;
  all.insert(all.end(), overrides.begin(), overrides.end());
  const LoadResult built = build_scenario(doc, all);
  for (const auto& [path, value] : overrides) {
    if (path == "expect" || path.starts_with("expect.") || path.starts_with("expect[")) {
      out.own_expectations = true;
      continue;
    }
    out.changes.push_back(
        describe_change(baseline_json, baseline, built.ok() ? &*built.scenario : nullptr, path, value));
  }
  return out;
}

}  // namespace

SystemView system_view(const ScenarioDocument& doc, const std::vector<Override>& set,
                       const std::vector<std::string>& variants, const std::string& file_words) {
  SystemView view;
  LoadResult base = build_scenario(doc, set);
  if (!base.ok()) {
    view.problem = file_words + " does not load, so the system cannot be shown: " +
                   (base.errors.empty() ? std::string("unknown error") : base.errors.front().to_string());
    return view;
  }
  view.baseline = std::move(*base.scenario);
  const json baseline_json = with_overrides(doc, set);
  for (const std::string& name : variants) {
    if (name == "baseline") continue;
    const auto variant = std::find_if(doc.variants.begin(), doc.variants.end(),
                                      [&](const Variant& candidate) { return candidate.name == name; });
    if (variant == doc.variants.end()) {
      view.configs.push_back({name, {}, false, true});
      continue;
    }
    view.configs.push_back(config_changes(doc, baseline_json, *view.baseline, set, name, variant->overrides));
  }
  return view;
}

SystemView system_view(const Results& results) {
  if (results.scenario_text.empty())
    return {std::nullopt, "The results folder has no readable scenario.json, so the system cannot be shown.", {}};
  auto parsed = parse_scenario_document(results.scenario_text, (results.dir / "scenario.json").string());
  if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed))
    return {std::nullopt,
            "scenario.json does not load, so the system cannot be shown: " +
                (errors->empty() ? std::string("unknown error") : errors->front().to_string()),
            {}};
  const ScenarioDocument& doc = std::get<ScenarioDocument>(parsed);
  std::vector<Override> set;
  for (const auto& [path, text] : results.overrides) {
    json value = json::parse(text, nullptr, false);
    if (!value.is_discarded()) set.emplace_back(path, std::move(value));
  }
  if (!results.sweep) {
    std::vector<std::string> variants;
    for (const VariantResults& v : results.variants) variants.push_back(v.name);
    return system_view(doc, set, variants, "scenario.json");
  }
  SystemView view = system_view(doc, set, {}, "scenario.json");
  if (!view.baseline) return view;
  const json baseline_json = with_overrides(doc, set);
  const SweepTable& sweep = *results.sweep;
  for (const SweepTable::Point& point : sweep.points) {
    if (view.configs.size() == kMaxConfigs) break;
    std::vector<Override> overrides;
    for (std::size_t a = 0; a < sweep.axes.size() && a < point.values.size(); ++a) {
      json value = json::parse(point.values[a], nullptr, false);
      overrides.emplace_back(sweep.axes[a], value.is_discarded() ? json(point.values[a]) : std::move(value));
    }
    view.configs.push_back(config_changes(doc, baseline_json, *view.baseline, set, point.folder, overrides));
  }
  return view;
}

}  // namespace chaossim
