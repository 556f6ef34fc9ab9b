#include "strategies/retry_budget.h"

#include <algorithm>

#include "core/assert.h"

namespace chaossim {

namespace {
constexpr std::uint32_t kSlots = 10;
}

RetryBudget::RetryBudget(const BudgetConfig& cfg) : m_cfg(&cfg), m_tokens(cfg.initial_tokens.value_or(cfg.max_tokens)) {
  if (cfg.type == BudgetConfig::Type::ratio || cfg.type == BudgetConfig::Type::retry_breaker)
    m_slots.assign(kSlots, Slot{});
}

RetryBudget::Slot& RetryBudget::slot(Instant now) {
  const std::int64_t width = std::max<std::int64_t>(1, m_cfg->ratio_window.ns / kSlots);
  const std::int64_t epoch = now.ns / width;
  Slot& s = m_slots[static_cast<std::size_t>(epoch % kSlots)];
  if (s.epoch != epoch) s = Slot{epoch};
  return s;
}

template <class F>
void RetryBudget::each_recent_slot(Instant now, F&& f) const {
  const std::int64_t width = std::max<std::int64_t>(1, m_cfg->ratio_window.ns / kSlots);
  const std::int64_t epoch = now.ns / width;
  for (const Slot& s : m_slots)
    if (s.epoch > epoch - static_cast<std::int64_t>(kSlots) && s.epoch <= epoch) f(s);
}

void RetryBudget::on_attempt(Instant now, bool is_retry) {
  switch (m_cfg->type) {
    case BudgetConfig::Type::ratio: {
      Slot& s = slot(now);
      ++s.requests;
      s.retries += is_retry;
      break;
    }
    case BudgetConfig::Type::concurrency: ++m_active; break;  // a retry is active since take_retry
    default: break;
  }
}

void RetryBudget::on_attempt_end(bool is_retry) {
  if (m_cfg->type != BudgetConfig::Type::concurrency) return;
  CHAOSSIM_ASSERT(m_active > 0 && (!is_retry || m_active_retries > 0), "an attempt ended that the budget never saw");
  --m_active;
  m_active_retries -= is_retry;
}

bool RetryBudget::take_retry(Instant now) {
  if (!allows_retry(now)) return false;
  if (m_cfg->type == BudgetConfig::Type::token_bucket)
    m_tokens = std::max(0.0, m_tokens - m_cfg->retry_cost);  // within a rounding error of the cost: to 0
  if (m_cfg->type == BudgetConfig::Type::concurrency) ++m_active_retries;
  return true;
}

void RetryBudget::on_retry_dropped() {
  if (m_cfg->type != BudgetConfig::Type::concurrency) return;
  CHAOSSIM_ASSERT(m_active_retries > 0, "a retry dropped that the budget never reserved");
  --m_active_retries;
}

void RetryBudget::on_result(Instant now, bool failed) {
  if (m_cfg->type == BudgetConfig::Type::token_bucket) {
    m_tokens = failed ? std::max(0.0, m_tokens - m_cfg->failure_cost)
                      : std::min(m_cfg->max_tokens, m_tokens + m_cfg->token_ratio);
  } else if (m_cfg->type == BudgetConfig::Type::retry_breaker) {
    Slot& s = slot(now);
    ++s.ended;
    s.failed += failed;
  }
}

bool RetryBudget::allows_retry(Instant now) const {
  switch (m_cfg->type) {
    case BudgetConfig::Type::none: return true;
    case BudgetConfig::Type::token_bucket:
      // Tokens are sums of fractions (ten deposits of 0.1 make 0.9999999999999999): a retry costing 1 is
      // affordable within a rounding error of it.
      return m_tokens > m_cfg->threshold.value_or(m_cfg->max_tokens / 2.0) &&
             m_tokens >= m_cfg->retry_cost * (1 - 1e-9);
    case BudgetConfig::Type::ratio: {
      std::uint64_t requests = 0, retries = 0;
      each_recent_slot(now, [&](const Slot& s) {
        requests += s.requests;
        retries += s.retries;
      });
      // Requests made without retries are what the percentage is of; the floor is per second of the window.
      const double allowed = m_cfg->percent / 100.0 * static_cast<double>(requests - retries) +
                             m_cfg->min_per_second * m_cfg->ratio_window.seconds_f();
      return static_cast<double>(retries) + 1.0 <= allowed;
    }
    case BudgetConfig::Type::concurrency: {
      // Envoy: the retry asked for would be one more active retry.
      const double allowed = std::max(static_cast<double>(m_cfg->min_retry_concurrency),
                                      m_cfg->percent / 100.0 * static_cast<double>(m_active));
      return static_cast<double>(m_active_retries) < allowed;
    }
    case BudgetConfig::Type::retry_breaker: {
      std::uint64_t ended = 0, failed = 0;
      each_recent_slot(now, [&](const Slot& s) {
        ended += s.ended;
        failed += s.failed;
      });
      return ended < m_cfg->min_calls || static_cast<double>(failed) < m_cfg->failure_rate * static_cast<double>(ended);
    }
  }
  return true;
}

}  // namespace chaossim
