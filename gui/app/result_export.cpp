#include "app/result_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGraphicsScene>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtCharts/QChart>

#include <memory>

#include "app/overrides_bar.h"  // OverridesBar::describe: overrides written as after --set
#include "app/run_session.h"
#include "charts/qt_chart.h"  // svg_document
#include "charts/qt_report_renderer.h"  // install_qt_chart_renderer: report charts drawn by qt_chart.h
#include "html/report_writer.h"       // write_report: what `chaossim report` writes
#include "html/run_record.h"           // write_run_record: scenario.json and manifest.json for the report
#include "traces/trace_files.h"       // write_trace_files: trace.perfetto.json and trace.otlp.json
#include "writers.h"                   // aggregate, write_variant_outputs: the CLI's result files

namespace {
// Large enough to read on a slide, small enough for a document; the caption's band goes under the chart.
const QSize kImageSize(1000, 560);
const int kCaptionHeight = 40;

// Paints the chart laid out at `size` (in a private scene: Qt Charts lays out on posted events, delivered here)
// and the caption in a band under it.
void paintCaptionedChart(QPainter& painter, QChart* chart, QSize size, const QString& caption) {
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(QRect(QPoint(0, 0), QSize(size.width(), size.height() + kCaptionHeight)), Qt::white);
  QGraphicsScene scene;
  scene.addItem(chart);
  chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
  scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), scene.sceneRect());
  scene.removeItem(chart);  // the caller owns the chart: the scene must not delete it
  QFont font = painter.font();
  font.setPixelSize(13);
  painter.setFont(font);
  painter.setPen(QColor(0x44, 0x44, 0x44));
  const QRectF band(16, size.height(), size.width() - 32, kCaptionHeight);
  painter.drawText(band, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(font).elidedText(caption, Qt::ElideMiddle, static_cast<int>(band.width())));
}

QString fileNamePart(const QString& text) {
  QString part = text.toLower();
  part.replace(QRegularExpression(QStringLiteral("[^a-z0-9_-]+")), QStringLiteral("-"));
  part.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
  return part;
}

QStringList variantNames(const RunSession& session) {
  QStringList names;
  for (const VariantRun& run : session.runs()) names << run.variant;
  return names;
}

}  // namespace

QString exportBaseName(const RunSession& session) {
  if (session.runs().empty()) return QStringLiteral("chaossim");
  const chaossim::Scenario& scenario = *session.runs().front().scenario;
  QStringList variants;
  for (const QString& v : variantNames(session)) variants << fileNamePart(v);
  QString scenarioName = fileNamePart(QString::fromStdString(scenario.name));
  if (scenarioName.isEmpty()) scenarioName = QStringLiteral("scenario");
  // Every variant of a comparison runs with the first one's seed (common random numbers).
  return QStringLiteral("%1_%2_seed-%3").arg(scenarioName, variants.join(QStringLiteral("-vs-"))).arg(scenario.seed);
}

QString exportCaption(const RunSession& session, const std::vector<chaossim::Override>& overrides) {
  if (session.runs().empty()) return {};
  const chaossim::Scenario& scenario = *session.runs().front().scenario;
  QStringList parts{QString::fromStdString(scenario.title.empty() ? scenario.name : scenario.title),
                    variantNames(session).join(QStringLiteral(" vs ")),
                    QObject::tr("seed %1").arg(scenario.seed)};
  for (const chaossim::Override& o : overrides) parts << QStringLiteral("--set ") + OverridesBar::describe(o);
  parts << QStringLiteral("chaossim " CHAOSSIM_VERSION);
  return parts.join(QStringLiteral(" · "));
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
      // A traced run's traces, as `chaossim run --trace` writes them: the exported report draws their anatomy.
      if (const auto& traces = run.snapshot->result->traces)
        chaossim::traces::write_trace_files(folder.toStdString(),
                                            chaossim::traces::make_document(*traces, *run.scenario,
                                                                            run.variant.toStdString(),
                                                                            run.snapshot->result->seed));
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
                         const std::vector<chaossim::Override>& overrides, const QString& dir, QString* error,
                         const chaossim::LiveRecord* live) {
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
    chaossim::write_run_record(out, document, recorded, seed, 1, overrides, {}, live);
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
                         const chaossim::ChartStyle& style, const std::vector<chaossim::Override>& overrides,
                         QString* error) {
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
  const chaossim::FaultBands bands = session.faultBands();
  const QString caption = exportCaption(session, overrides);
  const QSize whole(kImageSize.width(), kImageSize.height() + kCaptionHeight);
  for (chaossim::ChartSpec spec : chaossim::standard_charts(session.columns())) {
    if (session.finished()) spec = chaossim::without_silent_series(spec, data);
    // A fresh chart per image: the ones on screen stay in their views.
    const std::unique_ptr<QChart> chart(chaossim::build_chart(spec, data, bands, style));
    const QString base = QDir(dir).filePath(exportBaseName(session) + QLatin1Char('_') + QString::fromStdString(spec.id));
    bool ok = false;
    QString path;
    if (format == ImageFormat::Png) {
      path = base + QStringLiteral(".png");
      QImage image(whole * 2, QImage::Format_ARGB32_Premultiplied);  // twice the pixels: sharp on a slide
      image.setDevicePixelRatio(2.0);
      {
        QPainter painter(&image);
        paintCaptionedChart(painter, chart.get(), kImageSize, caption);
      }
      ok = image.save(path);
    } else {
      path = base + QStringLiteral(".svg");
      const QByteArray bytes = chaossim::svg_document(whole, caption.toHtmlEscaped(), [&](QPainter& painter) {
        paintCaptionedChart(painter, chart.get(), kImageSize, caption);
      });
      QSaveFile file(path);
      ok = file.open(QIODevice::WriteOnly) && file.write(bytes) >= 0 && file.commit();
    }
    if (!ok) {
      if (error) *error = QObject::tr("Cannot write %1").arg(path);
      return written;
    }
    written << path;
  }
  return written;
}
