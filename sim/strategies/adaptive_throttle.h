#pragma once
// Client-side adaptive throttling, as Google's SRE book describes it ("Handling Overload"): each client counts,
// over a sliding window (two minutes by default), the requests it made and the ones the backend accepted, and
// rejects a new request locally, without sending it, with probability
//
//     max(0, (requests - K * accepts) / (requests + 1)).
//
// While the backend accepts everything the numerator is negative and nothing is rejected. Once it accepts only
// C per second, what the client sends settles where requests sent = K * accepts: K * C, whatever the load offered
// to the client. Requests rejected locally count as requests, so the rejection rate rises with the load. K = 2
// lets the backend see twice what it accepts (it spends a little on rejecting), lower K throttles harder.
//
// Plain state over time: the caller counts a request with admit() (deciding with a uniform draw it makes) and an
// accepted reply with on_accept(). The window is a ring of kSlots slots, so memory is fixed and old counts leave
// the window a slot at a time.

#include <array>
#include <cstdint>

#include "core/time.h"

namespace chaossim {

struct ThrottleConfig {
  bool enabled = false;
  double k = 2.0;                            // accepts are multiplied by this
  Duration window = Duration::seconds(120);  // how far back requests and accepts are counted
  bool shared = false;                       // one throttle for every caller instance
  bool operator==(const ThrottleConfig&) const = default;
};

class AdaptiveThrottle {
 public:
  static constexpr std::uint32_t kSlots = 20;

  explicit AdaptiveThrottle(const ThrottleConfig& cfg);

  // The chance that a request made now is rejected, from the counts of the window (not counting it).
  double reject_probability(Instant now);
  // A request is made now: it counts as a request, and it may be sent when `uniform` (a draw in [0, 1)) is at
  // least the reject probability. Returns whether it may be sent.
  bool admit(Instant now, double uniform);
  // The backend accepted a request (it answered, and not with an overload error).
  void on_accept(Instant now);

  // Counts in the window as of the last call.
  std::uint64_t requests() const { return m_requests; }
  std::uint64_t accepts() const { return m_accepts; }

 private:
  // Moves the window on to `now`: slots that fell out of it are emptied and their counts leave the totals.
  std::uint32_t slot(Instant now);

  const ThrottleConfig* m_cfg;
  std::int64_t m_epoch = 0;  // the slot number (time / slot width) of the newest slot
  std::array<std::uint32_t, kSlots> m_slot_requests{}, m_slot_accepts{};
  std::uint64_t m_requests = 0, m_accepts = 0;
};

}  // namespace chaossim
