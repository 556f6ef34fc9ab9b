// reports/html/ranking.h: a report's ★ claims a real difference, so it follows a significance test, never a bare
// comparison of means.
#include "html/ranking.h"

#include <cmath>

#include <gtest/gtest.h>

#include "html/html_report.h"
#include "html/results.h"

namespace chaossim {
namespace {

TEST(best_configurations, one_replication_marks_nothing_however_far_apart) {
  // 0 against 6,238 duplicates: with one run each, chance cannot be ruled out, and the star would be a guess.
  EXPECT_TRUE(best_configurations("duplicates", {Estimate{6238, NAN, 1}, Estimate{0, NAN, 1}}).empty());
}

TEST(best_configurations, marks_the_best_when_another_is_significantly_worse) {
  const double h = student_t_975(4) * 10 / std::sqrt(5.0);  // sd 10 over 5 replications
  const auto best = best_configurations("duplicates", {Estimate{6238, h, 5}, Estimate{0, 0, 5}});
  EXPECT_EQ(best, (std::set<std::size_t>{1}));
}

TEST(best_configurations, overlapping_intervals_share_the_star_and_all_alike_get_none) {
  // 1.109 ± 0.01 and 1.110 ± 0.01 cannot be told apart; 1.5 ± 0.01 is worse than both.
  const std::vector<std::optional<Estimate>> three{Estimate{1.110, 0.01, 5}, Estimate{1.109, 0.01, 5},
                                                   Estimate{1.5, 0.01, 5}};
  EXPECT_EQ(best_configurations("amplification", three), (std::set<std::size_t>{0, 1}));
  const std::vector<std::optional<Estimate>> two{Estimate{1.110, 0.01, 5}, Estimate{1.109, 0.01, 5}};
  EXPECT_TRUE(best_configurations("amplification", two).empty());
}

TEST(best_configurations, neutral_metrics_absent_and_undefined_values_are_not_ranked) {
  EXPECT_TRUE(best_configurations("ops", {Estimate{1, 0, 5}, Estimate{9, 0, 5}}).empty());  // load: no direction
  EXPECT_EQ(best_configurations("success_rate", {std::nullopt, Estimate{NAN, NAN, 5}, Estimate{0.9, 0, 5},
                                                  Estimate{0.99, 0, 5}}),
            (std::set<std::size_t>{3}));
}

// A results folder in memory with `replications` runs per variant and these duplicates (mean, half-width).
Results results_with(std::size_t replications, std::vector<std::pair<double, std::string>> duplicates) {
  std::map<std::string, std::string> files;
  std::string variants;
  for (std::size_t i = 0; i < duplicates.size(); ++i) {
    const std::string name = "v" + std::to_string(i);
    variants += (i ? ",\"" : "\"") + name + "\"";
    files[name + "/summary.json"] = R"({"replications":)" + std::to_string(replications) +
                                    R"(,"metrics":{"duplicates":)" + std::to_string(duplicates[i].first) +
                                    R"(},"ci95":{"duplicates":)" + duplicates[i].second + "}}";
  }
  files["manifest.json"] = R"({"replications":)" + std::to_string(replications) + R"(,"variants":[)" + variants + "]}";
  auto r = read_results(InMemoryResults(files), "results");
  EXPECT_TRUE(std::holds_alternative<Results>(r));
  return std::get<Results>(std::move(r));
}

TEST(html_report, stars_only_a_significant_best_and_says_why) {
  const std::string ranked = render_html_report(results_with(5, {{6238, "40"}, {0, "0"}}), nullptr, "d");
  EXPECT_NE(ranked.find("class=\"num best\""), std::string::npos);
  EXPECT_NE(ranked.find("Welch"), std::string::npos);
  const std::string single = render_html_report(results_with(1, {{6238, "null"}, {0, "null"}}), nullptr, "d");
  EXPECT_EQ(single.find("class=\"num best\""), std::string::npos);
  EXPECT_NE(single.find("--replications"), std::string::npos);  // the legend says how to get a ranking
}

}  // namespace
}  // namespace chaossim
