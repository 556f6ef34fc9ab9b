#pragma once
// The raw JSON of the scenario, with line numbers and the loader's errors shown in place: the line of each error
// is tinted, its column underlined, and the message written after the line's text, as an editor's "error lens".
// Undo is the document's (one history for form and text), so the widget's own undo is off and Ctrl+Z is left to
// the window's Undo action.

#include <vector>

#include <QPlainTextEdit>

#include "scenario/loader.h"

class JsonEditor : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit JsonEditor(QWidget* parent = nullptr);

  // Shows new text from the document (an undo, a form edit) keeping the cursor and scroll position.
  void showText(const QString& text);
  void setErrors(const std::vector<chaossim::LoadError>& errors);
  const std::vector<chaossim::LoadError>& errors() const { return m_errors; }
  // Moves the cursor to a 1-based line and column.
  void goTo(int line, int column);

  int lineNumberAreaWidth() const;
  void paintLineNumbers(QPaintEvent* event);

 signals:
  // The user changed the text.
  void textEdited(const QString& text);

 protected:
  bool event(QEvent* event) override;
  bool viewportEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool canInsertFromMimeData(const QMimeData* source) const override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void updateSelections();

  QWidget* m_lineNumbers;
  std::vector<chaossim::LoadError> m_errors;
  bool m_showing = false;  // text is being set from the document, not typed
};
