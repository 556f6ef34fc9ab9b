// reports/charts/qt_chart.h: charts drawn with Qt Charts, offscreen.
#include "charts/qt_chart.h"

#include <gtest/gtest.h>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <limits>
#include <memory>

#include "model/series_columns.h"

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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ChartData variant(const std::string& name, double scale) {
  ChartData d;
  d.variant = name;
  d.columns = {series::name(series::kTime), series::name(series::kOpsStarted), series::name(series::kAttempts),
               series::name(series::kOpsSucceeded)};
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
  d.columns = {series::name(series::kTime), series::name(series::kLatencyP50), series::name(series::kLatencyP99)};
  d.rows = {0, 0.1, 0.2, 1, kNaN, kNaN, 2, 0.1, 0.3, 3, 0.1, 0.2};
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

TEST_F(QtChart, the_legend_is_under_the_plot_even_with_long_names) {
  ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("a-rather-long-variant-name-one", 1),
                                                   variant("a-rather-long-variant-name-two", 1)}, {{8, 12}}));
  EXPECT_EQ(chart->legend()->alignment(), Qt::AlignBottom);
}

TEST_F(QtChart, three_variants_or_more_name_each_variant_and_each_series_once_in_the_legend) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  ASSERT_EQ(spec.series.size(), 3u);
  std::unique_ptr<QChart> chart(
      build_chart(spec, {variant("a", 1), variant("b", 0.8), variant("c", 0.6), variant("d", 0.4)}, {}));
  // 4 variants + 3 series, rather than 12 "variant · series" entries that do not fit in a row.
  const QByteArray svg = render_svg(chart.get(), QSize(1600, 400));
  EXPECT_EQ(svg.count(">d</text>"), 1);
  EXPECT_EQ(svg.count((">" + spec.series[1].label + "</text>").c_str()), 1);
  EXPECT_FALSE(svg.contains("d · ")) << "one legend entry per line";
  EXPECT_EQ(lines_of(chart.get()).size(), 12u + 7u);  // the lines, and the legend's samples (without points)
}

TEST_F(QtChart, dashed_lines_have_legend_markers_unlike_solid_ones) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("a", 1), variant("b", 1)}, {}));
  QList<QPen> pens;
  for (QLegendMarker* m : chart->legend()->markers())
    if (qobject_cast<QLineSeries*>(m->series())) pens << m->pen();
  ASSERT_EQ(pens.size(), 6);
  // Series 0 is solid; series 1 (dashed) gets a pattern short enough to show within a marker's few pixels.
  EXPECT_EQ(pens[0].style(), Qt::SolidLine);
  ASSERT_EQ(pens[2].style(), Qt::CustomDashLine);
  double period = 0;
  for (const double d : pens[2].dashPattern()) period += d * pens[2].widthF();
  EXPECT_LE(period, 10.0);
}

TEST_F(QtChart, fault_bands_stand_out_from_a_white_background) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {{8, 12}}));
  auto* band = qobject_cast<QAreaSeries*>(chart->series().front());
  ASSERT_NE(band, nullptr);
  // The band's colour over white: far enough from white to see on a projector (the old grey gave #EDEDED).
  const QColor c = band->brush().color();
  const double a = c.alphaF();
  const auto over_white = [&](int channel) { return channel * a + 255 * (1 - a); };
  const double darkest = std::min({over_white(c.red()), over_white(c.green()), over_white(c.blue())});
  EXPECT_LT(darkest, 200);
}

TEST_F(QtChart, a_time_axis_keeps_a_handful_of_ticks_whatever_the_range_was_before) {
  QValueAxis axis;
  set_time_axis_range(&axis, 0, 1);
  set_time_axis_range(&axis, 0, 3600);
  EXPECT_EQ(axis.tickType(), QValueAxis::TicksDynamic);
  EXPECT_LE(3600 / axis.tickInterval(), 10);
  set_time_axis_range(&axis, 20, 40);
  EXPECT_DOUBLE_EQ(axis.min(), 20);
  EXPECT_LE(20 / axis.tickInterval(), 10);
}

}  // namespace
}  // namespace chaossim
