// The fault proxy's throughput and added latency on loopback (issue 17: at least 20,000 requests per second on one
// core, with a p99 added latency under 1 ms at that rate). The proxy runs alone on one thread (one core); a trivial
// upstream and the load generator share another. K keep-alive client connections each send requests one after the
// other, so the proxy always has K requests in hand. Each iteration is a batch of requests through the proxy; the
// same batch sent straight to the upstream afterwards gives the latency the proxy adds.
//
// Counters: items_per_second (requests per second through the proxy), p50_us / p99_us through the proxy,
// direct_p99_us without it, and p99_added_us, their difference. On a machine shared with other work the wall-clock
// rate says as much about the neighbours as about the proxy, so proxy_cpu_us is also reported: the CPU time of the
// proxy's thread per request, whose inverse (proxy_per_core_second) is what one core can carry.
// Run: build/release/bench/proxy_bench.
#include <benchmark/benchmark.h>

#include <chrono>
#include <future>

#include <pthread.h>  // pthread_getcpuclockid: the CPU time of the proxy's thread
#include <time.h>
#include <memory>
#include <thread>
#include <vector>

#include "core/histogram.h"
#include "live/fault_proxy.h"
#include "live/http_session.h"
#include "scenario/loader.h"

namespace chaossim::live {
namespace {

const char* const kScenario = R"({"schema_version": 1, "name": "b", "duration": "1h",
  "services": {"api": {"workers": 1}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}}})";

// An upstream that answers every request at once: what is measured is the proxy, not a service.
asio::awaitable<void> echo(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    Request req;
    if (!co_await read_request(stream, buffer, req)) co_return;
    Response res = json_response(req, 200, R"({"ok":true})");
    error_code ec;
    co_await http::async_write(stream, res, into(ec));
    if (ec) co_return;
  }
}

class Rig {
 public:
  explicit Rig(int connections) : m_connections(connections) {
    const LoadResult loaded = load_scenario_text(kScenario, "b.json");
    m_scenario = *loaded.scenario;
    const tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
    m_upstream_at = m_upstream.start(m_load_io, loopback, echo);
    m_proxy = std::make_unique<FaultProxy>(m_proxy_io, m_upstream_at, FaultTimeline::for_edge(m_scenario, 1, 0, true),
                                           m_clock);
    m_proxy_at = m_proxy->start(loopback);
    m_threads.emplace_back([this] { m_proxy_io.run(); });
    m_threads.emplace_back([this] { m_load_io.run(); });
  }
  ~Rig() {
    m_load_guard.reset();
    m_proxy_guard.reset();
    asio::post(m_load_io, [this] { m_load_io.stop(); });
    asio::post(m_proxy_io, [this] { m_proxy_io.stop(); });
    for (std::thread& t : m_threads) t.join();
  }

  // CPU seconds the proxy's thread has used so far.
  double proxy_cpu_seconds() {
    clockid_t clock;
    timespec t{};
    if (pthread_getcpuclockid(m_threads[0].native_handle(), &clock) != 0 || clock_gettime(clock, &t) != 0) return 0;
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }

  // Sends `per_connection` requests on each of the connections to `to`, recording each round trip.
  void batch(bool through_proxy, int per_connection, LatencyHistogram& latency) {
    std::promise<void> done;
    auto remaining = std::make_shared<int>(m_connections);
    const tcp::endpoint to = through_proxy ? m_proxy_at : m_upstream_at;
    asio::post(m_load_io, [&, remaining, to] {
      for (int c = 0; c < m_connections; ++c)
        asio::co_spawn(m_load_io, client(to, per_connection, latency), [&, remaining](std::exception_ptr) {
          if (--*remaining == 0) done.set_value();
        });
    });
    done.get_future().wait();
  }

 private:
  static asio::awaitable<void> client(tcp::endpoint to, int n, LatencyHistogram& latency) {
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    error_code ec;
    co_await stream.async_connect(to, into(ec));
    if (ec) co_return;
    stream.socket().set_option(tcp::no_delay(true), ec);
    Request req{http::verb::post, "/charge", 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = R"({"order_id":"op-1","amount":100})";
    req.prepare_payload();
    beast::flat_buffer buffer;
    for (int i = 0; i < n; ++i) {
      const auto start = std::chrono::steady_clock::now();
      co_await http::async_write(stream, req, into(ec));
      if (ec) co_return;
      Response res;
      co_await http::async_read(stream, buffer, res, into(ec));
      if (ec) co_return;
      latency.record((std::chrono::steady_clock::now() - start).count());
    }
  }

  int m_connections;
  Scenario m_scenario;
  asio::io_context m_load_io{1}, m_proxy_io{1};
  asio::executor_work_guard<asio::io_context::executor_type> m_load_guard{m_load_io.get_executor()},
      m_proxy_guard{m_proxy_io.get_executor()};
  LiveClock m_clock;
  Listener m_upstream;
  std::unique_ptr<FaultProxy> m_proxy;
  tcp::endpoint m_upstream_at, m_proxy_at;
  std::vector<std::thread> m_threads;
};

void BM_ProxyThroughput(benchmark::State& state) {
  const int connections = static_cast<int>(state.range(0));
  constexpr int kPerConnection = 200;
  Rig rig(connections);
  LatencyHistogram proxied, direct, warmup;
  rig.batch(true, 20, warmup);
  std::int64_t requests = 0;
  const double cpu_before = rig.proxy_cpu_seconds();
  for (auto _ : state) {
    rig.batch(true, kPerConnection, proxied);
    requests += static_cast<std::int64_t>(connections) * kPerConnection;
  }
  state.SetItemsProcessed(requests);
  const double cpu = rig.proxy_cpu_seconds() - cpu_before;
  state.counters["proxy_cpu_us"] = cpu / static_cast<double>(requests) * 1e6;
  state.counters["proxy_per_core_second"] = static_cast<double>(requests) / cpu;
  // The same load without the proxy, as many requests, untimed: the latency the proxy adds is the difference.
  for (std::int64_t done = 0; done < requests; done += static_cast<std::int64_t>(connections) * kPerConnection)
    rig.batch(false, kPerConnection, direct);
  state.counters["p50_us"] = proxied.quantile_ns(0.5) / 1e3;
  state.counters["p99_us"] = proxied.quantile_ns(0.99) / 1e3;
  state.counters["direct_p99_us"] = direct.quantile_ns(0.99) / 1e3;
  state.counters["p99_added_us"] = (proxied.quantile_ns(0.99) - direct.quantile_ns(0.99)) / 1e3;
}
BENCHMARK(BM_ProxyThroughput)->Arg(1)->Arg(8)->Arg(32)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chaossim::live
