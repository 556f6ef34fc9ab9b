// The Traces tab: the list of traced operations (filters by what happened and by variant), the painted sequence
// diagram of the selected one with its sentence, and the window's switch that makes runs record traces.

#include "app/traces_view.h"

#include <gtest/gtest.h>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFileInfo>
#include <QHelpEvent>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolTip>
#include <tuple>

#include "app/editable_scenario.h"
#include "app/main_window.h"
#include "app/result_export.h"
#include "app/sequence_view.h"
#include "app/trace_list_model.h"
#include "runner/runner.h"
#include "support.h"
#include "traces/sequence_layout.h"

using gui_testing::waitFor;

namespace {

// The traces of one variant of a lesson, as a run with --trace records them (90 s of it: quick, and enough for
// the first duplicated and failed operations).
chaossim::traces::Document tracedDocument(const char* lesson, const std::string& variant) {
  EditableScenario doc;
  if (!doc.load(gui_testing::lessonPath(lesson))) return {};
  chaossim::LoadResult r = doc.build(variant, {{"duration", "90s"}, {"trace.enabled", true}});
  if (!r.ok()) return {};
  const auto scenario = std::make_shared<const chaossim::Scenario>(std::move(*r.scenario));
  const chaossim::JobOutcome out = chaossim::run_job({scenario, variant, scenario->seed});
  if (!out.result.traces) return {};
  return chaossim::traces::make_document(*out.result.traces, *scenario, variant, scenario->seed);
}

bool anyLostReply(const chaossim::traces::SequenceDiagram& d) {
  for (const auto& a : d.arrows)
    if (a.lost && a.kind == chaossim::traces::SequenceDiagram::Arrow::Kind::reply) return true;
  return false;
}

bool anyDuplicateEffect(const chaossim::traces::SequenceDiagram& d) {
  for (const auto& n : d.notes)
    if (n.kind == chaossim::traces::SequenceDiagram::Note::Kind::duplicate_effect) return true;
  return false;
}

// The first operation of the variant whose effect ran more than once.
chaossim::traces::Operation firstDuplicate(const char* lesson) {
  const chaossim::traces::Document doc = tracedDocument(lesson, "baseline");
  for (const auto& op : doc.operations)
    if (op.duplicates > 0) return op;
  return {};
}

QString describe(const SequenceView::Label& l) {
  return QStringLiteral("\"%1\" at %2,%3 %4x%5")
      .arg(l.lines.join(QLatin1Char('/')))
      .arg(l.rect.x())
      .arg(l.rect.y())
      .arg(l.rect.width())
      .arg(l.rect.height());
}

}  // namespace

TEST(trace_list_model, filters_by_what_happened_and_by_variant) {
  std::vector<chaossim::traces::Document> docs{tracedDocument("lost-replies", "baseline"),
                                               tracedDocument("lost-replies", "idempotency-keys")};
  ASSERT_FALSE(docs[0].operations.empty());
  ASSERT_FALSE(docs[1].operations.empty());
  TraceListModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  model.setDocuments(docs);
  EXPECT_EQ(model.operationCount(), docs[0].operations.size() + docs[1].operations.size());

  // Duplicated (the first filter): only operations whose effect ran again; the baseline has them, the variant
  // with a durable store none.
  ASSERT_EQ(model.filter(), TraceListModel::Filter::Duplicated);
  ASSERT_GT(model.rowCount(), 0);
  for (int row = 0; row < model.rowCount(); ++row) {
    EXPECT_GT(model.operation(row)->duplicates, 0u);
    EXPECT_EQ(model.document(row)->variant, "baseline");
    EXPECT_TRUE(model.index(row, TraceListModel::WhatColumn).data().toString().contains(QStringLiteral("charge ran")))
        << model.index(row, TraceListModel::WhatColumn).data().toString().toStdString();
  }
  model.setFilter(TraceListModel::Filter::Duplicated, 1);
  EXPECT_EQ(model.rowCount(), 0);

  // Failed: only failures.
  model.setFilter(TraceListModel::Filter::Failed);
  for (int row = 0; row < model.rowCount(); ++row)
    EXPECT_EQ(model.operation(row)->outcome, chaossim::TraceOutcome::failed);

  // Slow: every traced operation of the variant, the longest wait first.
  model.setFilter(TraceListModel::Filter::Slow, 0);
  ASSERT_EQ(model.rowCount(), static_cast<int>(docs[0].operations.size()));
  for (int row = 1; row < model.rowCount(); ++row)
    EXPECT_GE(model.operation(row - 1)->latency_ns(), model.operation(row)->latency_ns());
  EXPECT_EQ(model.operation(model.rowCount()), nullptr);

  // A variant that is no longer there (a new run with fewer variants) falls back to all of them.
  model.setFilter(TraceListModel::Filter::All, 1);
  model.setDocuments({docs[0]});
  EXPECT_EQ(model.variantFilter(), -1);
  EXPECT_EQ(model.rowCount(), static_cast<int>(docs[0].operations.size()));
}

TEST(sequence_view, spreads_lanes_over_the_width_and_time_with_the_font) {
  const chaossim::traces::Document doc = tracedDocument("lost-replies", "baseline");
  const auto dup = std::find_if(doc.operations.begin(), doc.operations.end(),
                                [](const auto& op) { return op.duplicates > 0; });
  ASSERT_NE(dup, doc.operations.end());
  SequenceView view;
  view.resize(900, 600);
  view.setDiagram(chaossim::traces::lay_out_sequence(*dup));
  ASSERT_GE(view.diagram().lanes.size(), 2u);
  EXPECT_LT(view.laneX(0), view.laneX(1));
  EXPECT_LT(view.laneX(static_cast<int>(view.diagram().lanes.size()) - 1), 900);
  // As tall as the diagram: a scroll area shows all of it.
  EXPECT_GE(view.minimumSizeHint().height(), view.yOf(view.diagram().height));
  // Larger text (workshop mode) spreads the rows, so the notes between them keep their room.
  const double normalGap = view.yOf(view.diagram().height) - view.yOf(0);
  QFont large = view.font();
  large.setPointSizeF(large.pointSizeF() * 2);
  view.setFont(large);
  EXPECT_GT(view.yOf(view.diagram().height) - view.yOf(0), normalGap * 1.5);
  // Shown in a low viewport, time is compressed to fit, but never so far that two rows come closer than a line.
  const double tall = view.yOf(view.diagram().height);
  view.setAvailableHeight(200);
  EXPECT_LT(view.yOf(view.diagram().height), tall);
  EXPECT_GE(chaossim::traces::SequenceDiagram::kMinGap * view.timeScale(), view.fontMetrics().height());
  view.setAvailableHeight(100000);
  EXPECT_DOUBLE_EQ(view.timeScale(), view.scale());
  // It paints (a smoke test of every kind of mark in a real trace).
  const QImage image = view.grab().toImage();
  EXPECT_FALSE(image.isNull());
}

TEST(sequence_view, texts_keep_clear_of_the_bars_and_of_each_other_at_any_font_size) {
  // The three lessons the Traces tab is shown with.
  for (const char* lesson : {"lost-replies", "key-per-attempt", "double-click"}) {
    const chaossim::traces::Operation op = firstDuplicate(lesson);
    ASSERT_FALSE(op.spans.empty()) << lesson;
    // The widths the diagram gets in a 1280- and a 1920-pixel window, at the desktop font and at workshop mode's
    // 1.6 times it; and a narrower one for the large font, where the texts may be elided but still avoid the bars.
    for (const auto& [fontScale, width, roomy] :
         {std::tuple{1.0, 600, true}, std::tuple{1.0, 1200, true}, std::tuple{1.6, 780, true},
          std::tuple{1.6, 1300, true}, std::tuple{1.6, 600, false}}) {
      SequenceView view;
      QFont font = view.font();
      font.setPointSizeF(font.pointSizeF() * fontScale);
      view.setFont(font);
      view.resize(width, 600);
      view.setDiagram(chaossim::traces::lay_out_sequence(op));
      view.resize(width, view.sizeHint().height());
      const auto labels = view.labels();
      const auto bars = view.barRects();
      ASSERT_FALSE(labels.empty());
      for (const auto& label : labels) {
        const std::string where = std::string(lesson) + " at " + std::to_string(width) + " px, font x" +
                                  std::to_string(fontScale) + ": " + describe(label).toStdString();
        if (roomy) {
          EXPECT_FALSE(label.elided) << where;
        }
        EXPECT_GE(label.rect.left(), 0) << where;
        EXPECT_LE(label.rect.right(), width) << where;
        for (const QRectF& bar : bars) EXPECT_FALSE(label.rect.intersects(bar)) << where;
        for (const auto& other : labels) {
          if (&other != &label) {
            EXPECT_FALSE(label.rect.intersects(other.rect)) << where << " and " << describe(other).toStdString();
          }
        }
      }
    }
  }
}

TEST(sequence_view, a_lost_reply_reads_whole_at_a_projector_and_an_elided_text_shows_whole_as_a_tooltip) {
  const chaossim::traces::Operation op = firstDuplicate("lost-replies");
  ASSERT_FALSE(op.spans.empty());
  SequenceView view;
  QFont font = view.font();
  font.setPointSizeF(font.pointSizeF() * 1.6);
  view.setFont(font);
  view.setDiagram(chaossim::traces::lay_out_sequence(op));
  // The width the diagram has in workshop mode in a 1280-pixel window.
  view.resize(780, view.sizeHint().height());
  const auto lostReply = [&] {
    for (const auto& l : view.labels())
      if (l.kind == SequenceView::Label::Kind::arrow && view.diagram().arrows[l.index].lost &&
          view.diagram().arrows[l.index].kind == chaossim::traces::SequenceDiagram::Arrow::Kind::reply)
        return l;
    return SequenceView::Label{};
  };
  SequenceView::Label label = lostReply();
  ASSERT_TRUE(label.text.startsWith(QStringLiteral("reply 200 lost ("))) << label.text.toStdString();
  EXPECT_FALSE(label.elided) << describe(label).toStdString();
  // On one line or two, every word of it.
  EXPECT_EQ(label.lines.join(QLatin1Char(' ')), label.text) << describe(label).toStdString();

  // Squeezed until it no longer fits between the bars, it is elided, and its tooltip says it whole.
  for (int width = 780; width > 200 && !label.elided; width -= 10) {
    view.resize(width, view.height());
    label = lostReply();
  }
  ASSERT_TRUE(label.elided) << describe(label).toStdString();
  view.show();
  QHelpEvent help(QEvent::ToolTip, label.rect.center().toPoint(), view.mapToGlobal(label.rect.center().toPoint()));
  QApplication::sendEvent(&view, &help);
  EXPECT_EQ(QToolTip::text(), label.text);
  QToolTip::hideText();
}

TEST(traces_view, a_window_that_shows_traces_records_them_and_draws_the_anatomy_of_a_double_charge) {
  MainWindow window;
  window.setPromptsEnabled(false);
  window.setExtraOverrides({{"duration", "90s"}});
  window.resize(1280, 720);
  window.show();
  ASSERT_TRUE(window.openFile(gui_testing::lessonPath("lost-replies")));
  TracesView* traces = window.tracesView();
  // Runs record no traces until someone looks at them.
  EXPECT_FALSE(traces->recordAction()->isChecked());
  QSignalSpy finished(&window, &MainWindow::runFinished);
  ASSERT_TRUE(window.runVariants({QStringLiteral("baseline")}));
  ASSERT_TRUE(waitFor([&] { return finished.count() == 1; }));
  window.showTraces();
  EXPECT_TRUE(traces->isVisible());
  EXPECT_TRUE(traces->recordAction()->isChecked());
  EXPECT_EQ(traces->model()->rowCount(), 0);
  EXPECT_TRUE(traces->noteText().contains(QStringLiteral("recorded no traces"))) << traces->noteText().toStdString();

  // Run again: now traced. The list opens on the first double charge, drawn and told.
  ASSERT_TRUE(window.runVariants({QStringLiteral("baseline"), QStringLiteral("per-attempt-keys")}));
  ASSERT_TRUE(waitFor([&] { return finished.count() == 2; }));
  QApplication::processEvents();
  ASSERT_GT(traces->model()->rowCount(), 0);
  EXPECT_TRUE(traces->noteText().isEmpty()) << traces->noteText().toStdString();
  const auto& diagram = traces->sequence()->diagram();
  ASSERT_FALSE(traces->sequence()->isEmpty());
  EXPECT_EQ(QString::fromStdString(diagram.lanes.at(1)), QStringLiteral("payments"));
  EXPECT_TRUE(anyLostReply(diagram));
  EXPECT_TRUE(anyDuplicateEffect(diagram));
  EXPECT_TRUE(traces->storyText().contains(QStringLiteral("lost"))) << traces->storyText().toStdString();
  EXPECT_TRUE(traces->storyText().contains(QStringLiteral("charge"))) << traces->storyText().toStdString();
  // Exported, the run keeps its traces: the report draws the same anatomy.
  {
    QTemporaryDir dir;
    QString error;
    const QString report = exportHtmlReport(*window.session(), *window.document()->document(),
                                            window.document()->text(), {}, dir.path(), &error);
    ASSERT_FALSE(report.isEmpty()) << error.toStdString();
    EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("baseline/trace.otlp.json"))));
    EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("per-attempt-keys/trace.perfetto.json"))));
    EXPECT_TRUE(gui_testing::readFile(report).contains(QStringLiteral("Anatomy of a duplicate")));
  }
  // Both variants are listed, and each can be chosen alone.
  ASSERT_EQ(traces->variantBox()->count(), 3);
  traces->variantBox()->setCurrentIndex(2);
  ASSERT_GT(traces->model()->rowCount(), 0);
  EXPECT_EQ(traces->model()->document(0)->variant, "per-attempt-keys");
  EXPECT_TRUE(traces->storyText().contains(QStringLiteral("new key"))) << traces->storyText().toStdString();
  // At a projector the list gives its width to the diagram; a box over it chooses the operation.
  window.setWorkshopMode(true);
  QApplication::processEvents();
  // Each box is as wide as its longest item at the larger text, and no fuller row can squeeze it ("all variant"):
  // Qt's minimum size hint of a box keeps the width of its first items at the font it had then.
  for (QComboBox* box : {traces->filterBox(), traces->variantBox(), traces->operationBox()}) {
    EXPECT_GE(box->width(), box->sizeHint().width()) << box->objectName().toStdString();
    EXPECT_GE(box->minimumSize().expandedTo(box->minimumSizeHint()).width(), box->sizeHint().width())
        << box->objectName().toStdString();
  }
  // The row still fits the window.
  EXPECT_LE(window.minimumSizeHint().width(), 1280);
  EXPECT_EQ(window.width(), 1280);
  EXPECT_TRUE(traces->list()->isHidden() || !traces->list()->isVisible());
  ASSERT_TRUE(traces->operationBox()->isVisible());
  ASSERT_GE(traces->operationBox()->count(), 2);
  const std::uint64_t second = traces->model()->operation(1)->serial;
  traces->operationBox()->setCurrentIndex(1);
  emit traces->operationBox()->activated(1);
  EXPECT_EQ(traces->list()->selectionModel()->currentIndex().row(), 1);
  EXPECT_TRUE(traces->findChild<QLabel*>(QStringLiteral("traceTitle"))->text().contains(QString::number(second)));
  window.setWorkshopMode(false);
  EXPECT_TRUE(traces->list()->isVisible());
  // The durable store of idempotency-keys would make the Duplicated filter empty: an empty list says why.
  traces->filterBox()->setCurrentIndex(1);
  if (traces->model()->rowCount() == 0) {
    EXPECT_TRUE(traces->noteText().contains(QStringLiteral("No traced operation of per-attempt-keys failed")))
        << traces->noteText().toStdString();
  }
  // Another scenario: the list is empty until it runs.
  window.openFile(gui_testing::lessonPath("lost-replies"));
  EXPECT_TRUE(traces->noteText().contains(QStringLiteral("Run a scenario"))) << traces->noteText().toStdString();
}

TEST(traces_view, scenario_names_are_shown_as_plain_text) {
  TracesView view;
  chaossim::traces::Document doc = tracedDocument("lost-replies", "baseline");
  ASSERT_FALSE(doc.operations.empty());
  doc.variant = "<b>bold</b>";
  for (auto& span : doc.operations.front().spans)
    if (!span.on_client && span.kind != chaossim::SpanKind::operation) span.lane = "<img src=x>";
  view.model()->setDocuments({doc});
  view.filterBox()->setCurrentIndex(3);  // all traced
  view.selectRow(0);
  EXPECT_EQ(view.findChild<QLabel*>(QStringLiteral("traceTitle"))->textFormat(), Qt::PlainText);
  EXPECT_EQ(view.findChild<QLabel*>(QStringLiteral("traceStory"))->textFormat(), Qt::PlainText);
  EXPECT_TRUE(view.findChild<QLabel*>(QStringLiteral("traceTitle"))->text().startsWith(QStringLiteral("<b>bold</b>")));
}
