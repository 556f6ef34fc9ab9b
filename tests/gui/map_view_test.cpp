// The Map tab: a map folder opens into heat maps (the boundary's sides, then each metric), names from map.json stay
// plain text, a folder without a usable map.json is refused with the reason, and File ▸ Open map brings the tab
// forward; --map DIR is accepted with --screenshot.

#include "app/map_view.h"

#include <gtest/gtest.h>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <cmath>

#include "app/command_line.h"
#include "app/main_window.h"

namespace {

chaossim::MapGrid hostileGrid() {
  chaossim::MapGrid g;
  g.rows = {"faults.slow.duration", {"<b>2s</b>", "10s"}};
  g.columns = {"clients.arrival.rate", {100, 150, 200}};
  g.boundary = "recovered == 1 <i>x</i>";
  g.metrics = {"recovery_seconds"};
  using C = chaossim::MapGrid::Cell;
  g.cells = {C::holds, C::inferred_holds, C::fails, C::holds, C::fails, C::inferred_fails};
  const double nan = std::nan("");
  g.values = {{1.5, nan, 40, 2.25, 40, nan}};
  return g;
}

QString writeMap(const QTemporaryDir& dir, const std::string& text) {
  QFile f(dir.filePath(QStringLiteral("map.json")));
  f.open(QIODevice::WriteOnly);
  f.write(text.data(), qint64(text.size()));
  return dir.path();
}

TEST(map_view, a_map_folder_opens_with_plain_text_names_and_one_choice_per_heat_map) {
  QTemporaryDir dir;
  MapView view;
  QString error;
  ASSERT_TRUE(view.openFolder(writeMap(dir, chaossim::map_json(hostileGrid())), &error)) << error.toStdString();
  auto* summary = view.findChild<QLabel*>();
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->textFormat(), Qt::PlainText);
  EXPECT_TRUE(summary->text().contains(QStringLiteral("<i>x</i>")));  // shown as written, not as markup
  EXPECT_TRUE(summary->text().contains(QStringLiteral("4 of 6 cells ran")));
  auto* choice = view.findChild<QComboBox*>(QStringLiteral("mapChoice"));
  ASSERT_TRUE(choice);
  ASSERT_EQ(choice->count(), 2);
  EXPECT_EQ(choice->itemText(1), QStringLiteral("recovery_seconds"));
  view.resize(900, 500);
  for (int i = 0; i < choice->count(); ++i) {
    choice->setCurrentIndex(i);
    const QImage picture = view.grab().toImage();
    EXPECT_FALSE(picture.isNull());
    // The boundary's map is drawn in its two colours: the run "holds" cell's blue is in the picture.
    if (i == 0) {
      bool blue = false;
      for (int y = 0; y < picture.height() && !blue; y += 2)
        for (int x = 0; x < picture.width() && !blue; x += 2)
          blue = picture.pixelColor(x, y) == QColor(QStringLiteral("#2166ac"));
      EXPECT_TRUE(blue);
    }
  }
}

TEST(map_view, a_folder_without_a_usable_map_is_refused_with_the_reason) {
  QTemporaryDir empty, broken;
  MapView view;
  QString error;
  EXPECT_FALSE(view.openFolder(empty.path(), &error));
  EXPECT_TRUE(error.contains(QStringLiteral("map.json")));
  EXPECT_FALSE(view.openFolder(writeMap(broken, "{\"rows\": 1}"), &error));
  EXPECT_TRUE(error.contains(QStringLiteral("rows and columns"))) << error.toStdString();
  EXPECT_FALSE(view.hasMap());
}

TEST(map_view, the_window_opens_a_map_in_its_map_tab_and_the_command_line_takes_map_with_a_screenshot) {
  QTemporaryDir dir;
  MainWindow window;
  window.setPromptsEnabled(false);
  ASSERT_TRUE(window.openMap(writeMap(dir, chaossim::map_json(hostileGrid()))));
  auto* views = window.findChild<QTabWidget*>(QStringLiteral("views"));
  ASSERT_TRUE(views);
  EXPECT_EQ(views->currentWidget(), window.mapView());
  const ParsedOptions p = parseGuiOptions({QStringLiteral("chaossim-gui"), QStringLiteral("--map"), dir.path(),
                                           QStringLiteral("--screenshot"), QStringLiteral("out.png")});
  ASSERT_TRUE(p.options) << p.error.toStdString();
  EXPECT_EQ(p.options->map, dir.path());
}

}  // namespace
