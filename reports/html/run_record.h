#pragma once
// What `run` records beside its per-variant results so a report can be made later from the folder alone:
// scenario.json (the scenario file as loaded) and manifest.json (name, title, description, seed, replications,
// the --set overrides, the variants in the order they ran with their faults' bands (fault_bands), those an
// interrupted run did not finish, the chaossim version, and for a live run the services it ran against). No
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

// A run of `chaossim live`: the results were measured on the user's services in real time, not simulated. The
// manifest says so ("mode": "live" and a "live" object), so that reports do not call the run simulated.
struct LiveRecord {
  struct Service {
    std::string name, url;
    std::string command;  // for a service chaossim started (--exec); empty for one the user runs
  };
  std::vector<Service> services;
  double real_seconds = 0;  // wall-clock time the clients ran
  bool interrupted = false;
};

// `missing`: the configurations an interrupted run did not finish (empty for a complete run). `live`: set for a
// live run; a simulated run's manifest is as it always was.
std::string manifest_json(const ScenarioDocument& document, const std::vector<RecordedConfig>& configs,
                          std::uint64_t seed, std::size_t replications, const std::vector<Override>& overrides,
                          const std::vector<std::string>& missing = {}, const LiveRecord* live = nullptr);

// Writes out/scenario.json and out/manifest.json atomically.
void write_run_record(const std::filesystem::path& out, const ScenarioDocument& document,
                      const std::vector<RecordedConfig>& configs, std::uint64_t seed, std::size_t replications,
                      const std::vector<Override>& overrides, const std::vector<std::string>& missing = {},
                      const LiveRecord* live = nullptr);

}  // namespace chaossim
