#pragma once
// The sweep part of a report: the table of points (parameters and key metrics, best per metric highlighted),
// the expectations of each point, and charts of chosen metrics against the swept parameter.

#include <string>

#include "html/chart_renderer.h"
#include "html/results.h"

namespace chaossim {

// `charts` may be null; the section then says why it has no charts (see render_html_report).
std::string sweep_section_html(const Results& results, ChartRenderer* charts, const std::string& no_charts_reason);
// "No charts: REASON." as the HTML of a note, the reason escaped.
std::string no_charts_note(const std::string& reason);
// The verdicts of a sweep: one row per point, one column per expectation.
std::string sweep_verdicts_html(const Results& results);

// The charts of a sweep (exposed for tests): one per chosen metric in the table, x the first swept parameter (ticks
// at whole numbers when every value is one). A chart of a metric that an expectation judges (of the whole run)
// draws its threshold as a dashed line, and rings the points that fail an expectation (sweep.csv's `passed`).
struct SweepChart {
  ChartSpec spec;
  std::vector<ChartData> lines;
};
std::vector<SweepChart> sweep_charts(const SweepTable& sweep, const std::vector<Verdict>& expectations = {});

}  // namespace chaossim
