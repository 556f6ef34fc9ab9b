// gui_live_bench: the dashboard's big live run, scripted and offscreen. Opens a scenario in the real window,
// applies --set overrides as the GUI's command line does, runs it at a chosen speed and measures what a person
// at the window would feel:
//   - event-loop stalls of the GUI thread (a 5 ms probe timer; a stall is the gap between two of its ticks),
//     reported as max, p99 and the count over 100 ms; and the same in the GUI thread's CPU time, which the load
//     of a shared machine does not inflate (a gap spent waiting for a core is a long stall but little CPU);
//   - the time until the first chart points are drawn;
//   - the wall time of the whole run, and the process's peak resident memory;
//   - with --zoom FROM,TO: after the run, how long zooming every chart into [FROM, TO] s and back out takes, and
//     how many points a line draws for the range (a long run is drawn downsampled; a zoomed range bucket by bucket).
//
// Usage: QT_QPA_PLATFORM=offscreen gui_live_bench [--speed X] [--set PATH=VALUE ... | --no-set] [--size WxH]
//        [--screenshot OUT.png] [--live-screenshot SECONDS OUT.png] [--compare A,B,...] [--zoom FROM,TO]
//        [SCENARIO]
// Defaults: the thundering-herd lesson with 100,000 clients at 10,000 ops/s, 700 workers, 1 h, at 300× real time.

#include <sys/resource.h>
#include <time.h>  // clock_gettime(CLOCK_THREAD_CPUTIME_ID): the GUI thread's own CPU time

#include <algorithm>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QXYSeries>

#include "app/chart_panel.h"
#include "app/charts_view.h"
#include "app/main_window.h"
#include "app/run_controller.h"
#include "app/live_chart.h"
#include "app/run_toolbar.h"
#include "app/zoom_state.h"
#include "scenario/loader.h"  // Override, parse_override_value

namespace {

long peakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

bool chartsHavePoints(const ChartsView* view) {
  for (ChartPanel* panel : view->panels())
    if (panel->chart())
      for (QAbstractSeries* s : panel->chart()->series())
        if (auto* xy = qobject_cast<QXYSeries*>(s); xy && xy->count() > 0 && xy->isVisible()) return true;
  return false;
}

double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

int usage() {
  std::fprintf(stderr,
               "usage: gui_live_bench [--speed X] [--set PATH=VALUE ...] [--screenshot OUT.png] [--size WxH] "
               "[--compare A,B] [--zoom FROM,TO] [SCENARIO]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QString scenario = QStringLiteral(CHAOSSIM_SCENARIOS_DIR "/thundering-herd.json");
  double speed = 300;
  QString screenshot, liveShot;
  double liveShotAt = -1;  // --live-screenshot S OUT.png: the window S seconds into the run
  QSize size(1280, 720);
  QStringList keys{QStringLiteral("baseline")};
  std::vector<chaossim::Override> sets;
  QStringList setTexts;
  bool defaults = true;
  double zoomFrom = 0, zoomTo = -1;
  const QStringList args = QApplication::arguments();
  for (qsizetype i = 1; i < args.size(); ++i) {
    const QString& a = args[i];
    const bool hasValue = i + 1 < args.size();
    if (a == QLatin1String("--speed") && hasValue) speed = args[++i].toDouble();
    else if (a == QLatin1String("--screenshot") && hasValue) screenshot = args[++i];
    else if (a == QLatin1String("--live-screenshot") && i + 2 < args.size()) {
      liveShotAt = args[++i].toDouble();
      liveShot = args[++i];
    }
    else if (a == QLatin1String("--size") && hasValue) {
      const QStringList wh = args[++i].split(QLatin1Char('x'));
      if (wh.size() != 2) return usage();
      size = QSize(wh[0].toInt(), wh[1].toInt());
    } else if (a == QLatin1String("--compare") && hasValue) keys = args[++i].split(QLatin1Char(','));
    else if (a == QLatin1String("--zoom") && hasValue) {
      const QStringList range = args[++i].split(QLatin1Char(','));
      if (range.size() != 2) return usage();
      zoomFrom = range[0].toDouble();
      zoomTo = range[1].toDouble();
      if (!(zoomTo > zoomFrom)) return usage();
    }
    else if (a == QLatin1String("--set") && hasValue) {
      if (defaults) setTexts.clear();
      defaults = false;
      setTexts << args[++i];
    } else if (a == QLatin1String("--no-set")) {
      defaults = false;
      setTexts.clear();
    } else if (!a.startsWith(QLatin1String("--"))) scenario = a;
    else return usage();
  }
  if (defaults)
    setTexts = {QStringLiteral("clients.count=100000"), QStringLiteral("clients.arrival.rate=10000"),
                QStringLiteral("services.api.workers=700"), QStringLiteral("duration=1h")};
  for (const QString& s : setTexts) {
    const auto eq = s.indexOf(QLatin1Char('='));
    if (eq <= 0) return usage();
    const std::string path = s.left(eq).toStdString();
    auto value = chaossim::parse_override_value(path, s.mid(eq + 1).toStdString());
    if (auto* why = std::get_if<std::string>(&value)) {
      std::fprintf(stderr, "--set %s: %s\n", qPrintable(s), why->c_str());
      return 2;
    }
    sets.emplace_back(path, std::get<nlohmann::json>(value));
  }

  MainWindow window;
  window.setPromptsEnabled(false);
  window.setExtraOverrides(sets);
  window.resize(size);
  window.show();
  QString error;
  if (!window.openFile(scenario, &error)) {
    std::fprintf(stderr, "gui_live_bench: %s\n", qPrintable(error));
    return 2;
  }
  window.runToolbar()->setSpeed(speed);  // as a person would choose it (also sets the controller's)
  window.controller()->setSpeed(speed);  // a speed the toolbar does not offer

  // The probe: a 5 ms timer on the GUI thread. Whatever keeps the event loop busy shows as a longer gap.
  std::vector<double> gaps, cpuGaps;  // wall time and the GUI thread's CPU time between two ticks
  double cpuAtTick = threadCpuMs();
  std::vector<std::pair<double, double>> longGaps;  // (when it ended, s since the start; how long, ms)
  QElapsedTimer sinceProbe, wall;
  QTimer probe;
  probe.setTimerType(Qt::PreciseTimer);
  probe.setInterval(5);
  double firstPointsMs = -1;
  QObject::connect(&probe, &QTimer::timeout, &app, [&] {
    gaps.push_back(static_cast<double>(sinceProbe.nsecsElapsed()) / 1e6);
    const double cpu = threadCpuMs();
    cpuGaps.push_back(cpu - cpuAtTick);
    cpuAtTick = cpu;
    if (gaps.back() > 100) longGaps.emplace_back(static_cast<double>(wall.nsecsElapsed()) / 1e9, gaps.back());
    sinceProbe.restart();
    if (liveShotAt >= 0 && static_cast<double>(wall.nsecsElapsed()) / 1e9 >= liveShotAt) {
      liveShotAt = -1;
      window.grab().save(liveShot);
    }
    if (firstPointsMs < 0 && chartsHavePoints(window.chartsView()))
      firstPointsMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
  });
  int code = 0;
  QObject::connect(&window, &MainWindow::runFailed, &app, [&](const QString& message) {
    std::fprintf(stderr, "gui_live_bench: the run failed: %s\n", qPrintable(message));
    code = 3;
    QApplication::exit(3);
  });
  QObject::connect(&window, &MainWindow::runFinished, &app, [&] {
    // Let the last update be drawn before stopping the clock.
    QTimer::singleShot(0, &app, [] { QApplication::exit(0); });
  });
  wall.start();
  sinceProbe.start();
  probe.start();
  if (!window.runVariants(keys, &error)) {
    std::fprintf(stderr, "gui_live_bench: %s\n", qPrintable(error));
    return 2;
  }
  const int rc = QApplication::exec();
  const double wallS = static_cast<double>(wall.nsecsElapsed()) / 1e9;
  probe.stop();
  if (rc != 0) return code ? code : rc;

  const long over100 = std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 100; });
  std::printf("scenario       %s\n", qPrintable(scenario));
  std::printf("overrides      %s\n", qPrintable(setTexts.join(QLatin1Char(' '))));
  std::printf("speed          %g× real time\n", speed);
  std::printf("wall time      %.2f s\n", wallS);
  std::printf("first points   %.0f ms\n", firstPointsMs);
  std::printf("GUI stalls     max %.1f ms, p99 %.1f ms, p50 %.1f ms, %ld over 100 ms (%zu probe ticks)\n",
              gaps.empty() ? 0.0 : *std::max_element(gaps.begin(), gaps.end()), percentile(gaps, 0.99),
              percentile(gaps, 0.5), over100, gaps.size());
  const long cpuOver100 = std::count_if(cpuGaps.begin(), cpuGaps.end(), [](double g) { return g > 100; });
  std::printf("GUI busy       max %.1f ms, p99 %.1f ms of CPU between two ticks, %ld over 100 ms\n",
              cpuGaps.empty() ? 0.0 : *std::max_element(cpuGaps.begin(), cpuGaps.end()), percentile(cpuGaps, 0.99),
              cpuOver100);
  for (const auto& [when, ms] : longGaps) std::printf("  stall of %.0f ms ending at %.2f s\n", ms, when);
  std::printf("peak RSS       %.1f MB\n", static_cast<double>(peakRssKb()) / 1024.0);
  if (zoomTo > zoomFrom) {
    // The first line of the first chart: how many points it draws for the whole run and for the range.
    ChartPanel* first = window.chartsView()->panels().value(0);
    const auto drawn = [&] {
      return first && !first->live()->lines().empty() ? first->live()->lines().front().line()->count() : 0;
    };
    const qsizetype whole = drawn();
    QElapsedTimer t;
    t.start();
    window.chartsView()->zoom()->zoomTo(zoomFrom, zoomTo);
    QApplication::processEvents();
    const double inMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    const qsizetype ranged = drawn();
    t.restart();
    window.chartsView()->zoom()->reset();
    QApplication::processEvents();
    const double outMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    std::printf("zoom           [%g, %g] s: in %.1f ms, out %.1f ms; a line draws %lld points for the run, %lld for "
                "the range\n",
                zoomFrom, zoomTo, inMs, outMs, static_cast<long long>(whole), static_cast<long long>(ranged));
  }
  if (!screenshot.isEmpty()) {
    QApplication::processEvents();
    if (!window.grab().save(screenshot)) std::fprintf(stderr, "gui_live_bench: cannot write %s\n", qPrintable(screenshot));
  }
  return 0;
}
