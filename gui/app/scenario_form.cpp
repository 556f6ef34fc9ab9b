#include "app/scenario_form.h"

#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "app/editable_scenario.h"
#include "app/fault_table_model.h"
#include "app/form_widgets.h"
#include "app/format_widgets.h"  // widgets with the ranges, choices and docs of the format's table
#include "app/text_format.h"     // countOf

using namespace form_widgets;

using chaossim::Override;
using nlohmann::json;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString durationText(chaossim::Duration d) { return qs(chaossim::format_duration(d)); }

// Whole numbers are written without a fraction ("rate": 100, not 100.0), as people write them.
json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return json(static_cast<std::int64_t>(v));
  return json(v);
}

QGroupBox* group(const QString& title, QWidget* parent) { return new QGroupBox(title, parent); }

// What a field is called in messages: its row's label, else its section's title.
QString fieldName(const QWidget* field) {
  QWidget* parent = field->parentWidget();
  if (auto* rows = parent ? qobject_cast<QFormLayout*>(parent->layout()) : nullptr)
    if (auto* label = qobject_cast<QLabel*>(rows->labelForField(const_cast<QWidget*>(field)));
        label && !label->text().isEmpty())
      return label->text();
  auto* box = qobject_cast<QGroupBox*>(parent);
  return box ? box->title() : field->objectName();
}

}  // namespace

ScenarioForm::ScenarioForm(EditableScenario* doc, QWidget* parent)
    : QWidget(parent), m_doc(doc), m_faultModel(new FaultTableModel(this)) {
  setObjectName(QStringLiteral("scenarioForm"));
  m_banner = new QLabel(this);
  m_banner->setWordWrap(true);
  m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #7a1f12; padding: 6px; }"));
  m_sections = new QWidget(this);
  auto* sections = new QVBoxLayout(m_sections);
  sections->setContentsMargins(0, 0, 0, 0);
  for (QWidget* w : {buildRunGroup(), buildClientsGroup(), buildEdgeGroup(), buildBreakerGroup(), buildBudgetGroup(),
                     buildServerGroup(), buildFaultsGroup()})
    sections->addWidget(w);
  sections->addStretch();

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  layout->addWidget(m_sections);
  // Object names for tests and for style sheets.
  const std::pair<QWidget*, const char*> names[] = {{m_duration, "duration"},
                                                    {m_clientCount, "clientCount"},
                                                    {m_rate, "rate"},
                                                    {m_edge, "edge"},
                                                    {m_timeout, "timeout"},
                                                    {m_attempts, "attempts"},
                                                    {m_jitter, "jitter"},
                                                    {m_keyMode, "keyMode"},
                                                    {m_breaker, "breaker"},
                                                    {m_breakerKind, "breakerKind"},
                                                    {m_budget, "budget"},
                                                    {m_service, "service"},
                                                    {m_serverIdempotency, "serverIdempotency"},
                                                    {m_hedge, "hedge"},
                                                    {m_hedgeDelay, "hedgeDelay"}};
  for (const auto& [widget, name] : names) widget->setObjectName(QString::fromLatin1(name));
  m_seed->setObjectName(QStringLiteral("seed"));
  m_windowSize->setObjectName(QStringLiteral("windowSize"));
  for (DurationEdit* edit : m_sections->findChildren<DurationEdit*>())
    connect(edit, &DurationEdit::validityChanged, this, &ScenarioForm::fieldsChanged);
  // A field that does not fit beside its label goes under it: a narrow side panel (a compare in workshop mode at
  // 1280×720) then still shows every field whole instead of a form cut at its right edge.
  for (QFormLayout* rows : m_sections->findChildren<QFormLayout*>()) rows->setRowWrapPolicy(QFormLayout::WrapLongRows);
  // A choice is as wide as the panel allows, not as its longest item (its list still shows every item whole).
  for (QComboBox* choice : m_sections->findChildren<QComboBox*>()) {
    choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    choice->setMinimumContentsLength(10);
  }
  connect(m_doc, &EditableScenario::changed, this, &ScenarioForm::refresh);
  connect(m_faultModel, &FaultTableModel::edited, this,
          [this](const Override& change, const QString& label) { apply({change}, label); });
  connect(m_faultModel, &FaultTableModel::editFailed, this, &ScenarioForm::editFailed);
  refresh();
}

QWidget* ScenarioForm::buildRunGroup() {
  QGroupBox* box = group(tr("Run"), this);
  auto* form = new QFormLayout(box);
  m_duration = new DurationEdit(box);
  m_warmup = new DurationEdit(box);
  m_bucket = new DurationEdit(box);
  m_seed = new QLineEdit(box);
  m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), m_seed));
  form->addRow(tr("Duration"), m_duration);
  form->addRow(tr("Warm-up"), m_warmup);
  form->addRow(tr("Bucket"), m_bucket);
  form->addRow(tr("Seed"), m_seed);
  auto bind = [this](DurationEdit* edit, const char* path, const QString& label) {
    connect(edit, &DurationEdit::durationCommitted, this, [this, path, label](const QString& text) {
      apply({{path, text.toStdString()}}, label);
    });
  };
  bind(m_duration, "duration", tr("Set duration"));
  bind(m_warmup, "warmup", tr("Set warm-up"));
  bind(m_bucket, "bucket", tr("Set bucket"));
  connect(m_seed, &QLineEdit::textEdited, this, [this] {
    bool ok = false;
    m_seed->text().toULongLong(&ok);
    markField(m_seed, ok                         ? QString()
                      : m_seed->text().isEmpty() ? tr("empty; a seed is a whole number")
                                                 : tr("too large for a seed (at most 2^64 - 1)"));
  });
  connect(m_seed, &QLineEdit::editingFinished, this, [this] {
    bool ok = false;
    const qulonglong seed = m_seed->text().toULongLong(&ok);
    if (ok) apply({{"seed", json(static_cast<std::uint64_t>(seed))}}, tr("Set seed"));
  });
  return box;
}

QWidget* ScenarioForm::buildClientsGroup() {
  QGroupBox* box = group(tr("Clients"), this);
  auto* form = new QFormLayout(box);
  m_clientCount = intSpin(box, "clients.count");
  m_rate = doubleSpin(box, "clients.arrival.rate", 2, tr(" ops/s"));
  m_process = new QLabel(box);
  m_process->setWordWrap(true);  // "Poisson (open loop)" under its label in a narrow panel
  form->addRow(tr("Count"), m_clientCount);
  form->addRow(tr("Arrival rate"), m_rate);
  form->addRow(tr("Arrivals"), m_process);
  connect(m_clientCount, &QSpinBox::valueChanged, this, [this](int v) {
    if (!m_refreshing) apply({{"clients.count", v}}, tr("Set client count"));
  });
  connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (!m_refreshing) apply({{"clients.arrival.rate", number(v)}}, tr("Set arrival rate"));
  });
  return box;
}

QWidget* ScenarioForm::buildEdgeGroup() {
  QGroupBox* box = group(tr("Calls: timeout and retries"), this);
  auto* form = new QFormLayout(box);
  m_edge = new QComboBox(box);
  m_edgeSource = new QLabel(box);
  m_edgeSource->setWordWrap(true);
  m_edgeSource->setForegroundRole(QPalette::PlaceholderText);
  m_timeout = new DurationEdit(box);
  m_attempts = intSpin(box, "edges.*.retry.max_attempts");
  m_backoffType = choiceCombo(box, "edges.*.retry.backoff.type");
  m_backoffBase = new DurationEdit(box);
  m_multiplier = doubleSpin(box, "edges.*.retry.backoff.multiplier", 2, QStringLiteral(" ×"));
  m_backoffMax = new DurationEdit(box);
  m_jitter = choiceCombo(box, "edges.*.retry.backoff.jitter");
  m_keyMode = choiceCombo(box, "edges.*.idempotency_key");
  m_hedge = new QCheckBox(tr("Hedge slow calls"), box);
  m_hedge->setToolTip(tooltipOf(rule("edges.*.hedge")));
  m_hedgeDelay = new DurationEdit(box);
  m_hedgeDelay->setToolTip(tooltipOf(rule("edges.*.hedge.delay")));
  m_edgeForm = form;
  form->addRow(tr("Edge"), m_edge);
  form->addRow(QString(), m_edgeSource);
  form->addRow(tr("Timeout per attempt"), m_timeout);
  form->addRow(tr("Attempts (incl. first)"), m_attempts);
  form->addRow(tr("Backoff"), m_backoffType);
  form->addRow(tr("Backoff base"), m_backoffBase);
  form->addRow(tr("Multiplier"), m_multiplier);
  form->addRow(tr("Backoff max"), m_backoffMax);
  form->addRow(tr("Jitter"), m_jitter);
  form->addRow(tr("Idempotency key"), m_keyMode);
  form->addRow(QString(), m_hedge);
  form->addRow(tr("Hedge after"), m_hedgeDelay);

  connect(m_edge, &QComboBox::currentIndexChanged, this, [this] {
    if (!m_refreshing) refreshEdge();
  });
  auto bindDuration = [this](DurationEdit* edit, const char* sub, const QString& label) {
    connect(edit, &DurationEdit::durationCommitted, this,
            [this, sub, label](const QString& text) { applyEdge(sub, text.toStdString(), label); });
  };
  bindDuration(m_timeout, "timeout", tr("Set timeout"));
  bindDuration(m_backoffBase, "retry.backoff.base", tr("Set backoff base"));
  bindDuration(m_backoffMax, "retry.backoff.max", tr("Set backoff max"));
  auto bindChoice = [this](QComboBox* combo, const char* sub, const QString& label) {
    connect(combo, &QComboBox::currentIndexChanged, this, [this, combo, sub, label] {
      if (!m_refreshing) applyEdge(sub, choiceOf(combo), label);
    });
  };
  bindChoice(m_backoffType, "retry.backoff.type", tr("Set backoff type"));
  bindChoice(m_jitter, "retry.backoff.jitter", tr("Set jitter"));
  bindChoice(m_keyMode, "idempotency_key", tr("Set idempotency key mode"));
  connect(m_attempts, &QSpinBox::valueChanged, this, [this](int v) {
    if (!m_refreshing) applyEdge("retry.max_attempts", v, tr("Set attempts"));
  });
  connect(m_multiplier, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (!m_refreshing) applyEdge("retry.backoff.multiplier", number(v), tr("Set backoff multiplier"));
  });
  connect(m_hedge, &QCheckBox::toggled, this, [this](bool on) {
    if (!m_refreshing)
      applyEdge("hedge", on ? json{{"delay", "100ms"}} : json(), on ? tr("Add hedging") : tr("Remove hedging"));
  });
  // A delay replaces a percentile: the format takes one of the two.
  connect(m_hedgeDelay, &DurationEdit::durationCommitted, this, [this](const QString& text) {
    applyEdge({{"hedge.delay", text.toStdString()}, {"hedge.percentile", nullptr}}, tr("Set hedge delay"));
  });
  return box;
}

QWidget* ScenarioForm::buildBreakerGroup() {
  m_breaker = group(tr("Circuit breaker"), this);
  m_breaker->setCheckable(true);
  m_breakerForm = new QFormLayout(m_breaker);
  // The form's one composite choice: the breaker's type and its window's type together.
  m_breakerKind = new QComboBox(m_breaker);
  m_breakerKind->addItem(tr("failure rate over the last N calls"), QStringLiteral("count"));
  m_breakerKind->addItem(tr("failure rate over a time window"), QStringLiteral("time"));
  m_breakerKind->addItem(tr("consecutive failures"), QStringLiteral("consecutive"));
  m_breakerKind->setToolTip(tooltipOf(rule("edges.*.circuit_breaker.type")));
  m_failureRate = doubleSpin(m_breaker, "edges.*.circuit_breaker.failure_rate", 0, QStringLiteral(" %"), 100);
  m_minCalls = intSpin(m_breaker, "edges.*.circuit_breaker.min_calls");
  m_windowSize = new QLineEdit(m_breaker);
  m_windowSize->setToolTip(tooltipOf(rule("edges.*.circuit_breaker.window.size")));
  m_failures = intSpin(m_breaker, "edges.*.circuit_breaker.failures");
  m_openFor = new DurationEdit(m_breaker);
  m_breakerScope = choiceCombo(m_breaker, "edges.*.circuit_breaker.scope");
  m_breakerForm->addRow(tr("Opens on"), m_breakerKind);
  m_breakerForm->addRow(tr("Failure rate"), m_failureRate);
  m_breakerForm->addRow(tr("Minimum calls"), m_minCalls);
  m_breakerForm->addRow(tr("Window"), m_windowSize);
  m_breakerForm->addRow(tr("Consecutive failures"), m_failures);
  m_breakerForm->addRow(tr("Open for"), m_openFor);
  m_breakerForm->addRow(tr("Scope"), m_breakerScope);

  connect(m_breaker, &QGroupBox::toggled, this, [this](bool on) {
    if (m_refreshing) return;
    const json breaker = {
        {"window", {{"type", "count"}, {"size", 20}}}, {"min_calls", 10}, {"failure_rate", 0.5}, {"open_for", "30s"}};
    applyEdge("circuit_breaker", on ? breaker : json(), on ? tr("Add circuit breaker") : tr("Remove circuit breaker"));
  });
  connect(m_breakerKind, &QComboBox::currentIndexChanged, this, [this] {
    if (m_refreshing) return;
    const std::string kind = choiceOf(m_breakerKind);
    const std::string b = "circuit_breaker.";
    if (kind == "consecutive")
      applyEdge({{b + "type", "consecutive"},
                 {b + "window", nullptr},
                 {b + "min_calls", nullptr},
                 {b + "failure_rate", nullptr},
                 {b + "failures", 5}},
                tr("Breaker on consecutive failures"));
    else
      applyEdge({{b + "type", nullptr},
                 {b + "failures", nullptr},
                 {b + "window",
                  kind == "count" ? json{{"type", "count"}, {"size", 20}} : json{{"type", "time"}, {"size", "10s"}}}},
                tr("Breaker on failure rate"));
  });
  connect(m_failureRate, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (!m_refreshing) applyEdge("circuit_breaker.failure_rate", v / 100.0, tr("Set breaker failure rate"));
  });
  connect(m_minCalls, &QSpinBox::valueChanged, this, [this](int v) {
    if (!m_refreshing) applyEdge("circuit_breaker.min_calls", v, tr("Set breaker minimum calls"));
  });
  connect(m_failures, &QSpinBox::valueChanged, this, [this](int v) {
    if (!m_refreshing) applyEdge("circuit_breaker.failures", v, tr("Set breaker failures"));
  });
  const auto windowSize = [this] {
    const std::string path = "edges.clients->x.circuit_breaker.window.size";  // typed like any window size
    return chaossim::parse_override_value(path, m_windowSize->text().trimmed().toStdString());
  };
  connect(m_windowSize, &QLineEdit::textEdited, this, [this, windowSize] {
    const auto typed = windowSize();
    const auto* why = std::get_if<std::string>(&typed);
    markField(m_windowSize, why ? QString::fromStdString(*why) : QString());
  });
  connect(m_windowSize, &QLineEdit::editingFinished, this, [this, windowSize] {
    const auto typed = windowSize();
    if (const auto* size = std::get_if<json>(&typed))
      applyEdge("circuit_breaker.window.size", *size, tr("Set breaker window"));
  });
  connect(m_openFor, &DurationEdit::durationCommitted, this, [this](const QString& text) {
    applyEdge("circuit_breaker.open_for", text.toStdString(), tr("Set breaker open time"));
  });
  connect(m_breakerScope, &QComboBox::currentIndexChanged, this, [this] {
    if (!m_refreshing) applyEdge("circuit_breaker.scope", choiceOf(m_breakerScope), tr("Set breaker scope"));
  });
  return m_breaker;
}

QWidget* ScenarioForm::buildBudgetGroup() {
  m_budget = group(tr("Retry budget"), this);
  m_budget->setCheckable(true);
  m_budgetForm = new QFormLayout(m_budget);
  m_budgetType = choiceCombo(m_budget, "edges.*.retry.budget.type");
  m_maxTokens = doubleSpin(m_budget, "edges.*.retry.budget.max_tokens", 1);
  m_tokenRatio = doubleSpin(m_budget, "edges.*.retry.budget.token_ratio", 2);
  m_percent = doubleSpin(m_budget, "edges.*.retry.budget.percent", 1, QStringLiteral(" %"));
  m_minPerSecond = doubleSpin(m_budget, "edges.*.retry.budget.min_per_second", 1, tr(" /s"));
  m_budgetForm->addRow(tr("Type"), m_budgetType);
  m_budgetForm->addRow(tr("Max tokens"), m_maxTokens);
  m_budgetForm->addRow(tr("Token ratio"), m_tokenRatio);
  m_budgetForm->addRow(tr("Retries at most"), m_percent);
  m_budgetForm->addRow(tr("Floor"), m_minPerSecond);

  auto budgetOf = [](const std::string& type) {
    return type == "ratio" ? json{{"type", "ratio"}, {"percent", 20}, {"min_per_second", 10}}
                           : json{{"type", "token_bucket"}, {"max_tokens", 100}, {"token_ratio", 0.1}};
  };
  connect(m_budget, &QGroupBox::toggled, this, [this, budgetOf](bool on) {
    if (!m_refreshing)
      applyEdge("retry.budget", on ? budgetOf(choiceOf(m_budgetType)) : json(),
                on ? tr("Add retry budget") : tr("Remove retry budget"));
  });
  connect(m_budgetType, &QComboBox::currentIndexChanged, this, [this, budgetOf] {
    if (!m_refreshing) applyEdge("retry.budget", budgetOf(choiceOf(m_budgetType)), tr("Set retry budget type"));
  });
  auto bind = [this](QDoubleSpinBox* spin, const char* sub, const QString& label, double factor) {
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, sub, label, factor](double v) {
      if (!m_refreshing) applyEdge(sub, number(v * factor), label);
    });
  };
  bind(m_maxTokens, "retry.budget.max_tokens", tr("Set budget tokens"), 1);
  bind(m_tokenRatio, "retry.budget.token_ratio", tr("Set budget token ratio"), 1);
  bind(m_percent, "retry.budget.percent", tr("Set budget percent"), 1);
  bind(m_minPerSecond, "retry.budget.min_per_second", tr("Set budget floor"), 1);
  return m_budget;
}

QWidget* ScenarioForm::buildServerGroup() {
  QGroupBox* box = group(tr("Server-side idempotency"), this);
  auto* form = m_serverForm = new QFormLayout(box);
  m_service = new QComboBox(box);
  // Short: under the group's title "Server-side idempotency" it reads whole, and fits a narrow side panel.
  m_serverIdempotency = new QCheckBox(tr("Deduplicate by key"), box);
  m_store = choiceCombo(box, "services.*.idempotency.store");
  m_inFlight = choiceCombo(box, "services.*.idempotency.in_flight");
  m_ttl = new DurationEdit(box);
  m_checkPayload = new QCheckBox(tr("Check payload (422)"), box);
  m_leaseRenew = new QCheckBox(tr("Renew lock lease"), box);
  m_fencing = new QCheckBox(tr("Fencing tokens"), box);
  form->addRow(tr("Service"), m_service);
  form->addRow(QString(), m_serverIdempotency);
  form->addRow(tr("Store"), m_store);
  form->addRow(tr("Duplicate in flight"), m_inFlight);
  form->addRow(tr("Keys kept for"), m_ttl);
  form->addRow(QString(), m_checkPayload);
  form->addRow(QString(), m_leaseRenew);
  form->addRow(QString(), m_fencing);
  const auto path = [this](const char* key) {
    return "services." + currentService().toStdString() + ".idempotency." + key;
  };
  connect(m_service, &QComboBox::currentIndexChanged, this, [this] {
    if (!m_refreshing) refreshService();
  });
  connect(m_serverIdempotency, &QCheckBox::toggled, this, [this, path](bool on) {
    if (!m_refreshing)
      apply({{path("enabled"), on}}, on ? tr("Enable server idempotency") : tr("Disable server idempotency"));
  });
  connect(m_store, &QComboBox::currentIndexChanged, this, [this, path] {
    if (!m_refreshing) apply({{path("store"), choiceOf(m_store)}}, tr("Set idempotency store"));
  });
  connect(m_inFlight, &QComboBox::currentIndexChanged, this, [this, path] {
    if (!m_refreshing) apply({{path("in_flight"), choiceOf(m_inFlight)}}, tr("Set in-flight handling"));
  });
  const auto bindFlag = [this, path](QCheckBox* flag, const char* key, const QString& undo) {
    connect(flag, &QCheckBox::toggled, this, [this, path, key, undo](bool on) {
      if (!m_refreshing) apply({{path(key), on}}, undo);
    });
  };
  bindFlag(m_checkPayload, "check_payload", tr("Set payload check"));
  bindFlag(m_leaseRenew, "lock.renew", tr("Set lease renewal"));
  bindFlag(m_fencing, "lock.fencing", tr("Set fencing"));
  connect(m_ttl, &DurationEdit::durationCommitted, this, [this, path](const QString& text) {
    apply({{path("ttl"), text.toStdString()}}, tr("Set key lifetime"));
  });
  return box;
}

QWidget* ScenarioForm::buildFaultsGroup() {
  QGroupBox* box = group(tr("Fault windows"), this);
  m_faults = new QTableView(box);
  m_faults->setObjectName(QStringLiteral("faultTable"));
  m_faults->setModel(m_faultModel);
  m_faults->verticalHeader()->hide();
  m_faults->horizontalHeader()->setStretchLastSection(true);
  m_faults->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_faults->setMinimumHeight(120);
  auto* add = new QPushButton(tr("Add fault"), box);
  auto* remove = new QPushButton(tr("Remove"), box);
  connect(add, &QPushButton::clicked, this, &ScenarioForm::addFault);
  connect(remove, &QPushButton::clicked, this, &ScenarioForm::removeFault);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(add);
  buttons->addWidget(remove);
  buttons->addStretch();
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(m_faults);
  layout->addLayout(buttons);
  return box;
}

QString ScenarioForm::currentEdge() const { return m_edge->currentText(); }
QString ScenarioForm::currentService() const { return m_service->currentText(); }

void ScenarioForm::selectEdge(const QString& name) {
  const int i = m_edge->findText(name);
  if (i >= 0) m_edge->setCurrentIndex(i);
}

std::vector<Override> ScenarioForm::edgeOverrides(const std::string& edge, const std::string& sub,
                                                  const json& value) const {
  // An edge without its own entry takes its settings from "default" when there is one, so that is what the form
  // edits. An explicit entry replaces the default key by key at the top level ("retry" as a whole): before
  // setting "retry.max_attempts" on an entry that inherits "retry", copy the inherited object so the rest of it
  // is kept.
  const json edges = m_doc->valueAt("/edges");
  const bool hasDefault = edges.is_object() && edges.contains("default");
  const bool explicitEdge = edges.is_object() && edges.contains(edge);
  const std::string key = explicitEdge || !hasDefault ? edge : "default";
  std::vector<Override> out;
  const std::string top = sub.substr(0, sub.find('.'));
  if (explicitEdge && hasDefault && top != sub && !edges[edge].contains(top) && edges["default"].contains(top))
    out.emplace_back("edges." + edge + "." + top, edges["default"][top]);
  out.emplace_back("edges." + key + "." + sub, value);
  return out;
}

void ScenarioForm::markField(QLineEdit* field, const QString& problem) {
  if (fieldProblem(field) == problem) return;
  setFieldProblem(field, problem);
  emit fieldsChanged();
}

QStringList ScenarioForm::invalidFields() const {
  QStringList out;
  // A field of a disabled section (a breaker switched off, a document that does not load) is not used by a run.
  for (const QLineEdit* field : m_sections->findChildren<QLineEdit*>())
    if (const QString problem = fieldProblem(field); !problem.isEmpty() && field->isEnabled())
      out << tr("%1: %2").arg(fieldName(field), problem);
  return out;
}

void ScenarioForm::apply(const std::vector<Override>& values, const QString& label) {
  QString error;
  if (!m_doc->setValues(values, label, &error)) emit editFailed(error);
}

void ScenarioForm::applyEdge(const std::string& sub, const json& value, const QString& label) {
  applyEdge(std::vector<std::pair<std::string, json>>{{sub, value}}, label);
}

void ScenarioForm::applyEdge(const std::vector<std::pair<std::string, json>>& subs, const QString& label) {
  const std::string edge = currentEdge().toStdString();
  if (edge.empty()) return;
  std::vector<Override> all;
  for (const auto& [sub, value] : subs) {
    auto some = edgeOverrides(edge, sub, value);
    all.insert(all.end(), some.begin(), some.end());
  }
  apply(all, label);
}

void ScenarioForm::addFault() {
  const auto s = m_doc->baseline();
  if (!s) return;
  json faults = m_doc->valueAt("/faults");
  if (!faults.is_array()) faults = json::array();
  std::string id;
  for (int n = 1; id.empty(); ++n) {
    const std::string candidate = "fault-" + std::to_string(n);
    if (std::none_of(faults.begin(), faults.end(),
                     [&](const json& f) { return f.is_object() && f.value("id", "") == candidate; }))
      id = candidate;
  }
  // A visible default: lose one reply in ten on the clients' edge through the second quarter of the run.
  const chaossim::Duration quarter{s->duration.ns / 4};
  faults.push_back({{"id", id},
                    {"type", "drop_response"},
                    {"target", s->edges.front().name},
                    {"start", chaossim::format_duration(quarter)},
                    {"duration", chaossim::format_duration(quarter)},
                    {"probability", 0.1}});
  apply({{"faults", faults}}, tr("Add fault %1").arg(qs(id)));
}

void ScenarioForm::removeFault() {
  const QModelIndexList rows = m_faults->selectionModel()->selectedRows();
  const json faults = m_doc->valueAt("/faults");
  if (rows.isEmpty() || !faults.is_array()) return;
  json kept = json::array();
  for (std::size_t i = 0; i < faults.size(); ++i)
    if (std::none_of(rows.begin(), rows.end(), [&](const QModelIndex& r) { return r.row() == static_cast<int>(i); }))
      kept.push_back(faults[i]);
  apply({{"faults", kept}}, tr("Remove fault"));
}

void ScenarioForm::refresh() {
  const auto s = m_doc->baseline();
  m_banner->setVisible(!s && !m_doc->isEmpty());
  m_banner->setText(tr("The scenario does not load (%1): correct it in the JSON tab. The form shows its values "
                       "again once it loads.")
                        .arg(countOf(static_cast<long long>(m_doc->errors().size()), tr("error"), tr("errors"))));
  m_sections->setEnabled(s != nullptr);
  if (!s) return;
  m_refreshing = true;
  m_duration->setDuration(durationText(s->duration));
  m_warmup->setDuration(durationText(s->warmup));
  m_bucket->setDuration(durationText(s->bucket));
  m_seed->setText(QString::number(s->seed));
  markField(m_seed, {});

  m_clientCount->setValue(static_cast<int>(s->clients.count));
  const bool closed = s->clients.arrival.process == chaossim::ArrivalConfig::Process::closed;
  m_rate->setEnabled(!closed);
  m_rate->setToolTip(closed ? tr("Closed loop: each client waits for its operation and thinks; there is no rate")
                            : QString());
  m_rate->setValue(s->clients.arrival.rate);
  const chaossim::format::Rule& process = rule("clients.arrival.process");
  for (const chaossim::format::Choice& c : process.choices)
    if (c.value == static_cast<std::uint8_t>(s->clients.arrival.process)) m_process->setText(qs(std::string(c.label)));

  const QString edge = currentEdge();
  m_edge->clear();
  for (const chaossim::EdgeConfig& e : s->edges) m_edge->addItem(qs(e.name));
  if (m_edge->findText(edge) >= 0) m_edge->setCurrentIndex(m_edge->findText(edge));
  const QString service = currentService();
  m_service->clear();
  for (const chaossim::ServiceConfig& svc : s->services) m_service->addItem(qs(svc.name));
  if (m_service->findText(service) >= 0) m_service->setCurrentIndex(m_service->findText(service));
  m_faultModel->setData(m_doc->valueAt("/faults"));
  m_refreshing = false;
  refreshEdge();
  refreshService();
}

void ScenarioForm::refreshEdge() {
  const auto s = m_doc->baseline();
  if (!s || m_edge->currentIndex() < 0) return;
  const chaossim::EdgeConfig& e = s->edges.at(static_cast<std::size_t>(m_edge->currentIndex()));
  m_refreshing = true;
  const json edges = m_doc->valueAt("/edges");
  if (edges.is_object() && edges.contains(e.name))
    m_edgeSource->setText(tr("Written to edges.%1").arg(qs(e.name)));
  else if (edges.is_object() && edges.contains("default"))
    m_edgeSource->setText(tr("From edges.default: changes apply to every edge without its own entry"));
  else
    m_edgeSource->setText(tr("Built-in defaults: a change adds edges.%1").arg(qs(e.name)));
  m_timeout->setDuration(durationText(e.timeout));
  m_attempts->setValue(static_cast<int>(e.retry.max_attempts));
  selectChoice(m_backoffType, "edges.*.retry.backoff.type", e.retry.backoff.type);
  m_backoffBase->setDuration(durationText(e.retry.backoff.base));
  m_multiplier->setValue(e.retry.backoff.multiplier);
  m_backoffMax->setDuration(durationText(e.retry.backoff.max));
  selectChoice(m_jitter, "edges.*.retry.backoff.jitter", e.retry.backoff.jitter);
  selectChoice(m_keyMode, "edges.*.idempotency_key", e.idempotency_key);
  m_hedge->setChecked(e.hedge.max > 0);
  m_edgeForm->setRowVisible(m_hedgeDelay, e.hedge.max > 0);
  if (e.hedge.delay) {
    m_hedgeDelay->setDuration(durationText(*e.hedge.delay));
  } else if (e.hedge.percentile) {  // shown, not edited here: writing a delay replaces it
    m_hedgeDelay->setDuration(QString());
    m_hedgeDelay->setPlaceholderText(tr("at the observed p%1").arg(*e.hedge.percentile));
    setFieldProblem(m_hedgeDelay, {});
  }

  using BT = chaossim::BreakerConfig::Type;
  const chaossim::BreakerConfig& b = e.breaker;
  m_breaker->setChecked(b.type != BT::none);
  m_breakerKind->setCurrentIndex(m_breakerKind->findData(b.type == BT::time_window   ? QStringLiteral("time")
                                                         : b.type == BT::consecutive ? QStringLiteral("consecutive")
                                                                                     : QStringLiteral("count")));
  m_failureRate->setValue(b.failure_rate * 100.0);
  m_minCalls->setValue(static_cast<int>(b.min_calls));
  m_windowSize->setText(b.type == BT::time_window ? durationText(b.window_time) : QString::number(b.window_size));
  markField(m_windowSize, {});
  m_failures->setValue(static_cast<int>(b.consecutive_failures));
  m_openFor->setDuration(durationText(b.open_for));
  selectChoice(m_breakerScope, "edges.*.circuit_breaker.scope", b.shared);
  const bool consecutive = b.type == BT::consecutive;
  m_breakerForm->setRowVisible(m_failureRate, !consecutive);
  m_breakerForm->setRowVisible(m_minCalls, !consecutive);
  m_breakerForm->setRowVisible(m_windowSize, !consecutive);
  m_breakerForm->setRowVisible(m_failures, consecutive);

  using BuT = chaossim::BudgetConfig::Type;
  const chaossim::BudgetConfig& budget = e.retry.budget;
  m_budget->setChecked(budget.type != BuT::none);
  if (budget.type != BuT::none) selectChoice(m_budgetType, "edges.*.retry.budget.type", budget.type);
  m_maxTokens->setValue(budget.max_tokens);
  m_tokenRatio->setValue(budget.token_ratio);
  m_percent->setValue(budget.percent);
  m_minPerSecond->setValue(budget.min_per_second);
  const bool ratio = budget.type == BuT::ratio;
  m_budgetForm->setRowVisible(m_maxTokens, !ratio);
  m_budgetForm->setRowVisible(m_tokenRatio, !ratio);
  m_budgetForm->setRowVisible(m_percent, ratio);
  m_budgetForm->setRowVisible(m_minPerSecond, ratio);
  m_refreshing = false;
}

void ScenarioForm::refreshService() {
  const auto s = m_doc->baseline();
  if (!s || m_service->currentIndex() < 0) return;
  const chaossim::IdempotencyConfig& idem =
      s->services.at(static_cast<std::size_t>(m_service->currentIndex())).idempotency;
  m_refreshing = true;
  m_serverIdempotency->setChecked(idem.enabled);
  selectChoice(m_store, "services.*.idempotency.store", idem.durable);
  selectChoice(m_inFlight, "services.*.idempotency.in_flight", idem.in_flight_wait);
  m_ttl->setDuration(durationText(idem.ttl));
  m_checkPayload->setChecked(idem.check_payload);
  m_leaseRenew->setChecked(idem.lock_renew);
  m_fencing->setChecked(idem.fencing);
  m_serverForm->setRowVisible(m_leaseRenew, idem.lock_ttl.has_value());
  m_serverForm->setRowVisible(m_fencing, idem.lock_ttl.has_value());
  for (QWidget* w :
       std::initializer_list<QWidget*>{m_store, m_inFlight, m_ttl, m_checkPayload, m_leaseRenew, m_fencing})
    w->setEnabled(idem.enabled);
  m_refreshing = false;
}
