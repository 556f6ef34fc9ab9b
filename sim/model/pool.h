#pragma once
// Pooled slots reused through a free list: per-request state costs no allocation once the pool has grown to the
// run's high-water mark, and memory follows what is in flight, not how much has been simulated. Each item carries
// a generation bumped on release, so events naming a released slot are recognised as stale.
//
// Items are plain structs with `gen` and `live` members; Slot is the pool's own index type (model/engine_ids.h),
// so a call slot cannot be used to look up a request.

#include <cstdint>
#include <string>
#include <vector>

#include "core/assert.h"
#include "model/engine_ids.h"

namespace chaossim {

template <class T, class Slot>
class Pool {
 public:
  Slot acquire() {
    if (!m_free.empty()) {
      const Slot i = m_free.back();
      m_free.pop_back();
      T& item = m_items[i.value];
      CHAOSSIM_ASSERT(!item.live, "a slot on the free list is live");
      const std::uint32_t gen = item.gen;
      item = T{};
      item.gen = gen;
      item.live = true;
      return i;
    }
    CHAOSSIM_ASSERT(m_items.size() < Slot::kNoneValue, "pool full: slot numbers exhausted");
    m_items.emplace_back();
    m_items.back().live = true;
    return Slot{static_cast<std::uint32_t>(m_items.size() - 1)};
  }
  void release(Slot i) {
    CHAOSSIM_ASSERT(i.value < m_items.size() && m_items[i.value].live, "release of a slot that is not live");
    ++m_items[i.value].gen;
    m_items[i.value].live = false;
    m_free.push_back(i);
  }

  T& operator[](Slot i) {
    CHAOSSIM_ASSERT(i.value < m_items.size(), "slot past the end of its pool");
    return m_items[i.value];
  }
  const T& operator[](Slot i) const {
    CHAOSSIM_ASSERT(i.value < m_items.size(), "slot past the end of its pool");
    return m_items[i.value];
  }

  // The slot's object as it is now, to recognise it later.
  Ref<Slot> ref(Slot i) const { return {i, (*this)[i].gen}; }
  // Whether the slot still holds the object `r` was taken from: it is live and nothing has bumped its generation
  // since (a release does, and so do the owners of calls and requests when an attempt or a work step is over).
  // This is the one test every event, reply and timer makes before it acts on a pooled object.
  bool is_current(Ref<Slot> r) const {
    const T& item = (*this)[r.slot];
    return item.live && item.gen == r.gen;
  }

  std::uint32_t capacity() const { return static_cast<std::uint32_t>(m_items.size()); }
  std::uint32_t live() const { return static_cast<std::uint32_t>(m_items.size() - m_free.size()); }

  // The invariant checker's question: do the free list and the live slots partition the pool? Every slot must be
  // exactly one of live or free, and the free list must name each free slot once. Returns what is wrong, or an
  // empty string. Linear in the pool's capacity; `on_free_list` is scratch space, reused between calls.
  std::string partition_error(std::vector<char>& on_free_list) const {
    on_free_list.assign(m_items.size(), 0);
    for (const Slot i : m_free) {
      if (i.value >= m_items.size()) return "free list names slot " + std::to_string(i.value) + " past the end";
      if (on_free_list[i.value]) return "free list names slot " + std::to_string(i.value) + " twice";
      if (m_items[i.value].live) return "slot " + std::to_string(i.value) + " is both live and on the free list";
      on_free_list[i.value] = 1;
    }
    for (std::size_t i = 0; i < m_items.size(); ++i)
      if (!m_items[i].live && !on_free_list[i])
        return "slot " + std::to_string(i) + " is neither live nor on the free list (leaked)";
    return {};
  }

 private:
  std::vector<T> m_items;
  std::vector<Slot> m_free;
};

}  // namespace chaossim
