#include "scenario/sample_file.h"

#include <fstream>
#include <iterator>

#include "scenario/format.h"
#include "scenario/limits.h"

namespace chaossim {

namespace {

namespace fs = std::filesystem;

std::string too_many() {
  return "more than " + format::format_number(static_cast<double>(limits::kMaxEmpiricalSamples)) +
         " samples; thin them out or summarise them";
}

std::string expected(std::string_view found) {
  return R"(expected a duration with a unit such as "12ms", found )" + format::quote(found);
}

// Whether `name` stays inside the folder as written: relative, and no component is "..".
bool plain_relative(const fs::path& name) {
  if (name.empty() || name.is_absolute() || name.has_root_name() || name.has_root_directory()) return false;
  for (const fs::path& part : name)
    if (part == "..") return false;
  return true;
}

}  // namespace

std::variant<std::vector<Duration>, std::string> samples_from_json(const nlohmann::json& array,
                                                                   std::string_view where) {
  const std::string at = where.empty() ? "" : std::string(where) + ": ";
  if (!array.is_array()) return at + "expected an array of durations, found " + format::describe(array);
  if (array.empty()) return at + "expected at least one sample";
  if (array.size() > static_cast<std::size_t>(limits::kMaxEmpiricalSamples)) return at + too_many();
  std::vector<Duration> out;
  out.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    const nlohmann::json& v = array[i];
    const auto d = v.is_string() ? parse_duration(v.get_ref<const std::string&>()) : std::nullopt;
    if (!d || d->ns < 0)
      return at + "sample " + std::to_string(i + 1) + ": " + expected(v.is_string() ? v.get<std::string>() : v.dump());
    out.push_back(*d);
  }
  return out;
}

std::variant<std::vector<Duration>, std::string> read_sample_file(const fs::path& folder, std::string_view name) {
  const std::string shown = std::string(name);
  const fs::path relative = fs::path(std::string(name)).lexically_normal();
  if (!plain_relative(fs::path(std::string(name))) || !plain_relative(relative))
    return "the samples file " + format::quote(shown) +
           " must be a path relative to the scenario's folder that stays inside it";
  std::error_code ec;
  const fs::path base = fs::canonical(folder.empty() ? fs::path(".") : folder, ec);
  if (ec) return "cannot read the scenario's folder " + format::quote(folder.string()) + ": " + ec.message();
  const fs::path full = fs::canonical(base / relative, ec);
  if (ec) return "cannot read the samples file " + format::quote(shown) + ": " + ec.message();
  // A symbolic link may point anywhere: what counts is where the resolved path is.
  const auto [b, f] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (b != base.end()) return "the samples file " + format::quote(shown) + " leads outside the scenario's folder";
  if (!fs::is_regular_file(full, ec)) return "the samples file " + format::quote(shown) + " is not a regular file";
  const auto size = fs::file_size(full, ec);
  if (ec) return "cannot read the samples file " + format::quote(shown) + ": " + ec.message();
  if (size > limits::kMaxSampleFileBytes)
    return "the samples file " + format::quote(shown) + " has " + std::to_string(size) + " bytes; at most " +
           std::to_string(limits::kMaxSampleFileBytes) + " are read";
  std::ifstream in(full, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size())))
    return "cannot read the samples file " + format::quote(shown);

  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return shown + ": not valid JSON (a file starting with [ is read as a JSON array)";
    return samples_from_json(j, shown);
  }
  std::vector<Duration> out;
  std::size_t line_number = 0, start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    std::string_view line(text.data() + start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (out.size() == static_cast<std::size_t>(limits::kMaxEmpiricalSamples))
      return shown + ":" + std::to_string(line_number) + ": " + too_many();
    const auto d = parse_duration(line);
    if (!d || d->ns < 0) return shown + ":" + std::to_string(line_number) + ": " + expected(line);
    out.push_back(*d);
  }
  if (out.empty()) return shown + ": no samples (one duration per line, such as 12ms)";
  return out;
}

}  // namespace chaossim
