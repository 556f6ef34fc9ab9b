// Whole scenarios, end to end. Items processed are simulated operations, so the output reads in operations per
// second; the counter `events_per_second` is the engine's raw speed and `sim_seconds_per_second` how much faster
// than real time the simulation runs. Rates are per CPU second (Google Benchmark's default): a run is one thread,
// so on an idle machine that is its wall time, and on a busy one it is the figure that does not depend on the load.
// The "Time" column is the wall time of one run.
//
// - BM_Scenario_Engine: the engine alone on a Scenario built here in C++ (construct Engine, run, summarize).
// - BM_Scenario_Load / BM_Scenario_WholeProcess: the same scenario as JSON text (bench/scenarios/
//   single_service.json) through chaossim::load_scenario_text, alone and followed by the run and the summary: the
//   path a `chaossim run` takes before it writes files. `same_as_direct` is 1 when the loaded scenario simulates
//   exactly the run of the C++-built one (same operations and events), which keeps the two definitions in step.
// - BM_Scenario_Cancellable: the same engine run as the command line drives it, with a cancel flag that is never
//   set (Engine::run_until reads it every 4096 events): should match BM_Scenario_Engine.
// - BM_Checkout: bench/scenarios/checkout_1000.json, the SimPy peer's checkout model at 1,000 operations/s with 80
//   workers (600,000 operations): the scenario of the 100x-SimPy target (bench/README.md), loaded once and run.
// - BM_ThreeTier: clients -> api -> payments -> bank with 10,000 closed-loop clients, per-client breakers, a retry
//   budget, an idempotent payments service and a slow bank: the call path, breakers and stores under load.

#include <benchmark/benchmark.h>  // Google Benchmark: State, counters, SetItemsProcessed

#include <atomic>
#include <cstdint>
#include <fstream>   // reads the scenario JSON once, outside the timed loop
#include <sstream>
#include <string>

#include "metrics/summary.h"  // chaossim::summarize: a finished run -> named metrics
#include "bench_scenarios.h"  // the single-service base scenario
#include "model/config.h"     // chaossim::Scenario and its parts, built directly
#include "model/engine.h"     // chaossim::Engine

// The scenario loader is written alongside these benchmarks; without it the JSON benchmarks are left out rather
// than breaking the build.
#if __has_include("scenario/loader.h")
#include "scenario/loader.h"  // chaossim::load_scenario_text: JSON text -> validated Scenario
#define CHAOSSIM_BENCH_HAVE_LOADER 1
#else
#define CHAOSSIM_BENCH_HAVE_LOADER 0
#endif

#ifndef CHAOSSIM_BENCH_DIR
#define CHAOSSIM_BENCH_DIR "bench"
#endif

namespace {

using namespace chaossim;

Step work(Distribution d) { return Step{Step::Kind::work, d, 0}; }
Step call(std::uint32_t edge) { return Step{Step::Kind::call, {}, edge}; }
Step effect(std::uint32_t index) { return Step{Step::Kind::effect, {}, index}; }

// The scenario of bench/scenarios/single_service.json, field for field (and the loader's defaults elsewhere):
// 200 operations/s (Poisson) for 10 minutes against "api" with 16 workers; retries over a lossy edge and a burst
// of errors from 2m to 4m. About 120,000 operations.
Scenario single_service() {
  Scenario s = bench::one_service_at_200_per_second("bench-single-service");
  EdgeConfig& edge = s.edges.front();
  edge.retry.max_attempts = 3;
  edge.retry.backoff.type = BackoffType::exponential;
  edge.retry.backoff.base = Duration::milliseconds(100);
  edge.retry.backoff.jitter = Jitter::full;

  FaultConfig lost;
  lost.id = "lost-replies";
  lost.type = FaultConfig::Type::drop_response;
  lost.target_kind = FaultConfig::Target::edge;
  lost.target = 0;
  lost.probability = 0.05;
  lost.end = s.duration;  // the whole run
  s.faults.push_back(lost);

  FaultConfig errors;
  errors.id = "api-errors";
  errors.type = FaultConfig::Type::error;
  errors.target_kind = FaultConfig::Target::service;
  errors.target = 0;
  errors.start = Duration::seconds(120);
  errors.end = Duration::seconds(240);
  errors.probability = 0.1;
  s.faults.push_back(errors);
  return s;
}

// clients -> api -> payments -> bank. 10,000 clients in a closed loop (think time exponential, mean 20 s: about
// 500 operations/s), for 5 minutes: about 150,000 operations, each at least three requests deep. The bank is four
// times slower from 1m to 2m, so timeouts, retries, breakers and the budget all get work.
Scenario three_tier() {
  Scenario s;
  s.name = "bench-three-tier";
  s.seed = 1;
  s.duration = Duration::seconds(300);
  enum : std::uint32_t { kApi, kPayments, kBank };
  enum : std::uint32_t { kClientsApi, kApiPayments, kPaymentsBank };

  ServiceConfig api;
  api.name = "api";
  api.workers = 64;
  api.handler = {work(Distribution::exponential(Duration::milliseconds(2))), call(kApiPayments),
                 work(Distribution::constant(Duration::milliseconds(1)))};
  ServiceConfig payments;
  payments.name = "payments";
  payments.workers = 32;
  payments.handler = {work(Distribution::lognormal(Duration::milliseconds(5), 0.5)), call(kPaymentsBank), effect(0)};
  payments.idempotency.enabled = true;
  payments.idempotency.ttl = Duration::seconds(60);
  ServiceConfig bank;
  bank.name = "bank";
  bank.workers = 16;
  bank.queue.capacity = 200;
  bank.handler = {work(Distribution::exponential(Duration::milliseconds(10)))};
  s.services = {api, payments, bank};
  s.effects = {"charge"};

  s.clients.count = 10'000;
  s.clients.target = kApi;
  s.clients.arrival.process = ArrivalConfig::Process::closed;
  s.clients.arrival.think_time = Distribution::exponential(Duration::seconds(20));

  EdgeConfig to_api;
  to_api.name = "clients->api";
  to_api.caller = kClients;
  to_api.callee = kApi;
  to_api.latency = Distribution::exponential(Duration::milliseconds(5));
  to_api.timeout = Duration::seconds(2);
  to_api.retry.max_attempts = 3;
  to_api.retry.backoff.jitter = Jitter::full;
  to_api.breaker.type = BreakerConfig::Type::count_window;  // per client: 10,000 breakers

  EdgeConfig to_payments;
  to_payments.name = "api->payments";
  to_payments.caller = kApi;
  to_payments.callee = kPayments;
  to_payments.timeout = Duration::seconds(1);
  to_payments.retry.max_attempts = 3;
  to_payments.retry.backoff.base = Duration::milliseconds(50);
  to_payments.retry.backoff.jitter = Jitter::full;
  to_payments.retry.budget.type = BudgetConfig::Type::token_bucket;
  to_payments.breaker.type = BreakerConfig::Type::time_window;

  EdgeConfig to_bank;
  to_bank.name = "payments->bank";
  to_bank.caller = kPayments;
  to_bank.callee = kBank;
  to_bank.latency = Distribution::uniform(Duration::microseconds(500), Duration::milliseconds(2));
  to_bank.timeout = Duration::milliseconds(500);
  to_bank.retry.max_attempts = 2;
  to_bank.retry.backoff.base = Duration::milliseconds(20);
  to_bank.retry.backoff.jitter = Jitter::equal;
  s.edges = {to_api, to_payments, to_bank};

  FaultConfig slow;
  slow.id = "slow-bank";
  slow.type = FaultConfig::Type::slowdown;
  slow.target_kind = FaultConfig::Target::service;
  slow.target = kBank;
  slow.factor = 4.0;
  slow.start = Duration::seconds(60);
  slow.end = Duration::seconds(120);
  s.faults.push_back(slow);
  return s;
}

struct RunTotals {
  std::uint64_t ops = 0;
  std::uint64_t events = 0;
};

// One run to the end plus its summary: what every scenario benchmark times. With `cancel`, the engine polls it.
RunTotals run_and_summarize(const Scenario& s, const std::atomic<bool>* cancel = nullptr) {
  Engine engine(s, s.seed);
  engine.run_until(Instant{} + s.duration, cancel);
  RunResult result = summarize(engine, "baseline");
  benchmark::DoNotOptimize(result);
  const double* ops = result.metrics().find("ops");
  const double* unfinished = result.metrics().find("ops_unfinished");
  return {static_cast<std::uint64_t>((ops ? *ops : 0.0) + (unfinished ? *unfinished : 0.0)),
          engine.events_processed()};
}

void report(benchmark::State& state, const Scenario& s, const RunTotals& per_run) {
  const auto runs = static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(per_run.ops * state.iterations()));
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(per_run.events) * runs, benchmark::Counter::kIsRate);
  state.counters["sim_seconds_per_second"] =
      benchmark::Counter(s.duration.seconds_f() * runs, benchmark::Counter::kIsRate);
  state.counters["ops_per_run"] = static_cast<double>(per_run.ops);
  state.counters["events_per_run"] = static_cast<double>(per_run.events);
}

void run_scenario(benchmark::State& state, const Scenario& s) {
  RunTotals last;
  for (auto _ : state) last = run_and_summarize(s);
  report(state, s, last);
}

void BM_Scenario_Engine(benchmark::State& state) { run_scenario(state, single_service()); }
BENCHMARK(BM_Scenario_Engine)->Unit(benchmark::kMillisecond);

void BM_Scenario_Cancellable(benchmark::State& state) {
  const Scenario s = single_service();
  const std::atomic<bool> never{false};
  RunTotals last;
  for (auto _ : state) last = run_and_summarize(s, &never);
  report(state, s, last);
}
BENCHMARK(BM_Scenario_Cancellable)->Unit(benchmark::kMillisecond);

void BM_ThreeTier(benchmark::State& state) { run_scenario(state, three_tier()); }
BENCHMARK(BM_ThreeTier)->Unit(benchmark::kMillisecond);

#if CHAOSSIM_BENCH_HAVE_LOADER

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kScenarioFile = CHAOSSIM_BENCH_DIR "/scenarios/single_service.json";

// Parsing and validation alone: JSON text -> Scenario.
void BM_Scenario_Load(benchmark::State& state) {
  const std::string text = read_text_file(kScenarioFile);
  if (text.empty()) {
    state.SkipWithError(("cannot read " + kScenarioFile).c_str());
    return;
  }
  for (auto _ : state) {
    LoadResult loaded = load_scenario_text(text, kScenarioFile);
    if (!loaded.ok()) {
      state.SkipWithError(("scenario does not load: " + std::to_string(loaded.errors.size()) + " errors").c_str());
      break;
    }
    benchmark::DoNotOptimize(loaded);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(text.size() * state.iterations()));
}
BENCHMARK(BM_Scenario_Load)->Unit(benchmark::kMicrosecond);

// JSON text -> Scenario -> run -> summary: everything `chaossim run` does for one run except writing files.
void BM_Scenario_WholeProcess(benchmark::State& state) {
  const std::string text = read_text_file(kScenarioFile);
  if (text.empty()) {
    state.SkipWithError(("cannot read " + kScenarioFile).c_str());
    return;
  }
  // The C++-built scenario's run, untimed, to check that the JSON means the same thing.
  const RunTotals direct = run_and_summarize(single_service());
  RunTotals last;
  Duration duration;
  for (auto _ : state) {
    LoadResult loaded = load_scenario_text(text, kScenarioFile);
    if (!loaded.ok() || !loaded.scenario) {
      state.SkipWithError(("scenario does not load: " + std::to_string(loaded.errors.size()) + " errors").c_str());
      return;
    }
    duration = loaded.scenario->duration;
    last = run_and_summarize(*loaded.scenario);
  }
  Scenario for_report;
  for_report.duration = duration;
  report(state, for_report, last);
  state.counters["same_as_direct"] = direct.ops == last.ops && direct.events == last.events ? 1.0 : 0.0;
}
BENCHMARK(BM_Scenario_WholeProcess)->Unit(benchmark::kMillisecond);

const std::string kCheckoutFile = CHAOSSIM_BENCH_DIR "/scenarios/checkout_1000.json";

void BM_Checkout(benchmark::State& state) {
  LoadResult loaded = load_scenario_text(read_text_file(kCheckoutFile), kCheckoutFile);
  if (!loaded.ok() || !loaded.scenario) {
    state.SkipWithError(("cannot load " + kCheckoutFile).c_str());
    return;
  }
  run_scenario(state, *loaded.scenario);
}
BENCHMARK(BM_Checkout)->Unit(benchmark::kMillisecond);

#endif  // CHAOSSIM_BENCH_HAVE_LOADER

}  // namespace
