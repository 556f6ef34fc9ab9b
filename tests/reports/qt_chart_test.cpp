// reports/charts/qt_chart.h: charts drawn with Qt Charts, offscreen.
#include "charts/qt_chart.h"

#include <gtest/gtest.h>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QImage>
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
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1), variant("fixed", 0.5)}, {{8, 12, ""}}));
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
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {{8, 12, ""}}));
  auto* band = qobject_cast<QAreaSeries*>(chart->series().front());
  ASSERT_NE(band, nullptr);
  const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
  ASSERT_EQ(band->upperSeries()->count(), 4);
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(1).x(), 8.0);
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(1).y(), y->max());
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(2).x(), 12.0);
  EXPECT_GE(y->max(), 30.0);
}

std::vector<QAreaSeries*> bands_of(QChart* chart) {
  std::vector<QAreaSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == "chaossim:fault-band") out.push_back(static_cast<QAreaSeries*>(s));
  return out;
}

TEST_F(QtChart, each_fault_has_a_band_of_its_own_colour_named_in_the_legend) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  // Two faults back to back: two bands, not one merged grey band; a fault repeated later shares its colour.
  const FaultBands bands = {{4, 8, "error 5 % · <payments>"}, {8, 12, "slowdown ×10 · db"}, {14, 16, "error 5 % · <payments>"}};
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, bands));
  const auto made = bands_of(chart.get());
  ASSERT_EQ(made.size(), 2u);
  EXPECT_EQ(made[0]->name().toStdString(), "error 5 % · &lt;payments&gt;");  // escaped: Qt reads names as rich text
  EXPECT_EQ(made[1]->name().toStdString(), "slowdown ×10 · db");
  EXPECT_NE(made[0]->brush().color().rgb(), made[1]->brush().color().rgb());
  EXPECT_EQ(made[0]->upperSeries()->count(), 8);  // two windows, four corners each
  EXPECT_DOUBLE_EQ(made[1]->upperSeries()->at(0).x(), 8.0);
  const auto legend = legend_series(chart.get());
  ASSERT_GE(legend.size(), 2u);
  EXPECT_EQ(legend[0], made[0]);
}

TEST_F(QtChart, faults_beyond_six_labels_share_one_other_faults_band) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  FaultBands bands;
  for (int i = 0; i < 9; ++i) bands.push_back({i * 2.0, i * 2.0 + 1, "fault " + std::to_string(i)});
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, bands));
  const auto made = bands_of(chart.get());
  ASSERT_EQ(made.size(), 7u);
  EXPECT_EQ(made.back()->name().toStdString(), "other faults");
  EXPECT_EQ(made.back()->upperSeries()->count(), 12);  // faults 6, 7 and 8
}

TEST_F(QtChart, long_time_axes_read_in_hours_and_minutes) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {}));
  auto* x = qobject_cast<QCategoryAxis*>(chart->axes(Qt::Horizontal).front());
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->titleText().toStdString(), "time (s)");
  EXPECT_TRUE(x->categoriesLabels().contains("10"));
  set_time_axis_range(x, 0, 3 * 3600);
  EXPECT_EQ(x->titleText().toStdString(), "time (h:mm)");
  EXPECT_TRUE(x->categoriesLabels().contains("1:30"));
  EXPECT_LE(x->categoriesLabels().size(), 8);
  set_time_axis_range(x, 100, 400);  // zoomed in: seconds again
  EXPECT_EQ(x->titleText().toStdString(), "time (s)");
  EXPECT_TRUE(x->categoriesLabels().contains("200"));
}

TEST_F(QtChart, a_logarithmic_latency_axis_covers_whole_decades_and_bands_stay_on_it) {
  ChartData d;
  d.variant = "baseline";
  d.columns = {series::name(series::kTime), series::name(series::kLatencyP50), series::name(series::kLatencyP99)};
  d.rows = {0, 0.02, 0.05, 1, 0.02, 3.0, 2, 0.03, 0.04};
  ChartSpec spec = standard_charts(d.columns).front();
  spec.log_y = true;
  std::unique_ptr<QChart> chart(build_chart(spec, {d}, {{1, 2, "hang · api"}}));
  auto* y = qobject_cast<QLogValueAxis*>(chart->axes(Qt::Vertical).front());
  ASSERT_NE(y, nullptr);
  EXPECT_DOUBLE_EQ(y->min(), 10);     // 20 ms
  EXPECT_DOUBLE_EQ(y->max(), 10000);  // 3 s
  const auto band = bands_of(chart.get()).front();
  EXPECT_DOUBLE_EQ(band->upperSeries()->at(0).y(), 10);  // from the axis's floor, not from 0
  EXPECT_DOUBLE_EQ(band->lowerSeries()->at(0).y(), 10);
}

TEST_F(QtChart, thresholds_are_dashed_lines_and_failing_points_are_ringed) {
  ChartSpec spec;
  spec.id = "sweep-duplicates";
  spec.x_column = "x";
  spec.series = {{"duplicates", "duplicates"}};
  spec.integer_x = true;
  spec.references = {{"expected <= 50", 50}};
  spec.marks = {{3, 80}};
  spec.marks_label = "fails an expectation";
  ChartData d;
  d.variant = "duplicates";
  d.columns = {"x", "duplicates"};
  d.rows = {1, 10, 2, 20, 3, 80};
  std::unique_ptr<QChart> chart(build_chart(spec, {d}, {}));
  QLineSeries* reference = nullptr;
  QScatterSeries* marks = nullptr;
  for (QAbstractSeries* s : chart->series()) {
    if (s->objectName() == "chaossim:reference") reference = static_cast<QLineSeries*>(s);
    if (s->objectName() == "chaossim:marks") marks = static_cast<QScatterSeries*>(s);
  }
  ASSERT_NE(reference, nullptr);
  ASSERT_NE(marks, nullptr);
  EXPECT_EQ(reference->pen().style(), Qt::DashLine);
  EXPECT_DOUBLE_EQ(reference->at(0).y(), 50);
  EXPECT_DOUBLE_EQ(reference->at(0).x(), 1);
  EXPECT_DOUBLE_EQ(reference->at(1).x(), 3);
  EXPECT_EQ(marks->count(), 1);
  EXPECT_EQ(chart_lines(chart.get()).size(), 1u);  // neither is a data line
  auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front());
  EXPECT_GE(x->tickInterval(), 1.0);  // whole numbers only
  EXPECT_EQ(x->labelFormat().toStdString(), "%.0f");
}

TEST_F(QtChart, charts_drawn_with_the_same_plot_margins_line_up) {
  // Different y labels (2-digit and 6-digit) would put the plot areas at different x without fixed margins.
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::unique_ptr<QChart> small(build_chart(spec, {variant("baseline", 1)}, {}));
  std::unique_ptr<QChart> large(build_chart(spec, {variant("baseline", 10000)}, {}));
  // Where the drawing shows the plot's left edge: the first column, from the left, of the plot's background in the
  // middle row (the y axis's labels and title are left of it).
  const auto plot_left = [](QChart* chart) {
    chart->setPlotAreaBackgroundVisible(true);
    chart->setPlotAreaBackgroundBrush(QColor(255, 0, 0));
    const QImage image = render_png(chart, QSize(800, 300), 1.0, PlotMargins{88, 28});
    for (int x = 0; x < image.width(); ++x)
      if (image.pixelColor(x, 150) == QColor(255, 0, 0)) return x;
    return -1;
  };
  EXPECT_NEAR(plot_left(small.get()), 88, 1);
  EXPECT_NEAR(plot_left(large.get()), 88, 1);
}

TEST_F(QtChart, a_legend_below_wraps_into_rows_instead_of_eliding_names) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  std::vector<ChartData> variants;
  for (const char* name : {"baseline-with-a-long-name", "circuit-breaker-with-a-long-name", "breaker-and-fallback"})
    variants.push_back(variant(name, 1));
  std::unique_ptr<QChart> chart(build_chart(spec, variants, {{8, 12, "slowdown ×50 · <recommendations>"}}));
  const QByteArray svg = render_svg(chart.get(), QSize(600, 300), {}, true);
  // Every name whole (Qt's own one-row legend cut them to "baseline-wi…"), the hostile one escaped by the SVG writer.
  for (const char* name : {"baseline-with-a-long-name", "circuit-breaker-with-a-long-name", "breaker-and-fallback",
                           "operations succeeded", "slowdown ×50 · &lt;recommendations&gt;"})
    EXPECT_TRUE(svg.contains(name)) << name;
  EXPECT_FALSE(svg.contains("…"));
  // The document grew by the rows the legend needs; Qt's legend is back for other uses of the chart.
  EXPECT_TRUE(svg.contains("viewBox=\"0 0 600 3")) << svg.left(400).toStdString();
  EXPECT_FALSE(svg.contains("viewBox=\"0 0 600 300\""));
  EXPECT_TRUE(chart->legend()->isVisible());
}

TEST_F(QtChart, update_replaces_points_in_place) {
  const ChartSpec spec = standard_charts(variant("a", 1).columns).front();
  ChartData partial = variant("baseline", 1);
  partial.rows.resize(3 * partial.columns.size());
  std::unique_ptr<QChart> chart(build_chart(spec, {partial}, {}));
  EXPECT_EQ(lines_of(chart.get())[0]->count(), 3);
  EXPECT_TRUE(update_chart(chart.get(), spec, {variant("baseline", 1)}, {{8, 12, ""}}));
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
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {{8, 12, ""}}, ChartStyle::workshop()));
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
                                                   variant("a-rather-long-variant-name-two", 1)}, {{8, 12, ""}}));
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
  std::unique_ptr<QChart> chart(build_chart(spec, {variant("baseline", 1)}, {{8, 12, ""}}));
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
