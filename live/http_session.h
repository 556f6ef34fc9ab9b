#pragma once
// What the mock and the proxy share on the server side: accepting on one listening socket, reading requests with
// bounded size and idle time, writing small JSON answers, and holding a connection silent until its peer gives up
// (a lost request or reply, as the caller experiences one).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "live/asio.h"

namespace chaossim::live {

// How long a server connection may stay idle between requests, and the longest a connection is held silent.
inline constexpr std::chrono::seconds kIdleTimeout{60};
inline constexpr std::chrono::seconds kMaxHold{300};

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A listening socket bound to `at` (port 0: chosen by the OS). Throws boost::system::system_error.
tcp::acceptor listen_on(asio::io_context& io, const tcp::endpoint& at);

// Accepts connections for ever, running `session` on each (every session is its own coroutine).
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<asio::awaitable<void>(tcp::socket)> session);

// The listening side of a server (the proxy, a mock): binds, then runs `session` on every connection it accepts,
// until stop(). It must not move once started: the accepting coroutine holds on to it.
class Listener {
 public:
  using Session = std::function<asio::awaitable<void>(tcp::socket)>;
  // Binds `at` (port 0: chosen by the OS) and starts accepting; returns the address. Throws system_error.
  tcp::endpoint start(asio::io_context& io, const tcp::endpoint& at, Session session);
  void stop();

 private:
  std::optional<tcp::acceptor> m_acceptor;
};

// Reads one request; false on end of stream, error, idle timeout or a message over the limits.
asio::awaitable<bool> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer, Request& out);

// A JSON answer with `status` and, when given, Retry-After in whole seconds (rounded up).
Response json_response(const Request& req, int status, std::string body,
                       std::optional<std::chrono::nanoseconds> retry_after = std::nullopt);

// Keeps the connection open without answering until the peer closes it (it timed out) or kMaxHold passes.
asio::awaitable<void> hold_silent(beast::tcp_stream& stream);

// Waits `d` on the stream's executor.
asio::awaitable<void> sleep_for(std::chrono::nanoseconds d);

}  // namespace chaossim::live
