#include "app/summary_model.h"

#include <QAbstractItemModelTester>
#include <gtest/gtest.h>

#include "app/editable_scenario.h"
#include "support.h"

namespace {

std::vector<VariantRun> runsOf(const std::vector<std::string>& variants, std::size_t buckets) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  std::vector<VariantRun> runs;
  for (const std::string& v : variants) {
    auto scenario = std::make_shared<const chaossim::Scenario>(*doc.build(v).scenario);
    chaossim::LiveRun live(scenario, scenario->seed, v);
    runs.push_back({QString::fromStdString(v), scenario, live.advance(buckets)});
  }
  return runs;
}

}  // namespace

TEST(summary_model, one_column_per_variant_and_the_headline_rows) {
  SummaryModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  EXPECT_EQ(model.rowCount(), 0);
  model.setData(runsOf({"baseline", "keys"}, 1000));
  ASSERT_EQ(model.columnCount(), 2);
  ASSERT_EQ(model.rowCount(), SummaryModel::FixedRows + 1);  // one expectation
  EXPECT_EQ(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("keys"));
  EXPECT_EQ(model.index(SummaryModel::Duplicates, 0).data(SummaryModel::LabelRole).toString(), QStringLiteral("Duplicate charges"));
  // Replies are lost and retried: the baseline charges twice, the variant with server idempotency never does.
  EXPECT_GT(model.index(SummaryModel::Duplicates, 0).data(SummaryModel::ValueRole).toDouble(), 0);
  EXPECT_EQ(model.index(SummaryModel::Duplicates, 1).data(SummaryModel::ValueRole).toDouble(), 0);
  EXPECT_GT(model.index(SummaryModel::Amplification, 0).data(SummaryModel::ValueRole).toDouble(), 1.0);
  EXPECT_TRUE(model.index(SummaryModel::SuccessRate, 0).data().toString().endsWith(QStringLiteral("%")));
  EXPECT_EQ(model.index(SummaryModel::Recovery, 0).data(SummaryModel::StatusRole).toInt(), int(SummaryModel::Status::Pass));
  const QModelIndex expectation = model.index(SummaryModel::FixedRows, 0);
  EXPECT_EQ(expectation.data(SummaryModel::LabelRole).toString(), QStringLiteral("success_rate >= 0.5"));
  EXPECT_EQ(expectation.data(SummaryModel::StatusRole).toInt(), int(SummaryModel::Status::Pass));
}

TEST(summary_model, expectations_wait_for_the_end_of_the_run) {
  SummaryModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  model.setData(runsOf({"baseline"}, 3));
  const QModelIndex expectation = model.index(SummaryModel::FixedRows, 0);
  EXPECT_EQ(expectation.data(SummaryModel::StatusRole).toInt(), int(SummaryModel::Status::Pending));
  EXPECT_EQ(model.index(SummaryModel::Recovery, 0).data(SummaryModel::StatusRole).toInt(), int(SummaryModel::Status::Pending));
  // New numbers of the same shape update in place.
  model.setData(runsOf({"baseline"}, 1000));
  EXPECT_EQ(model.index(SummaryModel::FixedRows, 0).data(SummaryModel::StatusRole).toInt(), int(SummaryModel::Status::Pass));
  model.setData({});
  EXPECT_EQ(model.columnCount(), 0);
}
