#include "ci/results_json.h"

namespace chaossim {

std::string run_outcome(const std::vector<ResultsJsonConfig>& configs) {
  bool checked = false, failed = false;
  for (const ResultsJsonConfig& c : configs) {
    if (!c.result) return "interrupted";
    checked = checked || !c.result->expectations.empty();
    failed = failed || !c.result->passed();
  }
  return failed ? "failed" : checked ? "passed" : "unchecked";
}

std::string results_json(const ResultsJsonRun& run) {
  nlohmann::ordered_json j;
  j["chaossim_version"] = CHAOSSIM_VERSION;
  j["scenario"] = run.scenario;
  j["seed"] = run.seed;
  j["replications"] = run.replications;
  j["sets"] = run.sets;
  j["expects"] = run.expects;
  j["outcome"] = run_outcome(run.configs);
  nlohmann::ordered_json missing = nlohmann::ordered_json::array(), configs = nlohmann::ordered_json::array();
  for (const ResultsJsonConfig& c : run.configs) {
    if (!c.result) {
      missing.push_back(c.name);
      continue;
    }
    nlohmann::ordered_json entry;
    entry["name"] = c.name;
    entry["passed"] = c.result->passed();
    entry["reproduce"] = c.reproduce;
    entry["summary"] = summary_object(*c.result);
    configs.push_back(entry);
  }
  j["complete"] = missing.empty();
  j["missing"] = missing;
  j["configurations"] = configs;
  return j.dump(2) + "\n";
}

}  // namespace chaossim
