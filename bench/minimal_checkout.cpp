// The checkout model of bench/scenarios/checkout_1000.json written for itself alone, as a floor for the speed of a
// simulator of it: no scenario, no pooled objects, no optional features, no per-phase totals or time series, only
// the counts the SimPy peer prints. It shares the engine's two structural shortcuts, so that what separates the two
// is generality and not an algorithm: events due a constant delay ahead (requests and replies at 5 ms, attempt
// timeouts at 1 s) wait in FIFOs, the rest in a binary heap, and the next event is the earliest of their fronts.
// Stale events (a timeout or reply for an attempt already answered or given up) are popped and skipped; the
// engine's timer FIFO drops stale timeouts without making them events, so this floor pops 3.2 million events where
// the engine pops 2.6 million. It is a floor written plainly, not tuned as far as it could go.
//
//   build/release/bench/minimal_checkout [SECONDS]    (default 600: the benchmark's ten simulated minutes)
//
// bench/README.md compares its CPU time with chaossim's and SimPy's. Its numbers differ from chaossim's in the
// draws (other streams), not in the model: the counts agree within their noise.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <queue>
#include <vector>

#include "core/random.h"     // chaossim::Rng, the engine's xoshiro256**
#include "core/ring_fifo.h"  // chaossim::RingFifo, the FIFO of the event queue's lanes

namespace {

// The scenario's parameters, in nanoseconds where they are times.
constexpr double kRatePerNs = 1000.0 / 1e9;
constexpr int kWorkers = 80;
constexpr double kWorkMeanNs = 50e6;
constexpr std::int64_t kLatencyNs = 5'000'000, kTimeoutNs = 1'000'000'000;
constexpr double kErrorProbability = 0.02, kReplyLossProbability = 0.05;
constexpr std::uint32_t kMaxAttempts = 4;
constexpr double kBackoffBaseNs = 100e6, kBackoffCapNs = 5e9;

enum Kind : std::uint8_t { kArrival, kBackoffDone, kWorkDone, kRequestArrives, kReplyArrives, kTimeout };

struct Event {
  std::int64_t time;
  std::uint64_t sequence;  // ties in time run first-in first-out
  std::uint32_t id;        // an operation, or a request for kRequestArrives and kWorkDone
  std::uint32_t gen;       // the operation's attempt generation when the event was scheduled
  Kind kind;
  bool error = false;  // kReplyArrives: the service answered with an error
};
struct RunsLater {
  bool operator()(const Event& a, const Event& b) const {
    return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
  }
};

struct Operation {
  std::int64_t start;
  std::uint32_t attempts = 0, gen = 0, charges = 0;
  bool done = false;
};
struct Request {
  std::uint32_t op, gen;
};

struct Counts {
  std::uint64_t ops = 0, attempts = 0, succeeded = 0, failed = 0, timeouts = 0, errors = 0, replies_lost = 0,
                duplicates = 0, events = 0;
};

class Model {
 public:
  // Operations are kept to the end (a late duplicate charge can come after an operation's outcome), so their vector
  // is sized for the expected count once rather than copied as it grows.
  explicit Model(std::int64_t end_ns) : m_end(end_ns) {
    m_ops.reserve(static_cast<std::size_t>(1.1 * kRatePerNs * static_cast<double>(end_ns)) + 1000);
  }

  Counts run() {
    schedule_heap(m_now + exponential(m_arrivals, 1.0 / kRatePerNs), kArrival, 0, 0);
    for (Event e; next(e) && e.time < m_end;) {
      m_now = e.time;
      ++m_counts.events;
      handle(e);
    }
    for (const Operation& o : m_ops) m_counts.duplicates += o.charges > 1 ? o.charges - 1 : 0;
    return m_counts;
  }

 private:
  static std::int64_t exponential(chaossim::Rng& rng, double mean_ns) {
    return std::llround(-mean_ns * std::log(rng.uniform_open0()));
  }

  void schedule_heap(std::int64_t time, Kind kind, std::uint32_t id, std::uint32_t gen) {
    m_heap.push(Event{time, m_sequence++, id, gen, kind});
  }
  void schedule_fifo(chaossim::RingFifo<Event>& fifo, std::int64_t time, Kind kind, std::uint32_t id, std::uint32_t gen,
                     bool error = false) {
    fifo.push_back(Event{time, m_sequence++, id, gen, kind, error});
  }

  // The earliest of the heap's top and the FIFOs' fronts.
  bool next(Event& out) {
    const Event* best = m_heap.empty() ? nullptr : &m_heap.top();
    chaossim::RingFifo<Event>* from = nullptr;
    for (chaossim::RingFifo<Event>* fifo : {&m_requests_in_flight, &m_replies_in_flight, &m_timeouts})
      if (!fifo->empty() && (best == nullptr || RunsLater{}(*best, fifo->front()))) {
        best = &fifo->front();
        from = fifo;
      }
    if (best == nullptr) return false;
    out = *best;
    if (from != nullptr)
      from->pop_front();
    else
      m_heap.pop();
    return true;
  }

  void handle(const Event& e) {
    switch (e.kind) {
      case kArrival:
        ++m_counts.ops;
        m_ops.push_back(Operation{m_now});
        send_attempt(static_cast<std::uint32_t>(m_ops.size() - 1));
        schedule_heap(m_now + exponential(m_arrivals, 1.0 / kRatePerNs), kArrival, 0, 0);
        break;
      case kBackoffDone:
        if (current(e)) send_attempt(e.id);
        break;
      case kRequestArrives:
        if (m_busy < kWorkers)
          start_work(e.id);
        else
          m_waiting.push_back(e.id);
        break;
      case kWorkDone: work_done(e.id); break;
      case kReplyArrives:
        if (!current(e)) break;
        if (e.error) {
          ++m_counts.errors;
          attempt_failed(e.id);
        } else {
          ++m_counts.succeeded;
          finish(e.id);
        }
        break;
      case kTimeout:
        if (!current(e)) break;
        ++m_counts.timeouts;
        attempt_failed(e.id);
        break;
    }
  }

  bool current(const Event& e) const { return !m_ops[e.id].done && m_ops[e.id].gen == e.gen; }

  void send_attempt(std::uint32_t op) {
    Operation& o = m_ops[op];
    ++o.attempts;
    ++o.gen;
    ++m_counts.attempts;
    std::uint32_t r;
    if (m_free_requests.empty()) {
      r = static_cast<std::uint32_t>(m_requests.size());
      m_requests.emplace_back();
    } else {
      r = m_free_requests.back();
      m_free_requests.pop_back();
    }
    m_requests[r] = Request{op, o.gen};
    schedule_fifo(m_requests_in_flight, m_now + kLatencyNs, kRequestArrives, r, 0);
    schedule_fifo(m_timeouts, m_now + kTimeoutNs, kTimeout, op, o.gen);
  }

  void start_work(std::uint32_t request) {
    ++m_busy;
    schedule_heap(m_now + exponential(m_service, kWorkMeanNs), kWorkDone, request, 0);
  }

  // The service charges unless it fails, frees the worker and replies; the reply may be lost on the way.
  void work_done(std::uint32_t request) {
    --m_busy;
    const Request r = m_requests[request];
    m_free_requests.push_back(request);
    const bool error = m_service.bernoulli(kErrorProbability);
    if (!error) ++m_ops[r.op].charges;
    if (!m_waiting.empty()) {
      start_work(m_waiting.front());
      m_waiting.pop_front();
    }
    if (m_network.bernoulli(kReplyLossProbability)) {
      ++m_counts.replies_lost;
      return;
    }
    schedule_fifo(m_replies_in_flight, m_now + kLatencyNs, kReplyArrives, r.op, r.gen, error);
  }

  // Exponential backoff with full jitter before the next attempt, or the end of the operation.
  void attempt_failed(std::uint32_t op) {
    Operation& o = m_ops[op];
    if (o.attempts >= kMaxAttempts) {
      ++m_counts.failed;
      finish(op);
      return;
    }
    ++o.gen;  // the attempt is given up: its reply or timeout, should it still come, is stale
    const double cap = std::min(kBackoffCapNs, kBackoffBaseNs * std::ldexp(1.0, static_cast<int>(o.attempts) - 1));
    schedule_heap(m_now + std::llround(m_backoff.uniform() * cap), kBackoffDone, op, o.gen);
  }

  void finish(std::uint32_t op) {
    m_ops[op].done = true;
    ++m_ops[op].gen;
  }

  const std::int64_t m_end;
  std::int64_t m_now = 0;
  std::uint64_t m_sequence = 0;
  chaossim::Rng m_arrivals{1}, m_service{2}, m_network{3}, m_backoff{4};
  std::priority_queue<Event, std::vector<Event>, RunsLater> m_heap;
  chaossim::RingFifo<Event> m_requests_in_flight, m_replies_in_flight, m_timeouts;
  std::vector<Operation> m_ops;
  std::vector<Request> m_requests;
  std::vector<std::uint32_t> m_free_requests;
  chaossim::RingFifo<std::uint32_t> m_waiting;  // requests queued for a worker, first come first served
  int m_busy = 0;
  Counts m_counts;
};

}  // namespace

int main(int argc, char** argv) {
  long seconds = 600;
  char* end = nullptr;
  if (argc == 2) seconds = std::strtol(argv[1], &end, 10);
  if (argc > 2 || (argc == 2 && (end == argv[1] || *end != '\0' || seconds < 1 || seconds > 86'400))) {
    std::fprintf(stderr, "usage: minimal_checkout [SECONDS]   (simulated seconds, 1 to 86400; default 600)\n");
    return 2;
  }
  const Counts c = Model(seconds * 1'000'000'000).run();
  std::printf(
      "{\"ops\": %llu, \"attempts\": %llu, \"succeeded\": %llu, \"failed\": %llu, \"timeouts\": %llu, "
      "\"errors\": %llu, \"replies_lost\": %llu, \"duplicate_charges\": %llu, \"events\": %llu}\n",
      static_cast<unsigned long long>(c.ops), static_cast<unsigned long long>(c.attempts),
      static_cast<unsigned long long>(c.succeeded), static_cast<unsigned long long>(c.failed),
      static_cast<unsigned long long>(c.timeouts), static_cast<unsigned long long>(c.errors),
      static_cast<unsigned long long>(c.replies_lost), static_cast<unsigned long long>(c.duplicates),
      static_cast<unsigned long long>(c.events));
  return 0;
}
