#pragma once
// The dashboard window: the lesson library, the scenario editor and the system (topology and each variant's
// changes) as tabs of a side panel, and beside it the run:
// summary cards over the charts. It wires the parts together and owns the menus; the parts know nothing of each
// other. Snapshots flow RunController -> RunSession -> {ChartsView, SummaryModel}; edits flow from the editor into
// the EditableScenario, which every run is built from.

#include <functional>
#include <vector>

#include <QMainWindow>

#include "app/run_controller.h"
#include "app/scenario_editor.h"
#include "scenario/loader.h"

class ChartsView;
class EditableScenario;
class LibraryPanel;
class OverridesBar;
class QDockWidget;
class QMenu;
class QSettings;
class RecentFiles;
class RunSession;
class RunToolbar;
class SummaryCards;
class SummaryModel;
class SystemPanel;
class QTabWidget;
class TracesView;
class MapView;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a scenario file (asking first about unsaved edits, when prompts are on).
  bool openFile(const QString& path, QString* error = nullptr);
  // Runs one variant, or two to four side by side with common random numbers. Keys are variant names of the
  // edited scenario, or CompareDialog::savedFileKey() for the file as saved. Fails when a scenario is invalid.
  // A paused run waits for Resume or Step.
  bool runVariants(const QStringList& keys, QString* error = nullptr, bool paused = false);
  // Runs the selected variant live against the user's services (main_window_live.cpp): `fields` NAME=VALUE as in
  // Run ▸ Run live… (a URL, a mock's port). Fails, saying why, where live mode would refuse them.
  bool runLive(const std::vector<std::pair<std::string, std::string>>& fields, QString* error = nullptr);
  // File ▸ Export ▸ HTML report… into `dir` (a live run's says it was live). Returns report.html, or empty.
  QString exportReport(const QString& dir, QString* error) const;
  // Overrides applied to every run on top of the variant's (the command line's --set), not to the document. A bar
  // over the charts lists them while there are any, with a button that clears them.
  void setExtraOverrides(const std::vector<chaossim::Override>& overrides);
  const std::vector<chaossim::Override>& extraOverrides() const { return m_extraOverrides; }
  void setWorkshopMode(bool on);
  bool workshopMode() const { return m_workshop; }
  // Dialogs (unsaved changes, errors) are skipped when off: for tests and --screenshot. Without prompts, nothing
  // that would need a question is done: a file that does not load is not saved, and Save As needs a chooser.
  void setPromptsEnabled(bool on) { m_prompts = on; }
  // Asks for the file of Save As, given a suggestion; returns empty to cancel. A file dialog unless replaced
  // (tests); with prompts off and no chooser, Save As is cancelled.
  void setSavePathChooser(std::function<QString(const QString& suggested)> chooser) { m_chooseSavePath = std::move(chooser); }
  // File ▸ Save: writes the file, or for a bundled lesson or an untitled scenario asks for a new one (Save As).
  bool save();
  bool saveAs();
  // Why Run is unavailable, or empty when the scenario can run (the toolbar's Run shows it as its tooltip).
  QString runBlocker() const;
  // A size that fits the screen of `available` with a margin and uses most of a large one.
  static QSize defaultSize(const QSize& available);
  // Brings the editor (on this page) or the library to the front of the side panel.
  void showEditor(ScenarioEditor::Page page);
  void showLibrary();
  // Brings the System panel (topology and each variant's changes) to the front of the side panel.
  void showSystem();
  // Brings the Traces tab (traced operations and the sequence diagram of one) or the charts to the front. Opening
  // the Traces tab turns Record traces on for the next runs.
  void showTraces();
  void showCharts();
  // Opens the folder of `chaossim map` (its map.json) in the Map tab and brings the tab to the front.
  bool openMap(const QString& dir, QString* error = nullptr);
  MapView* mapView() const { return m_map; }

  EditableScenario* document() const { return m_doc; }
  RunController* controller() const { return m_controller; }
  RunSession* session() const { return m_session; }
  ChartsView* chartsView() const { return m_charts; }
  SummaryModel* summaryModel() const { return m_summary; }
  SummaryCards* summaryCards() const { return m_cards; }
  LibraryPanel* libraryPanel() const { return m_library; }
  ScenarioEditor* editor() const { return m_editor; }
  RunToolbar* runToolbar() const { return m_toolbar; }
  RecentFiles* recentFiles() const { return m_recent; }
  OverridesBar* overridesBar() const { return m_overridesBar; }
  SystemPanel* systemPanel() const { return m_system; }
  TracesView* tracesView() const { return m_traces; }

 signals:
  void runFinished();
  void runFailed(const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createMenus();
  void connectParts();
  void updateTitle();
  void updateRecentMenu();
  void documentChanged();
  void sessionUpdated();
  void startFromToolbar(const QString& variant);
  void stepFromToolbar();
  void compare();
  void runLiveDialog();
  std::vector<RunSpec> liveSpec(QString* why) const;  // the selected variant, for a live run
  void openDialog();
  void openMapDialog();
  bool maybeSave();
  // Save and Save As: asks for a path when told to (and always for a template or an untitled scenario); asks
  // before writing a file that does not load unless the user already chose to.
  bool writeDocument(bool askPath, bool errorsAccepted);
  QString suggestedSavePath() const;
  void updateRunnable();
  void clearExtraOverrides();
  void exportResultsDialog();
  void exportChartsDialog(int format);
  void exportReportDialog();
  void showError(const QString& title, const QString& message);
  std::vector<RunSpec> buildSpecs(const QStringList& keys, QString* error) const;

  QSettings* m_settings;
  EditableScenario* m_doc;
  RunController* m_controller;
  RunSession* m_session;
  SummaryModel* m_summary;
  RecentFiles* m_recent;
  LibraryPanel* m_library;
  ScenarioEditor* m_editor;
  ChartsView* m_charts;
  SummaryCards* m_cards;
  RunToolbar* m_toolbar;
  QDockWidget* m_libraryDock;
  QDockWidget* m_editorDock;
  SystemPanel* m_system;
  QDockWidget* m_systemDock;
  OverridesBar* m_overridesBar;
  QTabWidget* m_views;  // Charts (the cards over the charts) and Traces
  TracesView* m_traces;
  MapView* m_map;
  QMenu* m_recentMenu = nullptr;
  QAction* m_saveAction = nullptr;
  std::function<QString(const QString&)> m_chooseSavePath;
  QFont m_normalFont;
  std::vector<std::pair<const char*, QFont>> m_normalClassFonts;  // fonts the theme gives some classes
  std::vector<chaossim::Override> m_extraOverrides;
  QStringList m_lastCompare;
  bool m_workshop = false;
  bool m_prompts = true;
  bool m_docksSized = false;
  bool m_fieldBlocked = false;  // the status bar shows why a form field holds Run back
};
