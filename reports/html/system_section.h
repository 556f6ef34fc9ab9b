#pragma once
// "The system" part of a report: what ran (a diagram of the topology, a table of services and one of edges with
// the strategies of every caller, for the baseline) and what each variant or sweep point changes, as
// `path: before → after`. Built from the results folder's scenario.json (and the --set overrides of its
// manifest), loaded again with the scenario loader (system_view.h).

#include <string>

#include "html/results.h"
#include "html/system_view.h"

namespace chaossim {

// The HTML section (<section id="system">) and its Markdown twin for summary.md.
std::string system_section_html(const Results& results);
std::string system_section_markdown(const Results& results);

}  // namespace chaossim
