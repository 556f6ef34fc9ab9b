#pragma once
// The requests waiting for a worker at one service, in lanes: one per criticality for a priority queue, lane 0 alone
// for the other disciplines. Within a lane requests are in order of arrival, so a lane's front is its oldest
// request and its back its newest; the engine (engine_queue.cpp) decides which end of which lane a worker takes.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "core/assert.h"
#include "model/config.h"  // kCriticalities
#include "model/engine_ids.h"

namespace chaossim {

class RequestQueue {
 public:
  static constexpr std::size_t kLanes = kCriticalities;

  // Keeps `*total` (the count of a service's instances together) in step with this queue's size from now on: a
  // multi-instance service knows how many requests wait at all its instances without summing them on every arrival.
  void count_into(std::uint64_t* total) { m_total = total; }

  void push(RequestSlot r, std::size_t lane) {
    m_lanes[lane].push_back(r);
    add(1);
  }
  RequestSlot pop_front(std::size_t lane) {
    CHAOSSIM_ASSERT(!m_lanes[lane].empty(), "a request taken from an empty lane");
    const RequestSlot r = m_lanes[lane].front();
    m_lanes[lane].pop_front();
    add(-1);
    return r;
  }
  RequestSlot pop_back(std::size_t lane) {
    CHAOSSIM_ASSERT(!m_lanes[lane].empty(), "a request taken from an empty lane");
    const RequestSlot r = m_lanes[lane].back();
    m_lanes[lane].pop_back();
    add(-1);
    return r;
  }
  // Removes `r` from `lane`; false when it is not there. Searched from the front: a request is cancelled because
  // its caller stopped waiting, which happens to the oldest first.
  bool erase(RequestSlot r, std::size_t lane) {
    std::deque<RequestSlot>& q = m_lanes[lane];
    const auto it = std::find(q.begin(), q.end(), r);
    if (it == q.end()) return false;
    q.erase(it);
    add(-1);
    return true;
  }
  void clear() {
    for (std::deque<RequestSlot>& q : m_lanes) q.clear();
    add(-static_cast<std::int64_t>(m_size));
  }

  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  bool empty(std::size_t lane) const { return m_lanes[lane].empty(); }
  RequestSlot front(std::size_t lane) const { return m_lanes[lane].front(); }
  // The most and the least critical lanes that hold requests; nullopt when the queue is empty.
  std::optional<std::size_t> first_lane() const {
    for (std::size_t l = 0; l < kLanes; ++l)
      if (!m_lanes[l].empty()) return l;
    return std::nullopt;
  }
  std::optional<std::size_t> last_lane() const {
    for (std::size_t l = kLanes; l-- > 0;)
      if (!m_lanes[l].empty()) return l;
    return std::nullopt;
  }

  // f(request, lane) for every request, lane by lane.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t l = 0; l < kLanes; ++l)
      for (const RequestSlot r : m_lanes[l]) f(r, l);
  }

 private:
  void add(std::int64_t delta) {
    m_size = static_cast<std::size_t>(static_cast<std::int64_t>(m_size) + delta);
    if (m_total) *m_total = static_cast<std::uint64_t>(static_cast<std::int64_t>(*m_total) + delta);
  }

  std::array<std::deque<RequestSlot>, kLanes> m_lanes;
  std::size_t m_size = 0;
  std::uint64_t* m_total = nullptr;
};

}  // namespace chaossim
