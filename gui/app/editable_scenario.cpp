#include "app/editable_scenario.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>  // writes to a temporary file and renames it, so a failed save never truncates the original
#include <QUndoCommand>

#include "app/json_splice.h"
#include "app/lesson_catalog.h"  // isInLessonsFolder: bundled lessons are never written
#include "scenario/limits.h"

using chaossim::LoadError;
using chaossim::Override;

// One change of the whole text. Storing both texts makes undo exact whatever produced the change, and a text is
// at most a few KiB (the loader caps files at 1 MiB).
class TextChangeCommand : public QUndoCommand {
 public:
  // Consecutive changes with the same non-empty merge key become one step: typing in the JSON tab, or stepping a
  // spin box through values of one knob.
  TextChangeCommand(EditableScenario* doc, QString before, QString after, const QString& label, QString mergeKey)
      : QUndoCommand(label), m_doc(doc), m_before(std::move(before)), m_after(std::move(after)),
        m_mergeKey(std::move(mergeKey)), m_time(QDateTime::currentMSecsSinceEpoch()) {}

  void redo() override { m_doc->applyText(m_after); }
  void undo() override { m_doc->applyText(m_before); }
  int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* next = static_cast<const TextChangeCommand*>(other);
    // A pause of a few seconds starts a new step, so Undo takes back a burst of typing, not the whole session.
    if (next->m_mergeKey != m_mergeKey || next->m_time - m_time > kMergeWindowMs) return false;
    m_after = next->m_after;
    m_time = next->m_time;
    return true;
  }

 private:
  EditableScenario* m_doc;
  QString m_before, m_after;
  QString m_mergeKey;
  qint64 m_time;
  static constexpr qint64 kMergeWindowMs = 3000;
};

EditableScenario::EditableScenario(QObject* parent) : QObject(parent) {
  connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
  applyText({});
}

QString EditableScenario::displayName() const {
  return m_path.isEmpty() ? tr("untitled.json") : QFileInfo(m_path).fileName();
}

bool EditableScenario::load(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    if (error) *error = tr("Cannot open %1: %2").arg(path, file.errorString());
    return false;
  }
  if (file.size() > static_cast<qint64>(chaossim::limits::kMaxFileBytes)) {
    if (error) *error = tr("%1 is larger than 1 MiB, the limit for scenario files.").arg(path);
    return false;
  }
  const QString text = QString::fromUtf8(file.readAll());
  m_path = QFileInfo(path).absoluteFilePath();
  m_template = isInLessonsFolder(m_path);
  m_undo.clear();
  applyText(text);
  m_undo.setClean();
  emit fileChanged(m_path);
  return true;
}

void EditableScenario::loadText(const QString& text, const QString& fileName) {
  m_path = fileName;
  m_template = false;
  m_undo.clear();
  applyText(text);
  m_undo.setClean();
  emit fileChanged(m_path);
}

bool EditableScenario::writeTo(const QString& path, QString* error) {
  // The one place that writes, so the one place that guards the lessons.
  if (isInLessonsFolder(path)) {
    if (error)
      *error = tr("%1 is in the lessons folder, which the dashboard never writes to: save your version somewhere "
                  "else.").arg(path);
    return false;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(m_text.toUtf8()) < 0 || !file.commit()) {
    if (error) *error = tr("Cannot save %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

bool EditableScenario::save(QString* error) {
  if (m_path.isEmpty()) {
    if (error) *error = tr("The scenario has no file yet: use Save As.");
    return false;
  }
  if (m_template) {
    if (error) *error = tr("%1 is a bundled lesson, a template: use Save As to keep your version.").arg(displayName());
    return false;
  }
  if (!writeTo(m_path, error)) return false;
  m_undo.setClean();
  return true;
}

bool EditableScenario::saveAs(const QString& path, QString* error) {
  if (!writeTo(path, error)) return false;
  m_path = QFileInfo(path).absoluteFilePath();
  m_template = false;
  m_undo.setClean();
  emit fileChanged(m_path);
  return true;
}

bool EditableScenario::setValue(const std::string& path, const nlohmann::json& value, const QString& label,
                                QString* error) {
  return setValues({{path, value}}, label, error);
}

bool EditableScenario::setValues(const std::vector<Override>& values, const QString& label, QString* error) {
  if (!m_document) {
    if (error) *error = tr("The JSON has errors; correct them in the JSON tab first.");
    return false;
  }
  std::string text = m_text.toStdString();
  for (const auto& [path, value] : values) {
    chaossim::gui::SpliceResult r = chaossim::gui::splice_path(text, path, value);
    if (!r.ok()) {
      if (error) *error = QString::fromStdString(path + ": " + r.error);
      return false;
    }
    text = std::move(r.text);
  }
  const QString after = QString::fromStdString(text);
  if (after == m_text) return true;
  const QString key = values.size() == 1 ? QString::fromStdString("form:" + values.front().first) : QString();
  m_undo.push(new TextChangeCommand(this, m_text, after, label, key));
  return true;
}

void EditableScenario::setText(const QString& text, const QString& label) {
  if (text == m_text) return;
  m_undo.push(new TextChangeCommand(this, m_text, text, label.isEmpty() ? tr("Edit JSON") : label, "json"));
}

void EditableScenario::applyText(const QString& text) {
  m_text = text;
  m_document.reset();
  m_baseline.reset();
  if (m_text.trimmed().isEmpty()) {
    // Nothing open (or everything deleted): nothing to complain about yet, and nothing to run.
    m_errors.clear();
    emit changed();
    return;
  }
  const std::string file = m_path.isEmpty() ? displayName().toStdString() : QFileInfo(m_path).fileName().toStdString();
  auto parsed = chaossim::parse_scenario_document(m_text.toStdString(), file);
  if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed)) {
    m_errors = std::move(*errors);
  } else {
    m_document = std::move(std::get<chaossim::ScenarioDocument>(parsed));
    // The errors are the loader's full verdict on the file, variants included; the baseline alone may still be
    // valid when only a variant is broken, and then the form and the baseline run keep working.
    m_errors = chaossim::load_scenario_document(*m_document).errors;
    chaossim::LoadResult base = chaossim::build_scenario(*m_document);
    if (base.ok()) m_baseline = std::make_shared<const chaossim::Scenario>(std::move(*base.scenario));
  }
  emit changed();
}

std::vector<std::string> EditableScenario::variantNames() const {
  std::vector<std::string> names{"baseline"};
  if (m_document)
    for (const chaossim::Variant& v : m_document->variants) names.push_back(v.name);
  return names;
}

chaossim::LoadResult EditableScenario::build(const std::string& variant, const std::vector<Override>& extra) const {
  chaossim::LoadResult out;
  if (!m_document) {
    out.errors = m_errors;
    return out;
  }
  const std::optional<std::vector<Override>> applied = overrides(variant, extra);
  if (!applied) {
    std::string known;
    for (const std::string& name : variantNames()) known += (known.empty() ? "" : ", ") + name;
    out.errors.push_back({m_document->file, 0, 0, "", "no variant named \"" + variant + "\" (known: " + known + ")"});
    return out;
  }
  return chaossim::build_scenario(*m_document, *applied);
}

std::optional<std::vector<Override>> EditableScenario::overrides(const std::string& variant,
                                                                 const std::vector<Override>& extra) const {
  if (!m_document) return std::nullopt;
  std::vector<Override> out;
  if (variant != "baseline") {
    const auto& vs = m_document->variants;
    const auto it = std::find_if(vs.begin(), vs.end(), [&](const chaossim::Variant& v) { return v.name == variant; });
    if (it == vs.end()) return std::nullopt;
    out = it->overrides;
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

nlohmann::json EditableScenario::valueAt(const std::string& pointer) const {
  if (!m_document) return nullptr;
  try {
    const nlohmann::json::json_pointer p(pointer);
    return m_document->json.contains(p) ? m_document->json.at(p) : nlohmann::json();
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // a pointer through a value of another type: not in the document
  }
}
