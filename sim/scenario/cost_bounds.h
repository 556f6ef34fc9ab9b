#pragma once
// The arithmetic under the cost model (scenario/cost_model.h): how much load the timeline carries, and how many
// cycles a closed-loop client can make. Each function returns an upper bound on an expected value, sound for any
// distribution the format allows, heavy tails included.

#include <cstddef>

#include "core/distribution.h"
#include "model/config.h"

namespace chaossim::cost {

// The load over the run, in pieces where the profile multiplier is flat or a straight line (a ramp) and the
// product of active `load` fault factors is constant.
struct LoadTimeline {
  double open_operations = 0;  // open loop: the rate integrated over the run
  double peak_rate = 0;        // open loop: the highest rate of any piece, operations per second
  double mean_multiplier = 1;  // open loop: open_operations / (rate x duration)
  // Closed loop: seconds of think time the run holds once scaled by load faults (a factor f makes users think f
  // times less), the number of pieces, and the largest factor.
  double effective_seconds = 0;
  double pieces = 1;
  double peak_load_factor = 1;
};
LoadTimeline load_timeline(const Scenario& s);

// P(X >= t) for a sample X of `d`, t in nanoseconds. Samples are rounded to whole nanoseconds, which can only
// raise this, so the value is a lower bound and bounds built from it stay sound.
double survival(const Distribution& d, double t_ns);

// An upper bound on the expected number of cycles one closed-loop client starts in `effective_seconds` split into
// `pieces` (see LoadTimeline), each cycle being a think time drawn from `think` plus a response time >= 0. The
// smaller of two bounds:
//  - Lorden's renewal bound, where the mean and variance are finite: T / mean + pieces x (1 + variance / mean^2);
//  - for any threshold t with p = P(X >= t): at most T / t + pieces cycles can be that long, and every cycle is
//    that long with probability p, so the expected count is at most (T / t + pieces + 1) / p - 1. With t the
//    minimum of the support (p = 1) this is T / min; thresholds are tried over the whole range, so a heavy tail
//    (infinite mean, or a mean far above the median) is bounded by its quantiles instead of its mean.
double closed_loop_cycles_bound(const Distribution& think, double effective_seconds, double pieces);

}  // namespace chaossim::cost
