#pragma once
// `chaossim live SCENARIO --service NAME=URL | --exec NAME=COMMAND ...` (docs/live-mode.md): the scenario's clients
// in real time against the user's service, the results in the same files as a simulated run's, and with
// --compare-sim the simulation of the same scenario beside them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chaossim {

struct LiveCommandOptions {
  std::string scenario;
  std::vector<std::string> services;  // NAME=URL
  std::vector<std::string> execs;     // NAME=COMMAND
  std::vector<std::string> mocks;     // NAME=PORT
  std::vector<std::string> sets;      // PATH=VALUE
  std::vector<std::string> allow_remote;
  std::string variant = "baseline";
  std::optional<std::uint64_t> seed;
  std::string duration;  // overrides the scenario's, e.g. "10s"
  std::string out;
  bool compare_sim = false;
  bool report = false;  // also report.html and summary.md, which say the run was live
  bool quiet = false;
};

// Exit 0 when every expectation holds, 1 when one fails, 2 for bad input (a service the scenario lacks, a remote
// URL, a fault live mode cannot apply), 130/143 when interrupted (what was measured is kept).
int cmd_live(const LiveCommandOptions& options);

}  // namespace chaossim
