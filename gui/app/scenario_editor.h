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

 private:
  void refresh();
  void showMessage(const QString& message);

  EditableScenario* m_doc;
  QTabWidget* m_tabs;
  ScenarioForm* m_form;
  JsonEditor* m_json;
  QListWidget* m_errorList;
  QLabel* m_status;
};
