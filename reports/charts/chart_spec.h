#pragma once
// What each standard chart shows, and how its points are computed: the one place shared by the dashboard (gui/)
// and the HTML report (reports/html/). Qt-free, so the headless build has it too; drawing lives in qt_chart.h.

#include <string>
#include <utility>
#include <vector>

#include "model/series_columns.h"

namespace chaossim {

struct Snapshot;  // runner/live_run.h

// One line of a chart: a time-series column and the label shown in the legend. With a denominator, the line is
// the ratio of the two columns bucket by bucket (calls on an edge per operation offered): undefined, a gap, where
// the denominator is zero.
struct SeriesSpec {
  std::string label;
  std::string column;
  std::string denominator = {};
};

// A horizontal line at a value in the chart's units (an expectation's threshold), dashed, named in the legend.
struct ReferenceLine {
  std::string label;  // "expected <= 0.05"
  double y = 0;
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
  bool log_y = false;       // a logarithmic y axis (latency whose spikes would flatten the rest); zero is not drawn
  std::string x_column = series::name(series::kTime);
  std::string x_label = "time (s)";
  // When not empty, x values are indices into these labels (a swept parameter that is not a number).
  std::vector<std::string> x_categories;
  std::vector<SeriesSpec> series;
  bool integer_x = false;  // x values are whole numbers (a count of retries): ticks and labels at integers only
  std::vector<ReferenceLine> references;
  // Points ringed in red (sweep points that fail an expectation), named once in the legend, in the chart's units.
  std::vector<std::pair<double, double>> marks;
  std::string marks_label;
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

// A fault's window on the charts, [start, end) in seconds, and what the fault was in a few words (the legend's
// label: "error 5 % · payments"). Bands with the same label share a colour and a legend entry.
struct FaultBand {
  double start = 0, end = 0;
  std::string label;
  bool operator==(const FaultBand&) const = default;
};
using FaultBands = std::vector<FaultBand>;
using ChartPoints = std::vector<std::pair<double, double>>;  // (x, y) after the spec's transforms

// The standard charts for a run with these time-series columns, in display order: requests per second, duplicate
// charges (cumulative, per effect), latency p50/p99, requests per second per service, calls per operation per edge
// (the amplification of each layer), queue depth per service, utilisation per service, shed and wasted work per
// service, breaker open share (overall, plus per edge when there are several edges), attempts the callers refused
// (retry budget, throttle, open breaker), concurrency limits, instance health (in rotation and ejected, per instance
// of a service with several). A chart whose columns are all missing is left out.
std::vector<ChartSpec> standard_charts(const std::vector<std::string>& columns);

// True when every point of every series of every variant is zero (a chart a report collapses into a sentence).
bool all_zero(const ChartSpec& chart, const std::vector<ChartData>& variants);
// True when no series of any variant has a single point: every cell blank (NaN), as the columns a live run cannot
// measure on a real service are. all_zero() holds too, but "zero" would be untrue.
bool no_points(const ChartSpec& chart, const std::vector<ChartData>& variants);

// For each line of a chart, in build_chart's order (series-major, variants inside): the index of an earlier variant
// whose line of the same series has exactly the same points, or -1. Such a line would be drawn exactly over the
// earlier one and vanish (a baseline's duplicates under per-attempt-keys): charts draw it thinner and name it a
// copy. A line at zero throughout is never counted a copy: quiet lines overlap without hiding anything.
std::vector<long> copies_of_earlier_lines(const ChartSpec& chart, const std::vector<ChartData>& variants);

// The same as sentences for a caption, one per series with copies: "p99: circuit-breaker = baseline", or
// "p99: the same in every variant". Empty when no line is a copy.
std::vector<std::string> copy_notes(const ChartSpec& chart, const std::vector<ChartData>& variants);

// True when the chart's positive values span two decades or more (a p99 of 5 s over a p50 of 20 ms): on a linear
// axis the spikes flatten everything else, so a report draws it on a logarithmic one.
bool spans_decades(const ChartSpec& chart, const std::vector<ChartData>& variants);

// The union of several variants' fault bands, without repeats, in order of start (then label), at most `limit`.
FaultBands union_of_bands(const std::vector<const FaultBands*>& per_variant, std::size_t limit);

// Labels of the bands in order of first appearance: one colour and one legend entry each.
std::vector<std::string> band_labels(const FaultBands& bands);

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

// Which categories of a category x axis get a label: every `step`-th from the first, so that many points (a sweep
// of 100 folders) or long labels do not pile up. The axis of a chart is about 90 characters of labels wide.
std::size_t category_label_step(const std::vector<std::string>& categories);

// The data of a live snapshot. The bucket length comes from the scenario (Scenario::bucket).
ChartData chart_data_from_snapshot(const Snapshot& snapshot, double bucket_seconds);

// A fixed colour-blind-safe palette (Okabe & Ito), as "#rrggbb": colour i of a chart is palette_colour(i).
const std::vector<std::string>& chart_palette();
const std::string& palette_colour(std::size_t index);

}  // namespace chaossim
