#include "app/editable_scenario.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "support.h"
#include "temporary_lessons.h"

using gui_testing::kSmallScenario;

TEST(editable_scenario, loads_a_lesson_valid_and_unmodified) {
  EditableScenario doc;
  QString error;
  ASSERT_TRUE(doc.load(gui_testing::lessonPath("lost-replies"), &error)) << error.toStdString();
  EXPECT_TRUE(doc.isValid());
  EXPECT_FALSE(doc.isModified());
  EXPECT_EQ(doc.displayName(), QStringLiteral("lost-replies.json"));
  ASSERT_NE(doc.baseline(), nullptr);
  EXPECT_EQ(doc.baseline()->name, "lost-replies");
  EXPECT_EQ(doc.variantNames(), (std::vector<std::string>{"baseline", "idempotency-keys", "per-attempt-keys"}));
}

TEST(editable_scenario, form_edits_are_undoable_and_restore_the_exact_text) {
  EditableScenario doc;
  doc.loadText(kSmallScenario);
  const QString original = doc.text();
  QSignalSpy changed(&doc, &EditableScenario::changed);
  ASSERT_TRUE(doc.setValue("clients.count", 25, QStringLiteral("count")));
  EXPECT_EQ(changed.count(), 1);
  EXPECT_TRUE(doc.isModified());
  EXPECT_EQ(doc.baseline()->clients.count, 25u);
  doc.undoStack()->undo();
  EXPECT_EQ(doc.text(), original);
  EXPECT_FALSE(doc.isModified());
  EXPECT_EQ(doc.baseline()->clients.count, 10u);
  doc.undoStack()->redo();
  EXPECT_EQ(doc.baseline()->clients.count, 25u);
}

TEST(editable_scenario, steps_of_one_knob_merge_into_one_undo_step) {
  EditableScenario doc;
  doc.loadText(kSmallScenario);
  for (int attempts : {4, 5, 6}) ASSERT_TRUE(doc.setValue("edges.clients->api.retry.max_attempts", attempts, QStringLiteral("attempts")));
  ASSERT_TRUE(doc.setValue("clients.count", 11, QStringLiteral("count")));
  EXPECT_EQ(doc.undoStack()->count(), 2);
  doc.undoStack()->undo();
  doc.undoStack()->undo();
  EXPECT_EQ(doc.baseline()->edges.front().retry.max_attempts, 3u);
}

TEST(editable_scenario, text_errors_carry_their_line_and_block_form_edits) {
  EditableScenario doc;
  doc.loadText(kSmallScenario);
  QString text = doc.text();
  text.replace(QStringLiteral("\"workers\": 4"), QStringLiteral("\"workers\": 0"));
  doc.setText(text);
  ASSERT_FALSE(doc.errors().empty());
  const int workersLine = 1 + static_cast<int>(text.left(text.indexOf(QStringLiteral("\"workers\""))).count(QLatin1Char('\n')));
  EXPECT_EQ(doc.errors().front().line, workersLine);
  EXPECT_EQ(doc.baseline(), nullptr);
  EXPECT_FALSE(doc.isValid());

  doc.setText(QStringLiteral("{\n  \"name\": \n"));
  ASSERT_EQ(doc.errors().size(), 1u);
  EXPECT_GT(doc.errors().front().line, 0);
  QString error;
  EXPECT_FALSE(doc.setValue("clients.count", 3, QStringLiteral("count"), &error));
  EXPECT_FALSE(error.isEmpty());
}

TEST(editable_scenario, a_broken_variant_leaves_the_baseline_usable) {
  EditableScenario doc;
  QString text = QString::fromUtf8(kSmallScenario);
  text.replace(QStringLiteral("\"edges.clients->api.retry.max_attempts\": 1"), QStringLiteral("\"edges.clients->api.retry.max_attempts\": 0"));
  doc.loadText(text);
  EXPECT_FALSE(doc.errors().empty());
  EXPECT_FALSE(doc.isValid());
  EXPECT_NE(doc.baseline(), nullptr);
}

TEST(editable_scenario, builds_variants_with_extra_overrides) {
  EditableScenario doc;
  doc.loadText(kSmallScenario);
  const chaossim::LoadResult r = doc.build("no-retry", {{"duration", "15s"}});
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
  EXPECT_EQ(r.scenario->edges.front().retry.max_attempts, 1u);
  EXPECT_EQ(r.scenario->duration, chaossim::Duration::seconds(15));
  EXPECT_FALSE(doc.build("missing").ok());
}

TEST(editable_scenario, saves_the_text_as_is_and_becomes_clean) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  EditableScenario doc;
  doc.loadText(kSmallScenario);
  ASSERT_TRUE(doc.setValue("clients.count", 12, QStringLiteral("count")));
  QString error;
  EXPECT_FALSE(doc.save(&error));  // untitled: needs a name first
  const QString path = dir.filePath(QStringLiteral("small.json"));
  ASSERT_TRUE(doc.saveAs(path, &error)) << error.toStdString();
  EXPECT_FALSE(doc.isModified());
  EXPECT_EQ(gui_testing::readFile(path), doc.text());
  ASSERT_TRUE(doc.setValue("clients.count", 13, QStringLiteral("count")));
  ASSERT_TRUE(doc.save(&error));
  EditableScenario reread;
  ASSERT_TRUE(reread.load(path));
  EXPECT_EQ(reread.baseline()->clients.count, 13u);
}

TEST(editable_scenario, a_bundled_lesson_is_a_template_that_is_never_written) {
  const gui_testing::TemporaryLessons lessons{"lost-replies"};
  const QByteArray shipped = lessons.bytes("lost-replies");
  ASSERT_FALSE(shipped.isEmpty());
  EditableScenario doc;
  ASSERT_TRUE(doc.load(lessons.path("lost-replies")));
  EXPECT_TRUE(doc.isTemplate());
  ASSERT_TRUE(doc.setValue("clients.count", 7, QStringLiteral("count")));
  QString error;
  EXPECT_FALSE(doc.save(&error));
  EXPECT_TRUE(error.contains(QStringLiteral("Save As"))) << error.toStdString();
  // Not under another name in the lessons folder either.
  EXPECT_FALSE(doc.saveAs(lessons.path("lost-replies"), &error));
  EXPECT_FALSE(doc.saveAs(lessons.path("my-copy"), &error));
  EXPECT_TRUE(error.contains(QStringLiteral("lessons folder"))) << error.toStdString();
  EXPECT_FALSE(QFileInfo::exists(lessons.path("my-copy")));
  EXPECT_EQ(lessons.bytes("lost-replies"), shipped);
  EXPECT_TRUE(doc.isModified());

  // Saved elsewhere, the copy is the user's own file.
  QTemporaryDir mine;
  ASSERT_TRUE(doc.saveAs(mine.filePath(QStringLiteral("lost-replies.json")), &error)) << error.toStdString();
  EXPECT_FALSE(doc.isTemplate());
  ASSERT_TRUE(doc.setValue("clients.count", 8, QStringLiteral("count")));
  EXPECT_TRUE(doc.save(&error)) << error.toStdString();
  EXPECT_EQ(lessons.bytes("lost-replies"), shipped);
}
