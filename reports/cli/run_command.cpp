#include "cli/run_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "html/report_writer.h"
#include "html/run_record.h"

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
  const fs::path out = o.out.empty() ? fs::path("results") / configs.front().scenario->name : fs::path(o.out);
  const auto aggregates = run_configs(configs, seed, o.replications, o.jobs, out, o.quiet);
  // What a later `chaossim report` needs beyond the per-variant files; only configurations that finished.
  std::vector<RecordedConfig> recorded;
  for (std::size_t i = 0; i < configs.size(); ++i)
    if (aggregates[i]) recorded.push_back({configs[i].name, configs[i].scenario});
  write_run_record(out, *doc, recorded, seed, o.replications, sets);
  const int status = report_and_exit_code(aggregates, out);
  if (o.report && !recorded.empty()) {
    if (auto error = write_report(out)) {
      std::cerr << "chaossim: cannot write the report: " << *error << '\n';
      return kExitInternal;
    }
    std::cout << "report in " << (out / "report.html").string() << '\n';
  }
  return status;
}

}  // namespace chaossim
