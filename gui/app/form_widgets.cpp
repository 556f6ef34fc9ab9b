#include "app/form_widgets.h"

#include <QKeyEvent>

#include "core/time.h"  // parse_duration: the same syntax check as the loader

namespace {
const char* const kProblemProperty = "chaossimFieldProblem";
}

void setFieldProblem(QLineEdit* field, const QString& problem) {
  if (fieldProblem(field) == problem) return;
  field->setProperty(kProblemProperty, problem);
  field->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 2px solid #d55e00; }"));
  field->setToolTip(problem.isEmpty() ? field->whatsThis() : problem);
}

QString fieldProblem(const QWidget* field) { return field->property(kProblemProperty).toString(); }

DurationEdit::DurationEdit(QWidget* parent) : QLineEdit(parent) {
  setPlaceholderText(tr("e.g. 250ms, 1.5s, 2m"));
  // The tooltip a valid field shows; a marked one shows its problem instead.
  setWhatsThis(tr("A duration: a number and a unit, one of us, ms, s, m, h"));
  setToolTip(whatsThis());
  connect(this, &QLineEdit::textEdited, this, &DurationEdit::check);
  connect(this, &QLineEdit::editingFinished, this, [this] {
    const QString value = text().trimmed();
    if (value == m_committed || !chaossim::parse_duration(value.toStdString())) return;
    m_committed = value;
    emit durationCommitted(value);
  });
}

void DurationEdit::setDuration(const QString& text) {
  m_committed = text;
  setText(text);
  check();
}

void DurationEdit::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && text() != m_committed) {
    setDuration(m_committed);
    return event->accept();
  }
  QLineEdit::keyPressEvent(event);
}

void DurationEdit::check() {
  const QString value = text().trimmed();
  const QString before = fieldProblem(this);
  if (chaossim::parse_duration(value.toStdString()))
    setFieldProblem(this, {});
  else if (value.isEmpty())
    setFieldProblem(this, tr("empty; a duration is a number and a unit (250ms, 1.5s, 2m)"));
  else
    setFieldProblem(this, tr("“%1” is not a duration; write a number and a unit (250ms, 1.5s, 2m)").arg(value));
  if (before != fieldProblem(this)) emit validityChanged();
}
