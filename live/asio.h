#pragma once
// Boost.Asio and Boost.Beast as live mode uses them: C++20 coroutines on one io_context, so every component of a
// live run (clients, proxies, mocks) runs on one thread and shares its state without locks.

#include <string_view>
#include <utility>  // Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>

#include <boost/asio/co_spawn.hpp>        // co_spawn: starts a coroutine on the io_context
#include <boost/asio/detached.hpp>        // detached: a coroutine nobody waits for
#include <boost/asio/io_context.hpp>      // the event loop of a live run
#include <boost/asio/ip/tcp.hpp>          // sockets and acceptors
#include <boost/asio/redirect_error.hpp>  // errors as values instead of exceptions
#include <boost/asio/steady_timer.hpp>    // waits on the steady clock (arrivals, backoff, injected delays)
#include <boost/asio/use_awaitable.hpp>   // co_await on asynchronous operations
#include <boost/beast/core.hpp>           // tcp_stream (with timeouts), flat_buffer
#include <boost/beast/http.hpp>           // HTTP/1.1 messages, parser and serializer

namespace chaossim::live {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Beast's string_view (Boost's in 1.74) as the standard one.
inline std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

// A completion token that stores the error in `ec` rather than throwing it.
inline auto into(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Every message is bounded: a request or response larger than this is refused, so a peer cannot make a live run
// hold unbounded memory.
inline constexpr std::uint32_t kMaxBodyBytes = 1 << 20;
inline constexpr std::uint32_t kMaxHeaderBytes = 16 << 10;

}  // namespace chaossim::live
