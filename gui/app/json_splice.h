#pragma once
// Edits a scenario's JSON text at a dotted path ("edges.clients->api.timeout", "faults.slow.start") by rewriting
// only the characters of that value. Scenario files are written by hand and read in workshops: the form must not
// reorder keys (nlohmann::json sorts them) or reflow the layout when one knob changes.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>  // values set into the document

namespace chaossim::gui {

struct SpliceResult {
  std::string text;   // the edited text, when `error` is empty
  std::string error;  // why the edit could not be made (bad path, text that is not valid JSON, ...)
  bool ok() const { return error.empty(); }
};

// Sets `value` at `path` with the loader's path semantics (format::apply_path): missing objects on the way are
// created, a null value removes an object member, array items with an "id" are addressed by it. The result
// parses to exactly the document apply_path would produce.
SpliceResult splice_path(std::string_view text, std::string_view path, const nlohmann::json& value);

// A value as it is written into a file: short objects and arrays on one line ({"dist": "constant", "value":
// "5ms"}), longer ones over several lines indented by two spaces from `indent`.
std::string render_json(const nlohmann::json& value, std::size_t indent = 0);

}  // namespace chaossim::gui
