// reports/ci: the JUnit XML and results.json a CI job reads.
#include "ci/junit_xml.h"
#include "ci/results_json.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

Aggregate with_expectations(std::vector<bool> outcomes) {
  Aggregate a;
  a.scenario = "s";
  a.variant = "v";
  a.seed = 7;
  a.replications = 1;
  for (const bool passed : outcomes) {
    ExpectationResult r;
    r.expectation.metric = "duplicates";
    r.expectation.op = Expectation::Op::eq;
    r.expectation.value_text = "0";
    r.found = true;
    r.measured = passed ? 0 : 12;
    r.passed = passed;
    a.expectations.push_back(r);
  }
  return a;
}

TEST(xml_text, escapes_markup_and_replaces_what_xml_cannot_carry) {
  EXPECT_EQ(xml_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_text("bell\x07" "esc\x1b[31m"), "bell\xEF\xBF\xBD" "esc\xEF\xBF\xBD[31m");
  EXPECT_EQ(xml_text("caf\xC3\xA9 \xFF"), "caf\xC3\xA9 \xEF\xBF\xBD") << "valid UTF-8 kept, a stray byte replaced";
  EXPECT_EQ(xml_text("tab\tline\n"), "tab\tline\n");
}

TEST(junit_xml, one_case_per_expectation_with_the_failure_and_how_to_reproduce_it) {
  const Aggregate a = with_expectations({true, false});
  const std::string xml = junit_xml("s", {{"v", &a, "chaossim run s --variant v --seed 7"}});
  EXPECT_NE(xml.find("<testsuites name=\"chaossim s\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"measured 12\""), std::string::npos);
  EXPECT_NE(xml.find("reproduce: chaossim run s --variant v --seed 7"), std::string::npos);
}

TEST(junit_xml, an_unfinished_configuration_is_an_error_and_an_unchecked_one_is_skipped) {
  const Aggregate unchecked = with_expectations({});
  const std::string xml = junit_xml("s", {{"a", &unchecked, ""}, {"b", nullptr, ""}});
  EXPECT_NE(xml.find("tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped message=\"no expectations: nothing was checked\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<error message=\"interrupted before this configuration finished\""), std::string::npos);
}

TEST(junit_xml, names_from_the_scenario_stay_text) {
  Aggregate a = with_expectations({false});
  a.expectations[0].expectation.metric = "</failure><script>";
  const std::string xml = junit_xml("<s>", {{"v\"><x", &a, "'"}});
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_EQ(xml.find("v\"><x"), std::string::npos);
}

TEST(run_outcome, tells_a_run_that_checked_nothing_from_one_that_passed) {
  const Aggregate pass = with_expectations({true}), fail = with_expectations({true, false}), none = with_expectations({});
  EXPECT_EQ(run_outcome({{"a", &pass, ""}}), "passed");
  EXPECT_EQ(run_outcome({{"a", &pass, ""}, {"b", &fail, ""}}), "failed");
  EXPECT_EQ(run_outcome({{"a", &none, ""}}), "unchecked");
  EXPECT_EQ(run_outcome({{"a", &none, ""}, {"b", &pass, ""}}), "passed");
  EXPECT_EQ(run_outcome({{"a", &pass, ""}, {"b", nullptr, ""}}), "interrupted");
}

TEST(results_json, holds_every_configuration_with_its_summary_and_what_is_missing) {
  const Aggregate pass = with_expectations({true});
  const auto j = nlohmann::json::parse(
      results_json({"s", 7, 1, {"duration=1m"}, {}, {{"a", &pass, "chaossim run s --seed 7"}, {"b", nullptr, ""}}, {}}));
  EXPECT_EQ(j["outcome"], "interrupted");
  EXPECT_EQ(j["complete"], false);
  EXPECT_EQ(j["missing"], nlohmann::json::array({"b"}));
  ASSERT_EQ(j["configurations"].size(), 1u);
  EXPECT_EQ(j["configurations"][0]["reproduce"], "chaossim run s --seed 7");
  EXPECT_EQ(j["configurations"][0]["summary"]["expectations"][0]["passed"], true);
}

}  // namespace
}  // namespace chaossim
