#pragma once
// What `run` records beside its per-variant results so a report can be made later from the folder alone:
// scenario.json (the scenario file as loaded) and manifest.json (name, title, description, seed, replications,
// the --set overrides, the variants in the order they ran with their faults' bands (fault_bands), those an interrupted run did
// not finish, the chaossim version). No
// timestamps: the same run writes the same bytes.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "scenario/loader.h"

namespace chaossim {

// One configuration that ran: a variant, or a sweep point, in the folder `folder`.
struct RecordedConfig {
  std::string folder;
  std::shared_ptr<const Scenario> scenario;
};

// `missing`: the configurations an interrupted run did not finish (empty for a complete run).
std::string manifest_json(const ScenarioDocument& document, const std::vector<RecordedConfig>& configs,
                          std::uint64_t seed, std::size_t replications, const std::vector<Override>& overrides,
                          const std::vector<std::string>& missing = {});

// Writes out/scenario.json and out/manifest.json atomically.
void write_run_record(const std::filesystem::path& out, const ScenarioDocument& document,
                      const std::vector<RecordedConfig>& configs, std::uint64_t seed, std::size_t replications,
                      const std::vector<Override>& overrides, const std::vector<std::string>& missing = {});

}  // namespace chaossim
