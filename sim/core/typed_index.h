#pragma once
// Indexes that know what they index. A service, an edge and a pooled request are all "a uint32_t" to the machine,
// and a function taking three of them accepts them in any order; wrapped in TypedIndex<Tag>, each is its own type,
// so passing a service where an edge is expected no longer compiles. The wrapper is one uint32_t with no virtual
// anything: same size, same code.
//
// IndexedVector<Index, T> is a vector that can only be subscripted by its own kind of index.

#include <cstdint>
#include <utility>  // std::move
#include <vector>

#include "core/assert.h"

namespace chaossim {

template <class Tag>
struct TypedIndex {
  static constexpr std::uint32_t kNoneValue = 0xffffffffu;

  std::uint32_t value = 0;

  constexpr TypedIndex() = default;
  constexpr explicit TypedIndex(std::uint32_t v) : value(v) {}

  // "No such thing": a client submission has no parent request, an idle request no child call.
  static constexpr TypedIndex none() { return TypedIndex{kNoneValue}; }
  constexpr bool is_none() const { return value == kNoneValue; }

  friend constexpr bool operator==(TypedIndex, TypedIndex) = default;
};

template <class Index, class T>
class IndexedVector {
 public:
  using value_type = T;

  T& operator[](Index i) {
    CHAOSSIM_ASSERT(i.value < m_items.size(), "index past the end of its table");
    return m_items[i.value];
  }
  const T& operator[](Index i) const {
    CHAOSSIM_ASSERT(i.value < m_items.size(), "index past the end of its table");
    return m_items[i.value];
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(m_items.size()); }
  bool empty() const { return m_items.empty(); }
  void resize(std::uint32_t n) { m_items.resize(n); }
  void assign(std::uint32_t n, const T& value) { m_items.assign(n, value); }
  void reserve(std::uint32_t n) { m_items.reserve(n); }
  void push_back(T value) { m_items.push_back(std::move(value)); }

  auto begin() { return m_items.begin(); }
  auto end() { return m_items.end(); }
  auto begin() const { return m_items.begin(); }
  auto end() const { return m_items.end(); }

 private:
  std::vector<T> m_items;
};

}  // namespace chaossim
