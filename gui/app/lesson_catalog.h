#pragma once
// The bundled lessons: every scenario file in the lessons folder, with what the library panel shows of it. The
// folder is found as the command-line tool finds it (lesson_folder.h: $CHAOSSIM_SCENARIOS, then the installed
// share/chaossim/scenarios, then the source tree).

#include <QString>
#include <QStringList>
#include <QVector>

struct Lesson {
  QString path;
  QString name;   // file name without .json
  QString title;  // the scenario's title, else its name
  QStringList tags;
  int level = 3;        // from the tags: 0 beginner, 1 intermediate, 2 advanced, 3 none (see lessonLevelName)
  QString description;  // Markdown, untrusted: render with HTML disabled
  QString problem;      // the first loader error when the file is not valid, else empty
};

// The lessons folder, or empty when none was found.
QString lessonsDirectory();
// Whether `path` (a file, existing or not) lies in the lessons folder. Bundled lessons are templates: the
// dashboard opens them but never writes there, so a workshop's lessons stay as shipped.
bool isInLessonsFolder(const QString& path);
// A scenario argument as the command-line tool takes it (lesson_folder.h, resolve_scenario_path): a file path, or
// the name of a bundled lesson ("lost-replies"); anything else is returned as given, for its loading to fail.
QString resolveScenarioArgument(const QString& argument);
// Why `argument` (as given) opens no scenario when no such file exists: for a bare name, that there is no lesson of
// that name, where lessons are and which there are; else that the file does not exist.
QString missingScenarioMessage(const QString& argument);
// Where the lessons were looked for, for the message shown when none were found.
QString lessonsSearchDescription();
// A lesson's level is the first of its tags that names one ("beginner", "intermediate", "advanced"): the library
// lists easy lessons first, as a workshop takes them.
int lessonLevel(const QStringList& tags);
QString lessonLevelName(int level);  // "Beginner", …, or empty for a lesson without a level
// The lessons of `directory`, sorted by level, then by title (case and accents aside), then by file name. Files
// that do not parse are listed with their problem (and no level, so at the end), so a broken lesson is visible
// rather than silently missing.
QVector<Lesson> scanLessons(const QString& directory);
Lesson readLesson(const QString& path);
