#pragma once
// The form for the knobs that matter in a lesson: run length, client load, the strategy of one edge (timeout,
// retries, backoff, idempotency key, breaker, retry budget), server-side idempotency and the fault timeline.
// It shows the resolved scenario (defaults filled in) and writes each change into the JSON text as a value at a
// dotted path, through EditableScenario, so the file keeps its layout and Undo covers form and text alike.

#include <string>
#include <vector>

#include <QWidget>

#include "scenario/loader.h"

class DurationEdit;
class EditableScenario;
class FaultTableModel;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

class ScenarioForm : public QWidget {
  Q_OBJECT
 public:
  explicit ScenarioForm(EditableScenario* doc, QWidget* parent = nullptr);

  FaultTableModel* faultModel() const { return m_faultModel; }
  // The edge and service the strategy sections edit.
  QString currentEdge() const;
  QString currentService() const;
  void selectEdge(const QString& name);

  // The key under "edges" that holds the settings of `edge`, and the overrides that set `sub` (a path below the
  // edge, "retry.max_attempts") there. Public for tests: this is where the form meets the format's rules on the
  // "default" edge.
  std::vector<chaossim::Override> edgeOverrides(const std::string& edge, const std::string& sub,
                                                const nlohmann::json& value) const;

  // The fields whose text is not a value ("Timeout per attempt: “abc” is not a duration; …"): until they are
  // corrected (or put back with Escape) the document does not say what the form shows, so a run must wait.
  QStringList invalidFields() const;

 signals:
  void editFailed(const QString& reason);
  // A field became invalid or valid again: invalidFields() changed.
  void fieldsChanged();

 private:
  QWidget* buildRunGroup();
  QWidget* buildClientsGroup();
  QWidget* buildEdgeGroup();
  QWidget* buildBreakerGroup();
  QWidget* buildBudgetGroup();
  QWidget* buildServerGroup();
  QWidget* buildFaultsGroup();

  void refresh();
  void refreshEdge();
  void refreshService();
  void markField(QLineEdit* field, const QString& problem);
  void apply(const std::vector<chaossim::Override>& values, const QString& label);
  void applyEdge(const std::string& sub, const nlohmann::json& value, const QString& label);
  void applyEdge(const std::vector<std::pair<std::string, nlohmann::json>>& subs, const QString& label);
  void addFault();
  void removeFault();

  EditableScenario* m_doc;
  bool m_refreshing = false;  // widgets are being set from the document: their signals are not edits
  QLabel* m_banner = nullptr;
  QWidget* m_sections = nullptr;

  DurationEdit* m_duration = nullptr;
  DurationEdit* m_warmup = nullptr;
  DurationEdit* m_bucket = nullptr;
  QLineEdit* m_seed = nullptr;

  QSpinBox* m_clientCount = nullptr;
  QDoubleSpinBox* m_rate = nullptr;
  QLabel* m_process = nullptr;

  QComboBox* m_edge = nullptr;
  QLabel* m_edgeSource = nullptr;
  DurationEdit* m_timeout = nullptr;
  QSpinBox* m_attempts = nullptr;
  QComboBox* m_backoffType = nullptr;
  DurationEdit* m_backoffBase = nullptr;
  QDoubleSpinBox* m_multiplier = nullptr;
  DurationEdit* m_backoffMax = nullptr;
  QComboBox* m_jitter = nullptr;
  QComboBox* m_keyMode = nullptr;
  QCheckBox* m_hedge = nullptr;
  DurationEdit* m_hedgeDelay = nullptr;
  QFormLayout* m_edgeForm = nullptr;

  QGroupBox* m_breaker = nullptr;
  QFormLayout* m_breakerForm = nullptr;
  QComboBox* m_breakerKind = nullptr;
  QDoubleSpinBox* m_failureRate = nullptr;
  QSpinBox* m_minCalls = nullptr;
  QLineEdit* m_windowSize = nullptr;
  QSpinBox* m_failures = nullptr;
  DurationEdit* m_openFor = nullptr;
  QComboBox* m_breakerScope = nullptr;

  QGroupBox* m_budget = nullptr;
  QFormLayout* m_budgetForm = nullptr;
  QComboBox* m_budgetType = nullptr;
  QDoubleSpinBox* m_maxTokens = nullptr;
  QDoubleSpinBox* m_tokenRatio = nullptr;
  QDoubleSpinBox* m_percent = nullptr;
  QDoubleSpinBox* m_minPerSecond = nullptr;

  QComboBox* m_service = nullptr;
  QCheckBox* m_serverIdempotency = nullptr;
  QComboBox* m_store = nullptr;
  QComboBox* m_inFlight = nullptr;
  DurationEdit* m_ttl = nullptr;
  QCheckBox* m_checkPayload = nullptr;
  QFormLayout* m_serverForm = nullptr;
  QCheckBox* m_leaseRenew = nullptr;  // shown for a service whose in-flight record is a lease (idempotency.lock)
  QCheckBox* m_fencing = nullptr;

  FaultTableModel* m_faultModel = nullptr;
  QTableView* m_faults = nullptr;
};
