#pragma once
// A mocked dependency (a payment provider, a mail sender): chaossim answers for a service of the scenario that the
// user does not run, as the real API would (200 with a small JSON object), and keeps the ledger: every effect of
// the service's handler is recorded against the logical operation the request names. It follows the scenario:
// its handler's work steps are real waits, its `idempotency` block makes it honour Idempotency-Key as Stripe does
// (a key seen before gets the stored answer and no new effect; a key still in flight gets 409, or waits with
// in_flight "wait"), and its faults (error, error_after_effect, slowdown, hang, crash, pause, store_outage) act
// on the timeline.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/random.h"
#include "live/asio.h"
#include "live/fault_timeline.h"
#include "live/http_session.h"
#include "live/ledger.h"
#include "live/live_clock.h"
#include "live/live_metrics.h"
#include "model/config.h"
#include "scenario/live_config.h"

namespace chaossim::live {

class MockService {
 public:
  MockService(asio::io_context& io, const Scenario& s, std::uint32_t service, std::uint64_t seed,
              const LiveConfig& live, const LiveClock& clock, LiveMetrics& metrics, Ledger& ledger);

  // Binds (port 0: chosen by the OS) and starts serving; returns the address it listens on.
  tcp::endpoint start(const tcp::endpoint& at);
  void stop();

  std::uint64_t requests() const { return m_requests; }
  std::uint64_t unattributed() const { return m_unattributed; }  // requests that named no operation

 private:
  struct Stored {
    bool completed = false;
    int status = 0;
    std::string body;
  };
  asio::awaitable<void> session(tcp::socket socket);
  // The answer to one request, or nullopt when the request is swallowed (hang) or lost to a crash.
  asio::awaitable<std::optional<Response>> handle(const Request& req);
  asio::awaitable<std::optional<Response>> run_handler(const Request& req, const std::string& operation,
                                                       const FaultPlan& plan);
  std::optional<std::string> operation_of(const Request& req) const;

  asio::io_context& m_io;
  const Scenario& m_s;
  const ServiceConfig& m_cfg;
  std::uint32_t m_service;
  const LiveConfig& m_live;
  const LiveClock& m_clock;
  LiveMetrics& m_metrics;
  Ledger& m_ledger;
  FaultTimeline m_faults;
  Rng m_work_rng;
  Listener m_listener;
  std::map<std::string, Stored> m_store;  // Idempotency-Key -> answer (bounded by Ledger::kMaxOperations)
  bool m_was_crashed = false;
  std::uint64_t m_requests = 0, m_unattributed = 0, m_answers = 0;
};

}  // namespace chaossim::live
