#pragma once
// One attempt of a client: a new connection, the request, and its answer within the attempt's timeout. The
// connection is closed when the attempt ends, so an attempt the client gave up on is abandoned on the wire too
// (the server may still finish it, as in the model).

#include <chrono>
#include <optional>

#include "core/time.h"
#include "live/http_session.h"

namespace chaossim::live {

struct AttemptOutcome {
  enum class Kind : std::uint8_t { answered, timed_out, connect_error };
  Kind kind = Kind::connect_error;
  int status = 0;                       // answered
  std::optional<Duration> retry_after;  // answered with Retry-After (seconds)
};

asio::awaitable<AttemptOutcome> send_attempt(const tcp::endpoint& to, const Request& req,
                                             std::chrono::nanoseconds timeout);

}  // namespace chaossim::live
