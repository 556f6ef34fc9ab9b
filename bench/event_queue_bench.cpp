// The hold model (Vaucher and Duval 1975, Jones 1986): the classic benchmark of a pending-event set. The queue is
// filled with N events, then every operation pops the earliest event and schedules one new event an exponential
// increment after it, so the size stays N while the times of the pending events settle into a steady state.
//
// Two queues over the same sizes, in the same binary so they share compiler, flags and machine state:
// - BM_Hold_EventQueue: chaossim::EventQueue, the engine's radix heap;
// - BM_Hold_StdPriorityQueue: std::priority_queue of the same 24-byte chaossim::Event ordered by the same
//   (time, order) comparison, the fair baseline a newcomer would write.
// Items processed are events (one pop plus one push), so the output reads in events per second; the target is
// EventQueue >= 1.5x the baseline at every size. bench/run_benchmarks.sh prints the ratios.
//
// Random increments are drawn once into a small ring buffer with the engine's own generator and distribution (no
// std:: distributions), so both queues spend the same, small time on them and see the same sequence of times.

#include <benchmark/benchmark.h>  // Google Benchmark: State, Range, SetItemsProcessed, counters

#include <cstddef>
#include <cstdint>
#include <queue>   // std::priority_queue, the baseline
#include <vector>

#include "core/distribution.h"  // chaossim::Distribution::exponential, sampled with our Rng
#include "core/event_queue.h"   // chaossim::EventQueue and the Event it orders
#include "core/random.h"        // chaossim::Rng (xoshiro256**)

namespace {

using chaossim::Duration;
using chaossim::Event;
using chaossim::Instant;

// Mean of the exponential increment: 1 ms of simulated time, in integer nanoseconds as the engine uses.
constexpr Duration kMeanIncrement = Duration::milliseconds(1);
// 4096 increments (32 KiB): small enough to stay in cache next to any queue, long enough to look random to it.
constexpr std::size_t kRingSize = std::size_t{1} << 12;

class Increments {
 public:
  explicit Increments(std::uint64_t seed) : m_ring(kRingSize) {
    chaossim::Rng rng(seed);
    const auto exp = chaossim::Distribution::exponential(kMeanIncrement);
    for (std::int64_t& v : m_ring) v = exp.sample(rng).ns;
  }
  Duration next() {
    const std::int64_t v = m_ring[m_next];
    m_next = (m_next + 1) & (kRingSize - 1);
    return Duration{v};
  }

 private:
  std::vector<std::int64_t> m_ring;
  std::size_t m_next = 0;
};

// std::priority_queue with the interface the hold loop needs. It assigns sequence numbers exactly as EventQueue
// does, so both order ties first-in first-out and move the same 24-byte values.
class StdPriorityQueue {
 public:
  void reserve(std::size_t n) {
    std::vector<Event> storage;
    storage.reserve(n);
    m_heap = Heap(Later{}, std::move(storage));
  }
  void push(Instant time, std::uint8_t kind, std::uint32_t id, std::uint32_t gen) {
    m_heap.push(Event{time, (m_next_sequence++ << 8) | kind, id, gen});
  }
  Event pop() {
    const Event e = m_heap.top();
    m_heap.pop();
    return e;
  }
  std::size_t size() const { return m_heap.size(); }

 private:
  // priority_queue keeps the "largest" on top: an event is larger when it runs later.
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return chaossim::runs_before(b, a); }
  };
  using Heap = std::priority_queue<Event, std::vector<Event>, Later>;
  Heap m_heap;
  std::uint64_t m_next_sequence = 0;
};

template <class Queue>
void hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Increments increments(/*seed=*/42);
  Queue queue;
  queue.reserve(n + 1);

  // Prefill with N events at Exp(mean) times from zero, as the hold model prescribes.
  chaossim::Rng fill_rng(/*seed=*/7);
  const auto exp = chaossim::Distribution::exponential(kMeanIncrement);
  for (std::size_t i = 0; i < n; ++i)
    queue.push(Instant{} + exp.sample(fill_rng), static_cast<std::uint8_t>(i % 13), static_cast<std::uint32_t>(i), 0);

  const auto step = [&] {
    const Event e = queue.pop();
    queue.push(e.time + increments.next(), e.kind(), e.id, e.gen + 1);
    return e;
  };
  // Untimed warm-up of N holds: the prefilled times are all near zero, the steady state is not, and it is the
  // steady state that a long simulation lives in.
  for (std::size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(step());

  for (auto _ : state) {
    const Event e = step();
    benchmark::DoNotOptimize(e);
  }
  if (queue.size() != n) state.SkipWithError("queue size drifted");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["queue_size"] = static_cast<double>(n);
}

void BM_Hold_EventQueue(benchmark::State& state) { hold<chaossim::EventQueue>(state); }
void BM_Hold_StdPriorityQueue(benchmark::State& state) { hold<StdPriorityQueue>(state); }

// N = 1k, 10k, 100k, 1M: from L1-resident up to well past the last-level cache.
void sizes(benchmark::internal::Benchmark* b) { b->RangeMultiplier(10)->Range(1'000, 1'000'000); }

BENCHMARK(BM_Hold_EventQueue)->Apply(sizes);
BENCHMARK(BM_Hold_StdPriorityQueue)->Apply(sizes);

}  // namespace
