#include "app/scenario_editor.h"

#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "app/editable_scenario.h"
#include "app/json_editor.h"
#include "app/scenario_form.h"
#include "app/text_format.h"  // countOf: "1 error", "2 errors"

ScenarioEditor::ScenarioEditor(EditableScenario* doc, QWidget* parent)
    : QWidget(parent), m_doc(doc), m_tabs(new QTabWidget(this)), m_form(new ScenarioForm(doc)),
      m_json(new JsonEditor), m_errorList(new QListWidget), m_status(new QLabel(this)) {
  setObjectName(QStringLiteral("scenarioEditor"));
  auto* scroll = new QScrollArea;
  scroll->setWidget(m_form);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);

  m_errorList->setObjectName(QStringLiteral("errorList"));
  m_errorList->setWordWrap(true);
  m_errorList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* jsonPage = new QSplitter(Qt::Vertical);
  jsonPage->addWidget(m_json);
  jsonPage->addWidget(m_errorList);
  jsonPage->setStretchFactor(0, 4);
  jsonPage->setStretchFactor(1, 1);

  m_tabs->addTab(scroll, tr("Form"));
  m_tabs->addTab(jsonPage, tr("JSON"));
  m_status->setWordWrap(true);
  m_status->setTextFormat(Qt::PlainText);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_tabs);
  layout->addWidget(m_status);

  connect(m_doc, &EditableScenario::changed, this, &ScenarioEditor::refresh);
  connect(m_json, &JsonEditor::textEdited, m_doc, [this](const QString& text) { m_doc->setText(text); });
  connect(m_errorList, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    m_tabs->setCurrentIndex(1);
    m_json->goTo(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
  });
  connect(m_form, &ScenarioForm::editFailed, this, &ScenarioEditor::showMessage);
  connect(m_form, &ScenarioForm::fieldsChanged, this, [this] {
    updateStatus();
    emit runnableChanged();
  });
  connect(m_doc, &EditableScenario::changed, this, &ScenarioEditor::runnableChanged);
  refresh();
}

QString ScenarioEditor::runBlocker() const {
  if (m_doc->isEmpty()) return tr("No scenario is open.");
  if (!m_doc->baseline())
    return tr("The scenario does not load (%1): correct it in the JSON tab.")
        .arg(countOf(static_cast<int>(m_doc->errors().size()), tr("error"), tr("errors")));
  const QStringList fields = m_form->invalidFields();
  return fields.isEmpty() ? QString() : tr("%1. Correct it, or press Escape to put the value back.").arg(fields.front());
}

QString ScenarioEditor::statusText() const { return m_status->text(); }

void ScenarioEditor::showPage(Page page) { m_tabs->setCurrentIndex(page == Page::Form ? 0 : 1); }

void ScenarioEditor::refresh() {
  m_json->showText(m_doc->text());
  m_json->setErrors(m_doc->errors());
  m_errorList->clear();
  for (const chaossim::LoadError& e : m_doc->errors()) {
    const QString where = e.line > 0 ? tr("line %1:%2").arg(e.line).arg(e.column) : tr("no line");
    const QString what = QString::fromStdString(e.path.empty() ? e.message : e.path + ": " + e.message);
    auto* item = new QListWidgetItem(QStringLiteral("%1  %2").arg(where, what), m_errorList);
    item->setData(Qt::UserRole, e.line);
    item->setData(Qt::UserRole + 1, e.column);
    item->setForeground(QColor(176, 0, 32));
  }
  m_errorList->setVisible(!m_doc->errors().empty());
  updateStatus();
}

void ScenarioEditor::updateStatus() {
  const int n = static_cast<int>(m_doc->errors().size());
  const QStringList fields = m_form->invalidFields();
  const auto show = [this](const QString& text, bool good) {
    m_status->setText(text);
    m_status->setStyleSheet(good ? QStringLiteral("color: #1b7a3a;") : QStringLiteral("color: #b00020;"));
  };
  if (m_doc->isEmpty()) {
    m_status->setText(tr("No scenario: open a lesson, a file, or type one in the JSON tab."));
    m_status->setStyleSheet(QString());
  } else if (n > 0) {
    show(tr("✗ %1: see the JSON tab").arg(countOf(n, tr("error"), tr("errors"))), false);
  } else if (!fields.isEmpty()) {
    // The document is valid, but the form shows a value it does not hold: say so rather than "valid".
    show(tr("✗ %1. Runs wait until it is corrected (Escape puts the value back).").arg(fields.front()), false);
  } else {
    show(tr("✓ Valid scenario"), true);
  }
}

void ScenarioEditor::showMessage(const QString& message) {
  m_status->setText(message);
  m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
  // The verdict on the document comes back after a while; the message was about one edit.
  QTimer::singleShot(6000, this, &ScenarioEditor::refresh);
}
