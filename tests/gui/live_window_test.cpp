// A live run in the dashboard (Run ▸ Run live against your services…): the example checkout service, started here
// once on a fixed port and calling payments at a fixed mock port, streams its buckets of real time into the charts
// one by one under a LIVE marker, and ends with what it measured; Stop ends it early keeping the measurements, and
// closing the window ends it at once. A few seconds of real time in all.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>

#include "app/chart_panel.h"
#include "app/charts_view.h"
#include "app/live_dialog.h"
#include "app/main_window.h"
#include "app/run_session.h"
#include "app/run_toolbar.h"
#include "app/summary_model.h"
#include "scenario/loader.h"
#include "support.h"
#include "support/example_service.h"

namespace {

using chaossim::testing::ExampleService;
using gui_testing::waitFor;

const QString kCheckout = QStringLiteral(CHAOSSIM_SOURCE_DIR "/examples/live/checkout.json");

// The most points any line of the requests chart has: the buckets the charts show.
qsizetype requestPoints(ChartsView* charts) {
  qsizetype most = 0;
  for (ChartPanel* panel : charts->panels())
    if (panel->spec().id == "requests")
      for (QAbstractSeries* s : panel->chart()->series())
        if (auto* line = qobject_cast<QLineSeries*>(s)) most = std::max<qsizetype>(most, line->count());
  return most;
}

struct LiveWindow {
  ExampleService service;
  MainWindow window;
  std::vector<SnapshotPtr> seen;

  explicit LiveWindow(const char* duration) {
    window.setPromptsEnabled(false);
    window.resize(1400, 900);
    window.show();
    EXPECT_TRUE(window.openFile(kCheckout));
    window.setExtraOverrides({{"duration", duration}, {"bucket", "500ms"}});
    QObject::connect(window.controller(), &RunController::snapshotReady,
                     [this](const SnapshotPtr& s) { seen.push_back(s); });
  }
  bool start(QString* error) {
    return window.runLive({{"checkout", service.url()}, {"payments", std::to_string(service.payments)}}, error);
  }
};

TEST(live_window, a_live_run_streams_its_buckets_into_the_charts_under_a_live_marker) {
  LiveWindow w("3s");
  QSignalSpy finished(&w.window, &MainWindow::runFinished);
  QString error;
  ASSERT_TRUE(w.start(&error)) << error.toStdString();

  RunToolbar* bar = w.window.runToolbar();
  EXPECT_TRUE(waitFor([&] { return bar->liveMarker()->isVisible(); }, 1000)) << "shown once the toolbar is laid out";
  EXPECT_TRUE(bar->liveMarker()->text().contains(QString::fromStdString("checkout at " + w.service.url())))
      << bar->liveMarker()->text().toStdString();
  EXPECT_FALSE(bar->pauseAction()->isEnabled()) << "real time cannot be paused";
  EXPECT_FALSE(bar->stepAction()->isEnabled());
  EXPECT_TRUE(bar->stopAction()->isEnabled());
  // The bar is compact meanwhile, so marker, progress and clock fit; Stop, the one control left, keeps its label.
  const auto style = [&](QAction* a) { return qobject_cast<QToolButton*>(bar->widgetForAction(a))->toolButtonStyle(); };
  EXPECT_EQ(style(bar->pauseAction()), Qt::ToolButtonIconOnly);
  EXPECT_EQ(style(bar->stopAction()), Qt::ToolButtonTextBesideIcon);

  // While the run goes on, the charts already show some of its buckets.
  qsizetype shownWhileRunning = 0;
  ASSERT_TRUE(waitFor(
      [&] {
        if (!w.window.session()->finished())
          shownWhileRunning = std::max(shownWhileRunning, requestPoints(w.window.chartsView()));
        return finished.count() == 1;
      },
      20000));
  EXPECT_GE(shownWhileRunning, 2) << "buckets reach the charts while the run goes on, not all at its end";

  // One snapshot as each half second of real time closes, each with more buckets, then the finished run.
  ASSERT_GE(w.seen.size(), 4u);
  for (std::size_t i = 0; i + 1 < w.seen.size(); ++i) {
    EXPECT_FALSE(w.seen[i]->finished);
    if (i > 0) {
      EXPECT_GT(w.seen[i]->buckets_done, w.seen[i - 1]->buckets_done);
    }
  }
  // The cards count the operations finished so far, as for a simulated run: not a blank until the end.
  const SnapshotPtr& streamed = w.seen[w.seen.size() - 2];
  ASSERT_TRUE(streamed->metrics.find("ops"));
  EXPECT_GT(*streamed->metrics.find("ops"), 0);
  const SnapshotPtr& last = w.seen.back();
  ASSERT_TRUE(last->finished && last->result);
  EXPECT_EQ(last->buckets_done, 6u);
  EXPECT_GE(*last->metrics.find("ops"), *streamed->metrics.find("ops"));
  EXPECT_GT(*last->metrics.find("ops"), 100);
  EXPECT_GT(*last->metrics.find("effects.charge.duplicates"), 0) << "the example's bug, measured live";
  EXPECT_EQ(requestPoints(w.window.chartsView()), 6);
  EXPECT_GT(w.window.summaryModel()->index(SummaryModel::Duplicates, 0).data(SummaryModel::ValueRole).toDouble(), 0);
  // A real service's queues are not seen: their chart is left out as not measured, not as "zero".
  const QString note = w.window.chartsView()->quietNote()->text();
  EXPECT_TRUE(note.contains(QStringLiteral("Not measured (not drawn): ")) &&
              note.contains(QStringLiteral("Queue depth")))
      << note.toStdString();
  EXPECT_FALSE(note.contains(QStringLiteral("Zero throughout the run (not drawn): Queue depth"))) << note.toStdString();
  EXPECT_TRUE(bar->liveMarker()->isVisible()) << "the results shown are still the live run's";
  EXPECT_EQ(w.window.controller()->state(), RunController::State::Finished);

  // Its exported report says it was live, against which service, as `chaossim live --report` does.
  QTemporaryDir dir;
  const QString report = w.window.exportReport(dir.path(), &error);
  ASSERT_FALSE(report.isEmpty()) << error.toStdString();
  const QString manifest = gui_testing::readFile(dir.filePath(QStringLiteral("manifest.json")));
  EXPECT_TRUE(manifest.contains(QStringLiteral("\"mode\": \"live\""))) << manifest.toStdString();
  EXPECT_TRUE(manifest.contains(QString::fromStdString(w.service.url())));
  EXPECT_TRUE(gui_testing::readFile(report).contains(QStringLiteral("measured on real services")));

  // A simulated run afterwards takes the marker down.
  ASSERT_TRUE(w.window.runVariants({QStringLiteral("baseline")}));
  EXPECT_TRUE(waitFor([&] { return !bar->liveMarker()->isVisible(); }, 1000));
  EXPECT_EQ(style(bar->pauseAction()), Qt::ToolButtonTextBesideIcon);
  w.window.controller()->discard();
}

TEST(live_window, stop_ends_a_live_run_at_once_and_keeps_what_was_measured) {
  LiveWindow w("60s");
  QSignalSpy finished(&w.window, &MainWindow::runFinished);
  QString error;
  ASSERT_TRUE(w.start(&error)) << error.toStdString();
  ASSERT_TRUE(waitFor([&] { return w.seen.size() >= 2; }, 10000));
  QElapsedTimer stopping;
  stopping.start();
  w.window.runToolbar()->stopAction()->trigger();
  ASSERT_TRUE(waitFor([&] { return finished.count() == 1; }, 5000));
  EXPECT_LT(stopping.elapsed(), 2000);
  const SnapshotPtr& last = w.seen.back();
  ASSERT_TRUE(last->finished && last->result);
  EXPECT_GE(last->buckets_done, 2u);
  EXPECT_LT(last->buckets_done, last->total_buckets) << "the buckets after the stop were never lived";
  EXPECT_GT(*last->metrics.find("ops"), 0);
  EXPECT_TRUE(w.window.session()->finished());
  EXPECT_EQ(w.window.controller()->state(), RunController::State::Finished);
}

TEST(live_window, closing_the_window_ends_a_live_run_at_once) {
  LiveWindow w("60s");
  QString error;
  ASSERT_TRUE(w.start(&error)) << error.toStdString();
  ASSERT_TRUE(waitFor([&] { return !w.seen.empty(); }, 10000));
  QElapsedTimer closing;
  closing.start();
  w.window.close();  // the run's thread is joined: nothing of it outlives the window
  EXPECT_EQ(w.window.controller()->state(), RunController::State::Idle);
  EXPECT_FALSE(w.window.controller()->isLive());
  EXPECT_LT(closing.elapsed(), 2000);
}

TEST(live_window, the_dialog_asks_for_each_service_and_says_what_live_mode_would_refuse) {
  auto parsed = chaossim::load_scenario_file(kCheckout.toStdString());
  ASSERT_TRUE(parsed.ok());
  const chaossim::Scenario& s = *parsed.scenario;
  LiveDialog dialog(s);
  dialog.resize(dialog.sizeHint());
  dialog.show();
  // The service the clients call is filled in with the example's address; payments is left to a mock.
  EXPECT_EQ(dialog.fields(), (std::vector<std::pair<std::string, std::string>>{{"checkout", "http://127.0.0.1:8080"}}));
  EXPECT_EQ(dialog.problem(), QString());
  dialog.setField("payments", QStringLiteral("9090"));
  const chaossim::live::LiveOptions o = liveTargets(dialog.fields());
  ASSERT_EQ(o.services.size(), 1u);
  EXPECT_EQ(o.services[0].url, "http://127.0.0.1:8080");
  ASSERT_EQ(o.mock_ports.size(), 1u);
  EXPECT_EQ(o.mock_ports[0].port, "9090");
  dialog.setField("checkout", QStringLiteral("http://192.0.2.1:8080"));
  dialog.accept();
  EXPECT_TRUE(dialog.isVisible()) << "not accepted";
  auto* problem = dialog.findChild<QLabel*>(QStringLiteral("liveProblem"));
  ASSERT_TRUE(problem);
  EXPECT_TRUE(problem->text().contains(QStringLiteral("--allow-remote"))) << problem->text().toStdString();
  EXPECT_EQ(problem->textFormat(), Qt::PlainText);
  EXPECT_GE(problem->height(), problem->heightForWidth(problem->width())) << "every line of the reason is shown";
}

TEST(live_window, what_live_mode_refuses_is_said_before_anything_starts) {
  MainWindow window;
  window.setPromptsEnabled(false);
  ASSERT_TRUE(window.openFile(kCheckout));
  QString error;
  EXPECT_FALSE(window.runLive({{"checkout", "http://10.1.2.3:8080"}}, &error));
  EXPECT_TRUE(error.contains(QStringLiteral("--allow-remote"))) << error.toStdString();
  EXPECT_FALSE(window.runLive({{"checkout", "http://127.0.0.1:8080"}, {"payments", "70000"}}, &error));
  EXPECT_TRUE(error.contains(QStringLiteral("expected a port from 1 to 65535"))) << error.toStdString();
  EXPECT_FALSE(window.runLive({{"payments", "9090"}}, &error));
  EXPECT_TRUE(error.contains(QStringLiteral("name the service to test"))) << error.toStdString();
  EXPECT_EQ(window.controller()->state(), RunController::State::Idle);
  EXPECT_FALSE(window.runToolbar()->liveMarker()->isVisible());
}

}  // namespace
