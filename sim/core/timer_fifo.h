#pragma once
// Timers that are always set the same delay ahead (an edge's attempt timeout) expire in the order they were set,
// so they wait in a FIFO and only the earliest sits in the event queue. A timer found stale when it reaches the
// front (its attempt was answered first, the usual case) is dropped without ever entering the queue: this keeps
// the queue small and saves one event per answered attempt. Each timer keeps the sequence number it got when it
// was set, so it runs exactly where a directly scheduled event would have.

#include <cstdint>

#include "core/event_queue.h"
#include "core/ring_fifo.h"

namespace chaossim {

struct Timer {
  Instant at;
  std::uint64_t order;  // from EventQueue::reserve_order(kind of the FIFO's event)
  std::uint32_t id, gen;
};

class TimerFifo {
 public:
  // Whether a timer due at `at` keeps the FIFO in order; if not, schedule it directly.
  bool accepts(Instant at) const { return m_timers.empty() || at >= m_timers.back().at; }

  // Adds a timer; the FIFO's own event in `q` carries `fifo_id` as its id.
  void push(EventQueue& q, std::uint32_t fifo_id, const Timer& t) {
    m_timers.push_back(t);
    if (!m_armed) arm(q, fifo_id);
  }

  // Called when this FIFO's event pops: returns the due timer and arms the next one that is not stale.
  template <class IsStale>
  Timer pop(EventQueue& q, std::uint32_t fifo_id, IsStale&& is_stale) {
    const Timer due = m_timers.front();
    m_timers.pop_front();
    m_armed = false;
    while (!m_timers.empty() && is_stale(m_timers.front())) m_timers.pop_front();
    if (!m_timers.empty()) arm(q, fifo_id);
    return due;
  }

  std::size_t size() const { return m_timers.size(); }

  // Whether the timers are in time order, as accepts() promises (for the engine's invariant checker).
  bool in_order() const {
    for (std::size_t i = 1; i < m_timers.size(); ++i)
      if (m_timers[i].at < m_timers[i - 1].at) return false;
    return true;
  }

 private:
  void arm(EventQueue& q, std::uint32_t fifo_id) {
    q.push_ordered(m_timers.front().at, m_timers.front().order, fifo_id, 0);
    m_armed = true;
  }
  RingFifo<Timer> m_timers;
  bool m_armed = false;
};

}  // namespace chaossim
