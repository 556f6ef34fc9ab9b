#include "cli/cli.h"

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>  // CLI11: subcommands, typed options, --help

#include "cli/batch.h"
#include "cli/report_command.h"
#include "html/report_writer.h"
#include "html/run_record.h"
#include "lesson_folder.h"
#include "cli/sweep.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

struct RunOptions : BatchOptions {
  std::vector<std::string> variants;
  bool all_variants = false;
  std::optional<std::uint64_t> seed;
  bool report = false;  // write report.html and summary.md after the run
};

// The options run and sweep share.
void add_batch_options(CLI::App* cmd, BatchOptions& o, const char* default_out) {
  cmd->add_option("scenario", o.scenario, "Scenario file or bundled lesson name")->required();
  cmd->add_option("--set", o.sets, "Override PATH=VALUE, e.g. edges.clients->api.retry.max_attempts=3");
  cmd->add_option("--replications", o.replications, "Independent replications of each configuration")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--jobs", o.jobs, "Parallel runs (default: all cores)")->check(CLI::Range(0, 256));
  cmd->add_option("--out", o.out, std::string("Output folder (default: ") + default_out + ")");
  cmd->add_flag("--quiet", o.quiet, "No progress bar");
}

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

int cmd_validate(const std::vector<std::string>& files) {
  int status = kExitPass;
  for (const std::string& f : files) {
    auto doc = read_document(f);
    if (!doc) {
      status = kExitInvalid;
      continue;
    }
    LoadResult r = build_scenario(*doc);
    if (!r.ok()) {
      print_errors(r.errors);
      status = kExitInvalid;
      continue;
    }
    std::cout << doc->file << ": ok (" << r.scenario->name << ", " << doc->variants.size() << " variants)\n";
  }
  return status;
}

int cmd_list() {
  const LessonFolderSearch lessons = find_lesson_folder();
  if (!lessons.found) {
    std::cerr << "chaossim list: no lessons found; " << lessons.describe()
              << ". Set CHAOSSIM_SCENARIOS to a folder of scenario files.\n";
    return kExitInvalid;
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(*lessons.found, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (files.empty()) {
    std::cerr << "chaossim list: no lessons (*.json) in " << lessons.found->string()
              << (ec ? ": " + ec.message() : std::string()) << '\n';
    return kExitInvalid;
  }
  std::sort(files.begin(), files.end());
  std::size_t width = 0;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const fs::path& f : files) {
    LoadResult r = load_scenario_file(f);
    const std::string name = f.stem().string();
    rows.emplace_back(name, r.ok() ? r.scenario->title : "(invalid: run chaossim validate " + f.string() + ")");
    width = std::max(width, name.size());
  }
  for (const auto& [name, title] : rows) std::cout << name << std::string(width - name.size() + 2, ' ') << title << '\n';
  return kExitPass;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"chaossim — a deterministic simulator of retries, idempotency and circuit breakers under failure"};
  app.set_version_flag("--version", std::string("chaossim ") + CHAOSSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a scenario (a file, or the name of a bundled lesson)");
  add_batch_options(run_cmd, run, "results/<scenario>");
  run_cmd->add_option("--variant", run.variants, "Variant to run (repeatable); default: baseline");
  run_cmd->add_flag("--all-variants", run.all_variants, "Run the baseline and every variant");
  run_cmd->add_option("--seed", run.seed, "Seed (default: the scenario's)");
  run_cmd->add_flag("--report", run.report, "Also write report.html and summary.md into the output folder");

  SweepOptions sweep;
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "Run every combination of parameter values; one folder per point");
  add_batch_options(sweep_cmd, sweep, "results/<scenario>-sweep");
  sweep_cmd->add_option("--variant", sweep.variant, "Variant every point starts from (default: baseline)");
  sweep_cmd->add_option("--param", sweep.params, "PATH=V1,V2,... (repeatable; adds to the scenario's sweep block)");

  std::vector<std::string> validate_files;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files and report every error");
  validate_cmd->add_option("files", validate_files, "Scenario files")->required();

  CLI::App* list_cmd = app.add_subcommand("list", "List the bundled lessons with their titles");

  std::string report_dir, report_out;
  CLI::App* report_cmd =
      app.add_subcommand("report", "Write a self-contained HTML report (and summary.md) of a results folder");
  report_cmd->add_option("results_dir", report_dir, "The --out folder of a run or sweep")->required();
  report_cmd->add_option("-o,--output", report_out, "Report file (default: RESULTS_DIR/report.html)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitPass : kExitInvalid;
  }

  install_interrupt_handler();
  try {
    if (*run_cmd) return cmd_run(run);
    if (*sweep_cmd) return cmd_sweep(sweep);
    if (*validate_cmd) return cmd_validate(validate_files);
    if (*list_cmd) return cmd_list();
    if (*report_cmd) return cmd_report(report_dir, report_out);
  } catch (const std::exception& e) {
    std::cerr << "chaossim: internal error: " << e.what() << '\n';
    return kExitInternal;
  }
  return kExitInvalid;
}

}  // namespace chaossim
