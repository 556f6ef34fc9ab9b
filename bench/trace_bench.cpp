// What traces cost (model/trace_recorder.h): whole lessons run with tracing off, with the default selection
// (`"trace": {}`: the first 10 duplicated, failed and inconsistent operations and a 0.1% sample), and with the
// 10 slowest as well. Every operation is recorded into its buffer while it runs until the quotas are full (with
// `slowest`, always: a slower one may still come); off, the engine pays one predictable branch per hook. Items are
// simulated operations; `recorded` counts the operations recorded while they ran, `kept` those kept.
//
//   trace_bench --benchmark_repetitions=6 --benchmark_enable_random_interleaving=true
//
// BM_Trace/<lesson>/0 is off, /1 the default selection, /2 the default plus `slowest`.

#include <benchmark/benchmark.h>  // Google Benchmark: State, counters, SetItemsProcessed

#include <fstream>  // reads the lesson once, outside the timed loop
#include <sstream>
#include <string>

#include "model/engine.h"     // chaossim::Engine
#include "scenario/loader.h"  // chaossim::load_scenario_text: JSON text -> validated Scenario

namespace {

using namespace chaossim;

const char* const kLessons[] = {"lost-replies", "key-per-attempt", "double-click"};

Scenario lesson(int which, int mode) {
  std::ifstream in(std::string(CHAOSSIM_SCENARIOS_DIR) + "/" + kLessons[which] + ".json");
  std::stringstream text;
  text << in.rdbuf();
  auto doc = parse_scenario_document(text.str(), kLessons[which]);
  std::vector<Override> overrides;
  if (mode >= 1) overrides.emplace_back("trace", nlohmann::json::object());
  if (mode == 2)
    overrides.emplace_back("trace.keep", nlohmann::json::array({"duplicated", "failed", "inconsistent", "slowest"}));
  LoadResult r = build_scenario(std::get<ScenarioDocument>(doc), overrides);
  if (!r.ok()) throw std::runtime_error(r.errors.front().to_string());
  return *r.scenario;
}

void BM_Trace(benchmark::State& state) {
  const Scenario s = lesson(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  std::int64_t operations = 0, kept = 0, recorded = 0;
  for (auto _ : state) {
    Engine engine(s, s.seed);
    engine.run();
    const TraceSet traces = engine.take_traces();
    operations += static_cast<std::int64_t>(engine.recorder().phase(kOverall).ops);
    kept = static_cast<std::int64_t>(traces.operations.size());
    recorded = static_cast<std::int64_t>(traces.operations_seen);
    benchmark::DoNotOptimize(traces);
  }
  state.SetItemsProcessed(operations);
  state.counters["kept"] = static_cast<double>(kept);
  state.counters["recorded"] = static_cast<double>(recorded);  // operations recorded while they ran
  state.SetLabel(kLessons[state.range(0)]);
}
BENCHMARK(BM_Trace)->ArgsProduct({{0, 1, 2}, {0, 1, 2}})->Unit(benchmark::kMillisecond);

}  // namespace
