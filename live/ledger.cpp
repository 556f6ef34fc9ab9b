#include "live/ledger.h"

namespace chaossim::live {

std::uint32_t Ledger::record(std::string_view operation, std::size_t effect) {
  auto it = m_ops.find(std::string(operation));
  if (it == m_ops.end()) {
    if (m_ops.size() >= kMaxOperations) {
      m_overflowed = true;
      return 0;
    }
    it = m_ops.emplace(std::string(operation), std::vector<std::uint32_t>(m_effects, 0)).first;
  }
  return ++it->second[effect];
}

}  // namespace chaossim::live
