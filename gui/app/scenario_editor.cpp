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
  refresh();
}

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
  const int n = static_cast<int>(m_doc->errors().size());
  if (m_doc->isEmpty()) {
    m_status->setText(tr("No scenario: open a lesson, a file, or type one in the JSON tab."));
    m_status->setStyleSheet(QString());
    return;
  }
  m_status->setText(n == 0 ? tr("✓ Valid scenario") : tr("✗ %n error(s): see the JSON tab", nullptr, n));
  m_status->setStyleSheet(n == 0 ? QStringLiteral("color: #1b7a3a;") : QStringLiteral("color: #b00020;"));
}

void ScenarioEditor::showMessage(const QString& message) {
  m_status->setText(message);
  m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
  // The verdict on the document comes back after a while; the message was about one edit.
  QTimer::singleShot(6000, this, &ScenarioEditor::refresh);
}
