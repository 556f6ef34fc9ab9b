#pragma once
// The scenario format as data, declared once: one rule per key, addressed by a pattern such as
// "services.*.queue.capacity" ("*" is a key the user chooses, "[]" an array item), with its type, bounds, typed
// choices, unit, default and one-line doc. Everything that knows the format reads this table: the shape check
// (unknown keys, wrong types, did-you-mean), the resolver (choice -> enum, never a silent fall-back), the meaning
// of dotted override paths and the typing of `--set` values, the dashboard's form (ranges, choices, tooltips), the
// generated JSON Schema (tools/schema) and the format reference's completeness test. Keys that apply only to one
// kind of object (a fault's type, a budget's or breaker's type, the arrival process) are declared as Shapes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>  // the parsed scenario document

namespace chaossim::format {

enum class Kind : std::uint8_t {
  object,              // fixed keys: the rules "<pattern>.<key>"
  map,                 // keys chosen by the user (services, edges); values follow "<pattern>.*"
  array,               // items follow "<pattern>[]"
  string,              // free text, `max` characters
  name,                // [a-z][a-z0-9_-]*, at most limits::kMaxNameChars
  boolean,             // true or false
  integer,             // within [min, max]
  seed,                // any unsigned 64-bit integer
  number,              // within [min, max], or (min, max] when exclusive_min
  duration,            // "250ms"; positive when exclusive_min
  distribution,        // a duration (constant) or {"dist": ...}
  choice,              // one of `choices`
  number_or_duration,  // expect[].value, circuit_breaker.window.size
  profile_point,       // ["5m", 2.5]
  opaque,              // variants and sweep: checked by the document reader, not addressable by paths
};

enum class Keys : std::uint8_t { names, edges };  // what the keys of a map must look like

// One value of a choice: its spelling in the file, the enum (or bool, or flag) it stands for, and how the
// dashboard shows it ("" shows the name).
struct Choice {
  std::string_view name;
  std::uint8_t value = 0;
  std::string_view label = {};
};

// A choice table from an enum (or bool) value, so tables read as {"full", Jitter::full}.
template <class E>
constexpr Choice choice_of(std::string_view name, E value, std::string_view label = {}) {
  return {name, static_cast<std::uint8_t>(value), label};
}

struct Rule {
  std::string_view pattern;
  Kind kind = Kind::object;
  bool required = false;
  double min = 0;  // integer, number: value bounds; array, map: entry counts
  double max = 0;  // also string: length in characters
  bool exclusive_min = false;
  std::span<const Choice> choices = {};  // choice
  Keys keys = Keys::names;               // map
  std::string_view unit = {};            // numbers: what one unit is ("operations/s", "calls", "fraction")
  std::string_view default_json = {};    // the value used when the key is absent, as JSON text; "" for none
  std::string_view doc = {};             // one line for the schema, the form's tooltips and the reference
};

// Keys that one kind of object takes besides its common ones, chosen by the value of one of its keys: a fault's
// "type", a budget's "type", a breaker's "type", the arrivals' "process".
struct Shape {
  std::string_view object;        // the rule pattern of the object: "faults[]"
  std::string_view discriminant;  // the key that chooses: "type"
  std::string_view value;         // "slowdown"
  std::string_view keys;          // space-separated keys this kind takes besides `common`
  std::string_view needs = {};    // space-separated keys this kind cannot do without
};
// Keys every kind of `object` takes (space-separated), or nullopt when `object` has no shapes.
std::optional<std::string_view> shape_common_keys(std::string_view object);
// Every shape of every object: the fault types (fault_types.h) and the tables of format.cpp.
std::vector<Shape> shapes();
const Shape* find_shape(std::string_view object, std::string_view value);
// Whether the space-separated `list` contains `key`.
bool listed(std::string_view list, std::string_view key);

// The kinds of distribution object ({"dist": "lognormal", "median": "40ms", "sigma": 0.5}) with their
// parameters as rules whose pattern is the parameter's key; a plain duration string is a constant.
struct DistributionKind {
  std::string_view name;
  std::string_view doc;
  Rule first;
  Rule second = {};  // an empty pattern when the kind has one parameter
  // Exactly one of `first` and `second` (empirical: a file or inline samples) rather than both.
  bool either = false;
};
std::span<const DistributionKind> distribution_kinds();
// The choice rule of a distribution's "dist" key.
const Rule& distribution_kind_rule();

std::span<const Rule> rules();
const Rule* find_rule(std::string_view pattern);
const Rule& root_rule();
// The rule for a member `key` of a value following `parent` (object key or map entry), or for an item of an
// array (item_rule also gives the rule of every map entry).
const Rule* member_rule(const Rule& parent, std::string_view key);
const Rule* item_rule(const Rule& parent);
// Keys an object rule allows, in table order.
std::vector<std::string> child_keys(const Rule& object);
std::vector<std::string> choice_values(const Rule& rule);
// The choice spelled `name`, or null.
const Choice* find_choice(const Rule& rule, std::string_view name);
// The spelling of `value` among the rule's choices, or "" when none has it.
std::string_view choice_name(const Rule& rule, std::uint8_t value);
template <class E>
std::string_view choice_name(const Rule& rule, E value) {
  return choice_name(rule, static_cast<std::uint8_t>(value));
}
// The rule of `pattern`, which must exist (for code that names rules it knows, such as the dashboard's form).
const Rule& rule_at(std::string_view pattern);

// ---- Messages -------------------------------------------------------------------------------------------------

// "an integer from 1 to 100000", "one of fifo, lifo", ...
std::string expected(const Rule& rule);
// "the string \"abc\"", "the number 5", "an object", ...
std::string describe(const nlohmann::json& value);
// A JSON-quoted, length-capped rendering of user text for messages.
std::string quote(std::string_view text);
std::string format_number(double value);
// The candidate `word` is most likely a misspelling of, if one is close enough.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean \"workers\"?)" for a close misspelling among `candidates`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

bool is_name(std::string_view text);
// Why `text` is not a valid name, or nullopt.
std::optional<std::string> name_problem(std::string_view text);
// Why `key` is not "default" or "caller->callee" with valid names, or nullopt.
std::optional<std::string> edge_key_problem(std::string_view key);

// ---- Paths ----------------------------------------------------------------------------------------------------

struct PathStep {
  std::string key;                   // object or map key, or the id of an array item
  std::optional<std::size_t> index;  // array item by position ("handler[0]")
  bool by_id = false;                // `key` names an array item by its "id" ("faults.slow")
};

struct Path {
  std::vector<PathStep> steps;
  const Rule* rule = nullptr;  // what the value at the path must be
};

// Parses and checks a dotted path ("edges.clients->api.retry.max_attempts", "faults.slow.duration",
// "services.api.handler[0].work") against the format. Returns the reason when it is not a path of the format.
std::variant<Path, std::string> parse_path(std::string_view text);

struct Applied {
  std::string pointer;  // JSON pointer of the value set
  std::string error;    // why it could not be set; empty on success
};
// Sets `value` at `path` in `root`, creating missing objects on the way; a null value removes an object key.
Applied apply_path(nlohmann::json& root, const Path& path, nlohmann::json value);

// Turns `--set` text into the JSON the rule expects: numbers and booleans for numeric and boolean keys, the text
// itself for strings, durations and names, parsed JSON for objects and arrays (and for any text that starts
// with '{', '[' or '"').
std::variant<nlohmann::json, std::string> typed_value(const Rule& rule, std::string_view text);

}  // namespace chaossim::format
