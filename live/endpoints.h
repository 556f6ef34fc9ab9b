#pragma once
// Where a live run may connect: `http://HOST:PORT` URLs, loopback only unless the user names the host with
// --allow-remote. A mistake is a clear message, never a connection attempt.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "live/asio.h"

namespace chaossim::live {

struct HttpTarget {
  std::string host;  // as written, for the Host header
  std::uint16_t port = 0;
  tcp::endpoint endpoint;
};

// Parses "http://HOST:PORT" (a trailing '/' allowed; no path, no https). HOST is an IP address, or `localhost`,
// or a name listed in `allowed` (then resolved). Returns the target or why it is refused.
std::variant<HttpTarget, std::string> parse_target(std::string_view url, const std::vector<std::string>& allowed);

// A TCP port as typed: digits only, 1 to 65535. Returns the port or why it is refused.
std::variant<std::uint16_t, std::string> parse_port(std::string_view text);

std::string url_of(const tcp::endpoint& e);

}  // namespace chaossim::live
