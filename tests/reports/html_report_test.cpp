// reports/html: the report of a bundled scenario run end to end through the command line, summary.md, the
// results reader and the sweep charts.
#include "html/html_report.h"

#include <cmath>
#include <gtest/gtest.h>
#include <unistd.h>  // getpid: a temporary folder per test process

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>  // manifest.json is checked as parsed JSON, not as text

#include "charts/chart_spec.h"
#include "support/cli.h"
#include "html/results.h"
#include "html/summary_markdown.h"
#include "html/sweep_section.h"
#include "reports/qt_test_setup.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;
const auto read = testing::slurp;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// One run of a bundled lesson shared by the tests below (a 2-minute run of every variant).
class LostRepliesReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    use_offscreen_qt_for_tests();
    s_dir = fs::temp_directory_path() / ("chaossim-report-test-" + std::to_string(::getpid()));
    fs::remove_all(s_dir);
    const std::string scenario = std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json";
    s_run_status = cli({"run", scenario, "--all-variants", "--out", s_dir.string(), "--quiet", "--set", "duration=2m"});
    s_report_status = cli({"report", s_dir.string()});
    s_html = read(s_dir / "report.html");
    s_markdown = read(s_dir / "summary.md");
  }
  static void TearDownTestSuite() { fs::remove_all(s_dir); }

  static inline fs::path s_dir;
  static inline int s_run_status = -1, s_report_status = -1;
  static inline std::string s_html, s_markdown;
};

TEST_F(LostRepliesReport, run_records_scenario_and_manifest_without_timestamps) {
  EXPECT_TRUE(s_run_status == 0 || s_run_status == 1) << s_run_status;  // 1: an expectation failed in 2 minutes
  ASSERT_TRUE(fs::exists(s_dir / "scenario.json"));
  // Compared as parsed JSON, so the test pins what the manifest says rather than how it is indented.
  const nlohmann::json manifest = nlohmann::json::parse(read(s_dir / "manifest.json"), nullptr, false);
  ASSERT_TRUE(manifest.is_object()) << read(s_dir / "manifest.json");
  EXPECT_EQ(manifest.value("scenario", ""), "lost-replies");
  EXPECT_EQ(manifest.value("variants", nlohmann::json()),
            nlohmann::json::array({"baseline", "idempotency-keys", "per-attempt-keys"}));
  const nlohmann::json overrides = manifest.value("overrides", nlohmann::json());
  ASSERT_TRUE(overrides.is_array());
  ASSERT_EQ(overrides.size(), 1u);
  EXPECT_EQ(overrides[0].value("path", ""), "duration");
  // No timestamps, so two runs of the same command write the same manifest: no key names a date or time, and no
  // value looks like one.
  const std::regex timestamp(R"(\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2})");
  std::vector<const nlohmann::json*> todo{&manifest};
  while (!todo.empty()) {
    const nlohmann::json& j = *todo.back();
    todo.pop_back();
    if (j.is_string()) {
      EXPECT_FALSE(std::regex_search(j.get<std::string>(), timestamp)) << j;
    }
    if (!j.is_structured()) continue;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (j.is_object()) {
        const std::string& key = it.key();
        EXPECT_EQ(key.find("date"), std::string::npos) << key;
        EXPECT_EQ(key.find("timestamp"), std::string::npos) << key;
        EXPECT_FALSE(key.size() >= 4 && key.compare(key.size() - 4, 4, "time") == 0) << key;
      }
      todo.push_back(&*it);
    }
  }
}

TEST_F(LostRepliesReport, report_has_a_verdict_per_expectation) {
  ASSERT_EQ(s_report_status, 0);
  auto results = read_results(s_dir);
  ASSERT_TRUE(std::holds_alternative<Results>(results));
  const Results& r = std::get<Results>(results);
  ASSERT_EQ(r.variants.size(), 3u);
  EXPECT_EQ(r.expectation_count(), 5u);  // 2 baseline, 2 idempotency-keys, 1 per-attempt-keys
  EXPECT_EQ(count(s_html, "<span class=\"badge pass\">") + count(s_html, "<span class=\"badge fail\">"),
            r.expectation_count());
  // Verdicts come before everything else in the body.
  EXPECT_LT(s_html.find("id=\"verdicts\""), s_html.find("id=\"about\""));
  EXPECT_LT(s_html.find("id=\"verdicts\""), s_html.find("id=\"metrics\""));
  EXPECT_NE(s_html.find("<code>effects.charge.duplicates</code> =="), std::string::npos);
}

TEST_F(LostRepliesReport, report_has_header_and_key_metrics) {
  EXPECT_NE(s_html.find("Lost replies: retries charge customers twice"), std::string::npos);
  EXPECT_NE(s_html.find("<strong>retries</strong>"), std::string::npos);  // the description, rendered
  EXPECT_NE(s_html.find("<dt>Seed</dt><dd>42</dd>"), std::string::npos);
  // The fault with its parameters, not just its type.
  EXPECT_NE(s_html.find("drop_response on <code>clients-&gt;payments</code>, from 0s to the end <span class=\"dir\">"
                        "(probability 10 %)</span>"),
            std::string::npos);
  EXPECT_NE(s_html.find("<dt>Generated</dt>"), std::string::npos);
  EXPECT_NE(s_html.find("id=\"metrics\""), std::string::npos);
  // One replication cannot show a difference to be more than chance: nothing is starred, and the legend says how
  // to get a ranking (ranking_test.cpp has the starred case).
  EXPECT_EQ(s_html.find("class=\"num best\""), std::string::npos);
  EXPECT_NE(s_html.find("--replications"), std::string::npos);
}

TEST_F(LostRepliesReport, report_has_a_chart_per_standard_chart) {
  auto results = read_results(s_dir);
  const Results& r = std::get<Results>(results);
  const auto charts = standard_charts(r.variants.front().series.columns);
  ASSERT_FALSE(charts.empty());
#ifdef CHAOSSIM_HAVE_QT_CHARTS
  // Each chart is drawn, or, when it stayed at zero in every variant, named in one line of text instead.
  const std::size_t quiet_at = s_html.find("<p class=\"note\" id=\"quiet-charts\">");
  ASSERT_NE(quiet_at, std::string::npos);  // lost-replies has no breaker: that chart stays at zero
  const std::string quiet = s_html.substr(quiet_at, s_html.find("</p>", quiet_at) - quiet_at);
  EXPECT_NE(quiet.find("Circuit breakers open"), std::string::npos) << quiet;
  std::size_t drawn = 0;
  for (const ChartSpec& c : charts) {
    const std::size_t at = s_html.find("<figure id=\"chart-" + c.id + "\">");
    if (at == std::string::npos) {
      EXPECT_NE(quiet.find(c.title), std::string::npos) << c.id;
      continue;
    }
    ++drawn;
    EXPECT_EQ(quiet.find(c.title), std::string::npos) << c.id;
    EXPECT_EQ(s_html.compare(s_html.find('\n', at) + 1, 4, "<svg"), 0) << c.id;
  }
  EXPECT_NE(s_html.find("<figure id=\"chart-duplicates\">"), std::string::npos);  // the point of the lesson
  EXPECT_EQ(count(s_html, "<svg"), drawn + 1);  // and the topology diagram of "The system"
#else
  // A build without Qt says so where the charts would be, and the tables are all there.
  EXPECT_NE(s_html.find(kNoChartsInThisBuild), std::string::npos);
  EXPECT_EQ(count(s_html, "<svg"), 1u);  // the topology diagram only (Graphviz, not Qt)
#endif
}

TEST_F(LostRepliesReport, report_opens_without_a_network) {
  EXPECT_FALSE(std::regex_search(s_html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(s_html, std::regex(R"(url\(\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_EQ(s_html.find("@import"), std::string::npos);
  EXPECT_EQ(s_html.find("<script"), std::string::npos);
  EXPECT_EQ(s_html.find("<link"), std::string::npos);
  EXPECT_EQ(s_html.find("<!DOCTYPE svg"), std::string::npos);
}

TEST_F(LostRepliesReport, summary_markdown_has_verdicts_and_metrics) {
  EXPECT_NE(s_markdown.find("## chaossim: Lost replies: retries charge customers twice"), std::string::npos);
  EXPECT_NE(s_markdown.find("| Variant | Expectation | Measured | Result |"), std::string::npos);
  EXPECT_EQ(count(s_markdown, "✅ pass") + count(s_markdown, "❌ **FAIL**"), 5u);
  EXPECT_NE(s_markdown.find("| `success_rate` |"), std::string::npos);
}

TEST_F(LostRepliesReport, report_is_written_elsewhere_with_o_and_its_summary_beside_it_under_its_name) {
  const fs::path other = s_dir / "elsewhere" / "r.html";
  fs::create_directories(other.parent_path());
  EXPECT_EQ(cli({"report", s_dir.string(), "-o", other.string()}), 0);
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::exists(other.parent_path() / "r.md"));
  EXPECT_FALSE(fs::exists(other.parent_path() / "summary.md"));
}

TEST(report_command, run_with_report_writes_the_report_after_the_run) {
  use_offscreen_qt_for_tests();
  const fs::path dir = fs::temp_directory_path() / ("chaossim-run-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string scenario = std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json";
  const int status = cli({"run", scenario, "--out", dir.string(), "--quiet", "--set", "duration=1m", "--report"});
  EXPECT_TRUE(status == 0 || status == 1) << status;
  const std::string html = read(dir / "report.html");
  EXPECT_NE(html.find("<section id=\"verdicts\">"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "summary.md"));
  fs::remove_all(dir);
}

TEST(report_command, a_folder_without_results_is_invalid_input) {
  const fs::path empty = fs::temp_directory_path() / ("chaossim-empty-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  EXPECT_EQ(cli({"report", empty.string()}), 2);
  EXPECT_EQ(cli({"report", (empty / "missing").string()}), 2);
  EXPECT_FALSE(fs::exists(empty / "report.html"));
  fs::remove_all(empty);
}

// A hostile results folder: every string that reaches the page is escaped.
TEST(html_report, untrusted_strings_are_escaped) {
  Results r;
  r.dir = "x";
  r.scenario = "<script>alert(1)</script>";
  r.title = "<img src=x onerror=alert(1)>";
  r.description = "[x](javascript:alert(1)) <script>alert(2)</script>";
  r.faults.push_back({"<b>", "<i>", "<u>", "<s>", "", "<b>"});
  r.overrides.emplace_back("<a>", "\"<b>\"");
  VariantResults v;
  v.name = "<svg onload=alert(1)>";
  v.metrics = {{"<m>", 1.0}, {"success_rate", 0.5}};
  v.verdicts.push_back({"<m>", "<", "<p>", 1, 2, false, "<e>", "checks"});
  r.variants.push_back(v);
  const std::string html = render_html_report(r, nullptr, "<date>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<m>"), std::string::npos);
  EXPECT_EQ(html.find("<date>"), std::string::npos);
  const std::string md = render_summary_markdown(r, "d");
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
}

// A live run's report says it was live, against what, and for how long on the wall clock; the URLs and commands
// come from the command line and are escaped like every other string of the folder.
TEST(html_report, a_live_run_is_called_live_with_its_services_and_wall_clock_time) {
  Results r;
  r.dir = "x";
  r.scenario = "checkout";
  r.duration_seconds = 10;
  r.live = Results::Live{{{"checkout", "http://127.0.0.1:8080/<script>alert(1)</script>", ""},
                          {"worker", "http://127.0.0.1:40123", "python3 w.py --name '<img src=x>'"}},
                         4.25,
                         true};
  VariantResults v;
  v.name = "baseline";
  v.metrics = {{"success_rate", 0.5}};
  r.variants.push_back(v);
  const std::string html = render_html_report(r, nullptr, "d");
  EXPECT_NE(html.find("LIVE</span> measured on real services, not simulated"), std::string::npos);
  EXPECT_EQ(html.find("10 s simulated"), std::string::npos) << "the run length must not say simulated";
  EXPECT_NE(html.find("10 s of wall-clock time, interrupted after 4.25 s"), std::string::npos);
  EXPECT_NE(html.find("<code>checkout</code> at <code>http://127.0.0.1:8080/&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("started by chaossim: <code>python3 w.py --name &#39;&lt;img src=x&gt;&#39;</code>"),
            std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  const std::string md = render_summary_markdown(r, "d");
  EXPECT_NE(md.find("**Live run** against `checkout` at "), std::string::npos) << md;
  EXPECT_NE(md.find("`worker` at `http://127.0.0.1:40123`, 10 s of wall-clock time, interrupted after 4.25 s."),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("<script"), std::string::npos);

  r.live.reset();  // the same folder from `chaossim run`
  EXPECT_NE(render_html_report(r, nullptr, "d").find("10 s simulated"), std::string::npos);
  EXPECT_EQ(render_summary_markdown(r, "d").find("Live run"), std::string::npos);
}

TEST(results, timeseries_and_sweep_csv_parse) {
  const auto d = parse_timeseries_csv("t_start_s,t_end_s,ops,latency.p99\n0,5,10,0.25\n5,10,20,\n", "v");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->row_count(), 2u);
  EXPECT_DOUBLE_EQ(d->bucket_seconds, 5.0);
  EXPECT_TRUE(std::isnan(d->rows[7]));  // an empty cell is undefined, not 0
  EXPECT_FALSE(parse_timeseries_csv("t_start_s,ops\n0,abc\n", "v"));
  EXPECT_FALSE(parse_timeseries_csv("t_start_s,ops\n0,inf\n", "v"));

  const auto s = parse_sweep_csv(
      "a.max_attempts,\"b,c\",folder,duplicates,passed\n1,x,point-001,0.5,true\n2,\"y,z\",point-002,,false\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->axes, (std::vector<std::string>{"a.max_attempts", "b,c"}));
  EXPECT_EQ(s->metrics, (std::vector<std::string>{"duplicates", "passed"}));
  ASSERT_EQ(s->points.size(), 2u);
  EXPECT_EQ(s->points[1].values[1], "y,z");
  EXPECT_EQ(s->points[1].folder, "point-002");
  EXPECT_EQ(s->points[0].metrics, (std::vector<double>{0.5, 1}));  // passed: true
  EXPECT_TRUE(std::isnan(s->points[1].metrics[0]));                // an empty cell: undefined
  EXPECT_EQ(s->points[1].metrics[1], 0);
}

TEST(sweep_charts, one_line_per_combination_of_the_other_parameters) {
  SweepTable t;
  t.axes = {"edges.clients->api.retry.max_attempts", "services.api.idempotency.enabled"};
  t.metrics = {"duplicates", "amplification", "success_rate", "latency.p99", "passed"};
  int i = 0;
  for (const char* attempts : {"1", "2", "4"})
    for (const char* enabled : {"false", "true"}) {
      ++i;
      t.points.push_back({{attempts, enabled}, "point-00" + std::to_string(i), {double(i), 1.0, 0.9, 0.1, 1}});
    }
  const auto charts = sweep_charts(t);
  ASSERT_EQ(charts.size(), 4u);
  EXPECT_EQ(charts[0].spec.x_label, "max_attempts");
  EXPECT_TRUE(charts[0].spec.x_categories.empty());
  ASSERT_EQ(charts[0].lines.size(), 2u);
  EXPECT_EQ(charts[0].lines[0].variant, "enabled=false");
  EXPECT_EQ(chart_points(charts[0].spec, charts[0].spec.series[0], charts[0].lines[1]),
            (ChartPoints{{1, 2}, {2, 4}, {4, 6}}));
  EXPECT_TRUE(charts[2].spec.percent);
}

TEST(sweep_charts, a_parameter_that_is_not_a_number_becomes_categories) {
  SweepTable t;
  t.axes = {"edges.clients->api.idempotency_key"};
  t.metrics = {"duplicates"};
  t.points = {{{"per_operation"}, "point-001", {0}}, {{"per_attempt"}, "point-002", {3}}};
  const auto charts = sweep_charts(t);
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_EQ(charts[0].spec.x_categories, (std::vector<std::string>{"per_operation", "per_attempt"}));
  EXPECT_EQ(chart_points(charts[0].spec, charts[0].spec.series[0], charts[0].lines[0]), (ChartPoints{{0, 0}, {1, 3}}));
}

}  // namespace
}  // namespace chaossim
