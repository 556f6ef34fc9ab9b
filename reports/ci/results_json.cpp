#include "ci/results_json.h"

namespace chaossim {

ResultsJsonEntry results_json_entry(const ResultsJsonConfig& c) {
  ResultsJsonEntry e;
  e.name = c.name;
  if (!c.result) return e;
  e.finished = true;
  e.passed = c.result->passed();
  e.checked = !c.result->expectations.empty();
  nlohmann::ordered_json entry;
  entry["name"] = c.name;
  if (!c.values.is_null()) entry["values"] = c.values;
  entry["passed"] = e.passed;
  entry["reproduce"] = c.reproduce;
  entry["summary"] = summary_object(*c.result);
  e.json = entry.dump();
  return e;
}

std::string run_outcome_of(const std::vector<ResultsJsonEntry>& entries) {
  bool checked = false, failed = false;
  for (const ResultsJsonEntry& e : entries) {
    if (!e.finished) return "interrupted";
    checked = checked || e.checked;
    failed = failed || !e.passed;
  }
  return failed ? "failed" : checked ? "passed" : "unchecked";
}

std::string run_outcome(const std::vector<ResultsJsonConfig>& configs) {
  std::vector<ResultsJsonEntry> entries;
  for (const ResultsJsonConfig& c : configs) entries.push_back(results_json_entry(c));
  return run_outcome_of(entries);
}

std::string results_json(const ResultsJsonRun& run, const std::vector<ResultsJsonEntry>& entries) {
  nlohmann::ordered_json j;
  j["chaossim_version"] = CHAOSSIM_VERSION;
  j["kind"] = run.axes.empty() ? "run" : "sweep";
  j["scenario"] = run.scenario;
  j["seed"] = run.seed;
  j["replications"] = run.replications;
  j["sets"] = run.sets;
  j["expects"] = run.expects;
  if (!run.axes.empty()) j["axes"] = run.axes;
  j["outcome"] = run_outcome_of(entries);
  nlohmann::ordered_json missing = nlohmann::ordered_json::array();
  for (const ResultsJsonEntry& e : entries)
    if (!e.finished) missing.push_back(e.name);
  j["complete"] = missing.empty();
  j["missing"] = missing;
  // The configurations are spliced in as text, one per line: the header stays readable, and a sweep's entries
  // are never held as JSON trees.
  j["configurations"] = nlohmann::ordered_json::array();
  std::string text = j.dump(2);
  const std::string empty_list = "\"configurations\": []";
  const std::size_t at = text.rfind(empty_list);
  std::string list = "\"configurations\": [";
  bool first = true;
  for (const ResultsJsonEntry& e : entries) {
    if (!e.finished) continue;
    list += first ? "\n    " : ",\n    ";
    list += e.json;
    first = false;
  }
  list += first ? "]" : "\n  ]";
  text.replace(at, empty_list.size(), list);
  return text + "\n";
}

std::string results_json(const ResultsJsonRun& run) {
  std::vector<ResultsJsonEntry> entries;
  for (const ResultsJsonConfig& c : run.configs) entries.push_back(results_json_entry(c));
  return results_json(run, entries);
}

}  // namespace chaossim
