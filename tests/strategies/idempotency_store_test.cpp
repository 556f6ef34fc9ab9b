#include "strategies/idempotency_store.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

Instant at_s(std::int64_t s) { return Instant{} + Duration::seconds(s); }

TEST(idempotency_store, a_completed_key_returns_its_stored_reply_until_ttl) {
  IdempotencyStore store(Duration::seconds(60));
  store.begin(at_s(0), 42, 1);
  const IdempotencyStore::Entry* e = store.find(at_s(1), 42);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->completed);
  store.complete(at_s(2), 42, 201, 1);
  e = store.find(at_s(61), 42);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->completed);
  EXPECT_EQ(e->status, 201);
  EXPECT_EQ(store.find(at_s(62), 42), nullptr);  // expired at 2 + 60
}

TEST(idempotency_store, release_removes_an_in_flight_key_only_for_its_own_lease) {
  IdempotencyStore store(Duration::seconds(60));
  const std::uint32_t first = store.begin(at_s(0), 7, 1);
  store.release(7, first);
  EXPECT_EQ(store.find(at_s(0), 7), nullptr);
  const std::uint32_t older = store.begin(at_s(1), 7, 1);
  const std::uint32_t newer = store.begin(at_s(2), 7, 1);
  EXPECT_GT(newer, older);
  store.release(7, older);  // a holder whose lease was taken over releases nothing
  EXPECT_TRUE(store.holds(7, newer));
  EXPECT_FALSE(store.holds(7, older));
}

TEST(idempotency_store, a_lease_runs_out_at_its_time_and_a_completed_record_never_does) {
  IdempotencyStore store(Duration::seconds(60));
  store.begin(at_s(0), 9, 1, at_s(2));
  EXPECT_FALSE(store.find(at_s(1), 9)->lease_expired(at_s(1)));
  EXPECT_TRUE(store.find(at_s(2), 9)->lease_expired(at_s(2)));
  store.complete(at_s(3), 9, 200, 1);
  EXPECT_FALSE(store.find(at_s(30), 9)->lease_expired(at_s(30)));
}

TEST(idempotency_store, a_dead_holders_renewed_lease_runs_out_a_ttl_after_its_last_renewal) {
  IdempotencyStore store(Duration::seconds(60));
  const std::uint32_t token = store.begin(at_s(0), 3, 1);  // renewed: no end while its holder lives
  EXPECT_FALSE(store.find(at_s(1000), 3)->lease_expired(at_s(1000)));
  // ttl 30 s, renewed every 10 s: the holder dies at 25 s, last renewed at 20 s, so the lease lasts until 50 s.
  store.holder_died(at_s(25), 3, token, Duration::seconds(30), true);
  EXPECT_FALSE(store.find(at_s(49), 3)->lease_expired(at_s(49)));
  EXPECT_TRUE(store.find(at_s(50), 3)->lease_expired(at_s(50)));
}

TEST(idempotency_store, an_unrenewed_lease_keeps_its_end_when_its_holder_dies) {
  IdempotencyStore store(Duration::seconds(60));
  const std::uint32_t token = store.begin(at_s(0), 4, 1, at_s(30));
  store.holder_died(at_s(5), 4, token, Duration::seconds(30), false);
  EXPECT_FALSE(store.find(at_s(29), 4)->lease_expired(at_s(29)));
  EXPECT_TRUE(store.find(at_s(30), 4)->lease_expired(at_s(30)));
}

TEST(idempotency_store, a_record_remembers_the_payload_it_was_written_for) {
  IdempotencyStore store(Duration::seconds(60));
  store.begin(at_s(0), 8, 11);
  EXPECT_EQ(store.find(at_s(0), 8)->payload, 11u);
  store.complete(at_s(1), 8, 200, 12);  // a holder of another payload wrote last
  EXPECT_EQ(store.find(at_s(1), 8)->payload, 12u);
}

TEST(idempotency_store, a_rewritten_key_is_not_expired_by_its_older_record) {
  IdempotencyStore store(Duration::seconds(10));
  store.complete(at_s(0), 5, 200, 1);
  store.complete(at_s(8), 5, 200, 1);  // written again: lives to 18
  EXPECT_NE(store.find(at_s(15), 5), nullptr);
  EXPECT_EQ(store.find(at_s(18), 5), nullptr);
}

TEST(idempotency_store, memory_is_bounded_by_live_keys_not_history) {
  IdempotencyStore store(Duration::seconds(1));
  for (std::int64_t i = 1; i <= 100000; ++i)
    store.complete(Instant{} + Duration::milliseconds(i), static_cast<std::uint64_t>(i), 200, 1);
  // Only the last second's keys (1000 of them) are alive.
  store.find(Instant{} + Duration::milliseconds(100000), 1);
  EXPECT_LE(store.size(), 1001u);
}

TEST(idempotency_store, clear_empties_the_store_as_a_crash_does) {
  IdempotencyStore store(Duration::seconds(60));
  store.complete(at_s(0), 1, 200, 1);
  store.clear();
  EXPECT_EQ(store.find(at_s(1), 1), nullptr);
  EXPECT_EQ(store.size(), 0u);
}

}  // namespace
}  // namespace chaossim
