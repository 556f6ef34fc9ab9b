#include "html/chart_downsampling.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <limits>

#include "html/report_limits.h"

namespace chaossim {

namespace {

struct Extremes {
  std::size_t first = 0, second = 0;  // rows of the minimum and the maximum, in time order
};

// The rows of the minimum and maximum of column `c` over rows [from, to); undefined values (NaN: buckets that
// measured nothing) count only when the group holds nothing else.
Extremes extremes(const std::vector<double>& rows, std::size_t width, std::size_t c, std::size_t from,
                  std::size_t to) {
  std::size_t lo = to, hi = to;
  for (std::size_t r = from; r < to; ++r) {
    const double v = rows[r * width + c];
    if (std::isnan(v)) continue;
    if (lo == to || v < rows[lo * width + c]) lo = r;
    if (hi == to || v > rows[hi * width + c]) hi = r;
  }
  if (lo == to) lo = hi = from;  // nothing measured: the group is a gap
  return {std::min(lo, hi), std::max(lo, hi)};
}

}  // namespace

ChartData downsampled(const ChartSpec& spec, const ChartData& data, std::size_t max_points) {
  assert(max_points >= 2);
  ChartData out;
  out.variant = data.variant;
  out.bucket_seconds = data.bucket_seconds;
  const long xc = data.column_index(spec.x_column);
  if (xc < 0) return out;
  // Per drawn column: the column, and its denominator for a ratio series (-1 for none). A ratio is divided here,
  // bucket by bucket, before any grouping: the extremes of a numerator and of a denominator are no ratio.
  std::vector<std::pair<long, long>> cols{{xc, -1}};
  out.columns = {spec.x_column};
  for (const SeriesSpec& s : spec.series) {
    const long c = data.column_index(s.column);
    const long d = s.denominator.empty() ? -1 : data.column_index(s.denominator);
    if (c < 0 || (!s.denominator.empty() && d < 0) ||
        std::find(out.columns.begin(), out.columns.end(), s.column) != out.columns.end())
      continue;
    cols.emplace_back(c, d);
    out.columns.push_back(s.column);
  }
  // The chart's columns alone, summed first when the chart is cumulative.
  const std::size_t width = data.columns.size(), rows = data.row_count(), w = cols.size();
  std::vector<double> own(rows * w);
  std::vector<double> sums(w, 0.0);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < w; ++i) {
      double v = data.rows[r * width + static_cast<std::size_t>(cols[i].first)];
      if (cols[i].second >= 0) {
        const double d = data.rows[r * width + static_cast<std::size_t>(cols[i].second)];
        v = d > 0 ? v / d : std::numeric_limits<double>::quiet_NaN();
      }
      if (!std::isnan(v)) sums[i] += v;
      own[r * w + i] = spec.cumulative && i > 0 ? sums[i] : v;
    }
  if (rows <= max_points) {
    out.rows = std::move(own);
    return out;
  }
  const std::size_t groups = max_points / 2, size = (rows + groups - 1) / groups;
  out.rows.reserve(2 * groups * w);
  for (std::size_t from = 0; from < rows; from += size) {
    const std::size_t to = std::min(rows, from + size);
    std::vector<double> a(w), b(w);
    a[0] = own[from * w];
    b[0] = own[(to - 1) * w];
    for (std::size_t i = 1; i < w; ++i) {
      const Extremes e = extremes(own, w, i, from, to);
      a[i] = own[e.first * w + i];
      b[i] = own[e.second * w + i];
    }
    out.rows.insert(out.rows.end(), a.begin(), a.end());
    if (to - from > 1) out.rows.insert(out.rows.end(), b.begin(), b.end());
  }
  assert(out.row_count() <= max_points);
  return out;
}

BoundedChart bounded_chart(const ChartSpec& spec, const std::vector<ChartData>& variants) {
  using namespace report_limits;
  BoundedChart out;
  out.spec = spec;
  out.spec.cumulative = false;  // downsampled() sums the data of a cumulative chart itself
  std::vector<std::string> notes;
  const std::size_t drawn = std::min(variants.size(), kMaxChartedVariants);
  if (drawn < variants.size())
    notes.push_back("the first " + std::to_string(drawn) + " of " + std::to_string(variants.size()) +
                    " variants are drawn");
  const std::size_t series = std::max<std::size_t>(1, kMaxLinesPerChart / std::max<std::size_t>(1, drawn));
  if (spec.series.size() > series) {
    notes.push_back("the first " + std::to_string(series) + " of " + std::to_string(spec.series.size()) +
                    " lines per variant are drawn");
    out.spec.series.resize(series);
  }
  ChartSpec columns = out.spec;  // the series drawn, summed when the chart is cumulative
  columns.cumulative = spec.cumulative;
  for (SeriesSpec& s : out.spec.series) s.denominator.clear();  // downsampled() divides ratios itself
  const std::size_t lines = std::max<std::size_t>(1, drawn * out.spec.series.size());
  const std::size_t per_line = std::clamp<std::size_t>(kMaxPointsPerChart / lines / 2 * 2, 2, kMaxPointsPerLine);
  std::size_t longest = 0;
  for (std::size_t v = 0; v < drawn; ++v) {
    out.data.push_back(downsampled(columns, variants[v], per_line));
    longest = std::max(longest, variants[v].row_count());
  }
  if (longest > per_line) {
    const std::size_t group = (longest + per_line / 2 - 1) / (per_line / 2);
    notes.push_back("each line is downsampled to the minimum and maximum of every " + std::to_string(group) +
                    " buckets");
  }
  for (std::size_t i = 0; i < notes.size(); ++i) out.note += (i ? "; " : "") + notes[i];
  if (!out.note.empty()) {
    out.note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out.note[0])));
    out.note += ".";
  }
  return out;
}

}  // namespace chaossim
