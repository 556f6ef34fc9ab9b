#pragma once
// An open-addressing hash map from non-zero 64-bit keys to small values: linear probing, power-of-two capacity,
// backward-shift deletion (no tombstones), so lookups stay short however many keys come and go. Used where the
// engine keys state by idempotency key; std::unordered_map would allocate a node per insert.

#include <cstdint>
#include <vector>

#include "core/random.h"

namespace chaossim {

template <class V>
class FlatMap {
 public:
  FlatMap() { m_slots.resize(16); }

  std::size_t size() const { return m_size; }

  V* find(std::uint64_t key) {
    std::size_t i = home(key);
    for (;;) {
      Slot& s = m_slots[i];
      if (s.key == key) return &s.value;
      if (s.key == 0) return nullptr;
      i = (i + 1) & mask();
    }
  }

  // Inserts a default value when absent. `key` must not be 0 (the empty marker).
  V& operator[](std::uint64_t key) {
    if ((m_size + 1) * 4 > m_slots.size() * 3) grow();
    std::size_t i = home(key);
    for (;;) {
      Slot& s = m_slots[i];
      if (s.key == key) return s.value;
      if (s.key == 0) {
        s.key = key;
        s.value = V{};
        ++m_size;
        return s.value;
      }
      i = (i + 1) & mask();
    }
  }

  bool erase(std::uint64_t key) {
    std::size_t i = home(key);
    for (;;) {
      if (m_slots[i].key == 0) return false;
      if (m_slots[i].key == key) break;
      i = (i + 1) & mask();
    }
    // Backward shift: pull later members of the probe run into the hole when that moves them closer to home.
    std::size_t hole = i;
    std::size_t j = i;
    for (;;) {
      j = (j + 1) & mask();
      if (m_slots[j].key == 0) break;
      const std::size_t h = home(m_slots[j].key);
      const bool between = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (!between) {
        m_slots[hole] = m_slots[j];
        hole = j;
      }
    }
    m_slots[hole] = Slot{};
    --m_size;
    return true;
  }

  void clear() {
    for (Slot& s : m_slots) s = Slot{};
    m_size = 0;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    V value{};
  };
  std::size_t mask() const { return m_slots.size() - 1; }
  std::size_t home(std::uint64_t key) const { return static_cast<std::size_t>(mix64(key)) & mask(); }
  void grow() {
    std::vector<Slot> old(m_slots.size() * 2);
    old.swap(m_slots);
    m_size = 0;
    for (const Slot& s : old)
      if (s.key != 0) (*this)[s.key] = s.value;
  }

  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
};

}  // namespace chaossim
