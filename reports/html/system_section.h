#pragma once
// "The system" part of a report: what ran (a diagram of the topology, a table of services and one of edges with
// the strategies of every caller, for the baseline) and what each variant or sweep point changes, as
// `path: before → after`. Built from the results folder's scenario.json (and the --set overrides of its
// manifest), loaded again with the scenario loader.

#include <optional>
#include <string>
#include <vector>

#include "html/results.h"
#include "model/config.h"

namespace chaossim {

struct Change {
  std::string path;           // as written in the variant ("edges.clients->payments.idempotency_key")
  std::string before, after;  // in words when the path names a strategy of one service or edge, else JSON
};

struct ConfigChanges {
  std::string name;  // the variant, or the sweep point's folder
  std::vector<Change> changes;
  bool own_expectations = false;  // the variant states its own `expect`
  bool unknown = false;           // scenario.json has no variant of this name
};

struct SystemView {
  std::optional<Scenario> baseline;    // with the --set overrides
  std::string problem;                 // why there is no baseline, in one sentence
  std::vector<ConfigChanges> configs;  // every variant but the baseline, or every sweep point, in run order
};

SystemView system_view(const Results& results);

// The HTML section (<section id="system">) and its Markdown twin for summary.md.
std::string system_section_html(const Results& results);
std::string system_section_markdown(const Results& results);

}  // namespace chaossim
