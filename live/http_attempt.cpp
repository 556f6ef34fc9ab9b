#include "live/http_attempt.h"

#include <charconv>  // from_chars: Retry-After's seconds

namespace chaossim::live {

namespace {
AttemptOutcome failed(AttemptOutcome::Kind kind) {
  AttemptOutcome out;
  out.kind = kind;
  return out;
}
}  // namespace

asio::awaitable<AttemptOutcome> send_attempt(const tcp::endpoint& to, const Request& req,
                                             std::chrono::nanoseconds timeout) {
  using Kind = AttemptOutcome::Kind;
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  // One deadline for the whole attempt: connecting, sending and reading the answer.
  stream.expires_after(timeout);
  error_code ec;
  co_await stream.async_connect(to, into(ec));
  if (ec) co_return failed(ec == beast::error::timeout ? Kind::timed_out : Kind::connect_error);
  stream.socket().set_option(tcp::no_delay(true), ec);
  co_await http::async_write(stream, req, into(ec));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBodyBytes);
  parser.header_limit(kMaxHeaderBytes);
  if (!ec) co_await http::async_read(stream, buffer, parser, into(ec));
  if (ec == beast::error::timeout) co_return failed(Kind::timed_out);
  // A connection closed or reset without an answer: what a caller sees of a crashed server.
  if (ec) co_return failed(Kind::connect_error);
  AttemptOutcome out = failed(Kind::answered);
  out.status = static_cast<int>(parser.get().result_int());
  if (const auto it = parser.get().find(http::field::retry_after); it != parser.get().end()) {
    const std::string_view v = view(it->value());
    std::int64_t seconds = 0;
    const auto [end, err] = std::from_chars(v.data(), v.data() + v.size(), seconds);
    if (err == std::errc() && end == v.data() + v.size() && seconds >= 0 && seconds <= 86400)
      out.retry_after = Duration::seconds(seconds);
  }
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return out;
}

}  // namespace chaossim::live
