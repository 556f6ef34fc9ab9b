#pragma once
// Retry budgets: a cap on retries relative to traffic, so a failing dependency is not hit by a multiple of its load.
// - token_bucket follows gRPC retry throttling (A6): the bucket starts full at max_tokens; every failed attempt
//   costs 1 token, every success adds token_ratio (capped at max_tokens); a retry is allowed only while the bucket
//   holds more than half of max_tokens.
// - ratio follows Finagle's RetryBudget / Envoy's retry budget: over the last `ratio_window`, retries may be at
//   most `percent`% of requests, plus a floor of `min_per_second` retries per second.
// Plain state over (time, outcome): no event queue.

#include <cstdint>
#include <vector>

#include "core/time.h"

namespace chaossim {

struct BudgetConfig {
  enum class Type : std::uint8_t { none, token_bucket, ratio };
  Type type = Type::none;
  bool shared = false;  // one budget for every caller instance
  double max_tokens = 100;
  double token_ratio = 0.1;
  double percent = 20;
  double min_per_second = 10;
  Duration ratio_window = Duration::seconds(10);  // the "recent requests" of the ratio budget
  bool operator==(const BudgetConfig&) const = default;
};

class RetryBudget {
 public:
  explicit RetryBudget(const BudgetConfig& cfg);

  // A request (first attempt or retry) was sent.
  void on_attempt(Instant now, bool is_retry);
  // An attempt ended; `failed` when it counts against the bucket.
  void on_result(bool failed);
  // Whether a retry may be sent now. Does not consume anything: call on_attempt when it is sent.
  bool allow_retry(Instant now);

  double tokens() const { return m_tokens; }

 private:
  struct Slot {
    std::int64_t epoch = -1;
    std::uint32_t requests = 0, retries = 0;
  };
  Slot& slot(Instant now);

  const BudgetConfig* m_cfg;
  double m_tokens;
  std::vector<Slot> m_slots;  // ratio: one slot per second-ish of the window
};

}  // namespace chaossim
