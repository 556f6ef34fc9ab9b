#include "charts/chart_spec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "runner/live_run.h"

namespace chaossim {

long ChartData::column_index(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<long>(it - columns.begin());
}

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool has(const std::vector<std::string>& columns, const std::string& name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

// The names X of every column "<prefix>X<suffix>", in column order (which is the scenario's order).
std::vector<std::string> names_between(const std::vector<std::string>& columns, const std::string& prefix,
                                       const std::string& suffix) {
  std::vector<std::string> out;
  for (const std::string& c : columns)
    if (c.size() > prefix.size() + suffix.size() && starts_with(c, prefix) && ends_with(c, suffix))
      out.push_back(c.substr(prefix.size(), c.size() - prefix.size() - suffix.size()));
  return out;
}

ChartSpec chart(std::string id, std::string title, std::string y_label) {
  ChartSpec c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.y_label = std::move(y_label);
  return c;
}

// Adds the series whose columns exist; keeps the chart only if at least one does.
void add_chart(std::vector<ChartSpec>& out, const std::vector<std::string>& columns, ChartSpec chart) {
  std::erase_if(chart.series, [&](const SeriesSpec& s) { return !has(columns, s.column); });
  if (!chart.series.empty()) out.push_back(std::move(chart));
}

}  // namespace

namespace {
// A kind of line drawn per service, effect or edge: its column's suffix and what its label adds to the name.
struct PerName {
  std::string suffix;
  std::string label = {};
};

// For each service, effect or edge that has a column `prefix<name><suffix of the first kind>`, one line per kind,
// labelled "<name><label>", so the lines of one name stay together; with a denominator, each line is its column
// divided by that one.
void add_series_per_name(ChartSpec& spec, const std::vector<std::string>& columns, const std::string& prefix,
                         std::initializer_list<PerName> kinds, const std::string& denominator = {}) {
  for (const std::string& name : names_between(columns, prefix, kinds.begin()->suffix))
    for (const PerName& k : kinds) spec.series.push_back({name + k.label, prefix + name + k.suffix, denominator});
}
void add_series_per_name(ChartSpec& spec, const std::vector<std::string>& columns, const std::string& prefix,
                         const std::string& suffix, const std::string& denominator = {}) {
  add_series_per_name(spec, columns, prefix, {PerName{suffix}}, denominator);
}

// A chart of one service column, a line per service.
ChartSpec per_service(std::string id, std::string title, std::string y_label, const std::vector<std::string>& columns,
                      series::ServiceColumn column) {
  ChartSpec spec = chart(std::move(id), std::move(title), std::move(y_label));
  add_series_per_name(spec, columns, series::group_prefix(series::kServiceGroup), series::suffix(column));
  return spec;
}
}  // namespace

std::vector<ChartSpec> standard_charts(const std::vector<std::string>& columns) {
  std::vector<ChartSpec> out;

  // The retry storm is the gap between operations offered and attempts made.
  ChartSpec requests = chart("requests", "Requests per second", "per second");
  requests.per_second = true;
  requests.series = {{"operations offered", series::name(series::kOpsStarted)},
                     {"client attempts", series::name(series::kAttempts)},
                     {"operations succeeded", series::name(series::kOpsSucceeded)}};
  add_chart(out, columns, std::move(requests));

  ChartSpec duplicates = chart("duplicates", "Duplicate side effects (cumulative)", "duplicates");
  duplicates.cumulative = true;
  add_series_per_name(duplicates, columns, series::group_prefix(series::kEffectGroup),
                      series::suffix(series::kEffectDuplicates));
  add_chart(out, columns, std::move(duplicates));

  ChartSpec latency = chart("latency", "Latency of successful operations", "milliseconds");
  latency.scale = 1000.0;
  latency.series = {{"p50", series::name(series::kLatencyP50)}, {"p99", series::name(series::kLatencyP99)}};
  add_chart(out, columns, std::move(latency));

  // Where the load goes: a retry storm at one layer shows as the rate of the service below it.
  ChartSpec service_requests = per_service("service_requests", "Requests per second per service", "per second", columns,
                                           series::kServiceRequests);
  service_requests.per_second = true;
  add_chart(out, columns, std::move(service_requests));

  // Each edge's attempts per operation offered in the same bucket: retries at every layer multiply down the
  // graph (3 tries at each of 3 layers: 27 calls to the bank for one payment).
  ChartSpec amplification = chart("amplification", "Calls per operation, per edge", "calls per operation");
  const std::string edge_prefix = series::group_prefix(series::kEdgeGroup);
  add_series_per_name(amplification, columns, edge_prefix, series::suffix(series::kEdgeAttempts),
                      series::name(series::kOpsStarted));
  add_chart(out, columns, std::move(amplification));

  add_chart(out, columns,
            per_service("queue", "Queue depth per service", "waiting requests", columns, series::kServiceQueue));

  ChartSpec utilization =
      per_service("utilization", "Utilisation per service", "% of workers busy", columns, series::kServiceUtilization);
  utilization.percent = true;
  add_chart(out, columns, std::move(utilization));

  // Work refused at the door (shed: queue full or waited too long; overloaded: turned away by the service's
  // overload answer) and work done for callers that had already given up (wasted): what an overloaded service
  // spends its capacity on.
  ChartSpec shed = chart("shed", "Shed, turned away and wasted work per service", "per second");
  shed.per_second = true;
  add_series_per_name(shed, columns, series::group_prefix(series::kServiceGroup),
                      {{series::suffix(series::kServiceShed), " shed"},
                       {series::suffix(series::kServiceOverloaded), " overloaded"},
                       {series::suffix(series::kServiceWasted), " wasted"}});
  add_chart(out, columns, std::move(shed));

  ChartSpec breaker = chart("breaker", "Circuit breakers open", "% of callers open");
  breaker.percent = true;
  breaker.series = {{"all edges", series::name(series::kBreakerOpenShare)}};
  // With a single edge its line is the overall one; per-edge lines only tell something when there are several.
  const std::string open_share = series::suffix(series::kEdgeBreakerOpenShare);
  if (names_between(columns, edge_prefix, open_share).size() > 1)
    add_series_per_name(breaker, columns, edge_prefix, open_share);
  add_chart(out, columns, std::move(breaker));

  // Attempts a caller chose not to send: the controls at work.
  ChartSpec refused = chart("refused", "Attempts refused by the callers", "per second");
  refused.per_second = true;
  refused.series = {{"retry budget", series::name(series::kBudgetDenied)},
                    {"client throttle", series::name(series::kThrottleRejections)},
                    {"open breaker", series::name(series::kBreakerRejections)},
                    {"concurrency limit", series::name(series::kLimitRejections)}};
  add_chart(out, columns, std::move(refused));

  // Adaptive concurrency limits as they move: AIMD's saw-tooth, a limit that shrinks with a slow dependency.
  // Edges and services without a limit hold 0 and drop out as silent series.
  ChartSpec limits = chart("limits", "Concurrency limits", "requests in flight allowed");
  add_series_per_name(limits, columns, edge_prefix, series::suffix(series::kEdgeLimit));
  add_series_per_name(limits, columns, series::group_prefix(series::kServiceGroup),
                      {PerName{series::suffix(series::kServiceLimit), " (service)"}});
  add_chart(out, columns, std::move(limits));

  // Instance health over time, per instance of a service with several: 1 while its service's health checker keeps
  // it in rotation, 0 while out; and how many edges' outlier detections have it ejected. Instances that stay in
  // rotation share the line at 1, so the one that drops out stands out; ejection lines never above 0 drop out as
  // silent series.
  ChartSpec health = chart("instance_health", "Instance health: in rotation (1) or out (0), and ejections",
                           "in rotation / edges ejecting");
  add_series_per_name(health, columns, series::group_prefix(series::kInstanceGroup),
                      {{series::suffix(series::kInstanceHealthy), " in rotation"},
                       {series::suffix(series::kInstanceEjected), " ejected"}});
  add_chart(out, columns, std::move(health));
  return out;
}

ChartSpec without_silent_series(const ChartSpec& chart, const std::vector<ChartData>& variants) {
  ChartSpec out = chart;
  out.series.clear();
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    bool any = i == 0;
    for (const ChartData& d : variants) {
      const long c = d.column_index(chart.series[i].column);
      if (c < 0) continue;
      const std::size_t width = d.columns.size();
      for (std::size_t r = 0; r < d.row_count() && !any; ++r) {
        const double v = d.rows[r * width + static_cast<std::size_t>(c)];
        any = v != 0 && !std::isnan(v);
      }
    }
    if (any) out.series.push_back(chart.series[i]);
  }
  return out;
}

ChartPoints chart_points(const ChartSpec& chart, const SeriesSpec& series, const ChartData& data) {
  ChartPoints points;
  for (ChartPoints& run : chart_segments(chart, series, data)) points.insert(points.end(), run.begin(), run.end());
  return points;
}

std::vector<ChartPoints> chart_segments(const ChartSpec& chart, const SeriesSpec& series, const ChartData& data) {
  std::vector<ChartPoints> runs;
  ChartPoints points;
  const long xc = data.column_index(chart.x_column), yc = data.column_index(series.column);
  const long dc = series.denominator.empty() ? -1 : data.column_index(series.denominator);
  if (xc < 0 || yc < 0 || (!series.denominator.empty() && dc < 0)) return runs;
  // A rate divides by each bucket's own length when the data has bucket ends: the last bucket of a run may be
  // shorter than the others.
  const long end_column = chart.per_second ? data.column_index(series::name(series::kTimeEnd)) : -1;
  const std::size_t width = data.columns.size(), rows = data.row_count();
  const double factor = chart.scale * (chart.percent ? 100.0 : 1.0);
  const auto bucket_length = [&](std::size_t r) {
    if (end_column >= 0) {
      const double length = data.rows[r * width + static_cast<std::size_t>(end_column)] -
                            data.rows[r * width + static_cast<std::size_t>(xc)];
      if (length > 0) return length;
    }
    return data.bucket_seconds > 0 ? data.bucket_seconds : 1.0;
  };
  points.reserve(rows);
  double sum = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const double x = data.rows[r * width + static_cast<std::size_t>(xc)];
    double raw = data.rows[r * width + static_cast<std::size_t>(yc)];
    if (dc >= 0) {
      const double d = data.rows[r * width + static_cast<std::size_t>(dc)];
      raw = d > 0 ? raw / d : std::numeric_limits<double>::quiet_NaN();
    }
    if (std::isnan(raw) || (chart.log_y && !(raw > 0))) {
      if (!points.empty()) runs.push_back(std::move(points));
      points = {};
      continue;
    }
    const double value = chart.per_second ? raw / bucket_length(r) : raw;
    sum += value;
    points.emplace_back(x, (chart.cumulative ? sum : value) * factor);
  }
  if (!points.empty()) runs.push_back(std::move(points));
  return runs;
}

std::size_t category_label_step(const std::vector<std::string>& categories) {
  constexpr std::size_t kAxisCharacters = 90, kGap = 3;  // a label and the space after it
  std::size_t longest = 1;
  for (const std::string& c : categories) longest = std::max(longest, c.size());
  const std::size_t fit = std::max<std::size_t>(2, kAxisCharacters / (longest + kGap));
  return categories.size() <= fit ? 1 : (categories.size() + fit - 1) / fit;
}

ChartData chart_data_from_snapshot(const Snapshot& snapshot, double bucket_seconds) {
  ChartData d;
  d.variant = snapshot.variant;
  d.columns = snapshot.columns;
  d.rows = snapshot.series.flattened();
  d.bucket_seconds = bucket_seconds;
  return d;
}

bool all_zero(const ChartSpec& chart, const std::vector<ChartData>& variants) {
  for (const ChartData& d : variants)
    for (const SeriesSpec& s : chart.series)
      for (const auto& [x, y] : chart_points(chart, s, d))
        if (y != 0) return false;
  return true;
}

bool no_points(const ChartSpec& chart, const std::vector<ChartData>& variants) {
  for (const ChartData& d : variants)
    for (const SeriesSpec& s : chart.series)
      if (!chart_points(chart, s, d).empty()) return false;
  return true;
}

std::vector<long> copies_of_earlier_lines(const ChartSpec& chart, const std::vector<ChartData>& variants) {
  std::vector<long> out;
  for (const SeriesSpec& series : chart.series) {
    std::vector<ChartPoints> points;
    for (const ChartData& d : variants) points.push_back(chart_points(chart, series, d));
    for (std::size_t v = 0; v < variants.size(); ++v) {
      long copy = -1;
      const bool quiet = std::all_of(points[v].begin(), points[v].end(), [](const auto& p) { return p.second == 0; });
      for (std::size_t u = 0; u < v && copy < 0 && !quiet && !points[v].empty(); ++u)
        if (points[u] == points[v]) copy = static_cast<long>(u);
      out.push_back(copy);
    }
  }
  return out;
}

std::vector<std::string> copy_notes(const ChartSpec& chart, const std::vector<ChartData>& variants) {
  std::vector<std::string> notes;
  const std::vector<long> copies = copies_of_earlier_lines(chart, variants);
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    std::vector<std::string> pairs;
    for (std::size_t v = 0; v < variants.size(); ++v)
      if (const long u = copies[s * variants.size() + v]; u >= 0)
        pairs.push_back(variants[v].variant + " = " + variants[static_cast<std::size_t>(u)].variant);
    if (pairs.empty()) continue;
    std::string note = chart.series[s].label + ": ";
    if (variants.size() > 2 && pairs.size() == variants.size() - 1) {
      note += "the same in every variant";
    } else {
      for (std::size_t i = 0; i < pairs.size(); ++i) note += (i ? ", " : "") + pairs[i];
    }
    notes.push_back(std::move(note));
  }
  return notes;
}

bool spans_decades(const ChartSpec& chart, const std::vector<ChartData>& variants) {
  double low = std::numeric_limits<double>::infinity(), high = 0;
  for (const ChartData& d : variants)
    for (const SeriesSpec& s : chart.series)
      for (const auto& [x, y] : chart_points(chart, s, d))
        if (y > 0) low = std::min(low, y), high = std::max(high, y);
  return high > 0 && high >= 100 * low;
}

FaultBands union_of_bands(const std::vector<const FaultBands*>& per_variant, std::size_t limit) {
  FaultBands all;
  for (const FaultBands* bands : per_variant)
    if (bands) all.insert(all.end(), bands->begin(), bands->end());
  std::sort(all.begin(), all.end(), [](const FaultBand& a, const FaultBand& b) {
    return std::tie(a.start, a.end, a.label) < std::tie(b.start, b.end, b.label);
  });
  all.erase(std::unique(all.begin(), all.end()), all.end());
  if (all.size() > limit) all.resize(limit);
  return all;
}

std::vector<std::string> band_labels(const FaultBands& bands) {
  std::vector<std::string> labels;
  for (const FaultBand& b : bands)
    if (std::find(labels.begin(), labels.end(), b.label) == labels.end()) labels.push_back(b.label);
  return labels;
}

const std::vector<std::string>& chart_palette() {
  // Okabe & Ito (2008), ordered so that the first colours differ most; the yellow is left out (unreadable on white).
  static const std::vector<std::string> palette{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                "#E69F00", "#56B4E9", "#000000"};
  return palette;
}

const std::string& palette_colour(std::size_t index) { return chart_palette()[index % chart_palette().size()]; }

}  // namespace chaossim
