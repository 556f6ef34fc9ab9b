#include "app/command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>

ParsedOptions parseGuiOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate("main", "chaossim dashboard: run, watch and compare scenarios"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("file"), QCoreApplication::translate("main", "Scenario file to open"),
                               QStringLiteral("[FILE]"));
  const QCommandLineOption run(QStringLiteral("run"), QCoreApplication::translate("main", "Open FILE (a path, or a lesson's name as for chaossim run) and run it"), QStringLiteral("FILE"));
  const QCommandLineOption variant(QStringLiteral("variant"), QCoreApplication::translate("main", "Variant to run"), QStringLiteral("NAME"));
  const QCommandLineOption compare(QStringLiteral("compare"), QCoreApplication::translate("main", "Run 2-4 variants side by side"), QStringLiteral("A,B"));
  const QCommandLineOption set(QStringLiteral("set"), QCoreApplication::translate("main", "Override PATH=VALUE for the run (repeatable)"), QStringLiteral("PATH=VALUE"));
  const QCommandLineOption screenshot(QStringLiteral("screenshot"), QCoreApplication::translate("main", "Save the window to OUT.png after the run and exit"), QStringLiteral("OUT.png"));
  const QCommandLineOption page(QStringLiteral("page"), QCoreApplication::translate("main", "Side panel page to show: form, json or system"), QStringLiteral("PAGE"));
  const QCommandLineOption view(QStringLiteral("view"), QCoreApplication::translate("main", "Main view to show: charts or traces (traces are then recorded)"), QStringLiteral("VIEW"));
  const QCommandLineOption size(QStringLiteral("size"), QCoreApplication::translate("main", "Window size, e.g. 1280x720"), QStringLiteral("WxH"));
  const QCommandLineOption workshop(QStringLiteral("workshop"), QCoreApplication::translate("main", "Large fonts and thick lines"));
  const QCommandLineOption map(QStringLiteral("map"), QCoreApplication::translate("main", "Open the folder of chaossim map in the Map tab"), QStringLiteral("DIR"));
  const QCommandLineOption live(QStringLiteral("live"), QCoreApplication::translate("main", "With --run: run live against your services, NAME=http://127.0.0.1:PORT for a service you run, NAME=PORT for one chaossim mocks at that port (repeatable)"), QStringLiteral("NAME=VALUE"));
  const QCommandLineOption screenshotAfter(QStringLiteral("screenshot-after"), QCoreApplication::translate("main", "Take the screenshot SECONDS into the run instead of at its end"), QStringLiteral("SECONDS"));
  parser.addOptions({run, variant, compare, set, screenshot, page, view, size, workshop, map, live, screenshotAfter});

  ParsedOptions out;
  if (!parser.parse(arguments)) {
    out.error = parser.errorText();
    return out;
  }
  if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);  // prints and exits, as command-line tools do
  if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
  GuiOptions o;
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) {
    out.error = QCoreApplication::translate("main", "expected at most one scenario file, found %1").arg(positional.size());
    return out;
  }
  if (!positional.isEmpty()) o.open = positional.front();
  o.run = parser.value(run);
  o.map = parser.value(map);
  if (parser.isSet(variant)) o.variant = parser.value(variant);
  if (parser.isSet(compare)) o.compare = parser.value(compare).split(QLatin1Char(','), Qt::SkipEmptyParts);
  o.screenshot = parser.value(screenshot);
  o.page = parser.value(page);
  o.view = parser.value(view);
  o.workshop = parser.isSet(workshop);
  for (const QString& s : parser.values(set)) {
    const auto eq = s.indexOf(QLatin1Char('='));
    if (eq <= 0) {
      out.error = QCoreApplication::translate("main", "--set %1: expected PATH=VALUE").arg(s);
      return out;
    }
    const std::string path = s.left(eq).toStdString();
    auto value = chaossim::parse_override_value(path, s.mid(eq + 1).toStdString());
    if (auto* why = std::get_if<std::string>(&value)) {
      out.error = QStringLiteral("--set %1: %2").arg(s, QString::fromStdString(*why));
      return out;
    }
    o.sets.emplace_back(path, std::get<nlohmann::json>(value));
  }
  for (const QString& l : parser.values(live)) {
    const auto eq = l.indexOf(QLatin1Char('='));
    if (eq <= 0 || eq + 1 == l.size()) {
      out.error = QCoreApplication::translate("main", "--live %1: expected NAME=URL or NAME=PORT").arg(l);
      return out;
    }
    o.live.emplace_back(l.left(eq).toStdString(), l.mid(eq + 1).toStdString());
  }
  if (!o.live.empty() && (o.run.isEmpty() || !o.compare.isEmpty())) {
    out.error = QCoreApplication::translate("main", "--live needs --run FILE, and runs one variant (not --compare)");
    return out;
  }
  if (parser.isSet(screenshotAfter)) {
    bool ok = false;
    o.screenshotAfter = parser.value(screenshotAfter).toDouble(&ok);
    if (!ok || !(o.screenshotAfter >= 0 && o.screenshotAfter <= 3600) || o.run.isEmpty() || o.screenshot.isEmpty()) {
      out.error = QCoreApplication::translate("main", "--screenshot-after %1: expected seconds from 0 to 3600, with --run and --screenshot")
                      .arg(parser.value(screenshotAfter));
      return out;
    }
  }
  if (parser.isSet(size)) {
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    bool okW = false, okH = false;
    if (wh.size() == 2) o.size = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
    if (!okW || !okH || o.size.width() < 320 || o.size.height() < 240 || o.size.width() > 16384 || o.size.height() > 16384) {
      out.error = QCoreApplication::translate("main", "--size %1: expected WIDTHxHEIGHT, from 320x240 to 16384x16384")
                      .arg(parser.value(size));
      return out;
    }
  }
  if (!o.screenshot.isEmpty() && o.run.isEmpty() && o.open.isEmpty() && o.map.isEmpty()) {
    out.error = QCoreApplication::translate("main", "--screenshot needs --run FILE (or a FILE to open, or --map DIR)");
    return out;
  }
  if (!o.compare.isEmpty() && (o.compare.size() < 2 || o.compare.size() > 4)) {
    out.error = QCoreApplication::translate("main", "--compare needs two to four variants, found %1").arg(o.compare.size());
    return out;
  }
  if (!o.page.isEmpty() && o.page != QLatin1String("form") && o.page != QLatin1String("json") &&
      o.page != QLatin1String("system")) {
    out.error = QCoreApplication::translate("main", "--page must be form, json or system, found %1").arg(o.page);
    return out;
  }
  if (!o.view.isEmpty() && o.view != QLatin1String("charts") && o.view != QLatin1String("traces")) {
    out.error = QCoreApplication::translate("main", "--view must be charts or traces, found %1").arg(o.view);
    return out;
  }
  out.options = std::move(o);
  return out;
}
