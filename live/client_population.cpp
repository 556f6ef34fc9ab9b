#include "live/client_population.h"

#include <algorithm>
#include <charconv>  // from_chars: operation numbers in ledger ids
#include <cmath>

#include "strategies/backoff.h"

namespace chaossim::live {

namespace {
bool retry_class_allows(std::uint8_t retry_on, const AttemptOutcome& a) {
  switch (a.kind) {
    case AttemptOutcome::Kind::timed_out: return retry_on & kRetryTimeout;
    case AttemptOutcome::Kind::connect_error: return retry_on & kRetryConnectError;
    case AttemptOutcome::Kind::answered: break;
  }
  if (a.status == 429) return retry_on & kRetry429;
  if (a.status == 409) return retry_on & kRetry409;
  return a.status >= 500 && a.status <= 599 && (retry_on & kRetry5xx);
}
}  // namespace

ClientPopulation::ClientPopulation(asio::io_context& io, const Scenario& s, std::uint64_t seed, const LiveConfig& live,
                                   tcp::endpoint target, std::string host, const LiveClock& clock, LiveMetrics& metrics)
    : m_io(io),
      m_s(s),
      m_edge(s.edges[s.client_edge()]),
      m_seed(seed),
      m_live(live),
      m_target(target),
      m_host(std::move(host)),
      m_clock(clock),
      m_metrics(metrics),
      m_arrival_rng(Rng::stream(seed, StreamKind::arrivals, 0)),
      m_choice_rng(Rng::stream(seed, StreamKind::client_choice, 0)),
      m_jitter_rng(Rng::stream(seed, StreamKind::edge_jitter, 0)),
      m_user_rng(Rng::stream(seed, StreamKind::user_behaviour, 0)),
      m_amount_rng(Rng::stream(seed, StreamKind::user_behaviour, 1)),
      m_throttle_rng(Rng::stream(seed, StreamKind::client_choice, 1)) {
  // The run's tag: different in every run, whatever the seed.
  const auto t = static_cast<std::uint64_t>(LiveClock::steady::now().time_since_epoch().count());
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::uint64_t z = mix64(t ^ seed), i = 0; i < 8; ++i, z >>= 4) m_tag.push_back(kHex[z & 15]);
  m_instances.resize(s.clients.count);
  for (std::uint32_t c = 0; c < s.clients.count; ++c) {
    Instance& in = m_instances[c];
    if (m_edge.breaker.type != BreakerConfig::Type::none && (c == 0 || !m_edge.breaker.shared))
      in.breaker.emplace(m_edge.breaker);
    if (m_edge.retry.budget.type != BudgetConfig::Type::none && (c == 0 || !m_edge.retry.budget.shared))
      in.budget.emplace(m_edge.retry.budget);
    if (m_edge.throttle.enabled && (c == 0 || !m_edge.throttle.shared)) in.throttle.emplace(m_edge.throttle);
    if (m_edge.limit.algorithm != LimitConfig::Algorithm::none && (c == 0 || !m_edge.limit.shared))
      in.limit.emplace(m_edge.limit, mix64(seed + c));
  }
}

std::optional<std::uint32_t> ClientPopulation::operation_of(std::string_view id) const {
  const std::string prefix = "op-" + m_tag + "-";
  if (!id.starts_with(prefix)) return std::nullopt;
  id.remove_prefix(prefix.size());
  std::uint32_t n = 0;
  const auto [end, err] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (err != std::errc() || end != id.data() + id.size() || n >= m_metrics.operations()) return std::nullopt;
  return n;
}

double ClientPopulation::rate_multiplier(Instant now) const {
  const auto& profile = m_s.clients.arrival.profile;
  double m = 1.0;
  Duration from = Duration::zero();
  for (const ProfilePoint& p : profile) {
    if (Instant{} + p.at <= now) {
      m = p.multiplier;
      from = p.at;
      continue;
    }
    if (p.ramp)  // on the straight line from the previous point to this one
      m += (p.multiplier - m) * (now - (Instant{} + from)).seconds_f() / (p.at - from).seconds_f();
    break;
  }
  for (const FaultConfig& f : m_s.faults)
    if (f.type == FaultConfig::Type::load && now >= Instant{} + f.start && now < Instant{} + f.end) m *= f.factor;
  return std::max(0.0, m);
}

void ClientPopulation::start(Instant stop) {
  if (m_s.clients.arrival.process == ArrivalConfig::Process::closed) {
    for (std::uint32_t c = 0; c < m_s.clients.count; ++c) asio::co_spawn(m_io, closed_loop(c, stop), asio::detached);
  } else {
    asio::co_spawn(m_io, open_loop(stop), asio::detached);
  }
}

asio::awaitable<void> ClientPopulation::open_loop(Instant stop) {
  const ArrivalConfig& a = m_s.clients.arrival;
  asio::steady_timer timer(m_io);
  Instant next = m_clock.now();
  for (;;) {
    // The gap at the rate of now: exact while the rate is flat, and a close approximation over a profile's ramp.
    const double rate = a.rate * rate_multiplier(next);
    const double gap_s =
        rate > 0 ? (a.process == ArrivalConfig::Process::poisson ? -std::log(m_arrival_rng.uniform_open0()) / rate
                                                                 : 1.0 / rate)
                 : 0.1;  // no arrivals at a rate of 0: look again a little later
    next += duration_from_seconds(gap_s);
    if (next >= stop) co_return;
    timer.expires_at(m_clock.time_point(next));
    error_code ec;
    co_await timer.async_wait(into(ec));
    if (ec) co_return;
    if (rate <= 0) continue;
    if (m_in_flight >= kMaxInFlight) {
      ++m_not_started;
      continue;
    }
    const auto client = static_cast<std::uint32_t>(m_choice_rng.below(m_s.clients.count));
    asio::co_spawn(m_io, operation(client), asio::detached);
  }
}

asio::awaitable<void> ClientPopulation::closed_loop(std::uint32_t client, Instant stop) {
  Rng think_rng = Rng::stream(m_seed, StreamKind::think_time, client);
  asio::steady_timer timer(m_io);
  const std::optional<std::uint32_t> operations = m_s.clients.arrival.operations;
  for (std::uint32_t done = 0; !operations || done < *operations; ++done) {
    Duration think = m_s.clients.arrival.think_time.sample(think_rng);
    const double load = rate_multiplier(m_clock.now());
    think = load > 0 ? duration_from_seconds(think.seconds_f() / load) : Duration::seconds(1);
    timer.expires_after(to_chrono(think));
    error_code ec;
    co_await timer.async_wait(into(ec));
    if (ec || m_clock.now() >= stop) co_return;
    co_await operation(client);
  }
}

asio::awaitable<void> ClientPopulation::operation(std::uint32_t client) {
  const Instant now = m_clock.now();
  const std::uint32_t op = m_metrics.begin_operation(now);
  const std::string key = "key-" + m_tag + "-" + std::to_string(++m_keys);
  const DoubleClickConfig& dc = m_s.clients.double_click;
  if (dc.probability > 0 && m_user_rng.bernoulli(dc.probability)) {
    const Duration gap = dc.gap.sample(m_user_rng);
    std::string second_key = dc.same_key ? key : "key-" + m_tag + "-" + std::to_string(++m_keys);
    // The second click adds load and effects; the user reads the page of the first.
    asio::co_spawn(m_io, second_click(op, client, gap, std::move(second_key)), asio::detached);
  }
  Outcome outcome = co_await submission(op, client, key);
  const ResubmitConfig& rs = m_s.clients.resubmit;
  if (outcome == Outcome::failed && rs.probability > 0 && m_user_rng.bernoulli(rs.probability)) {
    co_await sleep_for(to_chrono(rs.after.sample(m_user_rng)));
    outcome = co_await submission(op, client, "key-" + m_tag + "-" + std::to_string(++m_keys));
  }
  m_metrics.end_operation(m_clock.now(), op, outcome);
}

// A coroutine with its arguments by value: they live in its frame for as long as it runs.
asio::awaitable<void> ClientPopulation::second_click(std::uint32_t op, std::uint32_t client, Duration gap,
                                                     std::string key) {
  co_await sleep_for(to_chrono(gap));
  (void)co_await submission(op, client, std::move(key));
}

asio::awaitable<Outcome> ClientPopulation::submission(std::uint32_t op, std::uint32_t client, std::string key) {
  ++m_in_flight;
  struct Leave {  // however the submission ends
    std::size_t& n;
    ~Leave() { --n; }
  } leave{m_in_flight};
  const EdgeConfig& cfg = m_edge;
  const std::size_t edge = m_s.client_edge();
  const auto& layout = m_metrics.recorder().layout();
  m_metrics.each(m_clock.now(), [&](PhaseTotals& p) { ++p.edges[edge].calls; });
  const auto fail = [&](Reason r) {
    const FallbackConfig& fb = cfg.fallback;
    const bool fallback =
        (r == Reason::exhausted && fb.on_exhausted) || (r == Reason::breaker_open && fb.on_breaker_open) ||
        (r == Reason::bulkhead_full && fb.on_bulkhead_full) || (r == Reason::throttled && fb.on_throttled);
    return fallback ? Outcome::degraded : Outcome::failed;
  };
  Instance& bulkhead = m_instances[client];
  if (cfg.bulkhead_max_concurrent && bulkhead.bulkhead >= *cfg.bulkhead_max_concurrent)
    co_return fail(Reason::bulkhead_full);
  ++bulkhead.bulkhead;
  struct LeaveBulkhead {
    std::uint32_t& n;
    ~LeaveBulkhead() { --n; }
  } leave_bulkhead{bulkhead.bulkhead};

  CircuitBreaker* breaker = breaker_of(client).breaker ? &*breaker_of(client).breaker : nullptr;
  RetryBudget* budget = budget_of(client).budget ? &*budget_of(client).budget : nullptr;
  AdaptiveThrottle* throttle = throttle_of(client).throttle ? &*throttle_of(client).throttle : nullptr;
  ConcurrencyLimit* limit = limit_of(client).limit ? &*limit_of(client).limit : nullptr;
  const double instances = cfg.breaker.shared ? 1.0 : static_cast<double>(m_s.clients.count);
  const Instant deadline = cfg.deadline ? m_clock.now() + *cfg.deadline : Instant{} + Duration::infinite();
  const std::int64_t amount = 100 + static_cast<std::int64_t>(m_amount_rng.below(9901));
  const std::string operation = "op-" + m_tag + "-" + std::to_string(op);
  bool reserved = false;
  Duration previous_backoff = Duration::zero();
  for (std::uint32_t attempt = 1;; ++attempt) {
    Instant now = m_clock.now();
    const auto drop_reserved = [&] {
      if (reserved && budget) budget->on_retry_dropped();
      reserved = false;
    };
    if (breaker && !breaker->allow(now)) {
      drop_reserved();
      m_metrics.cell(now, series::kBreakerRejections) += 1;
      m_metrics.each(now, [](PhaseTotals& p) { ++p.breaker_rejections; });
      co_return fail(Reason::breaker_open);
    }
    if (throttle && !throttle->admit(now, m_throttle_rng.uniform())) {
      m_metrics.cell(now, series::kThrottleRejections) += 1;
      m_metrics.each(now, [](PhaseTotals& p) { ++p.throttle_rejections; });
      if (breaker) breaker->on_abandoned();
      drop_reserved();
      co_return fail(Reason::throttled);
    }
    if (limit && !limit->try_acquire()) {
      m_metrics.cell(now, series::kLimitRejections) += 1;
      m_metrics.each(now, [](PhaseTotals& p) { ++p.limit_rejections; });
      if (breaker) breaker->on_abandoned();
      drop_reserved();
      co_return fail(Reason::bulkhead_full);
    }
    const bool retry = attempt > 1;
    reserved = false;
    if (budget) budget->on_attempt(now, retry);
    // Operation records move as the run adds more: looked up afresh after every wait, never held across one.
    OperationRecord& o = m_metrics.operation(op);
    ++o.attempts;
    m_metrics.cell(now, series::kAttempts) += 1;
    m_metrics.cell(now, layout.edge(edge, series::kEdgeAttempts)) += 1;
    m_metrics.each(now, [&](PhaseTotals& p) { ++p.edges[edge].attempts; });
    if (retry) {
      ++o.retries;
      m_metrics.cell(now, series::kRetries) += 1;
    }
    RequestFields fields{operation, std::nullopt, client, attempt, amount};
    if (cfg.idempotency_key == KeyMode::per_operation) fields.key = key;
    if (cfg.idempotency_key == KeyMode::per_attempt) fields.key = key + "-" + std::to_string(attempt);
    const Request req = make_request(m_live, m_host, fields);
    const Instant started = now;
    const Duration timeout = std::min(cfg.timeout, deadline - now);
    const AttemptOutcome a = co_await send_attempt(m_target, req, to_chrono(timeout));
    now = m_clock.now();
    const Duration elapsed = now - started;
    if (budget) budget->on_attempt_end(retry);
    m_connect_errors += a.kind == AttemptOutcome::Kind::connect_error;
    m_server_errors += a.kind == AttemptOutcome::Kind::answered && a.status >= 500;
    const bool ok = a.kind == AttemptOutcome::Kind::answered && a.status >= 200 && a.status < 300;
    if (limit) {
      using Sample = ConcurrencyLimit::Sample;
      const bool dropped = a.kind != AttemptOutcome::Kind::answered || a.status == 429 || a.status == 503;
      limit->release(elapsed, ok ? Sample::success : dropped ? Sample::dropped : Sample::ignored);
    }
    const bool accepted = a.kind == AttemptOutcome::Kind::answered && a.status < 500 && a.status != 429;
    if (throttle && accepted) throttle->on_accept(now);
    if (ok) {
      if (breaker) {
        breaker->on_result(now, false, elapsed);
        if (breaker->take_opened()) m_metrics.add_breaker_open(now, now + cfg.breaker.open_for, 1.0 / instances);
      }
      if (budget) budget->on_result(now, false);
      co_return Outcome::ok;
    }
    // A 409 says "already in progress": nothing about the callee's health, for breakers and budgets.
    const bool conflict = a.kind == AttemptOutcome::Kind::answered && a.status == 409;
    if (breaker) {
      if (conflict) {
        breaker->on_abandoned();
      } else {
        breaker->on_result(now, true, elapsed);
        if (breaker->take_opened()) m_metrics.add_breaker_open(now, now + cfg.breaker.open_for, 1.0 / instances);
      }
    }
    if (budget && !conflict) budget->on_result(now, true);
    if (a.kind == AttemptOutcome::Kind::timed_out) {
      ++m_metrics.operation(op).timeouts;
      m_metrics.cell(now, series::kTimeouts) += 1;
      m_metrics.each(now, [&](PhaseTotals& p) { ++p.edges[edge].timeouts; });
    }
    if (!retry_class_allows(cfg.retry.retry_on, a) || attempt >= cfg.retry.max_attempts)
      co_return fail(Reason::exhausted);
    if (budget && !budget->take_retry(now)) {
      m_metrics.cell(now, series::kBudgetDenied) += 1;
      m_metrics.each(now, [](PhaseTotals& p) { ++p.budget_denied; });
      co_return fail(Reason::exhausted);
    }
    reserved = budget != nullptr;
    Duration delay = backoff_delay(cfg.retry.backoff, attempt, previous_backoff, m_jitter_rng);
    previous_backoff = delay;
    if (cfg.retry.respect_retry_after && a.retry_after && *a.retry_after > delay) delay = *a.retry_after;
    if (now + delay >= deadline) {
      drop_reserved();
      co_return fail(Reason::exhausted);
    }
    co_await sleep_for(to_chrono(delay));
  }
}

}  // namespace chaossim::live
