#include "app/json_splice.h"

#include <QDir>
#include <gtest/gtest.h>

#include "support.h"

using chaossim::gui::render_json;
using chaossim::gui::splice_path;
using nlohmann::json;

namespace {

const std::string kSmall = gui_testing::kSmallScenario;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

}  // namespace

TEST(json_splice, replacing_a_value_changes_only_its_characters) {
  const auto r = splice_path(kSmall, "clients.count", 20);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, R"("count": 10)", R"("count": 20)"));
}

TEST(json_splice, replaces_strings_and_whole_objects_in_place) {
  auto r = splice_path(kSmall, "edges.clients->api.timeout", "1.5s");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, R"("timeout": "200ms")", R"("timeout": "1.5s")"));
  r = splice_path(kSmall, "edges.clients->api.retry", json{{"max_attempts", 5}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, R"({"max_attempts": 3})", R"({"max_attempts": 5})"));
}

TEST(json_splice, array_items_with_an_id_are_addressed_by_it) {
  const auto r = splice_path(kSmall, "faults.lossy.start", "6s");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, R"("start": "5s")", R"("start": "6s")"));
  const auto by_index = splice_path(kSmall, "faults[0].probability", 0.5);
  ASSERT_TRUE(by_index.ok()) << by_index.error;
  EXPECT_EQ(by_index.text, replaced(kSmall, R"("probability": 0.2)", R"("probability": 0.5)"));
}

TEST(json_splice, a_missing_member_is_added_in_the_layout_of_its_object) {
  // An inline object gets the member inline, the missing parents created whole.
  auto r = splice_path(kSmall, "edges.clients->api.circuit_breaker.failure_rate", 0.5);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, R"("retry": {"max_attempts": 3}})",
                             R"("retry": {"max_attempts": 3}, "circuit_breaker": {"failure_rate": 0.5}})"));
  // A multi-line object gets it on a new line, indented like its other members, after the last one.
  r = splice_path(kSmall, "warmup", "2s");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(r.text.find("  },\n  \"warmup\": \"2s\"\n}"), std::string::npos) << r.text;
}

TEST(json_splice, null_removes_a_member_with_its_comma_and_line) {
  auto r = splice_path(kSmall, "expect", nullptr);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, "  \"expect\": [{\"metric\": \"success_rate\", \"op\": \">=\", \"value\": 0.5}],\n", ""));
  // The last member of an inline object takes the comma before it.
  r = splice_path(kSmall, "edges.clients->api.retry", nullptr);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, replaced(kSmall, R"({"timeout": "200ms", "retry": {"max_attempts": 3}})", R"({"timeout": "200ms"})"));
  // Removing what is not there changes nothing.
  r = splice_path(kSmall, "edges.clients->api.circuit_breaker", nullptr);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text, kSmall);
}

TEST(json_splice, the_result_means_what_the_loader_would_make_of_the_override) {
  std::string text = kSmall;
  for (const auto& [path, value] : std::vector<std::pair<std::string, json>>{
           {"services.api.idempotency.enabled", true},
           {"services.api.idempotency.store", "memory"},
           {"edges.clients->api.retry.backoff.jitter", "full"},
           {"edges.clients->api.retry.budget", {{"type", "ratio"}, {"percent", 20}}},
           {"clients.double_click", {{"probability", 0.1}}},
           {"faults", json::array()},
       }) {
    auto r = splice_path(text, path, value);
    ASSERT_TRUE(r.ok()) << path << ": " << r.error;
    text = r.text;
  }
  const json j = json::parse(text);
  EXPECT_EQ(j["services"]["api"]["idempotency"], (json{{"enabled", true}, {"store", "memory"}}));
  EXPECT_EQ(j["edges"]["clients->api"]["retry"]["backoff"]["jitter"], "full");
  EXPECT_TRUE(j["faults"].empty());
}

TEST(json_splice, reports_paths_outside_the_format_and_broken_text) {
  auto r = splice_path(kSmall, "clients.cont", 3);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("did you mean"), std::string::npos) << r.error;
  r = splice_path(kSmall, "faults.nope.start", "1s");
  EXPECT_FALSE(r.ok());
  r = splice_path("{\"name\": ", "clients.count", 3);
  EXPECT_FALSE(r.ok());
}

TEST(json_splice, edits_every_bundled_lesson) {
  const QDir dir(QStringLiteral(CHAOSSIM_SCENARIOS_DIR));
  const QStringList lessons = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
  ASSERT_GE(lessons.size(), 2);
  for (const QString& file : lessons) {
    const std::string lesson = file.toStdString();
    const std::string text = gui_testing::readFile(dir.filePath(file)).toStdString();
    ASSERT_FALSE(text.empty()) << lesson;
    const json doc = json::parse(text);
    const std::string edge = "clients->" + doc["clients"]["target"].get<std::string>();
    for (const auto& [path, value] : std::vector<std::pair<std::string, json>>{
             {"clients.arrival.rate", 75},
             {"edges." + edge + ".timeout", "750ms"},
             {"edges." + edge + ".retry.max_attempts", 4},
             {"edges." + edge + ".circuit_breaker", {{"window", {{"type", "count"}, {"size", 20}}}}},
             {"duration", "1m"},
         }) {
      const auto r = splice_path(text, path, value);
      EXPECT_TRUE(r.ok()) << lesson << " " << path << ": " << r.error;
    }
  }
}

TEST(json_splice, renders_short_values_inline_and_long_ones_over_lines) {
  EXPECT_EQ(render_json(json{{"dist", "constant"}, {"value", "5ms"}}), R"({"dist": "constant", "value": "5ms"})");
  json long_array = json::array();
  for (int i = 0; i < 3; ++i)
    long_array.push_back({{"id", "fault-" + std::to_string(i)}, {"type", "drop_response"}, {"target", "clients->payments"}});
  const std::string text = render_json(long_array, 2);
  EXPECT_EQ(text.substr(0, 6), "[\n    ");
  EXPECT_EQ(json::parse(text), long_array);
  EXPECT_EQ(text.back(), ']');
}
