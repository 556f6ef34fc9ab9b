// The arrival-rate profile (clients.arrival.profile): the same open-loop run with a profile of 0 to 10,000 points.
// Every arrival asks for the current rate multiplier, so if looking it up cost a search over the profile, the run
// time would grow with the number of points; the engine keeps a cursor that only moves forward in time instead,
// and the rows should all cost about the same. Items processed are simulated operations, so the output reads in
// operations per second; `events_per_second` is the engine's raw speed.
//
// The profile alternates the rate between 0.5x and 1.5x at evenly spaced instants, so every size simulates about
// the same number of operations (200/s for 10 minutes, about 120,000) and only the profile's length changes.

#include <benchmark/benchmark.h>  // Google Benchmark: State, Range, counters, SetItemsProcessed

#include <cstdint>

#include "metrics/summary.h"  // chaossim::summarize: a finished run -> named metrics
#include "bench_scenarios.h"  // the single-service base scenario
#include "model/config.h"      // chaossim::Scenario and its parts, built directly
#include "model/engine.h"     // chaossim::Engine

namespace {

using namespace chaossim;

// One service, Poisson arrivals at 200/s for 10 minutes, and a profile of `points` rate changes.
Scenario with_profile(std::int64_t points) {
  Scenario s = bench::one_service_at_200_per_second("bench-rate-profile");
  for (std::int64_t i = 0; i < points; ++i)
    s.clients.arrival.profile.emplace_back(Duration{s.duration.ns / points * i}, i % 2 == 0 ? 0.5 : 1.5);
  return s;
}

void BM_RateProfile(benchmark::State& state) {
  const Scenario s = with_profile(state.range(0));
  std::uint64_t ops = 0, events = 0;
  for (auto _ : state) {
    Engine engine(s, s.seed);
    engine.run();
    RunResult result = summarize(engine, "baseline");
    benchmark::DoNotOptimize(result);
    const double* n = result.metrics().find("ops");
    ops = n ? static_cast<std::uint64_t>(*n) : 0;
    events = engine.events_processed();
  }
  const auto runs = static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(ops * state.iterations()));
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events) * runs, benchmark::Counter::kIsRate);
  state.counters["profile_points"] = static_cast<double>(state.range(0));
}
// 0 is the run without a profile: the baseline the other rows are compared with.
BENCHMARK(BM_RateProfile)->Arg(0)->RangeMultiplier(10)->Range(10, 10'000)->Unit(benchmark::kMillisecond);

}  // namespace
