// reports/html: the report of a tampered or huge results folder stays bounded (report_limits.h) and is made in time
// linear in what it reads. The folders are built in memory (InMemoryResults) or, where the file system matters,
// on disk. Sizes are chosen so that the quadratic code this replaced took seconds; the tests assert sizes and
// behaviour, never time.
#include <gtest/gtest.h>

#include <clocale>
#include <cstdlib>  // system, setenv: a comma locale compiled for the test
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <variant>

#include "charts/chart_spec.h"
#include "html/chart_downsampling.h"
#include "html/html_report.h"
#include "html/markdown.h"
#include "html/report_limits.h"
#include "html/results.h"
#include "html/summary_markdown.h"
#include "html/sweep_section.h"
#include "support/files.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// Draws nothing; records how many lines and points each chart was given.
class CountingRenderer : public ChartRenderer {
 public:
  std::size_t charts = 0, most_lines = 0, most_points_per_line = 0;
  std::vector<ChartData> last;
  std::string svg(const ChartSpec& spec, const std::vector<ChartData>& variants, const FaultBands&, int,
                  int) override {
    ++charts;
    most_lines = std::max(most_lines, spec.series.size() * variants.size());
    for (const ChartData& d : variants) most_points_per_line = std::max(most_points_per_line, d.row_count());
    last = variants;
    return "<svg></svg>";
  }
};

std::string summary_with_metrics(std::size_t metrics) {
  std::string s = R"({"scenario":"s","metrics":{)";
  for (std::size_t i = 0; i < metrics; ++i) s += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":" + std::to_string(i);
  return s + "}}";
}

Results read_ok(const Files& files) {
  auto r = read_results(InMemoryResults(files), "results");
  if (auto* error = std::get_if<std::string>(&r)) ADD_FAILURE() << *error;
  return std::get<Results>(std::move(r));
}

TEST(report_limits, a_manifest_naming_a_variant_twice_is_refused) {
  std::string variants;
  for (int i = 0; i < 500; ++i) variants += std::string(i ? "," : "") + "\"baseline\"";
  const Files files{{"manifest.json", R"({"variants":[)" + variants + "]}"},
                    {"baseline/summary.json", summary_with_metrics(3)}};
  const auto r = read_results(InMemoryResults(files), "results");
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_NE(std::get<std::string>(r).find("manifest.json names the folder \"baseline\" twice"), std::string::npos)
      << std::get<std::string>(r);
}

TEST(report_limits, a_sweep_naming_a_point_twice_or_a_column_twice_is_refused) {
  const Files twice_a_point{{"sweep.csv", "a,folder,duplicates\n1,point-001,0\n2,point-001,0\n"},
                            {"point-001/summary.json", summary_with_metrics(1)}};
  EXPECT_TRUE(std::holds_alternative<std::string>(read_results(InMemoryResults(twice_a_point), "results")));
  EXPECT_FALSE(parse_sweep_csv("a,folder,duplicates,duplicates\n1,point-001,0,0\n"));
}

TEST(report_limits, eighty_thousand_metrics_are_read_in_order_and_the_table_is_capped) {
  const Results r = read_ok({{"baseline/summary.json", summary_with_metrics(80'000)}});
  ASSERT_EQ(r.variants.front().metrics.size(), 80'000u);
  EXPECT_EQ(r.variants.front().metrics.front().first, "m0");
  EXPECT_EQ(r.variants.front().metrics.back().first, "m79999");
  const std::string html = render_html_report(r, nullptr, "d");
  EXPECT_EQ(count(html, "<tr><th><code>m"), report_limits::kMaxMetricRows);
  EXPECT_NE(html.find("The first 200 metrics are shown; the results folder has 80000."), std::string::npos);
  EXPECT_LT(html.size(), 1u << 20);
}

TEST(report_limits, a_metric_named_twice_keeps_its_first_place_and_its_last_value) {
  const Results r = read_ok({{"baseline/summary.json", R"({"metrics":{"b":1,"a":2,"b":3},"ci95":{"a":0.5}})"}});
  const auto& m = r.variants.front().metrics;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], (std::pair<std::string, double>{"b", 3.0}));
  EXPECT_EQ(m[1], (std::pair<std::string, double>{"a", 2.0}));
  EXPECT_EQ(r.variants.front().ci95.size(), 1u);
}

// A CSV of `rows` buckets: requests, latency (an empty cell when nothing was measured) and one effect's duplicates; one
// spike in the middle that downsampling must keep.
std::string long_timeseries(std::size_t rows) {
  const std::string duplicates =
      series::group_prefix(series::kEffectGroup) + "charge" + series::suffix(series::kEffectDuplicates);
  std::string csv = series::name(series::kTime) + "," + series::name(series::kOpsStarted) + "," +
                    series::name(series::kLatencyP99) + "," + duplicates + "\n";
  for (std::size_t i = 0; i < rows; ++i) {
    const bool spike = i == rows / 2;
    csv += std::to_string(i) + "," + (spike ? "99999" : "10") + "," + (i % 2 ? "0.25" : "") + ",1\n";
  }
  return csv;
}

TEST(report_limits, a_long_time_series_is_drawn_downsampled_keeping_its_extremes) {
  const std::size_t rows = 100'000;
  Results r =
      read_ok({{"baseline/summary.json", summary_with_metrics(1)}, {"baseline/timeseries.csv", long_timeseries(rows)}});
  ASSERT_EQ(r.variants.front().series.row_count(), rows);
  CountingRenderer charts;
  const std::string html = render_html_report(r, &charts, "d");
  EXPECT_GE(charts.charts, 3u);  // requests, duplicates, latency
  EXPECT_LE(charts.most_points_per_line, report_limits::kMaxPointsPerLine);
  EXPECT_NE(html.find("downsampled to the minimum and maximum of every 100 buckets"), std::string::npos);

  const std::vector<ChartSpec> specs = standard_charts(r.variants.front().series.columns);
  for (const ChartSpec& spec : specs) {
    const BoundedChart c = bounded_chart(spec, {r.variants.front().series});
    ASSERT_EQ(c.data.size(), 1u);
    const ChartPoints points = chart_points(c.spec, c.spec.series.front(), c.data.front());
    ASSERT_FALSE(points.empty()) << spec.id;
    double top = 0;
    for (const auto& [x, y] : points) top = std::max(top, y);
    if (spec.id == "requests") {
      EXPECT_DOUBLE_EQ(top, 99999.0);  // per second, 1 s buckets: the spike survives
    }
    if (spec.id == "duplicates") {
      EXPECT_FALSE(c.spec.cumulative);  // summed before downsampling
      EXPECT_DOUBLE_EQ(points.back().second, static_cast<double>(rows));
    }
    if (spec.id == "latency") {
      EXPECT_DOUBLE_EQ(top, 250.0);
      for (const auto& [x, y] : points) EXPECT_DOUBLE_EQ(y, 250.0);  // zeros are gaps, not minima
    }
  }
}

TEST(report_limits, a_chart_draws_a_bounded_number_of_lines) {
  ChartData d;
  d.columns = {series::name(series::kTime)};
  ChartSpec spec;
  spec.id = "queue";
  for (int s = 0; s < 256; ++s) {
    d.columns.push_back("services.s" + std::to_string(s) + ".queue");
    spec.series.push_back({"s" + std::to_string(s), d.columns.back()});
  }
  d.rows.assign(d.columns.size() * 10, 1.0);
  const BoundedChart c = bounded_chart(spec, std::vector<ChartData>(20, d));
  EXPECT_EQ(c.data.size(), report_limits::kMaxChartedVariants);
  EXPECT_LE(c.spec.series.size() * c.data.size(), report_limits::kMaxLinesPerChart);
  EXPECT_NE(c.note.find("The first 8 of 20 variants are drawn"), std::string::npos) << c.note;
}

TEST(report_limits, a_ratio_is_divided_before_a_long_series_is_downsampled) {
  // 100,000 buckets of 3 calls per operation (30 calls for 10 operations, or 3 for 1): the extremes of the
  // numerator (30) and of the denominator (1) would draw 30 calls per operation.
  ChartData d;
  d.columns = {series::name(series::kTime), series::name(series::kOpsStarted), "edges.api->bank.attempts"};
  for (int r = 0; r < 100'000; ++r) {
    const double ops = r % 2 ? 10 : 1;
    d.rows.insert(d.rows.end(), {static_cast<double>(r), ops, 3 * ops});
  }
  const ChartSpec spec = [&] {
    for (const ChartSpec& c : standard_charts(d.columns))
      if (c.id == "amplification") return c;
    return ChartSpec{};
  }();
  ASSERT_EQ(spec.series.size(), 1u);
  const BoundedChart c = bounded_chart(spec, {d});
  ASSERT_LE(c.data.front().row_count(), report_limits::kMaxPointsPerLine);
  for (const auto& [x, y] : chart_points(c.spec, c.spec.series.front(), c.data.front())) ASSERT_DOUBLE_EQ(y, 3.0) << x;
}

TEST(report_limits, a_timeseries_over_the_read_limit_is_reported_as_too_large_not_missing) {
  const fs::path dir = testing::fresh_temp_dir("report-limits-large-csv");
  fs::create_directories(dir / "baseline");
  std::ofstream(dir / "baseline" / "summary.json") << summary_with_metrics(1);
  std::ofstream(dir / "baseline" / "timeseries.csv") << "t_start_s\n";
  // Sparse: the size is over the limit without the disk space.
  fs::resize_file(dir / "baseline" / "timeseries.csv", results_limits::kMaxTimeseriesBytes + 1);
  auto r = read_results(dir);
  ASSERT_TRUE(std::holds_alternative<Results>(r)) << std::get<std::string>(r);
  CountingRenderer charts;
  const std::string html = render_html_report(std::get<Results>(r), &charts, "d");
  EXPECT_EQ(html.find("No time series (timeseries.csv) in this folder"), std::string::npos);
  EXPECT_NE(html.find("its timeseries.csv is 256 MB, more than the 256 MB a report reads"), std::string::npos);
  fs::remove_all(dir);
}

TEST(report_limits, a_variant_folder_that_is_a_symbolic_link_is_not_followed) {
  const fs::path dir = testing::fresh_temp_dir("report-limits-symlink");
  const fs::path elsewhere = testing::fresh_temp_dir("report-limits-elsewhere");
  std::ofstream(elsewhere / "summary.json") << summary_with_metrics(1);
  fs::create_directory_symlink(elsewhere, dir / "baseline");
  std::ofstream(dir / "manifest.json") << R"({"variants":["baseline"]})";
  const auto r = read_results(dir);
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_NE(std::get<std::string>(r).find("cannot read"), std::string::npos);
  fs::remove_all(dir);
  fs::remove_all(elsewhere);
}

TEST(report_limits, a_huge_description_is_cut_to_what_a_scenario_may_hold) {
  std::string description;
  while (description.size() < 500'000) description += "[a](";
  Results r = read_ok({{"baseline/summary.json", summary_with_metrics(1)},
                       {"manifest.json", R"({"variants":["baseline"],"description":")" + description + "\"}"}});
  ASSERT_EQ(r.description.size(), description.size());
  const std::string html = render_html_report(r, nullptr, "d");
  EXPECT_LT(html.size(), 2 * report_limits::kMaxDescriptionBytes + (64u << 10));
  // The Markdown renderer itself, on the largest text it renders as Markdown.
  const std::string fragment = markdown_to_html(description.substr(0, report_limits::kMaxDescriptionBytes));
  EXPECT_LT(fragment.size(), 4 * report_limits::kMaxDescriptionBytes);
}

// A folder at or past every limit at once: many variants, metrics, verdicts, tags, overrides, faults and long
// names. The report and summary.md stay within their bounds.
TEST(report_limits, a_folder_past_every_limit_makes_a_bounded_report) {
  const std::string long_name(300, 'n');
  std::string verdicts;
  for (int e = 0; e < 10; ++e)
    verdicts += std::string(e ? "," : "") + R"({"metric":")" + long_name +
                R"(","op":"<=","value":1,"measured":2,"passed":false})";
  std::string metrics = summary_with_metrics(300);
  metrics.insert(metrics.size() - 1, R"(,"expectations":[)" + verdicts + "]");
  Files files;
  std::string variants, lists;
  for (int v = 0; v < 100; ++v) {
    const std::string name = "v" + std::to_string(v);
    variants += std::string(v ? "," : "") + "\"" + name + "\"";
    files[name + "/summary.json"] = metrics;
  }
  for (int i = 0; i < 1'000; ++i) lists += std::string(i ? "," : "") + "\"" + long_name + "\"";
  files["manifest.json"] = R"({"variants":[)" + variants + R"(],"title":")" + std::string(100'000, 't') +
                           R"(","tags":[)" + lists + R"(],"overrides":[)" + std::string(R"({"path":"p","value":1})") +
                           "]}";
  std::string faults;
  for (int i = 0; i < 1'000; ++i) faults += std::string(i ? "," : "") + R"({"id":")" + long_name + "\"}";
  files["scenario.json"] = R"({"faults":[)" + faults + "]}";
  const Results r = read_ok(files);
  ASSERT_EQ(r.variants.size(), 100u);
  const std::string html = render_html_report(r, nullptr, "d");
  EXPECT_LT(html.size(), report_limits::kMaxReportBytes);
  EXPECT_EQ(count(html, "<tr class=\"fail\">"), report_limits::kMaxVerdictRows);
  EXPECT_NE(html.find("The first 500 verdicts are shown; the results folder has 1000."), std::string::npos);
  EXPECT_NE(html.find("The first 65 variants are shown"), std::string::npos);
  EXPECT_NE(html.find("The first 200 metrics are shown; the results folder has 300."), std::string::npos);
  EXPECT_NE(html.find("The first 100 faults are shown"), std::string::npos);
  EXPECT_NE(html.find("… and 900 more"), std::string::npos);  // tags
  EXPECT_EQ(html.find(long_name), std::string::npos);         // names are cut
  const std::string md = render_summary_markdown(r, "d");
  EXPECT_LT(md.size(), report_limits::kMaxSummaryBytes);
}

TEST(report_limits, a_sweep_of_ten_thousand_named_points_is_capped) {
  std::string csv = "edges.a->b.idempotency_key,folder,duplicates\n";
  Files files;
  for (int i = 0; i < 10'000; ++i) {
    const std::string folder = "point-" + std::to_string(i);
    csv += "key" + std::to_string(i) + "," + folder + "," + std::to_string(i % 7) + "\n";
    files[folder + "/summary.json"] = R"({"metrics":{"duplicates":1}})";
  }
  files["sweep.csv"] = csv;
  const Results r = read_ok(files);
  ASSERT_TRUE(r.sweep);
  EXPECT_EQ(sweep_charts(*r.sweep).front().spec.x_categories.size(), 10'000u);
  const std::string html = render_html_report(r, nullptr, "d");
  EXPECT_NE(html.find("The first 500 points are shown; sweep.csv has all 10000."), std::string::npos);
  EXPECT_LT(html.size(), 1u << 20);
}

// Numbers in reports do not follow the locale: the charts build's Qt calls setlocale(LC_ALL, ""), and a German
// locale made "99,9 %". Needs a locale with a decimal comma; `locale -a` lists them (or `localedef -i de_DE -f
// UTF-8 DIR/de_DE.UTF-8` and LOCPATH=DIR make one).
TEST(report_limits, numbers_do_not_follow_the_locale) {
  Results r = read_ok(
      {{"baseline/summary.json", R"({"replications":3,"metrics":{"success_rate":0.99912,"amplification":1.2345,)"
                                 R"("latency.p99":0.08431,"operations":1234567.5},"ci95":{"success_rate":0.0012}})"}});
  r.replications = 3;
  const std::string html = render_html_report(r, nullptr, "d"), md = render_summary_markdown(r, "d");
  ASSERT_NE(html.find("99.91 %"), std::string::npos);
  const std::string before = std::setlocale(LC_ALL, nullptr);
  const char* comma_locale = nullptr;
  for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8",
                           "ru_RU.UTF-8", "es_ES.UTF-8", "it_IT.UTF-8", "pt_BR.UTF-8"})
    if (std::setlocale(LC_ALL, name) && std::localeconv()->decimal_point[0] == ',') {
      comma_locale = name;
      break;
    }
  if (!comma_locale) {
    // None installed (a minimal Debian has only C and POSIX): compile de_DE from the `locales` package's sources
    // into a folder of our own, which glibc's setlocale reads through LOCPATH.
    const auto folder = testing::fresh_temp_dir("comma-locale");
    const std::string command = "localedef -i de_DE -f UTF-8 " + (folder / "de_DE.UTF-8").string() + " >/dev/null 2>&1";
    if (std::system(command.c_str()) == 0 || std::filesystem::exists(folder / "de_DE.UTF-8" / "LC_NUMERIC")) {
      ::setenv("LOCPATH", folder.c_str(), 1);
      if (std::setlocale(LC_ALL, "de_DE.UTF-8") && std::localeconv()->decimal_point[0] == ',')
        comma_locale = "de_DE.UTF-8 (compiled for this test)";
    }
  }
  if (!comma_locale) {
    std::setlocale(LC_ALL, before.c_str());
    ::unsetenv("LOCPATH");
    GTEST_SKIP() << "no locale with a decimal comma is installed (locale -a), and localedef could not make one "
                    "(the `locales` package has its sources)";
  }
  const std::string html_there = render_html_report(r, nullptr, "d"), md_there = render_summary_markdown(r, "d");
  std::setlocale(LC_ALL, before.c_str());
  ::unsetenv("LOCPATH");
  EXPECT_EQ(html_there, html) << "under " << comma_locale;
  EXPECT_EQ(md_there, md) << "under " << comma_locale;
}

}  // namespace
}  // namespace chaossim
