#include "app/lesson_catalog.h"

#include <algorithm>

#include <QCollator>  // titles in the order a reader expects ("é" beside "e", "a" beside "A")
#include <QDir>
#include <QFileInfo>

#include "lesson_folder.h"  // the same lesson folder as the command-line tool
#include "scenario/loader.h"

QString lessonsDirectory() {
  const chaossim::LessonFolderSearch search = chaossim::find_lesson_folder();
  return search.found ? QString::fromStdString(search.found->string()) : QString();
}

bool isInLessonsFolder(const QString& path) {
  const QString lessons = lessonsDirectory();
  if (lessons.isEmpty() || path.isEmpty()) return false;
  // Canonical paths, so a symbolic link or a "../" does not get a lesson past the check. A file not written yet
  // has no canonical path; its folder does.
  const QString folder = QFileInfo(QFileInfo(path).absolutePath()).canonicalFilePath();
  const QString root = QFileInfo(lessons).canonicalFilePath();
  return !folder.isEmpty() && !root.isEmpty() && (folder == root || folder.startsWith(root + QLatin1Char('/')));
}

QString resolveScenarioArgument(const QString& argument) {
  if (argument.isEmpty()) return argument;
  return QString::fromStdString(chaossim::resolve_scenario_path(argument.toStdString()).string());
}

QString missingScenarioMessage(const QString& argument) {
  if (argument.contains(QLatin1Char('/')) || argument.endsWith(QLatin1String(".json")))
    return QObject::tr("%1: no such file").arg(argument);
  const QString folder = lessonsDirectory();
  if (folder.isEmpty())
    return QObject::tr("%1: no such file, and no lessons found (%2)").arg(argument, lessonsSearchDescription());
  QStringList names;
  for (const QString& file : QDir(folder).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    names << QFileInfo(file).completeBaseName();
  return QObject::tr("%1: no such file, and no bundled lesson of that name (lessons in %2: %3)")
      .arg(argument, folder, names.join(QStringLiteral(", ")));
}

QString lessonsSearchDescription() { return QString::fromStdString(chaossim::find_lesson_folder().describe()); }

namespace {

const char* const kLevels[] = {"beginner", "intermediate", "advanced"};

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
  lesson.level = lessonLevel(lesson.tags);
  const chaossim::LoadResult result = chaossim::load_scenario_document(doc);
  if (!result.errors.empty()) lesson.problem = QString::fromStdString(result.errors.front().to_string());
  return lesson;
}

int lessonLevel(const QStringList& tags) {
  for (const QString& tag : tags)
    for (int level = 0; level < 3; ++level)
      if (tag.compare(QLatin1String(kLevels[level]), Qt::CaseInsensitive) == 0) return level;
  return 3;
}

QString lessonLevelName(int level) {
  switch (level) {
    case 0: return QObject::tr("Beginner");
    case 1: return QObject::tr("Intermediate");
    case 2: return QObject::tr("Advanced");
    default: return {};
  }
}

QVector<Lesson> scanLessons(const QString& directory) {
  QVector<Lesson> lessons;
  const QDir dir(directory);
  for (const QString& file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    lessons.push_back(readLesson(dir.filePath(file)));
  QCollator collator;
  collator.setCaseSensitivity(Qt::CaseInsensitive);
  collator.setNumericMode(true);  // "Lesson 2" before "Lesson 10"
  // Stable, and the file name last: the same order whatever order the folder lists its files in.
  std::stable_sort(lessons.begin(), lessons.end(), [&](const Lesson& a, const Lesson& b) {
    if (a.level != b.level) return a.level < b.level;
    if (const int c = collator.compare(a.title, b.title); c != 0) return c < 0;
    return a.name < b.name;
  });
  return lessons;
}
