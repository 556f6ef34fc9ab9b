// The JSON Schema users see in their editors must say what the loader enforces. It is generated from the format's
// table (json_schema.h); these tests hold the checked-in file to the generator and walk it along every rule of the
// table comparing keys, required keys, enums and bounds. tests/scenario/schema_lessons_test.py checks it with an
// independent validator against the lessons and against files the loader rejects.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "scenario/format.h"
#include "scenario/json_schema.h"

namespace chaossim::format {
namespace {

using nlohmann::json;

const json& schema() {
  static const json s = [] {
    std::ifstream in(std::string(CHAOSSIM_SOURCE_DIR) + "/scenarios/schema/chaossim.schema.json");
    return json::parse(in);
  }();
  return s;
}

// Follows a local "$ref" ("#/$defs/name").
const json& resolved(const json& node) {
  if (!node.contains("$ref")) return node;
  const std::string ref = node["$ref"];
  return resolved(schema()["$defs"][ref.substr(std::string("#/$defs/").size())]);
}

// The schema node describing values that follow `pattern`, or null.
const json* node_for(std::string_view pattern) {
  const json* node = &schema();
  std::string token;
  auto step = [&](const std::string& t) {
    if (!node) return;
    const json& n = resolved(*node);
    if (t == "[]")
      node = n.contains("items") ? &n["items"] : nullptr;
    else if (t == "*")
      node = n.contains("additionalProperties") && n["additionalProperties"].is_object() ? &n["additionalProperties"]
             : n.contains("patternProperties") ? &n["patternProperties"].begin().value()
                                               : nullptr;
    else
      node = n.contains("properties") && n["properties"].contains(t) ? &n["properties"][t] : nullptr;
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '.') {
      if (!token.empty()) step(token);
      token.clear();
    } else if (pattern.substr(i, 2) == "[]") {
      if (!token.empty()) step(token);
      token.clear();
      step("[]");
      ++i;
    } else {
      token += pattern[i];
    }
  }
  if (!token.empty()) step(token);
  return node;
}

std::string ref_of(const json& node) { return node.value("$ref", ""); }

TEST(schema, the_checked_in_schema_is_the_generated_one) {
  std::ifstream in(std::string(CHAOSSIM_SOURCE_DIR) + "/scenarios/schema/chaossim.schema.json", std::ios::binary);
  const std::string checked_in((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(checked_in == json_schema().dump(2) + "\n")
      << "scenarios/schema/chaossim.schema.json is stale: run cmake --build build/release --target schema";
}

TEST(schema, every_fault_type_constrains_its_keys_and_target) {
  const json& faults = resolved(schema()["properties"]["faults"]["items"]);
  ASSERT_TRUE(faults.contains("allOf"));
  std::set<std::string> constrained;
  for (const json& condition : faults["allOf"]) constrained.insert(condition["if"]["properties"]["type"]["const"]);
  std::set<std::string> registered;
  for (const Choice& c : rule_at("faults[].type").choices) registered.insert(std::string(c.name));
  EXPECT_EQ(constrained, registered);
}

TEST(schema, every_rule_of_the_format_is_in_the_schema_with_the_same_constraints) {
  for (const Rule& rule : rules()) {
    SCOPED_TRACE(std::string(rule.pattern));
    const json* raw = node_for(rule.pattern);
    ASSERT_NE(raw, nullptr) << "not in the schema";
    const json& n = resolved(*raw);
    switch (rule.kind) {
      case Kind::object: {
        ASSERT_TRUE(n.contains("properties"));
        std::set<std::string> in_schema, in_table, required_schema, required_table;
        for (const auto& [key, ignored] : n["properties"].items()) in_schema.insert(key);
        for (const std::string& key : child_keys(rule)) {
          in_table.insert(key);
          if (member_rule(rule, key)->required) required_table.insert(key);
        }
        for (const auto& key : n.value("required", json::array())) required_schema.insert(key.get<std::string>());
        EXPECT_EQ(in_schema, in_table);
        EXPECT_EQ(required_schema, required_table);
        EXPECT_EQ(n.value("additionalProperties", json(true)), json(false));
        break;
      }
      case Kind::map:
        EXPECT_EQ(n["type"], "object");
        EXPECT_EQ(n["maxProperties"], rule.max);
        if (rule.min > 0) {
          EXPECT_EQ(n["minProperties"], rule.min);
        }
        break;
      case Kind::array:
        EXPECT_EQ(n["type"], "array");
        EXPECT_EQ(n["maxItems"], rule.max);
        EXPECT_EQ(n.value("minItems", 0.0), rule.min);
        break;
      case Kind::string:
        EXPECT_EQ(n["type"], "string");
        EXPECT_EQ(n["maxLength"], rule.max);
        break;
      case Kind::name: EXPECT_EQ(ref_of(*raw), "#/$defs/name"); break;
      case Kind::boolean: EXPECT_EQ(n["type"], "boolean"); break;
      case Kind::integer:
        EXPECT_EQ(n["type"], "integer");
        EXPECT_EQ(n["minimum"], rule.min);
        EXPECT_EQ(n["maximum"], rule.max);
        break;
      case Kind::seed:
        EXPECT_EQ(n["type"], "integer");
        EXPECT_EQ(n["maximum"], json(18446744073709551615ull));
        break;
      case Kind::number:
        EXPECT_EQ(n["type"], "number");
        EXPECT_EQ(n[rule.exclusive_min ? "exclusiveMinimum" : "minimum"], rule.min);
        EXPECT_EQ(n["maximum"], rule.max);
        break;
      case Kind::duration:
        EXPECT_EQ(ref_of(*raw), rule.exclusive_min ? "#/$defs/positive_duration" : "#/$defs/duration");
        break;
      case Kind::distribution: EXPECT_EQ(ref_of(*raw), "#/$defs/distribution"); break;
      case Kind::choice: {
        const auto values = choice_values(rule);
        EXPECT_EQ(n["enum"], json(values));
        break;
      }
      case Kind::number_or_duration: EXPECT_EQ(ref_of(*raw), "#/$defs/number_or_duration"); break;
      case Kind::profile_point: EXPECT_EQ(n["prefixItems"].size(), 3u); break;
      case Kind::opaque: EXPECT_EQ(n["type"], "object"); break;
    }
  }
}

// Conditions (if/then) only test or forbid values of keys declared elsewhere, so they need no descriptions.
void expect_descriptions(const json& node, const std::string& where) {
  if (node.is_object()) {
    if (node.contains("properties")) {
      for (const auto& [key, property] : node["properties"].items())
        EXPECT_TRUE(property.contains("description")) << where << "/properties/" << key << " has no description";
    }
    for (const auto& [key, child] : node.items())
      if (key != "if" && key != "then") expect_descriptions(child, where + "/" + key);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) expect_descriptions(node[i], where + "/" + std::to_string(i));
  }
}

TEST(schema, every_property_has_a_description) {
  EXPECT_EQ(schema()["$schema"], "https://json-schema.org/draft/2020-12/schema");
  expect_descriptions(schema(), "#");
}

}  // namespace
}  // namespace chaossim::format
