#include "cli.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <unistd.h>  // isatty: the progress bar only draws on a terminal

#include <CLI/CLI.hpp>  // CLI11: subcommands, typed options, --help

#include "runner/runner.h"
#include "scenario/loader.h"
#include "table.h"
#include "writers.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

constexpr int kExitPass = 0, kExitFailed = 1, kExitInvalid = 2, kExitInternal = 3, kExitInterrupted = 130;

std::atomic<bool> g_cancel{false};
extern "C" void on_sigint(int) { g_cancel.store(true); }

fs::path scenarios_dir() {
  if (const char* env = std::getenv("CHAOSSIM_SCENARIOS")) return env;
  return CHAOSSIM_SCENARIOS_DIR;
}

// A scenario argument is a file path, or the name of a bundled lesson ("lost-replies").
fs::path resolve_scenario_path(const std::string& arg) {
  std::error_code ec;
  if (fs::exists(arg, ec)) return arg;
  const fs::path bundled = scenarios_dir() / (arg + ".json");
  if (arg.find('/') == std::string::npos && fs::exists(bundled, ec)) return bundled;
  return arg;
}

void print_errors(const std::vector<LoadError>& errors) {
  for (const LoadError& e : errors) std::cerr << e.to_string() << '\n';
}

// Draws "[=====>    ] 42%" on stderr while jobs run, only on a terminal and only once a second has passed.
class ProgressBar {
 public:
  ProgressBar(bool enabled, double total) : m_enabled(enabled && isatty(2)), m_total(total) {
    if (m_enabled) m_thread = std::thread([this] { loop(); });
  }
  ~ProgressBar() { stop(); }
  void add(double amount) {
    double cur = m_done.load();
    while (!m_done.compare_exchange_weak(cur, cur + amount)) {
    }
  }
  void stop() {
    if (!m_thread.joinable()) return;
    m_stop = true;
    m_thread.join();
    if (m_drawn) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  void loop() {
    const auto start = std::chrono::steady_clock::now();
    while (!m_stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) continue;
      const double f = m_total > 0 ? std::min(1.0, m_done.load() / m_total) : 0.0;
      const int width = 40, filled = static_cast<int>(f * width);
      std::fprintf(stderr, "\r[%s%s] %3d%%", std::string(static_cast<std::size_t>(filled), '=').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), static_cast<int>(f * 100));
      std::fflush(stderr);
      m_drawn = true;
    }
  }
  bool m_enabled;
  double m_total;
  std::atomic<double> m_done{0};
  std::atomic<bool> m_stop{false};
  bool m_drawn = false;
  std::thread m_thread;
};

struct RunOptions {
  std::string scenario;
  std::vector<std::string> variants;
  bool all_variants = false;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::size_t replications = 1;
  unsigned jobs = 0;
  std::string out;
  bool quiet = false;
};

// Parses "PATH=VALUE" pairs into typed overrides; reports every bad one.
bool parse_sets(const std::vector<std::string>& sets, std::vector<std::pair<std::string, nlohmann::json>>& out) {
  bool ok = true;
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "--set " << s << ": expected PATH=VALUE, e.g. edges.clients->api.retry.max_attempts=3\n";
      ok = false;
      continue;
    }
    const std::string path = s.substr(0, eq);
    auto value = parse_override_value(path, std::string_view(s).substr(eq + 1));
    if (auto* err = std::get_if<std::string>(&value)) {
      std::cerr << "--set " << s << ": " << *err << '\n';
      ok = false;
    } else {
      out.emplace_back(path, std::get<nlohmann::json>(value));
    }
  }
  return ok;
}

// One named configuration to run: a variant of the scenario, or a sweep point.
struct Config {
  std::string name;  // folder name under --out
  std::shared_ptr<const Scenario> scenario;
};

// Runs every config `replications` times on the pool, writes each config's outputs as soon as its last replication
// is done (so an interrupted run keeps what finished), and returns the aggregates in config order.
std::vector<std::optional<Aggregate>> run_configs(const std::vector<Config>& configs, std::uint64_t seed,
                                                  std::size_t replications, unsigned jobs, const fs::path& out,
                                                  bool quiet) {
  std::vector<RunJob> all;
  for (const Config& c : configs)
    for (std::size_t r = 0; r < replications; ++r) all.push_back(RunJob{c.scenario, c.name, replication_seed(seed, r)});
  ProgressBar bar(!quiet, static_cast<double>(all.size()));
  // Replications finish in any order; each has its slot so aggregation does not depend on the threads.
  std::vector<std::vector<RunResult>> done(configs.size(), std::vector<RunResult>(replications));
  std::vector<std::size_t> finished(configs.size(), 0);
  std::vector<std::optional<Aggregate>> aggregates(configs.size());
  std::string write_error;
  run_jobs(all, jobs, &g_cancel, [&](std::size_t i, const JobOutcome& o) {
    bar.add(1.0);
    const std::size_t c = i / replications;
    done[c][i % replications] = o.result;
    if (++finished[c] == replications) {
      aggregates[c] = aggregate(done[c], configs[c].scenario->expect);
      try {
        write_variant_outputs(out / configs[c].name, *aggregates[c]);
      } catch (const std::exception& e) {
        write_error = e.what();
      }
    }
  });
  bar.stop();
  if (!write_error.empty()) throw std::runtime_error(write_error);
  return aggregates;
}

int finish(const std::vector<std::optional<Aggregate>>& aggregates, const fs::path& out) {
  std::vector<Aggregate> finished;
  for (const auto& a : aggregates)
    if (a) finished.push_back(*a);
  std::cout << format_table(finished);
  for (const Aggregate& a : finished) std::cout << format_verdicts(a);
  std::cout << "results in " << out.string() << '\n';
  if (g_cancel.load() || finished.size() != aggregates.size()) {
    std::cerr << "interrupted: " << finished.size() << " of " << aggregates.size()
              << " configurations finished and were written\n";
    return kExitInterrupted;
  }
  for (const Aggregate& a : finished)
    if (!a.passed()) return kExitFailed;
  return kExitPass;
}

std::optional<ScenarioDocument> read_document(const std::string& arg) {
  auto doc = read_scenario_document(resolve_scenario_path(arg));
  if (auto* errors = std::get_if<std::vector<LoadError>>(&doc)) {
    print_errors(*errors);
    return std::nullopt;
  }
  return std::move(std::get<ScenarioDocument>(doc));
}

int cmd_run(const RunOptions& o) {
  auto doc = read_document(o.scenario);
  if (!doc) return kExitInvalid;
  std::vector<std::pair<std::string, nlohmann::json>> sets;
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
    std::vector<std::pair<std::string, nlohmann::json>> overrides;
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
  return finish(run_configs(configs, seed, o.replications, o.jobs, out, o.quiet), out);
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
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(scenarios_dir(), ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
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
  run_cmd->add_option("scenario", run.scenario, "Scenario file or bundled lesson name")->required();
  run_cmd->add_option("--variant", run.variants, "Variant to run (repeatable); default: baseline");
  run_cmd->add_flag("--all-variants", run.all_variants, "Run the baseline and every variant");
  run_cmd->add_option("--seed", run.seed, "Seed (default: the scenario's)");
  run_cmd->add_option("--set", run.sets, "Override PATH=VALUE, e.g. edges.clients->api.retry.max_attempts=3");
  run_cmd->add_option("--replications", run.replications, "Independent replications per variant")
      ->check(CLI::Range(1, 1000));
  run_cmd->add_option("--jobs", run.jobs, "Parallel runs (default: all cores)")->check(CLI::Range(0, 256));
  run_cmd->add_option("--out", run.out, "Output folder (default: results/<scenario>)");
  run_cmd->add_flag("--quiet", run.quiet, "No progress bar");

  std::vector<std::string> validate_files;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files and report every error");
  validate_cmd->add_option("files", validate_files, "Scenario files")->required();

  CLI::App* list_cmd = app.add_subcommand("list", "List the bundled lessons with their titles");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitPass : kExitInvalid;
  }

  std::signal(SIGINT, on_sigint);
  try {
    if (*run_cmd) return cmd_run(run);
    if (*validate_cmd) return cmd_validate(validate_files);
    if (*list_cmd) return cmd_list();
  } catch (const std::exception& e) {
    std::cerr << "chaossim: internal error: " << e.what() << '\n';
    return kExitInternal;
  }
  return kExitInvalid;
}

}  // namespace chaossim
