#pragma once
// What each standard chart shows, and how its points are computed: the one place shared by the dashboard (gui/)
// and the HTML report (reports/html/). Qt-free, so the headless build has it too; drawing lives in qt_chart.h.

#include <string>
#include <utility>
#include <vector>

#include "model/series_columns.h"

namespace chaossim {

struct Snapshot;  // runner/live_run.h

// One line of a chart: a time-series column and the label shown in the legend.
struct SeriesSpec {
  std::string label;
  std::string column;
};

// One chart. The y transforms apply in this order: per_second, cumulative, scale (percent implies ×100).
struct ChartSpec {
  std::string id;  // stable, for file names and object names: "requests", "duplicates", ...
  std::string title;
  std::string y_label;
  bool cumulative = false;  // running sum over buckets (duplicate charges so far)
  bool percent = false;     // the column is a fraction in [0, 1]; drawn as 0-100 %
  bool per_second = false;  // the column counts events per bucket; divided by the bucket length
  double scale = 1.0;       // further factor, e.g. 1000 to draw seconds as milliseconds
  std::string x_column = series::name(series::kTime);
  std::string x_label = "time (s)";
  // When not empty, x values are indices into these labels (a swept parameter that is not a number).
  std::vector<std::string> x_categories;
  std::vector<SeriesSpec> series;
};

// The data of one variant (or one line of a sweep chart): the time-series columns and rows as in timeseries.csv.
struct ChartData {
  std::string variant;
  std::vector<std::string> columns;
  std::vector<double> rows;  // row-major, rows() x columns.size()
  double bucket_seconds = 1.0;

  std::size_t row_count() const { return columns.empty() ? 0 : rows.size() / columns.size(); }
  // Index of a column, or -1.
  long column_index(const std::string& name) const;
};

using FaultWindows = std::vector<std::pair<double, double>>;  // [start, end) in seconds
using ChartPoints = std::vector<std::pair<double, double>>;   // (x, y) after the spec's transforms

// The standard charts for a run with these time-series columns, in display order: requests per second, duplicate
// charges (cumulative, per effect), latency p50/p99, queue depth per service, utilisation per service, breaker
// open share (overall, plus per edge when there are several edges), retry-budget denials. A chart whose columns
// are all missing is left out.
std::vector<ChartSpec> standard_charts(const std::vector<std::string>& columns);

// The same chart without the series that are zero in every row of every variant (per-edge breaker lines of edges
// that never had a breaker open). The first series always stays, so the chart never ends up empty. For finished
// runs; a live view should keep every series, since a quiet column may wake up later.
ChartSpec without_silent_series(const ChartSpec& chart, const std::vector<ChartData>& variants);

// The (x, y) points of one series of a chart for one variant, transforms applied. Empty when the column is absent.
ChartPoints chart_points(const ChartSpec& chart, const SeriesSpec& series, const ChartData& data);
// The same points split into runs without gaps: a line breaks where a bucket measured nothing (NaN, an empty cell
// of timeseries.csv: latency with no successful operation) instead of dropping to zero or being drawn across (that
// would invent values). Never an empty run.
std::vector<ChartPoints> chart_segments(const ChartSpec& chart, const SeriesSpec& series, const ChartData& data);

// The data of a live snapshot. The bucket length comes from the scenario (Scenario::bucket).
ChartData chart_data_from_snapshot(const Snapshot& snapshot, double bucket_seconds);

// A fixed colour-blind-safe palette (Okabe & Ito), as "#rrggbb": colour i of a chart is palette_colour(i).
const std::vector<std::string>& chart_palette();
const std::string& palette_colour(std::size_t index);

}  // namespace chaossim
