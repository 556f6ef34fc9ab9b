#include "strategies/idempotency_store.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

Instant at_s(std::int64_t s) { return Instant{} + Duration::seconds(s); }

TEST(idempotency_store, a_completed_key_returns_its_stored_reply_until_ttl) {
  IdempotencyStore store(Duration::seconds(60));
  store.begin(at_s(0), 42);
  const IdempotencyStore::Entry* e = store.find(at_s(1), 42);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->completed);
  store.complete(at_s(2), 42, 201);
  e = store.find(at_s(61), 42);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->completed);
  EXPECT_EQ(e->status, 201);
  EXPECT_EQ(store.find(at_s(62), 42), nullptr);  // expired at 2 + 60
}

TEST(idempotency_store, forget_removes_an_in_flight_key) {
  IdempotencyStore store(Duration::seconds(60));
  store.begin(at_s(0), 7);
  store.forget(7);
  EXPECT_EQ(store.find(at_s(0), 7), nullptr);
}

TEST(idempotency_store, a_rewritten_key_is_not_expired_by_its_older_record) {
  IdempotencyStore store(Duration::seconds(10));
  store.complete(at_s(0), 5, 200);
  store.complete(at_s(8), 5, 200);  // written again: lives to 18
  EXPECT_NE(store.find(at_s(15), 5), nullptr);
  EXPECT_EQ(store.find(at_s(18), 5), nullptr);
}

TEST(idempotency_store, memory_is_bounded_by_live_keys_not_history) {
  IdempotencyStore store(Duration::seconds(1));
  for (std::int64_t i = 1; i <= 100000; ++i) store.complete(Instant{} + Duration::milliseconds(i), static_cast<std::uint64_t>(i), 200);
  // Only the last second's keys (1000 of them) are alive.
  store.find(Instant{} + Duration::milliseconds(100000), 1);
  EXPECT_LE(store.size(), 1001u);
}

TEST(idempotency_store, clear_empties_the_store_as_a_crash_does) {
  IdempotencyStore store(Duration::seconds(60));
  store.complete(at_s(0), 1, 200);
  store.clear();
  EXPECT_EQ(store.find(at_s(1), 1), nullptr);
  EXPECT_EQ(store.size(), 0u);
}

}  // namespace
}  // namespace chaossim
