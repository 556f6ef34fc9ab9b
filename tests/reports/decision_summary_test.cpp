// reports/html/decision_summary.h: the report's first table and its "Best:" line, which must respect confidence
// intervals and say in words why a variant wins.
#include "html/decision_summary.h"

#include <array>
#include <map>

#include <gtest/gtest.h>

#include "html/html_report.h"

namespace chaossim {
namespace {

// A results folder in memory: each variant's overall metrics and half-widths as JSON object bodies.
Results results_with(std::size_t replications, const std::vector<std::array<std::string, 3>>& variants) {
  std::map<std::string, std::string> files;
  std::string names;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto& [name, metrics, ci] = variants[i];
    names += (i ? ",\"" : "\"") + name + "\"";
    files[name + "/summary.json"] = R"({"replications":)" + std::to_string(replications) + R"(,"metrics":{)" +
                                    metrics + R"(},"ci95":{)" + ci +
                                    R"(},"phases":{"during":{"amplification":2.4}}})";
  }
  files["manifest.json"] = R"({"replications":)" + std::to_string(replications) + R"(,"variants":[)" + names + "]}";
  auto r = read_results(InMemoryResults(files), "results");
  EXPECT_TRUE(std::holds_alternative<Results>(r));
  return std::get<Results>(std::move(r));
}

TEST(best_variant_sentence, names_the_winner_and_why_in_words) {
  const Results r = results_with(5, {{"baseline", R"("duplicates":6000,"ops_failed":40,"latency.p99":1.2)",
                                      R"("duplicates":90,"ops_failed":5,"latency.p99":0.1)"},
                                     {"keys", R"("duplicates":0,"ops_failed":41,"latency.p99":1.25)",
                                      R"("duplicates":0,"ops_failed":5,"latency.p99":0.1)"}});
  EXPECT_EQ(best_variant_sentence(r), "keys: no duplicate effects, p99 1.25 s");
}

TEST(best_variant_sentence, goes_on_to_the_next_criterion_while_variants_cannot_be_told_apart) {
  // Duplicates 0 ± 0 in both: failed operations decide (40 ± 5 against 0 ± 0).
  const Results r = results_with(5, {{"breaker", R"("duplicates":0,"ops_failed":40,"latency.p99":0.06)",
                                      R"("duplicates":0,"ops_failed":5,"latency.p99":0.01)"},
                                     {"fallback", R"("duplicates":0,"ops_failed":0,"latency.p99":0.064)",
                                      R"("duplicates":0,"ops_failed":0,"latency.p99":0.01)"}});
  EXPECT_EQ(best_variant_sentence(r), "fallback: no failed operations, p99 64 ms");
}

TEST(best_variant_sentence, says_when_nothing_is_significantly_better) {
  const Results r = results_with(5, {{"a", R"("duplicates":10,"ops_failed":4)", R"("duplicates":8,"ops_failed":3)"},
                                     {"b", R"("duplicates":12,"ops_failed":5)", R"("duplicates":8,"ops_failed":3)"}});
  EXPECT_NE(best_variant_sentence(r).find("No variant is significantly better"), std::string::npos);
}

TEST(best_variant_sentence, one_run_per_variant_is_compared_as_it_is_and_says_so) {
  const Results r = results_with(1, {{"a", R"("duplicates":10)", R"("duplicates":null)"},
                                     {"b", R"("duplicates":0)", R"("duplicates":null)"}});
  const std::string s = best_variant_sentence(r);
  EXPECT_EQ(s.rfind("b: no duplicate effects", 0), 0u) << s;
  EXPECT_NE(s.find("not tested for significance"), std::string::npos);
}

TEST(decision_summary_html, shows_customers_hit_twice_and_amplification_during_the_faults) {
  const Results r = results_with(1, {{"baseline",
                                      R"("ops":1000,"duplicates":70,"effects.charge.ops_duplicated":60,)"
                                      R"("success_rate":0.99,"amplification":1.1,"recovered":null)",
                                      ""}});
  const std::string html = decision_summary_html(r);
  EXPECT_NE(html.find("<td class=\"num bad\">60</td>"), std::string::npos) << html;  // customers charged twice
  EXPECT_NE(html.find("1.1× · 2.4×"), std::string::npos);                           // during the faults: a storm
  EXPECT_NE(html.find("<td>n/a</td>"), std::string::npos);                          // no fault ends: no recovery
  // It comes right after the header in the report, before the verdicts.
  const std::string page = render_html_report(r, nullptr, "d");
  EXPECT_LT(page.find("id=\"decision\""), page.find("id=\"verdicts\""));
}

TEST(html_report, a_demonstrated_failure_is_not_reported_as_health) {
  // A lesson's broken baseline: 6,000 duplicate charges is what it demonstrates (role "demonstrates"). The
  // headline says the lesson holds, the badge is not a green pass, and the fix's checks stay green.
  const std::map<std::string, std::string> files{
      {"manifest.json", R"({"variants":["baseline","keys"]})"},
      {"baseline/summary.json",
       R"({"metrics":{"duplicates":6000},"expectations":[{"metric":"duplicates","op":">","value":3000,)"
       R"("measured":6000,"passed":true,"role":"demonstrates"},{"metric":"duplicates","op":">","value":1,)"
       R"("measured":6000,"passed":true,"role":"demonstrates"}]})"},
      {"keys/summary.json", R"({"metrics":{"duplicates":0},"expectations":[{"metric":"duplicates","op":"==",)"
                            R"("value":0,"measured":0,"passed":true,"role":"checks"}]})"}};
  auto r = read_results(InMemoryResults(files), "results");
  ASSERT_TRUE(std::holds_alternative<Results>(r));
  const std::string html = render_html_report(std::get<Results>(r), nullptr, "d");
  EXPECT_EQ(html.find("All 3 expectations hold"), std::string::npos);
  EXPECT_NE(html.find("The lesson holds: 2 failures demonstrated, 1 check passes"), std::string::npos);
  EXPECT_NE(html.find("⚑ DEMONSTRATED"), std::string::npos);
  EXPECT_NE(html.find("✓ PASS"), std::string::npos);
}

}  // namespace
}  // namespace chaossim
