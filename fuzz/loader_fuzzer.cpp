// libFuzzer target for the scenario loader: any bytes must produce either a Scenario or errors, never a crash, a
// hang, an uncaught exception or a sanitizer report. Successful loads are also run for a moment, since a
// scenario the loader accepts must be one the engine can run.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/engine.h"
#include "scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chaossim::LoadResult r = chaossim::load_scenario_text(text, "fuzz.json");
  if (r.ok()) {
    // One simulated second at most, with a cap on the scenario's own rate: the point is the engine's reaction to
    // odd but valid configurations, not long runs.
    chaossim::Scenario s = *r.scenario;
    if (s.clients.arrival.rate > 1000) s.clients.arrival.rate = 1000;
    if (s.clients.count > 1000) s.clients.count = 1000;
    chaossim::Engine engine(s, s.seed);
    engine.run_until(chaossim::Instant{} + chaossim::Duration::seconds(1));
  }
  return 0;
}
