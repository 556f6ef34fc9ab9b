#include "app/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "app/charts_view.h"
#include "app/compare_dialog.h"
#include "app/editable_scenario.h"
#include "app/lesson_catalog.h"
#include "app/library_panel.h"
#include "app/recent_files.h"
#include "app/result_export.h"
#include "app/run_session.h"
#include "app/run_toolbar.h"
#include "app/summary_cards.h"
#include "app/summary_model.h"
#include "app/zoom_state.h"

namespace {

QString firstErrors(const std::vector<chaossim::LoadError>& errors) {
  QStringList lines;
  for (std::size_t i = 0; i < errors.size() && i < 5; ++i) lines << QString::fromStdString(errors[i].to_string());
  if (errors.size() > 5) lines << QObject::tr("… and %1 more").arg(errors.size() - 5);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_settings(new QSettings(this)), m_doc(new EditableScenario(this)),
      m_controller(new RunController(this)), m_session(new RunSession(this)), m_summary(new SummaryModel(this)),
      m_recent(new RecentFiles(m_settings, this)), m_library(new LibraryPanel), m_editor(new ScenarioEditor(m_doc)),
      m_charts(new ChartsView), m_cards(new SummaryCards), m_toolbar(new RunToolbar(this)),
      m_libraryDock(new QDockWidget(tr("Library"), this)), m_editorDock(new QDockWidget(tr("Scenario"), this)),
      m_normalFont(QApplication::font()) {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

  auto* dashboard = new QWidget(this);
  auto* layout = new QVBoxLayout(dashboard);
  layout->setContentsMargins(6, 6, 6, 6);
  m_cards->setModel(m_summary);
  layout->addWidget(m_cards);
  layout->addWidget(m_charts, 1);
  setCentralWidget(dashboard);

  m_libraryDock->setObjectName(QStringLiteral("libraryDock"));
  m_libraryDock->setWidget(m_library);
  addDockWidget(Qt::LeftDockWidgetArea, m_libraryDock);
  m_editorDock->setObjectName(QStringLiteral("editorDock"));
  m_editorDock->setWidget(m_editor);
  // Library and editor share one side panel as tabs, so the charts get the width their legends need; either can
  // be dragged out beside the other.
  addDockWidget(Qt::LeftDockWidgetArea, m_editorDock);
  tabifyDockWidget(m_libraryDock, m_editorDock);
  m_libraryDock->raise();
  resizeDocks({m_libraryDock}, {430}, Qt::Horizontal);
  addToolBar(Qt::TopToolBarArea, m_toolbar);

  createMenus();
  connectParts();
  documentChanged();
  statusBar()->showMessage(tr("Open a lesson to begin."));
  restoreGeometry(m_settings->value(QStringLiteral("geometry")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
  file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("&Export"));
  exports->setToolTipsVisible(true);
  exports->addAction(tr("Charts as &PNG…"), this, [this] { exportChartsDialog(int(ImageFormat::Png)); });
  exports->addAction(tr("Charts as &SVG…"), this, [this] { exportChartsDialog(int(ImageFormat::Svg)); });
  exports->addAction(tr("&Results (summary.json, timeseries.csv)…"), this, &MainWindow::exportResultsDialog);
  exports->addAction(tr("&HTML report…"), this, &MainWindow::exportReportDialog)
      ->setToolTip(tr("The report of `chaossim report`: results, report.html and summary.md in one folder"));
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  updateRecentMenu();

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addActions({m_toolbar->runAction(), m_toolbar->pauseAction(), m_toolbar->stepAction(), m_toolbar->stopAction()});
  run->addSeparator();
  run->addAction(m_toolbar->compareAction());

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* workshop = view->addAction(tr("&Workshop mode (large fonts, thick lines)"));
  workshop->setObjectName(QStringLiteral("workshopAction"));
  workshop->setCheckable(true);
  workshop->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_W);
  connect(workshop, &QAction::toggled, this, &MainWindow::setWorkshopMode);
  view->addSeparator();
  view->addAction(tr("Zoom &out"), QKeySequence::ZoomOut, m_charts->zoom(), &ZoomState::zoomOut);
  view->addAction(tr("&Reset zoom"), Qt::CTRL | Qt::Key_0, m_charts->zoom(), &ZoomState::reset);
  view->addSeparator();
  view->addAction(m_libraryDock->toggleViewAction());
  view->addAction(m_editorDock->toggleViewAction());
  view->addAction(tr("Re&load library"), m_library, &LibraryPanel::reload);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About chaossim"), this, [this] {
    QMessageBox::about(this, tr("About chaossim"),
                       tr("<b>chaossim %1</b><p>A deterministic simulator of retries, idempotency and circuit "
                          "breakers under failure.</p>").arg(QStringLiteral(CHAOSSIM_VERSION)));
  });
}

void MainWindow::connectParts() {
  connect(m_doc, &EditableScenario::changed, this, &MainWindow::documentChanged);
  connect(m_doc, &EditableScenario::modifiedChanged, this, &MainWindow::updateTitle);
  connect(m_doc, &EditableScenario::fileChanged, this, &MainWindow::updateTitle);
  connect(m_library, &LibraryPanel::lessonActivated, this, [this](const QString& path) { openFile(path); });
  connect(m_recent, &RecentFiles::changed, this, &MainWindow::updateRecentMenu);

  connect(m_toolbar, &RunToolbar::runRequested, this, &MainWindow::startFromToolbar);
  connect(m_toolbar, &RunToolbar::pauseRequested, m_controller, &RunController::pause);
  connect(m_toolbar, &RunToolbar::resumeRequested, m_controller, &RunController::resume);
  connect(m_toolbar, &RunToolbar::stepRequested, this, &MainWindow::stepFromToolbar);
  connect(m_toolbar, &RunToolbar::stopRequested, m_controller, &RunController::stop);
  connect(m_toolbar, &RunToolbar::compareRequested, this, &MainWindow::compare);
  connect(m_toolbar, &RunToolbar::speedChanged, m_controller, &RunController::setSpeed);

  connect(m_controller, &RunController::snapshotReady, m_session, &RunSession::setData);
  connect(m_controller, &RunController::stateChanged, m_toolbar, &RunToolbar::setState);
  connect(m_controller, &RunController::finished, this, [this] {
    m_session->flush();
    int passed = 0, total = 0;
    for (const VariantRun& run : m_session->runs())
      if (run.snapshot && run.snapshot->result)
        for (const auto& e : run.snapshot->result->expectations) {
          ++total;
          passed += e.passed ? 1 : 0;
        }
    const QString what = m_controller->variants().join(QStringLiteral(", "));
    statusBar()->showMessage(total == 0 ? tr("%1 finished.").arg(what)
                                        : tr("%1 finished: %2 of %3 expectations hold.").arg(what).arg(passed).arg(total));
    emit runFinished();
  });
  connect(m_controller, &RunController::failed, this, [this](const QString& message) {
    showError(tr("The run failed"), message);
    emit runFailed(message);
  });
  connect(m_session, &RunSession::updated, this, &MainWindow::sessionUpdated);
  connect(m_session, &RunSession::begun, this, [this] {
    m_charts->clear();
    m_summary->setData(m_session->runs());
    m_toolbar->setProgress(0, 0);
  });
  connect(m_controller, &RunController::stateChanged, this, [this](RunController::State state) {
    if (state == RunController::State::Paused)
      statusBar()->showMessage(tr("Paused at t = %1 s: Resume (F6) or Step (F10).").arg(m_session->simulatedSeconds(), 0, 'f', 0));
    else if (state == RunController::State::Running)
      statusBar()->showMessage(tr("Running %1…").arg(m_controller->variants().join(QStringLiteral(", "))));
    else if (state == RunController::State::Idle && !m_session->isEmpty())
      statusBar()->showMessage(tr("Stopped."), 4000);
  });
}

void MainWindow::sessionUpdated() {
  m_charts->setData(*m_session);
  m_summary->setData(m_session->runs());
  m_toolbar->setProgress(m_session->progress(), m_session->simulatedSeconds());
}

void MainWindow::documentChanged() {
  QStringList variants;
  for (const std::string& v : m_doc->variantNames()) variants << QString::fromStdString(v);
  m_toolbar->setVariants(variants);
  m_toolbar->setRunnable(m_doc->baseline() != nullptr);
  if (m_doc->isEmpty())
    m_charts->setPlaceholderText(tr("Open a lesson from the library (or File ▸ Open, or drop a .json file here) and press Run."));
  else if (m_doc->baseline())
    m_charts->setPlaceholderText(tr("Press Run (F5) to simulate “%1”, or Step (F10) to go one bucket at a time.")
                                     .arg(QString::fromStdString(m_doc->baseline()->title.empty() ? m_doc->baseline()->name
                                                                                                  : m_doc->baseline()->title)));
  else
    m_charts->setPlaceholderText(tr("The scenario has errors: correct them in the Scenario panel's JSON tab to run it."));
  updateTitle();
}

void MainWindow::updateTitle() {
  setWindowTitle(tr("%1[*] — chaossim").arg(m_doc->displayName()));
  setWindowModified(m_doc->isModified());
}

void MainWindow::updateRecentMenu() {
  m_recentMenu->clear();
  for (const QString& path : m_recent->files())
    m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
  if (!m_recent->files().isEmpty()) {
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear list"), m_recent, &RecentFiles::clear);
  }
  m_recentMenu->setEnabled(!m_recent->files().isEmpty());
}

bool MainWindow::openFile(const QString& path, QString* error) {
  if (!maybeSave()) return false;
  QString why;
  if (!m_doc->load(path, &why)) {
    m_recent->remove(path);
    if (error) *error = why;
    showError(tr("Cannot open the scenario"), why);
    return false;
  }
  m_recent->add(path);
  m_library->selectPath(m_doc->filePath());
  m_controller->stop();
  m_session->clear();
  m_lastCompare.clear();
  statusBar()->showMessage(m_doc->isValid() ? tr("Opened %1. Press Run (F5).").arg(m_doc->displayName())
                                            : tr("Opened %1: it has errors, see the JSON tab.").arg(m_doc->displayName()));
  if (!m_doc->errors().empty()) showEditor(ScenarioEditor::Page::Json);
  return true;
}

std::vector<RunSpec> MainWindow::buildSpecs(const QStringList& keys, QString* error) const {
  std::vector<RunSpec> specs;
  for (const QString& key : keys) {
    chaossim::LoadResult r;
    if (key == CompareDialog::savedFileKey()) {
      // The file as saved, to see what the unsaved edits change.
      auto parsed = chaossim::read_scenario_document(m_doc->filePath().toStdString());
      if (auto* doc = std::get_if<chaossim::ScenarioDocument>(&parsed)) r = chaossim::build_scenario(*doc, m_extraOverrides);
      else r.errors = std::get<std::vector<chaossim::LoadError>>(parsed);
    } else {
      r = m_doc->build(key.toStdString(), m_extraOverrides);
    }
    if (!r.ok()) {
      if (error) *error = tr("%1 does not load:\n%2").arg(key, firstErrors(r.errors));
      return {};
    }
    specs.push_back({key.toStdString(), std::make_shared<const chaossim::Scenario>(std::move(*r.scenario)), 0});
  }
  // Common random numbers: every variant draws from the same seed, the first one's (as the command line does).
  for (RunSpec& s : specs) s.seed = specs.front().scenario->seed;
  return specs;
}

bool MainWindow::runVariants(const QStringList& requested, QString* error, bool paused) {
  QStringList keys = requested;
  keys.removeDuplicates();  // each variant is one line per chart, told apart by its name
  QString why;
  if (keys.isEmpty()) why = tr("Nothing to run.");
  const std::vector<RunSpec> specs = why.isEmpty() ? buildSpecs(keys, &why) : std::vector<RunSpec>{};
  if (specs.empty()) {
    if (error) *error = why;
    showError(tr("Cannot run"), why);
    showEditor(ScenarioEditor::Page::Json);
    return false;
  }
  if (keys.size() == 1) m_toolbar->selectVariant(keys.front());
  m_session->begin(specs);
  m_controller->start(specs, paused);
  return true;
}

void MainWindow::showEditor(ScenarioEditor::Page page) {
  m_editor->showPage(page);
  m_editorDock->show();
  m_editorDock->raise();
}

void MainWindow::showLibrary() {
  m_libraryDock->show();
  m_libraryDock->raise();
}

void MainWindow::startFromToolbar(const QString& variant) { runVariants({variant}); }

void MainWindow::stepFromToolbar() {
  using S = RunController::State;
  if (m_controller->state() == S::Running || m_controller->state() == S::Paused) return m_controller->step();
  // Nothing under way: start the selected variant paused, then take its first step.
  if (runVariants({m_toolbar->variant()}, nullptr, true)) m_controller->step();
}

void MainWindow::compare() {
  QStringList variants;
  for (const std::string& v : m_doc->variantNames()) variants << QString::fromStdString(v);
  CompareDialog dialog(variants, m_doc->hasFile() && m_doc->isModified(), this);
  if (!m_lastCompare.isEmpty()) dialog.setChecked(m_lastCompare);
  if (dialog.exec() != QDialog::Accepted) return;
  m_lastCompare = dialog.checked();
  runVariants(m_lastCompare);
}

void MainWindow::setWorkshopMode(bool on) {
  if (on == m_workshop) return;
  m_workshop = on;
  QFont font = m_normalFont;
  if (on) font.setPointSizeF(font.pointSizeF() * 1.6);
  QApplication::setFont(font);
  m_charts->setWorkshopMode(on);
  if (auto* action = findChild<QAction*>(QStringLiteral("workshopAction")); action && action->isChecked() != on)
    action->setChecked(on);
}

void MainWindow::openDialog() {
  const QString dir = m_doc->hasFile() ? QFileInfo(m_doc->filePath()).absolutePath() : lessonsDirectory();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), dir, tr("Scenarios (*.json);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

bool MainWindow::save() {
  if (!m_doc->hasFile()) return saveAs();
  QString error;
  if (!m_doc->save(&error)) {
    showError(tr("Cannot save"), error);
    return false;
  }
  statusBar()->showMessage(tr("Saved %1").arg(m_doc->filePath()), 4000);
  return true;
}

bool MainWindow::saveAs() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario as"), m_doc->filePath(), tr("Scenarios (*.json)"));
  if (path.isEmpty()) return false;
  QString error;
  if (!m_doc->saveAs(path, &error)) {
    showError(tr("Cannot save"), error);
    return false;
  }
  m_recent->add(path);
  return true;
}

bool MainWindow::maybeSave() {
  if (!m_doc->isModified() || !m_prompts) return true;
  const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                           tr("%1 has unsaved changes. Save them?").arg(m_doc->displayName()),
                                           QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Save) return save();
  return answer == QMessageBox::Discard;
}

void MainWindow::exportResultsDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export results to"));
  if (dir.isEmpty()) return;
  QString error;
  const QStringList written = exportResults(*m_session, dir, &error);
  if (!error.isEmpty()) return showError(tr("Export failed"), error);
  statusBar()->showMessage(tr("Wrote %1").arg(written.join(QStringLiteral(", "))), 6000);
}

void MainWindow::exportReportDialog() {
  if (!m_doc->document()) return showError(tr("Export failed"), tr("The scenario does not load."));
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Write the report into"));
  if (dir.isEmpty()) return;
  QString error;
  const QString report = exportHtmlReport(*m_session, *m_doc->document(), m_doc->text(), m_extraOverrides, dir, &error);
  if (report.isEmpty()) return showError(tr("Export failed"), error);
  statusBar()->showMessage(tr("Wrote %1").arg(report), 8000);
  QDesktopServices::openUrl(QUrl::fromLocalFile(report));
}

void MainWindow::exportChartsDialog(int format) {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export charts to"));
  if (dir.isEmpty()) return;
  QString error;
  const QStringList written = exportCharts(*m_session, dir, static_cast<ImageFormat>(format), m_charts->style(), &error);
  if (!error.isEmpty()) return showError(tr("Export failed"), error);
  statusBar()->showMessage(tr("Wrote %n chart(s) to %1", nullptr, static_cast<int>(written.size())).arg(dir), 6000);
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 8000);
  if (m_prompts) QMessageBox::warning(this, title, message);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeSave()) return event->ignore();
  m_settings->setValue(QStringLiteral("geometry"), saveGeometry());
  m_controller->stop();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
      return event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
      event->acceptProposedAction();
      openFile(url.toLocalFile());
      return;
    }
  }
}
