#include "cli/run_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "ci/junit_xml.h"
#include "ci/results_json.h"
#include "cli/expect_option.h"
#include "cli/interrupt.h"
#include "cli/reproduce.h"
#include "cli/table.h"
#include "core/printable.h"
#include "html/report_writer.h"
#include "html/run_record.h"
#include "scenario/format.h"  // quote

namespace chaossim {

namespace fs = std::filesystem;

namespace {

// Builds the named configurations (variant overrides, then --set, then --expect), printing every error.
std::optional<std::vector<Config>> build_configs(const ScenarioDocument& doc, const std::vector<std::string>& names,
                                                 const std::vector<Override>& sets, const RunOptions& o,
                                                 const std::vector<nlohmann::json>& extra_expects) {
  std::vector<Config> configs;
  bool ok = true;
  for (const std::string& name : names) {
    std::vector<Override> overrides;
    if (name != "baseline") {
      auto it = std::find_if(doc.variants.begin(), doc.variants.end(), [&](const Variant& v) { return v.name == name; });
      if (it == doc.variants.end()) {
        std::string known = "baseline";
        for (const Variant& v : doc.variants) known += ", " + v.name;
        std::cerr << printable(doc.file + ": no variant named \"" + name + "\" (known: " + known + ")") << '\n';
        ok = false;
        continue;
      }
      overrides = it->overrides;
    }
    overrides.insert(overrides.end(), sets.begin(), sets.end());
    std::size_t first_added = 0;
    if (auto expect = expect_override(doc, overrides, extra_expects)) {
      first_added = expect->second.size() - extra_expects.size();
      overrides.push_back(std::move(*expect));
    }
    LoadResult r = build_scenario(doc, overrides);
    if (!r.ok()) {
      name_expect_arguments(r.errors, first_added, o.expects);
      // A variant's own mistakes are pointed at in the file, as validate does, rather than at a path with no line.
      if (name != "baseline") {
        std::vector<LoadError> in_file;
        for (LoadError& e : load_scenario_document(doc).errors)
          if (e.message.rfind("in variant " + format::quote(name) + ":", 0) == 0) in_file.push_back(std::move(e));
        if (!in_file.empty()) r.errors = std::move(in_file);
      }
      print_errors(r.errors);
      ok = false;
      continue;
    }
    configs.push_back({name, std::make_shared<const Scenario>(std::move(*r.scenario))});
  }
  if (!ok) return std::nullopt;
  return configs;
}

}  // namespace

int cmd_run(const RunOptions& o) {
  auto doc = read_document(o.scenario);
  if (!doc) return kExitInvalid;
  std::vector<Override> sets;
  // --trace turns on the scenario's trace block, or creates one with the defaults; --set trace.* still applies.
  if (o.trace) sets.emplace_back("trace.enabled", true);
  if (!parse_sets(o.sets, sets)) return kExitInvalid;
  std::vector<nlohmann::json> extra_expects;
  for (const std::string& e : o.expects) {
    auto parsed = parse_expect_argument(e);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      std::cerr << printable("--expect '" + e + "': " + *error) << '\n';
      return kExitInvalid;
    }
    extra_expects.push_back(std::get<nlohmann::json>(parsed));
  }

  std::vector<std::string> names = o.variants;
  if (o.all_variants) {
    names = {"baseline"};
    for (const Variant& v : doc->variants) names.push_back(v.name);
  }
  if (names.empty()) names = {"baseline"};
  const auto built = build_configs(*doc, names, sets, o, extra_expects);
  if (!built) return kExitInvalid;
  const std::vector<Config>& configs = *built;
  std::vector<const Scenario*> scenarios;
  for (const Config& c : configs) scenarios.push_back(c.scenario.get());
  if (!batch_is_affordable(doc->file, scenarios, o.replications, o.jobs)) return kExitInvalid;
  const std::uint64_t seed = o.seed ? *o.seed : configs.front().scenario->seed;
  if (!o.junit.empty()) check_writable_target(o.junit);  // before hours of simulation, not after
  ResultsFolder folder(o.out.empty() ? fs::path("results") / configs.front().scenario->name : fs::path(o.out));
  ProgressBar bar(!o.quiet, simulated_seconds(configs, o.replications));
  const auto aggregates = run_configs(configs, seed, o.replications, o.jobs, folder.staging(), bar);
  bar.stop();

  // What a later `chaossim report` needs beyond the per-variant files; only configurations that finished.
  std::vector<RecordedConfig> recorded;
  for (std::size_t i = 0; i < configs.size(); ++i)
    if (aggregates[i]) recorded.push_back({configs[i].name, configs[i].scenario});
  write_run_record(folder.staging(), *doc, recorded, seed, o.replications, sets, missing_configs(configs, aggregates));
  const RunArguments again{o.scenario, o.sets, o.expects, o.replications};
  ResultsJsonRun combined{configs.front().scenario->name, seed, o.replications, o.sets, o.expects, {}, {}};
  std::vector<JunitConfig> junit;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const Aggregate* a = aggregates[i] ? &*aggregates[i] : nullptr;
    const std::string reproduce = reproduce_command(again, configs[i].name, seed);
    combined.configs.push_back({configs[i].name, a, reproduce});
    junit.push_back({configs[i].name, a, reproduce});
  }

  std::vector<Aggregate> finished;
  for (const auto& a : aggregates)
    if (a) finished.push_back(*a);
  // With --format json, stdout carries only results.json, so a script can pipe it; people still see the rest.
  std::ostream& say = o.json ? std::cerr : std::cout;
  const std::string combined_json = results_json(combined);
  write_file_atomic(folder.staging() / "results.json", combined_json);
  if (o.json) std::cout << combined_json << std::flush;
  say << format_table(finished);
  for (const ResultsJsonConfig& c : combined.configs)
    if (c.result) {
      say << format_verdicts(*c.result);
      if (!c.result->passed()) say << "  reproduce: " << printable(c.reproduce) << '\n';
    }
  if (run_outcome(combined.configs) == "unchecked")
    std::cerr << "warning: no expectations were checked, so this run cannot fail (exit status 0); state them in the "
                 "scenario's expect block or with --expect\n";
  const auto published = publish_results(folder, finished.size(), configs.size(), {}, say);
  if (published && configs.front().scenario->trace.enabled)
    say << "traces in " << (*published / configs.front().name / "trace.perfetto.json").string()
        << " (ui.perfetto.dev) and trace.otlp.json (Jaeger, Tempo), one pair per variant\n";
  if (!o.junit.empty()) {
    write_file_atomic(o.junit, junit_xml(configs.front().scenario->name, junit));
    say << "JUnit XML in " << o.junit << '\n';
  }
  if (o.report && published) {
    // Written after the move, so the report names the results folder, not the staging one.
    if (auto failure = write_report_files(*published, report_targets(*published), &cancel_flag())) {
      std::cerr << "chaossim: cannot write the report: " << failure->message << '\n';
      if (failure->kind == ReportFailure::Kind::interrupted) return interrupted_exit_code();
      return failure->kind == ReportFailure::Kind::unwritable ? kExitInvalid : kExitInternal;
    }
    say << "report in " << (*published / "report.html").string() << '\n';
  }
  return batch_exit_code(aggregates);
}

}  // namespace chaossim
