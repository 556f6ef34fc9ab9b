#pragma once
// The pending-event set: a 4-ary min-heap of small plain events ordered by (time, sequence number).
//
// Why a 4-ary heap: it halves the depth of a binary heap and a node's four children share a cache line pair, so a
// pop touches about half as many lines as std::priority_queue does. Events are 24-byte values stored inline, so
// scheduling never allocates once the vector has grown to the run's high-water mark.

#include <cstdint>
#include <vector>

#include "core/time.h"

namespace chaossim {

// What an event means is up to the model: `kind` selects the handler, `id` names a pooled object and `gen` is that
// object's generation when the event was scheduled, so an event for an object that has since been reused or
// cancelled is recognised and skipped when it is popped (lazy cancellation: nothing is ever searched for).
struct Event {
  Instant time;
  std::uint64_t order;  // sequence number << 8 | kind: unique, so ties in time break first-in first-out
  std::uint32_t id;
  std::uint32_t gen;

  std::uint8_t kind() const { return static_cast<std::uint8_t>(order & 0xff); }
  std::uint64_t sequence() const { return order >> 8; }
};

inline bool runs_before(const Event& a, const Event& b) {
  return a.time.ns < b.time.ns || (a.time.ns == b.time.ns && a.order < b.order);
}

class EventQueue {
 public:
  void reserve(std::size_t n) { m_heap.reserve(n); }
  bool empty() const { return m_heap.empty(); }
  std::size_t size() const { return m_heap.size(); }
  // Number of events ever pushed; also the next sequence number.
  std::uint64_t scheduled() const { return m_next_sequence; }

  const Event& top() const { return m_heap.front(); }

  void push(Instant time, std::uint8_t kind, std::uint32_t id, std::uint32_t gen) {
    push_ordered(time, reserve_order(kind), id, gen);
  }

  // Takes the next sequence number now for an event that will be pushed later (see TimerFifo): it then runs
  // exactly where it would have run had it been pushed at this moment.
  std::uint64_t reserve_order(std::uint8_t kind) { return (m_next_sequence++ << 8) | kind; }
  void push_ordered(Instant time, std::uint64_t order, std::uint32_t id, std::uint32_t gen) {
    const Event e{time, order, id, gen};
    std::size_t hole = m_heap.size();
    m_heap.push_back(e);
    sift_up(hole, e);
  }

  Event pop() {
    const Event result = m_heap.front();
    const Event last = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) sift_down_from_root(last);
    return result;
  }

  void clear() {
    m_heap.clear();
    m_next_sequence = 0;
  }

 private:
  static constexpr std::size_t kArity = 4;

  void sift_up(std::size_t hole, const Event& e) {
    Event* h = m_heap.data();
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!runs_before(e, h[parent])) break;
      h[hole] = h[parent];
      hole = parent;
    }
    h[hole] = e;
  }

  // Floyd's trick: walk the hole down along the smallest children to a leaf without comparing against `e`, then
  // sift `e` up from there. The element moved from the back usually belongs near the bottom, so this saves about
  // one comparison per level.
  void sift_down_from_root(const Event& e) {
    Event* h = m_heap.data();
    const std::size_t n = m_heap.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = hole * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (runs_before(h[c], h[best])) best = c;
      h[hole] = h[best];
      hole = best;
    }
    sift_up(hole, e);
  }

  std::vector<Event> m_heap;
  std::uint64_t m_next_sequence = 0;
};

}  // namespace chaossim
