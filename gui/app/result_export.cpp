#include "app/result_export.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtCharts/QChart>

#include <memory>

#include "app/run_session.h"
#include "charts/qt_report_renderer.h"  // install_qt_chart_renderer: report charts drawn by qt_chart.h
#include "html/report_writer.h"       // write_report: what `chaossim report` writes
#include "html/run_record.h"           // write_run_record: scenario.json and manifest.json for the report
#include "writers.h"                   // aggregate, write_variant_outputs: the CLI's result files

namespace {
// Large enough to read on a slide, small enough for a document.
const QSize kImageSize(1000, 560);
}

QString resultFolderName(const QString& variant) {
  QString name = variant;
  name.replace(QRegularExpression(QStringLiteral("[^a-z0-9_-]+")), QStringLiteral("-"));
  name.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
  return name.isEmpty() ? QStringLiteral("variant") : name;
}

QStringList exportResults(const RunSession& session, const QString& dir, QString* error) {
  QStringList written;
  for (const VariantRun& run : session.runs()) {
    if (!run.snapshot || !run.snapshot->finished || !run.snapshot->result) continue;
    // One replication, aggregated as the CLI aggregates one: same fields, ci95 of zero width.
    const chaossim::Aggregate a = chaossim::aggregate({*run.snapshot->result}, run.scenario->expect);
    const QString folder = QDir(dir).filePath(resultFolderName(run.variant));
    try {
      chaossim::write_variant_outputs(folder.toStdString(), a);
    } catch (const std::exception& e) {
      if (error) *error = QString::fromStdString(e.what());
      return written;
    }
    written << folder;
  }
  if (written.isEmpty() && error) *error = QObject::tr("No finished run to export: run the scenario to the end first.");
  return written;
}

QString exportHtmlReport(const RunSession& session, const chaossim::ScenarioDocument& document, const QString& text,
                         const std::vector<chaossim::Override>& overrides, const QString& dir, QString* error) {
  if (exportResults(session, dir, error).isEmpty()) return {};
  std::vector<chaossim::RecordedConfig> recorded;
  std::uint64_t seed = 0;
  for (const VariantRun& run : session.runs()) {
    if (!run.snapshot || !run.snapshot->result) continue;
    recorded.push_back({resultFolderName(run.variant).toStdString(), run.scenario});
    seed = run.snapshot->result->seed;
  }
  const std::filesystem::path out = dir.toStdString();
  try {
    chaossim::write_run_record(out, document, recorded, seed, 1, overrides);
    // What ran is the text in the editor, unsaved edits included, not the file on disk.
    chaossim::write_file_atomic(out / "scenario.json", text.toStdString());
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return {};
  }
  chaossim::install_qt_chart_renderer();  // the report's charts are drawn by the same code as the dashboard's
  if (const auto why = chaossim::write_report(out)) {
    if (error) *error = QString::fromStdString(*why);
    return {};
  }
  return QDir(dir).filePath(QStringLiteral("report.html"));
}

QStringList exportCharts(const RunSession& session, const QString& dir, ImageFormat format,
                         const chaossim::ChartStyle& style, QString* error) {
  QStringList written;
  const std::vector<chaossim::ChartData> data = session.chartData();
  if (data.empty()) {
    if (error) *error = QObject::tr("No run to export: run the scenario first.");
    return written;
  }
  if (!QDir().mkpath(dir)) {
    if (error) *error = QObject::tr("Cannot create %1").arg(dir);
    return written;
  }
  const chaossim::FaultWindows windows = session.faultWindows();
  for (chaossim::ChartSpec spec : chaossim::standard_charts(session.columns())) {
    if (session.finished()) spec = chaossim::without_silent_series(spec, data);
    // A fresh chart per image: the ones on screen stay in their views.
    const std::unique_ptr<QChart> chart(chaossim::build_chart(spec, data, windows, style));
    const QString base = QDir(dir).filePath(QString::fromStdString(spec.id));
    bool ok = false;
    QString path;
    if (format == ImageFormat::Png) {
      path = base + QStringLiteral(".png");
      ok = chaossim::render_png(chart.get(), kImageSize, 2.0).save(path);
    } else {
      path = base + QStringLiteral(".svg");
      QSaveFile file(path);
      ok = file.open(QIODevice::WriteOnly) && file.write(chaossim::render_svg(chart.get(), kImageSize)) >= 0 && file.commit();
    }
    if (!ok) {
      if (error) *error = QObject::tr("Cannot write %1").arg(path);
      return written;
    }
    written << path;
  }
  return written;
}
