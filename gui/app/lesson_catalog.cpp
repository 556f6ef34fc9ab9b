#include "app/lesson_catalog.h"

#include <QDir>
#include <QFileInfo>

#include "lesson_folder.h"  // the same lesson folder as the command-line tool
#include "scenario/loader.h"

QString lessonsDirectory() {
  const chaossim::LessonFolderSearch search = chaossim::find_lesson_folder();
  return search.found ? QString::fromStdString(search.found->string()) : QString();
}

QString lessonsSearchDescription() { return QString::fromStdString(chaossim::find_lesson_folder().describe()); }

namespace {

QString stringAt(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

}  // namespace

Lesson readLesson(const QString& path) {
  Lesson lesson;
  lesson.path = QFileInfo(path).absoluteFilePath();
  lesson.name = QFileInfo(path).completeBaseName();
  auto parsed = chaossim::read_scenario_document(path.toStdString());
  if (auto* errors = std::get_if<std::vector<chaossim::LoadError>>(&parsed)) {
    lesson.title = lesson.name;
    lesson.problem = errors->empty() ? QObject::tr("unreadable") : QString::fromStdString(errors->front().to_string());
    return lesson;
  }
  const chaossim::ScenarioDocument& doc = std::get<chaossim::ScenarioDocument>(parsed);
  lesson.title = stringAt(doc.json, "title");
  if (lesson.title.isEmpty()) lesson.title = lesson.name;
  lesson.description = stringAt(doc.json, "description");
  if (const auto tags = doc.json.find("tags"); tags != doc.json.end() && tags->is_array())
    for (const auto& tag : *tags)
      if (tag.is_string()) lesson.tags << QString::fromStdString(tag.get<std::string>());
  const chaossim::LoadResult result = chaossim::load_scenario_document(doc);
  if (!result.errors.empty()) lesson.problem = QString::fromStdString(result.errors.front().to_string());
  return lesson;
}

QVector<Lesson> scanLessons(const QString& directory) {
  QVector<Lesson> lessons;
  const QDir dir(directory);
  for (const QString& file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    lessons.push_back(readLesson(dir.filePath(file)));
  return lessons;
}
