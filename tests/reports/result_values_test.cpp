// reports/result_values.h: how values are written into summary.json, results.json and the CSV files — integers as
// integers, booleans as booleans, undefined values as null or an empty cell, never as 0.
#include "result_values.h"

#include <cmath>

#include <gtest/gtest.h>

#include "writers.h"

namespace chaossim {
namespace {

TEST(metric_json, writes_a_whole_count_as_an_integer) {
  EXPECT_EQ(metric_json("ops", 44756.0, 1).dump(), "44756");
  EXPECT_TRUE(metric_json("ops", 44756.0, 1).is_number_integer());
  EXPECT_EQ(metric_json("ops", 44756.5, 3).dump(), "44756.5");  // a mean over replications keeps its fraction
}

TEST(metric_json, writes_an_undefined_value_as_null) {
  EXPECT_TRUE(metric_json("success_rate", NAN, 1).is_null());
  EXPECT_TRUE(number_json(NAN).is_null());
  EXPECT_TRUE(number_json(INFINITY).is_null());
}

TEST(metric_json, writes_a_boolean_metric_of_one_run_as_a_boolean) {
  EXPECT_EQ(metric_json("recovered", 1.0, 1), true);
  EXPECT_EQ(metric_json("recovered", 0.0, 1), false);
  // Over replications it is the share of runs where it held.
  EXPECT_EQ(metric_json("recovered", 0.666666667, 3).dump(), "0.666666667");
  EXPECT_TRUE(metric_json("recovered", 1.0, 3).is_number());
}

TEST(metric_json, writes_the_shortest_decimal_that_reads_back) {
  EXPECT_EQ(metric_json("latency.p99", 0.054001664, 1).dump(), "0.054001664");
}

TEST(metric_cell, writes_undefined_as_an_empty_cell_and_booleans_as_words) {
  EXPECT_EQ(metric_cell("latency.p99", NAN, 1), "");
  EXPECT_EQ(metric_cell("recovered", 1.0, 1), "true");
  EXPECT_EQ(metric_cell("recovered", 0.5, 2), "0.5");
  EXPECT_EQ(metric_cell("ops", 120000, 1), "120000");
  EXPECT_EQ(number_cell(-0.0), "0");
}

TEST(timeseries_csv, leaves_a_cell_empty_where_nothing_was_measured) {
  const std::string csv = timeseries_csv({"t_start_s", "latency.p99"}, {0, NAN, 5, 0.25});
  EXPECT_EQ(csv, "t_start_s,latency.p99\n0,\n5,0.25\n");
}

TEST(summary_object, has_null_half_widths_for_one_replication_and_typed_metrics) {
  Aggregate a;
  a.scenario = "s";
  a.variant = "baseline";
  a.replications = 1;
  a.mean[kOverall].add("ops", 10);
  a.mean[kOverall].add("recovered", NAN);
  a.ci95[kOverall].add("ops", NAN);
  a.ci95[kOverall].add("recovered", NAN);
  const nlohmann::ordered_json j = summary_object(a);
  EXPECT_TRUE(j["metrics"]["ops"].is_number_integer());
  EXPECT_TRUE(j["metrics"]["recovered"].is_null());
  EXPECT_TRUE(j["ci95"]["ops"].is_null());
}

}  // namespace
}  // namespace chaossim
