#include "strategies/retry_budget.h"

#include <algorithm>

namespace chaossim {

namespace {
constexpr std::uint32_t kRatioSlots = 10;
}

RetryBudget::RetryBudget(const BudgetConfig& cfg) : m_cfg(&cfg), m_tokens(cfg.max_tokens) {
  if (cfg.type == BudgetConfig::Type::ratio) m_slots.assign(kRatioSlots, Slot{});
}

RetryBudget::Slot& RetryBudget::slot(Instant now) {
  const std::int64_t width = std::max<std::int64_t>(1, m_cfg->ratio_window.ns / kRatioSlots);
  const std::int64_t epoch = now.ns / width;
  Slot& s = m_slots[static_cast<std::size_t>(epoch % kRatioSlots)];
  if (s.epoch != epoch) s = Slot{epoch, 0, 0};
  return s;
}

void RetryBudget::on_attempt(Instant now, bool is_retry) {
  if (m_cfg->type != BudgetConfig::Type::ratio) return;
  Slot& s = slot(now);
  ++s.requests;
  s.retries += is_retry;
}

void RetryBudget::on_result(bool failed) {
  if (m_cfg->type != BudgetConfig::Type::token_bucket) return;
  m_tokens = failed ? std::max(0.0, m_tokens - 1.0) : std::min(m_cfg->max_tokens, m_tokens + m_cfg->token_ratio);
}

bool RetryBudget::allow_retry(Instant now) {
  switch (m_cfg->type) {
    case BudgetConfig::Type::none: return true;
    case BudgetConfig::Type::token_bucket: return m_tokens > m_cfg->max_tokens / 2.0;
    case BudgetConfig::Type::ratio: {
      const std::int64_t width = std::max<std::int64_t>(1, m_cfg->ratio_window.ns / kRatioSlots);
      const std::int64_t epoch = now.ns / width;
      std::uint64_t requests = 0, retries = 0;
      for (const Slot& s : m_slots) {
        if (s.epoch > epoch - static_cast<std::int64_t>(kRatioSlots) && s.epoch <= epoch) {
          requests += s.requests;
          retries += s.retries;
        }
      }
      // Requests made without retries are what the percentage is of; the floor is per second of the window.
      const double allowed = m_cfg->percent / 100.0 * static_cast<double>(requests - retries) +
                             m_cfg->min_per_second * m_cfg->ratio_window.seconds_f();
      return static_cast<double>(retries) + 1.0 <= allowed;
    }
  }
  return true;
}

}  // namespace chaossim
