#pragma once
// The short human table `chaossim run` prints: key metrics per variant, mean ± 95% CI with replications, and a
// verdict line per expectation.

#include <string>
#include <vector>

#include "writers.h"

namespace chaossim {

std::string format_table(const std::vector<Aggregate>& variants);
std::string format_verdicts(const Aggregate& a);
// A value for people: integers without decimals, small values with 4 significant digits.
std::string human_number(double v);

}  // namespace chaossim
