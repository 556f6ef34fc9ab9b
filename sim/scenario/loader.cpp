#include "scenario/loader.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>
#include <tuple>

#include "core/printable.h"
#include "scenario/format.h"
#include "scenario/limits.h"
#include "scenario/live_config.h"
#include "scenario/validate.h"

namespace chaossim {

using nlohmann::json;
using validate::Cursor;

std::string LoadError::to_string() const {
  std::string out = file.empty() ? "" : file + ":";
  if (line > 0) out += std::to_string(line) + ":" + std::to_string(column) + ":";
  if (!out.empty()) out += " ";
  if (!path.empty()) out += path + ": ";
  // Every part may come from the file (keys in the path, values quoted in the message, even the file's name): escape
  // them here, once, so no message builder can forget to.
  return printable(out + message);
}

namespace {

LoadError error_at(const ScenarioDocument& doc, TextPosition at, std::string path, std::string message) {
  return {doc.file, at.line, at.column, std::move(path), std::move(message)};
}

// Where the value at `pointer` (or its nearest ancestor present in the file) starts.
TextPosition position_of(const ScenarioDocument& doc, std::string pointer, bool at_key) {
  for (;;) {
    if (const ValuePosition* v = doc.positions.find(pointer)) return at_key && v->key.known() ? v->key : v->value;
    if (pointer.empty()) return {};
    pointer.resize(pointer.rfind('/'));
  }
}

bool is_under(const std::string& pointer, const std::string& prefix) {
  return pointer == prefix ||
         (pointer.size() > prefix.size() && pointer.starts_with(prefix) && pointer[prefix.size()] == '/');
}

// Sorted by position (errors without one last), duplicates removed, at most kMaxErrors.
std::vector<LoadError> finish(std::vector<LoadError> errors) {
  auto key = [](const LoadError& e) { return std::tuple(e.line == 0, e.line, e.column); };
  std::stable_sort(errors.begin(), errors.end(),
                   [&](const LoadError& a, const LoadError& b) { return key(a) < key(b); });
  std::vector<LoadError> out;
  std::set<std::tuple<int, int, std::string, std::string>> seen;
  for (LoadError& e : errors)
    if (seen.emplace(e.line, e.column, e.path, e.message).second) out.push_back(std::move(e));
  if (out.size() > limits::kMaxErrors) {
    const std::size_t total = out.size();
    out.resize(limits::kMaxErrors);
    out.push_back(
        {out.front().file, 0, 0, "",
         "too many errors: showing the first " + std::to_string(limits::kMaxErrors) + " of " + std::to_string(total)});
  }
  return out;
}

// An override together with where its value is written in the file (empty pointer: on the command line).
struct Source {
  std::string path;
  json value;
  std::string pointer;
};

struct Built {
  std::vector<LoadError> errors;
  Scenario scenario;
};

Built build(const ScenarioDocument& doc, const std::vector<Source>& sources) {
  Built out;
  out.errors = doc.problems;
  // Overrides apply to a copy; without any, the document is validated in place.
  json copy = sources.empty() ? json() : doc.json;
  const json& j = sources.empty() ? doc.json : copy;
  std::vector<std::pair<std::string, TextPosition>> overridden;  // pointer in j -> where its value came from
  for (const Source& s : sources) {
    const TextPosition from = s.pointer.empty() ? TextPosition{} : position_of(doc, s.pointer, false);
    auto parsed = format::parse_path(s.path);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
      out.errors.push_back(error_at(doc, from, s.path, "cannot apply override: " + *why));
      continue;
    }
    const format::Applied applied = format::apply_path(copy, std::get<format::Path>(parsed), s.value);
    if (!applied.error.empty())
      out.errors.push_back(error_at(doc, from, s.path, "cannot apply override: " + applied.error));
    else
      overridden.emplace_back(applied.pointer, from);
  }

  validate::Reporter report;
  const Cursor root = Cursor::root(j, &doc.positions, &doc.folder);
  validate::check_shape(root, report);
  out.scenario = validate::resolve_scenario(root, report);
  validate::read_live_config(root, &report);  // checked with the rest; live mode reads it again (live_config.h)

  for (const validate::Issue& issue : report.issues()) {
    // A value set by an override is not where the file has it: point at the override instead.
    std::optional<TextPosition> at;
    for (const auto& [pointer, from] : overridden)
      if (is_under(issue.pointer, pointer)) at = from;
    out.errors.push_back(error_at(doc, at ? *at : position_of(doc, issue.pointer, issue.at_key),
                                  validate::display_path(j, issue.pointer), issue.message));
  }
  return out;
}

class DocumentReader {
 public:
  explicit DocumentReader(ScenarioDocument& doc) : m_doc(doc), m_root(Cursor::root(doc.json, &doc.positions)) {}

  void variants() {
    const Cursor all = m_root.child("variants");
    if (!all.present()) return;
    if (!all.value->is_object())
      return problem(all, "expected an object of variant names to overrides, found " + format::describe(*all.value));
    const auto names = all.keys_in_file_order();
    if (names.size() > static_cast<std::size_t>(limits::kMaxVariants))
      return problem(all, "expected at most " + std::to_string(limits::kMaxVariants) + " variants, found " +
                              std::to_string(names.size()));
    for (const std::string& name : names) {
      const Cursor v = all.child(name);
      if (auto why = format::name_problem(name)) problem(v, *why, true);
      if (name == "baseline") problem(v, R"("baseline" is the name of the scenario without overrides)", true);
      if (!v.value->is_object()) {
        problem(v, "expected an object of paths to values, found " + format::describe(*v.value));
        continue;
      }
      const auto paths = v.keys_in_file_order();
      if (paths.size() > static_cast<std::size_t>(limits::kMaxOverrides)) {
        problem(v, "expected at most " + std::to_string(limits::kMaxOverrides) + " overrides, found " +
                       std::to_string(paths.size()));
        continue;
      }
      Variant variant{name, {}};
      for (const std::string& path : paths)
        if (checked_path(v.child(path), path)) variant.overrides.emplace_back(path, *v.child(path).value);
      m_doc.variants.push_back(std::move(variant));
    }
  }

  void sweep() {
    const Cursor all = m_root.child("sweep");
    if (!all.present()) return;
    if (!all.value->is_object())
      return problem(all, "expected an object of paths to arrays of values, found " + format::describe(*all.value));
    const auto paths = all.keys_in_file_order();
    if (paths.size() > static_cast<std::size_t>(limits::kMaxSweepAxes))
      return problem(all, "expected at most " + std::to_string(limits::kMaxSweepAxes) + " sweep paths, found " +
                              std::to_string(paths.size()));
    double points = 1;
    for (const std::string& path : paths) {
      const Cursor values = all.child(path);
      if (!checked_path(values, path)) continue;
      const json& v = *values.value;
      if (!v.is_array() || v.empty() || v.size() > static_cast<std::size_t>(limits::kMaxSweepValues)) {
        problem(values, "expected an array of 1 to " + std::to_string(limits::kMaxSweepValues) + " values, found " +
                            (v.is_array() ? std::to_string(v.size()) + " values" : format::describe(v)));
        continue;
      }
      points *= static_cast<double>(v.size());
      m_doc.sweep.push_back({path, std::vector<json>(v.begin(), v.end())});
    }
    if (points > static_cast<double>(limits::kMaxSweepPoints))
      problem(all, "the sweep has " + format::format_number(points) +
                       " points (the product of its value counts); at most " + std::to_string(limits::kMaxSweepPoints) +
                       " are allowed");
  }

 private:
  void problem(const Cursor& at, std::string message, bool at_key = false) {
    m_doc.problems.push_back(error_at(m_doc, position_of(m_doc, at.pointer, at_key),
                                      validate::display_path(m_doc.json, at.pointer), std::move(message)));
  }

  // Whether the key `path` of `entry` is a path of the format; reports it when not.
  bool checked_path(const Cursor& entry, const std::string& path) {
    auto parsed = format::parse_path(path);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
      problem(entry, "not a path of the scenario format: " + *why, true);
      return false;
    }
    return true;
  }

  ScenarioDocument& m_doc;
  Cursor m_root;
};

}  // namespace

std::variant<ScenarioDocument, std::vector<LoadError>> parse_scenario_document(std::string_view text,
                                                                               std::string file) {
  auto fail = [&](TextPosition at, std::string message) {
    return std::vector<LoadError>{{file, at.line, at.column, "", std::move(message)}};
  };
  if (text.size() > limits::kMaxFileBytes)
    return fail({}, "the file has " + std::to_string(text.size()) + " bytes; scenarios are limited to " +
                        std::to_string(limits::kMaxFileBytes) + " bytes (1 MiB)");
  // nlohmann_json takes a NUL byte for the end of the input and would silently ignore whatever follows it.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
    return fail(position_of_offset(text, nul),
                "invalid JSON: a NUL byte, which JSON text cannot hold (inside a string, write \\u0000)");
  // Bounded before parsing, so that neither the parser nor the scanners below can recurse without limit.
  if (const auto at = find_excess_nesting(text, limits::kMaxNesting))
    return fail(position_of_offset(text, *at),
                "arrays and objects nested deeper than " + std::to_string(limits::kMaxNesting) + " levels");

  json parsed;
  try {
    parsed = json::parse(text);
  } catch (const json::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...": keep the part
    // after the position, which we compute ourselves in characters rather than bytes.
    std::string what = e.what();
    if (const std::size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    TextPosition at;
    if (const auto* pe = dynamic_cast<const json::parse_error*>(&e))
      at = position_of_offset(text, pe->byte > 0 ? pe->byte - 1 : 0);
    else if (const std::size_t open = what.find('\''), close = what.rfind('\'');
             open != std::string::npos && close > open + 1)  // "number overflow parsing '1e999'"
      if (const std::size_t found = text.find(what.substr(open + 1, close - open - 1)); found != std::string_view::npos)
        at = position_of_offset(text, found);
    return fail(at, "invalid JSON: " + what);
  }

  ScenarioDocument doc;
  doc.file = std::move(file);
  doc.folder = std::filesystem::path(doc.file).parent_path();
  if (doc.folder.empty()) doc.folder = ".";
  doc.json = std::move(parsed);
  std::vector<DuplicateKey> duplicates;
  doc.positions = PositionIndex::build(text, &duplicates);
  if (!doc.json.is_object())
    return std::vector<LoadError>{error_at(doc, position_of(doc, "", false), "",
                                           "expected a scenario object, found " + format::describe(doc.json))};
  for (const DuplicateKey& d : duplicates)
    doc.problems.push_back(error_at(doc, d.position, validate::display_path(doc.json, d.pointer),
                                    "duplicate key (first at line " + std::to_string(d.first.line) + ", column " +
                                        std::to_string(d.first.column) + "); the last one would silently win"));
  DocumentReader reader(doc);
  reader.variants();
  reader.sweep();
  return doc;
}

std::variant<ScenarioDocument, std::vector<LoadError>> read_scenario_document(const std::filesystem::path& path) {
  const std::string file = path.string();
  auto fail = [&](std::string message) { return std::vector<LoadError>{{file, 0, 0, "", std::move(message)}}; };
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail("cannot read " + file + ": " + ec.message());
  if (size > limits::kMaxFileBytes)
    return fail("the file has " + std::to_string(size) + " bytes; scenarios are limited to " +
                std::to_string(limits::kMaxFileBytes) + " bytes (1 MiB)");
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size()))) return fail("cannot read " + file);
  return parse_scenario_document(text, file);
}

LoadResult build_scenario(const ScenarioDocument& document, const std::vector<Override>& overrides) {
  std::vector<Source> sources;
  for (const auto& [path, value] : overrides) sources.push_back({path, value, ""});
  Built built = build(document, sources);
  LoadResult result;
  result.errors = finish(std::move(built.errors));
  if (result.errors.empty()) result.scenario = std::move(built.scenario);
  return result;
}

namespace {

// Checks one override value against the rule of its path only (types, ranges, names, unknown keys).
std::vector<LoadError> check_value(const ScenarioDocument& doc, const Source& s) {
  auto parsed = format::parse_path(s.path);
  if (!std::holds_alternative<format::Path>(parsed)) return {};  // DocumentReader reported it
  validate::Reporter report;
  validate::check_shape({&s.value, s.pointer, std::get<format::Path>(parsed).rule, &doc.positions, &doc.folder},
                        report);
  std::vector<LoadError> out;
  for (const validate::Issue& issue : report.issues()) {
    const std::string path =
        validate::display_path(s.value, std::string_view(issue.pointer).substr(s.pointer.size()), s.path);
    out.push_back(error_at(doc, position_of(doc, issue.pointer, issue.at_key), path, issue.message));
  }
  return out;
}

// How a sweep value is named in messages: scalars as written, structured values by position.
std::string sweep_value_name(const json& value, std::size_t index) {
  if (value.is_string()) return format::quote(value.get_ref<const std::string&>());
  if (value.is_primitive()) return value.dump();
  return "#" + std::to_string(index + 1);
}

}  // namespace

LoadResult load_scenario_document(const ScenarioDocument& doc) {
  Built baseline = build(doc, {});
  std::vector<LoadError> errors = baseline.errors;
  // A variant or sweep value is checked by building the scenario with it, and only what it breaks beyond the
  // baseline is reported, naming it and pointing at it. While the baseline itself is invalid, the values are
  // only checked against their rules: a build would mostly repeat the baseline's errors, and copying an invalid
  // (so possibly huge) document once per value could take minutes.
  const bool build_each = errors.empty();
  std::set<std::pair<std::string, std::string>> in_baseline;
  for (const LoadError& e : errors) in_baseline.emplace(e.path, e.message);
  auto check = [&](const std::vector<Source>& sources, const std::string& origin) {
    std::vector<LoadError> found;
    if (build_each)
      found = build(doc, sources).errors;
    else
      for (const Source& s : sources)
        for (LoadError& e : check_value(doc, s)) found.push_back(std::move(e));
    for (LoadError& e : found)
      if (!in_baseline.count({e.path, e.message})) {
        e.message = "in " + origin + ": " + e.message;
        errors.push_back(std::move(e));
      }
  };
  for (const Variant& v : doc.variants) {
    std::vector<Source> sources;
    for (const auto& [path, value] : v.overrides)
      sources.push_back({path, value, "/variants/" + escape_pointer_token(v.name) + "/" + escape_pointer_token(path)});
    check(sources, "variant " + format::quote(v.name));
  }
  for (const SweepAxis& axis : doc.sweep)
    for (std::size_t i = 0; i < axis.values.size(); ++i) {
      std::string pointer = "/sweep/" + escape_pointer_token(axis.path) + "/";
      pointer += std::to_string(i);
      check({{axis.path, axis.values[i], pointer}},
            "sweep value " + sweep_value_name(axis.values[i], i) + " of " + format::quote(axis.path));
    }

  LoadResult result;
  result.errors = finish(std::move(errors));
  if (result.errors.empty()) result.scenario = std::move(baseline.scenario);
  return result;
}

LoadResult load_scenario_text(std::string_view text, std::string file) {
  auto parsed = parse_scenario_document(text, std::move(file));
  if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed)) return {std::nullopt, std::move(*errors)};
  return load_scenario_document(std::get<ScenarioDocument>(parsed));
}

LoadResult load_scenario_file(const std::filesystem::path& path) {
  auto parsed = read_scenario_document(path);
  if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed)) return {std::nullopt, std::move(*errors)};
  return load_scenario_document(std::get<ScenarioDocument>(parsed));
}

std::variant<json, std::string> parse_override_value(std::string_view path, std::string_view text) {
  // JSON text is UTF-8: a value that is not would be accepted here and fail only when the manifest is written.
  if (!is_valid_utf8(path) || !is_valid_utf8(text))
    return std::string("is not valid UTF-8 text (") + printable(text) + ")";
  auto parsed = format::parse_path(path);
  if (auto* why = std::get_if<std::string>(&parsed)) return std::move(*why);
  return format::typed_value(*std::get<format::Path>(parsed).rule, text);
}

}  // namespace chaossim
