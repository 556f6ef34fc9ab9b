// Tests for sim/core/event_queue.h: the radix heap of events ordered by (time, sequence).

#include "core/event_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <set>
#include <tuple>
#include <type_traits>
#include <vector>

#include "core/random.h"

// Counts every allocation made through the global operator new in this test binary, so a test can assert that a
// stretch of code allocated nothing. The replacement forwards to malloc/free and is otherwise behaviour-neutral;
// array and nothrow forms forward to these in libstdc++.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// GCC 12 inlines these into new-expressions and then warns that free() does not match new; it does here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
// The queue's node storage is cache-line aligned: count that form too.
void* operator new[](std::size_t size, std::align_val_t align) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace chaossim {
namespace {

// (time, sequence, kind, id, gen): sorting these tuples is the order the queue must reproduce.
using Ref = std::tuple<std::int64_t, std::uint64_t, std::uint8_t, std::uint32_t, std::uint32_t>;

Ref as_ref(const Event& e) { return {e.time.ns, e.sequence(), e.kind(), e.id, e.gen}; }

// Pushes into both the queue and the reference; the queue assigns sequence numbers 0, 1, 2, ... in push order.
void push_both(EventQueue& q, std::set<Ref>& ref, Instant t, std::uint8_t kind, std::uint32_t id, std::uint32_t gen) {
  ref.emplace(t.ns, q.scheduled(), kind, id, gen);
  q.push(t, kind, id, gen);
}

// Pops one event from each and reports a mismatch; returns false on mismatch so the caller can stop early.
bool pop_both_match(EventQueue& q, std::set<Ref>& ref) {
  const Ref expected = *ref.begin();
  ref.erase(ref.begin());
  const Event& top = q.top();
  EXPECT_EQ(as_ref(top), expected) << "top() disagrees with the next pop";
  const Event e = q.pop_top();  // as the engine's loop takes events
  const Ref got = as_ref(e);
  EXPECT_EQ(got, expected) << "popped (t=" << std::get<0>(got) << ", seq=" << std::get<1>(got)
                           << ") but expected (t=" << std::get<0>(expected) << ", seq=" << std::get<1>(expected) << ")";
  return got == expected;
}

TEST(event_queue, events_are_small_plain_values) {
  EXPECT_EQ(sizeof(Event), 24u) << "events are meant to be 24-byte values stored inline";
  EXPECT_TRUE(std::is_trivially_copyable_v<Event>);
}

TEST(event_queue, starts_empty) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.scheduled(), 0u);
}

TEST(event_queue, size_and_scheduled_count_pushes_and_pops) {
  EventQueue q;
  q.push(Instant{5}, 1, 0, 0);
  q.push(Instant{3}, 1, 0, 0);
  q.push(Instant{4}, 1, 0, 0);
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.scheduled(), 3u);
  q.pop();
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.scheduled(), 3u);  // scheduled() counts every push ever, not the pending ones
  q.pop();
  q.pop();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.scheduled(), 3u);
}

TEST(event_queue, pops_earliest_time_first) {
  EventQueue q;
  for (std::int64_t t : {50, 10, 40, 20, 30, 0, 60}) q.push(Instant{t}, 0, static_cast<std::uint32_t>(t), 0);
  std::vector<std::int64_t> order;
  while (!q.empty()) order.push_back(q.pop().time.ns);
  EXPECT_EQ(order, (std::vector<std::int64_t>{0, 10, 20, 30, 40, 50, 60}));
}

TEST(event_queue, same_time_events_run_in_insertion_order) {
  EventQueue q;
  // Kinds deliberately decrease: the kind lives in the low byte of `order`, and must never break ties.
  constexpr std::uint32_t kCount = 1000;
  for (std::uint32_t i = 0; i < kCount; ++i) q.push(Instant{42}, static_cast<std::uint8_t>(255 - i % 256), i, 0);
  for (std::uint32_t i = 0; i < kCount; ++i) {
    const Event e = q.pop();
    ASSERT_EQ(e.id, i) << "same-time events must come out first-in first-out";
    EXPECT_EQ(e.sequence(), i);
  }
}

TEST(event_queue, same_time_events_pushed_while_running_run_after_those_already_pending) {
  EventQueue q;
  q.push(Instant{10}, 0, 1, 0);
  q.push(Instant{10}, 0, 2, 0);
  const Event first = q.pop();
  EXPECT_EQ(first.id, 1u);
  q.push(Instant{10}, 0, 3, 0);  // a zero-delay event scheduled by the handler of the first
  EXPECT_EQ(q.pop().id, 2u);
  EXPECT_EQ(q.pop().id, 3u);
}

TEST(event_queue, kind_id_and_gen_survive_the_heap) {
  EventQueue q;
  q.push(Instant{3}, 255, 0xffffffffu, 0xffffffffu);
  q.push(Instant{1}, 0, 0, 0);
  q.push(Instant{2}, 0x5a, 0x12345678u, 0x9abcdef0u);
  Event e = q.pop();
  EXPECT_EQ(e.time, Instant{1});
  EXPECT_EQ(e.kind(), 0);
  EXPECT_EQ(e.id, 0u);
  EXPECT_EQ(e.gen, 0u);
  EXPECT_EQ(e.sequence(), 1u);
  e = q.pop();
  EXPECT_EQ(e.time, Instant{2});
  EXPECT_EQ(e.kind(), 0x5a);
  EXPECT_EQ(e.id, 0x12345678u);
  EXPECT_EQ(e.gen, 0x9abcdef0u);
  EXPECT_EQ(e.sequence(), 2u);
  e = q.pop();
  EXPECT_EQ(e.time, Instant{3});
  EXPECT_EQ(e.kind(), 255);
  EXPECT_EQ(e.id, 0xffffffffu);
  EXPECT_EQ(e.gen, 0xffffffffu);
  EXPECT_EQ(e.sequence(), 0u);
}

TEST(event_queue, runs_before_orders_by_time_then_sequence) {
  const Event a{Instant{1}, (5u << 8) | 200, 0, 0};
  const Event b{Instant{1}, (6u << 8) | 1, 0, 0};
  const Event c{Instant{0}, (9u << 8) | 0, 0, 0};
  EXPECT_TRUE(runs_before(a, b));
  EXPECT_FALSE(runs_before(b, a));
  EXPECT_TRUE(runs_before(c, a));
  EXPECT_FALSE(runs_before(a, a));  // irreflexive: a strict weak ordering
}

TEST(event_queue, handles_negative_and_very_late_times) {
  EventQueue q;
  const std::int64_t never = Duration::infinite().ns;
  for (std::int64_t t : {never, std::int64_t{-5}, std::int64_t{0}, never - 1, std::int64_t{-6}, 2 * never})
    q.push(Instant{t}, 0, 0, 0);
  std::vector<std::int64_t> order;
  while (!q.empty()) order.push_back(q.pop().time.ns);
  EXPECT_EQ(order, (std::vector<std::int64_t>{-6, -5, 0, never - 1, never, 2 * never}));
}

TEST(event_queue, pops_sorted_for_every_small_size) {
  // Every heap size up to a few levels deep, so the partially filled last group of four children is exercised in
  // every shape. Times come from a small range so there are many ties.
  Rng rng(7);
  for (std::uint32_t n = 1; n <= 90; ++n) {
    for (int trial = 0; trial < 20; ++trial) {
      EventQueue q;
      std::set<Ref> ref;
      for (std::uint32_t i = 0; i < n; ++i)
        push_both(q, ref, Instant{static_cast<std::int64_t>(rng.below(n))}, static_cast<std::uint8_t>(rng.below(256)),
                  i, static_cast<std::uint32_t>(rng.next()));
      while (!ref.empty()) ASSERT_TRUE(pop_both_match(q, ref)) << "size " << n << " trial " << trial;
      ASSERT_TRUE(q.empty());
    }
  }
}

TEST(event_queue, random_interleaved_pushes_and_pops_match_a_sorted_reference) {
  // 200k operations; pushes slightly outnumber pops so the queue grows to a few thousand and shrinks again in
  // phases. As in a simulation nothing is pushed before the last event popped; delays are drawn from ranges that
  // make ties common and from nearly the whole 62-bit range.
  Rng rng(2024);
  EventQueue q;
  std::set<Ref> ref;
  std::int64_t now = 0;
  for (int phase = 0; phase < 8; ++phase) {
    const double push_probability = phase % 2 == 0 ? 0.6 : 0.4;
    const std::uint64_t delay_range = phase < 4 ? 64 : (std::uint64_t{1} << 50);
    for (int i = 0; i < 25'000; ++i) {
      if (ref.empty() || rng.bernoulli(push_probability)) {
        push_both(q, ref, Instant{now + static_cast<std::int64_t>(rng.below(delay_range))},
                  static_cast<std::uint8_t>(rng.below(256)), static_cast<std::uint32_t>(rng.next()),
                  static_cast<std::uint32_t>(rng.next()));
      } else {
        now = std::get<0>(*ref.begin());
        ASSERT_TRUE(pop_both_match(q, ref)) << "phase " << phase << " operation " << i;
      }
      ASSERT_EQ(q.size(), ref.size());
    }
  }
  while (!ref.empty()) ASSERT_TRUE(pop_both_match(q, ref));
  EXPECT_TRUE(q.empty());
}

TEST(event_queue, simulation_style_hold_loop_matches_a_sorted_reference) {
  // The way the engine uses the queue: pop the earliest event and schedule follow-ups at now + delay, where a
  // delay is often zero (same-instant follow-ups must run after everything already pending at that instant).
  Rng rng(99);
  EventQueue q;
  std::set<Ref> ref;
  for (std::uint32_t i = 0; i < 500; ++i)
    push_both(q, ref, Instant{static_cast<std::int64_t>(rng.below(1000))}, 1, i, 0);
  for (int step = 0; step < 100'000; ++step) {
    const Instant now{std::get<0>(*ref.begin())};
    ASSERT_TRUE(pop_both_match(q, ref)) << "step " << step;
    const std::uint64_t followups = rng.below(3);  // 0, 1 or 2: the population drifts but stays bounded
    for (std::uint64_t k = 0; k < followups && ref.size() < 2000; ++k) {
      const std::int64_t delay = rng.bernoulli(0.3) ? 0 : static_cast<std::int64_t>(rng.below(500));
      push_both(q, ref, now + Duration{delay}, static_cast<std::uint8_t>(k), static_cast<std::uint32_t>(step), 0);
    }
    if (ref.empty()) push_both(q, ref, now, 1, 0, 0);
  }
}

// Pushes through a lane into the queue and into the reference: where the event waits must not change its place.
void push_lane_both(EventQueue& q, std::set<Ref>& ref, EventQueue::Lane lane, Instant t, std::uint32_t id) {
  ref.emplace(t.ns, q.scheduled(), std::uint8_t{3}, id, 0);
  q.push_lane(lane, t, 3, id, 0);
}

TEST(event_queue, an_event_in_a_lane_runs_before_a_later_one_in_the_heap_and_after_an_earlier_one) {
  EventQueue q;
  const EventQueue::Lane lane = q.add_lane();
  q.push(Instant{100}, 1, 1, 0);
  q.push_lane(lane, Instant{10}, 2, 2, 0);
  q.push(Instant{5}, 1, 3, 0);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.pop().id, 3u);
  EXPECT_EQ(q.top().id, 2u);
  EXPECT_EQ(q.pop().id, 2u);
  // Due between the lane's event just taken and the heap's minimum, which top() had already looked at.
  q.push(Instant{50}, 1, 4, 0);
  q.push_lane(lane, Instant{60}, 2, 5, 0);
  EXPECT_EQ(q.pop().id, 4u);
  EXPECT_EQ(q.pop().id, 5u);
  EXPECT_EQ(q.pop().id, 1u);
  EXPECT_TRUE(q.empty());
}

TEST(event_queue, pop_top_takes_what_top_returned_from_the_lanes_or_the_heap) {
  EventQueue q;
  const EventQueue::Lane lane = q.add_lane();
  q.push_lane(lane, Instant{10}, 2, 1, 0);
  q.push(Instant{20}, 1, 2, 0);
  q.push_lane(lane, Instant{30}, 2, 3, 0);
  for (const std::uint32_t id : {1u, 2u, 3u}) {
    EXPECT_EQ(q.top().id, id);
    EXPECT_EQ(q.pop_top().id, id);
  }
  EXPECT_TRUE(q.empty());
}

TEST(event_queue_death, pop_top_after_a_push_that_comes_first_stops_where_checks_are_active) {
  if (!CHAOSSIM_CHECKS_ENABLED) GTEST_SKIP() << "assertions are compiled out of this build";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        EventQueue q;
        q.push_lane(q.add_lane(), Instant{10}, 2, 1, 0);
        (void)q.top();                // the lane's
        q.push(Instant{5}, 1, 2, 0);  // now the heap's comes first
        (void)q.pop_top();
      },
      "pop_top\\(\\) without top\\(\\), or after a push");
}

TEST(event_queue, an_event_that_would_put_its_lane_out_of_order_waits_in_the_heap) {
  EventQueue q;
  const EventQueue::Lane lane = q.add_lane();
  q.push_lane(lane, Instant{10}, 2, 1, 0);
  q.push_lane(lane, Instant{5}, 2, 2, 0);   // earlier than the lane's last: through the heap
  q.push_lane(lane, Instant{10}, 2, 3, 0);  // a tie keeps the lane in order (first in, first out)
  EXPECT_EQ(q.pop().id, 2u);
  EXPECT_EQ(q.pop().id, 1u);
  EXPECT_EQ(q.pop().id, 3u);
  EXPECT_TRUE(q.empty());
}

TEST(event_queue, lanes_and_the_heap_together_match_a_sorted_reference) {
  // The engine's use: a few lanes, each a constant delay ahead (one of them with a delay that varies, so that some
  // of its events go to the heap), beside heap events of random delays, many of them 0 or equal.
  Rng rng(31);
  EventQueue q;
  std::set<Ref> ref;
  std::vector<EventQueue::Lane> lanes;
  const std::int64_t delays[] = {5, 5, 0, 1000};
  for (int k = 0; k < 4; ++k) lanes.push_back(q.add_lane());
  for (std::uint32_t i = 0; i < 300; ++i)
    push_both(q, ref, Instant{static_cast<std::int64_t>(rng.below(2000))}, 1, i, 0);
  for (int step = 0; step < 200'000; ++step) {
    const Instant now{std::get<0>(*ref.begin())};
    ASSERT_TRUE(pop_both_match(q, ref)) << "step " << step;
    const std::uint64_t followups = rng.below(3);
    for (std::uint64_t k = 0; k < followups && ref.size() < 3000; ++k) {
      const auto id = static_cast<std::uint32_t>(step);
      const std::uint64_t where = rng.below(6);
      if (where < 4) {
        const std::int64_t jitter = where == 3 ? static_cast<std::int64_t>(rng.below(900)) : 0;
        push_lane_both(q, ref, lanes[where], now + Duration{delays[where] + jitter}, id);
      } else {
        const std::int64_t delay = rng.bernoulli(0.3) ? 0 : static_cast<std::int64_t>(rng.below(700));
        push_both(q, ref, now + Duration{delay}, 1, id, 0);
      }
    }
    if (ref.empty()) push_both(q, ref, now, 1, 0, 0);
    ASSERT_EQ(q.size(), ref.size());
  }
  while (!ref.empty()) ASSERT_TRUE(pop_both_match(q, ref));
  EXPECT_TRUE(q.empty());
}

TEST(event_queue, clear_empties_and_restarts_sequence_numbers) {
  EventQueue q;
  for (std::uint32_t i = 0; i < 10; ++i) q.push(Instant{i}, 0, i, 0);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.scheduled(), 0u);
  q.push(Instant{1}, 0, 7, 0);
  q.push(Instant{1}, 0, 8, 0);
  const Event e = q.pop();
  EXPECT_EQ(e.id, 7u);
  EXPECT_EQ(e.sequence(), 0u);
  EXPECT_EQ(q.pop().id, 8u);
}

TEST(event_queue, steady_state_pushes_do_not_reallocate_after_reserve) {
  constexpr std::size_t kCapacity = 1024;
  EventQueue q;
  q.reserve(kCapacity);
  Rng rng(5);
  for (std::uint32_t i = 0; i < kCapacity / 2; ++i)
    q.push(Instant{static_cast<std::int64_t>(rng.below(1000))}, 0, i, 0);
  const std::uint64_t allocations_before = g_allocations.load();
  std::int64_t now = 0;
  for (int step = 0; step < 200'000; ++step) {
    // Random walk of the size between 1 and the reserved capacity.
    if (q.size() < kCapacity && (q.size() <= 1 || rng.bernoulli(0.5))) {
      q.push(Instant{now + static_cast<std::int64_t>(rng.below(1000))}, 1, static_cast<std::uint32_t>(step), 0);
    } else {
      now = q.pop().time.ns;
    }
  }
  const std::uint64_t allocations = g_allocations.load() - allocations_before;
  EXPECT_EQ(allocations, 0u) << "push/pop allocated in steady state";
}

TEST(event_queue, a_steady_workload_allocates_a_bounded_number_of_times_not_per_event) {
  // The hold model: 3000 pending events, pop one, schedule one a random delay later. Each bucket grows by doubling
  // up to at most the number pending, so however long the run, allocations stay below 13 per bucket.
  EventQueue q;
  Rng rng(11);
  for (std::uint32_t i = 0; i < 3000; ++i) q.push(Instant{static_cast<std::int64_t>(rng.below(1'000'000))}, 0, i, 0);
  auto hold = [&](int steps) {
    for (int s = 0; s < steps; ++s) {
      const Event e = q.pop();
      q.push(e.time + Duration{static_cast<std::int64_t>(rng.below(1'000'000))}, 0, e.id, 0);
    }
  };
  const std::uint64_t allocations_before = g_allocations.load();
  hold(1'000'000);
  EXPECT_LT(g_allocations.load() - allocations_before, EventQueue::kBuckets * 13u);
  const std::uint64_t after_a_million = g_allocations.load();
  hold(1'000'000);  // the second million adds almost nothing: the buckets have found their sizes
  EXPECT_LT(g_allocations.load() - after_a_million, 100u);
}

TEST(event_queue, allocation_counter_sees_growth) {
  // Guards the two tests above: if the counting operator new were not linked in, they would pass vacuously.
  EventQueue q;
  const std::uint64_t before = g_allocations.load();
  for (std::uint32_t i = 0; i < 100; ++i) q.push(Instant{i}, 0, i, 0);
  EXPECT_GT(g_allocations.load() - before, 0u);
}

}  // namespace
}  // namespace chaossim
