#pragma once
// The side-effect ledger of a live run: every effect a mocked dependency performs, counted against the logical
// operation its request names (live.operation_field or live.operation_header). As in the engine, duplicates are
// executions beyond the first. Memory is bounded: at most kMaxOperations distinct operations are kept; effects of
// operations beyond that are still counted as executed but can no longer be told apart as duplicates, and
// overflowed() says so.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chaossim::live {

class Ledger {
 public:
  static constexpr std::size_t kMaxOperations = 2'000'000;

  explicit Ledger(std::size_t effects) : m_effects(effects) {}

  // Records one execution of `effect` for `operation`; returns how many times it has now run for it (1 the first
  // time), or 0 when the ledger is full and the operation is not in it.
  std::uint32_t record(std::string_view operation, std::size_t effect);

  // Executions per effect, by operation.
  const std::unordered_map<std::string, std::vector<std::uint32_t>>& operations() const { return m_ops; }
  bool overflowed() const { return m_overflowed; }

 private:
  std::size_t m_effects;
  std::unordered_map<std::string, std::vector<std::uint32_t>> m_ops;
  bool m_overflowed = false;
};

}  // namespace chaossim::live
