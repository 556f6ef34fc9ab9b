#include "live/fault_proxy.h"

#include <array>

namespace chaossim::live {

namespace {
// The longest an upstream may take to accept a connection or to answer. A user's service slower than this is
// answered 504 by the proxy, as a gateway would.
constexpr std::chrono::seconds kConnectTimeout{5};
constexpr std::chrono::seconds kUpstreamTimeout{120};
}  // namespace

// The deadlines of one proxied connection (idle between requests, connecting upstream, the upstream's answer, a
// silent hold), enforced by one timer per connection that looks once a second, rather than by a timer armed
// around every read and write: the proxy's cost per request is then only the messages it carries.
struct FaultProxy::Deadline {
  std::chrono::steady_clock::time_point at;
  tcp::socket* down = nullptr;
  tcp::socket* up = nullptr;
  bool ended = false;
  void in(std::chrono::seconds d) { at = std::chrono::steady_clock::now() + d; }
};

struct FaultProxy::Upstream {
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;
};

FaultProxy::FaultProxy(asio::io_context& io, tcp::endpoint upstream, FaultTimeline faults, const LiveClock& clock,
                       Observer observer)
    : m_io(io), m_upstream(upstream), m_faults(std::move(faults)), m_clock(clock), m_observer(std::move(observer)) {}

tcp::endpoint FaultProxy::start(const tcp::endpoint& at) {
  return m_listener.start(m_io, at, [this](tcp::socket s) { return session(std::move(s)); });
}

void FaultProxy::stop() { m_listener.stop(); }

asio::awaitable<void> FaultProxy::watch(std::shared_ptr<Deadline> d) {
  asio::steady_timer tick(m_io);
  while (!d->ended) {
    tick.expires_after(std::chrono::seconds(1));
    error_code ec;
    co_await tick.async_wait(into(ec));
    if (d->ended || std::chrono::steady_clock::now() < d->at) continue;
    if (d->down) d->down->close(ec);
    if (d->up) d->up->close(ec);
    co_return;
  }
}

asio::awaitable<std::optional<Response>> FaultProxy::forward(Upstream& up, Request& req, Deadline& d) {
  for (int tries = 0; tries < 2; ++tries) {
    const bool reused = up.socket.has_value();
    error_code ec;
    if (!up.socket) {
      up.socket.emplace(m_io);
      d.up = &*up.socket;
      up.buffer.clear();
      d.in(kConnectTimeout);
      co_await up.socket->async_connect(m_upstream, into(ec));
      if (ec) {
        d.up = nullptr;
        up.socket.reset();
        co_return std::nullopt;
      }
      up.socket->set_option(tcp::no_delay(true), ec);
    }
    d.in(kUpstreamTimeout);
    co_await http::async_write(*up.socket, req, into(ec));
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(kMaxHeaderBytes);
    if (!ec) co_await http::async_read(*up.socket, up.buffer, parser, into(ec));
    if (!ec) {
      Response res = parser.release();
      if (!res.keep_alive()) d.up = nullptr, up.socket.reset();
      co_return res;
    }
    // A kept-alive connection the upstream had closed fails before anything was read: that request never
    // reached it, so it is sent once more on a new connection. Any other failure is the upstream's answer.
    const bool stale = reused && !parser.got_some() &&
                       (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
                        ec == asio::error::broken_pipe || ec == asio::error::eof);
    d.up = nullptr;
    up.socket.reset();
    if (!stale) co_return std::nullopt;
  }
  co_return std::nullopt;
}

// Keeps the caller's connection open without answering until it gives up (or the hold's bound passes).
asio::awaitable<void> FaultProxy::hold(tcp::socket& down, Deadline& d) {
  d.in(kMaxHold);
  std::array<char, 512> sink{};
  for (;;) {
    error_code ec;
    co_await down.async_read_some(asio::buffer(sink), into(ec));
    if (ec) co_return;
  }
}

asio::awaitable<void> FaultProxy::session(tcp::socket down) {
  auto deadline = std::make_shared<Deadline>();
  deadline->down = &down;
  Deadline& d = *deadline;
  asio::co_spawn(m_io, watch(deadline), asio::detached);
  struct End {  // however the session ends, the watch lets go of its sockets
    Deadline& d;
    ~End() { d.ended = true, d.down = nullptr, d.up = nullptr; }
  } end{d};
  beast::flat_buffer buffer;
  Upstream up;
  for (;;) {
    d.in(kIdleTimeout);
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(kMaxHeaderBytes);
    error_code ec;
    co_await http::async_read(down, buffer, parser, into(ec));
    if (ec) break;
    Request req = parser.release();
    const Instant now = m_clock.now();
    const FaultPlan plan = m_faults.decide(now, m_requests++);
    if (m_observer) m_observer(now, plan);
    if (plan.refuse) co_return;  // closes both connections unanswered
    if (plan.swallow) {
      co_await hold(down, d);
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
      std::optional<Response> answer = co_await forward(up, req, d);
      if (!answer) {
        ++m_upstream_failures;
        co_return;  // the caller sees the connection close, as it would have seen the upstream's
      }
      if (plan.duplicate) (void)co_await forward(up, req, d);  // the network's copy; its answer goes nowhere
      if (plan.slowdown > 1.0)
        co_await sleep_for(std::chrono::nanoseconds(
            static_cast<std::int64_t>(static_cast<double>((m_clock.now() - sent).ns) * (plan.slowdown - 1.0))));
      if (plan.drop_response) {
        co_await hold(down, d);
        co_return;
      }
      if (plan.status_after_effect)
        res = json_response(req, *plan.status_after_effect, R"({"error":"injected by chaossim after the effect"})");
      else
        res = std::move(*answer);
    }
    res.keep_alive(keep_alive);
    d.in(kIdleTimeout);
    co_await http::async_write(down, res, into(ec));
    if (ec || !keep_alive) break;
  }
  error_code ec;
  down.shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace chaossim::live
