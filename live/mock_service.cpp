#include "live/mock_service.h"

#include <nlohmann/json.hpp>  // request bodies

namespace chaossim::live {

namespace {
// How long a request whose key is in flight waits for the first one's answer (in_flight "wait"), polling.
constexpr auto kWaitPoll = std::chrono::milliseconds(2);
constexpr auto kMaxWait = std::chrono::seconds(30);
}  // namespace

MockService::MockService(asio::io_context& io, const Scenario& s, std::uint32_t service, std::uint64_t seed,
                         const LiveConfig& live, const LiveClock& clock, LiveMetrics& metrics, Ledger& ledger)
    : m_io(io),
      m_s(s),
      m_cfg(s.services[service]),
      m_service(service),
      m_live(live),
      m_clock(clock),
      m_metrics(metrics),
      m_ledger(ledger),
      m_faults(FaultTimeline::for_mock(s, seed, service)),
      m_work_rng(Rng::stream(seed, StreamKind::service_work, service)) {}

tcp::endpoint MockService::start(const tcp::endpoint& at) {
  return m_listener.start(m_io, at, [this](tcp::socket s) { return session(std::move(s)); });
}

void MockService::stop() { m_listener.stop(); }

asio::awaitable<void> MockService::session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  // A crashed service refuses connections: closed before a byte is read.
  if (m_faults.crashed(m_clock.now())) co_return;
  beast::flat_buffer buffer;
  for (;;) {
    Request req;
    if (!co_await read_request(stream, buffer, req)) break;
    std::optional<Response> res = co_await handle(req);
    if (!res) {
      if (m_faults.crashed(m_clock.now())) co_return;  // lost in the crash: the connection goes with it
      co_await hold_silent(stream);
      co_return;
    }
    error_code ec;
    co_await http::async_write(stream, *res, into(ec));
    if (ec || !res->keep_alive()) break;
  }
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

std::optional<std::string> MockService::operation_of(const Request& req) const {
  if (m_live.operation_header) {
    const auto it = req.find(*m_live.operation_header);
    if (it == req.end() || it->value().empty()) return std::nullopt;
    return std::string(view(it->value()));
  }
  const nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
  if (!body.is_object()) return std::nullopt;
  const auto it = body.find(m_live.operation_field);
  if (it == body.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return std::nullopt;
}

asio::awaitable<std::optional<Response>> MockService::handle(const Request& req) {
  const Instant now = m_clock.now();
  const std::uint64_t n = m_requests++;
  m_metrics.cell(now, m_metrics.recorder().layout().service(m_service, series::kServiceRequests)) += 1;
  m_metrics.each(now, [&](PhaseTotals& p) { ++p.services[m_service].requests; });
  // A memory store forgets everything in a crash.
  const bool crashed = m_faults.crashed(now);
  if (crashed && !m_cfg.idempotency.durable) m_store.clear();
  m_was_crashed = crashed;
  const FaultPlan plan = m_faults.decide(now, n);
  if (plan.refuse || plan.swallow) co_return std::nullopt;
  if (plan.hold_until > now) co_await sleep_for(to_chrono(plan.hold_until - now));
  if (plan.error_status)
    co_return json_response(req, *plan.error_status, R"({"error":"injected"})",
                            plan.retry_after ? std::optional(to_chrono(*plan.retry_after)) : std::nullopt);

  const std::optional<std::string> operation = operation_of(req);
  if (!operation) {
    ++m_unattributed;
    const std::string where =
        m_live.operation_header ? "header " + *m_live.operation_header : "body field " + m_live.operation_field;
    co_return json_response(req, 400,
                            nlohmann::json{{"error", "the request names no operation (" + where + ")"}}.dump(
                                -1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  // Idempotency as Stripe does it: the key's stored answer, or 409 while the first request is in flight.
  const auto key_field = req.find("Idempotency-Key");
  const bool dedupe = m_cfg.idempotency.enabled && key_field != req.end() && !key_field->value().empty();
  if (dedupe && plan.store_outage && plan.outage_fail_closed)
    co_return json_response(req, 503, R"({"error":"idempotency store unavailable"})");
  const bool use_store = dedupe && !plan.store_outage;
  const std::string key = use_store ? std::string(view(key_field->value())) : std::string();
  if (use_store) {
    auto deadline = std::chrono::steady_clock::now() + kMaxWait;
    for (auto it = m_store.find(key); it != m_store.end(); it = m_store.find(key)) {
      if (it->second.completed) {
        Response res = json_response(req, it->second.status, it->second.body);
        res.set("Idempotent-Replayed", "true");
        co_return res;
      }
      if (!m_cfg.idempotency.in_flight_wait || std::chrono::steady_clock::now() > deadline)
        co_return json_response(req, 409, R"({"error":"a request with this key is in progress"})");
      co_await sleep_for(kWaitPoll);
    }
    if (m_store.size() < Ledger::kMaxOperations) m_store[key] = Stored{};
  }
  std::optional<Response> res = co_await run_handler(req, *operation, plan);
  if (use_store) {
    const bool keep = res && (res->result_int() < 400 || m_cfg.idempotency.cache_errors);
    if (keep)
      m_store[key] = Stored{true, static_cast<int>(res->result_int()), res->body()};
    else
      m_store.erase(key);
  }
  co_return res;
}

asio::awaitable<std::optional<Response>> MockService::run_handler(const Request& req, const std::string& operation,
                                                                  const FaultPlan& plan) {
  for (const Step& step : m_cfg.handler) {
    if (step.kind == Step::Kind::work) {
      const Duration d = step.work.sample(m_work_rng);
      co_await sleep_for(
          std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(d.ns) * plan.slowdown)));
      if (m_faults.crashed(m_clock.now())) co_return std::nullopt;  // the crash took the work in progress
    } else if (step.kind == Step::Kind::effect) {
      const std::uint32_t times = m_ledger.record(operation, step.index);
      m_metrics.on_effect(m_clock.now(), step.index, times > 1);
    }
  }
  if (plan.status_after_effect)
    co_return json_response(req, *plan.status_after_effect, R"({"error":"injected after the effect"})");
  const nlohmann::json body = {
      {"id", m_cfg.name + "_" + std::to_string(++m_answers)}, {"operation", operation}, {"status", "succeeded"}};
  co_return json_response(req, 200, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace chaossim::live
