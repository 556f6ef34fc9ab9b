#pragma once
// Small input widgets for the scenario form, and the mark a field carries while its text is not a value of its
// kind. The form reads the marks to say what is wrong and the window to hold Run back: a run must never use the
// previous value silently while the field shows another.

#include <QLineEdit>

// Marks `field` as holding an unusable text (an orange frame, and `problem` for the status line), or clears the
// mark when `problem` is empty.
void setFieldProblem(QLineEdit* field, const QString& problem);
// The problem of a marked field, or empty.
QString fieldProblem(const QWidget* field);

// A duration in the scenario syntax ("250ms", "1.5s", "2m"). Marked while the text is not a duration; reports a
// value only when the user finishes editing a valid, changed one. Escape puts back the value last shown.
class DurationEdit : public QLineEdit {
  Q_OBJECT
 public:
  explicit DurationEdit(QWidget* parent = nullptr);
  // Shows a value without reporting it.
  void setDuration(const QString& text);
  bool isValid() const { return fieldProblem(this).isEmpty(); }

 signals:
  void durationCommitted(const QString& text);
  // The field's problem changed: it became a duration, stopped being one, or is wrong in another way.
  void validityChanged();

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void check();
  QString m_committed;
};
