#include "cli/batch.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "cli/interrupt.h"
#include "core/printable.h"
#include "scenario/cost_model.h"
#include "scenario/format.h"  // did_you_mean
#include "lesson_folder.h"
#include "runner/runner.h"
#include "cli/table.h"
#include "traces/trace_files.h"

namespace chaossim {

namespace fs = std::filesystem;

void print_errors(const std::vector<LoadError>& errors) {
  for (const LoadError& e : errors) std::cerr << e.to_string() << '\n';
}

std::optional<ScenarioDocument> read_document(const std::string& arg) {
  const fs::path path = resolve_scenario_path(arg);
  std::error_code ec;
  if (!fs::exists(path, ec) && arg.find('/') == std::string::npos && fs::path(arg).extension() != ".json") {
    // A bare name is most likely a lesson: say where lessons were looked for, not only that no such file exists.
    const LessonFolderSearch lessons = find_lesson_folder();
    std::vector<std::string> names;
    if (lessons.found)
      for (const auto& entry : fs::directory_iterator(*lessons.found, ec))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());  // the same suggestion whatever order the folder lists them in
    std::cerr << printable(arg + ": no such file, and no bundled lesson of that name" + format::did_you_mean(arg, names) +
                           " (" +
                           (lessons.found ? "lessons are in " + lessons.found->string()
                                          : "no lessons found; " + lessons.describe()) +
                           "; chaossim list shows them)")
              << '\n';
    return std::nullopt;
  }
  auto doc = read_scenario_document(path);
  if (auto* errors = std::get_if<std::vector<LoadError>>(&doc)) {
    print_errors(*errors);
    return std::nullopt;
  }
  return std::move(std::get<ScenarioDocument>(doc));
}

bool parse_sets(const std::vector<std::string>& sets, std::vector<Override>& out) {
  bool ok = true;
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      // An unquoted `->` makes the shell redirect at `>`: the argument arrives as "edges.clients-".
      const bool cut = !s.empty() && s.back() == '-';
      std::cerr << printable("--set " + s + ": expected PATH=VALUE, quoted for the shell, e.g. --set " +
                             "'edges.clients->api.retry.max_attempts=3'" +
                             (cut ? ". It looks cut at '>' by the shell, which read the rest as a redirection (and "
                                    "may have created a file named after it): put the whole PATH=VALUE in quotes"
                                  : ""))
                << '\n';
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

bool batch_is_affordable(const std::string& file, const std::vector<const Scenario*>& scenarios,
                         std::size_t replications, unsigned jobs) {
  const auto refusal = cost::check_batch_cost(scenarios, replications, jobs);
  if (refusal) std::cerr << printable(file + ": " + *refusal) << '\n';
  return !refusal;
}

double simulated_seconds(const std::vector<Config>& configs, std::size_t replications) {
  double total = 0;
  for (const Config& c : configs) total += c.scenario->duration.seconds_f() * static_cast<double>(replications);
  return total;
}

std::vector<std::optional<Aggregate>> run_configs(const std::vector<Config>& configs, std::uint64_t seed,
                                                  std::size_t replications, unsigned jobs, const fs::path& out,
                                                  ProgressBar& bar, const JobRunner& runner) {
  std::vector<RunJob> all;
  for (const Config& c : configs)
    for (std::size_t r = 0; r < replications; ++r)
      all.push_back(RunJob{c.scenario, c.name, replication_seed(seed, r), r == 0});
  // Replications finish in any order; each has its slot so aggregation does not depend on the threads.
  std::vector<std::vector<RunResult>> done(configs.size(), std::vector<RunResult>(replications));
  std::vector<std::size_t> finished(configs.size(), 0);
  std::vector<std::optional<Aggregate>> aggregates(configs.size());
  std::string write_error, internal_error;  // the first of each; the runs still going are stopped
  const auto on_done = [&](std::size_t i, const JobOutcome& o) {
    const std::size_t c = i / replications;
    done[c][i % replications] = o.result;
    if (++finished[c] == replications) {
      aggregates[c] = aggregate(done[c], configs[c].scenario->expect);
      try {
        write_variant_outputs(out / configs[c].name, *aggregates[c]);
        // Traces come from the first replication, the one that reproduces a plain run with the seed.
        if (const auto& traces = done[c][0].traces)
          traces::write_trace_files(out / configs[c].name, traces::make_document(*traces, *configs[c].scenario,
                                                                                configs[c].name, done[c][0].seed));
      } catch (const OutputError& e) {
        if (write_error.empty()) write_error = e.what();
        cancel_flag().store(true);
      } catch (const std::exception& e) {  // must not escape the pool's thread
        if (internal_error.empty()) internal_error = e.what();
        cancel_flag().store(true);
      }
    }
  };
  if (runner)
    runner(all, on_done, &bar.done());
  else
    run_jobs(all, jobs, &cancel_flag(), on_done, &bar.done());
  if (!internal_error.empty()) throw std::runtime_error(internal_error);
  if (!write_error.empty()) throw OutputError(write_error);
  return aggregates;
}

std::vector<std::string> missing_configs(const std::vector<Config>& configs,
                                         const std::vector<std::optional<Aggregate>>& aggregates) {
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < configs.size(); ++i)
    if (!aggregates[i]) missing.push_back(configs[i].name);
  return missing;
}

std::optional<fs::path> publish_results(ResultsFolder& folder, std::size_t finished, std::size_t total,
                                        const std::string& note, std::ostream& say) {
  const std::string target = folder.target().string();
  const std::string previous_kept =
      is_results_folder(folder.target()) ? "; " + target + " still holds the previous results" : "";
  if (finished == total && !cancel_flag().load()) {
    folder.publish();
    say << "results in " << target << note << '\n';
    return folder.target();
  }
  if (finished == 0) {
    std::cerr << "interrupted before any configuration finished: nothing written" << previous_kept << '\n';
    return std::nullopt;
  }
  folder.publish_interrupted();
  std::cerr << "interrupted: " << finished << " of " << total << " configurations finished; they are in "
            << folder.interrupted_folder().string() << " (its manifest.json lists the missing ones)" << previous_kept
            << '\n';
  return folder.interrupted_folder();
}

int batch_exit_code(const std::vector<std::optional<Aggregate>>& aggregates) {
  for (const auto& a : aggregates)
    if (!a) return interrupted_exit_code();
  if (cancel_flag().load()) return interrupted_exit_code();
  for (const auto& a : aggregates)
    if (!a->passed()) return kExitFailed;
  return kExitPass;
}

}  // namespace chaossim
