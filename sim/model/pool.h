#pragma once
// Pooled slots reused through a free list: per-request state costs no allocation once the pool has grown to the
// run's high-water mark, and memory follows what is in flight, not how much has been simulated. Each item carries
// a generation bumped on release, so events naming a released slot are recognised as stale.

#include <cstdint>
#include <vector>

namespace chaossim {

template <class T>
class Pool {
 public:
  std::uint32_t acquire() {
    if (!m_free.empty()) {
      const std::uint32_t i = m_free.back();
      m_free.pop_back();
      const std::uint32_t gen = m_items[i].gen;
      m_items[i] = T{};
      m_items[i].gen = gen;
      m_items[i].live = true;
      return i;
    }
    m_items.emplace_back();
    m_items.back().live = true;
    return static_cast<std::uint32_t>(m_items.size() - 1);
  }
  void release(std::uint32_t i) {
    ++m_items[i].gen;
    m_items[i].live = false;
    m_free.push_back(i);
  }
  T& operator[](std::uint32_t i) { return m_items[i]; }
  const T& operator[](std::uint32_t i) const { return m_items[i]; }
  std::uint32_t capacity() const { return static_cast<std::uint32_t>(m_items.size()); }
  std::uint32_t live() const { return static_cast<std::uint32_t>(m_items.size() - m_free.size()); }

 private:
  std::vector<T> m_items;
  std::vector<std::uint32_t> m_free;
};

}  // namespace chaossim
