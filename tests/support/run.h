#pragma once
// Helpers for tests that run whole scenarios: load JSON text (failing the test with the loader's messages when it
// does not load), run it, and read metrics by name.

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/summary.h"
#include "model/engine.h"
#include "scenario/loader.h"

namespace chaossim::testing {

inline Scenario load(const std::string& json, const std::vector<Override>& overrides = {}) {
  auto doc = parse_scenario_document(json, "test.json");
  if (auto* errors = std::get_if<std::vector<LoadError>>(&doc)) {
    std::string all;
    for (const LoadError& e : *errors) all += e.to_string() + "\n";
    ADD_FAILURE() << all;
    return {};
  }
  LoadResult r = build_scenario(std::get<ScenarioDocument>(doc), overrides);
  std::string all;
  for (const LoadError& e : r.errors) all += e.to_string() + "\n";
  EXPECT_TRUE(r.ok()) << all;
  return r.ok() ? *r.scenario : Scenario{};
}

inline RunResult run(const Scenario& s, std::uint64_t seed) {
  if (s.services.empty()) return {};  // load() has already failed the test with the loader's messages
  Engine engine(s, seed);
  engine.run();
  return summarize(engine, "baseline");
}

inline RunResult run(const std::string& json, std::uint64_t seed = 1, const std::vector<Override>& overrides = {}) {
  return run(load(json, overrides), seed);
}

inline double metric(const RunResult& r, const std::string& name, Phase phase = kOverall) {
  const double* v = r.phases[phase].find(name);
  EXPECT_NE(v, nullptr) << "no metric " << name;
  return v ? *v : NAN;
}

// Two metric sets are the same run's when every name and every value agrees, an undefined value (NaN: nothing to
// measure) matching only another undefined one; plain == on the values would call two identical runs different.
inline ::testing::AssertionResult same_metrics(const MetricSet& a, const MetricSet& b) {
  if (a.values.size() != b.values.size())
    return ::testing::AssertionFailure() << a.values.size() << " metrics against " << b.values.size();
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const auto& [name, x] = a.values[i];
    const auto& [other, y] = b.values[i];
    if (name != other) return ::testing::AssertionFailure() << "metric " << i << ": " << name << " against " << other;
    if (!(x == y || (std::isnan(x) && std::isnan(y))))
      return ::testing::AssertionFailure() << name << ": " << x << " against " << y;
  }
  return ::testing::AssertionSuccess();
}

// Mean and standard error over independent replications (different seeds): the honest yardstick for tolerances,
// since consecutive latencies in a queue are correlated and a per-operation standard error would be too small.
struct Estimate {
  double mean = 0, se = 0;
};
template <class F>
Estimate replicate(int n, F&& one_run) {
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(one_run(static_cast<std::uint64_t>(1000 + i)));
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / n;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / (n - 1) / n)};
}

}  // namespace chaossim::testing
