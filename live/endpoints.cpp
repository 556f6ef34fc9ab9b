#include "live/endpoints.h"

#include <algorithm>
#include <charconv>  // from_chars: the port

#include <boost/asio/ip/tcp.hpp>

namespace chaossim::live {

std::variant<HttpTarget, std::string> parse_target(std::string_view url, const std::vector<std::string>& allowed) {
  const std::string shown(url.substr(0, 200));
  if (!url.starts_with("http://")) return "expected a URL http://HOST:PORT, found \"" + shown + "\"";
  url.remove_prefix(7);
  if (url.ends_with("/")) url.remove_suffix(1);
  std::string_view host, port_text;
  if (url.starts_with("[")) {  // [::1]:8080
    const std::size_t close = url.find(']');
    if (close == std::string_view::npos || close + 1 >= url.size() || url[close + 1] != ':')
      return "expected http://[IPv6]:PORT, found \"" + shown + "\"";
    host = url.substr(1, close - 1);
    port_text = url.substr(close + 2);
  } else {
    const std::size_t colon = url.rfind(':');
    if (colon == std::string_view::npos) return "the URL \"" + shown + "\" has no port: write http://HOST:PORT";
    host = url.substr(0, colon);
    port_text = url.substr(colon + 1);
  }
  const auto port = parse_port(port_text);
  if (!std::holds_alternative<std::uint16_t>(port)) return "expected a port from 1 to 65535 in \"" + shown + "\"";
  HttpTarget t{std::string(host), std::get<std::uint16_t>(port), {}};
  const bool named = std::find(allowed.begin(), allowed.end(), t.host) != allowed.end();
  error_code ec;
  asio::ip::address address = asio::ip::make_address(t.host == "localhost" ? "127.0.0.1" : t.host, ec);
  if (ec) {
    if (!named)
      return "the host \"" + t.host + "\" is not a loopback address; live mode connects only to this machine unless " +
             "you name the host with --allow-remote " + t.host;
    asio::io_context io;
    tcp::resolver resolver(io);
    const auto results = resolver.resolve(t.host, std::to_string(t.port), ec);
    if (ec || results.empty()) return "cannot resolve \"" + t.host + "\": " + ec.message();
    address = results.begin()->endpoint().address();
  }
  if (!address.is_loopback() && !named)
    return "the address " + address.to_string() + " is not loopback; live mode connects only to this machine " +
           "unless you name the host with --allow-remote " + t.host;
  t.endpoint = tcp::endpoint(address, t.port);
  return t;
}

std::variant<std::uint16_t, std::string> parse_port(std::string_view text) {
  unsigned port = 0;
  const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || err != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535)
    return "expected a port from 1 to 65535, found \"" + std::string(text.substr(0, 40)) + "\"";
  return static_cast<std::uint16_t>(port);
}

std::string url_of(const tcp::endpoint& e) {
  const std::string host = e.address().is_v6() ? "[" + e.address().to_string() + "]" : e.address().to_string();
  return "http://" + host + ":" + std::to_string(e.port());
}

}  // namespace chaossim::live
