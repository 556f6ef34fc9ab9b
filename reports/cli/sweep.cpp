#include "cli/sweep.h"

#include <algorithm>
#include <cmath>
#include <iostream>

#include "ci/results_json.h"
#include "cli/batch.h"
#include "cli/interrupt.h"
#include "cli/map_bisection.h"
#include "cli/reproduce.h"
#include "cli/sweep_points.h"
#include "cli/table.h"
#include "core/printable.h"
#include "html/report_writer.h"
#include "html/run_record.h"
#include "metrics/metric_registry.h"
#include "mpi/ranks.h"
#include "scenario/limits.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

// The metrics sweep.csv carries for each point, besides whether its expectations hold: the headline metrics with
// a fixed name, so every point has the same columns whatever its services and effects are called.
std::vector<std::string> sweep_csv_metrics() {
  std::vector<std::string> out;
  for (const MetricInfo& m : metric_registry())
    if (m.headline() && m.scope == MetricScope::run && m.in_phase(kOverall)) out.emplace_back(m.name);
  return out;
}

// The axes: the scenario's sweep block, then --param; a --param on a path the block has replaces its values.
// Prints every problem; false when there was one.
bool collect_axes(const ScenarioDocument& doc, const std::vector<std::string>& params, std::vector<SweepAxis>& axes) {
  const std::string file = printable(doc.file);
  axes = doc.sweep;
  bool ok = true;
  for (const std::string& p : params) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size()) {
      std::cerr << "--param " << printable(p)
                << ": expected PATH=V1,V2,..., e.g. edges.clients->api.retry.max_attempts=1,2,4\n";
      ok = false;
      continue;
    }
    SweepAxis axis{p.substr(0, eq), {}};
    for (const std::string& text : split_values(p.substr(eq + 1))) {
      auto v = parse_override_value(axis.path, text);
      if (auto* err = std::get_if<std::string>(&v)) {
        std::cerr << "--param " << printable(axis.path + "=" + text + ": " + *err) << '\n';
        ok = false;
      } else {
        axis.values.push_back(std::get<nlohmann::json>(v));
      }
    }
    auto same = std::find_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.path == axis.path; });
    if (same != axes.end())
      *same = axis;
    else
      axes.push_back(axis);
  }
  if (!ok) return false;
  if (axes.empty()) {
    std::cerr << file << ": nothing to sweep: the scenario has no \"sweep\" block and no --param was given\n";
    return false;
  }
  // The same bounds as a sweep block in the file (limits.h), whether the axes come from there or from --param.
  if (axes.size() > static_cast<std::size_t>(limits::kMaxSweepAxes)) {
    std::cerr << file << ": the sweep has " << axes.size() << " paths; at most " << limits::kMaxSweepAxes
              << " are allowed\n";
    return false;
  }
  std::size_t points = 1;
  for (const SweepAxis& a : axes) {
    if (a.values.size() > static_cast<std::size_t>(limits::kMaxSweepValues)) {
      std::cerr << file << ": " << printable(a.path) << " has " << a.values.size() << " values; at most "
                << limits::kMaxSweepValues << " are allowed\n";
      return false;
    }
    points *= std::max<std::size_t>(1, a.values.size());
    if (points > static_cast<std::size_t>(limits::kMaxSweepPoints)) {
      std::cerr << file << ": the sweep has more than " << limits::kMaxSweepPoints << " points; sweep fewer values\n";
      return false;
    }
  }
  return true;
}

// Prints the errors of the first few invalid points and counts the others: a bad value on one axis makes every
// point with it invalid, and a hundred copies of one message hide the message.
class InvalidPoints {
 public:
  void add(const std::string& what, const std::vector<LoadError>& errors) {
    if (++m_count > kShown) return;
    std::cerr << what << ":\n";
    print_errors(errors);
  }
  bool empty() const { return m_count == 0; }
  std::size_t count() const { return m_count; }
  // Ends the list: says how many were not shown.
  void print_rest() const {
    if (m_count > kShown) std::cerr << "... and " << m_count - kShown << " more invalid sweep points\n";
  }

 private:
  static constexpr std::size_t kShown = 10;
  std::size_t m_count = 0;
};

// Each axis value alone on top of the base, for a sweep too large to build every point twice: a bad value is
// found in (the sum of the value counts) builds rather than (their product).
void check_values_alone(const ScenarioDocument& doc, const SweepPlan& plan, unsigned jobs, InvalidPoints& invalid) {
  std::vector<Override> each;
  for (const SweepAxis& a : plan.axes)
    for (const nlohmann::json& v : a.values) each.emplace_back(a.path, v);
  const auto built = build_each(
      doc, each.size(),
      [&](std::size_t i) {
        std::vector<Override> o = plan.base;
        o.push_back(each[i]);
        return o;
      },
      jobs, false, cancel_flag());
  for (std::size_t i = 0; i < each.size(); ++i)
    if (!built[i].errors.empty())
      invalid.add("sweep value " + SweepPlan::describe_value(each[i].first, each[i].second), built[i].errors);
}

// What the sweep keeps of a finished point once its batch is done: its row of sweep.csv, its line of the table and
// its entry of results.json.
struct FinishedPoint {
  std::string csv_row, table_line;
  ResultsJsonEntry entry;
  bool passed = false;
};

// The `chaossim run` that reproduces one point: the base variant, --set, then the point's values as --set.
std::string reproduce_point(const SweepOptions& o, const SweepPlan& plan, std::size_t point, std::uint64_t seed) {
  RunArguments args{o.scenario, o.sets, {}, o.replications};
  const std::vector<const nlohmann::json*> values = plan.values(point);
  for (std::size_t a = 0; a < plan.axes.size(); ++a) args.sets.push_back(plan.axes[a].path + "=" + values[a]->dump());
  return reproduce_command(args, o.variant.empty() ? "baseline" : o.variant, seed);
}

FinishedPoint summarize(const SweepOptions& o, const SweepPlan& plan, std::size_t point, const Aggregate& a,
                        const std::vector<std::string>& csv_metrics) {
  FinishedPoint out;
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  const std::vector<const nlohmann::json*> point_values = plan.values(point);
  for (std::size_t k = 0; k < plan.axes.size(); ++k) values[plan.axes[k].path] = *point_values[k];
  out.entry = results_json_entry({SweepPlan::folder(point), &a, reproduce_point(o, plan, point, a.seed), values});
  for (const nlohmann::json* v : plan.values(point)) out.csv_row += csv_value_cell(*v) + ",";
  out.csv_row += SweepPlan::folder(point);
  for (const std::string& m : csv_metrics) {
    const double* v = a.mean[kOverall].find(m);
    out.csv_row += "," + (v ? metric_cell(m, *v, a.replications) : std::string());
  }
  out.csv_row += "," + boolean_cell(a.passed()) + "\n";
  // One line per point with its parameters and the metrics a sweep compares.
  out.table_line = SweepPlan::folder(point) + "  " + plan.describe(point, " ");
  for (const MetricInfo& info : metric_registry())
    if (info.prominence == Prominence::sweep)
      if (const double* v = a.mean[kOverall].find(info.name))
        out.table_line += "  " + std::string(info.name) + ' ' + human_value(std::string(info.name), *v);
  out.table_line += a.passed() ? "  PASS\n" : "  FAIL\n";
  out.passed = a.passed();
  return out;
}

}  // namespace

std::vector<std::string> split_values(const std::string& text) {
  // Brackets and quotes group only when they balance: "]]]]],x" is two values, not one that never closes.
  const auto split = [&](bool grouping) {
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    bool in_string = false, balanced = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (grouping && in_string) {
        if (c == '\\' && i + 1 < text.size()) {
          cur += c;
          cur += text[++i];
          continue;
        }
        if (c == '"') in_string = false;
      } else if (grouping && c == '"') {
        in_string = true;
      } else if (grouping && (c == '{' || c == '[')) {
        ++depth;
      } else if (grouping && (c == '}' || c == ']')) {
        balanced = balanced && depth > 0;
        --depth;
      } else if (c == ',' && depth == 0) {
        out.push_back(cur);
        cur.clear();
        continue;
      }
      cur += c;
    }
    out.push_back(cur);
    return std::pair(out, balanced && depth == 0 && !in_string);
  };
  auto [grouped, balanced] = split(true);
  return balanced ? grouped : split(false).first;
}

std::string csv_cell(const std::string& text) {
  // OWASP's rule against formula injection: a spreadsheet evaluates a cell that starts with one of these, so a
  // scenario file could make opening sweep.csv run a formula. The quote makes it text.
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  const std::string guarded = formula ? "'" + text : text;
  if (guarded.find_first_of(",\"\r\n") == std::string::npos) return guarded;
  std::string out = "\"";
  for (char c : guarded) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_value_cell(const nlohmann::json& v) {
  if (v.is_number() || v.is_boolean()) return v.dump();
  return csv_cell(v.is_string() ? v.get<std::string>() : v.dump());
}

fs::path default_sweep_folder(const std::string& scenario_name) {
  // A dot cannot appear in a scenario name, so no run's folder (results/<name>) is ever a sweep's.
  return fs::path("results") / (scenario_name + ".sweep");
}

fs::path default_map_folder(const std::string& scenario_name) { return fs::path("results") / (scenario_name + ".map"); }

namespace {

// Says which runs failed on which rank, and where the points that finished are: a sweep with a hole is not written
// as the results.
void report_failures(const std::vector<mpi::RunFailure>& failures, const std::vector<std::string>& missing,
                     std::size_t points, const ResultsFolder& folder) {
  for (const mpi::RunFailure& f : failures)
    std::cerr << "rank " << f.rank << " failed " << f.name << " (seed " << f.seed << "): " << printable(f.what)
              << '\n';
  std::cerr << "missing " << missing.size() << " of " << points << " points:";
  for (const std::string& m : missing) std::cerr << ' ' << m;
  std::cerr << "\n" << folder.target().string() << " was not replaced; the points that finished are in "
            << folder.incomplete_folder().string() << " (its manifest.json lists the missing ones)\n";
}

}  // namespace

int cmd_sweep(const SweepOptions& o) {
  // With --mpi every rank of the job starts here; rank 0 goes on, the others run what it hands out.
  std::unique_ptr<mpi::Ranks> ranks;
  if (o.mpi) {
    std::string why;
    ranks = mpi::Ranks::join(why);
    if (!ranks) {
      std::cerr << "--mpi: " << why << '\n';
      return kExitInvalid;
    }
    if (ranks->rank() != 0) return ranks->serve(cancel_flag());
    if (ranks->size() == 1) {
      std::cerr << "--mpi: this job has one rank, so the runs go on this machine's threads (start more with "
                   "mpirun -n N or srun)\n";
      ranks.reset();
    }
  }
  auto doc = read_document(o.scenario);
  if (!doc) return kExitInvalid;
  if (ranks) ranks->use_document(*doc);
  // How many runs go on at once: one on each other rank, or --jobs threads here.
  const unsigned jobs = ranks ? static_cast<unsigned>(ranks->size() - 1) : o.jobs;
  // Every point starts from the chosen variant's overrides, then --set, then its own axis values.
  SweepPlan plan;
  if (!o.variant.empty() && o.variant != "baseline") {
    auto v = std::find_if(doc->variants.begin(), doc->variants.end(), [&](const Variant& x) { return x.name == o.variant; });
    if (v == doc->variants.end()) {
      std::cerr << printable(doc->file + ": no variant named \"" + o.variant + "\"") << '\n';
      return kExitInvalid;
    }
    plan.base = v->overrides;
  }
  if (!parse_sets(o.sets, plan.base)) return kExitInvalid;
  if (o.map) {
    // A map's axes are its rows, then its columns: cell r * columns + c is the point a sweep of the two would give.
    auto rows = parse_map_axis("--y", o.map->rows), columns = parse_map_axis("--x", o.map->columns);
    if (!rows || !columns) return kExitInvalid;
    plan.axes = {std::move(*rows), std::move(*columns)};
  } else if (!collect_axes(*doc, o.params, plan.axes)) {
    return kExitInvalid;
  }

  // A bad value should be found before hours of runs, not after. A sweep of an ordinary document builds and checks
  // every point first and keeps the scenarios for the run. A large document runs in batches, and building every
  // point twice would take as long as the problem this solves: each value is checked alone first, and the points
  // are built batch by batch as they run (a combination that is invalid only together is reported and skipped).
  const std::size_t points = plan.size(), batch = points_per_batch(*doc, points, jobs, o.batch_bytes);
  // A map builds only the cells it runs, round by round.
  const bool one_batch = batch >= points && !o.map;
  InvalidPoints invalid;
  std::vector<BuiltPoint> checked;
  if (one_batch) {
    checked = build_points(*doc, plan, 0, points, o.jobs, true, cancel_flag());
    for (std::size_t i = 0; i < points && !cancel_flag().load(); ++i)
      if (!checked[i].errors.empty()) invalid.add("sweep point " + plan.describe(i, ", "), checked[i].errors);
  } else {
    check_values_alone(*doc, plan, o.jobs, invalid);
  }
  // The first point gives the seed and the folder's name.
  std::shared_ptr<const Scenario> first;
  if (one_batch) {
    first = checked.front().scenario;
  } else if (!cancel_flag().load() && invalid.empty()) {
    BuiltPoint p = std::move(build_points(*doc, plan, 0, 1, 1, true, cancel_flag()).front());
    if (!p.errors.empty()) invalid.add("sweep point " + plan.describe(0, ", "), p.errors);
    first = p.scenario;
  }
  if (cancel_flag().load()) {
    std::cerr << "interrupted while checking the sweep's points: nothing ran\n";
    return interrupted_exit_code();
  }
  if (!invalid.empty()) {
    invalid.print_rest();
    return kExitInvalid;
  }
  std::optional<MapBisection> bisection;
  std::optional<Expectation> boundary;
  std::vector<std::string> map_metric_names;
  if (o.map) {
    boundary = parse_boundary(*doc, plan.overrides(0), o.map->boundary);
    if (!boundary) return kExitInvalid;
    auto names = map_metrics(*o.map, *boundary, *first);
    if (!names) return kExitInvalid;
    map_metric_names = std::move(*names);
    bisection.emplace(plan.axes[0].values.size(), plan.axes[1].values.size());
  }

  // The whole sweep's cost before anything runs: exact when every point is built; for a sweep in batches, the
  // first point stands for each of the others (their own costs are checked when each is built).
  std::vector<const Scenario*> scenarios;
  if (one_batch)
    for (const BuiltPoint& p : checked) scenarios.push_back(p.scenario.get());
  else
    scenarios.assign(bisection ? bisection->most_runs() : points, first.get());
  // Over MPI each rank holds one run at a time: what one machine must afford is one run, not `jobs`.
  if (!batch_is_affordable(doc->file, scenarios, o.replications, ranks ? 1 : o.jobs)) return kExitInvalid;

  ResultsFolder folder(o.out.empty() ? (o.map ? default_map_folder(first->name) : default_sweep_folder(first->name))
                                     : fs::path(o.out));
  const fs::path& out = folder.staging();
  const std::vector<std::string> csv_metrics = sweep_csv_metrics();
  std::vector<std::optional<FinishedPoint>> finished(points);
  std::vector<std::pair<std::size_t, RecordedConfig>> recorded;  // what manifest.json needs of the finished points
  std::vector<bool> chosen(points, !o.map);  // the points to run: all of a sweep, the cells a map's bisection picks
  // A map's cells: the mean of each metric drawn, NaN where undefined or not run.
  std::vector<std::vector<double>> map_values(map_metric_names.size(), std::vector<double>(points, std::nan("")));
  std::vector<mpi::RunFailure> failures;  // runs that another rank could not finish
  // One bar for the whole sweep, whatever its batches: its total counts every point as long as the first when the
  // points are not all built yet (a point that runs longer only holds the bar at 100% a little longer).
  double total_seconds = 0;
  for (const Scenario* s : scenarios) total_seconds += s->duration.seconds_f() * static_cast<double>(o.replications);
  ProgressBar bar(!o.quiet, total_seconds);
  // The rounds: a sweep's batches of consecutive points, or a map's bisection steps (one cell per open row).
  std::size_t next_batch = 0;
  const auto next_round = [&] {
    std::vector<std::size_t> round;
    if (bisection) return bisection->next();
    for (std::size_t i = next_batch; i < std::min(points, next_batch + batch); ++i) round.push_back(i);
    next_batch += batch;
    return round;
  };
  for (std::vector<std::size_t> round = next_round(); !round.empty() && !cancel_flag().load(); round = next_round()) {
    for (std::size_t i : round) chosen[i] = true;
    std::vector<BuiltPoint> built =
        one_batch ? std::move(checked)
                  : build_each(
                        *doc, round.size(), [&](std::size_t k) { return plan.overrides(round[k]); }, o.jobs, true,
                        cancel_flag());
    if (cancel_flag().load()) break;
    std::vector<Config> configs;
    std::vector<std::size_t> point_of;  // configs[k] is point point_of[k]
    for (std::size_t k = 0; k < round.size(); ++k) {
      BuiltPoint& p = built[k];
      if (!p.errors.empty()) invalid.add("sweep point " + plan.describe(round[k], ", "), p.errors);
      if (!p.scenario) continue;
      configs.push_back({SweepPlan::folder(round[k]), std::move(p.scenario)});
      point_of.push_back(round[k]);
    }
    built.clear();
    if (!one_batch && !o.quiet)
      bar.say(bisection ? "map: " + std::to_string(round.size()) + " cells"
                        : "points " + std::to_string(round.front() + 1) + " to " + std::to_string(round.back() + 1) +
                              " of " + std::to_string(points));
    JobRunner runner;
    if (ranks)
      runner = [&](const std::vector<RunJob>& jobs_of_batch, const auto& on_done, std::atomic<double>* progress) {
        // Job i is a replication of configs[i / replications], which is point point_of[i / replications].
        const auto overrides_of = [&](std::size_t i) { return plan.overrides(point_of[i / o.replications]); };
        return ranks->run(jobs_of_batch, overrides_of, on_done, progress, cancel_flag(), failures);
      };
    const auto aggregates = run_configs(configs, first->seed, o.replications, o.jobs, out, bar, runner);
    bool round_finished = configs.size() == round.size();
    for (std::size_t k = 0; k < configs.size(); ++k) {
      const auto& a = aggregates[k];
      round_finished = round_finished && a.has_value();
      if (!a) continue;
      finished[point_of[k]] = summarize(o, plan, point_of[k], *a, csv_metrics);
      recorded.push_back({point_of[k], {configs[k].name, record_of(*configs[k].scenario)}});
      if (!bisection) continue;
      // The boundary is judged on the mean over the replications, as expectations are.
      bisection->record(point_of[k], evaluate({*boundary}, a->mean).front().passed);
      for (std::size_t m = 0; m < map_metric_names.size(); ++m)
        if (const double* v = a->mean[kOverall].find(map_metric_names[m])) map_values[m][point_of[k]] = *v;
    }
    // A map's next round depends on this one: a cell that did not finish (a failed run, an invalid combination)
    // would be chosen again and again.
    if (bisection && !round_finished) break;
  }
  // The manifest lists the points in the order of the grid, whatever order the rounds ran them in.
  std::sort(recorded.begin(), recorded.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<RecordedConfig> recorded_configs;
  for (auto& [point, config] : recorded) recorded_configs.push_back(std::move(config));

  bar.stop();

  // sweep.csv: one row per finished point.
  std::string csv;
  for (const SweepAxis& a : plan.axes) csv += csv_cell(a.path) + ",";
  csv += "folder";
  for (const std::string& m : csv_metrics) csv += "," + m;
  csv += ",passed\n";
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < points; ++i)
    if (finished[i])
      csv += finished[i]->csv_row;
    else if (chosen[i])
      missing.push_back(SweepPlan::folder(i));
  write_file_atomic(out / "sweep.csv", csv);
  // What `chaossim report` needs: title, description, seed, fault windows of the points that finished.
  write_run_record(out, *doc, recorded_configs, first->seed, o.replications, plan.base, missing);
  std::optional<MapGrid> map;
  if (bisection) {
    map = MapGrid{{plan.axes[0].path, plan.axes[0].values}, {plan.axes[1].path, plan.axes[1].values},
                  o.map->boundary, map_metric_names, {}, std::move(map_values)};
    for (std::size_t i = 0; i < points; ++i) {
      using C = MapBisection::Cell;
      const C c = bisection->state(i);
      map->cells.push_back(c == C::holds             ? MapGrid::Cell::holds
                           : c == C::fails           ? MapGrid::Cell::fails
                           : c == C::inferred_holds  ? MapGrid::Cell::inferred_holds
                           : c == C::inferred_fails  ? MapGrid::Cell::inferred_fails
                                                     : MapGrid::Cell::missing);
    }
    write_file_atomic(out / "map.json", map_json(*map));
  }

  // results.json: the points in order, those that did not finish named as missing.
  ResultsJsonRun combined{first->name, first->seed, o.replications, o.sets, {}, {}, {}};
  for (const SweepAxis& a : plan.axes) combined.axes.push_back(a.path);
  std::vector<ResultsJsonEntry> entries;
  for (std::size_t i = 0; i < points; ++i)
    if (chosen[i])
      entries.push_back(finished[i] ? std::move(finished[i]->entry)
                                    : ResultsJsonEntry{SweepPlan::folder(i), false, false, false, {}});
  const std::string combined_json = results_json(combined, entries);
  write_file_atomic(out / "results.json", combined_json);
  // With --format json, stdout carries only results.json, so a script can pipe it; people still see the rest.
  std::ostream& say = o.json ? std::cerr : std::cout;
  if (o.json) std::cout << combined_json << std::flush;

  bool all_passed = true;
  for (const auto& p : finished)
    if (p) {
      if (!map) say << p->table_line;  // a map's hundreds of cells are summed up below instead
      all_passed = all_passed && p->passed;
    }
  if (map) say << map_summary(*map);
  if (!failures.empty() && !cancel_flag().load()) {
    folder.publish_incomplete();
    report_failures(failures, missing, missing.size() + recorded_configs.size(), folder);
    return kExitInternal;
  }
  // Invalid combinations are not missing because of an interruption: the results are published as complete.
  const std::size_t to_run = static_cast<std::size_t>(std::count(chosen.begin(), chosen.end(), true));
  const auto published = publish_results(folder, recorded_configs.size(), to_run - invalid.count(),
                                         map ? " (map.json has the grid, sweep.csv a row per cell run)"
                                             : " (sweep.csv has one row per point)",
                                         say);
  if (o.report && published && !cancel_flag().load()) {
    if (auto failure = write_report_files(*published, report_targets(*published), &cancel_flag())) {
      std::cerr << "chaossim: cannot write the report: " << failure->message << '\n';
      if (failure->kind == ReportFailure::Kind::interrupted) return interrupted_exit_code();
      return failure->kind == ReportFailure::Kind::unwritable ? kExitInvalid : kExitInternal;
    }
    say << "report in " << (*published / "report.html").string() << '\n';
  }
  if (cancel_flag().load()) return interrupted_exit_code();
  if (!invalid.empty()) {
    invalid.print_rest();
    return kExitInvalid;
  }
  // A map explores where a scenario's expectations stop holding: its cells failing them is its finding, not an
  // error.
  return all_passed || map ? kExitPass : kExitFailed;
}

}  // namespace chaossim
