#include "html/results.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>  // summary.json and manifest.json

#include "model/series_columns.h"

namespace chaossim {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Limits on what a folder may make us read: far beyond real results, small enough to fail fast on a wrong folder.
constexpr std::uintmax_t kMaxFileBytes = 256ull << 20;
constexpr std::size_t kMaxFolders = 10'000;

std::optional<std::string> read_text(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size()))) return std::nullopt;
  return text;
}

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
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
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

std::string string_at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

double number_at(const json& j, const char* key, double fallback = 0) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

std::optional<json> read_json(const fs::path& path) {
  const auto text = read_text(path);
  if (!text) return std::nullopt;
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// summary.json keeps the metrics in the contract's order; nlohmann::json sorts keys, ordered_json keeps them.
std::optional<VariantResults> read_variant(const fs::path& folder, const std::string& name, std::string& error) {
  const auto text = read_text(folder / "summary.json");
  if (!text) {
    error = "cannot read " + (folder / "summary.json").string();
    return std::nullopt;
  }
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = (folder / "summary.json").string() + " is not a JSON object";
    return std::nullopt;
  }
  VariantResults v;
  v.name = name;
  const auto field = [&](const char* key) -> const nlohmann::ordered_json* {
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
  };
  const auto numbers = [&](const char* key, std::vector<std::pair<std::string, double>>& out) {
    const nlohmann::ordered_json* section = field(key);
    if (!section || !section->is_object()) return;
    for (auto it = section->begin(); it != section->end(); ++it)
      if (it->is_number()) out.emplace_back(it.key(), it->get<double>());
  };
  if (const auto* n = field("replications"); n && n->is_number_unsigned()) v.replications = n->get<std::size_t>();
  numbers("metrics", v.metrics);
  numbers("ci95", v.ci95);
  if (const auto* list = field("expectations"); list && list->is_array())
    for (const auto& e : *list) {
      if (!e.is_object()) continue;
      const json plain = json::parse(e.dump());
      Verdict r;
      r.metric = string_at(plain, "metric");
      r.op = string_at(plain, "op");
      r.phase = string_at(plain, "phase");
      r.value = number_at(plain, "value");
      r.measured = number_at(plain, "measured");
      r.passed = plain.contains("passed") && plain["passed"].is_boolean() && plain["passed"].get<bool>();
      r.error = string_at(plain, "error");
      v.verdicts.push_back(std::move(r));
    }
  if (const auto csv = read_text(folder / "timeseries.csv"))
    if (auto data = parse_timeseries_csv(*csv, name)) v.series = std::move(*data);
  return v;
}

// Variant folders in the order the manifest names them, else sweep.csv's, else every sub-folder with a
// summary.json ("baseline" first, then by name).
std::vector<std::string> variant_folders(const fs::path& dir, const std::optional<json>& manifest,
                                         const std::optional<SweepTable>& sweep) {
  std::vector<std::string> names;
  if (manifest && manifest->contains("variants") && (*manifest)["variants"].is_array()) {
    for (const json& v : (*manifest)["variants"])
      if (v.is_string()) names.push_back(v.get<std::string>());
  } else if (sweep) {
    for (const SweepTable::Point& p : sweep->points) names.push_back(p.folder);
  } else {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (names.size() >= kMaxFolders) break;
      std::error_code e2;
      if (entry.is_directory(e2) && fs::exists(entry.path() / "summary.json", e2))
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      return (a == "baseline") != (b == "baseline") ? a == "baseline" : a < b;
    });
  }
  std::erase_if(names, [](const std::string& n) { return !safe_folder_name(n); });
  if (names.size() > kMaxFolders) names.resize(kMaxFolders);
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
      const auto v = parse_double(cell);
      if (!v) return std::nullopt;
      d.rows.push_back(*v);
    }
  }
  // The bucket length, from the first two rows of time_s; the manifest's value replaces it when there is one.
  const long t = d.column_index(series::name(series::kTime));
  if (t >= 0 && d.row_count() >= 2) {
    const double step = d.rows[d.columns.size() + static_cast<std::size_t>(t)] - d.rows[static_cast<std::size_t>(t)];
    if (step > 0) d.bucket_seconds = step;
  }
  return d;
}

std::optional<SweepTable> parse_sweep_csv(const std::string& text) {
  std::size_t pos = 0;
  const std::vector<std::string> header = csv_record(text, pos);
  const auto folder = std::find(header.begin(), header.end(), "folder");
  if (folder == header.end()) return std::nullopt;
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
    for (std::size_t i = axes + 1; i < row.size(); ++i) p.metrics.push_back(parse_double(row[i]).value_or(0.0));
    t.points.push_back(std::move(p));
    if (t.points.size() > kMaxFolders) return std::nullopt;
  }
  return t;
}

std::variant<Results, std::string> read_results(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return dir.string() + " is not a folder (expected the --out folder of a run)";
  Results r;
  r.dir = dir;

  std::optional<SweepTable> sweep;
  if (fs::exists(dir / "sweep.csv", ec)) {
    const auto text = read_text(dir / "sweep.csv");
    if (text) sweep = parse_sweep_csv(*text);
    if (!sweep) return (dir / "sweep.csv").string() + ": not a sweep table (expected a header with a folder column)";
  }
  const std::optional<json> manifest = read_json(dir / "manifest.json");
  const std::optional<json> scenario = read_json(dir / "scenario.json");

  for (const std::string& name : variant_folders(dir, manifest, sweep)) {
    std::string error;
    auto v = read_variant(dir / name, name, error);
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
    if (m.contains("fault_windows") && m["fault_windows"].is_object())
      for (VariantResults& v : r.variants) {
        const json& list = m["fault_windows"].contains(v.name) ? m["fault_windows"][v.name] : json();
        if (!list.is_array()) continue;
        for (const json& w : list)
          if (w.is_array() && w.size() == 2 && w[0].is_number() && w[1].is_number())
            v.fault_windows.emplace_back(w[0].get<double>(), w[1].get<double>());
      }
  } else {
    // Without a manifest (a sweep, or results from an older chaossim) the summaries still name the scenario.
    const auto text = read_text(dir / r.variants.front().name / "summary.json");
    const json s = text ? json::parse(*text, nullptr, false) : json();
    if (s.is_object()) {
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
                            string_at(f, "duration")});
      }
  }
  if (r.bucket_seconds > 0)
    for (VariantResults& v : r.variants) v.series.bucket_seconds = r.bucket_seconds;
  return r;
}

}  // namespace chaossim
