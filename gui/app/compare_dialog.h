#pragma once
// Picks two to four configurations to run side by side with common random numbers: the scenario's variants
// and, when the scenario has unsaved edits, the file as saved (to see what the edits change).

#include <QDialog>

class QDialogButtonBox;
class QListWidget;

class CompareDialog : public QDialog {
  Q_OBJECT
 public:
  static constexpr int kMinChoices = 2, kMaxChoices = 4;
  // The key of the saved file's baseline among the choices.
  static QString savedFileKey() { return QStringLiteral("baseline (saved)"); }

  // `variants` of the edited scenario ("baseline" first); `offerSavedFile` adds the saved file's baseline.
  CompareDialog(const QStringList& variants, bool offerSavedFile, QWidget* parent = nullptr);

  void setChecked(const QStringList& keys);
  QStringList checked() const;

 private:
  void updateButtons();

  QListWidget* m_list;
  QDialogButtonBox* m_buttons;
};
