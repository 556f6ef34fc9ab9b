#pragma once
// The fault proxy: an HTTP/1.1 proxy between two parties (the clients and the user's service, or the user's
// service and a dependency) that applies the scenario's fault timeline to each request it carries (FaultPlan):
// `error` answers without forwarding; `error_after_effect` and `drop_response` forward, let the upstream do the
// work, then answer an error or never answer; `drop_request`, `hang` and `partition` never forward and never
// answer (the caller times out); `crash` closes the connection unanswered (the caller cannot connect);
// `latency` and `pause` delay the request; `slowdown` holds the answer back; `duplicate_request` forwards the
// request twice. Connections are kept alive on both sides, one upstream connection per downstream one.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "live/asio.h"
#include "live/fault_timeline.h"
#include "live/http_session.h"
#include "live/live_clock.h"

namespace chaossim::live {

class FaultProxy {
 public:
  // Told of every request, with the plan applied to it (for the run's metrics).
  using Observer = std::function<void(Instant now, const FaultPlan& plan)>;

  FaultProxy(asio::io_context& io, tcp::endpoint upstream, FaultTimeline faults, const LiveClock& clock,
             Observer observer = {});

  tcp::endpoint start(const tcp::endpoint& at);
  void stop();

  std::uint64_t requests() const { return m_requests; }
  std::uint64_t upstream_failures() const { return m_upstream_failures; }

 private:
  struct Deadline;
  struct Upstream;
  asio::awaitable<void> session(tcp::socket down);
  asio::awaitable<void> watch(std::shared_ptr<Deadline> d);
  asio::awaitable<void> hold(tcp::socket& down, Deadline& d);
  // Sends `req` upstream (connecting, or reconnecting once when a kept-alive connection turns out closed) and
  // reads its answer; nullopt when the upstream cannot be reached or does not answer.
  asio::awaitable<std::optional<Response>> forward(Upstream& up, Request& req, Deadline& d);

  asio::io_context& m_io;
  tcp::endpoint m_upstream;
  FaultTimeline m_faults;
  const LiveClock& m_clock;
  Observer m_observer;
  Listener m_listener;
  std::uint64_t m_requests = 0, m_upstream_failures = 0;
};

}  // namespace chaossim::live
