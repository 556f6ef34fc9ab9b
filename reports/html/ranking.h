#pragma once
// Which configurations a table marks as best (★) for one metric. A star claims that the difference is real, so it
// needs statistics: the best mean wins only against configurations that are significantly worse (Welch's t-test
// at 95%, aggregate.h); configurations not significantly different from the best share its star. One replication
// has no spread, so with one nothing is starred: reports say to run replications instead.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aggregate.h"  // Estimate, significantly_different

namespace chaossim {

// `values` holds one entry per configuration (nullopt: absent, undefined, or not to be ranked, such as a failing
// sweep point). Empty when the metric has no better direction, when fewer than two are present, or when no
// present configuration is significantly worse than the best.
std::set<std::size_t> best_configurations(const std::string& metric, const std::vector<std::optional<Estimate>>& values);

// The sentence a table's legend says about its stars, for results with this many replications of each
// configuration, which the sentence calls `noun` ("variant", "point").
std::string best_legend(std::size_t replications, const std::string& noun);

}  // namespace chaossim
