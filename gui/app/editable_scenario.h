#pragma once
// The scenario being edited: its JSON text (the one source of truth, saved as is), the file it came from, and
// everything derived from the text on each change: the parsed document, the loader's errors with their
// line:column, and the baseline scenario when it is valid. Every change goes through a QUndoStack, whether it
// comes from the form (a value at a dotted path) or from the raw JSON tab (new text), so one Undo serves both.
// No widgets here: the presenter is tested on its own.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QString>
#include <QUndoStack>

#include "scenario/loader.h"

class EditableScenario : public QObject {
  Q_OBJECT
 public:
  explicit EditableScenario(QObject* parent = nullptr);

  // Replaces everything with a file's contents (not undoable: it starts a new history). A file of the lessons
  // folder opens as a template.
  bool load(const QString& path, QString* error = nullptr);
  // Starts an untitled document with this text.
  void loadText(const QString& text, const QString& fileName = {});
  // Writes the text to its file; refused for a template (use saveAs) and for an untitled document.
  bool save(QString* error = nullptr);
  // Writes the text to `path`, which becomes the document's file; refused inside the lessons folder.
  bool saveAs(const QString& path, QString* error = nullptr);

  QString text() const { return m_text; }
  QString filePath() const { return m_path; }
  QString displayName() const;
  bool isModified() const { return !m_undo.isClean(); }
  bool isEmpty() const { return m_text.trimmed().isEmpty(); }
  bool hasFile() const { return !m_path.isEmpty(); }
  // A bundled lesson: it can be edited and run, but saving it means saving a copy elsewhere.
  bool isTemplate() const { return m_template; }
  QUndoStack* undoStack() { return &m_undo; }

  // Undoable edits. setValues applies overrides in order as one step; it fails without changing anything when
  // the text is not valid JSON or a path is not one of the format (the reason goes to `error`).
  bool setValue(const std::string& path, const nlohmann::json& value, const QString& label, QString* error = nullptr);
  bool setValues(const std::vector<chaossim::Override>& values, const QString& label, QString* error = nullptr);
  void setText(const QString& text, const QString& label = {});

  // Derived state.
  const std::vector<chaossim::LoadError>& errors() const { return m_errors; }
  // The whole file, variants included, is valid.
  bool isValid() const { return m_errors.empty() && m_baseline != nullptr; }
  const chaossim::ScenarioDocument* document() const { return m_document ? &*m_document : nullptr; }
  // The baseline scenario, when it is valid (a broken variant does not stop it).
  std::shared_ptr<const chaossim::Scenario> baseline() const { return m_baseline; }
  std::vector<std::string> variantNames() const;  // "baseline" first
  // The scenario of a variant plus extra overrides (e.g. a shorter duration for a quick look).
  chaossim::LoadResult build(const std::string& variant, const std::vector<chaossim::Override>& extra = {}) const;
  // What build() applies to the document: the variant's overrides (none for the baseline), then `extra`; nullopt
  // for a variant the document does not have.
  std::optional<std::vector<chaossim::Override>> overrides(const std::string& variant,
                                                           const std::vector<chaossim::Override>& extra = {}) const;

  // The value at a JSON pointer of the document as written ("/edges/clients->api/timeout"), or null.
  nlohmann::json valueAt(const std::string& pointer) const;

 signals:
  // The text changed (by an edit, an undo or a load); derived state is already up to date.
  void changed();
  void fileChanged(const QString& path);
  void modifiedChanged(bool modified);

 private:
  friend class TextChangeCommand;
  void applyText(const QString& text);
  bool writeTo(const QString& path, QString* error);

  QString m_text;
  QString m_path;
  bool m_template = false;
  QUndoStack m_undo;
  std::optional<chaossim::ScenarioDocument> m_document;
  std::vector<chaossim::LoadError> m_errors;
  std::shared_ptr<const chaossim::Scenario> m_baseline;
};
