#pragma once
// Run ▸ Run live against your services…: where the user's services are, for a live run in the dashboard
// (docs/live-mode.md). One field per service of the scenario: the URL of a service the user runs
// (http://127.0.0.1:PORT, as `chaossim live --service`), a port at which chaossim mocks the service (as --mock
// NAME=PORT: the user's service calls it there), or nothing for a mock on a port the OS chooses. What live mode
// would refuse (a host that is not loopback, a service that calls others left to mock) is said in the dialog,
// by live mode's own checks, before anything starts.

#include <string>
#include <utility>
#include <vector>

#include <QDialog>

#include "live/live_run.h"
#include "model/config.h"

class QLabel;
class QLineEdit;

// NAME=VALUE pairs (the dialog's fields, or chaossim-gui --live) as live options: a value of digits only is a
// fixed port for a mock, anything else the URL of a service the user runs; empty values are left out.
chaossim::live::LiveOptions liveTargets(const std::vector<std::pair<std::string, std::string>>& fields);

class LiveDialog : public QDialog {
  Q_OBJECT
 public:
  explicit LiveDialog(const chaossim::Scenario& scenario, QWidget* parent = nullptr);
  // The fields as NAME=VALUE, in the scenario's order (empty ones left out).
  std::vector<std::pair<std::string, std::string>> fields() const;
  void setField(const std::string& service, const QString& value);
  // What live mode says of the fields: empty when it would start.
  QString problem() const;

  void accept() override;

 private:
  const chaossim::Scenario& m_scenario;
  std::vector<std::pair<std::string, QLineEdit*>> m_fields;
  QLabel* m_error;
};
