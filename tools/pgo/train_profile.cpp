// The training program of profile-guided optimisation (cmake/pgo.cmake, tools/train-profile): runs each scenario
// file as `chaossim run FILE --all-variants` does (the baseline and every variant built from the document, each run
// to its end with the scenario's seed and summarised) and writes nothing. It links only the engine, so the
// instrumented build compiles the engine and this file, not the reports, live mode or the dashboard.
//
//   chaossim-train-profile SCENARIO.json ...
//
// Exit status 0 when every run finished, 2 when a file or a variant does not load, 3 when a run did not finish.
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/printable.h"
#include "runner/runner.h"
#include "scenario/loader.h"

namespace {

using chaossim::LoadError;
using chaossim::Override;

int fail(const std::vector<LoadError>& errors) {
  for (const LoadError& e : errors) std::cerr << chaossim::printable(e.to_string()) << '\n';
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: chaossim-train-profile SCENARIO.json ...\n";
    return 2;
  }
  std::size_t runs = 0;
  for (int a = 1; a < argc; ++a) {
    auto parsed = chaossim::read_scenario_document(argv[a]);
    if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed)) return fail(*errors);
    const auto& document = std::get<chaossim::ScenarioDocument>(parsed);
    std::vector<std::pair<std::string, std::vector<Override>>> configs{{"baseline", {}}};
    for (const chaossim::Variant& v : document.variants) configs.emplace_back(v.name, v.overrides);
    for (const auto& [name, overrides] : configs) {
      chaossim::LoadResult built = chaossim::build_scenario(document, overrides);
      if (!built.ok()) return fail(built.errors);
      auto scenario = std::make_shared<const chaossim::Scenario>(std::move(*built.scenario));
      const chaossim::RunJob job{scenario, name, scenario->seed, true};
      if (!chaossim::run_job(job).completed) {
        std::cerr << chaossim::printable(std::string(argv[a]) + ": variant " + name + " did not finish") << '\n';
        return 3;
      }
      ++runs;
    }
  }
  std::cout << "chaossim-train-profile: " << runs << " runs of " << argc - 1 << " scenarios\n";
  return 0;
}
