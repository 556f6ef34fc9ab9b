// The format's table (format.h) and the fault types (fault_types.h) are the one declaration of the format: these
// tests hold the table to itself, and the user's reference (docs/scenario-format.md) to the table.
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "scenario/fault_types.h"
#include "scenario/format.h"
#include "scenario/loader.h"

namespace chaossim::format {
namespace {

using nlohmann::json;

std::string reference() {
  std::ifstream in(std::string(CHAOSSIM_SOURCE_DIR) + "/docs/scenario-format.md");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The key a pattern ends with: "services.*.queue.capacity" -> "capacity".
std::string last_key(std::string_view pattern) {
  while (pattern.ends_with("[]") || pattern.ends_with(".*")) pattern.remove_suffix(2);
  const std::size_t dot = pattern.rfind('.');
  return std::string(dot == std::string_view::npos ? pattern : pattern.substr(dot + 1));
}

TEST(format_registry, every_choice_has_a_distinct_name_and_value) {
  for (const Rule& r : rules()) {
    if (r.kind != Kind::choice) continue;
    SCOPED_TRACE(std::string(r.pattern));
    ASSERT_FALSE(r.choices.empty());
    std::set<std::string_view> names;
    std::set<int> values;
    for (const Choice& c : r.choices) {
      EXPECT_TRUE(names.insert(c.name).second) << c.name;
      EXPECT_TRUE(values.insert(c.value).second) << c.name;
      EXPECT_EQ(choice_name(r, c.value), c.name);
      EXPECT_EQ(find_choice(r, c.name), &c);
    }
  }
}

TEST(format_registry, every_key_has_a_doc_and_every_default_is_valid_json) {
  for (const Rule& r : rules()) {
    SCOPED_TRACE(std::string(r.pattern));
    EXPECT_FALSE(r.doc.empty());
    if (!r.default_json.empty()) {
      const json parsed = json::parse(r.default_json, nullptr, false);
      EXPECT_FALSE(parsed.is_discarded()) << r.default_json;
      EXPECT_FALSE(r.required) << "a required key has no default";
    }
  }
}

TEST(format_registry, every_shape_names_keys_its_object_has) {
  for (const Shape& s : shapes()) {
    SCOPED_TRACE(std::string(s.object) + " " + std::string(s.value));
    const Rule* object = find_rule(s.object);
    ASSERT_NE(object, nullptr);
    const auto members = child_keys(*object);
    const std::set<std::string> keys(members.begin(), members.end());
    ASSERT_TRUE(shape_common_keys(s.object));
    for (std::string_view list : {s.keys, s.needs, *shape_common_keys(s.object)})
      for (std::size_t at = 0; at < list.size();) {
        const std::size_t end = std::min(list.find(' ', at), list.size());
        EXPECT_TRUE(keys.count(std::string(list.substr(at, end - at)))) << list.substr(at, end - at);
        at = end + 1;
      }
    const Rule* discriminant = find_rule(std::string(s.object) + "." + std::string(s.discriminant));
    ASSERT_NE(discriminant, nullptr);
    EXPECT_NE(find_choice(*discriminant, s.value), nullptr) << "a shape for a value that is not a choice";
  }
}

TEST(format_registry, a_fault_type_is_a_choice_exactly_when_it_is_registered) {
  const Rule& type = rule_at("faults[].type");
  ASSERT_EQ(type.choices.size(), std::size(kFaultTypes));
  for (const FaultType& t : kFaultTypes) {
    ASSERT_NE(find_choice(type, t.name), nullptr) << t.name;
    EXPECT_EQ(find_choice(type, t.name)->value, static_cast<std::uint8_t>(t.type));
    EXPECT_EQ(find_fault_type(t.name), &t);
    EXPECT_NE(find_shape("faults[]", t.name), nullptr);
  }
  EXPECT_EQ(find_fault_type("earthquake"), nullptr);
}

TEST(format_reference, the_reference_names_every_key_fault_type_and_distribution) {
  const std::string doc = reference();
  ASSERT_GT(doc.size(), 10'000u) << "docs/scenario-format.md is missing or truncated";
  for (const Rule& r : rules()) {
    const std::string key = last_key(r.pattern);
    if (key.empty()) continue;
    // Tables name a key alone (`workers`) or by its path inside the object (`queue.discipline`).
    const bool named = doc.find("`" + key + "`") != std::string::npos || doc.find("." + key + "`") != std::string::npos;
    EXPECT_TRUE(named) << "the reference never names `" << key << "` (" << r.pattern << ")";
  }
  for (const FaultType& t : kFaultTypes)
    EXPECT_NE(doc.find("`" + std::string(t.name) + "`"), std::string::npos) << t.name;
  for (const DistributionKind& d : distribution_kinds())
    EXPECT_NE(doc.find("`" + std::string(d.name) + "`"), std::string::npos) << d.name;
  for (const Rule& r : rules())
    for (const Choice& c : r.choices)
      EXPECT_NE(doc.find(std::string(c.name)), std::string::npos) << r.pattern << ": " << c.name;
}

}  // namespace
}  // namespace chaossim::format
