#include "scenario/json_schema.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "scenario/fault_types.h"
#include "scenario/format.h"
#include "scenario/limits.h"

namespace chaossim::format {

namespace {

using nlohmann::ordered_json;
using namespace chaossim::limits;

constexpr const char* kDurationPattern = R"(^[0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h)$)";
constexpr const char* kZeroDurationPattern = R"(^0+(\.0+)?(ns|us|ms|s|m|h)$)";

std::string name_pattern() { return "[a-z][a-z0-9_-]{0," + std::to_string(kMaxNameChars - 1) + "}"; }

ordered_json ref(const char* def) { return {{"$ref", std::string("#/$defs/") + def}}; }

std::vector<std::string_view> split(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const std::size_t space = list.find(' ');
    out.push_back(list.substr(0, space));
    list = space == std::string_view::npos ? std::string_view{} : list.substr(space + 1);
  }
  return out;
}

// The pattern of the rule for a member or item of `rule`.
std::string member_pattern(const Rule& parent, std::string_view key) {
  std::string p(parent.pattern);
  return p.empty() ? std::string(key) : p + "." + std::string(key);
}

// Whole numbers as JSON integers: counts such as maxLength must be integers, and 1024 reads better than 1024.0.
ordered_json num(double v) {
  if (v == static_cast<double>(static_cast<std::int64_t>(v))) return static_cast<std::int64_t>(v);
  return v;
}

ordered_json bounds(ordered_json node, const Rule& r) {
  node[r.exclusive_min ? "exclusiveMinimum" : "minimum"] = num(r.min);
  node["maximum"] = num(r.max);
  return node;
}

ordered_json node_for(const Rule& r);

// What a discriminated object may and must hold for each value of its discriminant: if "type" is "crash", no
// "probability"; if "type" is "slowdown", "factor" is required; a fault's target is a service, an edge or "clients".
ordered_json shape_conditions(const Rule& r, const std::vector<std::string>& members) {
  ordered_json all = ordered_json::array();
  const auto common = shape_common_keys(r.pattern);
  if (!common) return all;
  for (const Shape& s : shapes()) {
    if (s.object != r.pattern) continue;
    ordered_json then = {{"properties", ordered_json::object()}};
    for (const std::string& key : members)
      if (!listed(*common, key) && !listed(s.keys, key)) then["properties"][key] = false;
    if (!s.needs.empty()) {
      then["required"] = ordered_json::array();
      for (std::string_view key : split(s.needs)) then["required"].push_back(std::string(key));
    }
    if (r.pattern == "faults[]")
      if (const FaultType* type = find_fault_type(s.value)) {
        switch (type->target) {
          case FaultConfig::Target::service:
            // A service, or one instance of it ("api#2").
            then["properties"]["target"] = {{"pattern", "^" + name_pattern() + "(#[1-9][0-9]{0,3})?$"}};
            break;
          case FaultConfig::Target::edge:
            then["properties"]["target"] = {{"pattern", "^(clients|" + name_pattern() + ")->" + name_pattern() + "$"}};
            break;
          case FaultConfig::Target::clients: then["properties"]["target"] = {{"const", "clients"}}; break;
        }
      }
    all.push_back({{"if", {{"properties", {{s.discriminant, {{"const", s.value}}}}}, {"required", {s.discriminant}}}},
                   {"then", then}});
  }
  return all;
}

ordered_json object_node(const Rule& r) {
  ordered_json node = {{"type", "object"}, {"additionalProperties", false}};
  ordered_json properties = ordered_json::object();
  ordered_json required = ordered_json::array();
  const std::vector<std::string> members = child_keys(r);
  for (const std::string& key : members) {
    const Rule* child = find_rule(member_pattern(r, key));
    properties[key] = node_for(*child);
    if (child->required) required.push_back(key);
  }
  if (!required.empty()) node["required"] = required;
  node["properties"] = properties;
  if (ordered_json conditions = shape_conditions(r, members); !conditions.empty()) node["allOf"] = conditions;
  return node;
}

ordered_json map_node(const Rule& r) {
  ordered_json node = {{"type", "object"}, {"minProperties", num(r.min)}, {"maxProperties", num(r.max)}};
  if (r.keys == Keys::names) {
    node["propertyNames"] = {{"$ref", "#/$defs/name"}, {"not", {{"enum", {"clients", "default"}}}}};
  } else {
    const std::string edge = "^(clients|" + name_pattern() + ")->" + name_pattern() + "$";
    node["propertyNames"] = {{"anyOf", {{{"const", "default"}}, {{"pattern", edge}}}},
                             {"not", {{"pattern", "->clients$"}}}};
  }
  node["additionalProperties"] = node_for(*item_rule(r));
  return node;
}

ordered_json opaque_node(const Rule& r) {
  if (r.pattern == "variants")
    return {{"type", "object"},
            {"maxProperties", kMaxVariants},
            {"propertyNames", {{"$ref", "#/$defs/name"}, {"not", {{"const", "baseline"}}}}},
            {"additionalProperties",
             {{"type", "object"},
              {"maxProperties", kMaxOverrides},
              {"description", "Dotted path -> value, as in --set."}}}};
  return {{"type", "object"},
          {"maxProperties", kMaxSweepAxes},
          {"additionalProperties", {{"type", "array"}, {"minItems", 1}, {"maxItems", kMaxSweepValues}}}};
}

ordered_json node_for(const Rule& r) {
  ordered_json node;
  switch (r.kind) {
    case Kind::object: node = object_node(r); break;
    case Kind::map: node = map_node(r); break;
    case Kind::array:
      node = {
          {"type", "array"}, {"minItems", num(r.min)}, {"maxItems", num(r.max)}, {"items", node_for(*item_rule(r))}};
      break;
    case Kind::string: node = {{"type", "string"}, {"maxLength", num(r.max)}}; break;
    case Kind::name: node = ref("name"); break;
    case Kind::boolean: node = {{"type", "boolean"}}; break;
    case Kind::integer: node = bounds({{"type", "integer"}}, r); break;
    case Kind::seed:
      node = {{"type", "integer"}, {"minimum", 0}, {"maximum", std::numeric_limits<std::uint64_t>::max()}};
      break;
    case Kind::number: node = bounds({{"type", "number"}}, r); break;
    case Kind::duration: node = ref(r.exclusive_min ? "positive_duration" : "duration"); break;
    case Kind::distribution: node = ref("distribution"); break;
    case Kind::choice:
      node = {{"enum", ordered_json::array()}};
      for (const Choice& c : r.choices) node["enum"].push_back(c.name);
      break;
    case Kind::number_or_duration: node = ref("number_or_duration"); break;
    case Kind::profile_point:
      node = {{"type", "array"},
              {"prefixItems",
               {ref("duration"),
                {{"type", "number"}, {"minimum", 0}, {"maximum", num(kMaxMultiplier)}},
                {{"const", "ramp"}}}},
              {"minItems", 2},
              {"maxItems", 3}};
      break;
    case Kind::opaque: node = opaque_node(r); break;
  }
  if (!r.doc.empty()) node["description"] = r.doc;
  if (!r.unit.empty()) node["x-unit"] = r.unit;  // an annotation: validators ignore x- keywords
  if (!r.default_json.empty()) node["default"] = ordered_json::parse(r.default_json);
  return node;
}

ordered_json distribution_def() {
  ordered_json one_of = ordered_json::array({ref("duration")});
  for (const DistributionKind& k : distribution_kinds()) {
    ordered_json properties = {{"dist", {{"const", k.name}, {"description", "the kind of distribution"}}}};
    ordered_json required = {"dist"};
    for (const Rule* p : {&k.first, &k.second}) {
      if (p->pattern.empty()) continue;
      // The arrays of a distribution have items the rule table does not hold: mixture components, samples.
      ordered_json node = p->kind == Kind::array ? ordered_json{{"type", "array"},
                                                                {"minItems", num(p->min)},
                                                                {"maxItems", num(p->max)},
                                                                {"description", p->doc}}
                                                 : node_for(*p);
      if (p->pattern == "of")
        node["items"] = {{"type", "object"},
                         {"additionalProperties", false},
                         {"properties",
                          {{"weight",
                            {{"type", "number"},
                             {"exclusiveMinimum", 0},
                             {"maximum", kMaxMixtureWeight},
                             {"description", "relative: the component's share is its weight over the sum"}}},
                           {"dist", {{"$ref", "#/$defs/distribution"}, {"description", "the component"}}}}},
                         {"required", {"weight", "dist"}}};
      else if (p->kind == Kind::array)
        node["items"] = ref("duration");
      properties[std::string(p->pattern)] = node;
      if (!k.either) required.push_back(p->pattern);
    }
    ordered_json kind = {{"type", "object"},
                         {"description", k.doc},
                         {"additionalProperties", false},
                         {"properties", properties},
                         {"required", required}};
    if (k.either)
      kind["oneOf"] = {{{"required", {std::string(k.first.pattern)}}}, {{"required", {std::string(k.second.pattern)}}}};
    one_of.push_back(kind);
  }
  return {{"description", "A duration (a constant) or an object whose `dist` names the kind."}, {"oneOf", one_of}};
}

}  // namespace

ordered_json json_schema() {
  ordered_json schema = {
      {"$schema", "https://json-schema.org/draft/2020-12/schema"},
      {"title", "chaossim scenario"},
      {"$comment",
       "Generated from the format's table (sim/scenario/format.cpp); do not edit. The reference of every key is "
       "docs/scenario-format.md (installed as /usr/share/doc/chaossim/scenario-format.md)."},
  };
  schema.update(node_for(root_rule()));
  schema["$defs"] = {
      {"name",
       {{"type", "string"},
        {"pattern", "^[a-z][a-z0-9_-]*$"},
        {"minLength", 1},
        {"maxLength", kMaxNameChars},
        {"description", "A lower-case letter, then lower-case letters, digits, '_' or '-'."}}},
      {"duration",
       {{"type", "string"},
        {"pattern", kDurationPattern},
        {"description", R"(A duration with a unit: "250us", "5ms", "1.5s", "2m", "1h" (also "ns").)"}}},
      {"positive_duration",
       {{"type", "string"},
        {"pattern", kDurationPattern},
        {"not", {{"pattern", kZeroDurationPattern}}},
        {"description", "A duration above zero: time must pass here."}}},
      {"number_or_duration",
       {{"description", "A number, or a duration (compared in seconds)."},
        {"oneOf", {{{"type", "number"}}, ref("duration")}}}},
      {"distribution", distribution_def()},
  };
  return schema;
}

}  // namespace chaossim::format
