#include "cli/batch.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include <unistd.h>  // isatty: the progress bar only draws on a terminal

#include "cli/interrupt.h"
#include "lesson_folder.h"
#include "runner/runner.h"
#include "cli/table.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

// Draws "[=====     ] 42%" on stderr while runs go on: only on a terminal, only once a second has passed, and
// never into a pipe or a CI log.
class ProgressBar {
 public:
  ProgressBar(bool enabled, double total) : m_total(total) {
    if (enabled && isatty(2)) m_thread = std::thread([this] { loop(); });
  }
  ~ProgressBar() { stop(); }
  std::atomic<double>& done() { return m_done; }
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
  double m_total;
  std::atomic<double> m_done{0};
  std::atomic<bool> m_stop{false};
  bool m_drawn = false;
  std::thread m_thread;
};
}  // namespace

void print_errors(const std::vector<LoadError>& errors) {
  for (const LoadError& e : errors) std::cerr << e.to_string() << '\n';
}

std::optional<ScenarioDocument> read_document(const std::string& arg) {
  const fs::path path = resolve_scenario_path(arg);
  std::error_code ec;
  if (!fs::exists(path, ec) && arg.find('/') == std::string::npos && fs::path(arg).extension() != ".json") {
    // A bare name is most likely a lesson: say where lessons were looked for, not only that no such file exists.
    const LessonFolderSearch lessons = find_lesson_folder();
    std::cerr << arg << ": no such file, and no bundled lesson of that name ("
              << (lessons.found ? "lessons are in " + lessons.found->string() : "no lessons found; " + lessons.describe())
              << "; chaossim list shows them)\n";
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

std::vector<std::optional<Aggregate>> run_configs(const std::vector<Config>& configs, std::uint64_t seed,
                                                  std::size_t replications, unsigned jobs, const fs::path& out,
                                                  bool quiet) {
  std::vector<RunJob> all;
  double total_seconds = 0;
  for (const Config& c : configs)
    for (std::size_t r = 0; r < replications; ++r) {
      all.push_back(RunJob{c.scenario, c.name, replication_seed(seed, r)});
      total_seconds += c.scenario->duration.seconds_f();
    }
  ProgressBar bar(!quiet, total_seconds);
  // Replications finish in any order; each has its slot so aggregation does not depend on the threads.
  std::vector<std::vector<RunResult>> done(configs.size(), std::vector<RunResult>(replications));
  std::vector<std::size_t> finished(configs.size(), 0);
  std::vector<std::optional<Aggregate>> aggregates(configs.size());
  std::string write_error;
  run_jobs(
      all, jobs, &cancel_flag(),
      [&](std::size_t i, const JobOutcome& o) {
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
      },
      &bar.done());
  bar.stop();
  if (!write_error.empty()) throw std::runtime_error(write_error);
  return aggregates;
}

int report_and_exit_code(const std::vector<std::optional<Aggregate>>& aggregates, const fs::path& out) {
  std::vector<Aggregate> finished;
  for (const auto& a : aggregates)
    if (a) finished.push_back(*a);
  std::cout << format_table(finished);
  for (const Aggregate& a : finished) std::cout << format_verdicts(a);
  std::cout << "results in " << out.string() << '\n';
  if (cancel_flag().load() || finished.size() != aggregates.size()) {
    std::cerr << "interrupted: " << finished.size() << " of " << aggregates.size()
              << " configurations finished and were written\n";
    return kExitInterrupted;
  }
  for (const Aggregate& a : finished)
    if (!a.passed()) return kExitFailed;
  return kExitPass;
}

}  // namespace chaossim
