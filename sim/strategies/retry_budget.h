#pragma once
// Retry budgets: a cap on retries relative to traffic, so a failing dependency is not hit by a multiple of its load.
// The shapes the field uses, each a setting of one of these types:
// - token_bucket: a bucket of `max_tokens`, starting at `initial_tokens` (full by default). A failed attempt takes
//   `failure_cost` tokens, a successful one adds `token_ratio` (capped), a retry takes `retry_cost` when it is sent;
//   a retry may go only while the bucket holds more than `threshold` (half of max_tokens by default) and at least
//   its cost. gRPC retry throttling (A6) is the default setting; Brooker's adaptive bucket (and the AWS SDKs'
//   retry quota) is `failure_cost` 0, `retry_cost` 1, `threshold` 0: retries spend what successes earned.
// - ratio (Finagle's RetryBudget): over the last `ratio_window`, retries at most `percent`% of the requests, plus a
//   floor of `min_per_second` retries per second.
// - concurrency (Envoy's retry budget): retries in flight at most `percent`% of the attempts in flight, and never
//   fewer than `min_retry_concurrency`.
// - retry_breaker: first attempts always go; retries stop while, over the last `ratio_window`, at least `min_calls`
//   attempts ended and `failure_rate` of them failed.
// Plain state over (time, outcome): no event queue.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/time.h"

namespace chaossim {

struct BudgetConfig {
  enum class Type : std::uint8_t { none, token_bucket, ratio, concurrency, retry_breaker };
  Type type = Type::none;
  bool shared = false;  // one budget for every caller instance
  // token_bucket
  double max_tokens = 100;
  double token_ratio = 0.1;
  std::optional<double> initial_tokens = std::nullopt;  // max_tokens when absent
  double failure_cost = 1;
  double retry_cost = 0;
  std::optional<double> threshold = std::nullopt;  // max_tokens / 2 when absent
  // ratio and concurrency
  double percent = 20;
  double min_per_second = 10;
  std::uint32_t min_retry_concurrency = 3;
  // retry_breaker
  double failure_rate = 0.5;
  std::uint32_t min_calls = 10;
  Duration ratio_window = Duration::seconds(10);  // "recent" for ratio and retry_breaker
  bool operator==(const BudgetConfig&) const = default;
};

class RetryBudget {
 public:
  explicit RetryBudget(const BudgetConfig& cfg);

  // Whether a retry may be scheduled now, and if so it is reserved at once: a token bucket spends `retry_cost`, a
  // concurrency budget counts the retry as active from now through its backoff (as Envoy does). Deciding at the
  // failure and spending only when the retry is sent, after its backoff, would let every failure of a burst spend
  // the same token. A reserved retry is then sent (on_attempt) or dropped (on_retry_dropped).
  bool take_retry(Instant now);
  // A reserved retry will not be sent after all (a deadline, a breaker, the caller gone).
  void on_retry_dropped();
  // An attempt (first or retry) was sent.
  void on_attempt(Instant now, bool is_retry);
  // An attempt that on_attempt announced is no longer in flight (it ended, timed out or was abandoned).
  void on_attempt_end(bool is_retry);
  // An attempt ended with this outcome; `failed` when it counts against the budget.
  void on_result(Instant now, bool failed);

  double tokens() const { return m_tokens; }
  std::uint32_t active() const { return m_active; }
  std::uint32_t active_retries() const { return m_active_retries; }

 private:
  struct Slot {
    std::int64_t epoch = -1;
    std::uint32_t requests = 0, retries = 0;  // ratio
    std::uint32_t ended = 0, failed = 0;      // retry_breaker
  };
  Slot& slot(Instant now);
  bool allows_retry(Instant now) const;
  template <class F>
  void each_recent_slot(Instant now, F&& f) const;

  const BudgetConfig* m_cfg;
  double m_tokens;
  // concurrency: attempts in flight, and retries from their reservation until they end
  std::uint32_t m_active = 0, m_active_retries = 0;
  std::vector<Slot> m_slots;  // ratio, retry_breaker: one slot per tenth of the window
};

}  // namespace chaossim
