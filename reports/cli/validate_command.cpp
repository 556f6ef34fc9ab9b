#include "cli/validate_command.h"

#include <iostream>

#include <nlohmann/json.hpp>  // --format json

#include "cli/batch.h"
#include "core/printable.h"
#include "scenario/cost_model.h"

namespace chaossim {

namespace {

nlohmann::ordered_json errors_json(const std::vector<LoadError>& errors) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const LoadError& e : errors)
    list.push_back({{"file", e.file}, {"line", e.line}, {"column", e.column}, {"path", e.path}, {"message", e.message}});
  return list;
}

nlohmann::ordered_json estimate_json(const cost::Estimate& e) {
  nlohmann::ordered_json j;
  j["operations"] = e.operations.value;
  j["requests"] = e.requests.value;
  j["memory_bytes"] = e.memory.value;
  j["output_bytes"] = e.output.value;
  return j;
}

}  // namespace

int cmd_validate(const std::vector<std::string>& files, bool as_json) {
  int status = kExitPass;
  nlohmann::ordered_json report = nlohmann::ordered_json::array();
  for (const std::string& f : files) {
    nlohmann::ordered_json entry;
    entry["file"] = f;
    std::vector<LoadError> errors;
    auto doc = std::variant<ScenarioDocument, std::vector<LoadError>>(std::vector<LoadError>{});
    if (as_json) {
      doc = read_scenario_document(resolve_scenario_path(f));
    } else if (auto read = read_document(f)) {
      doc = std::move(*read);
    } else {
      status = kExitInvalid;
      continue;
    }
    if (auto* read_errors = std::get_if<std::vector<LoadError>>(&doc)) {
      status = kExitInvalid;
      entry["ok"] = false;
      entry["errors"] = errors_json(*read_errors);
      report.push_back(entry);
      continue;
    }
    const ScenarioDocument& d = std::get<ScenarioDocument>(doc);
    // The baseline, every variant and every sweep value, each error at its line:column and naming where it is.
    const LoadResult r = load_scenario_document(d);
    entry["ok"] = r.ok();
    if (!r.ok()) {
      status = kExitInvalid;
      if (!as_json) print_errors(r.errors);
      entry["errors"] = errors_json(r.errors);
      report.push_back(entry);
      continue;
    }
    // What one run of the baseline will cost, so a heavy scenario is seen for what it is before it runs.
    const cost::Estimate estimate = cost::estimate_run(*r.scenario);
    entry["scenario"] = r.scenario->name;
    nlohmann::ordered_json variants = nlohmann::ordered_json::array();
    for (const Variant& v : d.variants) variants.push_back(v.name);
    entry["variants"] = variants;
    entry["sweep_paths"] = d.sweep.size();
    entry["estimate"] = estimate_json(estimate);
    report.push_back(entry);
    if (!as_json)
      std::cout << printable(d.file + ": ok (" + r.scenario->name + ", " + std::to_string(d.variants.size()) +
                             (d.variants.size() == 1 ? " variant; " : " variants; ") + cost::summary(estimate) + ")")
                << '\n';
  }
  if (as_json) std::cout << report.dump(2) << '\n';
  return status;
}

}  // namespace chaossim
