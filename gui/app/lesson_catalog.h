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
  QString description;  // Markdown, untrusted: render with HTML disabled
  QString problem;      // the first loader error when the file is not valid, else empty
};

// The lessons folder, or empty when none was found.
QString lessonsDirectory();
// Where the lessons were looked for, for the message shown when none were found.
QString lessonsSearchDescription();
// The lessons of `directory`, sorted by file name. Files that do not parse are listed with their problem, so a
// broken lesson is visible rather than silently missing.
QVector<Lesson> scanLessons(const QString& directory);
Lesson readLesson(const QString& path);
