// MainWindow's live runs (Run ▸ Run live against your services…, chaossim-gui --live): the selected variant in real
// time against the user's services, streamed into the same cards and charts as a simulated run, under a LIVE
// marker on the run toolbar.
#include <QStatusBar>

#include "app/editable_scenario.h"
#include "app/live_dialog.h"
#include "app/main_window.h"
#include "app/run_session.h"
#include "app/run_toolbar.h"
#include "app/scenario_editor.h"

namespace {

// "checkout at http://127.0.0.1:8080": the services the run measures, for the marker.
QString measuredServices(const chaossim::live::LiveOptions& o) {
  QStringList parts;
  for (const auto& s : o.services)
    parts << QObject::tr("%1 at %2").arg(QString::fromStdString(s.name), QString::fromStdString(s.url));
  return parts.join(QStringLiteral(", "));
}

// "payments mocked at port 9090": the mocks given a port, for the status bar.
QString fixedMocks(const chaossim::live::LiveOptions& o) {
  QStringList parts;
  for (const auto& m : o.mock_ports)
    parts << QObject::tr("%1 mocked at port %2").arg(QString::fromStdString(m.service), QString::fromStdString(m.port));
  return parts.join(QStringLiteral(", "));
}

}  // namespace

std::vector<RunSpec> MainWindow::liveSpec(QString* why) const {
  const QString variant = m_toolbar->variant().isEmpty() ? QStringLiteral("baseline") : m_toolbar->variant();
  *why = m_doc->baseline() ? m_editor->runBlocker() : tr("Open a scenario first.");
  return why->isEmpty() ? buildSpecs({variant}, why) : std::vector<RunSpec>{};
}

bool MainWindow::runLive(const std::vector<std::pair<std::string, std::string>>& fields, QString* error) {
  QString why;
  std::vector<RunSpec> specs = liveSpec(&why);
  const chaossim::live::LiveOptions options = liveTargets(fields);
  if (!specs.empty()) {
    try {
      chaossim::live::check_live_run(*specs.front().scenario, options);
    } catch (const chaossim::live::LiveError& e) {
      why = QString::fromStdString(e.what());
      specs.clear();
    }
  }
  if (specs.empty()) {
    if (error) *error = why;
    showError(tr("Cannot run live"), why);
    return false;
  }
  const RunSpec& spec = specs.front();
  // The live block as the variant and the command line's --set leave it, read as `chaossim live` reads it.
  const auto overrides = m_doc->overrides(spec.variant, m_extraOverrides);
  const chaossim::LiveConfig live = chaossim::live::live_config_of(*m_doc->document(), *overrides);
  m_session->begin(specs);
  m_toolbar->setLive(measuredServices(options));
  m_controller->startLive(spec, live, options);
  const QString mocks = fixedMocks(options);
  statusBar()->showMessage(tr("Live: %1 of real time against %2%3. Stop ends it and keeps what was measured.")
                               .arg(QString::fromStdString(chaossim::format_duration(spec.scenario->duration)),
                                    measuredServices(options),
                                    mocks.isEmpty() ? QString() : QStringLiteral("; ") + mocks));
  return true;
}

void MainWindow::runLiveDialog() {
  QString why;
  const std::vector<RunSpec> specs = liveSpec(&why);
  if (specs.empty()) return showError(tr("Cannot run live"), why);
  LiveDialog dialog(*specs.front().scenario, this);
  if (dialog.exec() == QDialog::Accepted) runLive(dialog.fields());
}
