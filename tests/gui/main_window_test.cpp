// Smoke tests of the real window, offscreen: open a bundled lesson, run it, and check that every chart and card
// received data; compare variants; zoom together; export what the command line writes.

#include "app/main_window.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTabBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
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
#include "app/form_widgets.h"
#include "app/library_panel.h"
#include "app/overrides_bar.h"
#include "app/recent_files.h"
#include "app/result_export.h"
#include "app/run_session.h"
#include "app/run_toolbar.h"
#include "app/scenario_form.h"
#include "app/summary_cards.h"
#include "app/summary_model.h"
#include "app/zoom_state.h"
#include "support.h"
#include "temporary_lessons.h"

using gui_testing::waitFor;

namespace {

// Lines with at least one point, per chart.
int linesWithData(QChart* chart) {
  int n = 0;
  for (QAbstractSeries* s : chart->series())
    if (auto* line = qobject_cast<QLineSeries*>(s); line && line->count() > 0) ++n;
  return n;
}

// Answers the next message box once it is shown: `answer` gets the box and clicks a button of it.
void answerNextMessageBox(const std::function<void(QMessageBox*)>& answer) {
  auto* poll = new QTimer;
  QObject::connect(poll, &QTimer::timeout, poll, [poll, answer] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      poll->stop();
      poll->deleteLater();
      answer(box);
    }
  });
  poll->start(20);
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
    const QStringList images =
        exportCharts(*window.session(), sub, format, window.chartsView()->style(), window.extraOverrides(), &error);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_EQ(images.size(), window.chartsView()->panels().size());
    for (const QString& image : images) {
      EXPECT_GT(QFileInfo(image).size(), 1000) << image.toStdString();
      // Named after the run, so exports of other runs do not overwrite them.
      EXPECT_TRUE(QFileInfo(image).fileName().startsWith(QStringLiteral("lost-replies_baseline-vs-per-attempt-keys_seed-")))
          << image.toStdString();
    }
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

TEST_F(MainWindowTest, exported_charts_carry_a_caption_of_the_run) {
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline")}));
  const QString caption = exportCaption(*window.session(), window.extraOverrides());
  EXPECT_TRUE(caption.startsWith(QStringLiteral("Lost replies: retries charge customers twice · baseline · seed ")))
      << caption.toStdString();
  EXPECT_TRUE(caption.contains(QStringLiteral("--set duration=90s"))) << caption.toStdString();
  QTemporaryDir dir;
  QString error;
  const QStringList svgs = exportCharts(*window.session(), dir.path(), ImageFormat::Svg, window.chartsView()->style(),
                                        window.extraOverrides(), &error);
  ASSERT_FALSE(svgs.isEmpty()) << error.toStdString();
  EXPECT_TRUE(gui_testing::readFile(svgs.front()).contains(QStringLiteral("seed "))) << "no caption in the SVG";
  const QStringList pngs = exportCharts(*window.session(), dir.path(), ImageFormat::Png, window.chartsView()->style(),
                                        window.extraOverrides(), &error);
  ASSERT_FALSE(pngs.isEmpty()) << error.toStdString();
  const QImage image(pngs.front());
  // The chart and, under it, the caption's band: a few rows of dark text pixels below the chart's area.
  ASSERT_GT(image.height(), 560 * 2);
  int dark = 0;
  for (int y = 560 * 2; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
  EXPECT_GT(dark, 200) << "the caption band is empty";
}

TEST_F(MainWindowTest, saving_a_bundled_lesson_asks_for_a_new_file_and_leaves_the_lesson_as_shipped) {
  const gui_testing::TemporaryLessons lessons{"lost-replies"};
  const QByteArray shipped = lessons.bytes("lost-replies");
  ASSERT_TRUE(window.openFile(lessons.path("lost-replies")));
  EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("lesson template"))) << window.windowTitle().toStdString();
  auto* saveAction = window.findChild<QAction*>(QStringLiteral("saveAction"));
  ASSERT_NE(saveAction, nullptr);
  EXPECT_TRUE(saveAction->text().contains(QStringLiteral("Save As"))) << saveAction->text().toStdString();
  ASSERT_TRUE(window.document()->setValue("clients.count", 3, QStringLiteral("count")));

  QTemporaryDir mine;
  QStringList suggestions;
  const QString chosen = mine.filePath(QStringLiteral("my-lost-replies.json"));
  window.setSavePathChooser([&](const QString& suggested) {
    suggestions << suggested;
    return chosen;
  });
  saveAction->trigger();  // Ctrl+S
  ASSERT_EQ(suggestions.size(), 1) << "Save on a lesson must ask for a new file";
  EXPECT_FALSE(suggestions.front().startsWith(lessons.folder())) << suggestions.front().toStdString();
  EXPECT_EQ(lessons.bytes("lost-replies"), shipped);
  EXPECT_EQ(window.document()->filePath(), QFileInfo(chosen).absoluteFilePath());
  EXPECT_FALSE(window.document()->isModified());
  EXPECT_TRUE(gui_testing::readFile(chosen).contains(QStringLiteral("\"count\": 3")));
  EXPECT_FALSE(window.windowTitle().contains(QStringLiteral("lesson template")));

  // Choosing the lesson's own path is refused too: nothing writes into the lessons folder.
  ASSERT_TRUE(window.openFile(lessons.path("lost-replies")));
  ASSERT_TRUE(window.document()->setValue("clients.count", 4, QStringLiteral("count")));
  window.setSavePathChooser([&](const QString&) { return lessons.path("lost-replies"); });
  EXPECT_FALSE(window.save());
  EXPECT_EQ(lessons.bytes("lost-replies"), shipped);
}

TEST_F(MainWindowTest, a_file_that_does_not_load_is_never_saved_silently) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("mine.json"));
  ASSERT_TRUE(QFile::copy(gui_testing::lessonPath("lost-replies"), path));
  const QString original = gui_testing::readFile(path);
  ASSERT_TRUE(window.openFile(path));
  window.document()->setText(original.left(original.size() / 2));  // broken JSON
  ASSERT_FALSE(window.document()->errors().empty());
  EXPECT_FALSE(window.save());  // prompts off: no question can be asked, so nothing is written
  EXPECT_EQ(gui_testing::readFile(path), original);

  // With prompts, the question comes first and Enter keeps the file as it was.
  window.setPromptsEnabled(true);
  bool asked = false;
  answerNextMessageBox([&](QMessageBox* box) {
    asked = true;
    EXPECT_EQ(box->defaultButton(), box->button(QMessageBox::Cancel));
    QTest::keyClick(box, Qt::Key_Return);
  });
  EXPECT_FALSE(window.save());
  EXPECT_TRUE(asked);
  EXPECT_EQ(gui_testing::readFile(path), original);
  window.setPromptsEnabled(false);
}

TEST_F(MainWindowTest, the_unsaved_changes_question_defaults_to_cancel) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("mine.json"));
  ASSERT_TRUE(QFile::copy(gui_testing::lessonPath("lost-replies"), path));
  const QString original = gui_testing::readFile(path);
  ASSERT_TRUE(window.openFile(path));
  ASSERT_TRUE(window.document()->setValue("clients.count", 5, QStringLiteral("count")));
  window.setPromptsEnabled(true);
  QString defaultAnswer;
  answerNextMessageBox([&](QMessageBox* box) {
    defaultAnswer = box->defaultButton() ? box->defaultButton()->text() : QString();
    QTest::keyClick(box, Qt::Key_Return);
  });
  EXPECT_FALSE(window.openFile(gui_testing::lessonPath("double-click")));
  window.setPromptsEnabled(false);
  EXPECT_EQ(defaultAnswer, QMessageBox().addButton(QMessageBox::Cancel)->text());
  // Nothing was written and nothing was lost.
  EXPECT_EQ(gui_testing::readFile(path), original);
  EXPECT_TRUE(window.document()->isModified());
  EXPECT_EQ(window.document()->filePath(), QFileInfo(path).absoluteFilePath());
}

TEST_F(MainWindowTest, an_invalid_form_field_blocks_run_with_the_reason) {
  window.showEditor(ScenarioEditor::Page::Form);
  auto* timeout = window.editor()->form()->findChild<DurationEdit*>(QStringLiteral("timeout"));
  ASSERT_NE(timeout, nullptr);
  QAction* run = window.runToolbar()->runAction();
  EXPECT_TRUE(run->isEnabled());
  timeout->selectAll();
  QTest::keyClicks(timeout, QStringLiteral("abc"));
  EXPECT_FALSE(run->isEnabled());
  EXPECT_TRUE(run->toolTip().contains(QStringLiteral("“abc” is not a duration"))) << run->toolTip().toStdString();
  EXPECT_TRUE(window.editor()->statusText().contains(QStringLiteral("Timeout per attempt")))
      << window.editor()->statusText().toStdString();
  EXPECT_FALSE(window.editor()->statusText().contains(QStringLiteral("Valid")));
  QString error;
  EXPECT_FALSE(window.runVariants({QStringLiteral("baseline")}, &error));
  EXPECT_TRUE(error.contains(QStringLiteral("Timeout per attempt"))) << error.toStdString();
  EXPECT_TRUE(window.session()->isEmpty());

  QTest::keyClick(timeout, Qt::Key_Escape);  // the value as it is in the document comes back
  EXPECT_TRUE(run->isEnabled());
  EXPECT_EQ(window.editor()->statusText(), QStringLiteral("✓ Valid scenario"));
}

TEST_F(MainWindowTest, command_line_overrides_are_shown_and_can_be_cleared) {
  OverridesBar* bar = window.overridesBar();
  EXPECT_TRUE(bar->isVisible());
  EXPECT_TRUE(bar->text().contains(QStringLiteral("--set duration=90s"))) << bar->text().toStdString();
  auto* clear = bar->findChild<QPushButton*>(QStringLiteral("clearOverrides"));
  ASSERT_NE(clear, nullptr);
  clear->click();
  EXPECT_TRUE(window.extraOverrides().empty());
  EXPECT_FALSE(bar->isVisible());
  EXPECT_TRUE(bar->text().isEmpty());
}

TEST(main_window_size, the_first_window_fits_a_projector_and_uses_a_large_screen) {
  const QSize projector = MainWindow::defaultSize(QSize(1280, 720));
  EXPECT_LE(projector.width(), 1280);
  EXPECT_LE(projector.height(), 720);
  EXPECT_GE(projector.width(), 1100);
  const QSize full = MainWindow::defaultSize(QSize(1920, 1080));
  EXPECT_GE(full.width(), 1700);
  EXPECT_GE(full.height(), 950);
  EXPECT_LE(full.width(), 1920);
}

TEST_F(MainWindowTest, workshop_mode_fits_a_1280x720_projector) {
  window.resize(1280, 720);
  window.setWorkshopMode(true);
  QApplication::processEvents();
  RunToolbar* toolbar = window.runToolbar();
  // Nothing of the run bar is pushed into the overflow menu or cut at the window's edge.
  for (QToolButton* button : toolbar->findChildren<QToolButton*>()) {
    if (button->objectName() == QLatin1String("qt_toolbar_ext_button")) {
      EXPECT_FALSE(button->isVisible());
    }
  }
  for (QAction* action : toolbar->actions()) {
    QWidget* widget = toolbar->widgetForAction(action);
    if (!widget || action->isSeparator() || !action->isVisible()) continue;  // the LIVE marker of a live run
    EXPECT_TRUE(widget->isVisible()) << action->text().toStdString();
    EXPECT_LE(widget->mapTo(&window, QPoint(widget->width(), 0)).x(), window.width()) << action->text().toStdString();
  }
  // Titles and code grow with the text.
  const qreal text = QApplication::font().pointSizeF();
  EXPECT_GE(window.editor()->jsonEditor()->font().pointSizeF(), text);
  window.setWorkshopMode(false);
  EXPECT_LT(window.editor()->jsonEditor()->font().pointSizeF(), text);
}

TEST_F(MainWindowTest, in_workshop_mode_a_run_at_1280x720_keeps_the_window_and_every_title_readable) {
  window.resize(1280, 720);
  window.setWorkshopMode(true);
  ASSERT_TRUE(runAndWait({QStringLiteral("baseline"), QStringLiteral("idempotency-keys"), QStringLiteral("per-attempt-keys")}));
  QApplication::processEvents();
  // The cards are one table, whose cells wrap rather than make the window wider than the projector.
  EXPECT_TRUE(window.summaryCards()->compact());
  EXPECT_LE(window.minimumSizeHint().width(), 1280);
  EXPECT_EQ(window.width(), 1280);
  // Dock titles are drawn in the dock's font once it is its own (QDockWidget keeps its first title font otherwise).
  for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
    EXPECT_TRUE(dock->testAttribute(Qt::WA_SetFont)) << dock->objectName().toStdString();
    EXPECT_GE(dock->font().pointSizeF(), QApplication::font().pointSizeF()) << dock->objectName().toStdString();
  }
  // The side panel's tabs are not elided ("Lib…").
  for (QTabBar* tabs : window.findChildren<QTabBar*>()) {
    for (int i = 0; i < tabs->count(); ++i) {
      if (tabs->isVisible()) {
        EXPECT_GE(tabs->tabRect(i).width(), tabs->fontMetrics().horizontalAdvance(tabs->tabText(i)))
            << tabs->tabText(i).toStdString();
      }
    }
  }
  window.setWorkshopMode(false);
  for (QDockWidget* dock : window.findChildren<QDockWidget*>()) EXPECT_FALSE(dock->testAttribute(Qt::WA_SetFont));
}

TEST_F(MainWindowTest, the_library_shows_a_lesson_from_its_first_line) {
  window.showLibrary();
  window.resize(1280, 720);
  QApplication::processEvents();
  window.libraryPanel()->selectPath(gui_testing::lessonPath("cascading-failure"));
  QApplication::processEvents();
  EXPECT_TRUE(window.libraryPanel()->descriptionText().startsWith(QStringLiteral("The api serves")))
      << window.libraryPanel()->descriptionText().left(80).toStdString();
  EXPECT_EQ(window.libraryPanel()->descriptionScroll(), 0);
}
