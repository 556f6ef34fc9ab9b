#pragma once
// The bundled lessons: every scenario file in the lessons folder, with what the library panel shows of it. The
// folder is the one compiled in (CHAOSSIM_SCENARIOS_DIR), unless the environment variable CHAOSSIM_SCENARIOS names
// another, as for the command-line tool.

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

QString lessonsDirectory();
// The lessons of `directory`, sorted by file name. Files that do not parse are listed with their problem, so a
// broken lesson is visible rather than silently missing.
QVector<Lesson> scanLessons(const QString& directory);
Lesson readLesson(const QString& path);
