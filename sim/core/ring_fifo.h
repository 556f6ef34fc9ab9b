#pragma once
// A first-in first-out queue in one ring buffer whose capacity is 0 or a power of two: pushing and popping are an
// index and a mask, and steady-state use allocates nothing (std::deque allocates and frees a block every few
// elements as it moves). Used where a FIFO sits on a hot path: the event queue's lanes, the attempt timeouts.

#include <cstddef>
#include <vector>

#include "core/assert.h"

namespace chaossim {

template <class T>
class RingFifo {
 public:
  bool empty() const { return m_count == 0; }
  std::size_t size() const { return m_count; }
  const T& front() const { return m_items[m_head]; }
  const T& back() const { return m_items[(m_head + m_count - 1) & (m_capacity - 1)]; }
  // The k-th from the front.
  const T& operator[](std::size_t k) const { return m_items[(m_head + k) & (m_capacity - 1)]; }

  void push_back(const T& t) {
    if (m_count == m_capacity) grow();
    m_items[(m_head + m_count) & (m_capacity - 1)] = t;
    ++m_count;
  }
  void pop_front() {
    CHAOSSIM_ASSERT(m_count > 0, "pop_front() on an empty RingFifo");
    m_head = (m_head + 1) & (m_capacity - 1);
    --m_count;
  }
  // Empties it and keeps the capacity.
  void clear() { m_head = m_count = 0; }

 private:
  void grow() {
    std::vector<T> bigger(m_capacity == 0 ? 64 : 2 * m_capacity);
    for (std::size_t k = 0; k < m_count; ++k) bigger[k] = (*this)[k];
    m_items.swap(bigger);
    m_capacity = m_items.size();
    m_head = 0;
  }

  std::vector<T> m_items;
  std::size_t m_capacity = 0;  // m_items.size(), kept: that is a division by sizeof(T), on every push and pop
  std::size_t m_head = 0, m_count = 0;
};

}  // namespace chaossim
