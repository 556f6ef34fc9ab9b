#pragma once
// Processor sharing: the work steps in progress at a service share its processors equally. With n steps on P
// processors each progresses at min(1, P / n) of full speed, so a step of work w alone takes w, and with 2P
// steps in progress, 2w. This is the M/G/1-PS server of queueing theory (P = 1) and a thread pool larger than
// its CPUs.
//
// Kept as a virtual clock: `virtual_ns` is the work one step has received since the clock started, growing at
// min(1, P / n) per nanosecond; a step that joins at virtual time v with work w is done when the clock reaches
// v + w. The steps are kept in order of that finish, so a join or a completion costs O(log n) and no remaining
// work is ever rescanned. Plain state over time, like the strategies: the engine schedules one event at
// next_done() and asks take_done() which steps finished.

#include <cstdint>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "core/time.h"

namespace chaossim {

class ProcessorSharing {
 public:
  explicit ProcessorSharing(std::uint32_t processors);

  // A step of `work` at full speed joins at `now`; `token` names it in take_done() and take_all().
  void add(Instant now, Duration work, std::uint64_t token);
  // When the step that will finish first is done, if nothing joins or leaves before; nullopt when idle. Rounded
  // up to the nanosecond, so at that instant take_done() returns at least that step.
  std::optional<Instant> next_done() const;
  // Appends the tokens of the steps done by `now`, in order of finish (ties in order of joining), and removes them.
  void take_done(Instant now, std::vector<std::uint64_t>& out);
  // Removes the step named `token` before it is done (its request was cancelled); false when it is not there.
  bool remove(Instant now, std::uint64_t token);
  // Removes every step, appending each token with the work it has left at full speed (a pause freezes them).
  void take_all(Instant now, std::vector<std::pair<std::uint64_t, Duration>>& out);

  std::uint32_t running() const { return static_cast<std::uint32_t>(m_steps.size()); }
  std::uint32_t processors() const { return m_processors; }

 private:
  struct Step {
    double finish = 0;        // virtual time at which it is done
    std::uint64_t order = 0;  // joining order, to break ties
    std::uint64_t token = 0;
    bool operator>(const Step& o) const { return finish != o.finish ? finish > o.finish : order > o.order; }
  };
  // Each step's speed with the current number of steps.
  double rate() const;
  // Brings the virtual clock up to `now`.
  void advance(Instant now);

  std::uint32_t m_processors;
  double m_virtual_ns = 0;
  Instant m_updated;
  std::uint64_t m_next_order = 0;
  std::priority_queue<Step, std::vector<Step>, std::greater<>> m_steps;
};

}  // namespace chaossim
