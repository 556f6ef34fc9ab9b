// The dashboard's live charts: updates append to the charts shown (nothing is rebuilt), the time axis keeps a
// handful of ticks, a bucket that measured nothing is a gap, long runs are drawn downsampled, and live snapshots
// share their rows with one another instead of copying them.
#include "app/live_chart.h"

#include <cmath>
#include <limits>

#include <QLabel>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QLegend>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QAction>
#include <gtest/gtest.h>

#include "app/chart_panel.h"
#include "app/charts_view.h"
#include "app/editable_scenario.h"
#include "app/run_session.h"
#include "app/zoom_state.h"
#include "charts/qt_chart.h"
#include "model/series_columns.h"
#include "support.h"

namespace {

namespace series = chaossim::series;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::shared_ptr<const chaossim::Scenario> smallScenario(const std::string& variant, const std::string& duration) {
  EditableScenario doc;
  doc.loadText(gui_testing::kSmallScenario);
  return std::make_shared<const chaossim::Scenario>(
      *doc.build(variant, {{"duration", duration}, {"warmup", "10s"}}).scenario);
}

// A snapshot of made-up latency rows: time, then p50 and p99 in seconds (NaN: nothing measured).
chaossim::Snapshot latencySnapshot(const std::string& variant, const std::vector<double>& p99) {
  chaossim::Snapshot snap;
  snap.variant = variant;
  snap.columns = {series::name(series::kTime), series::name(series::kLatencyP50), series::name(series::kLatencyP99)};
  std::vector<double> rows;
  for (std::size_t i = 0; i < p99.size(); ++i) rows.insert(rows.end(), {static_cast<double>(i), p99[i] / 2, p99[i]});
  snap.series = chaossim::SeriesRows::from(rows, snap.columns.size());
  snap.buckets_done = snap.total_buckets = p99.size();
  return snap;
}

struct LatencyChart {
  chaossim::ChartSpec spec;
  std::unique_ptr<QChart> chart;
  std::unique_ptr<LiveChart> live;
};

LatencyChart latencyChart(const std::vector<std::string>& variants, std::size_t totalBuckets) {
  LatencyChart out;
  const chaossim::Snapshot columns = latencySnapshot("x", {});
  out.spec = chaossim::standard_charts(columns.columns).front();
  std::vector<chaossim::ChartData> named(variants.size());
  for (std::size_t v = 0; v < variants.size(); ++v) named[v].variant = variants[v];
  out.chart.reset(chaossim::build_chart(out.spec, named, {}));
  out.live = std::make_unique<LiveChart>(out.chart.get(), out.spec, variants, totalBuckets);
  return out;
}

class ChartsViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario = smallScenario("baseline", "300s");
    run = std::make_unique<chaossim::LiveRun>(scenario, 7, "baseline");
    session.begin({{"baseline", scenario, 7}});
  }
  // Simulates `buckets` more and hands the snapshot to the view, as the window does; then lets the view make the
  // charts it makes one per event-loop turn.
  void advance(std::size_t buckets) {
    session.setData(run->advance(buckets));
    session.flush();
    view.setData(session);
    EXPECT_TRUE(gui_testing::waitFor([&] { return !view.building(); }, 5000));
  }

  std::shared_ptr<const chaossim::Scenario> scenario;
  std::unique_ptr<chaossim::LiveRun> run;
  RunSession session;
  ChartsView view;
};

TEST_F(ChartsViewTest, updates_append_to_the_charts_shown_instead_of_rebuilding_them) {
  advance(5);
  const QList<ChartPanel*> panels = view.panels();
  ASSERT_FALSE(panels.isEmpty());
  QList<QChart*> charts;
  QList<QList<QAbstractSeries*>> series;
  for (ChartPanel* panel : panels) {
    charts << panel->chart();
    series << panel->chart()->series();
  }
  const int before = static_cast<int>(panels.front()->live()->lines().front().line()->count());
  EXPECT_EQ(before, 5);
  advance(40);
  ASSERT_EQ(view.panels(), panels);
  for (qsizetype i = 0; i < panels.size(); ++i) {
    EXPECT_EQ(panels[i]->chart(), charts[i]) << panels[i]->spec().id;
    // The same series objects, in the same order (segments after gaps may follow them).
    EXPECT_EQ(panels[i]->chart()->series().mid(0, series[i].size()), series[i]) << panels[i]->spec().id;
  }
  EXPECT_EQ(panels.front()->live()->lines().front().line()->count(), 45);
}

TEST_F(ChartsViewTest, a_new_run_shows_its_first_chart_at_once_and_makes_the_others_one_per_turn) {
  // Making every chart in one go held the window for half a second at the start of a run.
  session.setData(run->advance(5));
  session.flush();
  view.setData(session);
  ASSERT_EQ(view.panels().size(), 1);
  EXPECT_TRUE(view.building());
  EXPECT_EQ(view.panels().front()->live()->lines().front().line()->count(), 5);  // its first points, at once
  ASSERT_TRUE(gui_testing::waitFor([&] { return !view.building(); }, 5000));
  const QList<ChartPanel*> panels = view.panels();
  ASSERT_GE(panels.size(), 5);
  // Charts made later get the data that came before them, and updates while they are made reach them too.
  for (ChartPanel* panel : panels)
    EXPECT_EQ(panel->live()->lines().front().line()->count(), 5) << panel->spec().id;
  advance(3);
  EXPECT_EQ(view.panels(), panels);  // no new charts for the same run
  for (ChartPanel* panel : panels)
    EXPECT_EQ(panel->live()->lines().front().line()->count(), 8) << panel->spec().id;
}

TEST_F(ChartsViewTest, a_run_that_ends_before_its_charts_are_made_shows_them_all_at_its_end) {
  session.setData(run->advance(5));
  session.flush();
  view.setData(session);
  ASSERT_TRUE(view.building());
  while (!run->finished()) run->advance(1000);
  session.setData(run->snapshot());
  session.flush();
  view.setData(session);
  EXPECT_FALSE(view.building());
  EXPECT_GE(view.panels().size(), 5);
  EXPECT_FALSE(view.quietNote()->isHidden());  // the end of the run was shown: the breaker chart collapsed
}

TEST_F(ChartsViewTest, the_time_axis_spans_the_run_with_a_handful_of_ticks) {
  advance(1);
  for (ChartPanel* panel : view.panels()) {
    auto* x = qobject_cast<QValueAxis*>(panel->chart()->axes(Qt::Horizontal).front());
    ASSERT_NE(x, nullptr);
    EXPECT_DOUBLE_EQ(x->max(), 300);
    // Thousands of ticks (a range set before its interval) froze the window: a handful is what is drawn. A time
    // axis is a category axis whose labels are its ticks.
    auto* time = qobject_cast<QCategoryAxis*>(x);
    ASSERT_NE(time, nullptr) << panel->spec().id;
    EXPECT_LE(time->count(), 12) << panel->spec().id;
  }
  view.zoom()->zoomTo(20, 40);
  for (ChartPanel* panel : view.panels()) {
    auto* x = qobject_cast<QCategoryAxis*>(panel->chart()->axes(Qt::Horizontal).front());
    EXPECT_LE(x->count(), 12) << panel->spec().id;
    EXPECT_TRUE(x->categoriesLabels().contains(QStringLiteral("30"))) << panel->spec().id;
  }
}

TEST_F(ChartsViewTest, the_charts_mark_the_warm_up_the_cards_leave_out) {
  advance(3);
  for (ChartPanel* panel : view.panels()) {
    QAreaSeries* band = nullptr;
    for (QAbstractSeries* s : panel->chart()->series())
      if (s->name() == QStringLiteral("warm-up")) band = qobject_cast<QAreaSeries*>(s);
    ASSERT_NE(band, nullptr) << panel->spec().id;
    ASSERT_EQ(band->upperSeries()->count(), 4) << panel->spec().id;
    EXPECT_DOUBLE_EQ(band->upperSeries()->at(2).x(), 10.0);  // from 0 to the end of the 10 s warm-up
  }
}

TEST_F(ChartsViewTest, each_chart_has_a_legend_under_it_that_wraps_instead_of_eliding) {
  advance(3);
  for (ChartPanel* panel : view.panels()) {
    EXPECT_FALSE(panel->chart()->legend()->isVisible());  // Qt's would take a row and elide what does not fit
    auto* legend = view.findChild<QLabel*>(QStringLiteral("legend-") + QString::fromStdString(panel->spec().id));
    ASSERT_NE(legend, nullptr) << panel->spec().id;
    EXPECT_TRUE(legend->wordWrap());
    EXPECT_TRUE(legend->text().contains(QStringLiteral("warm-up"))) << legend->text().toStdString();
    EXPECT_TRUE(legend->text().contains(QStringLiteral("━━━"))) << legend->text().toStdString();
  }
}

TEST_F(ChartsViewTest, a_chart_at_zero_throughout_a_finished_run_is_a_line_of_text) {
  advance(100);
  // Live, a quiet chart (no breaker: none ever open) is drawn: it may wake up.
  EXPECT_EQ(view.shownPanels(), view.panels());
  EXPECT_TRUE(view.quietNote()->isHidden());
  advance(1000);
  ASSERT_TRUE(session.finished());
  QStringList quiet;
  for (ChartPanel* panel : view.panels())
    if (!view.shownPanels().contains(panel)) quiet << QString::fromStdString(panel->spec().id);
  EXPECT_TRUE(quiet.contains(QStringLiteral("breaker"))) << quiet.join(QLatin1Char(' ')).toStdString();
  EXPECT_FALSE(quiet.contains(QStringLiteral("requests")));
  EXPECT_FALSE(view.quietNote()->isHidden());
  EXPECT_TRUE(view.quietNote()->text().startsWith(QStringLiteral("Zero throughout the run (not drawn): ")))
      << view.quietNote()->text().toStdString();
}

TEST_F(ChartsViewTest, the_plot_areas_of_all_charts_start_and_end_at_the_same_x) {
  view.resize(1000, 1400);
  view.show();
  advance(300);  // y labels of different widths: "4" for a queue, "100" for a share, "0.05" for a rate
  // Within its chart (each chart fills its panel, and the panels of a column are one above the other), every plot
  // starts and ends the same distance from the chart's edges.
  const auto spread = [&](bool left) {
    double low = 1e9, high = -1e9;
    for (ChartPanel* panel : view.shownPanels()) {
      const QRectF plot = panel->chart()->plotArea();
      const double edge = left ? plot.left() : panel->chart()->size().width() - plot.right();
      low = std::min(low, edge);
      high = std::max(high, edge);
    }
    return high - low;
  };
  EXPECT_TRUE(gui_testing::waitFor([&] { return spread(true) <= 1 && spread(false) <= 1; }, 3000))
      << spread(true) << " " << spread(false);
}

TEST_F(ChartsViewTest, the_latency_log_scale_is_kept_for_the_next_runs) {
  advance(20);
  view.logLatencyAction()->setChecked(true);
  const auto latencyIsLog = [&] {
    for (ChartPanel* panel : view.panels())
      if (panel->spec().id == "latency") return panel->live()->logScale();
    return false;
  };
  EXPECT_TRUE(latencyIsLog());
  // A new run makes new charts: the choice holds for them.
  session.begin({{"baseline", scenario, 8}});
  run = std::make_unique<chaossim::LiveRun>(scenario, 8, "baseline");
  view.clear();
  advance(5);
  EXPECT_TRUE(latencyIsLog());
  view.logLatencyAction()->setChecked(false);
  EXPECT_FALSE(latencyIsLog());
}

TEST(live_chart, a_bucket_that_measured_nothing_is_a_gap_and_hovering_it_says_so) {
  LatencyChart c = latencyChart({"baseline"}, 6);
  const chaossim::Snapshot snap = latencySnapshot("baseline", {0.1, 0.2, kNaN, kNaN, 0.3, 0.1});
  c.live->update({&snap}, {1.0}, {});
  const LiveLine& p99 = c.live->lines().back();
  ASSERT_EQ(p99.runs().size(), 2u);  // before and after the gap, not a line through it or a drop to zero
  EXPECT_EQ(p99.runs()[0]->count(), 2);
  EXPECT_EQ(p99.runs()[1]->count(), 2);
  for (QLineSeries* run : p99.runs())
    for (const QPointF& p : run->points()) EXPECT_GT(p.y(), 0);
  double at = -1;
  const QStringList rows = c.live->hoverRows(2.1, &at);
  EXPECT_DOUBLE_EQ(at, 2);
  EXPECT_TRUE(rows.contains(QStringLiteral("p99: –"))) << rows.join('|').toStdString();
  EXPECT_TRUE(c.live->hoverRows(4, &at).contains(QStringLiteral("p99: 300")));
}

TEST(live_chart, a_gap_that_arrives_in_a_later_update_also_breaks_the_line) {
  LatencyChart c = latencyChart({"baseline"}, 6);
  const chaossim::Snapshot first = latencySnapshot("baseline", {0.1, 0.2, kNaN});
  c.live->update({&first}, {1.0}, {});
  const chaossim::Snapshot second = latencySnapshot("baseline", {0.1, 0.2, kNaN, 0.3, 0.4});
  c.live->update({&second}, {1.0}, {});
  const LiveLine& p99 = c.live->lines().back();
  ASSERT_EQ(p99.runs().size(), 2u);
  EXPECT_EQ(p99.runs()[1]->points(), (QList<QPointF>{{3, 300}, {4, 400}}));
}

TEST(live_chart, a_long_run_is_drawn_with_a_bounded_number_of_points_keeping_its_spikes) {
  const std::size_t buckets = 20000;
  std::vector<double> p99(buckets, 0.05);
  p99[12345] = 2.0;  // one spike
  LatencyChart c = latencyChart({"baseline"}, buckets);
  // Fed in pieces, as a live run is.
  for (std::size_t done = 1000; done <= buckets; done += 1000) {
    const chaossim::Snapshot snap = latencySnapshot("baseline", std::vector<double>(p99.begin(), p99.begin() + done));
    c.live->update({&snap}, {1.0}, {});
  }
  const LiveLine& line = c.live->lines().back();
  EXPECT_EQ(line.values().size(), buckets);  // every bucket is kept for hovering
  EXPECT_LE(line.line()->count(), 2 * static_cast<qsizetype>(LiveChart::kMaxGroups) + 2);
  double top = 0;
  for (const QPointF& p : line.line()->points()) top = std::max(top, p.y());
  EXPECT_DOUBLE_EQ(top, 2000);  // the spike survives downsampling
  const auto* y = qobject_cast<QValueAxis*>(c.chart->axes(Qt::Vertical).front());
  EXPECT_GE(y->max(), 2000);
}

TEST(live_chart, zoomed_into_a_long_run_every_bucket_of_the_range_is_drawn) {
  const std::size_t buckets = 20000;
  std::vector<double> p99(buckets);
  for (std::size_t i = 0; i < buckets; ++i) p99[i] = 0.05 + 0.001 * static_cast<double>(i % 7);  // never flat
  LatencyChart c = latencyChart({"baseline"}, buckets);
  const chaossim::Snapshot half = latencySnapshot("baseline", std::vector<double>(p99.begin(), p99.begin() + 10000));
  c.live->update({&half}, {1.0}, {});
  const LiveLine& line = c.live->lines().back();
  ASSERT_GT(line.groupSize(), 1u);  // the whole run is drawn downsampled
  // Zoomed into 500 buckets: each bucket of the range (and one beyond each edge) is a point, nothing else is.
  c.live->showRange(std::pair(3000.0, 3499.0));
  EXPECT_EQ(line.line()->count(), 502);
  EXPECT_DOUBLE_EQ(line.line()->points().front().x(), 2999);
  EXPECT_DOUBLE_EQ(line.line()->points().back().x(), 3500);
  EXPECT_DOUBLE_EQ(line.line()->points()[3].y(), p99[3002] * 1000);
  // A range the data has not reached fills in as the run goes, still bucket by bucket.
  c.live->showRange(std::pair(9800.0, 10199.0));
  EXPECT_EQ(line.line()->count(), 201);
  const chaossim::Snapshot more = latencySnapshot("baseline", std::vector<double>(p99.begin(), p99.begin() + 12000));
  c.live->update({&more}, {1.0}, {});
  EXPECT_EQ(line.line()->count(), 402);
  // Zoomed out: the whole run downsampled again.
  c.live->showRange(std::nullopt);
  EXPECT_LE(line.line()->count(), 2 * static_cast<qsizetype>(LiveChart::kMaxGroups) + 2);
  EXPECT_GE(line.line()->points().back().x(), 11980);  // in the last group of the whole run's drawing
}

TEST(live_chart, latency_on_a_log_scale_and_back) {
  LatencyChart c = latencyChart({"baseline"}, 6);
  const chaossim::Snapshot snap = latencySnapshot("baseline", {0.004, kNaN, 0.02, 3.0, 0.01, 0.005});
  c.live->update({&snap}, {1.0}, {{2.0, 4.0, "pause · api"}});
  c.live->setLogScale(true);
  const QList<QAbstractAxis*> ys = c.chart->axes(Qt::Vertical);
  ASSERT_EQ(ys.size(), 2);
  auto* log = qobject_cast<QLogValueAxis*>(ys.back());
  ASSERT_NE(log, nullptr);
  // From the power of ten under the smallest value (2 ms, the p50 of 4 ms) to the one over the largest (3 s).
  EXPECT_DOUBLE_EQ(log->min(), 1);
  EXPECT_DOUBLE_EQ(log->max(), 10000);
  // Every run of every line (the gap made a second one) is on the log axis; the fault band stays on the linear
  // axis, hidden, whose top it reaches.
  for (const LiveLine& line : c.live->lines())
    for (QLineSeries* run : line.runs()) {
      EXPECT_TRUE(run->attachedAxes().contains(log));
      EXPECT_FALSE(run->attachedAxes().contains(ys.front()));
    }
  EXPECT_FALSE(ys.front()->isVisible());
  c.live->setLogScale(false);
  ASSERT_EQ(c.chart->axes(Qt::Vertical).size(), 1);
  EXPECT_TRUE(c.chart->axes(Qt::Vertical).front()->isVisible());
  for (const LiveLine& line : c.live->lines())
    for (QLineSeries* run : line.runs()) EXPECT_TRUE(run->attachedAxes().contains(c.chart->axes(Qt::Vertical).front()));
}

TEST(live_chart, a_bucket_revised_by_the_engine_is_redrawn) {
  LatencyChart c = latencyChart({"baseline"}, 5);
  const chaossim::Snapshot first = latencySnapshot("baseline", {0.1, 0.1, 0.1, 0.1});
  c.live->update({&first}, {1.0}, {});
  // A breaker that closes adds its open time to buckets already shown: the later snapshot differs in row 1.
  const chaossim::Snapshot second = latencySnapshot("baseline", {0.1, 0.5, 0.1, 0.1, 0.1});
  c.live->update({&second}, {1.0}, {});
  const LiveLine& p99 = c.live->lines().back();
  ASSERT_EQ(p99.line()->count(), 5);
  EXPECT_DOUBLE_EQ(p99.line()->at(1).y(), 500);
}

TEST(live_chart, a_line_identical_to_an_earlier_variant_is_named_as_a_copy_and_stays_visible) {
  LatencyChart c = latencyChart({"baseline", "same"}, 3);
  const chaossim::Snapshot a = latencySnapshot("baseline", {0.1, 0.2, 0.3});
  const chaossim::Snapshot b = latencySnapshot("same", {0.1, 0.2, 0.3});
  c.live->update({&a, &b}, {1.0, 1.0}, {});
  c.live->finish();
  const LiveLine& copy = c.live->lines()[1];  // p50 of "same"
  EXPECT_TRUE(copy.line()->name().endsWith(QStringLiteral("(same as baseline)"))) << copy.line()->name().toStdString();
  EXPECT_TRUE(copy.line()->isVisible());
  // Drawn thinner than the line it covers, so that one shows around it.
  EXPECT_LT(copy.line()->pen().widthF(), c.live->lines()[0].line()->pen().widthF());
}

TEST(live_run, snapshots_share_the_rows_they_have_in_common) {
  chaossim::LiveRun run(smallScenario("baseline", "300s"), 7, "baseline");
  const auto a = run.advance(100);
  const auto b = run.advance(30);
  ASSERT_EQ(b->series.rows(), 130u);
  // The full chunks of the earlier snapshot are the same memory in the later one: nothing was copied for them.
  EXPECT_EQ(a->series.row(0), b->series.row(0));
  EXPECT_EQ(a->series.row(63), b->series.row(63));
  EXPECT_EQ(b->series.first_difference(a->series), 100u);
  // The rows are those of the whole run.
  const std::vector<double> flat = b->series.flattened();
  EXPECT_EQ(flat.size(), 130u * b->columns.size());
  EXPECT_EQ(flat[129 * b->columns.size()], b->series.at(129, 0));
}

}  // namespace
