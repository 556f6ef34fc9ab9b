#pragma once
// The data a report hands to the chart renderer, bounded (report_limits.h): a chart of a 100,000-bucket run, or of
// a tampered timeseries.csv, draws at most kMaxPointsPerLine points per line and kMaxLinesPerChart lines.
//
// A series longer than kMaxPointsPerLine is cut into kMaxPointsPerLine / 2 groups of consecutive buckets, and each
// group is drawn by two points: its minimum and its maximum, in the order they occurred, at the times of the
// group's first and last buckets. A mean per group would flatten the spikes a chaos report is about; the extremes
// keep the envelope of the line. Cumulative charts are summed before grouping (the running sum is what is drawn),
// and buckets that measured nothing (NaN, drawn as gaps) are left out of the extremes. Ratio series (a
// denominator) are divided bucket by bucket first, and the bounded spec draws the quotient as it is.

#include <string>
#include <vector>

#include "charts/chart_spec.h"

namespace chaossim {

struct BoundedChart {
  ChartSpec spec;               // `cumulative` and denominators are cleared: the data is already summed and divided
  std::vector<ChartData> data;  // per variant drawn: the x column and the chart's series columns only
  std::string note;             // what was left out or downsampled, a sentence for the caption; "" when nothing
};

BoundedChart bounded_chart(const ChartSpec& spec, const std::vector<ChartData>& variants);

// One variant's series reduced to at most `max_points` rows as described above (exposed for tests).
ChartData downsampled(const ChartSpec& spec, const ChartData& data, std::size_t max_points);

}  // namespace chaossim
