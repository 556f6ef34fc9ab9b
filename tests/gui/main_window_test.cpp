// Smoke tests of the real window, offscreen: open a bundled lesson, run it, and check that every chart and card
// received data; compare variants; zoom together; export what the command line writes.

#include "app/main_window.h"

#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <gtest/gtest.h>

#include "app/chart_panel.h"
#include "app/charts_view.h"
#include "app/editable_scenario.h"
#include "app/json_editor.h"
#include "app/library_model.h"
#include "app/library_panel.h"
#include "app/recent_files.h"
#include "app/result_export.h"
#include "app/run_session.h"
#include "app/summary_cards.h"
#include "app/summary_model.h"
#include "app/zoom_state.h"
#include "support.h"

using gui_testing::waitFor;

namespace {

// Lines with at least one point, per chart.
int linesWithData(QChart* chart) {
  int n = 0;
  for (QAbstractSeries* s : chart->series())
    if (auto* line = qobject_cast<QLineSeries*>(s); line && line->count() > 0) ++n;
  return n;
}

class MainWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    window.setPromptsEnabled(false);
    // A short run keeps the test quick; the lesson is otherwise as shipped.
    window.setExtraOverrides({{"duration", "90s"}});
    window.resize(1400, 900);
    window.show();
    QString error;
    ASSERT_TRUE(window.openFile(gui_testing::lessonPath("lost-replies"), &error)) << error.toStdString();
  }

  bool runAndWait(const QStringList& variants) {
    QSignalSpy finished(&window, &MainWindow::runFinished);
    QString error;
    if (!window.runVariants(variants, &error)) {
      ADD_FAILURE() << error.toStdString();
      return false;
    }
    return waitFor([&] { return finished.count() == 1; });
  }

  MainWindow window;
};

}  // namespace

TEST_F(MainWindowTest, running_a_lesson_fills_every_chart_and_card) {
  EXPECT_GE(window.libraryPanel()->model()->rowCount(), 2);
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline")}));
  const QList<ChartPanel*> panels = window.chartsView()->panels();
  ASSERT_GE(panels.size(), 5);
  QStringList ids;
  for (ChartPanel* panel : panels) {
    ids << QString::fromStdString(panel->spec().id);
    EXPECT_GE(linesWithData(panel->chart()), 1) << panel->spec().id;
    EXPECT_FALSE(panel->hoverText(30).isEmpty()) << panel->spec().id;
  }
  // Hovering over the plot shows the values of every line at that time.
  ChartPanel* first = panels.front();
  const QPoint centre = first->mapFromScene(first->chart()->mapToScene(first->chart()->plotArea().center()));
  QHelpEvent help(QEvent::ToolTip, centre, first->viewport()->mapToGlobal(centre));
  QApplication::sendEvent(first->viewport(), &help);
  EXPECT_TRUE(QToolTip::text().startsWith(QStringLiteral("t = "))) << QToolTip::text().toStdString();
  QToolTip::hideText();

  EXPECT_TRUE(ids.contains(QStringLiteral("requests"))) << ids.join(',').toStdString();
  EXPECT_TRUE(ids.contains(QStringLiteral("duplicates"))) << ids.join(',').toStdString();

  const SummaryModel* summary = window.summaryModel();
  ASSERT_EQ(summary->columnCount(), 1);
  EXPECT_GT(summary->index(SummaryModel::Duplicates, 0).data(SummaryModel::ValueRole).toDouble(), 0);
  for (const QString& card : window.summaryCards()->cardTexts()) EXPECT_FALSE(card.isEmpty());
  EXPECT_TRUE(window.session()->finished());
  EXPECT_EQ(window.controller()->state(), RunController::State::Finished);
}

TEST_F(MainWindowTest, compare_overlays_variants_one_line_each) {
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline"), QStringLiteral("idempotency-keys")}));
  for (ChartPanel* panel : window.chartsView()->panels()) {
    QStringList names;
    for (QAbstractSeries* s : panel->chart()->series())
      if (qobject_cast<QLineSeries*>(s)) names << s->name();
    EXPECT_EQ(names.size() % 2, 0) << panel->spec().id;
    EXPECT_TRUE(names.join(' ').contains(QStringLiteral("idempotency-keys"))) << names.join(',').toStdString();
  }
  const SummaryModel* summary = window.summaryModel();
  ASSERT_EQ(summary->columnCount(), 2);
  EXPECT_EQ(summary->index(SummaryModel::Duplicates, 1).data(SummaryModel::ValueRole).toDouble(), 0);
}

TEST_F(MainWindowTest, zoom_is_shared_by_every_chart) {
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline")}));
  window.chartsView()->zoom()->zoomTo(20, 40);
  for (ChartPanel* panel : window.chartsView()->panels()) {
    auto* x = qobject_cast<QValueAxis*>(panel->chart()->axes(Qt::Horizontal).front());
    ASSERT_NE(x, nullptr);
    EXPECT_DOUBLE_EQ(x->min(), 20);
    EXPECT_DOUBLE_EQ(x->max(), 40);
  }
  window.chartsView()->zoom()->reset();
  for (ChartPanel* panel : window.chartsView()->panels())
    EXPECT_DOUBLE_EQ(qobject_cast<QValueAxis*>(panel->chart()->axes(Qt::Horizontal).front())->max(), 90);
}

TEST_F(MainWindowTest, exports_the_command_line_result_files_and_chart_images) {
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline"), QStringLiteral("per-attempt-keys")}));
  QTemporaryDir dir;
  QString error;
  const QStringList folders = exportResults(*window.session(), dir.path(), &error);
  EXPECT_TRUE(error.isEmpty()) << error.toStdString();
  ASSERT_EQ(folders.size(), 2);
  for (const char* variant : {"baseline", "per-attempt-keys"})
    for (const char* file : {"summary.json", "timeseries.csv"})
      EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("%1/%2").arg(QLatin1String(variant), QLatin1String(file)))))
          << variant << "/" << file;
  const QString summary = gui_testing::readFile(dir.filePath(QStringLiteral("baseline/summary.json")));
  EXPECT_TRUE(summary.contains(QStringLiteral("\"variant\": \"baseline\"")) || summary.contains(QStringLiteral("\"variant\":\"baseline\"")))
      << summary.left(200).toStdString();

  for (ImageFormat format : {ImageFormat::Png, ImageFormat::Svg}) {
    const QString sub = dir.filePath(format == ImageFormat::Png ? QStringLiteral("png") : QStringLiteral("svg"));
    const QStringList images = exportCharts(*window.session(), sub, format, window.chartsView()->style(), &error);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_EQ(images.size(), window.chartsView()->panels().size());
    for (const QString& image : images) EXPECT_GT(QFileInfo(image).size(), 1000) << image.toStdString();
  }
  // The command line's report, made from the same folder.
  const QString report = exportHtmlReport(*window.session(), *window.document()->document(), window.document()->text(), {},
                                          dir.path(), &error);
  ASSERT_FALSE(report.isEmpty()) << error.toStdString();
  const QString html = gui_testing::readFile(report);
  EXPECT_TRUE(html.contains(QStringLiteral("<svg"))) << "the report has no charts";
  EXPECT_TRUE(html.contains(QStringLiteral("per-attempt-keys")));
  EXPECT_TRUE(QFileInfo::exists(dir.filePath(QStringLiteral("summary.md"))));

  // The charts on screen are untouched by the export.
  for (ChartPanel* panel : window.chartsView()->panels()) EXPECT_EQ(panel->chart()->scene(), panel->scene());
}

TEST_F(MainWindowTest, an_invalid_edit_blocks_the_run_and_shows_where) {
  EditableScenario* doc = window.document();
  QString text = doc->text();
  text.replace(QStringLiteral("\"workers\": 32"), QStringLiteral("\"workers\": -1"));
  doc->setText(text);
  QString error;
  EXPECT_FALSE(window.runVariants({QStringLiteral("baseline")}, &error));
  EXPECT_TRUE(error.contains(QStringLiteral("workers"))) << error.toStdString();
  const auto& errors = window.editor()->jsonEditor()->errors();
  ASSERT_FALSE(errors.empty());
  EXPECT_GT(errors.front().line, 0);
  doc->undoStack()->undo();
  EXPECT_TRUE(doc->isValid());
}

TEST_F(MainWindowTest, workshop_mode_enlarges_fonts_and_lines) {
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline")}));
  const qreal normal = QApplication::font().pointSizeF();
  window.setWorkshopMode(true);
  EXPECT_GT(QApplication::font().pointSizeF(), normal);
  auto* line = qobject_cast<QLineSeries*>(window.chartsView()->panels().front()->chart()->series().back());
  ASSERT_NE(line, nullptr);
  EXPECT_GE(line->pen().widthF(), chaossim::ChartStyle::workshop().line_width);
  window.setWorkshopMode(false);
  EXPECT_EQ(QApplication::font().pointSizeF(), normal);
}

TEST_F(MainWindowTest, a_dropped_scenario_file_is_opened_and_remembered) {
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(gui_testing::lessonPath("double-click"))});
  const QPoint at(window.width() / 2, window.height() / 2);
  QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &enter);
  EXPECT_TRUE(enter.isAccepted());
  QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &drop);
  EXPECT_TRUE(window.document()->filePath().endsWith(QStringLiteral("double-click.json")));
  EXPECT_TRUE(window.recentFiles()->files().front().endsWith(QStringLiteral("double-click.json")));
  EXPECT_TRUE(window.windowTitle().startsWith(QStringLiteral("double-click.json")));
}
