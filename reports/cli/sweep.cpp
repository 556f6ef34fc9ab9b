#include "cli/sweep.h"

#include <cstdio>
#include <iostream>

#include "cli/batch.h"
#include "cli/interrupt.h"
#include "html/run_record.h"
#include "metrics/metric_registry.h"
#include "scenario/limits.h"
#include "cli/table.h"

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

std::string value_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }
}  // namespace

std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        cur += c;
        cur += text[++i];
        continue;
      }
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(cur);
  return out;
}

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

int cmd_sweep(const SweepOptions& o) {
  auto doc = read_document(o.scenario);
  if (!doc) return kExitInvalid;
  // Every point starts from the chosen variant's overrides, then --set, then its own axis values.
  std::vector<Override> sets;
  if (!o.variant.empty() && o.variant != "baseline") {
    auto v = std::find_if(doc->variants.begin(), doc->variants.end(), [&](const Variant& x) { return x.name == o.variant; });
    if (v == doc->variants.end()) {
      std::cerr << doc->file << ": no variant named \"" << o.variant << "\"\n";
      return kExitInvalid;
    }
    sets = v->overrides;
  }
  if (!parse_sets(o.sets, sets)) return kExitInvalid;

  // Axes: the scenario's sweep block, then --param; a --param on a path the block has replaces its values.
  std::vector<SweepAxis> axes = doc->sweep;
  bool ok = true;
  for (const std::string& p : o.params) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size()) {
      std::cerr << "--param " << p << ": expected PATH=V1,V2,..., e.g. edges.clients->api.retry.max_attempts=1,2,4\n";
      ok = false;
      continue;
    }
    SweepAxis axis{p.substr(0, eq), {}};
    for (const std::string& text : split_values(p.substr(eq + 1))) {
      auto v = parse_override_value(axis.path, text);
      if (auto* err = std::get_if<std::string>(&v)) {
        std::cerr << "--param " << axis.path << "=" << text << ": " << *err << '\n';
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
  if (!ok) return kExitInvalid;
  if (axes.empty()) {
    std::cerr << doc->file << ": nothing to sweep: the scenario has no \"sweep\" block and no --param was given\n";
    return kExitInvalid;
  }
  // The same bounds as a sweep block in the file (limits.h), whether the axes come from there or from --param.
  if (axes.size() > static_cast<std::size_t>(limits::kMaxSweepAxes)) {
    std::cerr << doc->file << ": the sweep has " << axes.size() << " paths; at most " << limits::kMaxSweepAxes
              << " are allowed\n";
    return kExitInvalid;
  }
  std::size_t points = 1;
  for (const SweepAxis& a : axes) {
    if (a.values.size() > static_cast<std::size_t>(limits::kMaxSweepValues)) {
      std::cerr << doc->file << ": " << a.path << " has " << a.values.size() << " values; at most "
                << limits::kMaxSweepValues << " are allowed\n";
      return kExitInvalid;
    }
    points *= std::max<std::size_t>(1, a.values.size());
    if (points > static_cast<std::size_t>(limits::kMaxSweepPoints)) {
      std::cerr << doc->file << ": the sweep has more than " << limits::kMaxSweepPoints
                << " points; sweep fewer values\n";
      return kExitInvalid;
    }
  }

  // Points in odometer order, the first axis changing slowest.
  std::vector<Config> configs;
  std::vector<std::vector<const nlohmann::json*>> point_values;
  for (std::size_t i = 0; i < points; ++i) {
    std::vector<Override> overrides = sets;
    std::vector<const nlohmann::json*> values;
    std::size_t rest = i;
    std::vector<std::size_t> index(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) {
      index[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
    }
    for (std::size_t a = 0; a < axes.size(); ++a) {
      overrides.emplace_back(axes[a].path, axes[a].values[index[a]]);
      values.push_back(&axes[a].values[index[a]]);
    }
    LoadResult r = build_scenario(*doc, overrides);
    if (!r.ok()) {
      std::string where;
      for (std::size_t a = 0; a < axes.size(); ++a) where += (a ? ", " : "") + axes[a].path + "=" + value_text(*values[a]);
      std::cerr << "sweep point " << where << ":\n";
      print_errors(r.errors);
      ok = false;
      continue;
    }
    char name[32];
    std::snprintf(name, sizeof name, "point-%03zu", i + 1);
    configs.push_back({name, std::make_shared<const Scenario>(std::move(*r.scenario))});
    point_values.push_back(values);
  }
  if (!ok) return kExitInvalid;

  const Scenario& first = *configs.front().scenario;
  ResultsFolder folder(o.out.empty() ? fs::path("results") / (first.name + "-sweep") : fs::path(o.out));
  const fs::path& out = folder.staging();
  const auto aggregates = run_configs(configs, first.seed, o.replications, o.jobs, out, o.quiet);

  // sweep.csv: one row per finished point.
  std::string csv;
  for (const SweepAxis& a : axes) csv += csv_cell(a.path) + ",";
  csv += "folder";
  const std::vector<std::string> csv_metrics = sweep_csv_metrics();
  for (const std::string& m : csv_metrics) csv += "," + m;
  csv += ",passed\n";
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (!aggregates[i]) continue;
    for (const nlohmann::json* v : point_values[i]) csv += csv_cell(value_text(*v)) + ",";
    csv += configs[i].name;
    for (const std::string& m : csv_metrics) {
      const double* v = aggregates[i]->mean[kOverall].find(m);
      csv += "," + format_number(v ? *v : 0.0);
    }
    csv += aggregates[i]->passed() ? ",1\n" : ",0\n";
  }
  write_file_atomic(out / "sweep.csv", csv);
  // What `chaossim report` needs: title, description, seed, fault windows of the points that finished.
  std::vector<RecordedConfig> recorded;
  for (std::size_t i = 0; i < configs.size(); ++i)
    if (aggregates[i]) recorded.push_back({configs[i].name, configs[i].scenario});
  write_run_record(out, *doc, recorded, first.seed, o.replications, sets, missing_configs(configs, aggregates));

  // The table: one line per point with its parameters and the metrics a sweep compares.
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (!aggregates[i]) continue;
    std::cout << configs[i].name << ' ';
    for (std::size_t a = 0; a < axes.size(); ++a) std::cout << ' ' << axes[a].path << '=' << value_text(*point_values[i][a]);
    const MetricSet& m = aggregates[i]->mean[kOverall];
    for (const MetricInfo& info : metric_registry())
      if (info.prominence == Prominence::sweep)
        if (const double* v = m.find(info.name))
          std::cout << "  " << info.name << ' ' << human_value(std::string(info.name), *v);
    std::cout << (aggregates[i]->passed() ? "  PASS\n" : "  FAIL\n");
  }
  publish_results(folder, recorded.size(), configs.size(), " (sweep.csv has one row per point)");
  return batch_exit_code(aggregates);
}

}  // namespace chaossim
