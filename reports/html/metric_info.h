#pragma once
// What a reader needs to know about each metric of the results contract: whether lower or higher is better
// (the report highlights the best variant only where that is known), how to show its value, and which metrics
// are "key" (the table a reviewer reads first).

#include <string>
#include <vector>

namespace chaossim {

enum class Better { lower, higher, neutral };

Better better_direction(const std::string& metric);

// The value for people, with its unit: "99.2 %", "1.13×", "84.3 ms", "2.5 s", "1 234".
std::string format_metric(const std::string& metric, double value);
// The ± half-width of a confidence interval in the same unit ("± 0.4 %").
std::string format_metric_ci(const std::string& metric, double half_width);

// The key metrics present in `available` (a variant's metric names, in the contract's order).
std::vector<std::string> key_metrics(const std::vector<std::string>& available);

// A short explanation shown beside a metric name ("client attempts per operation").
std::string metric_hint(const std::string& metric);

}  // namespace chaossim
