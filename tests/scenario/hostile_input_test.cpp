// Scenario files come from strangers: what the loader says about them stays text on a terminal, every byte of the
// file counts, and numbers mean what JSON Schema says they mean.
#include <gtest/gtest.h>

#include <string>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;

json minimal() { return testing::minimal_scenario(); }

using testing::all_errors;

// No byte that a terminal acts on (C0 controls but the newlines between messages, DEL, C1 controls, ESC).
void expect_terminal_safe(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    EXPECT_FALSE((byte < 0x20 && byte != '\n') || byte == 0x7F) << "byte " << int(byte) << " at " << i << ": " << text;
    EXPECT_FALSE(byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)
        << "a C1 control at " << i << ": " << text;
  }
}

// ---- Messages stay text ----------------------------------------------------------------------------------------

TEST(hostile_input, escape_sequences_in_keys_reach_messages_escaped) {
  // Raw bytes written into the file, as an attacker would: JSON strings may hold DEL and C1 controls unescaped,
  // and ESC written as \u001b decodes to the byte itself.
  const std::string text = R"({"schema_version": 1, "name": "t", "duration": "1m",
    "services": {"api": {"workers": 4, "x\u001b]0;owned\u0007": 1},
                 "b)" "\x7f" R"(ad": {"workers": 1}},
    "edges": {"api->)" "\xc2\x9b" R"(2J": {}},
    "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 10}},
    "variants": {"v": {"services.api.w\u001b[2Jorkers": 2}}})";
  const LoadResult r = load_scenario_text(text, "evil\x1b[31m.json");
  ASSERT_FALSE(r.ok());
  const std::string shown = all_errors(r);
  expect_terminal_safe(shown);
  EXPECT_NE(shown.find("evil\\x1b[31m.json:"), std::string::npos) << shown;
  EXPECT_NE(shown.find("services.api.x\\x1b]0;owned\\x07: unknown key"), std::string::npos) << shown;
  EXPECT_NE(shown.find("services.b\\x7fad"), std::string::npos) << shown;
  EXPECT_NE(shown.find("edges.api->\\u009b2J"), std::string::npos) << shown;
  EXPECT_NE(shown.find("services.api.w\\x1b[2Jorkers"), std::string::npos) << shown;
}

TEST(hostile_input, the_fields_of_an_error_keep_the_raw_text_for_programs) {
  // Escaping is for the terminal: the GUI and tests read path and message as the file has them.
  const LoadError e{"f.json", 1, 2, "services.a\x1b", "unknown key"};
  EXPECT_EQ(e.path, "services.a\x1b");
  EXPECT_EQ(e.to_string(), "f.json:1:2: services.a\\x1b: unknown key");
}

// ---- Every byte counts -----------------------------------------------------------------------------------------

TEST(hostile_input, a_nul_byte_is_rejected_with_its_line_and_column) {
  // Everything after the NUL used to be ignored, so this loaded as the valid scenario before it.
  const std::string text = minimal().dump(2) + "\n" + std::string("\0", 1) + R"({"seed": "ignored"})";
  const LoadResult r = load_scenario_text(text, "nul.json");
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(r.errors[0].line, lines + 1);
  EXPECT_EQ(r.errors[0].column, 1);
  EXPECT_NE(r.errors[0].to_string().find("nul.json:"), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("NUL byte"), std::string::npos) << r.errors[0].message;
}

TEST(hostile_input, a_nul_byte_inside_a_string_is_rejected_too) {
  std::string text = minimal().dump();
  text.replace(text.find("\"t\""), 3, std::string("\"t\0x\"", 5));
  const LoadResult r = load_scenario_text(text, "nul.json");
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_NE(r.errors[0].message.find("NUL byte"), std::string::npos);
}

TEST(hostile_input, other_bytes_json_forbids_are_rejected_where_they_are) {
  for (const std::string& bad : {std::string("\x1b"), std::string("\x7f"), std::string("\xff")}) {
    std::string text = minimal().dump();
    text.insert(text.find("\"name\""), bad);  // outside any string
    const LoadResult r = load_scenario_text(text, "bad.json");
    ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
    EXPECT_EQ(r.errors[0].line, 1);
    EXPECT_EQ(r.errors[0].column, static_cast<int>(text.find(bad)) + 1) << r.errors[0].to_string();
    EXPECT_NE(r.errors[0].message.find("invalid JSON"), std::string::npos);
    expect_terminal_safe(r.errors[0].to_string());
  }
  std::string raw_control_in_string = minimal().dump();
  raw_control_in_string.replace(raw_control_in_string.find("\"t\""), 3, "\"t\x1b\"");
  EXPECT_FALSE(load_scenario_text(raw_control_in_string, "bad.json").ok());
}

TEST(hostile_input, a_top_level_that_is_not_an_object_is_reported_with_the_file_name) {
  for (const char* text : {"[1, 2]", "42", "\"scenario\"", "null"}) {
    const LoadResult r = load_scenario_text(text, "top.json");
    ASSERT_EQ(r.errors.size(), 1u) << text;
    EXPECT_EQ(r.errors[0].file, "top.json");
    EXPECT_EQ(r.errors[0].to_string().rfind("top.json:1:1: expected a scenario object, found ", 0), 0u)
        << r.errors[0].to_string();
  }
}

// ---- Integers as JSON Schema counts them ------------------------------------------------------------------------

TEST(hostile_input, a_whole_float_is_accepted_wherever_an_integer_is_expected) {
  json j = minimal();
  j["services"]["api"]["workers"] = 8.0;
  j["clients"]["count"] = 1e3;
  j["seed"] = 7.0;
  j["edges"] = {{"clients->api", {{"retry", {{"max_attempts", 3.0}}}}}};
  const LoadResult r = load_scenario_text(j.dump(), "t.json");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].workers, 8u);
  EXPECT_EQ(r.scenario->seed, 7u);
}

TEST(hostile_input, a_fraction_where_an_integer_is_expected_is_rejected) {
  json j = minimal();
  j["services"]["api"]["workers"] = 8.5;
  j["seed"] = 1.5;
  const LoadResult r = load_scenario_text(j.dump(), "t.json");
  const std::string shown = all_errors(r);
  EXPECT_NE(shown.find("services.api.workers: expected an integer from 1 to"), std::string::npos) << shown;
  EXPECT_NE(shown.find("found the number 8.5"), std::string::npos) << shown;
  EXPECT_NE(shown.find("seed: expected an unsigned 64-bit integer, found the number 1.5"), std::string::npos) << shown;
}

TEST(hostile_input, a_whole_float_out_of_range_is_rejected_like_the_integer) {
  json j = minimal();
  j["services"]["api"]["workers"] = 1e300;
  j["seed"] = -1.0;
  const LoadResult r = load_scenario_text(j.dump(), "t.json");
  const std::string shown = all_errors(r);
  EXPECT_NE(shown.find("services.api.workers: expected an integer from 1 to"), std::string::npos) << shown;
  EXPECT_NE(shown.find("seed: expected an unsigned 64-bit integer"), std::string::npos) << shown;
  json big_seed = minimal();
  big_seed["seed"] = 1e19;  // a whole number below 2^64: exact as a double, valid under the schema
  const LoadResult r2 = load_scenario_text(big_seed.dump(), "t.json");
  ASSERT_TRUE(r2.ok()) << all_errors(r2);
  EXPECT_EQ(r2.scenario->seed, 10000000000000000000ull);
}

}  // namespace
}  // namespace chaossim
