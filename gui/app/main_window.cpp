#include "app/main_window.h"
#include "app/map_view.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include "app/charts_view.h"
#include "app/compare_dialog.h"
#include "app/editable_scenario.h"
#include "app/lesson_catalog.h"
#include "app/json_editor.h"
#include "app/library_panel.h"
#include "app/overrides_bar.h"
#include "app/recent_files.h"
#include "app/result_export.h"
#include "app/run_session.h"
#include "app/run_toolbar.h"
#include "app/summary_cards.h"
#include "app/summary_model.h"
#include "app/system_panel.h"
#include "app/text_format.h"
#include "app/traces_view.h"
#include "app/zoom_state.h"

namespace {

// Workshop mode's text size: a 9-point desktop font becomes 14.4 points, readable from the back of a room.
constexpr double kWorkshopScale = 1.6;

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
      m_system(new SystemPanel(m_doc)), m_systemDock(new QDockWidget(tr("System"), this)),
      m_overridesBar(new OverridesBar), m_views(new QTabWidget), m_traces(new TracesView), m_map(new MapView), m_normalFont(QApplication::font()),
      m_normalClassFonts{{"QDockWidget", QApplication::font("QDockWidget")},
                         {"QDockWidgetTitle", QApplication::font("QDockWidgetTitle")}} {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

  auto* dashboard = new QWidget(this);
  auto* layout = new QVBoxLayout(dashboard);
  layout->setContentsMargins(6, 6, 6, 6);
  m_cards->setModel(m_summary);
  layout->addWidget(m_overridesBar);
  // Two views of the run: its numbers (cards over charts), and single operations traced through it. The cards
  // belong to the charts' tab, so the sequence diagram gets the height a projector needs.
  auto* charts = new QWidget;
  auto* chartsColumn = new QVBoxLayout(charts);
  chartsColumn->setContentsMargins(0, 4, 0, 0);
  chartsColumn->addWidget(m_cards);
  chartsColumn->addWidget(m_charts, 1);
  m_views->setObjectName(QStringLiteral("views"));
  m_views->setDocumentMode(true);
  m_views->addTab(charts, tr("Charts"));
  m_views->addTab(m_traces, tr("Traces"));
  m_views->setTabToolTip(1, tr("Single operations followed through the system: who called whom, what was lost, "
                               "what ran twice"));
  m_views->addTab(m_map, tr("Map"));
  m_views->setTabToolTip(2, tr("A metastability map (chaossim map): where a system stops recovering over two "
                               "parameters"));
  layout->addWidget(m_views, 1);
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
  // The system a lesson is about, beside its text: the diagram to point at, and what each variant changes.
  m_systemDock->setObjectName(QStringLiteral("systemDock"));
  m_systemDock->setWidget(m_system);
  addDockWidget(Qt::LeftDockWidgetArea, m_systemDock);
  tabifyDockWidget(m_editorDock, m_systemDock);
  m_libraryDock->raise();
  addToolBar(Qt::TopToolBarArea, m_toolbar);

  createMenus();
  connectParts();
  documentChanged();
  statusBar()->showMessage(tr("Open a lesson to begin."));
  if (!restoreGeometry(m_settings->value(QStringLiteral("geometry")).toByteArray())) {
    // First start: Qt's default is about a quarter of the screen, where every legend and axis title is cut.
    const QRect available = screen()->availableGeometry();
    resize(defaultSize(available.size()));
    move(available.center() - rect().center());
  }
}

QSize MainWindow::defaultSize(const QSize& available) {
  // 92% of the screen leaves its edges free, and on a 1280×720 projector still gives the charts their room; past
  // 2560×1440 more width only stretches the charts.
  const QSize wanted = (QSizeF(available) * 0.92).toSize().boundedTo(QSize(2560, 1440));
  return wanted.expandedTo(QSize(640, 480)).boundedTo(available);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
  file->addAction(tr("Open &map…"), this, &MainWindow::openMapDialog);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  m_saveAction = file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
  m_saveAction->setObjectName(QStringLiteral("saveAction"));
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
  run->addAction(tr("Run &live against your services…"), this, &MainWindow::runLiveDialog)
      ->setObjectName(QStringLiteral("runLiveAction"));
  run->addSeparator();
  run->addAction(m_traces->recordAction());

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* workshop = view->addAction(tr("&Workshop mode (large fonts, thick lines)"));
  workshop->setObjectName(QStringLiteral("workshopAction"));
  workshop->setCheckable(true);
  workshop->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_W);
  connect(workshop, &QAction::toggled, this, &MainWindow::setWorkshopMode);
  view->addSeparator();
  view->addAction(tr("Zoom &out"), QKeySequence::ZoomOut, m_charts->zoom(), &ZoomState::zoomOut);
  view->addAction(tr("&Reset zoom"), Qt::CTRL | Qt::Key_0, m_charts->zoom(), &ZoomState::reset);
  view->addAction(m_charts->logLatencyAction());
  view->addSeparator();
  view->addAction(tr("&Charts"), Qt::CTRL | Qt::Key_1, this, &MainWindow::showCharts);
  view->addAction(tr("&Traces"), Qt::CTRL | Qt::Key_2, this, &MainWindow::showTraces);
  view->addSeparator();
  view->addAction(m_libraryDock->toggleViewAction());
  view->addAction(m_editorDock->toggleViewAction());
  view->addAction(m_systemDock->toggleViewAction());
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
  connect(m_editor, &ScenarioEditor::runnableChanged, this, &MainWindow::updateRunnable);
  connect(m_overridesBar, &OverridesBar::clearRequested, this, &MainWindow::clearExtraOverrides);
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
    const QString variants = m_controller->variants().join(QStringLiteral(", "));
    const QString what = m_toolbar->isLive() ? tr("Live run of %1").arg(variants) : variants;
    statusBar()->showMessage(total == 0 ? tr("%1 finished.").arg(what)
                                        : tr("%1 finished: %2 of %3 expectations hold.").arg(what).arg(passed).arg(total));
    emit runFinished();
  });
  connect(m_controller, &RunController::failed, this, [this](const QString& message) {
    showError(tr("The run failed"), message);
    emit runFailed(message);
  });
  connect(m_session, &RunSession::updated, this, &MainWindow::sessionUpdated);
  connect(m_views, &QTabWidget::currentChanged, this, [this](int index) {
    // Whoever looks at traces wants the next run to record them (the scenario may record them anyway).
    if (m_views->widget(index) == m_traces) m_traces->recordAction()->setChecked(true);
  });
  connect(m_session, &RunSession::begun, this, [this] {
    m_toolbar->setLive({});  // a live run sets it again once begun
    m_charts->clear();
    m_traces->clear();
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
  m_traces->setData(*m_session);
  m_summary->setData(m_session->runs());
  m_toolbar->setProgress(m_session->progress(), m_session->simulatedSeconds());
}

void MainWindow::documentChanged() {
  QStringList variants;
  for (const std::string& v : m_doc->variantNames()) variants << QString::fromStdString(v);
  m_toolbar->setVariants(variants);
  updateRunnable();
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
  setWindowTitle(m_doc->isTemplate() ? tr("%1[*] (lesson template) — chaossim").arg(m_doc->displayName())
                                     : tr("%1[*] — chaossim").arg(m_doc->displayName()));
  setWindowModified(m_doc->isModified());
  // A bundled lesson is never written: its Save is a Save As, and says so before it is pressed.
  m_saveAction->setText(m_doc->isTemplate() ? tr("&Save As… (lessons are templates)") : tr("&Save"));
  m_saveAction->setToolTip(m_doc->isTemplate()
                               ? tr("Bundled lessons stay as shipped: your version is saved to a new file")
                               : QString());
}

QString MainWindow::runBlocker() const { return m_editor->runBlocker(); }

void MainWindow::updateRunnable() {
  const QString blocker = runBlocker();
  m_toolbar->setRunnable(blocker.isEmpty(), blocker);
  // A field to correct is said where the user looks (an empty or broken document has its own messages), and
  // taken back once corrected.
  const bool fieldBlocks = !blocker.isEmpty() && m_doc->baseline();
  if (fieldBlocks) statusBar()->showMessage(blocker);
  else if (m_fieldBlocked) statusBar()->clearMessage();
  m_fieldBlocked = fieldBlocks;
}

void MainWindow::setExtraOverrides(const std::vector<chaossim::Override>& overrides) {
  m_extraOverrides = overrides;
  m_overridesBar->setOverrides(m_extraOverrides);
  m_system->setExtraOverrides(m_extraOverrides);
}

void MainWindow::clearExtraOverrides() {
  setExtraOverrides({});
  statusBar()->showMessage(tr("Overrides cleared: the next run uses the scenario as written."), 6000);
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
    // The name of a lesson, as the command line takes it (`--run lost-replies`), gets the command line's answer.
    if (!QFileInfo::exists(path)) why = missingScenarioMessage(path);
    m_recent->remove(path);
    if (error) *error = why;
    showError(tr("Cannot open the scenario"), why);
    return false;
  }
  m_recent->add(path);
  m_library->selectPath(m_doc->filePath());
  m_controller->discard();
  m_session->clear();
  m_lastCompare.clear();
  if (!m_doc->isValid())
    statusBar()->showMessage(tr("Opened %1: it has errors, see the JSON tab.").arg(m_doc->displayName()));
  else if (m_doc->isTemplate())
    statusBar()->showMessage(tr("Opened the lesson %1: edit and run it freely; Save keeps your version in a new file.")
                                 .arg(m_doc->displayName()));
  else
    statusBar()->showMessage(tr("Opened %1. Press Run (F5).").arg(m_doc->displayName()));
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
    // Record traces: as `chaossim run --trace`, the scenario's trace block (or its defaults) is turned on.
    if (m_traces->recordAction()->isChecked()) r.scenario->trace.enabled = true;
    specs.push_back({key.toStdString(), std::make_shared<const chaossim::Scenario>(std::move(*r.scenario)), 0});
  }
  // Common random numbers: every variant draws from the same seed, the first one's (as the command line does).
  for (RunSpec& s : specs) s.seed = specs.front().scenario->seed;
  return specs;
}

bool MainWindow::runVariants(const QStringList& requested, QString* error, bool paused) {
  QStringList keys = requested;
  keys.removeDuplicates();  // each variant is one line per chart, told apart by its name
  // The form may show a value the document does not hold (a field being corrected): never run the old one.
  QString why = m_doc->baseline() ? m_editor->runBlocker() : QString();
  if (keys.isEmpty()) why = tr("Nothing to run.");
  const std::vector<RunSpec> specs = why.isEmpty() ? buildSpecs(keys, &why) : std::vector<RunSpec>{};
  if (specs.empty()) {
    if (error) *error = why;
    showError(tr("Cannot run"), why);
    showEditor(m_doc->errors().empty() ? ScenarioEditor::Page::Form : ScenarioEditor::Page::Json);
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

void MainWindow::showSystem() {
  m_systemDock->show();
  m_systemDock->raise();
  m_system->refresh();
}

void MainWindow::showTraces() { m_views->setCurrentWidget(m_traces); }

void MainWindow::showCharts() { m_views->setCurrentIndex(0); }

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
  const auto scaled = [on](QFont font) {
    if (on) font.setPointSizeF(font.pointSizeF() * kWorkshopScale);
    return font;
  };
  QApplication::setFont(scaled(m_normalFont));
  // Some platform themes give dock titles a font of their own, which the application's does not reach.
  for (const auto& [className, font] : m_normalClassFonts) QApplication::setFont(scaled(font), className);
  // A dock paints its title in the font "QDockWidgetTitle" had when the dock was made, unless the dock has a font
  // that differs from the class font of QDockWidget (qdockwidget.cpp, paintEvent): in workshop mode each dock gets
  // the large font marked as its own (a style strategy the class font does not have), so its title grows too.
  for (QDockWidget* dock : {m_libraryDock, m_editorDock, m_systemDock}) {
    QFont title = scaled(m_normalClassFonts.back().second);  // the theme's QDockWidgetTitle font
    title.setStyleStrategy(QFont::PreferAntialias);
    dock->setFont(on ? title : QFont());
  }
  m_cards->setWorkshopMode(on);
  m_toolbar->setCompact(on);
  // Large text needs a wider side panel for the form's labels and fields; Qt keeps the cards' minimum width.
  if (m_docksSized) resizeDocks({m_libraryDock}, {std::clamp(width() * (on ? 38 : 27) / 100, 300, on ? 640 : 460)}, Qt::Horizontal);
  // The JSON tab's font is set explicitly (fixed pitch), so the application's does not reach it by itself.
  m_editor->jsonEditor()->setFont(codeFont());
  m_charts->setWorkshopMode(on);
  m_system->setWorkshopMode(on);
  m_traces->setWorkshopMode(on);
  if (auto* action = findChild<QAction*>(QStringLiteral("workshopAction")); action && action->isChecked() != on)
    action->setChecked(on);
}

void MainWindow::openDialog() {
  const QString dir = m_doc->hasFile() ? QFileInfo(m_doc->filePath()).absolutePath() : lessonsDirectory();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), dir, tr("Scenarios (*.json);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

void MainWindow::openMapDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open the folder of a map (chaossim map --out DIR)"));
  if (!dir.isEmpty()) openMap(dir);
}

bool MainWindow::openMap(const QString& dir, QString* error) {
  QString why;
  if (!m_map->openFolder(dir, &why)) {
    if (error) *error = why;
    if (m_prompts) showError(tr("Cannot open the map"), why);
    return false;
  }
  m_views->setCurrentWidget(m_map);
  return true;
}

bool MainWindow::save() { return writeDocument(false, false); }

bool MainWindow::saveAs() { return writeDocument(true, false); }

QString MainWindow::suggestedSavePath() const {
  // A lesson's copy goes to the user's documents, never beside the lesson; other files are saved where they are.
  const QString name = m_doc->hasFile() ? QFileInfo(m_doc->filePath()).fileName() : QStringLiteral("scenario.json");
  if (m_doc->hasFile() && !m_doc->isTemplate()) return m_doc->filePath();
  QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  if (dir.isEmpty()) dir = QDir::homePath();
  return QDir(dir).filePath(name);
}

bool MainWindow::writeDocument(bool askPath, bool errorsAccepted) {
  const int errors = static_cast<int>(m_doc->errors().size());
  if (errors > 0 && !errorsAccepted) {
    // A file that does not load is written only when the user says so, after being told.
    const QString what = tr("%1 does not load (%2). Saved as it is, it cannot be run or opened in the form until it is "
                            "corrected.").arg(m_doc->displayName(), countOf(errors, tr("error"), tr("errors")));
    if (!m_prompts) {
      statusBar()->showMessage(tr("Not saved: %1").arg(what), 8000);
      return false;
    }
    QMessageBox box(QMessageBox::Warning, tr("Save a scenario with errors?"), what, QMessageBox::NoButton, this);
    QPushButton* saveAnyway = box.addButton(tr("Save anyway"), QMessageBox::AcceptRole);
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != saveAnyway) return false;
  }
  QString path = m_doc->filePath();
  if (askPath || !m_doc->hasFile() || m_doc->isTemplate()) {
    const QString suggested = suggestedSavePath();
    if (m_chooseSavePath) path = m_chooseSavePath(suggested);
    else if (m_prompts) path = QFileDialog::getSaveFileName(this, tr("Save scenario as"), suggested, tr("Scenarios (*.json)"));
    else path.clear();
    if (path.isEmpty()) return false;
  }
  QString error;
  const bool saved = path == m_doc->filePath() ? m_doc->save(&error) : m_doc->saveAs(path, &error);
  if (!saved) {
    showError(tr("Cannot save"), error);
    return false;
  }
  m_recent->add(m_doc->filePath());
  statusBar()->showMessage(tr("Saved %1").arg(m_doc->filePath()), 4000);
  return true;
}

bool MainWindow::maybeSave() {
  if (!m_doc->isModified() || !m_prompts) return true;
  const int errors = static_cast<int>(m_doc->errors().size());
  QString text = tr("%1 has unsaved changes.").arg(m_doc->displayName());
  if (m_doc->isTemplate()) text += QLatin1Char(' ') + tr("It is a bundled lesson: saving writes your version to a new file.");
  if (errors > 0) text += QLatin1Char(' ') + tr("It does not load (%1).").arg(countOf(errors, tr("error"), tr("errors")));
  QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"), text, QMessageBox::NoButton, this);
  const bool newFile = m_doc->isTemplate() || !m_doc->hasFile();
  QPushButton* save = box.addButton(newFile ? tr("Save As…") : tr("Save"), QMessageBox::AcceptRole);
  QPushButton* discard = box.addButton(QMessageBox::Discard);
  // Enter must not make a choice that cannot be taken back: neither writing over a file nor losing the edits.
  QPushButton* cancel = box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(cancel);
  box.setEscapeButton(cancel);
  box.exec();
  if (box.clickedButton() == save) return writeDocument(newFile, true);
  return box.clickedButton() == discard;
}

void MainWindow::exportResultsDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export results to"));
  if (dir.isEmpty()) return;
  QString error;
  const QStringList written = exportResults(*m_session, dir, &error);
  if (!error.isEmpty()) return showError(tr("Export failed"), error);
  statusBar()->showMessage(tr("Wrote %1").arg(written.join(QStringLiteral(", "))), 6000);
}

QString MainWindow::exportReport(const QString& dir, QString* error) const {
  if (!m_doc->document()) {
    *error = tr("The scenario does not load.");
    return {};
  }
  // A live run's report says so, with the services it ran against and its wall-clock time.
  std::optional<chaossim::LiveRecord> live;
  if (const auto& f = m_controller->liveFigures(); f && m_toolbar->isLive()) {
    live = chaossim::LiveRecord{{}, f->seconds, f->interrupted};
    for (const chaossim::live::RealService& s : f->services) live->services.push_back({s.name, s.url, s.command});
  }
  return exportHtmlReport(*m_session, *m_doc->document(), m_doc->text(), m_extraOverrides, dir, error,
                          live ? &*live : nullptr);
}

void MainWindow::exportReportDialog() {
  if (!m_doc->document()) return showError(tr("Export failed"), tr("The scenario does not load."));
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Write the report into"));
  if (dir.isEmpty()) return;
  QString error;
  const QString report = exportReport(dir, &error);
  if (report.isEmpty()) return showError(tr("Export failed"), error);
  statusBar()->showMessage(tr("Wrote %1").arg(report), 8000);
  QDesktopServices::openUrl(QUrl::fromLocalFile(report));
}

void MainWindow::exportChartsDialog(int format) {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export charts to"));
  if (dir.isEmpty()) return;
  QString error;
  const QStringList written =
      exportCharts(*m_session, dir, static_cast<ImageFormat>(format), m_charts->style(), m_extraOverrides, &error);
  if (!error.isEmpty()) return showError(tr("Export failed"), error);
  statusBar()->showMessage(tr("Wrote %1 to %2, named %3_…")
                               .arg(countOf(written.size(), tr("chart"), tr("charts")), dir, exportBaseName(*m_session)),
                           6000);
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 8000);
  if (!m_prompts) return;
  // Messages quote scenario strings and the user's input: plain text, never guessed to be rich text.
  QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box.setTextFormat(Qt::PlainText);
  box.exec();
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (m_docksSized) return;
  m_docksSized = true;
  // Once the window has its size: the side panel takes about a quarter of it, room for a lesson's text while the
  // charts keep the rest.
  resizeDocks({m_libraryDock}, {std::clamp(width() * (m_workshop ? 38 : 27) / 100, 300, m_workshop ? 640 : 460)},
              Qt::Horizontal);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeSave()) return event->ignore();
  m_settings->setValue(QStringLiteral("geometry"), saveGeometry());
  m_controller->discard();
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
