#include "app/recent_files.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

TEST(recent_files, newest_first_without_duplicates_and_bounded) {
  QTemporaryDir dir;
  QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
  RecentFiles recent(&settings);
  QSignalSpy changed(&recent, &RecentFiles::changed);
  for (int i = 0; i < RecentFiles::kMaxFiles + 3; ++i) recent.add(dir.filePath(QStringLiteral("f%1.json").arg(i)));
  recent.add(dir.filePath(QStringLiteral("f5.json")));
  EXPECT_EQ(recent.files().size(), RecentFiles::kMaxFiles);
  EXPECT_EQ(recent.files().front(), dir.filePath(QStringLiteral("f5.json")));
  EXPECT_EQ(recent.files().count(dir.filePath(QStringLiteral("f5.json"))), 1);
  EXPECT_EQ(changed.count(), RecentFiles::kMaxFiles + 4);

  // Kept in the settings for the next session.
  RecentFiles again(&settings);
  EXPECT_EQ(again.files(), recent.files());
  again.remove(dir.filePath(QStringLiteral("f5.json")));
  EXPECT_EQ(again.files().size(), RecentFiles::kMaxFiles - 1);
  again.clear();
  EXPECT_TRUE(RecentFiles(&settings).files().isEmpty());
}
