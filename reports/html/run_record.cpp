#include "html/run_record.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>  // ordered_json: the manifest keeps its key order, so its bytes are stable
#include <variant>

#include "html/system_words.h"
#include "scenario/sample_file.h"
#include "writers.h"

namespace chaossim {

std::string manifest_json(const ScenarioDocument& document, const std::vector<RecordedConfig>& configs,
                          std::uint64_t seed, std::size_t replications, const std::vector<Override>& overrides,
                          const std::vector<std::string>& missing, const LiveRecord* live) {
  nlohmann::ordered_json j;
  const Scenario* first = configs.empty() ? nullptr : configs.front().scenario.get();
  const auto text = [&](const char* key) {
    const auto it = document.json.find(key);
    return it != document.json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  j["scenario"] = first ? first->name : text("name");
  j["title"] = first ? first->title : text("title");
  j["description"] = first ? first->description : text("description");
  j["tags"] = first ? first->tags : std::vector<std::string>{};
  j["seed"] = seed;
  j["replications"] = replications;
  // Nanoseconds divided (not multiplied by 1e-9), so "30s" is written 30, not 30.000000000000004.
  const auto seconds = [](Duration d) { return static_cast<double>(d.ns) / 1e9; };
  j["duration_seconds"] = first ? seconds(first->duration) : 0.0;
  j["warmup_seconds"] = first ? seconds(first->warmup) : 0.0;
  j["bucket_seconds"] = first ? seconds(first->bucket) : 1.0;
  nlohmann::ordered_json sets = nlohmann::ordered_json::array();
  for (const auto& [path, value] : overrides) sets.push_back({{"path", path}, {"value", value}});
  j["overrides"] = sets;
  nlohmann::ordered_json variants = nlohmann::ordered_json::array();
  nlohmann::ordered_json bands = nlohmann::ordered_json::object();
  // Folder names are unique, so each goes at the end of the object directly: ordered_json's operator[] searches
  // the keys one by one, which made a 10,000-point sweep's manifest quadratic.
  auto& by_folder = bands.get_ref<nlohmann::ordered_json::object_t&>();
  by_folder.reserve(configs.size());
  for (const RecordedConfig& c : configs) {
    variants.push_back(c.folder);
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const FaultBand& b : fault_bands(*c.scenario))
      list.push_back({{"start", b.start}, {"end", b.end}, {"label", b.label}});
    by_folder.emplace_back(c.folder, std::move(list));
  }
  j["variants"] = variants;
  j["complete"] = missing.empty();
  j["missing"] = missing;
  j["fault_bands"] = bands;
  j["chaossim_version"] = CHAOSSIM_VERSION;
  if (live) {
    j["mode"] = "live";
    nlohmann::ordered_json services = nlohmann::ordered_json::array();
    for (const LiveRecord::Service& s : live->services) {
      nlohmann::ordered_json one = {{"name", s.name}, {"url", s.url}};
      if (!s.command.empty()) one["command"] = s.command;
      services.push_back(std::move(one));
    }
    j["live"] = {{"services", services}, {"real_seconds", live->real_seconds}, {"interrupted", live->interrupted}};
  }
  return j.dump(2) + "\n";
}

namespace {

// The samples files that empirical distributions name anywhere in `j` (the scenario, its variants, overrides).
void sample_files(const nlohmann::json& j, std::vector<std::string>& names) {
  if (j.is_object()) {
    const auto dist = j.find("dist"), file = j.find("file");
    if (dist != j.end() && *dist == "empirical" && file != j.end() && file->is_string())
      names.push_back(file->get<std::string>());
  }
  if (j.is_structured())
    for (const auto& child : j) sample_files(child, names);
}

// Copies the samples files next to scenario.json, under the same relative names, so that the results folder
// loads on its own (reports re-read the scenario from there). Only files the loader accepts are copied: relative,
// inside the scenario's folder, regular and within the size limit.
void copy_sample_files(const std::filesystem::path& out, const ScenarioDocument& document,
                       const std::vector<Override>& overrides) {
  std::vector<std::string> names;
  sample_files(document.json, names);
  for (const Override& o : overrides) sample_files(o.second, names);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& name : names) {
    if (!std::holds_alternative<std::vector<Duration>>(read_sample_file(document.folder, name))) continue;
    std::ifstream in(document.folder / name, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::filesystem::path target = out / std::filesystem::path(name).lexically_normal();
    std::filesystem::create_directories(target.parent_path());
    write_file_atomic(target, text);
  }
}

}  // namespace

void write_run_record(const std::filesystem::path& out, const ScenarioDocument& document,
                      const std::vector<RecordedConfig>& configs, std::uint64_t seed, std::size_t replications,
                      const std::vector<Override>& overrides, const std::vector<std::string>& missing,
                      const LiveRecord* live) {
  // The file's own bytes keep its key order and layout; the parsed document is the fallback.
  std::string text;
  std::ifstream in(document.file, std::ios::binary);
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in || text.empty()) text = document.json.dump(2) + "\n";
  write_file_atomic(out / "scenario.json", text);
  copy_sample_files(out, document, overrides);
  write_file_atomic(out / "manifest.json", manifest_json(document, configs, seed, replications, overrides, missing, live));
}

}  // namespace chaossim
