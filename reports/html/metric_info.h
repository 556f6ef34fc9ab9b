#pragma once
// How reports show a metric, read from its declaration in metrics/metric_registry.h: which direction is better
// (the report highlights the best variant only where that is known), its value with its unit, which metrics are
// headline ones (the table a reviewer reads first) and the hint beside its name. A name the registry does not
// know (a summary.json from another version) is shown as a plain number, unranked and without a hint.

#include <string>
#include <vector>

#include "metrics/metric_registry.h"

namespace chaossim {

Better better_direction(const std::string& metric);

// The value for people, with its unit: "99.2 %", "1.13×", "84.3 ms", "2.5 s", "1 234"; "n/a" when undefined (NaN).
std::string format_metric(const std::string& metric, double value);
// The ± half-width of a confidence interval in the same unit ("± 0.4 %").
std::string format_metric_ci(const std::string& metric, double half_width);

// The headline metrics present in `available` (a variant's metric names), in the order of `available`.
std::vector<std::string> key_metrics(const std::vector<std::string>& available);
// The few headline metrics a sweep compares point by point, in the order of `available`.
std::vector<std::string> sweep_metrics(const std::vector<std::string>& available);

// The registry's one-line description of a headline metric, shown beside its name; empty for the others, whose
// tables list names only.
std::string metric_hint(const std::string& metric);

}  // namespace chaossim
