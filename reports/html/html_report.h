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

// `charts` may be null (a build without Qt): the report then says that charts need a Qt build.
// `generated_at` is printed as the report's date.
std::string render_html_report(const Results& results, ChartRenderer* charts, const std::string& generated_at);

// The report's date: $SOURCE_DATE_EPOCH when set (reproducible builds), else now; UTC, "2026-01-31 14:05 UTC".
std::string report_date();

}  // namespace chaossim
