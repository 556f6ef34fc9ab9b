#pragma once
// A live run: the scenario's clients in real time against the user's real services, through fault proxies, with
// mocked dependencies keeping the ledger (docs/live-mode.md). One thread runs everything on one io_context; the
// run lasts the scenario's duration, then waits (bounded) for the operations in flight, and its measurements
// become a RunResult computed exactly as a simulated run's.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/summary.h"
#include "model/config.h"
#include "runner/live_run.h"  // Snapshot: what the dashboard draws, for a live run as for a simulated one
#include "scenario/live_config.h"
#include "scenario/loader.h"  // ScenarioDocument, Override

namespace chaossim::live {

// Bounds of a live run: real time, real connections.
inline constexpr Duration kMaxLiveDuration = Duration::seconds(3600);
inline constexpr double kMaxLiveRate = 5'000;  // operations per second, at the profile's peak
inline constexpr std::uint32_t kMaxLiveClients = 100'000;
inline constexpr double kMaxLiveOperations = 2e6;  // what the ledger keeps apart (Ledger::kMaxOperations)
inline constexpr Duration kMaxDrain = Duration::seconds(60);

// A problem with what the user asked for (a service that is not in the scenario, a URL that is not loopback, a
// fault live mode cannot apply): the command line exits 2.
struct LiveError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RealService {
  std::string name;
  std::string url;      // --service NAME=URL: the user runs it
  std::string command;  // --exec NAME=COMMAND: chaossim starts it
};

// --mock NAME=PORT: the fixed loopback port at which the user's services reach the mocked service NAME (through the
// fault proxy in front of it), so a service started once can be pointed there and tested run after run.
struct MockPort {
  std::string service;
  std::string port;  // as typed; check_live_run() says what is wrong with it
};

struct LiveOptions {
  std::vector<RealService> services;
  std::vector<MockPort> mock_ports;
  std::vector<std::string> allowed_hosts;  // --allow-remote
  std::uint64_t seed = 1;
  std::string variant = "baseline";
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const std::string&)> say;  // progress and the addresses, for people
  // Called on the run's thread each time a bucket of real time closes, with every bucket so far, and once at the
  // end with the finished run and its result (also when `cancel` stopped it): the dashboard streams a live run as
  // it streams a simulated one. Columns live mode cannot measure are blank (NaN), as in the files.
  std::function<void(std::shared_ptr<const Snapshot>)> on_snapshot;
};

struct LiveFigures {
  std::uint64_t not_started = 0;      // arrivals refused by the in-flight bound
  std::uint64_t unattributed = 0;     // requests to mocks that named no operation
  std::uint64_t foreign_effects = 0;  // effects of operations no client of this run started
  std::uint64_t proxied = 0;          // requests through the fault proxies
  std::uint64_t upstream_failures = 0;
  std::uint64_t connect_errors = 0, server_errors = 0;  // attempts of the clients
  bool ledger_overflowed = false;
  bool interrupted = false;
  double seconds = 0;  // real time the clients ran
  // The services tested, in the order given: the URL as the user wrote it (--service), or the loopback address
  // chaossim gave the service it started (--exec, with its command).
  std::vector<RealService> services;
};

struct LiveOutcome {
  RunResult result;
  LiveFigures figures;
};

// The scenario's live block as `overrides` (a variant's, --set) leave it, read by the reader that validated it:
// `chaossim live` and the dashboard's live runs read it the same way.
LiveConfig live_config_of(const ScenarioDocument& document, const std::vector<Override>& overrides);

// Checks what can be checked before anything starts (names, URLs, bounds, faults). Throws LiveError.
void check_live_run(const Scenario& s, const LiveOptions& o);
LiveOutcome run_live(const Scenario& s, const LiveConfig& live, const LiveOptions& o);

}  // namespace chaossim::live
