// The `live` block (docs/scenario-format.md 3.2): optional, read with its defaults, and its mistakes reported with
// the path and line of the value like any other key's.
#include <gtest/gtest.h>

#include "scenario/live_config.h"
#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

std::string with_live(const std::string& live) {
  return R"({"schema_version": 1, "name": "l", "duration": "10s",
  "services": {"api": {"workers": 1}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}})" +
         (live.empty() ? std::string() : ",\n  \"live\": " + live) + "}";
}

LiveConfig live_of(const std::string& text) {
  auto doc = parse_scenario_document(text, "l.json");
  EXPECT_TRUE(std::holds_alternative<ScenarioDocument>(doc));
  const ScenarioDocument& d = std::get<ScenarioDocument>(doc);
  return validate::read_live_config(validate::Cursor::root(d.json, &d.positions));
}

TEST(live_keys, a_version_1_file_without_the_block_stays_valid_and_reads_the_defaults) {
  EXPECT_TRUE(load_scenario_text(with_live(""), "l.json").ok());
  const LiveConfig c = live_of(with_live(""));
  EXPECT_EQ(c, LiveConfig{});
  EXPECT_EQ(c.method, HttpMethod::post);
  EXPECT_EQ(c.path, "/");
  EXPECT_EQ(c.operation_field, "order_id");
}

TEST(live_keys, the_request_template_is_read_in_file_order) {
  const std::string text = with_live(R"({"request": {"method": "PUT", "path": "/v1/orders?x=1",
      "body": {"ref": "order-{operation}", "cents": "{amount}", "n": "{attempt}"}}, "operation_header": "X-Order-Id"})");
  ASSERT_TRUE(load_scenario_text(text, "l.json").ok());
  const LiveConfig c = live_of(text);
  EXPECT_EQ(c.method, HttpMethod::put);
  EXPECT_EQ(c.path, "/v1/orders?x=1");
  ASSERT_EQ(c.body.size(), 3u);
  EXPECT_EQ(c.body[0].first, "ref");
  EXPECT_EQ(c.body[0].second, "order-{operation}");
  EXPECT_EQ(c.body[2].first, "n");
  EXPECT_EQ(c.operation_header, "X-Order-Id");
}

TEST(live_keys, a_path_without_a_leading_slash_is_an_error_at_its_line) {
  const LoadResult r = load_scenario_text(with_live(R"({"request": {"path": "orders"}})"), "l.json");
  const LoadError* e = testing::error_at(r, "live.request.path");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->line, 4);
  EXPECT_NE(e->message.find("starts with '/'"), std::string::npos) << e->message;
}

TEST(live_keys, an_unknown_placeholder_is_named) {
  const LoadResult r = load_scenario_text(with_live(R"({"request": {"body": {"id": "{order}"}}})"), "l.json");
  const LoadError* e = testing::error_at(r, "live.request.body.id");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->message.find("{order}"), std::string::npos) << e->message;
}

TEST(live_keys, a_method_outside_the_choices_and_a_bad_header_are_refused) {
  EXPECT_NE(testing::error_at(load_scenario_text(with_live(R"({"request": {"method": "BREW"}})"), "l.json"),
                              "live.request.method"),
            nullptr);
  EXPECT_NE(testing::error_at(load_scenario_text(with_live(R"({"operation_header": "X Order"})"), "l.json"),
                              "live.operation_header"),
            nullptr);
  EXPECT_NE(testing::error_at(load_scenario_text(with_live(R"({"requests": {}})"), "l.json"), "live.requests"),
            nullptr);
}

}  // namespace
}  // namespace chaossim
