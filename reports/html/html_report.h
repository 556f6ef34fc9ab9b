#pragma once
// The HTML report of a results folder (issue 6): one self-contained file a reviewer can open without a network
// and without chaossim. Verdicts first, then what the scenario is about, key metrics per variant side by side,
// charts (inline SVG, drawn by the dashboard's chart code) and, for a sweep, the points and their trends.
// Every string that comes from the results folder is escaped.

#include <filesystem>
#include <string>

#include "html/chart_renderer.h"
#include "html/results.h"

namespace chaossim {

// Why a report of a build without Qt Charts has none.
inline constexpr const char* kNoChartsInThisBuild =
    "this chaossim was built without Qt Charts (-DCHAOSSIM_CHARTS=OFF)";

// `charts` may be null: the report then says, where the charts would be, that it has none and why
// (`no_charts_reason`, a sentence without its full stop). `generated_at` is printed as the report's date.
std::string render_html_report(const Results& results, ChartRenderer* charts, const std::string& generated_at,
                               const std::string& no_charts_reason = kNoChartsInThisBuild);

// The report's date: $SOURCE_DATE_EPOCH when set (reproducible builds), else now; UTC, "2026-01-31 14:05 UTC".
std::string report_date();

}  // namespace chaossim
