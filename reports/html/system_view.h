#pragma once
// What ran and what each variant changes, for people: the baseline scenario (with the --set overrides) and, per
// variant or sweep point, each path it sets as `path: before → after`, in words when the path names a strategy of
// one service or edge. Qt-free: the report's "The system" section (system_section.h) and the dashboard's System
// panel are both drawn from it.

#include <optional>
#include <string>
#include <vector>

#include "html/results.h"
#include "model/config.h"
#include "scenario/loader.h"

namespace chaossim {

struct Change {
  std::string path;           // as written in the variant ("edges.clients->payments.idempotency_key")
  std::string before, after;  // in words when the path names a strategy of one service or edge, else JSON
};

struct ConfigChanges {
  std::string name;  // the variant, or the sweep point's folder
  std::vector<Change> changes;
  bool own_expectations = false;  // the variant states its own `expect`
  bool unknown = false;           // the document has no variant of this name
};

struct SystemView {
  std::optional<Scenario> baseline;    // with the --set overrides
  std::string problem;                 // why there is no baseline, in one sentence
  std::vector<ConfigChanges> configs;  // every variant named but the baseline, or every sweep point, in run order
};

// A scenario document with the `set` overrides applied to every variant, and what each of `variants` changes
// ("baseline" is skipped: it changes nothing). `file_words` names the document in `problem` ("scenario.json").
SystemView system_view(const ScenarioDocument& doc, const std::vector<Override>& set,
                       const std::vector<std::string>& variants, const std::string& file_words = "The scenario");
// The same for a results folder, from its scenario.json and its manifest's --set overrides: the variants run, or
// the sweep's points (the first 50).
SystemView system_view(const Results& results);

}  // namespace chaossim
