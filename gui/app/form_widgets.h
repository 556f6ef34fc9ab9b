#pragma once
// Small input widgets for the scenario form.

#include <QLineEdit>

// A duration in the scenario syntax ("250ms", "1.5s", "2m"). Shows a red frame while the text is not a duration
// and reports a value only when the user finishes editing a valid, changed one.
class DurationEdit : public QLineEdit {
  Q_OBJECT
 public:
  explicit DurationEdit(QWidget* parent = nullptr);
  // Shows a value without reporting it.
  void setDuration(const QString& text);

 signals:
  void durationCommitted(const QString& text);

 private:
  void check();
  QString m_committed;
};
