#pragma once
// A lessons folder of the test's own: CHAOSSIM_SCENARIOS points at a temporary copy of some bundled lessons while
// the object lives. Tests that check lessons are never written use it, so that a regression writes into a
// temporary folder instead of the source tree's lessons.

#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>

#include "support.h"

namespace gui_testing {

class TemporaryLessons {
 public:
  explicit TemporaryLessons(std::initializer_list<const char*> names)
      : m_previous(qgetenv("CHAOSSIM_SCENARIOS")), m_hadPrevious(qEnvironmentVariableIsSet("CHAOSSIM_SCENARIOS")) {
    for (const char* name : names) QFile::copy(lessonPath(name), path(name));
    qputenv("CHAOSSIM_SCENARIOS", m_dir.path().toUtf8());
  }
  ~TemporaryLessons() {
    if (m_hadPrevious) qputenv("CHAOSSIM_SCENARIOS", m_previous);
    else qunsetenv("CHAOSSIM_SCENARIOS");
  }
  TemporaryLessons(const TemporaryLessons&) = delete;
  TemporaryLessons& operator=(const TemporaryLessons&) = delete;

  QString folder() const { return m_dir.path(); }
  QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name) + QStringLiteral(".json")); }
  QByteArray bytes(const char* name) const {
    QFile f(path(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

 private:
  QTemporaryDir m_dir;
  QByteArray m_previous;
  bool m_hadPrevious;
};

}  // namespace gui_testing
