#include "app/fault_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <gtest/gtest.h>

using nlohmann::json;

namespace {

json faults() {
  return json::parse(R"([
    {"id": "lossy", "type": "drop_response", "target": "clients->api", "start": "5s", "duration": "5s", "probability": 0.2},
    {"id": "crash", "type": "crash", "target": "api", "start": "1m"}
  ])");
}

}  // namespace

TEST(fault_table_model, shows_each_fault_with_the_format_defaults) {
  FaultTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  model.setData(faults());
  ASSERT_EQ(model.rowCount(), 2);
  ASSERT_EQ(model.columnCount(), FaultTableModel::ColumnCount);
  EXPECT_EQ(model.index(0, FaultTableModel::Probability).data().toString(), QStringLiteral("0.2"));
  EXPECT_EQ(model.index(1, FaultTableModel::Start).data().toString(), QStringLiteral("1m"));
  EXPECT_EQ(model.index(1, FaultTableModel::Duration).data().toString(), QStringLiteral("to the end"));
  EXPECT_EQ(model.index(1, FaultTableModel::Duration).data(Qt::EditRole).toString(), QString());
  EXPECT_EQ(model.index(1, FaultTableModel::Probability).data().toString(), QStringLiteral("1"));
  model.setData(nullptr);
  EXPECT_EQ(model.rowCount(), 0);
}

TEST(fault_table_model, an_edit_becomes_a_typed_override_on_the_fault) {
  FaultTableModel model;
  model.setData(faults());
  QSignalSpy edited(&model, &FaultTableModel::edited);
  QSignalSpy failed(&model, &FaultTableModel::editFailed);
  EXPECT_TRUE(model.setData(model.index(0, FaultTableModel::Probability), QStringLiteral("0.5")));
  ASSERT_EQ(edited.count(), 1);
  const auto change = edited.takeFirst().at(0).value<chaossim::Override>();
  EXPECT_EQ(change.first, "faults[0].probability");
  EXPECT_EQ(change.second, json(0.5));

  EXPECT_TRUE(model.setData(model.index(1, FaultTableModel::Duration), QStringLiteral("30s")));
  EXPECT_EQ(edited.takeFirst().at(0).value<chaossim::Override>().second, json("30s"));
  // Clearing an optional cell removes the key (back to the default).
  EXPECT_TRUE(model.setData(model.index(0, FaultTableModel::Start), QString()));
  EXPECT_TRUE(edited.takeFirst().at(0).value<chaossim::Override>().second.is_null());

  EXPECT_FALSE(model.setData(model.index(0, FaultTableModel::Probability), QStringLiteral("often")));
  EXPECT_EQ(failed.count(), 1);
}
