#include "live/live_run.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "live/child_process.h"
#include "live/client_population.h"
#include "live/endpoints.h"
#include "live/fault_proxy.h"
#include "live/ledger.h"
#include "live/live_clock.h"
#include "live/live_metrics.h"
#include "live/mock_service.h"
#include "scenario/format.h"  // format_number

namespace chaossim::live {

namespace {

double peak_multiplier(const Scenario& s) {
  double m = 1.0;
  for (const ProfilePoint& p : s.clients.arrival.profile) m = std::max(m, p.multiplier);
  for (const FaultConfig& f : s.faults)
    if (f.type == FaultConfig::Type::load) m *= std::max(1.0, f.factor);
  return m;
}

// How long operations still in flight at the end may take to finish: every attempt timing out, every backoff at
// its longest, within the deadline; bounded by kMaxDrain.
Duration drain_time(const Scenario& s) {
  const EdgeConfig& e = s.edges[s.client_edge()];
  const std::int64_t attempts = e.retry.max_attempts;
  Duration d{std::min<std::int64_t>(e.timeout.ns, kMaxDrain.ns) * attempts +
             std::min<std::int64_t>(e.retry.backoff.max.ns, kMaxDrain.ns) * (attempts - 1)};
  if (e.deadline) d = std::min(d, *e.deadline);
  if (s.clients.resubmit.probability > 0) d = kMaxDrain;
  return std::min(d + Duration::milliseconds(500), kMaxDrain);
}

std::vector<bool> unmeasured_columns(const Scenario& s, const std::vector<std::string>& columns);

// Metrics that a real service does not let live mode measure: undefined (null in files), never a made-up 0.
void mark_unmeasured(const Scenario& s, RunResult& r) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  static constexpr const char* kServiceMetrics[] = {
      "utilization", "processor_utilization", "queue_max", "wasted", "shed", "overloaded", "cancelled", "limited"};
  for (MetricSet& m : r.phases)
    for (auto& [name, value] : m.values) {
      for (std::size_t i = 0; i < s.services.size(); ++i)
        for (const char* k : kServiceMetrics)
          if (name == "services." + s.services[i].name + "." + k) value = kNaN;
      // Behind one address, instances are not told apart.
      if (name.starts_with("instances.")) value = kNaN;
      // A service's calls are not seen, only its attempts: the amplification of its edges is unknown.
      for (std::size_t e = 1; e < s.edges.size(); ++e)
        if (name == "edges." + s.edges[e].name + ".amplification") value = kNaN;
    }
  const std::vector<bool> unmeasured = unmeasured_columns(s, r.series_columns);
  const std::size_t width = r.series_columns.size();
  for (std::size_t c = 0; c < width; ++c)
    if (unmeasured[c])
      for (std::size_t row = 0; row * width + c < r.series.size(); ++row) r.series[row * width + c] = kNaN;
}

// The time-series columns a real process does not let live mode measure: blank (NaN), never a made-up 0.
std::vector<bool> unmeasured_columns(const Scenario& s, const std::vector<std::string>& columns) {
  std::vector<bool> out(columns.size(), false);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::string& name = columns[c];
    bool unmeasured = name == series::name(series::kBreakerOpenShare) || name.starts_with("instances.");
    for (std::size_t i = 0; i < s.services.size(); ++i)
      for (const series::ServiceColumn col :
           {series::kServiceQueue, series::kServiceQueueMax, series::kServiceUtilization,
            series::kServiceProcessorUtilization, series::kServiceShed, series::kServiceWasted,
            series::kServiceOverloaded, series::kServiceLimit, series::kServiceLimited})
        unmeasured |= name == series::service_column(s.services[i].name, col);
    for (const EdgeConfig& e : s.edges)
      unmeasured |= name == series::edge_column(e.name, series::kEdgeBreakerOpenShare) ||
                    name == series::edge_column(e.name, series::kEdgeLimit);
    out[c] = unmeasured;
  }
  return out;
}

// The dashboard's view of a live run: a snapshot when buckets of real time have closed, at most every
// kSnapshotEvery (each holds every bucket before it, so none is lost). Closed buckets of a live run never change
// (everything is counted in the bucket of the moment it happens), so each snapshot shares the rows of the one
// before and copies only the new ones, with the unmeasured columns blanked as in the files. Its metrics are those
// of the operations finished so far, as a simulated run's snapshots have them.
class SnapshotStream {
 public:
  static constexpr Duration kSnapshotEvery = Duration::milliseconds(200);

  SnapshotStream(const Scenario& s, const LiveMetrics& metrics, std::string variant)
      : m_s(s),
        m_metrics(metrics),
        m_variant(std::move(variant)),
        m_unmeasured(unmeasured_columns(s, metrics.recorder().layout().names)) {}

  // The buckets before `closed` are complete: hands them out, at `now`, when there are new ones. `finished` gives
  // the recorder with the operations finished so far (LiveMetrics::finished_so_far).
  void publish(Instant now, std::size_t closed, const std::function<Recorder()>& finished,
               const std::function<void(std::shared_ptr<const Snapshot>)>& to) {
    if (closed <= m_rows.rows() || (m_published && now - *m_published < kSnapshotEvery)) return;
    m_published = now;
    const Recorder& rec = m_metrics.recorder();
    const std::size_t width = rec.layout().names.size();
    std::vector<double> more(rec.series().begin() + static_cast<std::ptrdiff_t>(m_rows.rows() * width),
                             rec.series().begin() + static_cast<std::ptrdiff_t>(closed * width));
    blank(more, width);
    m_rows = m_rows.appended(more, width);
    auto snap = frame();
    const Recorder so_far = finished();
    snap->metrics = metrics_for_phase(m_s, so_far, kOverall);
    snap->during_metrics = metrics_for_phase(m_s, so_far, kDuring);
    to(snap);
  }

  // The finished run: its result, and the buckets it measured (an interrupted run's end at its last one).
  std::shared_ptr<const Snapshot> finished(const RunResult& result, std::size_t measured) const {
    auto snap = frame();
    const std::size_t width = result.series_columns.size();
    const std::size_t rows = std::min(measured, width ? result.series.size() / width : 0);
    snap->series = SeriesRows::from(
        std::vector<double>(result.series.begin(), result.series.begin() + static_cast<std::ptrdiff_t>(rows * width)),
        width);
    snap->buckets_done = rows;
    snap->simulated_seconds = std::min(m_s.duration.seconds_f(), static_cast<double>(rows) * m_s.bucket.seconds_f());
    snap->metrics = result.metrics();
    snap->during_metrics = result.phases[kDuring];
    snap->result = std::make_shared<const RunResult>(result);
    snap->finished = true;
    return snap;
  }

 private:
  void blank(std::vector<double>& rows, std::size_t width) const {
    for (std::size_t c = 0; c < width; ++c)
      if (m_unmeasured[c])
        for (std::size_t i = c; i < rows.size(); i += width) rows[i] = std::numeric_limits<double>::quiet_NaN();
  }

  std::shared_ptr<Snapshot> frame() const {
    const Recorder& rec = m_metrics.recorder();
    auto snap = std::make_shared<Snapshot>();
    snap->variant = m_variant;
    snap->buckets_done = m_rows.rows();
    snap->total_buckets = rec.buckets();
    snap->simulated_seconds =
        std::min(m_s.duration.seconds_f(), static_cast<double>(m_rows.rows()) * m_s.bucket.seconds_f());
    snap->columns = rec.layout().names;
    snap->series = m_rows;
    for (const auto& [a, b] : m_metrics.phases().windows())
      snap->fault_windows.emplace_back(a.seconds_f(), b.seconds_f());
    return snap;
  }

  const Scenario& m_s;
  const LiveMetrics& m_metrics;
  std::string m_variant;
  std::vector<bool> m_unmeasured;
  SeriesRows m_rows;  // the rows handed out so far
  std::optional<Instant> m_published;
};

// Ends the run: on Ctrl-C at once, otherwise at the end of the scenario once the operations in flight are done
// (or the drain time is up). Stopping the io_context ends every coroutine where it waits.
struct Supervision {
  asio::io_context& io;
  const LiveClock& clock;
  const ClientPopulation& clients;
  const std::atomic<bool>* cancel;
  Instant stop;
  Duration drain;
  Instant ended;
  bool interrupted;
  std::function<void(Instant)> tick;  // at every check while the run lasts (the dashboard's buckets), or empty
};

asio::awaitable<void> supervise(Supervision& sv) {
  asio::steady_timer tick(sv.io);
  for (;;) {
    tick.expires_after(std::chrono::milliseconds(20));
    error_code ec;
    co_await tick.async_wait(into(ec));
    const Instant now = sv.clock.now();
    if (sv.cancel && sv.cancel->load()) {
      sv.interrupted = true;
      sv.ended = now;
      break;
    }
    if (sv.tick) sv.tick(now);
    if (now >= sv.stop && (sv.clients.in_flight() == 0 || now >= sv.stop + sv.drain)) break;
  }
  sv.io.stop();
}

std::string service_names(const Scenario& s) {
  std::string known;
  for (const ServiceConfig& c : s.services) known += (known.empty() ? "" : ", ") + c.name;
  return known;
}

// The fixed ports of --mock: each names a mocked service that exactly one of the user's services calls (every
// edge has a fault proxy of its own, so one port cannot stand for two), each port once, none a port the user's
// own services listen on. Returns the port of each service (0: chosen by the OS).
std::vector<std::uint16_t> mock_ports(const Scenario& s, const LiveOptions& o, const std::vector<bool>& real) {
  std::vector<std::uint16_t> ports(s.services.size(), 0);
  for (const MockPort& m : o.mock_ports) {
    const std::string option = "--mock " + m.service + "=" + m.port + ": ";
    const auto it =
        std::find_if(s.services.begin(), s.services.end(), [&](const ServiceConfig& c) { return c.name == m.service; });
    if (it == s.services.end())
      throw LiveError(option + "the scenario has no service \"" + m.service + "\" (its services: " + service_names(s) +
                      ")");
    const auto i = static_cast<std::size_t>(it - s.services.begin());
    if (real[i])
      throw LiveError(option + m.service + " is a service you run (--service or --exec); --mock fixes the port of a " +
                      "service chaossim mocks");
    const auto port = parse_port(m.port);
    if (const auto* why = std::get_if<std::string>(&port)) throw LiveError(option + *why);
    std::vector<std::string> callers;
    for (const EdgeConfig& e : s.edges)
      if (e.callee == i && e.caller != kClients && real[e.caller]) callers.push_back(s.services[e.caller].name);
    if (callers.empty())
      throw LiveError(option + "none of your services calls " + m.service + ", so nothing would use the port");
    if (callers.size() > 1)
      throw LiveError(option + m.service + " is called by " + callers[0] + " and " + callers[1] +
                      ", each through a fault proxy of its own, so one port cannot serve both");
    if (ports[i] != 0) throw LiveError(option + m.service + " is given a port twice");
    const std::uint16_t p = std::get<std::uint16_t>(port);
    if (std::find(ports.begin(), ports.end(), p) != ports.end())
      throw LiveError(option + "port " + m.port + " is given to two services");
    for (const RealService& r : o.services)
      if (const auto t = parse_target(r.url, o.allowed_hosts); std::holds_alternative<HttpTarget>(t)) {
        const HttpTarget& target = std::get<HttpTarget>(t);
        if (target.port == p && target.endpoint.address().is_loopback())
          throw LiveError(option + "port " + m.port + " is where " + r.name + " listens (--service " + r.name + "=" +
                          r.url + ")");
      }
    ports[i] = p;
  }
  return ports;
}

// The index of the service named `name`, which check_live_run() found in the scenario.
std::size_t index_of(const Scenario& s, const std::string& name) {
  return static_cast<std::size_t>(
      std::find_if(s.services.begin(), s.services.end(), [&](const ServiceConfig& c) { return c.name == name; }) -
      s.services.begin());
}

}  // namespace

LiveConfig live_config_of(const ScenarioDocument& document, const std::vector<Override>& overrides) {
  nlohmann::json json = document.json;
  for (const auto& [path, value] : overrides)
    if (auto parsed = format::parse_path(path); std::holds_alternative<format::Path>(parsed))
      format::apply_path(json, std::get<format::Path>(parsed), value);
  return validate::read_live_config(validate::Cursor::root(json, &document.positions));
}

void check_live_run(const Scenario& s, const LiveOptions& o) {
  std::vector<bool> real(s.services.size(), false);
  for (const RealService& r : o.services) {
    const auto it =
        std::find_if(s.services.begin(), s.services.end(), [&](const ServiceConfig& c) { return c.name == r.name; });
    if (it == s.services.end())
      throw LiveError("the scenario has no service \"" + r.name + "\" (its services: " + service_names(s) + ")");
    if (real[static_cast<std::size_t>(it - s.services.begin())])
      throw LiveError("the service \"" + r.name + "\" is given twice");
    real[static_cast<std::size_t>(it - s.services.begin())] = true;
    if (r.url.empty()) continue;
    const auto target = parse_target(r.url, o.allowed_hosts);
    if (auto* why = std::get_if<std::string>(&target)) throw LiveError("--service " + r.name + ": " + *why);
  }
  if (!real[s.clients.target] && o.services.empty())
    throw LiveError("name the service to test: --service " + s.services[s.clients.target].name +
                    "=http://127.0.0.1:PORT, or --exec " + s.services[s.clients.target].name + "='COMMAND'");
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    if (real[i]) continue;
    for (const Step& step : s.services[i].handler)
      if (step.kind == Step::Kind::call)
        throw LiveError("the service \"" + s.services[i].name +
                        "\" calls others, so chaossim cannot mock it: run it for real with --service or --exec");
  }
  if (s.clients.key_reuse.probability > 0)
    throw LiveError("live mode does not send key reuses (clients.key_reuse): leave it out of a live run");
  for (std::size_t i = 0; i < s.services.size(); ++i)
    if (!real[i] && std::any_of(s.services[i].handler.begin(), s.services[i].handler.end(),
                                [](const Step& step) { return step.kind == Step::Kind::respond; }))
      throw LiveError("the mock of \"" + s.services[i].name +
                      "\" answers at the end of its handler, not at a "
                      "respond step: run it for real or leave the step out");
    else if (!real[i] && std::any_of(s.services[i].handler.begin(), s.services[i].handler.end(), [](const Step& step) {
               return step.kind == Step::Kind::read || step.kind == Step::Kind::write;
             }))
      throw LiveError("the mock of \"" + s.services[i].name +
                      "\" keeps no versioned records (read and write steps): run it for real or leave them out");
    else if (!real[i] && s.services[i].idempotency.lock_ttl)
      throw LiveError("the mock of \"" + s.services[i].name +
                      "\" keeps no lock leases (idempotency.lock): run it "
                      "for real or leave the lock out");
  mock_ports(s, o, real);
  if (auto bad = FaultTimeline::unsupported(s, real); !bad.empty()) {
    std::string list;
    for (const std::string& b : bad) list += (list.empty() ? "" : ", ") + b;
    throw LiveError(
        "live mode cannot apply these faults (capacity on any service, store_outage on a real one, any "
        "fault on some instances of a service): " +
        list);
  }
  if (s.duration > kMaxLiveDuration)
    throw LiveError("a live run lasts at most 1h of real time; this one would last " + format_duration(s.duration) +
                    " (shorten it with --duration)");
  if (s.clients.count > kMaxLiveClients)
    throw LiveError("live mode runs at most 100000 clients; the scenario has " + std::to_string(s.clients.count));
  if (s.clients.arrival.process != ArrivalConfig::Process::closed &&
      s.clients.arrival.rate * peak_multiplier(s) > kMaxLiveRate)
    throw LiveError("live mode sends at most 5000 operations per second; the scenario peaks at " +
                    format::format_number(s.clients.arrival.rate * peak_multiplier(s)));
  if (s.clients.arrival.process != ArrivalConfig::Process::closed &&
      s.clients.arrival.rate * peak_multiplier(s) * s.duration.seconds_f() > kMaxLiveOperations)
    throw LiveError("a live run starts at most 2 million operations; at its peak rate this one could start " +
                    format::format_number(s.clients.arrival.rate * peak_multiplier(s) * s.duration.seconds_f()) +
                    " (shorten it with --duration)");
}

LiveOutcome run_live(const Scenario& s, const LiveConfig& live, const LiveOptions& o) {
  check_live_run(s, o);
  const auto say = [&](const std::string& line) {
    if (o.say) o.say(line);
  };
  std::vector<bool> real(s.services.size(), false);
  std::vector<std::optional<HttpTarget>> targets(s.services.size());
  std::vector<std::string> commands(s.services.size());
  for (const RealService& r : o.services) {
    const std::size_t i = index_of(s, r.name);
    real[i] = true;
    if (!r.url.empty()) targets[i] = std::get<HttpTarget>(parse_target(r.url, o.allowed_hosts));
    commands[i] = r.command;
  }

  // The io_context goes first at the end: the coroutines it holds refer to everything below.
  auto io = std::make_unique<asio::io_context>(1);
  const tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
  LiveClock clock;
  LiveMetrics metrics(s);
  Ledger ledger(s.effects.size());
  std::vector<std::unique_ptr<MockService>> mocks(s.services.size());
  std::vector<tcp::endpoint> service_at(s.services.size());
  for (std::uint32_t i = 0; i < s.services.size(); ++i) {
    if (real[i]) continue;
    mocks[i] = std::make_unique<MockService>(*io, s, i, o.seed, live, clock, metrics, ledger);
    service_at[i] = mocks[i]->start(loopback);
    say(s.services[i].name + " (mocked by chaossim): " + url_of(service_at[i]));
  }
  // Services chaossim starts listen on a socket it binds, so their address is known before they run.
  std::vector<std::optional<tcp::acceptor>> listeners(s.services.size());
  for (std::uint32_t i = 0; i < s.services.size(); ++i) {
    if (!real[i]) continue;
    if (!commands[i].empty()) {
      listeners[i].emplace(*io, loopback);
      listeners[i]->listen(asio::socket_base::max_listen_connections);
      service_at[i] = listeners[i]->local_endpoint();
    } else {
      service_at[i] = targets[i]->endpoint;
    }
  }
  // A fault proxy in front of the callee of every edge a client or a real service uses.
  const std::vector<std::uint16_t> fixed_port = mock_ports(s, o, real);
  std::vector<std::unique_ptr<FaultProxy>> proxies(s.edges.size());
  std::vector<tcp::endpoint> edge_at(s.edges.size());
  for (std::uint32_t e = 0; e < s.edges.size(); ++e) {
    const EdgeConfig& edge = s.edges[e];
    if (edge.caller != kClients && !real[edge.caller]) continue;
    const std::uint32_t callee = edge.callee;
    const bool callee_real = real[callee];
    proxies[e] =
        std::make_unique<FaultProxy>(*io, service_at[callee], FaultTimeline::for_edge(s, o.seed, e, callee_real), clock,
                                     [&metrics, &s, e, callee, callee_real](Instant now, const FaultPlan&) {
                                       const auto& layout = metrics.recorder().layout();
                                       if (e != s.client_edge()) {  // the clients' attempts are counted by the clients
                                         metrics.cell(now, layout.edge(e, series::kEdgeAttempts)) += 1;
                                         metrics.each(now, [&](PhaseTotals& p) { ++p.edges[e].attempts; });
                                       }
                                       if (callee_real) {  // a mock counts its own
                                         metrics.cell(now, layout.service(callee, series::kServiceRequests)) += 1;
                                         metrics.each(now, [&](PhaseTotals& p) { ++p.services[callee].requests; });
                                       }
                                     });
    // Only a real service's calls to a mock may have a fixed port (mock_ports() checked that one edge has it).
    const std::uint16_t port = edge.caller != kClients ? fixed_port[callee] : 0;
    try {
      edge_at[e] = proxies[e]->start(tcp::endpoint(loopback.address(), port));
    } catch (const boost::system::system_error& err) {
      if (port == 0) throw;
      throw LiveError("--mock " + s.services[callee].name + "=" + std::to_string(port) + ": cannot listen on " +
                      "127.0.0.1:" + std::to_string(port) + ": " +
                      (err.code() == asio::error::address_in_use
                           ? std::string("the port is in use (by another chaossim live, or another program)")
                           : err.code().message()));
    }
    if (edge.caller != kClients && commands[edge.caller].empty())
      say(s.services[edge.caller].name + " must call " + s.services[callee].name + " at " + url_of(edge_at[e]));
  }
  std::vector<std::unique_ptr<ChildProcess>> children(s.services.size());
  for (std::uint32_t i = 0; i < s.services.size(); ++i) {
    if (commands[i].empty()) continue;
    std::vector<std::pair<std::string, std::string>> env = {{"CHAOSSIM_LISTEN_FD", "3"},
                                                            {"CHAOSSIM_SERVICE_URL", url_of(service_at[i])}};
    for (std::uint32_t e = 0; e < s.edges.size(); ++e)
      if (s.edges[e].caller == i) {
        std::string var = "CHAOSSIM_URL_" + s.services[s.edges[e].callee].name;
        for (char& c : var) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        env.emplace_back(var, url_of(edge_at[e]));
      }
    children[i] = std::make_unique<ChildProcess>(commands[i], listeners[i]->native_handle(), env);
    say(s.services[i].name + " (started by chaossim, pid " + std::to_string(children[i]->pid()) +
        "): " + url_of(service_at[i]));
    // The child holds the socket now; chaossim's copy would accept connections meant for it.
    error_code ec;
    listeners[i]->close(ec);
  }
  // A started service is given a moment to come up: its first request waits in the listen queue, but a service
  // that exits at once (a typo in the command) is reported rather than measured.
  for (std::uint32_t i = 0; i < s.services.size(); ++i) {
    if (!children[i]) continue;
    std::string status;
    for (int k = 0; k < 50 && children[i]->running(&status); ++k) {
      error_code ec;
      tcp::socket probe(*io);
      probe.connect(service_at[i], ec);
      if (!ec) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (!children[i]->running(&status))
      throw LiveError("the service " + s.services[i].name + " (" + commands[i] + ") " + status + " before the run");
  }

  const ServiceConfig& target = s.services[s.clients.target];
  const std::string host = targets[s.clients.target]
                               ? targets[s.clients.target]->host + ":" + std::to_string(targets[s.clients.target]->port)
                               : "127.0.0.1:" + std::to_string(service_at[s.clients.target].port());
  say("clients -> " + target.name + " through the fault proxy at " + url_of(edge_at[s.client_edge()]));
  LiveClock run_clock;  // time zero of the run: now, once everything is listening
  // The components read the run's clock through `clock`; it is restarted here so the fault windows and buckets
  // count from the first arrival, not from the set-up.
  clock = run_clock;
  ClientPopulation clients(*io, s, o.seed, live, edge_at[s.client_edge()], host, clock, metrics);
  const Instant stop = Instant{} + s.duration;
  clients.start(stop);

  Supervision sv{*io, clock, clients, o.cancel, stop, drain_time(s), stop, false, {}};
  SnapshotStream stream(s, metrics, o.variant);
  const auto finished_so_far = [&] {
    std::vector<const std::vector<std::uint32_t>*> effects(metrics.operations(), nullptr);
    for (const auto& [id, executed] : ledger.operations())
      if (const auto op = clients.operation_of(id); op && *op < effects.size()) effects[*op] = &executed;
    return metrics.finished_so_far(effects);
  };
  if (o.on_snapshot)
    sv.tick = [&](Instant now) {
      // A quiet second closes too: the recorder is moved on to now, and the buckets before it are complete.
      metrics.advance(std::min(now, stop));
      stream.publish(now, metrics.recorder().bucket(), finished_so_far, o.on_snapshot);
    };
  asio::co_spawn(*io, supervise(sv), asio::detached);
  io->run();
  LiveFigures fig;
  fig.interrupted = sv.interrupted;
  fig.seconds = std::min(sv.ended, clock.now()).seconds_f();

  // Effects go to the operations that caused them, as the engine finalises an operation's.
  for (const auto& [id, executed] : ledger.operations()) {
    if (const auto op = clients.operation_of(id)) {
      metrics.add_operation_effects(*op, executed);
    } else {
      for (std::uint32_t n : executed) fig.foreign_effects += n;
    }
  }
  metrics.finish(std::min(clock.now(), Instant{} + s.duration));
  for (const RealService& r : o.services)
    fig.services.push_back({r.name, r.url.empty() ? url_of(service_at[index_of(s, r.name)]) : r.url, r.command});
  LiveOutcome out{metrics.result(o.variant, o.seed), fig};
  mark_unmeasured(s, out.result);
  if (o.on_snapshot) {
    // An interrupted run ends with the bucket it was stopped in; the buckets after it were never lived.
    const std::size_t measured = sv.interrupted ? metrics.recorder().bucket() + 1 : metrics.recorder().buckets();
    o.on_snapshot(stream.finished(out.result, measured));
  }
  out.figures.not_started = clients.not_started();
  out.figures.connect_errors = clients.connect_errors();
  out.figures.server_errors = clients.server_errors();
  out.figures.ledger_overflowed = ledger.overflowed();
  for (const auto& m : mocks)
    if (m) out.figures.unattributed += m->unattributed();
  for (const auto& p : proxies)
    if (p) out.figures.proxied += p->requests(), out.figures.upstream_failures += p->upstream_failures();
  // The listening sockets are closed while the io_context still exists (a socket must not outlive it), then the
  // io_context goes, ending every coroutine where it waits, before the objects they use go.
  for (auto& m : mocks)
    if (m) m->stop();
  for (auto& p : proxies)
    if (p) p->stop();
  io.reset();
  for (auto& c : children)
    if (c) c->stop();
  return out;
}

}  // namespace chaossim::live
