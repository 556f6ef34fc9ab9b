// chaossim-gui: the dashboard. Everything lives in chaossim_gui_lib; this only reads the command line, and for
// --screenshot runs the scenario to the end, saves the window and exits.

#include <cstdio>

#include <QApplication>
#include <QTimer>

#include "app/command_line.h"
#include "app/lesson_catalog.h"  // resolveScenarioArgument: lesson names as the command-line tool takes them
#include "app/main_window.h"
#include "app/run_session.h"
#include "app/run_toolbar.h"
#include "app/scenario_editor.h"

namespace {

int fail(const QString& message, int code) {
  std::fprintf(stderr, "chaossim-gui: %s\n", qPrintable(message));
  return code;
}

void nameTheApplication() {
  QCoreApplication::setApplicationName(QStringLiteral("chaossim-gui"));
  QCoreApplication::setOrganizationName(QStringLiteral("chaossim"));
  QCoreApplication::setApplicationVersion(QStringLiteral(CHAOSSIM_VERSION));
}

// Whether the command line asks only to print something: --help, --help-all, --version.
bool asksToPrint(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QByteArray arg(argv[i]);
    if (arg == "-h" || arg == "-?" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version")
      return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  nameTheApplication();
  // --help and --version are answered with a core application, which needs no display: they work on a server or
  // over ssh too, instead of aborting for want of a window system. (Everything else is parsed after the
  // QApplication has taken its own options, such as -platform, out of the command line.)
  if (asksToPrint(argc, argv)) {
    QCoreApplication core(argc, argv);
    const ParsedOptions parsed = parseGuiOptions(QCoreApplication::arguments());  // prints and exits
    if (!parsed.options) return fail(parsed.error, 2);
  }  // a "-v" that was the value of an option after all: on with the window
  QApplication app(argc, argv);
  const ParsedOptions parsed = parseGuiOptions(QApplication::arguments());
  if (!parsed.options) return fail(parsed.error, 2);
  const GuiOptions& o = *parsed.options;
  const bool batch = !o.screenshot.isEmpty();

  MainWindow window;
  window.setPromptsEnabled(!batch);
  window.setExtraOverrides(o.sets);
  if (o.size.isValid()) window.resize(o.size);
  else if (batch) window.resize(1600, 1000);
  if (o.workshop) window.setWorkshopMode(true);
  window.show();

  QString error;
  // A file, or the name of a bundled lesson as for the command-line tool (`--run lost-replies`).
  const QString file = resolveScenarioArgument(o.run.isEmpty() ? o.open : o.run);
  if (!file.isEmpty() && !window.openFile(file, &error) && batch) return fail(error, 2);
  // Before the run: showing the traces turns their recording on.
  if (o.view == QLatin1String("traces")) window.showTraces();
  if (!o.run.isEmpty()) {
    const QStringList keys = o.compare.isEmpty() ? QStringList{o.variant} : o.compare;
    if (!o.live.empty()) window.runToolbar()->selectVariant(o.variant);
    const bool started = o.live.empty() ? window.runVariants(keys, &error) : window.runLive(o.live, &error);
    if (!started && batch) return fail(error, 2);
  }
  if (!o.map.isEmpty() && !window.openMap(o.map, &error) && batch) return fail(error, 2);
  if (o.page == QLatin1String("system")) window.showSystem();
  else if (!o.page.isEmpty())
    window.showEditor(o.page == QLatin1String("json") ? ScenarioEditor::Page::Json : ScenarioEditor::Page::Form);
  if (!batch) return QApplication::exec();

  // Save the window once the run is over and the last snapshot is drawn (or at once when nothing runs).
  const auto save = [&] {
    QTimer::singleShot(200, &app, [&] {
      const bool saved = window.grab().save(o.screenshot);
      if (!saved) std::fprintf(stderr, "chaossim-gui: cannot write %s\n", qPrintable(o.screenshot));
      QApplication::exit(saved ? 0 : 3);
    });
  };
  if (o.run.isEmpty()) save();
  if (o.screenshotAfter >= 0) {
    // A picture of the run under way: the charts as they are at that moment (the run is dropped on exit).
    QTimer::singleShot(static_cast<int>(o.screenshotAfter * 1000), &app, [&] {
      window.session()->flush();
      save();
    });
  } else {
    QObject::connect(&window, &MainWindow::runFinished, &app, save);
  }
  QObject::connect(&window, &MainWindow::runFailed, &app, [](const QString& message) {
    fail(message, 3);
    QApplication::exit(3);
  });
  return QApplication::exec();
}
