#include "app/library_model.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "support.h"

namespace {

void write(const QString& path, const QByteArray& text) {
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(text);
}

}  // namespace

TEST(library_model, lists_the_bundled_lessons_with_title_tags_and_description) {
  LibraryModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  model.setData(scanLessons(QStringLiteral(CHAOSSIM_SCENARIOS_DIR)));
  ASSERT_GE(model.rowCount(), 2);
  bool found = false;
  for (int row = 0; row < model.rowCount(); ++row) {
    const QModelIndex index = model.index(row, 0);
    EXPECT_TRUE(index.data(LibraryModel::ProblemRole).toString().isEmpty()) << index.data().toString().toStdString();
    if (index.data(LibraryModel::NameRole).toString() != QLatin1String("lost-replies")) continue;
    found = true;
    EXPECT_EQ(index.data().toString(), QStringLiteral("Lost replies: retries charge customers twice"));
    EXPECT_TRUE(index.data(LibraryModel::TagsRole).toStringList().contains(QStringLiteral("idempotency")));
    EXPECT_TRUE(index.data(LibraryModel::DescriptionRole).toString().contains(QStringLiteral("**retries**")));
    EXPECT_TRUE(index.data(LibraryModel::PathRole).toString().endsWith(QStringLiteral("lost-replies.json")));
  }
  EXPECT_TRUE(found);
}

// A lesson with this title and tags, else valid.
QByteArray lessonWith(const char* title, const char* tags) {
  QByteArray text(gui_testing::kSmallScenario);
  text.replace("\"title\": \"Small\"", QByteArray("\"title\": \"") + title + "\", \"tags\": " + tags);
  return text;
}

TEST(library_model, shows_broken_lessons_with_their_problem_after_the_others) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  write(dir.filePath(QStringLiteral("b-good.json")), gui_testing::kSmallScenario);
  write(dir.filePath(QStringLiteral("a-broken.json")), "{\"name\": \"x\", \"title\": \"<b>Broken</b>\"");
  write(dir.filePath(QStringLiteral("notes.txt")), "not a lesson");
  LibraryModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  model.setData(scanLessons(dir.path()));
  ASSERT_EQ(model.rowCount(), 2);
  // Neither has a level; "a-broken" is titled by its file name, which sorts before "Small".
  EXPECT_EQ(model.index(0, 0).data(LibraryModel::NameRole).toString(), QStringLiteral("a-broken"));
  EXPECT_FALSE(model.index(0, 0).data(LibraryModel::ProblemRole).toString().isEmpty());
  EXPECT_EQ(model.index(1, 0).data().toString(), QStringLiteral("Small"));
  EXPECT_TRUE(model.index(1, 0).data(LibraryModel::ProblemRole).toString().isEmpty());
  model.setData({});
  EXPECT_EQ(model.rowCount(), 0);
}

TEST(library_model, lists_lessons_by_level_then_title_whatever_their_file_names) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  write(dir.filePath(QStringLiteral("a.json")), lessonWith("Zebra storms", "[\"advanced\"]"));
  write(dir.filePath(QStringLiteral("b.json")), lessonWith("metastable loops", "[\"retries\", \"intermediate\"]"));
  write(dir.filePath(QStringLiteral("c.json")), lessonWith("Lost replies", "[\"beginner\"]"));
  write(dir.filePath(QStringLiteral("d.json")), lessonWith("A double click", "[\"idempotency\", \"Beginner\"]"));
  write(dir.filePath(QStringLiteral("e.json")), lessonWith("Breakers", "[\"intermediate\"]"));
  write(dir.filePath(QStringLiteral("f.json")), lessonWith("Anything else", "[]"));
  LibraryModel model;
  model.setData(scanLessons(dir.path()));
  QStringList titles;
  for (int row = 0; row < model.rowCount(); ++row) titles << model.index(row, 0).data().toString();
  EXPECT_EQ(titles, (QStringList{"A double click", "Lost replies", "Breakers", "metastable loops", "Zebra storms",
                                 "Anything else"}));
  EXPECT_EQ(model.index(0, 0).data(LibraryModel::LevelRole).toInt(), 0);
  EXPECT_TRUE(model.index(0, 0).data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Beginner")));
}

TEST(library_model, the_bundled_lessons_start_with_the_beginners) {
  const QVector<Lesson> lessons = scanLessons(QStringLiteral(CHAOSSIM_SCENARIOS_DIR));
  ASSERT_GE(lessons.size(), 2);
  EXPECT_EQ(lessons.front().level, 0) << lessons.front().name.toStdString();
  for (qsizetype i = 1; i < lessons.size(); ++i) EXPECT_LE(lessons[i - 1].level, lessons[i].level);
}
