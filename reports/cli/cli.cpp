#include "cli/cli.h"

#include <algorithm>
#include <charconv>  // from_chars: --seed is read exactly or refused
#include <iostream>

#include <CLI/CLI.hpp>  // CLI11: subcommands, typed options, --help

#include "cli/batch.h"
#include "cli/command_words.h"
#include "cli/interrupt.h"
#include "cli/list_command.h"
#include "cli/live_command.h"
#include "cli/report_command.h"
#include "cli/run_command.h"
#include "cli/sweep.h"
#include "cli/validate_command.h"
#include "core/printable.h"

namespace chaossim {

namespace {

// The options run and sweep share.
void add_batch_options(CLI::App* cmd, BatchOptions& o, const char* default_out) {
  cmd->add_option("scenario", o.scenario, "Scenario file or bundled lesson name")->required();
  cmd->add_option("--set", o.sets,
                  "Override PATH=VALUE (repeatable), quoted for the shell: --set 'edges.clients->api.retry.max_attempts=3'");
  cmd->add_option("--replications", o.replications, "Independent replications of each configuration")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--jobs", o.jobs, "Parallel runs (default: all cores)")->check(CLI::Range(0, 256));
  cmd->add_option("-o,--out", o.out,
                  std::string("Results folder, replaced as a whole when the run ends (default: ") + default_out + ")");
  cmd->add_flag("--quiet", o.quiet, "No progress bar");
  cmd->add_option_function<std::string>(
         "--format", [&o](const std::string& format) { o.json = format == "json"; },
         "text, or json: results.json on stdout, the table and messages on stderr")
      ->check(CLI::IsMember({"text", "json"}));
}

constexpr const char* kExitCodes =
    "Exit status: 0 every expectation holds, 1 an expectation failed, 2 invalid input or usage or an unusable\n"
    "output location, 3 internal error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).";
constexpr const char* kRunExamples =
    "Examples:\n"
    "  chaossim run lost-replies --all-variants --report\n"
    "  chaossim run lost-replies --trace --set 'trace.keep=[\"duplicated\",\"slowest\"]'   # docs/traces.md\n"
    "  chaossim run lost-replies --set 'faults.lossy-replies.probability=0.3' --set duration=2m\n"
    "  chaossim run checkout.json --replications 10 --junit junit.xml --expect 'effects.charge.duplicates == 0'\n";
constexpr const char* kSweepExamples =
    "Examples:\n"
    "  chaossim sweep lost-replies --param 'faults.lossy-replies.probability=0.05,0.1,0.2' --report\n"
    "  chaossim sweep checkout.json --param 'edges.clients->api.retry.max_attempts=1,3,5' --replications 5\n"
    "  mpirun -n 65 chaossim sweep checkout.json --replications 30 --mpi   # 64 ranks run, rank 0 writes\n";
constexpr const char* kMapExamples =
    "Examples:\n"
    "  chaossim map metastable-retry-storm --x clients.arrival.rate=150:250:21 --y faults.slow.duration=2s:20s:10 "
    "--report\n"
    "  chaossim map metastable-retry-storm --variant retry-budget --x clients.arrival.rate=150:250:21 \\\n"
    "      --y faults.slow.duration=2s:20s:10 --metric recovery_seconds --report\n"
    "A cell that fails the scenario's own expectations is part of the map: the exit status is 0 once it is drawn.\n";
constexpr const char* kReportExamples =
    "Examples:\n"
    "  chaossim report results/lost-replies\n"
    "  chaossim report results/lost-replies -o review.html      # and review.md beside it\n";

// CLI11 converts "-1" and "99999999999999999999" into an unsigned option by clamping them to its range. A seed
// names one exact run, so anything but the decimal digits of a 64-bit unsigned integer is refused (exit 2).
const CLI::Validator kSeed(
    [](std::string& text) -> std::string {
      std::uint64_t value = 0;
      const char* end = text.data() + text.size();
      const auto [stop, error] = std::from_chars(text.data(), end, value);
      if (text.empty() || error != std::errc() || stop != end)
        return "expected an unsigned 64-bit integer (0 to 18446744073709551615), found " + printable(text);
      return "";
    },
    "UINT64");

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
  run_cmd->add_option("--seed", run.seed, "Seed (default: the scenario's)")->check(kSeed);
  run_cmd->add_flag("--report", run.report, "Also write report.html and summary.md into the output folder");
  run_cmd->add_option("--expect", run.expects,
                      "Add an expectation 'METRIC OP VALUE[@PHASE]' (repeatable), e.g. --expect 'latency.p99 < 500ms'");
  run_cmd->add_option("--junit", run.junit, "Also write JUnit XML for CI: one test case per expectation per variant");
  run_cmd->add_flag("--trace", run.trace,
                    "Record traces (the scenario's trace block, or its defaults; tune with --set trace.max=N, "
                    "trace.sample, trace.keep): trace.perfetto.json and trace.otlp.json in each variant's folder");

  SweepOptions sweep;
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "Run every combination of parameter values; one folder per point");
  add_batch_options(sweep_cmd, sweep, "results/<scenario>.sweep");
  sweep_cmd->add_option("--variant", sweep.variant, "Variant every point starts from (default: baseline)");
  sweep_cmd->add_option("--param", sweep.params, "PATH=V1,V2,... (repeatable; adds to the scenario's sweep block)");
  sweep_cmd->add_flag("--report", sweep.report, "Also write report.html and summary.md into the output folder");
  sweep_cmd->add_flag("--mpi", sweep.mpi,
                      "Spread the runs over the ranks of an MPI job (mpirun -n N, srun); rank 0 writes the files, "
                      "the same bytes as without --mpi");

  SweepOptions map;
  MapOptions map_options;
  CLI::App* map_cmd = app.add_subcommand(
      "map", "A metastability map: where a condition (recovered == 1) stops holding over two parameters, found by "
             "bisection along each row");
  add_batch_options(map_cmd, map, "results/<scenario>.map");
  map_cmd->add_option("--x", map_options.columns,
                      "The columns: PATH=LO:HI:N (N values evenly from LO to HI) or PATH=V1,V2,...; each row is "
                      "bisected along it")
      ->required();
  map_cmd->add_option("--y", map_options.rows, "The rows: PATH=LO:HI:N or PATH=V1,V2,...")->required();
  map_cmd->add_option("--boundary", map_options.boundary,
                      "The condition whose boundary is mapped, 'METRIC OP VALUE[@PHASE]' (default: 'recovered == 1')");
  map_cmd->add_option("--metric", map_options.metrics,
                      "A metric to draw as a heat map (repeatable; default: the boundary's metric, recovery_seconds, "
                      "amplification)");
  map_cmd->add_option("--variant", map.variant, "Variant every cell starts from (default: baseline)");
  map_cmd->add_flag("--report", map.report, "Also write report.html (with the heat maps) and summary.md");
  map_cmd->add_flag("--mpi", map.mpi, "Spread the runs over the ranks of an MPI job, as sweep --mpi");

  std::vector<std::string> validate_files;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files and report every error");
  validate_cmd->add_option("files", validate_files, "Scenario files")->required();
  std::string validate_format = "text", list_format = "text";
  validate_cmd->add_option("--format", validate_format, "text, or json: one JSON array on stdout")
      ->check(CLI::IsMember({"text", "json"}));

  CLI::App* list_cmd = app.add_subcommand("list", "List the bundled lessons with their titles");
  list_cmd->add_option("--format", list_format, "text, or json: one JSON array on stdout")
      ->check(CLI::IsMember({"text", "json"}));

  std::string report_dir, report_out, report_summary;
  CLI::App* report_cmd =
      app.add_subcommand("report", "Write a self-contained HTML report (and summary.md) of a results folder");
  report_cmd->add_option("results_dir", report_dir, "The --out folder of a run or sweep")->required();
  report_cmd->add_option("-o,--out,--output", report_out,
                         "Report file in an existing folder (default: RESULTS_DIR/report.html); replaces only an "
                         "earlier report");
  report_cmd->add_option("--summary", report_summary,
                         "Markdown summary (default: beside the report: summary.md, or NAME.md for NAME.html)");

  LiveCommandOptions live;
  CLI::App* live_cmd = app.add_subcommand(
      "live", "Run a scenario's clients in real time against your HTTP service, through fault proxies, with mocked "
              "dependencies keeping the ledger (docs/live-mode.md)");
  live_cmd->add_option("scenario", live.scenario, "Scenario file or bundled lesson name")->required();
  live_cmd->add_option("--service", live.services, "NAME=http://127.0.0.1:PORT: a service of the scenario you run");
  live_cmd->add_option("--exec", live.execs,
                       "NAME=COMMAND: a service chaossim starts (listening socket on fd 3, CHAOSSIM_LISTEN_FD=3; "
                       "what it calls in CHAOSSIM_URL_<NAME>)");
  live_cmd->add_option("--mock", live.mocks,
                       "NAME=PORT: your services reach the mocked service NAME at http://127.0.0.1:PORT (its fault "
                       "proxy), so a service you started once can be tested run after run (default: a port chosen "
                       "by the OS)");
  live_cmd->add_option("--variant", live.variant, "Variant to run (default: baseline)");
  live_cmd->add_option("--seed", live.seed, "Seed (default: the scenario's)")->check(kSeed);
  live_cmd->add_option("--duration", live.duration, "Real time to run, e.g. 30s (default: the scenario's; at most 1h)");
  live_cmd->add_option("--set", live.sets, "Override PATH=VALUE (repeatable)");
  live_cmd->add_option("--allow-remote", live.allow_remote,
                       "HOST (repeatable): allow connecting to this non-loopback host");
  live_cmd->add_option("-o,--out", live.out, "Results folder (default: results/<scenario>.live)");
  live_cmd->add_flag("--compare-sim", live.compare_sim, "Also simulate the scenario and show model and live side by side");
  live_cmd->add_flag("--report", live.report, "Also write report.html and summary.md into the output folder");
  live_cmd->add_flag("--quiet", live.quiet, "Print only the results");

  app.footer(kExitCodes);
  live_cmd->footer(std::string("Example:\n  chaossim live examples/live/checkout.json --exec "
                               "'checkout=python3 examples/live/checkout_service.py' --duration 10s --compare-sim\n\n") +
                   kExitCodes);
  run_cmd->footer(std::string(kRunExamples) + "\n" + kExitCodes);
  sweep_cmd->footer(std::string(kSweepExamples) + "\n" + kExitCodes);
  validate_cmd->footer(std::string("Example:\n  chaossim validate scenarios/*.json\n\n") + kExitCodes);
  report_cmd->footer(std::string(kReportExamples) + "\n" + kExitCodes);
  map_cmd->footer(std::string(kMapExamples) + "\n" + kExitCodes);

  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  auto words = normalise_command_words(std::vector<std::string>(argv + 1, argv + argc), commands);
  if (auto* refusal = std::get_if<std::string>(&words)) {
    std::cerr << *refusal << '\n';
    return kExitInvalid;
  }
  std::vector<std::string> args = std::get<std::vector<std::string>>(words);
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector last argument first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitPass : kExitInvalid;
  }

  install_interrupt_handler();
  try {
    if (*run_cmd) return cmd_run(run);
    if (*sweep_cmd) return cmd_sweep(sweep);
    if (*map_cmd) {
      map.map = map_options;
      return cmd_map(map);
    }
    if (*validate_cmd) return cmd_validate(validate_files, validate_format == "json");
    if (*list_cmd) return cmd_list(list_format == "json");
    if (*report_cmd) return cmd_report(report_dir, report_out, report_summary);
    if (*live_cmd) return cmd_live(live);
  } catch (const OutputError& e) {  // the user's environment: permissions, disk, a path in the way
    std::cerr << "chaossim: " << e.what() << '\n';
    return kExitInvalid;
  } catch (const std::exception& e) {
    std::cerr << "chaossim: internal error: " << e.what() << '\n';
    return kExitInternal;
  }
  return kExitInvalid;
}

}  // namespace chaossim
