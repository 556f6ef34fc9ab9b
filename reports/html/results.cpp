#include "html/results.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>  // manifest.json and scenario.json
#include <string_view>
#include <unordered_set>

#include "html/report_limits.h"
#include "html/results_files.h"
#include "model/series_columns.h"
#include "scenario/limits.h"

namespace chaossim {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using results_limits::kMaxFolders;

// A folder named by a file we read must stay inside the results folder.
bool safe_folder_name(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 255) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::optional<double> parse_double(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  double v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A cell of a results CSV: a number, true or false as 1 or 0, or NaN for an empty cell (a value that is undefined
// in that row).
std::optional<double> parse_cell(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (s == "true") return 1.0;
  if (s == "false") return 0.0;
  return parse_double(s);
}

// One CSV record (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) from `pos` on.
std::vector<std::string> csv_record(const std::string& text, std::size_t& pos) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        field += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

bool has_duplicates(const std::vector<std::string>& names) {
  std::unordered_set<std::string_view> seen;
  for (const std::string& n : names)
    if (!seen.insert(n).second) return true;
  return false;
}

std::string string_at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// A fault's keys beyond what every fault has, for the report's list: a probability as a percentage, anything else
// as written ("factor 10", "delay {"dist":"constant","value":"2s"}").
std::string fault_parameters(const json& fault) {
  std::string out;
  for (auto it = fault.begin(); it != fault.end(); ++it) {
    const std::string& key = it.key();
    if (key == "id" || key == "type" || key == "target" || key == "start" || key == "duration") continue;
    std::string value = it->is_string() ? it->get<std::string>() : it->dump();
    if (key == "probability" && it->is_number()) {
      char buf[32];
      const auto res = std::to_chars(buf, buf + sizeof buf, it->get<double>() * 100, std::chars_format::general, 4);
      value = std::string(buf, res.ptr) + " %";
    }
    out += (out.empty() ? "" : ", ") + key + " " + value;
  }
  return out;
}

double number_at(const json& j, const char* key, double fallback = 0) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

// "300 MB" for messages.
std::string megabytes(std::uintmax_t bytes) { return std::to_string((bytes + (1u << 19)) >> 20) + " MB"; }

std::optional<json> read_json(const ResultsSource& source, const std::string& file) {
  const FileText f = source.read(file, results_limits::kMaxSummaryBytes);
  if (f.status != FileText::Status::ok) return std::nullopt;
  json j = json::parse(f.text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// What the reader has read so far, against the limits on all files together.
struct ReadBudget {
  std::uintmax_t summaries = 0, timeseries = 0;
};

std::optional<VariantResults> read_variant(const ResultsSource& source, const std::string& name, bool with_series,
                                           ReadBudget& budget, std::string& error) {
  const std::string summary = name + "/summary.json";
  const FileText f = source.read(summary, results_limits::kMaxSummaryBytes);
  if (f.status == FileText::Status::too_large) {
    error = source.where(summary) + " is " + megabytes(f.bytes) + ", more than the " +
            megabytes(results_limits::kMaxSummaryBytes) + " a summary may have";
    return std::nullopt;
  }
  if (f.status != FileText::Status::ok) {
    error = "cannot read " + source.where(summary);
    return std::nullopt;
  }
  budget.summaries += f.text.size();
  if (budget.summaries > results_limits::kMaxSummariesBytes) {
    error = "the summaries of " + source.where("") + " hold more than " +
            megabytes(results_limits::kMaxSummariesBytes) + " together (up to " + source.where(summary) + ")";
    return std::nullopt;
  }
  auto parsed = parse_summary_json(f.text);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    error = source.where(summary) + " is " + *why;
    return std::nullopt;
  }
  VariantResults v = std::move(std::get<VariantResults>(parsed));
  v.name = name;
  if (!with_series) return v;
  const std::string csv = name + "/timeseries.csv";
  const std::uintmax_t left = results_limits::kMaxAllTimeseriesBytes - budget.timeseries;
  const FileText t = source.read(csv, std::min(results_limits::kMaxTimeseriesBytes, left));
  if (t.status == FileText::Status::too_large) {
    v.series_note = t.bytes > results_limits::kMaxTimeseriesBytes
                        ? "its timeseries.csv is " + megabytes(t.bytes) + ", more than the " +
                              megabytes(results_limits::kMaxTimeseriesBytes) + " a report reads"
                        : "the time series of all variants together exceed the " +
                              megabytes(results_limits::kMaxAllTimeseriesBytes) + " a report reads";
  } else if (t.status == FileText::Status::unreadable) {
    v.series_note = "its timeseries.csv cannot be read";
  } else if (t.status == FileText::Status::ok) {
    budget.timeseries += t.text.size();
    if (auto data = parse_timeseries_csv(t.text, name))
      v.series = std::move(*data);
    else
      v.series_note = "its timeseries.csv is not a table of numbers under a header of column names";
  }
  return v;
}

// Variant folders in the order the manifest names them, else sweep.csv's, else every sub-folder with a
// summary.json ("baseline" first, then by name). A name given twice makes the folder unusable: a report of a
// variant twice is not what any run wrote (a manifest naming one variant 500 times made 37 MB of HTML).
std::variant<std::vector<std::string>, std::string> variant_folders(const ResultsSource& source,
                                                                    const std::optional<json>& manifest,
                                                                    const std::optional<SweepTable>& sweep) {
  std::vector<std::string> names;
  std::string from;
  if (manifest && manifest->contains("variants") && (*manifest)["variants"].is_array()) {
    from = source.where("manifest.json");
    for (const json& v : (*manifest)["variants"]) {
      if (names.size() > kMaxFolders) break;
      if (v.is_string()) names.push_back(v.get<std::string>());
    }
  } else if (sweep) {
    from = source.where("sweep.csv");
    for (const SweepTable::Point& p : sweep->points) names.push_back(p.folder);
  } else {
    names = source.folders_with_summary(kMaxFolders + 1);
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      return (a == "baseline") != (b == "baseline") ? a == "baseline" : a < b;
    });
  }
  std::erase_if(names, [](const std::string& n) { return !safe_folder_name(n); });
  if (names.size() > kMaxFolders)
    return source.where("") + " holds more than " + std::to_string(kMaxFolders) + " variants or sweep points";
  std::unordered_set<std::string_view> seen;
  for (const std::string& n : names)
    if (!seen.insert(n).second)
      return from + " names the folder \"" + n + "\" twice: each variant or sweep point has one folder";
  return names;
}

}  // namespace

const double* VariantResults::metric(const std::string& metric_name) const {
  for (const auto& [k, v] : metrics)
    if (k == metric_name) return &v;
  return nullptr;
}

const double* VariantResults::ci(const std::string& metric_name) const {
  for (const auto& [k, v] : ci95)
    if (k == metric_name) return &v;
  return nullptr;
}

bool VariantResults::passed() const {
  return std::all_of(verdicts.begin(), verdicts.end(), [](const Verdict& v) { return v.passed; });
}

bool Results::passed() const { return failed_count() == 0; }

std::size_t Results::expectation_count() const {
  std::size_t n = 0;
  for (const VariantResults& v : variants) n += v.verdicts.size();
  return n;
}

std::size_t Results::failed_count() const {
  std::size_t n = 0;
  for (const VariantResults& v : variants)
    n += static_cast<std::size_t>(
        std::count_if(v.verdicts.begin(), v.verdicts.end(), [](const Verdict& x) { return !x.passed; }));
  return n;
}

std::optional<ChartData> parse_timeseries_csv(const std::string& text, std::string variant) {
  std::size_t pos = 0;
  ChartData d;
  d.variant = std::move(variant);
  d.columns = csv_record(text, pos);
  if (d.columns.empty() || (d.columns.size() == 1 && d.columns.front().empty())) return std::nullopt;
  while (pos < text.size()) {
    const std::vector<std::string> row = csv_record(text, pos);
    if (row.size() == 1 && row.front().empty()) continue;
    if (row.size() != d.columns.size()) return std::nullopt;
    for (const std::string& cell : row) {
      const auto v = parse_cell(cell);
      if (!v) return std::nullopt;
      d.rows.push_back(*v);
    }
  }
  // The bucket length, from the first row's start and end; the manifest's value replaces it when there is one.
  const long t = d.column_index(series::name(series::kTime)), end = d.column_index(series::name(series::kTimeEnd));
  if (t >= 0 && end >= 0 && d.row_count() >= 1) {
    const double step = d.rows[static_cast<std::size_t>(end)] - d.rows[static_cast<std::size_t>(t)];
    if (step > 0) d.bucket_seconds = step;
  }
  return d;
}

std::optional<SweepTable> parse_sweep_csv(const std::string& text) {
  std::size_t pos = 0;
  const std::vector<std::string> header = csv_record(text, pos);
  const auto folder = std::find(header.begin(), header.end(), "folder");
  if (folder == header.end() || has_duplicates(header)) return std::nullopt;
  SweepTable t;
  t.axes.assign(header.begin(), folder);
  t.metrics.assign(folder + 1, header.end());
  const std::size_t axes = t.axes.size();
  while (pos < text.size()) {
    const std::vector<std::string> row = csv_record(text, pos);
    if (row.size() == 1 && row.front().empty()) continue;
    if (row.size() != header.size()) return std::nullopt;
    SweepTable::Point p;
    p.values.assign(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(axes));
    p.folder = row[axes];
    for (std::size_t i = axes + 1; i < row.size(); ++i) p.metrics.push_back(parse_cell(row[i]).value_or(std::numeric_limits<double>::quiet_NaN()));
    t.points.push_back(std::move(p));
    if (t.points.size() > kMaxFolders) return std::nullopt;
  }
  return t;
}

std::variant<Results, std::string> read_results(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return dir.string() + " is not a folder (expected the --out folder of a run)";
  return read_results(*folder_source(dir), dir);
}

std::variant<Results, std::string> read_results(const ResultsSource& source, const fs::path& dir) {
  Results r;
  r.dir = dir;

  std::optional<SweepTable> sweep;
  if (source.exists("sweep.csv")) {
    const FileText text = source.read("sweep.csv", results_limits::kMaxSweepBytes);
    if (text.status == FileText::Status::ok) sweep = parse_sweep_csv(text.text);
    if (!sweep)
      return source.where("sweep.csv") +
             ": not a sweep table (expected a header with a folder column and no column named twice, rows of as "
             "many cells, at most " +
             std::to_string(kMaxFolders) + " rows and " + megabytes(results_limits::kMaxSweepBytes) + ")";
  }
  if (source.exists("map.json")) {
    const FileText text = source.read("map.json", kMaxMapBytes);
    if (text.status != FileText::Status::ok)
      return source.where("map.json") + ": unreadable or larger than " + megabytes(kMaxMapBytes);
    auto map = parse_map_json(text.text);
    if (auto* why = std::get_if<std::string>(&map)) return source.where("map.json") + ": " + *why;
    r.map = std::move(std::get<MapGrid>(map));
  }
  const std::optional<json> manifest = read_json(source, "manifest.json");
  const std::optional<json> scenario = read_json(source, "scenario.json");
  if (const FileText text = source.read("scenario.json", results_limits::kMaxSummaryBytes);
      text.status == FileText::Status::ok)
    r.scenario_text = text.text;

  auto folders = variant_folders(source, manifest, sweep);
  if (auto* error = std::get_if<std::string>(&folders)) return *error;
  // A sweep's report shows its table and verdicts, never the time series of its points: they are not read.
  const bool with_series = !sweep;
  ReadBudget budget;
  for (const std::string& name : std::get<std::vector<std::string>>(folders)) {
    std::string error;
    auto v = read_variant(source, name, with_series, budget, error);
    if (!v) return error;
    r.variants.push_back(std::move(*v));
  }
  if (r.variants.empty())
    return "no results in " + dir.string() + ": expected <variant>/summary.json (run `chaossim run SCENARIO --out " +
           dir.string() + "` first)";
  r.sweep = std::move(sweep);

  if (manifest) {
    const json& m = *manifest;
    r.scenario = string_at(m, "scenario");
    r.title = string_at(m, "title");
    r.description = string_at(m, "description");
    r.version = string_at(m, "chaossim_version");
    if (m.contains("tags") && m["tags"].is_array())
      for (const json& t : m["tags"])
        if (t.is_string()) r.tags.push_back(t.get<std::string>());
    if (m.contains("seed") && m["seed"].is_number_unsigned()) r.seed = m["seed"].get<std::uint64_t>();
    if (m.contains("replications") && m["replications"].is_number_unsigned())
      r.replications = m["replications"].get<std::size_t>();
    r.bucket_seconds = number_at(m, "bucket_seconds");
    r.duration_seconds = number_at(m, "duration_seconds");
    r.warmup_seconds = number_at(m, "warmup_seconds");
    if (m.contains("overrides") && m["overrides"].is_array())
      for (const json& o : m["overrides"])
        if (o.is_object()) r.overrides.emplace_back(string_at(o, "path"), o.contains("value") ? o["value"].dump() : "");
    if (string_at(m, "mode") == "live" && m.contains("live") && m["live"].is_object()) {
      const json& l = m["live"];
      Results::Live live;
      live.real_seconds = number_at(l, "real_seconds");
      live.interrupted = l.contains("interrupted") && l["interrupted"].is_boolean() && l["interrupted"].get<bool>();
      if (l.contains("services") && l["services"].is_array())
        for (const json& s : l["services"]) {
          if (live.services.size() == results_limits::kMaxLiveServices) break;
          if (!s.is_object()) continue;
          const auto text = [&](const char* key) { return clipped(string_at(s, key), results_limits::kMaxLiveTextBytes); };
          live.services.push_back({text("name"), text("url"), text("command")});
        }
      r.live = std::move(live);
    }
    // Labelled bands; older folders have merged windows ([start, end]) without labels.
    const bool labelled = m.contains("fault_bands");
    const json& bands = labelled ? m["fault_bands"] : m.contains("fault_windows") ? m["fault_windows"] : json();
    if (bands.is_object())
      for (VariantResults& v : r.variants) {
        const auto list = bands.find(v.name);
        if (list == bands.end() || !list->is_array()) continue;
        for (const json& b : *list) {
          if (v.fault_bands.size() == static_cast<std::size_t>(limits::kMaxFaults)) break;
          if (labelled && b.is_object() && b.contains("start") && b["start"].is_number() && b.contains("end") &&
              b["end"].is_number())
            v.fault_bands.push_back({b["start"].get<double>(), b["end"].get<double>(),
                                     clipped(string_at(b, "label"), report_limits::kMaxFaultLabelBytes)});
          else if (!labelled && b.is_array() && b.size() == 2 && b[0].is_number() && b[1].is_number())
            v.fault_bands.push_back({b[0].get<double>(), b[1].get<double>(), "fault"});
        }
      }
  } else {
    // Without a manifest (a sweep, or results from an older chaossim) the summaries still name the scenario.
    const std::optional<json> first = read_json(source, r.variants.front().name + "/summary.json");
    if (first) {
      const json& s = *first;
      r.scenario = string_at(s, "scenario");
      if (s.contains("seed") && s["seed"].is_number_unsigned()) r.seed = s["seed"].get<std::uint64_t>();
    }
    r.replications = r.variants.front().replications;
  }
  if (scenario) {
    const json& s = *scenario;
    if (r.scenario.empty()) r.scenario = string_at(s, "name");
    if (r.title.empty()) r.title = string_at(s, "title");
    if (r.description.empty()) r.description = string_at(s, "description");
    if (s.contains("faults") && s["faults"].is_array())
      for (const json& f : s["faults"]) {
        if (!f.is_object()) continue;
        r.faults.push_back({string_at(f, "id"), string_at(f, "type"), string_at(f, "target"), string_at(f, "start"),
                            string_at(f, "duration"), fault_parameters(f)});
      }
  }
  if (r.bucket_seconds > 0)
    for (VariantResults& v : r.variants) v.series.bucket_seconds = r.bucket_seconds;
  return r;
}

}  // namespace chaossim
