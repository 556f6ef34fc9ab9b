#include "app/form_widgets.h"

#include "core/time.h"  // parse_duration: the same syntax check as the loader

DurationEdit::DurationEdit(QWidget* parent) : QLineEdit(parent) {
  setPlaceholderText(tr("e.g. 250ms, 1.5s, 2m"));
  setToolTip(tr("A duration: a number and a unit, one of us, ms, s, m, h"));
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

void DurationEdit::check() {
  const bool ok = chaossim::parse_duration(text().trimmed().toStdString()).has_value();
  setStyleSheet(ok ? QString() : QStringLiteral("QLineEdit { border: 2px solid #d55e00; }"));
}
