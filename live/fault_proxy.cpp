#include "live/fault_proxy.h"

namespace chaossim::live {

namespace {
// The longest an upstream may take to accept a connection or to answer. A user's service slower than this is
// answered 504 by the proxy, as a gateway would.
constexpr std::chrono::seconds kConnectTimeout{5};
constexpr std::chrono::seconds kUpstreamTimeout{120};
}  // namespace

struct FaultProxy::Upstream {
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

FaultProxy::FaultProxy(asio::io_context& io, tcp::endpoint upstream, FaultTimeline faults, const LiveClock& clock,
                       Observer observer)
    : m_io(io), m_upstream(upstream), m_faults(std::move(faults)), m_clock(clock), m_observer(std::move(observer)) {}

tcp::endpoint FaultProxy::start(const tcp::endpoint& at) {
  return m_listener.start(m_io, at, [this](tcp::socket s) { return session(std::move(s)); });
}

void FaultProxy::stop() { m_listener.stop(); }

asio::awaitable<std::optional<Response>> FaultProxy::forward(Upstream& up, Request& req) {
  for (int tries = 0; tries < 2; ++tries) {
    const bool reused = up.stream.has_value();
    error_code ec;
    if (!up.stream) {
      up.stream.emplace(co_await asio::this_coro::executor);
      up.buffer.clear();
      up.stream->expires_after(kConnectTimeout);
      co_await up.stream->async_connect(m_upstream, into(ec));
      if (ec) {
        up.stream.reset();
        co_return std::nullopt;
      }
      up.stream->socket().set_option(tcp::no_delay(true), ec);
    }
    up.stream->expires_after(kUpstreamTimeout);
    co_await http::async_write(*up.stream, req, into(ec));
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(kMaxHeaderBytes);
    if (!ec) co_await http::async_read(*up.stream, up.buffer, parser, into(ec));
    if (!ec) {
      Response res = parser.release();
      if (!res.keep_alive()) up.stream.reset();
      co_return res;
    }
    // A kept-alive connection the upstream had closed fails before anything was read: that request never
    // reached it, so it is sent once more on a new connection. Any other failure is the upstream's answer.
    const bool stale = reused && !parser.got_some() &&
                       (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
                        ec == asio::error::broken_pipe || ec == asio::error::eof);
    up.stream.reset();
    if (!stale) co_return std::nullopt;
  }
  co_return std::nullopt;
}

asio::awaitable<void> FaultProxy::session(tcp::socket socket) {
  beast::tcp_stream down(std::move(socket));
  beast::flat_buffer buffer;
  Upstream up;
  for (;;) {
    Request req;
    if (!co_await read_request(down, buffer, req)) break;
    const Instant now = m_clock.now();
    const FaultPlan plan = m_faults.decide(now, m_requests++);
    if (m_observer) m_observer(now, plan);
    if (plan.refuse) co_return;  // closes both connections unanswered
    if (plan.swallow) {
      co_await hold_silent(down);
      co_return;
    }
    const bool keep_alive = req.keep_alive();
    Response res;
    if (plan.error_status) {
      res = json_response(req, *plan.error_status, R"({"error":"injected by chaossim"})",
                          plan.retry_after ? std::optional(to_chrono(*plan.retry_after)) : std::nullopt);
    } else {
      if (plan.hold_until > now) co_await sleep_for(to_chrono(plan.hold_until - now));
      co_await sleep_for(to_chrono(plan.delay));
      const Instant sent = m_clock.now();
      req.keep_alive(true);  // the upstream connection outlives this request
      std::optional<Response> answer = co_await forward(up, req);
      if (!answer) {
        ++m_upstream_failures;
        co_return;  // the caller sees the connection close, as it would have seen the upstream's
      }
      if (plan.duplicate) (void)co_await forward(up, req);  // the network's copy; its answer goes nowhere
      if (plan.slowdown > 1.0)
        co_await sleep_for(std::chrono::nanoseconds(
            static_cast<std::int64_t>(static_cast<double>((m_clock.now() - sent).ns) * (plan.slowdown - 1.0))));
      if (plan.drop_response) {
        co_await hold_silent(down);
        co_return;
      }
      if (plan.status_after_effect)
        res = json_response(req, *plan.status_after_effect, R"({"error":"injected by chaossim after the effect"})");
      else
        res = std::move(*answer);
    }
    res.keep_alive(keep_alive);
    error_code ec;
    co_await http::async_write(down, res, into(ec));
    if (ec || !keep_alive) break;
  }
  error_code ec;
  down.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace chaossim::live
