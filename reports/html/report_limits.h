#pragma once
// How much of a results folder a report shows. A results folder is untrusted and may be tampered with, and even a
// valid run can hold 100,000 buckets of 256 services: the report stays a file a browser opens, so every table, list
// and chart has a ceiling, and what is left out is said (docs/results-and-reports.md lists these). The limits are
// far above what a valid scenario produces, except the chart points, which are downsampled.

#include <cstddef>
#include <string>
#include <string_view>

#include "scenario/limits.h"

namespace chaossim::report_limits {

// Tables.
inline constexpr std::size_t kMaxVariantColumns = limits::kMaxVariants + 1;  // baseline and every variant
inline constexpr std::size_t kMaxMetricRows = 200;                           // "All metrics"; a run has about 60
inline constexpr std::size_t kMaxVerdictRows = 500;                          // verdicts, sweep points
inline constexpr std::size_t kMaxExpectationColumns = 32;                    // of a sweep's verdicts
inline constexpr std::size_t kMaxSweepColumns = 64;                          // metric columns of the sweep tables
inline constexpr std::size_t kMaxSweepAxes = limits::kMaxSweepAxes;
inline constexpr std::size_t kMaxListItems = 100;  // tags, overrides, faults, variants named in the header

// Text.
inline constexpr std::size_t kMaxNameBytes = 200;  // a name, metric, tag, override or message shown in a cell
inline constexpr std::size_t kMaxCellBytes = 60;   // a message in a cell of a sweep's verdicts, one per expectation
inline constexpr std::size_t kMaxTitleBytes = 1'000;
inline constexpr std::size_t kMaxDescriptionBytes = static_cast<std::size_t>(limits::kMaxDescriptionBytes);

// Charts. A line has at most kMaxPointsPerLine points, and a chart at most kMaxPointsPerChart: longer series are
// cut into groups of consecutive buckets, each drawn by its minimum and its maximum in the order they came (so
// spikes and dips stay visible). A chart draws at most kMaxChartedVariants variants and kMaxLinesPerChart lines
// (variants × series).
inline constexpr std::size_t kMaxPointsPerLine = 2'000;
inline constexpr std::size_t kMaxPointsPerChart = 24'000;
inline constexpr std::size_t kMaxChartedVariants = 8;
inline constexpr std::size_t kMaxLinesPerChart = 48;
inline constexpr std::size_t kMaxFaultWindows = static_cast<std::size_t>(limits::kMaxFaults);  // per variant
inline constexpr std::size_t kMaxFaultLabelBytes = 120;  // a fault band's label in a legend
// Distinct fault labels with a colour and a legend entry of their own; further bands share one "other faults".
inline constexpr std::size_t kMaxBandColours = 6;

// Together these keep a report and its summary.md under these sizes (tests check them on a folder past every
// limit; the fuzzer on whatever it finds).
inline constexpr std::size_t kMaxReportBytes = 32u << 20;
inline constexpr std::size_t kMaxSummaryBytes = 2u << 20;

}  // namespace chaossim::report_limits

namespace chaossim {

// `text` cut to at most `max_bytes` bytes at a UTF-8 character boundary, "…" appended when cut.
std::string clipped(std::string_view text, std::size_t max_bytes);

// " … and 12 more" for a list or table that shows `shown` of `total` items; "" when nothing was left out.
std::string and_more(std::size_t shown, std::size_t total);

}  // namespace chaossim
