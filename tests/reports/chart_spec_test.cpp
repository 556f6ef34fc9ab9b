// reports/charts/chart_spec.h: which charts a run gets from its columns, and the points each one draws.
#include "charts/chart_spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace chaossim {
namespace {

std::vector<std::string> two_service_columns() {
  return {"t_start_s",
          "t_end_s",
          "ops",
          "attempts",
          "retries",
          "ops_succeeded",
          "ops_failed",
          "ops_degraded",
          "timeouts",
          "duplicates",
          "latency.p50",
          "latency.p99",
          "breaker.open_share",
          "breaker.rejections",
          "budget.denied",
          "effects.charge.executed",
          "effects.charge.duplicates",
          "effects.email.executed",
          "effects.email.duplicates",
          "services.api.requests",
          "services.api.queue",
          "services.api.queue_max",
          "services.api.utilization",
          "services.api.processor_utilization",
          "services.api.shed",
          "services.api.wasted",
          "services.api.overloaded",
          "services.db.requests",
          "services.db.queue",
          "services.db.queue_max",
          "services.db.utilization",
          "services.db.processor_utilization",
          "services.db.shed",
          "services.db.wasted",
          "services.db.overloaded",
          "edges.clients->api.attempts",
          "edges.clients->api.breaker_open_share",
          "edges.api->db.attempts",
          "edges.api->db.breaker_open_share"};
}

const ChartSpec& find_chart(const std::vector<ChartSpec>& charts, const std::string& id) {
  const auto it = std::find_if(charts.begin(), charts.end(), [&](const ChartSpec& c) { return c.id == id; });
  EXPECT_NE(it, charts.end()) << id;
  return *it;
}

std::vector<std::string> columns_of(const ChartSpec& c) {
  std::vector<std::string> out;
  for (const SeriesSpec& s : c.series) out.push_back(s.column);
  return out;
}

TEST(chart_spec, standard_charts_come_in_display_order) {
  const auto charts = standard_charts(two_service_columns());
  std::vector<std::string> ids;
  for (const ChartSpec& c : charts) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"requests", "duplicates", "latency", "service_requests", "amplification",
                                           "queue", "utilization", "shed", "breaker", "refused"}));
}

TEST(chart_spec, the_limits_chart_draws_each_edges_and_services_concurrency_limit) {
  std::vector<std::string> cols = two_service_columns();
  for (const char* c : {"limit.rejections", "services.api.limit", "services.db.limit", "edges.clients->api.limit",
                        "edges.api->db.limit"})
    cols.push_back(c);
  const ChartSpec c = find_chart(standard_charts(cols), "limits");
  EXPECT_EQ(columns_of(c), (std::vector<std::string>{"edges.clients->api.limit", "edges.api->db.limit",
                                                     "services.api.limit", "services.db.limit"}));
  EXPECT_EQ(c.series[2].label, "api (service)");
  const std::vector<std::string> refused = columns_of(find_chart(standard_charts(cols), "refused"));
  EXPECT_NE(std::find(refused.begin(), refused.end(), "limit.rejections"), refused.end());
}

TEST(chart_spec, the_instance_health_chart_draws_each_instance_in_rotation_and_ejected) {
  std::vector<std::string> cols = two_service_columns();
  for (const char* c : {"instances.api#1.requests", "instances.api#1.healthy", "instances.api#1.ejected",
                        "instances.api#2.requests", "instances.api#2.healthy", "instances.api#2.ejected"})
    cols.push_back(c);
  const ChartSpec c = find_chart(standard_charts(cols), "instance_health");
  EXPECT_EQ(columns_of(c), (std::vector<std::string>{"instances.api#1.healthy", "instances.api#1.ejected",
                                                     "instances.api#2.healthy", "instances.api#2.ejected"}));
  EXPECT_EQ(c.series[2].label, "api#2 in rotation");
  EXPECT_EQ(c.series[3].label, "api#2 ejected");
  // Without several instances there are no instance columns, and no chart.
  const auto plain = standard_charts(two_service_columns());
  EXPECT_TRUE(std::none_of(plain.begin(), plain.end(), [](const ChartSpec& x) { return x.id == "instance_health"; }));
}

TEST(chart_spec, amplification_divides_each_edges_attempts_by_the_operations_offered) {
  ChartData d;
  d.columns = {"t_start_s", "t_end_s", "ops", "edges.clients->api.attempts", "edges.api->bank.attempts"};
  // Bucket 2 offered no operation: the ratio is undefined there, a gap rather than a zero.
  d.rows = {0, 1, 10, 30, 90, 1, 2, 0, 5, 15, 2, 3, 4, 4, 4};
  const ChartSpec c = find_chart(standard_charts(d.columns), "amplification");
  ASSERT_EQ(c.series.size(), 2u);
  EXPECT_EQ(c.series[1].label, "api->bank");
  const auto runs = chart_segments(c, c.series[1], d);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], (ChartPoints{{0, 9}}));
  EXPECT_EQ(runs[1], (ChartPoints{{2, 1}}));
}

TEST(chart_spec, shed_turned_away_and_wasted_work_are_drawn_per_service_as_rates) {
  const std::vector<std::string> columns = two_service_columns();
  const ChartSpec c = find_chart(standard_charts(columns), "shed");
  EXPECT_TRUE(c.per_second);
  EXPECT_EQ(columns_of(c),
            (std::vector<std::string>{"services.api.shed", "services.api.overloaded", "services.api.wasted",
                                      "services.db.shed", "services.db.overloaded", "services.db.wasted"}));
  EXPECT_EQ(c.series[1].label, "api overloaded");
  // Results written before services had an overloaded column still draw what they have.
  std::vector<std::string> older = columns;
  std::erase_if(older, [](const std::string& name) { return name.ends_with(".overloaded"); });
  EXPECT_EQ(
      columns_of(find_chart(standard_charts(older), "shed")),
      (std::vector<std::string>{"services.api.shed", "services.api.wasted", "services.db.shed", "services.db.wasted"}));
}

TEST(chart_spec, a_category_axis_labels_only_as_many_points_as_fit) {
  // A handful of short labels: all of them.
  EXPECT_EQ(category_label_step({"none", "full", "equal", "decorrelated"}), 1u);
  // A sweep in order of 100 points labelled by folder: every 9th, 12 labels of "p000", "p009", ...
  std::vector<std::string> folders;
  for (int i = 0; i < 100; ++i) folders.push_back("p" + std::to_string(1000 + i).substr(1));
  const std::size_t step = category_label_step(folders);
  EXPECT_EQ(step, 9u);
  EXPECT_LE((folders.size() + step - 1) / step, 12u);
  // Long labels thin out sooner.
  const std::string long_label(40, 'x');
  EXPECT_EQ(category_label_step({long_label, long_label, long_label, long_label}), 2u);
  EXPECT_EQ(category_label_step({}), 1u);
}

TEST(chart_spec, a_logarithmic_chart_leaves_out_what_it_cannot_place) {
  ChartData d;
  d.columns = {"t_start_s", "latency.p50"};
  d.rows = {0, 0.02, 1, 0, 2, 2.0};
  ChartSpec c = find_chart(standard_charts({"t_start_s", "latency.p50"}), "latency");
  EXPECT_TRUE(spans_decades(c, {d}));  // 20 ms to 2 s
  c.log_y = true;
  const auto runs = chart_segments(c, c.series[0], d);
  ASSERT_EQ(runs.size(), 2u);  // zero breaks the line instead of falling off the axis
  EXPECT_DOUBLE_EQ(runs[1].front().second, 2000);
  d.rows = {0, 0.02, 1, 0.5};
  EXPECT_FALSE(spans_decades(c, {d}));
}

TEST(fault_bands, a_band_per_fault_shared_by_variants_once_each) {
  const FaultBands a = {{60, 180, "error 5 % · payments"}, {180, 300, "slowdown ×10 · db"}};
  const FaultBands b = {{180, 300, "slowdown ×10 · db"}, {30, 90, "error 5 % · payments"}};
  const FaultBands all = union_of_bands({&a, &b}, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.front(), (FaultBand{30, 90, "error 5 % · payments"}));
  EXPECT_EQ(band_labels(all), (std::vector<std::string>{"error 5 % · payments", "slowdown ×10 · db"}));
  EXPECT_EQ(union_of_bands({&a, &b}, 2).size(), 2u);
}

TEST(chart_spec, requests_chart_shows_offered_attempts_and_successes_per_second) {
  const ChartSpec c = find_chart(standard_charts(two_service_columns()), "requests");
  EXPECT_EQ(columns_of(c), (std::vector<std::string>{"ops", "attempts", "ops_succeeded"}));
  EXPECT_TRUE(c.per_second);
  EXPECT_FALSE(c.cumulative);
}

TEST(chart_spec, one_series_per_effect_service_and_edge) {
  const auto charts = standard_charts(two_service_columns());
  EXPECT_EQ(columns_of(find_chart(charts, "duplicates")),
            (std::vector<std::string>{"effects.charge.duplicates", "effects.email.duplicates"}));
  EXPECT_TRUE(find_chart(charts, "duplicates").cumulative);
  EXPECT_EQ(columns_of(find_chart(charts, "queue")),
            (std::vector<std::string>{"services.api.queue", "services.db.queue"}));
  EXPECT_EQ(columns_of(find_chart(charts, "utilization")),
            (std::vector<std::string>{"services.api.utilization", "services.db.utilization"}));
  EXPECT_TRUE(find_chart(charts, "utilization").percent);
  EXPECT_EQ(columns_of(find_chart(charts, "breaker")),
            (std::vector<std::string>{"breaker.open_share", "edges.clients->api.breaker_open_share",
                                      "edges.api->db.breaker_open_share"}));
  EXPECT_EQ(columns_of(find_chart(charts, "latency")), (std::vector<std::string>{"latency.p50", "latency.p99"}));
}

TEST(chart_spec, a_single_edge_gets_no_line_of_its_own_in_the_breaker_chart) {
  std::vector<std::string> cols = two_service_columns();
  std::erase_if(cols, [](const std::string& c) { return c.rfind("edges.api->db", 0) == 0; });
  EXPECT_EQ(columns_of(find_chart(standard_charts(cols), "breaker")), (std::vector<std::string>{"breaker.open_share"}));
}

TEST(chart_spec, charts_without_their_columns_are_left_out) {
  const auto charts = standard_charts({"t_start_s", "ops", "attempts"});
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_EQ(charts.front().id, "requests");
  EXPECT_EQ(columns_of(charts.front()), (std::vector<std::string>{"ops", "attempts"}));
}

ChartData small_data() {
  ChartData d;
  d.variant = "baseline";
  d.columns = {"t_start_s", "ops", "effects.charge.duplicates", "latency.p99", "services.api.utilization"};
  d.rows = {0,  10, 1, 0.2, 0.5,   //
            5,  20, 0, NAN, 0.25,  // no operation succeeded: no latency (an empty cell of timeseries.csv)
            10, 30, 2, 0.4, 1.0};
  d.bucket_seconds = 5;
  return d;
}

TEST(chart_points, counts_are_divided_by_the_bucket_length) {
  const ChartData d = small_data();
  const ChartSpec c = find_chart(standard_charts(d.columns), "requests");
  EXPECT_EQ(chart_points(c, c.series.front(), d), (ChartPoints{{0, 2}, {5, 4}, {10, 6}}));
}

TEST(chart_points, duplicates_accumulate) {
  const ChartData d = small_data();
  const ChartSpec c = find_chart(standard_charts(d.columns), "duplicates");
  EXPECT_EQ(chart_points(c, c.series.front(), d), (ChartPoints{{0, 1}, {5, 1}, {10, 3}}));
}

TEST(chart_points, latency_is_in_milliseconds_and_skips_buckets_without_completions) {
  const ChartData d = small_data();
  const ChartSpec c = find_chart(standard_charts(d.columns), "latency");
  const ChartPoints p = chart_points(c, c.series.front(), d);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_DOUBLE_EQ(p[0].second, 200.0);
  EXPECT_DOUBLE_EQ(p[1].first, 10.0);
  EXPECT_DOUBLE_EQ(p[1].second, 400.0);
}

TEST(chart_points, a_rate_divides_by_each_buckets_own_length) {
  // A 12 s run in 5 s buckets: the last bucket is 2 s long, so its 10 operations are 5 per second, not 2.
  ChartData d;
  d.columns = {"t_start_s", "t_end_s", "ops"};
  d.rows = {0, 5, 10, 5, 10, 10, 10, 12, 10};
  d.bucket_seconds = 5;
  const ChartSpec c = find_chart(standard_charts(d.columns), "requests");
  EXPECT_EQ(chart_points(c, c.series.front(), d), (ChartPoints{{0, 2}, {5, 2}, {10, 5}}));
}

TEST(chart_segments, lines_break_where_nothing_was_measured) {
  const ChartData d = small_data();
  const ChartSpec c = find_chart(standard_charts(d.columns), "latency");
  const auto runs = chart_segments(c, c.series.back(), d);
  ASSERT_EQ(runs.size(), 2u);  // bucket 5 s completed nothing
  EXPECT_EQ(runs[0].size(), 1u);
  EXPECT_EQ(runs[1].size(), 1u);
  const ChartSpec requests = find_chart(standard_charts(d.columns), "requests");
  EXPECT_EQ(chart_segments(requests, requests.series.front(), d).size(), 1u);
}

TEST(chart_points, fractions_are_drawn_as_percent) {
  const ChartData d = small_data();
  const ChartSpec c = find_chart(standard_charts(d.columns), "utilization");
  EXPECT_EQ(chart_points(c, c.series.front(), d), (ChartPoints{{0, 50}, {5, 25}, {10, 100}}));
}

TEST(chart_points, a_missing_column_gives_no_points) {
  const ChartData d = small_data();
  ChartSpec c = find_chart(standard_charts(d.columns), "requests");
  EXPECT_TRUE(chart_points(c, SeriesSpec{"x", "no_such_column"}, d).empty());
}

TEST(without_silent_series, a_line_that_never_measured_anything_is_silent) {
  ChartData d;
  d.columns = {"t_start_s", "a", "b"};
  d.rows = {0, 1, NAN, 1, 1, NAN};
  ChartSpec c;
  c.series = {{"a", "a"}, {"b", "b"}};
  EXPECT_EQ(columns_of(without_silent_series(c, {d})), (std::vector<std::string>{"a"}));
}

TEST(without_silent_series, drops_all_zero_lines_but_keeps_the_first) {
  ChartData d;
  d.columns = {"t_start_s", "breaker.open_share", "edges.a->b.breaker_open_share", "edges.b->c.breaker_open_share"};
  d.rows = {0, 0, 0, 0, 1, 0, 0, 0.5};
  ChartSpec c;
  c.series = {{"all", "breaker.open_share"},
              {"a->b", "edges.a->b.breaker_open_share"},
              {"b->c", "edges.b->c.breaker_open_share"}};
  EXPECT_EQ(columns_of(without_silent_series(c, {d})),
            (std::vector<std::string>{"breaker.open_share", "edges.b->c.breaker_open_share"}));
}

TEST(all_zero, only_when_every_series_of_every_variant_stays_at_zero_gaps_aside) {
  ChartData quiet, busy;
  quiet.columns = busy.columns = {"t_start_s", "a", "b"};
  quiet.rows = {0, 0, NAN, 1, 0, 0};
  busy.rows = {0, 0, 0, 1, 0, 3};
  ChartSpec c;
  c.series = {{"a", "a"}, {"b", "b"}};
  EXPECT_TRUE(all_zero(c, {quiet}));
  // One value in one series of one variant is enough to draw the chart.
  EXPECT_FALSE(all_zero(c, {quiet, busy}));
  c.series = {{"a", "a"}};
  EXPECT_TRUE(all_zero(c, {quiet, busy}));
}

TEST(chart_palette, colours_are_distinct) {
  const auto& p = chart_palette();
  EXPECT_GE(p.size(), 4u);
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j < p.size(); ++j) EXPECT_NE(p[i], p[j]);
  EXPECT_EQ(palette_colour(p.size()), p[0]);
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

ChartData duplicates_of(const std::string& variant, std::vector<double> duplicates) {
  ChartData d;
  d.variant = variant;
  d.columns = {"t_start_s", "effects.charge.duplicates"};
  for (std::size_t r = 0; r < duplicates.size(); ++r) d.rows.insert(d.rows.end(), {double(r), duplicates[r]});
  return d;
}

TEST(chart_spec, a_line_identical_to_an_earlier_variants_is_a_copy_and_quiet_lines_are_not) {
  const ChartSpec c = find_chart(standard_charts({"t_start_s", "effects.charge.duplicates"}), "duplicates");
  const std::vector<ChartData> variants = {duplicates_of("baseline", {0, 3, 5}), duplicates_of("keys", {0, 0, 0}),
                                           duplicates_of("per-attempt-keys", {0, 3, 5}),
                                           duplicates_of("keys-and-breaker", {0, 0, 0})};
  EXPECT_EQ(copies_of_earlier_lines(c, variants), (std::vector<long>{-1, -1, 0, -1}));
  EXPECT_EQ(copy_notes(c, variants), (std::vector<std::string>{"charge: per-attempt-keys = baseline"}));
  const std::vector<ChartData> same = {duplicates_of("a", {1, 2}), duplicates_of("b", {1, 2}),
                                       duplicates_of("c", {1, 2})};
  EXPECT_EQ(copy_notes(c, same), (std::vector<std::string>{"charge: the same in every variant"}));
}

}  // namespace
}  // namespace chaossim
