#include "app/scenario_form.h"

#include <gtest/gtest.h>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "app/editable_scenario.h"
#include "app/fault_table_model.h"
#include "app/form_widgets.h"
#include "support.h"

using nlohmann::json;

TEST(scenario_form, shows_the_resolved_values_of_the_document) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  ScenarioForm form(&doc);
  EXPECT_EQ(form.findChild<QSpinBox*>(QStringLiteral("clientCount"))->value(), 10);
  EXPECT_EQ(form.findChild<QSpinBox*>(QStringLiteral("attempts"))->value(), 3);
  EXPECT_EQ(form.findChild<DurationEdit*>(QStringLiteral("timeout"))->text(), QStringLiteral("200ms"));
  EXPECT_FALSE(form.findChild<QGroupBox*>(QStringLiteral("breaker"))->isChecked());
  EXPECT_EQ(form.currentEdge(), QStringLiteral("clients->api"));
  EXPECT_EQ(form.faultModel()->rowCount(), 1);
}

TEST(scenario_form, each_knob_writes_its_path_into_the_text) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  ScenarioForm form(&doc);
  form.findChild<QSpinBox*>(QStringLiteral("attempts"))->setValue(5);
  EXPECT_EQ(doc.baseline()->edges.front().retry.max_attempts, 5u);
  auto* timeout = form.findChild<DurationEdit*>(QStringLiteral("timeout"));
  timeout->setText(QStringLiteral("750ms"));
  emit timeout->editingFinished();
  EXPECT_EQ(doc.baseline()->edges.front().timeout, chaossim::Duration::milliseconds(750));
  form.findChild<QGroupBox*>(QStringLiteral("breaker"))->setChecked(true);
  EXPECT_NE(doc.baseline()->edges.front().breaker.type, chaossim::BreakerConfig::Type::none);
  form.findChild<QComboBox*>(QStringLiteral("breakerKind"))->setCurrentIndex(2);
  EXPECT_EQ(doc.baseline()->edges.front().breaker.type, chaossim::BreakerConfig::Type::consecutive);
  form.findChild<QCheckBox*>(QStringLiteral("serverIdempotency"))->setChecked(true);
  EXPECT_TRUE(doc.baseline()->services.front().idempotency.enabled);
  EXPECT_TRUE(doc.isValid());
  // Every knob is one undo step, back to the text as loaded.
  while (doc.undoStack()->canUndo()) doc.undoStack()->undo();
  EXPECT_EQ(doc.text(), QString::fromUtf8(gui_testing::kSmallScenario));
}

TEST(scenario_form, hedging_is_switched_on_with_a_delay_that_can_be_changed_and_off_again) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  ScenarioForm form(&doc);
  auto* hedge = form.findChild<QCheckBox*>(QStringLiteral("hedge"));
  auto* delay = form.findChild<DurationEdit*>(QStringLiteral("hedgeDelay"));
  EXPECT_FALSE(hedge->isChecked());
  hedge->setChecked(true);
  EXPECT_EQ(doc.baseline()->edges.front().hedge.max, 1u);
  EXPECT_EQ(doc.baseline()->edges.front().hedge.delay, chaossim::Duration::milliseconds(100));
  EXPECT_EQ(delay->text(), QStringLiteral("100ms"));
  delay->setText(QStringLiteral("40ms"));
  emit delay->editingFinished();
  EXPECT_EQ(doc.baseline()->edges.front().hedge.delay, chaossim::Duration::milliseconds(40));
  hedge->setChecked(false);
  EXPECT_EQ(doc.baseline()->edges.front().hedge.max, 0u);
  EXPECT_TRUE(doc.isValid());
}

TEST(scenario_form, edits_of_an_inherited_edge_go_where_the_format_reads_them) {
  EditableScenario doc;
  QString text = QString::fromUtf8(gui_testing::kSmallScenario);
  text.replace(QStringLiteral("\"clients->api\": {\"timeout\": \"200ms\", \"retry\": {\"max_attempts\": 3}}"),
               QStringLiteral("\"default\": {\"retry\": {\"max_attempts\": 3, \"backoff\": {\"base\": \"50ms\"}}}"));
  doc.loadText(text);
  ASSERT_TRUE(doc.isValid());
  ScenarioForm form(&doc);
  // No entry of its own: the edge's settings live in "default".
  auto overrides = form.edgeOverrides("clients->api", "retry.max_attempts", 4);
  ASSERT_EQ(overrides.size(), 1u);
  EXPECT_EQ(overrides[0].first, "edges.default.retry.max_attempts");

  // With an entry of its own that inherits "retry", the inherited object is copied first.
  ASSERT_TRUE(doc.setValue("edges.clients->api.timeout", "1s", QStringLiteral("t")));
  overrides = form.edgeOverrides("clients->api", "retry.max_attempts", 4);
  ASSERT_EQ(overrides.size(), 2u);
  EXPECT_EQ(overrides[0].first, "edges.clients->api.retry");
  EXPECT_EQ(overrides[0].second["backoff"]["base"], json("50ms"));
  ASSERT_TRUE(doc.setValues(overrides, QStringLiteral("attempts")));
  EXPECT_EQ(doc.baseline()->edges.front().retry.max_attempts, 4u);
  EXPECT_EQ(doc.baseline()->edges.front().retry.backoff.base, chaossim::Duration::milliseconds(50));
}

TEST(scenario_form, fault_table_edits_and_added_faults_reach_the_document) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  ScenarioForm form(&doc);
  FaultTableModel* faults = form.faultModel();
  ASSERT_TRUE(faults->setData(faults->index(0, FaultTableModel::Start), QStringLiteral("8s")));
  EXPECT_EQ(doc.baseline()->faults.front().start, chaossim::Duration::seconds(8));
  EXPECT_EQ(faults->index(0, FaultTableModel::Start).data().toString(), QStringLiteral("8s"));
}

TEST(scenario_form, a_field_that_is_not_a_value_is_reported_until_corrected_or_put_back) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  ScenarioForm form(&doc);
  QSignalSpy changed(&form, &ScenarioForm::fieldsChanged);
  const QString before = doc.text();
  auto* timeout = form.findChild<DurationEdit*>(QStringLiteral("timeout"));
  timeout->selectAll();
  QTest::keyClicks(timeout, QStringLiteral("abc"));
  emit timeout->editingFinished();
  // The document keeps its value, and the form says which field is wrong and why.
  EXPECT_EQ(doc.text(), before);
  ASSERT_EQ(form.invalidFields().size(), 1);
  EXPECT_TRUE(form.invalidFields().front().startsWith(QStringLiteral("Timeout per attempt: “abc” is not a duration")))
      << form.invalidFields().front().toStdString();
  EXPECT_GE(changed.count(), 1);

  QTest::keyClick(timeout, Qt::Key_Escape);
  EXPECT_EQ(timeout->text(), QStringLiteral("200ms"));
  EXPECT_TRUE(form.invalidFields().isEmpty());

  // An empty seed is not a seed either; a new document value clears the mark.
  auto* seed = form.findChild<QLineEdit*>(QStringLiteral("seed"));
  seed->selectAll();
  QTest::keyClick(seed, Qt::Key_Backspace);
  ASSERT_EQ(form.invalidFields().size(), 1);
  EXPECT_TRUE(form.invalidFields().front().startsWith(QStringLiteral("Seed: empty")));
  ASSERT_TRUE(doc.setValue("seed", 9, QStringLiteral("seed")));
  EXPECT_TRUE(form.invalidFields().isEmpty());
  EXPECT_EQ(seed->text(), QStringLiteral("9"));
}

TEST(scenario_form, fits_a_narrow_side_panel_at_workshop_text_size) {
  // A compare in workshop mode at 1280×720 leaves the side panel about 300 pixels: fields go under their labels
  // and choices narrow instead of the form being cut at its right edge.
  const QFont normal = QApplication::font();
  QFont large = normal;
  large.setPointSizeF(normal.pointSizeF() * 1.6);
  QApplication::setFont(large);
  {
    EditableScenario doc;
    ASSERT_TRUE(doc.load(gui_testing::lessonPath("cascading-failure")));
    ScenarioForm form(&doc);
    EXPECT_LE(form.minimumSizeHint().width(), 300);
  }
  QApplication::setFont(normal);
}
