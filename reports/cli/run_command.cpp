#include "cli/run_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "html/report_writer.h"
#include "html/run_record.h"
#include "cli/interrupt.h"
#include "cli/table.h"

namespace chaossim {

namespace fs = std::filesystem;

int cmd_run(const RunOptions& o) {
  auto doc = read_document(o.scenario);
  if (!doc) return kExitInvalid;
  std::vector<Override> sets;
  if (!parse_sets(o.sets, sets)) return kExitInvalid;

  std::vector<std::string> names = o.variants;
  if (o.all_variants) {
    names = {"baseline"};
    for (const Variant& v : doc->variants) names.push_back(v.name);
  }
  if (names.empty()) names = {"baseline"};
  std::vector<Config> configs;
  bool ok = true;
  for (const std::string& name : names) {
    std::vector<Override> overrides;
    if (name != "baseline") {
      auto it = std::find_if(doc->variants.begin(), doc->variants.end(), [&](const Variant& v) { return v.name == name; });
      if (it == doc->variants.end()) {
        std::string known = "baseline";
        for (const Variant& v : doc->variants) known += ", " + v.name;
        std::cerr << doc->file << ": no variant named \"" << name << "\" (known: " << known << ")\n";
        ok = false;
        continue;
      }
      overrides = it->overrides;
    }
    overrides.insert(overrides.end(), sets.begin(), sets.end());
    LoadResult r = build_scenario(*doc, overrides);
    if (!r.ok()) {
      print_errors(r.errors);
      ok = false;
      continue;
    }
    configs.push_back({name, std::make_shared<const Scenario>(std::move(*r.scenario))});
  }
  if (!ok) return kExitInvalid;
  const std::uint64_t seed = o.seed ? *o.seed : configs.front().scenario->seed;
  ResultsFolder folder(o.out.empty() ? fs::path("results") / configs.front().scenario->name : fs::path(o.out));
  const auto aggregates = run_configs(configs, seed, o.replications, o.jobs, folder.staging(), o.quiet);
  // What a later `chaossim report` needs beyond the per-variant files; only configurations that finished.
  std::vector<RecordedConfig> recorded;
  for (std::size_t i = 0; i < configs.size(); ++i)
    if (aggregates[i]) recorded.push_back({configs[i].name, configs[i].scenario});
  write_run_record(folder.staging(), *doc, recorded, seed, o.replications, sets, missing_configs(configs, aggregates));
  std::vector<Aggregate> finished;
  for (const auto& a : aggregates)
    if (a) finished.push_back(*a);
  std::cout << format_table(finished);
  for (const Aggregate& a : finished) std::cout << format_verdicts(a);
  const auto published = publish_results(folder, finished.size(), configs.size());
  if (o.report && published) {
    // Written after the move, so the report names the results folder, not the staging one.
    if (auto failure = write_report_files(*published, report_targets(*published), &cancel_flag())) {
      std::cerr << "chaossim: cannot write the report: " << failure->message << '\n';
      if (failure->kind == ReportFailure::Kind::interrupted) return interrupted_exit_code();
      return failure->kind == ReportFailure::Kind::unwritable ? kExitInvalid : kExitInternal;
    }
    std::cout << "report in " << (*published / "report.html").string() << '\n';
  }
  return batch_exit_code(aggregates);
}

}  // namespace chaossim
