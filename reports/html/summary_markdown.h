#pragma once
// summary.md beside report.html: the verdicts and key metrics as GitHub-flavoured Markdown tables, ready to paste
// into a pull request or to append to a CI job summary ($GITHUB_STEP_SUMMARY). Untrusted strings are escaped.

#include <string>

#include "html/results.h"

namespace chaossim {

// `report` is how the summary names its HTML report: a file name when the report is beside it, else its path.
std::string render_summary_markdown(const Results& results, const std::string& generated_at,
                                    const std::string& report = "report.html", bool report_beside = true);

}  // namespace chaossim
