#include "live/http_session.h"

#include <array>

namespace chaossim::live {

tcp::acceptor listen_on(asio::io_context& io, const tcp::endpoint& at) {
  tcp::acceptor a(io);
  a.open(at.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(at);
  a.listen(asio::socket_base::max_listen_connections);
  return a;
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<asio::awaitable<void>(tcp::socket)> session) {
  for (;;) {
    error_code ec;
    tcp::socket s = co_await acceptor.async_accept(into(ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;  // a connection reset before it was accepted, or out of descriptors for a moment
    s.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(acceptor.get_executor(), session(std::move(s)), asio::detached);
  }
}

tcp::endpoint Listener::start(asio::io_context& io, const tcp::endpoint& at, Session session) {
  m_acceptor.emplace(listen_on(io, at));
  asio::co_spawn(io, accept_loop(*m_acceptor, std::move(session)), asio::detached);
  return m_acceptor->local_endpoint();
}

void Listener::stop() {
  error_code ec;
  if (m_acceptor) m_acceptor->close(ec);
}

asio::awaitable<bool> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer, Request& out) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxBodyBytes);
  parser.header_limit(kMaxHeaderBytes);
  stream.expires_after(kIdleTimeout);
  error_code ec;
  co_await http::async_read(stream, buffer, parser, into(ec));
  if (ec) co_return false;
  out = parser.release();
  co_return true;
}

Response json_response(const Request& req, int status, std::string body,
                       std::optional<std::chrono::nanoseconds> retry_after) {
  Response res{static_cast<http::status>(status), req.version()};
  res.set(http::field::content_type, "application/json");
  if (retry_after) {
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(*retry_after).count();
    res.set(http::field::retry_after, std::to_string(seconds));
  }
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

asio::awaitable<void> hold_silent(beast::tcp_stream& stream) {
  stream.expires_after(kMaxHold);
  std::array<char, 512> sink{};
  for (;;) {
    error_code ec;
    co_await stream.async_read_some(asio::buffer(sink), into(ec));
    if (ec) co_return;
  }
}

asio::awaitable<void> sleep_for(std::chrono::nanoseconds d) {
  if (d <= std::chrono::nanoseconds::zero()) co_return;
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  error_code ec;
  co_await t.async_wait(into(ec));
}

}  // namespace chaossim::live
