#include "scenario/json_positions.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

TextPosition value_at(const PositionIndex& index, const std::string& pointer) {
  const ValuePosition* p = index.find(pointer);
  return p ? p->value : TextPosition{};
}

TEST(json_positions, maps_every_pointer_to_its_value_and_key) {
  const std::string text = "{\n  \"a\": [1, {\"b\": true}],\n  \"c\": \"x\"\n}";
  const PositionIndex index = PositionIndex::build(text);
  EXPECT_EQ(value_at(index, ""), (TextPosition{1, 1}));
  EXPECT_EQ(value_at(index, "/a"), (TextPosition{2, 8}));
  EXPECT_EQ(value_at(index, "/a/0"), (TextPosition{2, 9}));
  EXPECT_EQ(value_at(index, "/a/1"), (TextPosition{2, 12}));
  EXPECT_EQ(value_at(index, "/a/1/b"), (TextPosition{2, 18}));
  EXPECT_EQ(index.find("/a/1/b")->key, (TextPosition{2, 13}));
  EXPECT_EQ(value_at(index, "/c"), (TextPosition{3, 8}));
  EXPECT_EQ(index.find("/c")->key, (TextPosition{3, 3}));
  EXPECT_EQ(index.find("/missing"), nullptr);
  EXPECT_FALSE(index.find("/a/0")->key.known());  // array items have no key
}

TEST(json_positions, keys_with_escapes_and_slashes_are_decoded_and_escaped) {
  const PositionIndex index = PositionIndex::build(R"({"a\u002fb": 1, "t~x": 2, "q\"": 3})");
  EXPECT_TRUE(index.find("/a~1b"));
  EXPECT_TRUE(index.find("/t~0x"));
  EXPECT_TRUE(index.find("/q\""));
}

TEST(json_positions, columns_count_code_points_and_skip_a_byte_order_mark) {
  const PositionIndex index = PositionIndex::build("\xEF\xBB\xBF{\"\xC3\xA9\xE2\x82\xAC\": 1}");
  EXPECT_EQ(value_at(index, "/\xC3\xA9\xE2\x82\xAC"), (TextPosition{1, 8}));
  EXPECT_EQ(position_of_offset("a\n\xC3\xA9x", 4), (TextPosition{2, 2}));
}

TEST(json_positions, duplicate_keys_are_found_with_both_positions) {
  std::vector<DuplicateKey> duplicates;
  PositionIndex::build("{\"a\": {\"k\": 1,\n \"k\": 2}, \"b\": 1}", &duplicates);
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0].pointer, "/a/k");
  EXPECT_EQ(duplicates[0].position, (TextPosition{2, 2}));
  EXPECT_EQ(duplicates[0].first, (TextPosition{1, 8}));
}

TEST(json_positions, nesting_is_measured_outside_strings_only) {
  EXPECT_FALSE(find_excess_nesting(R"({"a": "[[[[[[", "b": [[1]]})", 3));
  EXPECT_EQ(find_excess_nesting("[[[[1]]]]", 3), 3u);
  EXPECT_FALSE(find_excess_nesting(R"(["\"[[[["])", 1));
}

TEST(json_positions, pointer_tokens_escape_tilde_and_slash) {
  EXPECT_EQ(escape_pointer_token("clients->api"), "clients->api");
  EXPECT_EQ(escape_pointer_token("a/b~c"), "a~1b~0c");
}

}  // namespace
}  // namespace chaossim
