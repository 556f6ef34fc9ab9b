#include "app/summary_model.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextTable>
#include <gtest/gtest.h>

#include "app/editable_scenario.h"
#include "app/summary_cards.h"
#include "support.h"

namespace {

// The scenario `text` run for `buckets` buckets, per variant.
std::vector<VariantRun> runsOfText(const QString& text, const std::vector<std::string>& variants,
                                   std::size_t buckets) {
  EditableScenario doc;
  doc.loadText(text);
  std::vector<VariantRun> runs;
  for (const std::string& v : variants) {
    auto scenario = std::make_shared<const chaossim::Scenario>(*doc.build(v).scenario);
    chaossim::LiveRun live(scenario, scenario->seed, v);
    runs.push_back({QString::fromStdString(v), scenario, live.advance(buckets)});
  }
  return runs;
}

// A bundled lesson run to the end (or `buckets` into it), per variant.
std::vector<VariantRun> lessonRuns(const char* lesson, const std::vector<std::string>& variants,
                                   std::size_t buckets = 100000) {
  return runsOfText(gui_testing::readFile(gui_testing::lessonPath(lesson)), variants, buckets);
}

std::vector<VariantRun> runsOf(const std::vector<std::string>& variants, std::size_t buckets) {
  return runsOfText(gui_testing::kSmallScenario, variants, buckets);
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

TEST(summary_model, live_cards_count_attempts_as_sent_and_operations_in_flight) {
  SummaryModel model;
  // Mid-run, during the freeze: no operation started in it has finished, but the clients keep sending.
  model.setData(lessonRuns("thundering-herd", {"baseline"}, 66));
  const QModelIndex amp = model.index(SummaryModel::Amplification, 0);
  EXPECT_TRUE(amp.data(SummaryModel::DetailRole).toString().contains(QStringLiteral("sent so far")))
      << amp.data(SummaryModel::DetailRole).toString().toStdString();
  const QString success = model.index(SummaryModel::SuccessRate, 0).data(SummaryModel::DetailRole).toString();
  EXPECT_TRUE(success.contains(QStringLiteral("in flight"))) << success.toStdString();
  EXPECT_FALSE(success.contains(QStringLiteral(" 0 in flight"))) << success.toStdString();
}

TEST(summary_model, the_during_fault_amplification_is_beside_the_whole_run_and_marks_a_storm) {
  SummaryModel model;
  model.setData(lessonRuns("thundering-herd", {"baseline"}));
  const QModelIndex amp = model.index(SummaryModel::Amplification, 0);
  // The whole run averages the storm away; the operations started during the freeze made over two attempts each.
  EXPECT_LT(amp.data(SummaryModel::ValueRole).toDouble(), SummaryModel::kAmplificationWarn);
  ASSERT_TRUE(amp.data(SummaryModel::DuringRole).isValid());
  EXPECT_GE(amp.data(SummaryModel::DuringRole).toDouble(), SummaryModel::kAmplificationBad);
  EXPECT_EQ(amp.data(SummaryModel::StatusRole).toInt(), int(SummaryModel::Status::Fail));
  SummaryCards cards;
  cards.setModel(&model);
  const QString card = cards.cardTexts().at(SummaryModel::Amplification);
  EXPECT_TRUE(card.contains(QStringLiteral("during faults"))) << card.toStdString();
  // The numbers leave out the warm-up the charts show: the cards say so.
  EXPECT_GT(model.warmupSeconds(), 0);
  EXPECT_TRUE(cards.cardTexts().last().contains(QStringLiteral("warm-up"))) << cards.cardTexts().last().toStdString();
}

TEST(summary_cards, a_during_fault_value_of_a_run_still_going_says_it_is_partial) {
  SummaryModel model;
  SummaryCards cards;
  cards.setModel(&model);
  // 100 s into the 180 s run: the freeze (60-68 s) is over and its operations have finished, but not the run.
  model.setData(lessonRuns("thundering-herd", {"baseline"}, 100));
  const QModelIndex amp = model.index(SummaryModel::Amplification, 0);
  ASSERT_TRUE(amp.data(SummaryModel::DuringRole).isValid());
  EXPECT_TRUE(amp.data(SummaryModel::PartialRole).toBool());
  QString card = cards.cardTexts().at(SummaryModel::Amplification);
  EXPECT_TRUE(card.contains(QStringLiteral("during faults so far"))) << card.toStdString();
  EXPECT_FALSE(card.contains(QStringLiteral("whole run"))) << card.toStdString();
  // At the end the same card speaks of the whole run and the faults, without "so far".
  model.setData(lessonRuns("thundering-herd", {"baseline"}));
  EXPECT_FALSE(model.index(SummaryModel::Amplification, 0).data(SummaryModel::PartialRole).toBool());
  card = cards.cardTexts().at(SummaryModel::Amplification);
  EXPECT_TRUE(card.contains(QStringLiteral("whole run"))) << card.toStdString();
  EXPECT_FALSE(card.contains(QStringLiteral("so far"))) << card.toStdString();
}

TEST(summary_cards, expectations_beyond_the_height_of_the_cards_scroll_instead_of_being_cut) {
  SummaryModel model;
  model.setData(lessonRuns("retries-at-every-layer", {"baseline"}));
  SummaryCards cards;
  cards.setModel(&model);
  cards.resize(1000, 160);  // a 720-pixel window leaves the cards about this much
  cards.show();
  QApplication::processEvents();
  auto* scroll = cards.findChild<QScrollArea*>(QStringLiteral("expectationsScroll"));
  ASSERT_NE(scroll, nullptr);
  // Every expectation is in the card (six in this lesson), and what does not fit is reached by scrolling.
  const QString text = cards.cardTexts().at(SummaryModel::FixedRows);
  EXPECT_EQ(text.count(QStringLiteral("&#10004;")) + text.count(QStringLiteral("&#10008;")), 6) << text.toStdString();
  EXPECT_GT(scroll->verticalScrollBar()->maximum(), 0);
}

TEST(summary_cards, a_compare_of_four_variants_is_one_compact_row_each) {
  SummaryModel model;
  model.setData(lessonRuns("thundering-herd", {"baseline", "full-jitter", "equal-jitter", "decorrelated-jitter"}, 30));
  SummaryCards cards;
  cards.setModel(&model);
  EXPECT_TRUE(cards.compact());
  const QString table = cards.cardTexts().front();
  for (const char* v : {"baseline", "full-jitter", "equal-jitter", "decorrelated-jitter"})
    EXPECT_TRUE(table.contains(QString::fromLatin1(v))) << v;
  // A header (two lines) and four rows, plus the warm-up line, at the width of a 1280-pixel window's charts: far
  // from the 70% of a 720-pixel window the cards took. (Its cells wrap, so its height follows its width.)
  ASSERT_TRUE(cards.hasHeightForWidth());
  EXPECT_LE(cards.heightForWidth(1000), 10 * cards.fontMetrics().height());
}

TEST(summary_cards, a_value_in_the_compare_table_stays_on_one_line_at_a_projectors_width) {
  // Workshop mode, three variants, a 1280-pixel projector: "1.52× · 1.99×" broke into two lines per row.
  SummaryModel model;
  model.setData(lessonRuns("cascading-failure", {"baseline", "circuit-breaker", "breaker-and-fallback"}, 60));
  SummaryCards cards;
  cards.setModel(&model);
  cards.setWorkshopMode(true);
  ASSERT_TRUE(cards.compact());
  QTextDocument doc;
  QFont large = QApplication::font();
  large.setPointSizeF(large.pointSizeF() * 1.6);
  doc.setDefaultFont(large);
  doc.setHtml(cards.cardTexts().front());
  doc.setTextWidth(920);  // what a 1280-pixel window leaves the cards beside the side panel
  ASSERT_GT(doc.size().height(), 0);  // lays the whole document out
  QTextTable* table = nullptr;
  for (QTextFrame* frame : doc.rootFrame()->childFrames())
    if ((table = qobject_cast<QTextTable*>(frame))) break;
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->rows(), 4);
  for (int row = 1; row < table->rows(); ++row)
    for (int column = 1; column <= SummaryModel::FixedRows; ++column) {
      const QTextTableCell cell = table->cellAt(row, column);
      int lines = 0;
      for (QTextBlock b = cell.firstCursorPosition().block(); b.isValid() && b.position() <= cell.lastPosition();
           b = b.next())
        lines += b.layout()->lineCount();
      EXPECT_EQ(lines, 1) << "row " << row << ", column " << column << ": "
                          << cell.firstCursorPosition().block().text().toStdString();
    }
}
