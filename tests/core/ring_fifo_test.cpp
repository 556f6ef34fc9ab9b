// Tests for sim/core/ring_fifo.h: the ring-buffer FIFO of the event queue's lanes.

#include "core/ring_fifo.h"

#include <gtest/gtest.h>

#include <deque>

#include "core/random.h"

namespace chaossim {
namespace {

TEST(ring_fifo, starts_empty) {
  RingFifo<int> f;
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(f.size(), 0u);
}

TEST(ring_fifo, gives_back_in_the_order_pushed_with_front_and_back) {
  RingFifo<int> f;
  for (int i = 1; i <= 3; ++i) f.push_back(i);
  EXPECT_EQ(f.size(), 3u);
  EXPECT_EQ(f.front(), 1);
  EXPECT_EQ(f.back(), 3);
  f.pop_front();
  EXPECT_EQ(f.front(), 2);
  EXPECT_EQ(f.back(), 3);
}

// Growing while the contents wrap around the end of the buffer must keep their order: the first capacity is 64,
// so 50 pops then 100 pushes make the ring wrap and then grow with its head in the middle.
TEST(ring_fifo, keeps_the_order_when_it_grows_while_wrapped_around) {
  RingFifo<int> f;
  std::deque<int> reference;
  int next = 0;
  const auto push = [&] {
    f.push_back(next);
    reference.push_back(next++);
  };
  for (int i = 0; i < 60; ++i) push();
  for (int i = 0; i < 50; ++i) {
    f.pop_front();
    reference.pop_front();
  }
  for (int i = 0; i < 100; ++i) push();
  ASSERT_EQ(f.size(), reference.size());
  while (!reference.empty()) {
    EXPECT_EQ(f.front(), reference.front());
    EXPECT_EQ(f.back(), reference.back());
    f.pop_front();
    reference.pop_front();
  }
  EXPECT_TRUE(f.empty());
}

TEST(ring_fifo, random_pushes_and_pops_match_a_deque) {
  Rng rng(7);
  RingFifo<std::uint64_t> f;
  std::deque<std::uint64_t> reference;
  for (int step = 0; step < 100000; ++step) {
    // Pushes a little more often than pops, so the ring grows through several capacities and wraps at each.
    if (reference.empty() || rng.bernoulli(0.52)) {
      const std::uint64_t v = rng.next();
      f.push_back(v);
      reference.push_back(v);
    } else {
      ASSERT_EQ(f.front(), reference.front()) << "step " << step;
      f.pop_front();
      reference.pop_front();
    }
    ASSERT_EQ(f.size(), reference.size());
    if (!reference.empty()) {
      ASSERT_EQ(f.back(), reference.back());
      const std::size_t k = rng.below(reference.size());
      ASSERT_EQ(f[k], reference[k]) << "element " << k << " at step " << step;
    }
  }
}

TEST(ring_fifo, clear_empties_it_and_it_is_usable_again) {
  RingFifo<int> f;
  for (int i = 0; i < 70; ++i) f.push_back(i);
  f.pop_front();
  f.clear();
  EXPECT_TRUE(f.empty());
  f.push_back(5);
  f.push_back(6);
  EXPECT_EQ(f.front(), 5);
  EXPECT_EQ(f.back(), 6);
}

}  // namespace
}  // namespace chaossim
