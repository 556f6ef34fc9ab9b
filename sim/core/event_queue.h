#pragma once
// The pending-event set, ordered by (time, sequence number): a radix heap, beside FIFO lanes for events scheduled
// a constant delay ahead.
//
// A discrete-event simulation never schedules into the past: every new event is due at or after the event being
// handled, and its sequence number is larger. Keys only grow, and a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan)
// exploits that. This one works in base 16: the 128-bit key (time, order) is 32 hexadecimal digits, and bucket
// (l, d) holds the events whose key first differs from the last key taken at digit l, where theirs is d. Buckets in
// the order (l, d) hold ever larger keys, so the next event is the least of the first non-empty bucket; taking it
// spreads the rest of that bucket into lower levels. An event moves down a level at a time, a few times in its
// life (base 2 would move it four times as often), always by appending to a vector: no pointer chasing and no
// log-depth sifting. Buckets keep their capacity, so steady-state scheduling allocates nothing.
//
// Lanes: messages on an edge of constant latency are due in the order they were sent, so they need no heap at
// all. A lane is a FIFO of such events; the lanes' fronts are kept in a small binary heap of their own, and the
// next event is the earlier of that heap's top and the radix heap's minimum. An event pushed to a lane that would
// not keep the lane in order (a latency that varies) goes to the radix heap instead, so lanes are only ever a
// shortcut: the events come out in exactly the order they would without them.
//
// Precondition: a pushed event runs after the last event popped. The engine guarantees it (nothing is scheduled
// into the past); CHAOSSIM_ASSERT checks it against the last event the heap gave.

#include <cstdint>
#include <vector>

#include "core/assert.h"
#include "core/ring_fifo.h"
#include "core/time.h"

namespace chaossim {

// What an event means is up to the model: `kind` selects the handler, `id` names a pooled object and `gen` is that
// object's generation when the event was scheduled, so an event for an object that has since been reused or
// cancelled is recognised and skipped when it is popped (lazy cancellation: nothing is ever searched for).
struct Event {
  Instant time;
  std::uint64_t order;  // sequence number << 8 | kind: unique, so ties in time break first-in first-out
  std::uint32_t id;
  std::uint32_t gen;

  std::uint8_t kind() const { return static_cast<std::uint8_t>(order & 0xff); }
  std::uint64_t sequence() const { return order >> 8; }
};

inline bool runs_before(const Event& a, const Event& b) {
  return a.time.ns < b.time.ns || (a.time.ns == b.time.ns && a.order < b.order);
}

class EventQueue {
 public:
  using Lane = std::uint32_t;
  static constexpr int kDigitBits = 4;  // base 16
  static constexpr int kLevels = 128 / kDigitBits;
  static constexpr int kBuckets = kLevels << kDigitBits;

  // Makes room for `n` pending events in every bucket, so that no push allocates while at most `n` are pending.
  void reserve(std::size_t n) {
    for (std::vector<Event>& b : m_buckets) b.reserve(n);
  }
  bool empty() const { return m_size == 0; }
  std::size_t size() const { return m_size; }
  // Number of sequence numbers handed out so far.
  std::uint64_t scheduled() const { return m_next_sequence; }

  void push(Instant time, std::uint8_t kind, std::uint32_t id, std::uint32_t gen) {
    push_ordered(time, reserve_order(kind), id, gen);
  }

  // Takes the next sequence number now for an event that will be pushed later (see TimerFifo): it then runs
  // exactly where it would have run had it been pushed at this moment.
  std::uint64_t reserve_order(std::uint8_t kind) { return (m_next_sequence++ << 8) | kind; }

  void push_ordered(Instant time, std::uint64_t order, std::uint32_t id, std::uint32_t gen) {
    const Event e{time, order, id, gen};
    check_not_past(e);
    ++m_size;
    ++m_heap_size;
    place(e);
  }

  // A new lane, empty; lanes live as long as the queue.
  Lane add_lane() {
    m_lanes.emplace_back();
    return static_cast<Lane>(m_lanes.size() - 1);
  }
  std::size_t lanes() const { return m_lanes.size(); }

  // Pushes an event that is usually due no earlier than the lane's last one (a constant delay from now): it then
  // waits in the lane, else in the heap. Either way it runs exactly where push() would have run it.
  void push_lane(Lane lane, Instant time, std::uint8_t kind, std::uint32_t id, std::uint32_t gen) {
    RingFifo<Event>& l = m_lanes[lane];
    if (!l.empty() && time < l.back().time) {
      push(time, kind, id, gen);
      return;
    }
    const Event e{time, reserve_order(kind), id, gen};
    check_not_past(e);
    ++m_size;
    l.push_back(e);
    if (l.size() == 1) lanes_insert(lane);
  }

  // The next event. Not const: finding it may reorganise the buckets. The reference is valid until the next push.
  // It notes where the event waits, so that pop_top() takes it without looking again.
  const Event& top() {
    m_top_in_lane = lane_first();
    return m_top_in_lane ? m_lanes[m_lane_heap[0]].front() : heap_min();
  }

  Event pop() {
    --m_size;
    return lane_first() ? pop_lane() : pop_heap();
  }

  // Takes the event top() returned, with nothing pushed in between: the event loop looks at every event before it
  // takes it, and comparing the lanes' front with the heap's minimum once instead of twice is worth it there.
  Event pop_top() {
    CHAOSSIM_ASSERT(m_size > 0 && m_top_in_lane == lane_first(), "pop_top() without top(), or after a push");
    --m_size;
    return m_top_in_lane ? pop_lane() : pop_heap();
  }

  void clear() {
    for (std::vector<Event>& b : m_buckets) b.clear();
    for (RingFifo<Event>& l : m_lanes) l.clear();
    m_lane_heap.clear();
    for (std::uint64_t& w : m_nonempty) w = 0;
    m_nonempty_words = 0;
    m_min_bucket = -1;
    m_size = m_heap_size = 0;
    m_last_high = m_last_low = 0;
    m_next_sequence = 0;
  }

 private:
  static constexpr int kMaskWords = kBuckets / 64;

  // The time with its sign bit flipped, so unsigned order equals signed order.
  static std::uint64_t high(const Event& e) { return static_cast<std::uint64_t>(e.time.ns) ^ (std::uint64_t{1} << 63); }
  void set_last(const Event& e) {
    m_last_high = high(e);
    m_last_low = e.order;
  }
  void check_not_past([[maybe_unused]] const Event& e) const {
    CHAOSSIM_ASSERT(high(e) > m_last_high || (high(e) == m_last_high && e.order > m_last_low),
                    "an event pushed before the last one taken: the radix heap would lose its order");
  }

  // The bucket (level, digit) of an event relative to the last key taken: the highest hexadecimal digit in which
  // the 128-bit key (time, order) differs from it, and the event's digit there. Keys are unique, so an event that
  // is not the last one always differs somewhere.
  static int bucket_of(const Event& e, std::uint64_t last_high, std::uint64_t last_low) {
    const std::uint64_t h = high(e);
    if (const std::uint64_t x = h ^ last_high) {
      const int level = (63 - __builtin_clzll(x)) / kDigitBits;
      return ((kLevels / 2 + level) << kDigitBits) | static_cast<int>((h >> (level * kDigitBits)) & 15);
    }
    const int level = (63 - __builtin_clzll(e.order ^ last_low)) / kDigitBits;
    return (level << kDigitBits) | static_cast<int>((e.order >> (level * kDigitBits)) & 15);
  }
  void mark_nonempty(int b) {
    m_nonempty[b >> 6] |= std::uint64_t{1} << (b & 63);
    m_nonempty_words |= 1u << (b >> 6);
  }
  void mark_empty(int b) {
    m_nonempty[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
    if (!m_nonempty[b >> 6]) m_nonempty_words &= ~(1u << (b >> 6));
  }

  // Appends to its bucket, keeping the cached minimum (when there is one) the minimum.
  void place(const Event& e) {
    const int b = bucket_of(e, m_last_high, m_last_low);
    std::vector<Event>& bucket = m_buckets[b];
    bucket.push_back(e);
    mark_nonempty(b);
    // A lower bucket than the minimum's was empty, so the event is its only one.
    if (m_min_bucket >= 0 && (b < m_min_bucket || (b == m_min_bucket && runs_before(e, bucket[m_min_index])))) {
      m_min_bucket = b;
      m_min_index = bucket.size() - 1;
    }
  }

  int lowest_nonempty() const {
    const int w = __builtin_ctz(m_nonempty_words);
    return (w << 6) + __builtin_ctzll(m_nonempty[w]);
  }

  // The heap's minimum (the heap must not be empty): the least event of the lowest non-empty bucket, found once
  // and kept until a pop or a push changes it.
  const Event& heap_min() {
    if (m_min_bucket < 0) {
      const int i = lowest_nonempty();
      const std::vector<Event>& bucket = m_buckets[i];
      std::size_t best = 0;
      for (std::size_t k = 1; k < bucket.size(); ++k)
        if (runs_before(bucket[k], bucket[best])) best = k;
      m_min_bucket = i;
      m_min_index = best;
    }
    return m_buckets[m_min_bucket][m_min_index];
  }

  // Whether the next event is a lane's.
  bool lane_first() {
    if (m_lane_heap.empty()) return false;
    return m_heap_size == 0 || runs_before(m_lanes[m_lane_heap[0]].front(), heap_min());
  }

  // Takes the heap's minimum as the last key and spreads the rest of its bucket.
  //
  // This is a large share of an engine run's instructions (bench/README.md), so it is written for the compiler:
  // a bucket of one event (the common case near the front) skips the loop, and the spreading keeps the last key
  // and the non-empty masks in locals, which the compiler cannot do across push_back on its own (the vector's
  // stores might alias them).
  Event pop_heap() {
    heap_min();
    const int i = m_min_bucket;
    const std::size_t best = m_min_index;
    std::vector<Event>& bucket = m_buckets[i];
    const Event top = bucket[best];
    --m_heap_size;
    set_last(top);
    spread(i, best);
    return top;
  }

  // Moves bucket i's events but the one at `skip` (the new last key) into lower levels: they share its digits
  // down to i's level, so each now differs from it lower.
  void spread(int i, std::size_t skip) {
    std::vector<Event>& bucket = m_buckets[i];
    mark_empty(i);
    const std::size_t n = bucket.size();
    if (n > 1) {
      const std::uint64_t last_high = m_last_high, last_low = m_last_low;
      // Every event lands below level i / 16, so only the mask words up to i's change.
      const int words = (i >> 6) + 1;
      std::uint64_t nonempty[kMaskWords];
      for (int w = 0; w < words; ++w) nonempty[w] = m_nonempty[w];
      for (std::size_t k = 0; k < n; ++k) {
        if (k == skip) continue;
        const int b = bucket_of(bucket[k], last_high, last_low);
        m_buckets[b].push_back(bucket[k]);
        nonempty[b >> 6] |= std::uint64_t{1} << (b & 63);
      }
      for (int w = 0; w < words; ++w) {
        m_nonempty[w] = nonempty[w];
        if (nonempty[w]) m_nonempty_words |= 1u << w;
      }
    }
    bucket.clear();
    m_min_bucket = -1;
  }

  // Takes the front of the earliest lane. The heap keeps its last key: it is still at most every event in the
  // heap and every event pushed from now on (they run after this one), which is all a radix heap needs, and
  // moving it would spread buckets that the heap's own next pop spreads anyway.
  Event pop_lane() {
    const Lane lane = m_lane_heap[0];
    RingFifo<Event>& l = m_lanes[lane];
    const Event e = l.front();
    l.pop_front();
    if (l.empty()) {
      m_lane_heap[0] = m_lane_heap.back();
      m_lane_heap.pop_back();
    }
    if (!m_lane_heap.empty()) lanes_sift_down();
    return e;
  }

  bool lane_before(Lane a, Lane b) const { return runs_before(m_lanes[a].front(), m_lanes[b].front()); }
  void lanes_insert(Lane lane) {
    std::size_t k = m_lane_heap.size();
    m_lane_heap.push_back(lane);
    while (k > 0 && lane_before(lane, m_lane_heap[(k - 1) / 2])) {
      m_lane_heap[k] = m_lane_heap[(k - 1) / 2];
      k = (k - 1) / 2;
    }
    m_lane_heap[k] = lane;
  }
  void lanes_sift_down() {
    const Lane lane = m_lane_heap[0];
    const std::size_t n = m_lane_heap.size();
    std::size_t k = 0;
    for (;;) {
      std::size_t child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && lane_before(m_lane_heap[child + 1], m_lane_heap[child])) ++child;
      if (!lane_before(m_lane_heap[child], lane)) break;
      m_lane_heap[k] = m_lane_heap[child];
      k = child;
    }
    m_lane_heap[k] = lane;
  }

  std::vector<Event> m_buckets[kBuckets];
  std::uint64_t m_nonempty[kMaskWords] = {};  // bit b set when bucket b holds events
  std::uint32_t m_nonempty_words = 0;         // bit w set when m_nonempty[w] is not 0
  int m_min_bucket = -1;                      // where the heap's minimum is, once found; -1: not known
  std::size_t m_min_index = 0;
  bool m_top_in_lane = false;                     // where the event the last top() returned waits
  std::vector<RingFifo<Event>> m_lanes;           // each in (time, order) order
  std::vector<Lane> m_lane_heap;                  // the non-empty lanes, a binary heap by their fronts
  std::size_t m_size = 0;                         // pending events, in the heap and the lanes
  std::size_t m_heap_size = 0;                    // of which in the heap
  std::uint64_t m_last_high = 0, m_last_low = 0;  // key of the last event the heap gave; at first the least key
  std::uint64_t m_next_sequence = 0;
};

}  // namespace chaossim
