// reports/charts/qt_chart.h: charts drawn with Qt Charts, offscreen.
#include "charts/qt_chart.h"

#include <gtest/gtest.h>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <memory>

#include "reports/qt_test_setup.h"

namespace chaossim {
namespace {

class QtChart : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    use_offscreen_qt_for_tests();
    s_app = std::make_unique<OffscreenQtApp>();
  }
  static void TearDownTestSuite() { s_app.reset(); }
  static inline std::unique_ptr<OffscreenQtApp> s_app;
};

ChartData variant(const std::string& name, double scale) {
  ChartData d;
  d.variant = name;
  d.columns = {"time_s", "ops_started", "attempts", "ops_succeeded"};
  for (int i = 0; i < 10; ++i) {
    const double t = i * 2.0;
    d.rows.insert(d.rows.end(), {t, 20 * scale, (i >= 4 && i < 6 ? 60 : 20) * scale, 18 * scale});
  }
  d.bucket_seconds = 2;
  return d;
}

std::vector<QLineSeries*> lines_of(QChart* chart) {
  std::vector<QLineSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (auto* line = qobject_cast<QLineSeries*>(s)) out.push_back(line);
  return out;
}

TEST_F(QtChart, overlays_variants_one_colour_each) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1), variant("fixed", 0.5)}, {{8, 12}}));
  const auto lines = lines_of(chart.get());
  ASSERT_EQ(lines.size(), 6u);  // 3 series x 2 variants
  EXPECT_EQ(lines[0]->name().toStdString(), "baseline · operations offered");
  EXPECT_NE(lines[0]->pen().color(), lines[1]->pen().color());  // variants differ by colour
  EXPECT_EQ(lines[0]->pen().color(), lines[2]->pen().color());  // a variant keeps its colour across series
  EXPECT_NE(lines[0]->pen().style(), lines[2]->pen().style());  // series differ by dash
  EXPECT_EQ(lines[2]->count(), 10);
  EXPECT_DOUBLE_EQ(lines[2]->at(4).y(), 30.0);  // 60 per 2 s bucket
}

TEST_F(QtChart, fault_windows_are_a_shaded_band_behind_the_lines) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {{8, 12}}));
  auto* band = qobject_cast<QAreaSeries*>(chart->series().front());
  ASSERT_NE(band, nullptr);
  const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
  ASSERT_EQ(band->upperSeries()->count(), 4);
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(1).x(), 8.0);
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(1).y(), y->max());
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(2).x(), 12.0);
  EXPECT_GE(y->max(), 30.0);
}

TEST_F(QtChart, update_replaces_points_in_place) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  ChartData partial = variant("baseline", 1);
  partial.rows.resize(3 * partial.columns.size());
  std::unique_ptr<QChart> chart(build_chart(spec, {partial}, {}));
  EXPECT_EQ(lines_of(chart.get())[0]->count(), 3);
  EXPECT_TRUE(update_chart(chart.get(), spec, {variant("baseline", 1)}, {{8, 12}}));
  EXPECT_EQ(lines_of(chart.get())[0]->count(), 10);
  EXPECT_FALSE(update_chart(chart.get(), spec, {variant("a", 1), variant("b", 1)}, {}));
}

TEST_F(QtChart, latency_lines_break_at_gaps_without_extra_legend_entries) {
  ChartData d;
  d.variant = "baseline";
  d.columns = {"time_s", "latency_p50_s", "latency_p99_s"};
  d.rows = {0, 0.1, 0.2, 1, 0, 0, 2, 0.1, 0.3, 3, 0.1, 0.2};
  const ChartSpec spec = standard_charts(d.columns).front();
  ASSERT_EQ(spec.id, "latency");
  std::unique_ptr<QChart> chart(build_chart(spec, {d}, {}));
  std::size_t segments = 0;
  for (QAbstractSeries* s : chart->series()) segments += s->objectName() == "chaossim:segment";
  EXPECT_EQ(segments, 2u);  // p50 and p99 each continue after the empty bucket
  // The legend names each line once.
  const QByteArray svg = render_svg(chart.get(), QSize(600, 300));
  EXPECT_EQ(svg.count(">p50</text>"), 1);
  EXPECT_EQ(svg.count(">p99</text>"), 1);
  d.rows.resize(6);                // a live view before the gap
  EXPECT_TRUE(update_chart(chart.get(), spec, {d}, {}));
  segments = 0;
  for (QAbstractSeries* s : chart->series()) segments += s->objectName() == "chaossim:segment";
  EXPECT_EQ(segments, 0u);
}

TEST_F(QtChart, renders_svg_and_png) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {{8, 12}}, ChartStyle::workshop()));
  const QByteArray svg = render_svg(chart.get(), QSize(800, 300));
  EXPECT_TRUE(svg.contains("<svg"));
  EXPECT_TRUE(svg.contains("Requests per second"));
  const QImage png = render_png(chart.get(), QSize(400, 200), 2.0);
  EXPECT_EQ(png.width(), 800);
  EXPECT_EQ(png.height(), 400);
  EXPECT_EQ(chart->scene(), nullptr);  // handed back after drawing
}

TEST_F(QtChart, legend_text_from_untrusted_names_is_escaped_in_svg) {
  ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  spec.title = "<script>alert(1)</script>";
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("<b>x</b>", 1), variant("y", 1)}, {}));
  const QByteArray svg = render_svg(chart.get(), QSize(600, 300));
  EXPECT_FALSE(svg.contains("<script"));
  EXPECT_FALSE(svg.contains("<b>"));
}

}  // namespace
}  // namespace chaossim
