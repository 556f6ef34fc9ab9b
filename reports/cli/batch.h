#pragma once
// What the batch commands (run, sweep) share: finding scenario files, parsing --set, running named
// configurations x replications on the pool with a progress bar, writing each configuration's outputs as soon as it
// is complete, and the exit codes.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/progress_bar.h"
#include "lesson_folder.h"  // resolve_scenario_path
#include "results_folder.h"
#include "runner/runner.h"
#include "scenario/loader.h"
#include "writers.h"

namespace chaossim {

// Options shared by the batch commands, and their command-line definitions.
struct BatchOptions {
  std::string scenario;
  std::vector<std::string> sets;  // "PATH=VALUE"
  std::size_t replications = 1;
  unsigned jobs = 0;  // 0: all cores
  std::string out;
  bool quiet = false;
  bool json = false;  // --format json: results.json on stdout, every other line on stderr
};

// Interrupted runs exit with interrupted_exit_code() (interrupt.h): 130 after Ctrl-C, 143 after SIGTERM.
inline constexpr int kExitPass = 0, kExitFailed = 1, kExitInvalid = 2, kExitInternal = 3;

void print_errors(const std::vector<LoadError>& errors);
// Reads and parses a scenario document, printing its errors.
std::optional<ScenarioDocument> read_document(const std::string& arg);
// Parses "PATH=VALUE" pairs into typed overrides, printing every bad one.
bool parse_sets(const std::vector<std::string>& sets, std::vector<Override>& out);

// One named configuration to run: a variant of the scenario, or a sweep point.
struct Config {
  std::string name;  // folder name under the output folder
  std::shared_ptr<const Scenario> scenario;
};

// The cost model's check of a whole batch (scenario/cost_model.h): every configuration `replications` times on
// `jobs` threads. Prints the refusal, naming the file, and returns false when the batch is over a limit.
bool batch_is_affordable(const std::string& file, const std::vector<const Scenario*>& scenarios,
                         std::size_t replications, unsigned jobs);

// The simulated seconds of running every config `replications` times: the total of a progress bar.
double simulated_seconds(const std::vector<Config>& configs, std::size_t replications);

// Where the runs of a batch happen: a function with run_jobs' contract (runner.h) for the jobs given, calling
// on_done(i, outcome) for each as it finishes and adding simulated seconds to `progress`. Empty: on this machine's
// threads. A sweep with --mpi passes one that hands the runs to other ranks (mpi/ranks.h).
using JobRunner = std::function<std::vector<JobOutcome>(
    const std::vector<RunJob>& jobs, const std::function<void(std::size_t, const JobOutcome&)>& on_done,
    std::atomic<double>* progress)>;

// Runs every config `replications` times (replication seeds derived from `seed`) on `jobs` threads, or with
// `runner` when it is given, moving `bar` on, and writes each config's outputs to out/<name>/ when its last
// replication is done. The jobs are the configs in order, each config's replications one after another: job i is
// replication i % replications of config i / replications. Returns the aggregates in config order; an entry is
// empty when that config did not finish (interrupted, or a run failed). A write that fails stops the remaining runs
// and throws OutputError.
std::vector<std::optional<Aggregate>> run_configs(const std::vector<Config>& configs, std::uint64_t seed,
                                                  std::size_t replications, unsigned jobs,
                                                  const std::filesystem::path& out, ProgressBar& bar,
                                                  const JobRunner& runner = {});

// The names of the configurations that did not finish (the manifest's "missing").
std::vector<std::string> missing_configs(const std::vector<Config>& configs,
                                         const std::vector<std::optional<Aggregate>>& aggregates);

// Moves the staging folder into place: the whole run, or what an interrupted run finished into OUT.interrupted
// (nothing when it finished nothing). Says on the terminal where the results are (`note` follows "results in
// OUT") and returns that folder, or nothing when nothing was kept.
// `say` is where "results in" goes: stdout, or stderr when stdout carries JSON.
std::optional<std::filesystem::path> publish_results(ResultsFolder& folder, std::size_t finished, std::size_t total,
                                                     const std::string& note = {}, std::ostream& say = std::cout);

// 0 when every expectation holds, 1 when one failed, 130 or 143 when interrupted (interrupt.h).
int batch_exit_code(const std::vector<std::optional<Aggregate>>& aggregates);

}  // namespace chaossim
