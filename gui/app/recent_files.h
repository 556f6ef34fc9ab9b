#pragma once
// The most recently opened scenario files, newest first, kept in the application settings.

#include <QObject>
#include <QStringList>

class QSettings;

class RecentFiles : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxFiles = 8;

  // Reads and writes the list in `settings` (not owned), under the key "recentFiles".
  explicit RecentFiles(QSettings* settings, QObject* parent = nullptr);

  QStringList files() const { return m_files; }
  void add(const QString& path);
  void remove(const QString& path);
  void clear();

 signals:
  void changed();

 private:
  void store();

  QSettings* m_settings;
  QStringList m_files;
};
