#include "app/zoom_state.h"

#include <QSignalSpy>
#include <gtest/gtest.h>

TEST(zoom_state, zooms_stack_and_pans_replace_the_top) {
  ZoomState zoom;
  QSignalSpy changed(&zoom, &ZoomState::changed);
  EXPECT_FALSE(zoom.isZoomed());
  zoom.zoomTo(100, 200);
  zoom.zoomTo(120, 140);
  EXPECT_EQ(changed.count(), 2);
  zoom.panTo(130, 150);
  EXPECT_DOUBLE_EQ(zoom.from(), 130);
  zoom.zoomOut();
  EXPECT_DOUBLE_EQ(zoom.from(), 100);
  EXPECT_DOUBLE_EQ(zoom.to(), 200);
  zoom.reset();
  EXPECT_FALSE(zoom.isZoomed());
  EXPECT_EQ(changed.count(), 5);
}

TEST(zoom_state, ignores_empty_ranges_and_pans_without_a_zoom) {
  ZoomState zoom;
  QSignalSpy changed(&zoom, &ZoomState::changed);
  zoom.zoomTo(5, 5);
  zoom.panTo(1, 2);
  zoom.zoomOut();
  zoom.reset();
  EXPECT_EQ(changed.count(), 0);
}
