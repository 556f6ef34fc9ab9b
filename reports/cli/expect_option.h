#pragma once
// `--expect 'METRIC OP VALUE[@PHASE]'`: an expectation added on the command line to those of the scenario (or of
// the variant, or of a --set on `expect`), so a CI job can tighten or add a threshold without editing the file:
//   --expect 'effects.charge.duplicates == 0'   --expect 'latency.p99 < 500ms@during'   --expect success_rate>=0.99
// Each becomes an object of the `expect` array, so the loader checks it like one written in the file; its errors
// name the argument.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "scenario/loader.h"

namespace chaossim {

// The `expect` array item for one argument, or why the argument does not read as one.
std::variant<nlohmann::json, std::string> parse_expect_argument(const std::string& text);

// The override that appends `extra` to the expectations a configuration would otherwise have (the last override of
// `expect` among `overrides`, else the document's), or nothing when there is nothing to add.
std::optional<Override> expect_override(const ScenarioDocument& document, const std::vector<Override>& overrides,
                                        const std::vector<nlohmann::json>& extra);

// Rewrites errors about the appended expectations (path "expect[i]…" with i >= first_added) to name the argument
// they came from instead of a path the user never wrote.
void name_expect_arguments(std::vector<LoadError>& errors, std::size_t first_added,
                           const std::vector<std::string>& arguments);

}  // namespace chaossim
