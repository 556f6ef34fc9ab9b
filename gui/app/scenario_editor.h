#pragma once
// The scenario editor: the knobs form and the raw JSON, two views of one EditableScenario, with the loader's
// verdict underneath (valid, or each error with its line; a click jumps there).

#include <QWidget>

class EditableScenario;
class JsonEditor;
class QLabel;
class QListWidget;
class QTabWidget;
class ScenarioForm;

class ScenarioEditor : public QWidget {
  Q_OBJECT
 public:
  enum class Page { Form, Json };

  explicit ScenarioEditor(EditableScenario* doc, QWidget* parent = nullptr);

  ScenarioForm* form() const { return m_form; }
  JsonEditor* jsonEditor() const { return m_json; }
  void showPage(Page page);

  // Why the scenario cannot run as shown, or empty when it can: nothing open, a document that does not load, or a
  // form field whose text is not a value (a run would use the document's old value while the form shows another).
  QString runBlocker() const;
  // The verdict line under the tabs.
  QString statusText() const;

 signals:
  // runBlocker() may have changed.
  void runnableChanged();

 private:
  void refresh();
  void updateStatus();
  void showMessage(const QString& message);

  EditableScenario* m_doc;
  QTabWidget* m_tabs;
  ScenarioForm* m_form;
  JsonEditor* m_json;
  QListWidget* m_errorList;
  QLabel* m_status;
};
