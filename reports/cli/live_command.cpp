#include "cli/live_command.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>  // live.json and compare.json

#include "cli/batch.h"
#include "cli/interrupt.h"
#include "cli/table.h"
#include "core/printable.h"
#include "html/report_writer.h"
#include "html/run_record.h"
#include "live/client_population.h"  // kMaxInFlight
#include "live/live_run.h"
#include "runner/runner.h"
#include "scenario/format.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

// "NAME=VALUE" -> the pair, or nullopt after printing why not.
std::optional<std::pair<std::string, std::string>> split_pair(const std::string& option, const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    std::cerr << printable(option + " " + text + ": expected NAME=VALUE") << '\n';
    return std::nullopt;
  }
  return std::pair(text.substr(0, eq), text.substr(eq + 1));
}

// The figures that say most about a live run against its model, in the order they are compared.
const char* const kComparedMetrics[] = {"ops",      "success_rate", "amplification", "retries",
                                        "timeouts", "duplicates",   "latency.p50",   "latency.p99"};

// Duplicates per operation: what the lessons state ("0.11 duplicate charges per purchase").
double per_op(const MetricSet& m, const std::string& name) {
  const double* v = m.find(name);
  const double* ops = m.find("ops");
  return v && ops && *ops > 0 ? *v / *ops : std::nan("");
}

nlohmann::ordered_json json_number(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr; }

// The side-by-side table, and the same as JSON for scripts.
std::string compare_table(const Scenario& s, const Aggregate& model, const Aggregate& live,
                          nlohmann::ordered_json& out) {
  std::vector<std::string> names(std::begin(kComparedMetrics), std::end(kComparedMetrics));
  for (const std::string& e : s.effects) names.push_back("effects." + e + ".duplicates");
  std::ostringstream t;
  t << std::left << std::setw(34) << "metric" << std::right << std::setw(14) << "model" << std::setw(16)
    << "your service" << '\n';
  const auto row = [&](const std::string& label, double m, double l) {
    t << std::left << std::setw(34) << printable(label) << std::right << std::setw(14) << human_value(label, m)
      << std::setw(16) << human_value(label, l) << '\n';
    out[label] = {{"model", json_number(m)}, {"live", json_number(l)}};
  };
  for (const std::string& n : names) {
    const double* m = model.mean[kOverall].find(n);
    const double* l = live.mean[kOverall].find(n);
    row(n, m ? *m : std::nan(""), l ? *l : std::nan(""));
  }
  row("duplicates per op", per_op(model.mean[kOverall], "duplicates"), per_op(live.mean[kOverall], "duplicates"));
  return t.str();
}

}  // namespace

int cmd_live(const LiveCommandOptions& o) {
  auto doc = read_document(o.scenario);
  if (!doc) return kExitInvalid;
  std::vector<Override> overrides;
  if (o.variant != "baseline") {
    bool found = false;
    for (const Variant& v : doc->variants)
      if (v.name == o.variant) overrides = v.overrides, found = true;
    if (!found) {
      std::cerr << printable(doc->file + ": no variant named \"" + o.variant + "\"") << '\n';
      return kExitInvalid;
    }
  }
  std::vector<std::string> sets = o.sets;
  if (!o.duration.empty()) sets.push_back("duration=" + o.duration);
  if (!parse_sets(sets, overrides)) return kExitInvalid;
  LoadResult built = build_scenario(*doc, overrides);
  if (!built.ok()) {
    print_errors(built.errors);
    return kExitInvalid;
  }
  const auto scenario = std::make_shared<const Scenario>(std::move(*built.scenario));
  const LiveConfig live = live::live_config_of(*doc, overrides);

  live::LiveOptions lo;
  lo.seed = o.seed.value_or(scenario->seed);
  lo.variant = o.variant;
  lo.allowed_hosts = o.allow_remote;
  lo.cancel = &cancel_flag();
  if (!o.quiet) lo.say = [](const std::string& line) { std::cerr << printable(line) << '\n'; };
  for (const std::string& s : o.services) {
    auto p = split_pair("--service", s);
    if (!p) return kExitInvalid;
    lo.services.push_back({p->first, p->second, ""});
  }
  for (const std::string& s : o.execs) {
    auto p = split_pair("--exec", s);
    if (!p) return kExitInvalid;
    lo.services.push_back({p->first, "", p->second});
  }
  for (const std::string& s : o.mocks) {
    auto p = split_pair("--mock", s);
    if (!p) return kExitInvalid;
    lo.mock_ports.push_back({p->first, p->second});
  }
  try {
    live::check_live_run(*scenario, lo);
  } catch (const live::LiveError& e) {
    std::cerr << printable(doc->file + ": " + e.what()) << '\n';
    return kExitInvalid;
  }

  ResultsFolder folder(o.out.empty() ? fs::path("results") / (scenario->name + ".live") : fs::path(o.out));
  if (!o.quiet)
    std::cerr << "live run of " << printable(scenario->name) << " (" << o.variant << "), "
              << format_duration(scenario->duration) << " of real time; Ctrl-C stops it and keeps what was measured\n";
  live::LiveOutcome outcome;
  try {
    outcome = live::run_live(*scenario, live, lo);
  } catch (const live::LiveError& e) {
    std::cerr << printable(doc->file + ": " + e.what()) << '\n';
    return kExitInvalid;
  }
  const Aggregate result = aggregate({outcome.result}, scenario->expect);
  const fs::path variant_dir = folder.staging() / o.variant;
  write_variant_outputs(variant_dir, result);
  const live::LiveFigures& f = outcome.figures;
  LiveRecord record{{}, f.seconds, f.interrupted};
  for (const live::RealService& s : f.services) record.services.push_back({s.name, s.url, s.command});
  write_run_record(folder.staging(), *doc, {{o.variant, scenario}}, lo.seed, 1, overrides, {}, &record);
  nlohmann::ordered_json figures = {{"mode", "live"},
                                    {"real_seconds", f.seconds},
                                    {"interrupted", f.interrupted},
                                    {"proxied_requests", f.proxied},
                                    {"upstream_failures", f.upstream_failures},
                                    {"client_connect_errors", f.connect_errors},
                                    {"client_server_errors", f.server_errors},
                                    {"arrivals_not_started", f.not_started},
                                    {"unattributed_requests", f.unattributed},
                                    {"foreign_effects", f.foreign_effects},
                                    {"ledger_overflowed", f.ledger_overflowed}};
  write_file_atomic(variant_dir / "live.json", figures.dump(2) + "\n");

  std::cout << format_table({result}) << format_verdicts(result);
  if (f.not_started)
    std::cerr << "warning: " << f.not_started << " arrivals were not started: " << live::ClientPopulation::kMaxInFlight
              << " operations were already in flight\n";
  if (f.unattributed)
    std::cerr << "warning: " << f.unattributed << " requests to mocked services named no operation ("
              << printable(live.operation_header ? "header " + *live.operation_header
                                                 : "body field " + live.operation_field)
              << "); their effects are not in the ledger\n";
  if (o.compare_sim && !f.interrupted) {
    JobOutcome sim = run_job(RunJob{scenario, o.variant, lo.seed, false}, &cancel_flag());
    if (sim.completed) {
      const Aggregate model = aggregate({sim.result}, scenario->expect);
      nlohmann::ordered_json compare = nlohmann::ordered_json::object();
      std::cout << "\nmodel vs live (" << printable(o.variant) << ", seed " << lo.seed << "):\n"
                << compare_table(*scenario, model, result, compare);
      write_file_atomic(variant_dir / "compare.json", compare.dump(2) + "\n");
    }
  }
  if (f.interrupted) {
    folder.publish_interrupted();
    std::cerr << "interrupted after " << f.seconds << " s: what was measured is in "
              << folder.interrupted_folder().string() << '\n';
    return interrupted_exit_code();
  }
  folder.publish();
  std::cout << "results in " << folder.target().string() << '\n';
  if (o.report) {
    if (auto failure = write_report_files(folder.target(), report_targets(folder.target()), &cancel_flag())) {
      std::cerr << "chaossim: cannot write the report: " << failure->message << '\n';
      if (failure->kind == ReportFailure::Kind::interrupted) return interrupted_exit_code();
      return failure->kind == ReportFailure::Kind::unwritable ? kExitInvalid : kExitInternal;
    }
    std::cout << "report in " << (folder.target() / "report.html").string() << '\n';
  }
  return result.passed() ? kExitPass : kExitFailed;
}

}  // namespace chaossim
