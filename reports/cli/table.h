#pragma once
// The short human table `chaossim run` prints: headline metrics (metrics/metric_registry.h) with their unit per
// variant, mean ± 95% CI with replications, and a verdict line per expectation.

#include <string>
#include <vector>

#include "writers.h"

namespace chaossim {

std::string format_table(const std::vector<Aggregate>& variants);
std::string format_verdicts(const Aggregate& a);
// A value for people: integers without decimals, small values with 4 significant digits.
std::string human_number(double v);
// The same followed by the metric's unit where plain text can show it: "1.111×", "0.1227 s", "56940".
std::string human_value(const std::string& metric, double v);

}  // namespace chaossim
