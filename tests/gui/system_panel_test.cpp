// The System panel: the topology of the scenario being edited and what each variant changes, from the same
// building blocks as the report's "The system".

#include "app/system_panel.h"

#include <QApplication>
#include <QScrollArea>
#include <gtest/gtest.h>

#include "app/editable_scenario.h"
#include "app/svg_picture.h"
#include "support.h"

TEST(system_panel, shows_the_topology_and_each_variants_changes_before_and_after) {
  EditableScenario doc;
  ASSERT_TRUE(doc.load(gui_testing::lessonPath("lost-replies")));
  SystemPanel panel(&doc);
  panel.refresh();
  EXPECT_FALSE(panel.diagram()->isEmpty());
  EXPECT_GT(panel.diagram()->naturalSize().width(), 100);
  EXPECT_TRUE(panel.noteText().isEmpty()) << panel.noteText().toStdString();
  // Paths may wrap after "." and before "->" (marked by zero-width spaces and a non-breaking hyphen).
  QString changes = panel.changesText();
  changes.remove(QChar(0x200B));
  changes.replace(QChar(0x2011), QLatin1Char('-'));
  // Each variant by name, each change as path: before → after, in words where the path names a strategy.
  EXPECT_TRUE(changes.contains(QStringLiteral("<b>per-attempt-keys</b>"))) << changes.toStdString();
  EXPECT_TRUE(changes.contains(QStringLiteral("<code>edges.clients-&gt;payments.idempotency_key</code>:<br>")))
      << changes.toStdString();
  EXPECT_TRUE(changes.contains(QStringLiteral(" → <b>"))) << changes.toStdString();
  EXPECT_TRUE(changes.contains(QStringLiteral("and states its own expectations"))) << changes.toStdString();
}

TEST(system_panel, scenario_text_is_escaped_and_a_broken_document_says_why_there_is_no_diagram) {
  EditableScenario doc;
  QString text = QString::fromLatin1(gui_testing::kSmallScenario);
  text.replace(QStringLiteral("\"no-retry\": {"), QStringLiteral("\"no-retry\": {\"title\": \"<img src=x> & <b>\", "));
  doc.loadText(text);
  ASSERT_TRUE(doc.isValid());
  SystemPanel panel(&doc);
  panel.refresh();
  const QString changes = panel.changesText();
  EXPECT_FALSE(changes.contains(QStringLiteral("<img"))) << changes.toStdString();
  EXPECT_TRUE(changes.contains(QStringLiteral("&lt;img src=x&gt; &amp; &lt;b&gt;"))) << changes.toStdString();

  // A document that does not load has no diagram, and the panel says where to correct it.
  doc.setText(QStringLiteral("{\"name\": "));
  panel.refresh();
  EXPECT_TRUE(panel.diagram()->isHidden());
  EXPECT_TRUE(panel.noteText().contains(QStringLiteral("JSON tab"))) << panel.noteText().toStdString();
}

TEST(system_panel, the_diagram_takes_the_panels_width_up_to_a_bounded_scale) {
  EditableScenario doc;
  ASSERT_TRUE(doc.load(gui_testing::lessonPath("retries-at-every-layer")));
  SystemPanel panel(&doc);
  panel.refresh();
  const SvgPicture* diagram = panel.diagram();
  const QSizeF natural = diagram->naturalSize();
  ASSERT_FALSE(natural.isEmpty());
  // Narrower than its natural size: scaled down with its proportions.
  const int narrow = static_cast<int>(natural.width() / 2);
  EXPECT_NEAR(diagram->heightForWidth(narrow), natural.height() / 2, 2);
  // Far wider: never more than the bounded scale (its natural size on a desk, the text's 1.6 in workshop mode).
  const int wide = static_cast<int>(natural.width() * 10);
  EXPECT_NEAR(diagram->heightForWidth(wide), natural.height(), 2);
  panel.setWorkshopMode(true);
  EXPECT_NEAR(diagram->heightForWidth(wide), natural.height() * 1.6, 2);
}

TEST(system_panel, a_narrow_panel_at_workshop_size_shows_the_whole_diagram) {
  EditableScenario doc;
  ASSERT_TRUE(doc.load(gui_testing::lessonPath("cascading-failure")));
  const QFont normal = QApplication::font();
  QFont large = normal;
  large.setPointSizeF(normal.pointSizeF() * 1.6);
  QApplication::setFont(large);
  {
    SystemPanel panel(&doc);
    panel.setWorkshopMode(true);
    panel.resize(300, 700);
    panel.show();
    panel.refresh();
    QApplication::processEvents();
    // A long path (edges.api->recommendations.circuit_breaker) wraps instead of widening the panel's content,
    // which would draw the diagram wider than the panel and cut it.
    EXPECT_LE(panel.diagram()->width(), 300);
    EXPECT_LE(panel.diagram()->mapTo(&panel, QPoint(panel.diagram()->width(), 0)).x(), 300);
  }
  QApplication::setFont(normal);
}
