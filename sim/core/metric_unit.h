#pragma once
// The unit of a figure chaossim reports: a metric (metrics/metric_registry.h) or a time-series column
// (model/series_columns.h). Declared here, below both, so that each declares its unit beside its name.

#include <cstdint>

namespace chaossim {

enum class MetricUnit : std::uint8_t {
  count,       // a number of things
  fraction,    // a ratio from 0 to 1 (shown as a percentage in reports)
  multiplier,  // a ratio of two counts that can exceed 1 (×)
  seconds,
  boolean,  // 1 or 0; over replications, the share of runs where it held
};

}  // namespace chaossim
