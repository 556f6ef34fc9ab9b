#pragma once
// summary.md beside report.html: the verdicts and key metrics as GitHub-flavoured Markdown tables, ready to paste
// into a pull request or to append to a CI job summary ($GITHUB_STEP_SUMMARY). Untrusted strings are escaped.

#include <string>

#include "html/results.h"

namespace chaossim {

std::string render_summary_markdown(const Results& results, const std::string& generated_at);

}  // namespace chaossim
