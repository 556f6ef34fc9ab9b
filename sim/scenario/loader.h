#pragma once
// The scenario loader: JSON text -> validated, resolved Scenario (docs/scenario-format.md). Every problem in a file is
// reported at once, each with file, line:column, the dotted scenario path and "expected X, found Y". Variants,
// sweeps and `--set` use the same dotted paths ("edges.clients->api.retry.max_attempts", "faults.slow.duration").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>  // the parsed scenario document

#include "model/config.h"
#include "scenario/json_positions.h"

namespace chaossim {

// One problem in a scenario file.
struct LoadError {
  std::string file;
  int line = 0;         // 1-based; 0 when unknown (e.g. a value set by --set)
  int column = 0;       // 1-based, in characters
  std::string path;     // dotted scenario path: "edges.clients->api.retry.max_attempts", "faults.slow.probability"
  std::string message;  // "expected X, found Y", with "did you mean ...?" for close misspellings
  std::string to_string() const;  // "file:line:column: path: message" (unknown parts left out)
};

using Override = std::pair<std::string, nlohmann::json>;  // dotted path -> value

struct Variant {
  std::string name;
  std::vector<Override> overrides;  // in file order
};

struct SweepAxis {
  std::string path;
  std::vector<nlohmann::json> values;
};

// A parsed scenario file before overrides.
struct ScenarioDocument {
  std::string file;
  nlohmann::json json;
  std::vector<Variant> variants;  // in file order; "baseline" (no overrides) is implied
  std::vector<SweepAxis> sweep;   // in file order
  PositionIndex positions;        // JSON pointer -> line:column of each value in the file
  // The folder of `file`: files the scenario names (empirical samples) are read relative to it.
  std::filesystem::path folder;
  // Problems found while reading that do not stop the rest of the validation (duplicate keys, malformed variants
  // or sweep): every build reports them, so a document that has any never builds.
  std::vector<LoadError> problems;
};

struct LoadResult {
  std::optional<Scenario> scenario;  // set only when there are no errors
  std::vector<LoadError> errors;     // sorted by position
  bool ok() const { return scenario.has_value() && errors.empty(); }
};

// Syntax, size and nesting checks, the position index, variants and sweep. Malformed JSON gives one error with
// its line and column; an unreadable file one error naming it.
std::variant<ScenarioDocument, std::vector<LoadError>> parse_scenario_document(std::string_view text, std::string file);
std::variant<ScenarioDocument, std::vector<LoadError>> read_scenario_document(const std::filesystem::path& path);

// Applies `overrides` (dotted paths; a path the format allows but the file lacks is created, a null value
// removes an object key) to a copy of the document, then validates and resolves it. Errors in values set here
// have no line (they are not in the file).
LoadResult build_scenario(const ScenarioDocument& document, const std::vector<Override>& overrides = {});

// Parse and build the baseline, and check that every variant and every sweep value yields a valid scenario too
// (their errors name the variant or sweep value and point at it in the file).
LoadResult load_scenario_file(const std::filesystem::path& path);
LoadResult load_scenario_text(std::string_view text, std::string file);
LoadResult load_scenario_document(const ScenarioDocument& document);

// For --set PATH=VALUE: the JSON the path expects, typed by the format: "3" -> 3, "true" -> true, "full" -> "full",
// "2s" -> "2s", JSON object or array text -> parsed. Returns why when the path is not in the format or the text
// does not fit it.
std::variant<nlohmann::json, std::string> parse_override_value(std::string_view path, std::string_view text);

}  // namespace chaossim
