// The fault proxy and a mocked dependency on loopback, in process: per-request faults at probabilities strictly
// between 0 and 1 hit about that share of the requests, the same requests for the same seed, and the mock's ledger
// sees what the proxy forwarded (a duplicated request is an effect twice).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "live/fault_proxy.h"
#include "live/http_attempt.h"
#include "live/ledger.h"
#include "live/live_metrics.h"
#include "live/mock_service.h"
#include "live/request_template.h"
#include "scenario/live_config.h"
#include "scenario/loader.h"

namespace chaossim::live {
namespace {

// "api" is the service under test; its proxy applies the faults on it and on the edge, in front of "sink", a mock
// with no faults that records a charge per request.
const char* const kScenario = R"({"schema_version": 1, "name": "p", "seed": 11, "duration": "1h",
  "services": {"api": {"workers": 1}, "sink": {"workers": 1, "handler": [{"work": "1us"}, {"effect": "charge"}]}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
  "faults": [
    {"id": "refused", "type": "error", "target": "api", "probability": 0.3, "status": 503},
    {"id": "after", "type": "error_after_effect", "target": "api", "probability": 0.2},
    {"id": "twice", "type": "duplicate_request", "target": "clients->api", "probability": 0.25}
  ]})";

struct Measured {
  std::vector<int> statuses;           // per request, in order
  std::vector<std::uint32_t> charges;  // per operation
  std::uint64_t mock_requests = 0;
};

Request request_for(int i) {
  RequestFields f;
  f.operation = "op-" + std::to_string(i);
  f.amount = 100;
  return make_request(LiveConfig{}, "127.0.0.1", f);
}

asio::awaitable<void> send_all(tcp::endpoint to, int n, std::vector<int>& statuses) {
  for (int i = 0; i < n; ++i) {
    const AttemptOutcome a = co_await send_attempt(to, request_for(i), std::chrono::seconds(5));
    statuses.push_back(a.kind == AttemptOutcome::Kind::answered ? a.status : -1);
  }
}

Measured run_through_proxy(std::uint64_t seed, int n) {
  const LoadResult loaded = load_scenario_text(kScenario, "p.json");
  EXPECT_TRUE(loaded.ok());
  const Scenario& s = *loaded.scenario;
  asio::io_context io;
  LiveClock clock;
  LiveMetrics metrics(s);
  Ledger ledger(s.effects.size());
  const LiveConfig live;
  const tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
  MockService sink(io, s, 1, seed, live, clock, metrics, ledger);
  FaultProxy proxy(io, sink.start(loopback), FaultTimeline::for_edge(s, seed, 0, true), clock);
  const tcp::endpoint at = proxy.start(loopback);
  Measured r;
  asio::co_spawn(io, send_all(at, n, r.statuses), [&](std::exception_ptr) { io.stop(); });
  io.run();
  for (int i = 0; i < n; ++i) {
    const auto it = ledger.operations().find("op-" + std::to_string(i));
    r.charges.push_back(it == ledger.operations().end() ? 0 : it->second[0]);
  }
  r.mock_requests = sink.requests();
  return r;
}

// |count - n p| within 4.5 standard deviations of a binomial: fails by chance about once in 150,000 runs.
void expect_binomial(double count, double n, double p, const char* what) {
  const double sd = std::sqrt(n * p * (1 - p));
  EXPECT_NEAR(count, n * p, 4.5 * sd) << what << ": " << count << " of " << n << " at p = " << p;
}

TEST(fault_proxy, faults_hit_their_share_of_requests_and_the_ledger_sees_what_was_forwarded) {
  constexpr int kN = 1000;
  const Measured r = run_through_proxy(11, kN);
  ASSERT_EQ(r.statuses.size(), static_cast<std::size_t>(kN));
  int refused = 0, after_effect = 0, ok = 0, charged_twice = 0, charged_while_refused = 0;
  for (int i = 0; i < kN; ++i) {
    refused += r.statuses[i] == 503;
    after_effect += r.statuses[i] == 500;
    ok += r.statuses[i] == 200;
    charged_twice += r.charges[i] == 2;
    charged_while_refused += r.statuses[i] == 503 && r.charges[i] > 0;
  }
  EXPECT_EQ(refused + after_effect + ok, kN) << "every request answered";
  expect_binomial(refused, kN, 0.3, "error answers");
  // error_after_effect acts on the requests the error let through; its effect is made.
  expect_binomial(after_effect, kN - refused, 0.2, "error_after_effect answers");
  expect_binomial(charged_twice, kN - refused, 0.25, "requests forwarded twice");
  EXPECT_EQ(charged_while_refused, 0) << "an error answers before forwarding: no effect";
  EXPECT_EQ(r.mock_requests, static_cast<std::uint64_t>(kN - refused + charged_twice));
}

TEST(fault_proxy, the_same_seed_and_request_order_meet_the_same_faults) {
  const Measured a = run_through_proxy(11, 300), b = run_through_proxy(11, 300), c = run_through_proxy(12, 300);
  EXPECT_EQ(a.statuses, b.statuses);
  EXPECT_EQ(a.charges, b.charges);
  EXPECT_NE(a.statuses, c.statuses) << "another seed, other requests hit";
}

TEST(request_template, fields_are_filled_per_operation_and_numbers_stay_numbers) {
  LiveConfig live;
  live.body = {
      {"order_id", "{operation}"}, {"amount", "{amount}"}, {"note", "try {attempt} of {operation}"}, {"key", "{key}"}};
  const RequestFields f{"op-7", std::string("k-1"), 3, 2, 1234};
  EXPECT_EQ(render_body(live, f), R"({"order_id":"op-7","amount":1234,"note":"try 2 of op-7","key":"k-1"})");
  const Request req = make_request(live, "127.0.0.1:80", f);
  EXPECT_EQ(req.method(), http::verb::post);
  EXPECT_EQ(view(req["Idempotency-Key"]), "k-1");
  live.body.clear();
  EXPECT_EQ(make_request(live, "h", RequestFields{"op-1", std::nullopt, 0, 1, 1}).count("Idempotency-Key"), 0u);
}

}  // namespace
}  // namespace chaossim::live
