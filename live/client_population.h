#pragma once
// The scenario's clients, for real: operations start as the scenario's arrival process says (Poisson or constant
// at `rate` with its profile and load faults, or a closed loop with think times), on the real clock, and each is
// sent over HTTP/1.1 to the service (through its fault proxy) with the strategy of the edge `clients->target`:
// timeout, retries with backoff and jitter, retry budget, circuit breaker, adaptive throttle, concurrency limit,
// bulkhead, deadline, fallback and idempotency keys. The strategies are the engine's own classes
// (sim/strategies), given the real time as "now". Double clicks and resubmits are made as the engine makes them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "live/http_attempt.h"
#include "live/live_clock.h"
#include "live/live_metrics.h"
#include "live/request_template.h"
#include "model/config.h"
#include "strategies/adaptive_throttle.h"
#include "strategies/circuit_breaker.h"
#include "strategies/concurrency_limit.h"
#include "strategies/retry_budget.h"

namespace chaossim::live {

class ClientPopulation {
 public:
  // Submissions in flight at once; beyond it an arrival is not started (and counted by not_started()), so a
  // service that stops answering cannot make the run hold unbounded connections.
  static constexpr std::size_t kMaxInFlight = 10'000;

  ClientPopulation(asio::io_context& io, const Scenario& s, std::uint64_t seed, const LiveConfig& live,
                   tcp::endpoint target, std::string host, const LiveClock& clock, LiveMetrics& metrics);

  // Starts arrivals; none start at or after `stop`.
  void start(Instant stop);
  std::size_t in_flight() const { return m_in_flight; }
  std::uint64_t not_started() const { return m_not_started; }
  // Attempts that ended without an answer because the connection failed or closed (not a timeout), and attempts
  // answered with a 5xx.
  std::uint64_t connect_errors() const { return m_connect_errors; }
  std::uint64_t server_errors() const { return m_server_errors; }
  // The operation a ledger entry names, when one of these clients started it.
  std::optional<std::uint32_t> operation_of(std::string_view id) const;

 private:
  enum class Reason : std::uint8_t { exhausted, breaker_open, bulkhead_full, throttled };
  struct Instance {  // the strategy state of one client (or of all, for shared scopes)
    std::optional<CircuitBreaker> breaker;
    std::optional<RetryBudget> budget;
    std::optional<AdaptiveThrottle> throttle;
    std::optional<ConcurrencyLimit> limit;
    std::uint32_t bulkhead = 0;
  };

  asio::awaitable<void> open_loop(Instant stop);
  asio::awaitable<void> closed_loop(std::uint32_t client, Instant stop);
  asio::awaitable<void> operation(std::uint32_t client);
  asio::awaitable<void> second_click(std::uint32_t op, std::uint32_t client, Duration gap, std::string key);
  // One submission of an operation: its call over the edge, attempt by attempt. Returns the call's outcome.
  asio::awaitable<Outcome> submission(std::uint32_t op, std::uint32_t client, std::string key);
  double rate_multiplier(Instant now) const;
  Instance& breaker_of(std::uint32_t c) { return m_instances[m_edge.breaker.shared ? 0 : c]; }
  Instance& budget_of(std::uint32_t c) { return m_instances[m_edge.retry.budget.shared ? 0 : c]; }
  Instance& throttle_of(std::uint32_t c) { return m_instances[m_edge.throttle.shared ? 0 : c]; }
  Instance& limit_of(std::uint32_t c) { return m_instances[m_edge.limit.shared ? 0 : c]; }

  asio::io_context& m_io;
  const Scenario& m_s;
  const EdgeConfig& m_edge;
  std::uint64_t m_seed;
  const LiveConfig& m_live;
  tcp::endpoint m_target;
  std::string m_host;
  const LiveClock& m_clock;
  LiveMetrics& m_metrics;
  std::string m_tag;  // makes operation ids unique to this run, so a service's store never confuses two runs
  Rng m_arrival_rng, m_choice_rng, m_jitter_rng, m_user_rng, m_amount_rng, m_throttle_rng;
  std::vector<Instance> m_instances;
  std::size_t m_in_flight = 0;
  std::uint64_t m_not_started = 0, m_keys = 0, m_connect_errors = 0, m_server_errors = 0;
};

}  // namespace chaossim::live
