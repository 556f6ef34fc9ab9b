#pragma once
// Saving what the dashboard shows: the results of the run in the command line's files (<dir>/<variant>/
// summary.json and timeseries.csv, written by reports/writers.h, so tools that read CLI results read these too),
// and the charts as PNG or SVG images drawn by the shared chart code.

#include <QString>
#include <QStringList>

#include "charts/qt_chart.h"
#include "html/run_record.h"  // LiveRecord
#include "scenario/loader.h"

class RunSession;

namespace chaossim {
struct ScenarioDocument;
}

// The folder of a variant's results: variant names are [a-z][a-z0-9_-]*, the saved-file entry of a comparison
// ("baseline (saved)") becomes "baseline-saved".
QString resultFolderName(const QString& variant);

// Writes <dir>/<variant>/summary.json and timeseries.csv for each finished variant. Returns the folders
// written; on failure sets `error` and returns what was written before it.
QStringList exportResults(const RunSession& session, const QString& dir, QString* error = nullptr);

// The results plus what `chaossim report` reads (scenario.json as it ran, manifest.json), then report.html and
// summary.md by the report machinery of the command line. Returns the report's path, or empty with `error`.
// `live`: the session shows a live run, which the report says, as `chaossim live --report` does.
QString exportHtmlReport(const RunSession& session, const chaossim::ScenarioDocument& document, const QString& text,
                         const std::vector<chaossim::Override>& overrides, const QString& dir, QString* error = nullptr,
                         const chaossim::LiveRecord* live = nullptr);

// What exported images are named after: scenario, variants and seed, as file-name text
// ("lost-replies_baseline-vs-idempotency-keys_seed-42"), so images of different runs never overwrite each other
// and a slide's picture says where it came from.
QString exportBaseName(const RunSession& session);
// The line written under each exported chart: the scenario's title, the variants, the seed and the overrides
// ("Lost replies: … · baseline vs idempotency-keys · seed 42 · --set duration=90s · chaossim 1.0").
QString exportCaption(const RunSession& session, const std::vector<chaossim::Override>& overrides);

enum class ImageFormat { Png, Svg };
// Writes one image per chart, <dir>/<exportBaseName>_<chart id>.png or .svg, each with exportCaption() under the
// chart inside the image. Returns the files written.
QStringList exportCharts(const RunSession& session, const QString& dir, ImageFormat format,
                         const chaossim::ChartStyle& style, const std::vector<chaossim::Override>& overrides = {},
                         QString* error = nullptr);
