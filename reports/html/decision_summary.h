#pragma once
// The first thing a report says after its verdicts: one row per variant with what a reviewer decides on —
// operations, customers hit by a duplicated effect, duplicate effects, success (degraded answers apart),
// amplification overall and during the faults, p99, recovery — and which variant is best, in words, with
// confidence intervals respected (ranking.h).

#include <string>

#include "html/results.h"

namespace chaossim {

// "breaker-and-fallback: no duplicate effects, 100 % success, p99 64 ms", with a note when the ranking rests on
// one run per variant; empty when there is nothing to rank (one variant, a sweep).
std::string best_variant_sentence(const Results& r);

std::string decision_summary_html(const Results& r);
std::string decision_summary_markdown(const Results& r);

}  // namespace chaossim
