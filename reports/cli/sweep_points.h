#pragma once
// The points of a sweep, made when they are needed. A sweep may have 10,000 points, and a scenario with many
// services and faults takes milliseconds to build and hundreds of kilobytes to hold: building and keeping every
// point before running any took minutes and gigabytes, and could not be interrupted. Here a point is only its
// index until it is built; points are built in parallel, checked for Ctrl-C between them, and only the points
// about to run are held in memory.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/loader.h"

namespace chaossim {

// The cartesian product of the axes, in odometer order: the first axis changes slowest.
struct SweepPlan {
  std::vector<Override> base;  // what every point starts from: the variant's overrides, then --set
  std::vector<SweepAxis> axes;

  std::size_t size() const;  // the number of points; 1 without axes
  // The value of every axis at `point`, in axis order.
  std::vector<const nlohmann::json*> values(std::size_t point) const;
  std::vector<Override> overrides(std::size_t point) const;  // base, then the axis values
  // "path=value" per axis joined by `separator`, escaped for the terminal (paths and values come from the file).
  std::string describe(std::size_t point, std::string_view separator) const;
  static std::string folder(std::size_t point);  // "point-001"
  // "path=value", escaped for the terminal.
  static std::string describe_value(const std::string& path, const nlohmann::json& value);
};

// One point after building: its scenario, or why it is invalid.
struct BuiltPoint {
  std::shared_ptr<const Scenario> scenario;  // empty when invalid, not built, or built only to check it
  std::vector<LoadError> errors;
  bool built = false;  // false when `cancel` stopped the building first
};

// Builds `count` scenarios, the i-th with overrides_of(i), on `jobs` threads (0: all cores), in any order but each
// into its own slot. With `keep` false each scenario is only checked and dropped at once. Stops starting builds
// once `cancel` is set.
std::vector<BuiltPoint> build_each(const ScenarioDocument& document, std::size_t count,
                                   const std::function<std::vector<Override>(std::size_t)>& overrides_of,
                                   unsigned jobs, bool keep, const std::atomic<bool>& cancel);

// Builds points [first, last) of `plan` on `jobs` threads (0: all cores), in any order but each into its own
// slot. With `keep` false each scenario is only checked and dropped at once, so checking every point of a large
// sweep costs no memory. Stops starting points once `cancel` is set.
std::vector<BuiltPoint> build_points(const ScenarioDocument& document, const SweepPlan& plan, std::size_t first,
                                     std::size_t last, unsigned jobs, bool keep, const std::atomic<bool>& cancel);

// How many points to run in one batch so that they take about `budget_bytes` while they run: their scenarios and
// then their results, both in proportion to the size of the document (services, edges and faults). At least
// `jobs`, so every thread has work.
std::size_t points_per_batch(const ScenarioDocument& document, std::size_t points, unsigned jobs,
                             std::size_t budget_bytes);

// What manifest.json needs of a finished point, a few hundred bytes whatever its size: the header of its scenario
// and its fault windows merged, with the faults' other settings dropped.
std::shared_ptr<const Scenario> record_of(const Scenario& scenario);

}  // namespace chaossim
