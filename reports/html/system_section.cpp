#include "html/system_section.h"

#include <algorithm>
#include <functional>

#include "html/markdown.h"
#include "html/system_words.h"
#include "html/topology_svg.h"
#include "scenario/format.h"
#include "scenario/loader.h"

namespace chaossim {

using nlohmann::json;

namespace {

// A report lists every service and edge up to this many (far beyond a readable system), then says how many more.
constexpr std::size_t kMaxRows = 200;
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

SystemView system_view(const Results& results) {
  SystemView view;
  if (results.scenario_text.empty()) {
    view.problem = "The results folder has no readable scenario.json, so the system cannot be shown.";
    return view;
  }
  auto parsed = parse_scenario_document(results.scenario_text, (results.dir / "scenario.json").string());
  if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed)) {
    view.problem = "scenario.json does not load, so the system cannot be shown: " +
                   (errors->empty() ? std::string("unknown error") : errors->front().to_string());
    return view;
  }
  const ScenarioDocument& doc = std::get<ScenarioDocument>(parsed);
  std::vector<Override> set;
  for (const auto& [path, text] : results.overrides) {
    json value = json::parse(text, nullptr, false);
    if (!value.is_discarded()) set.emplace_back(path, std::move(value));
  }
  LoadResult base = build_scenario(doc, set);
  if (!base.ok()) {
    view.problem = "scenario.json does not load, so the system cannot be shown: " +
                   (base.errors.empty() ? std::string("unknown error") : base.errors.front().to_string());
    return view;
  }
  view.baseline = std::move(*base.scenario);
  const json baseline_json = with_overrides(doc, set);

  if (results.sweep) {
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
  for (const VariantResults& v : results.variants) {
    if (v.name == "baseline") continue;
    const auto variant = std::find_if(doc.variants.begin(), doc.variants.end(),
                                      [&](const Variant& candidate) { return candidate.name == v.name; });
    if (variant == doc.variants.end()) {
      view.configs.push_back({v.name, {}, false, true});
      continue;
    }
    view.configs.push_back(config_changes(doc, baseline_json, *view.baseline, set, v.name, variant->overrides));
  }
  return view;
}

// ---- HTML ------------------------------------------------------------------------------------------------------

namespace {

std::string esc(const std::string& text) { return html_escape(text); }

std::string cells(const std::vector<std::string>& values) {
  std::string out = "<tr>";
  for (const std::string& v : values) out += "<td>" + esc(v) + "</td>";
  return out + "</tr>\n";
}

std::string more_rows_note(std::size_t total, const char* what) {
  if (total <= kMaxRows) return "";
  return "<p class=\"note\">The first " + std::to_string(kMaxRows) + " of " + std::to_string(total) + " " + what +
         " are listed.</p>\n";
}

std::string change_items_html(const ConfigChanges& c) {
  if (c.unknown) return "<p class=\"note\">scenario.json has no variant of this name.</p>\n";
  std::string out = "<ul class=\"changes\">\n";
  for (const Change& change : c.changes)
    out += "<li><code>" + esc(change.path) + "</code>: " + esc(change.before) + " → <strong>" + esc(change.after) +
           "</strong></li>\n";
  if (c.changes.empty()) out += "<li>nothing in the system</li>\n";
  if (c.own_expectations) out += "<li>and states its own expectations</li>\n";
  return out + "</ul>\n";
}

}  // namespace

std::string system_section_html(const Results& results) {
  const SystemView view = system_view(results);
  std::string out = "<section id=\"system\">\n<h2>The system</h2>\n";
  if (!view.baseline) return out + "<p class=\"note\">" + esc(view.problem) + "</p>\n</section>\n";
  const Scenario& s = *view.baseline;

  std::string why_not;
  const std::string svg = topology_svg(s, &why_not);
  out += svg.empty() ? "<p class=\"note\">" + esc(why_not) + "</p>\n"
                     : "<figure class=\"topology\">" + svg + "</figure>\n";

  const std::vector<ServiceRow> services = service_rows(s);
  out +=
      "<h3>Services</h3>\n<table class=\"system\">\n<thead><tr><th>Service</th><th>Workers</th><th>Queue</th>"
      "<th>Handler</th><th>Idempotency store</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < services.size() && i < kMaxRows; ++i) {
    const ServiceRow& r = services[i];
    out += cells({r.name, r.workers, r.queue, r.handler, r.idempotency});
  }
  out += "</tbody></table>\n" + more_rows_note(services.size(), "services");

  const std::vector<EdgeRow> edges = edge_rows(s);
  out +=
      "<h3>Edges</h3>\n<table class=\"system\">\n<thead><tr><th>Caller → callee</th><th>Latency</th>"
      "<th>Timeout</th><th>Retries</th><th>Idempotency key</th><th>Breaker</th><th>Bulkhead</th>"
      "<th>Fallback</th><th>Retry budget</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < edges.size() && i < kMaxRows; ++i) {
    const EdgeRow& r = edges[i];
    out += cells({r.caller + " → " + r.callee, r.latency, r.timeout, r.retry, r.key, r.breaker, r.bulkhead, r.fallback,
                  r.budget});
  }
  out += "</tbody></table>\n" + more_rows_note(edges.size(), "edges");

  if (!view.configs.empty()) {
    out += results.sweep ? "<h3>What each sweep point sets</h3>\n" : "<h3>What each variant changes</h3>\n";
    for (const ConfigChanges& c : view.configs)
      out += "<h4><code>" + esc(c.name) + "</code></h4>\n" + change_items_html(c);
    if (results.sweep && results.sweep->points.size() > view.configs.size())
      out += "<p class=\"note\">The first " + std::to_string(view.configs.size()) + " of " +
             std::to_string(results.sweep->points.size()) + " points are listed; the sweep table has them all.</p>\n";
  }
  return out + "</section>\n";
}

// ---- Markdown --------------------------------------------------------------------------------------------------

namespace {

std::string md(const std::string& text) { return markdown_escape(text); }

}  // namespace

std::string system_section_markdown(const Results& results) {
  const SystemView view = system_view(results);
  std::string out = "### The system\n\n";
  if (!view.baseline) return out + md(view.problem) + "\n\n";
  const Scenario& s = *view.baseline;
  out += "| Service | Workers | Queue | Handler | Idempotency store |\n|---|---|---|---|---|\n";
  for (const ServiceRow& r : service_rows(s))
    out += "| " + md(r.name) + " | " + md(r.workers) + " | " + md(r.queue) + " | " + md(r.handler) + " | " +
           md(r.idempotency) + " |\n";
  out +=
      "\n| Caller → callee | Timeout | Retries | Key | Breaker | Bulkhead | Fallback | Budget |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for (const EdgeRow& r : edge_rows(s))
    out += "| " + md(r.caller + " → " + r.callee) + " | " + md(r.timeout) + " | " + md(r.retry) + " | " + md(r.key) +
           " | " + md(r.breaker) + " | " + md(r.bulkhead) + " | " + md(r.fallback) + " | " + md(r.budget) + " |\n";
  if (!view.configs.empty())
    out += results.sweep ? "\n#### What each sweep point sets\n" : "\n#### What each variant changes\n";
  for (const ConfigChanges& c : view.configs) {
    out += "\n**" + md(c.name) + "**\n\n";
    if (c.unknown) out += "- scenario.json has no variant of this name\n";
    for (const Change& change : c.changes)
      out += "- " + md(change.path) + ": " + md(change.before) + " → " + md(change.after) + "\n";
    if (c.own_expectations) out += "- and states its own expectations\n";
  }
  return out + "\n";
}

}  // namespace chaossim
