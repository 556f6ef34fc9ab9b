#pragma once
// A service's idempotency store: key -> in flight | completed(status). Completed records expire `ttl` after they
// were written; since every record of one store lives equally long, expiry order is write order and a FIFO queue
// replaces a timer per key. Memory is bounded by the live keys, never by history.

#include <algorithm>
#include <cstdint>
#include <deque>

#include "core/flat_map.h"
#include "core/time.h"

namespace chaossim {

class IdempotencyStore {
 public:
  struct Entry {
    bool completed = false;
    std::int16_t status = 0;                 // the stored reply, when completed
    std::uint32_t waiters = 0xffffffffu;     // head of the engine's list of requests waiting on an in-flight key
    std::uint32_t version = 0;               // matches the expiry queue record that may remove it; a lease's token
    std::uint32_t payload = 0;               // the fingerprint of the request that took or completed it
    Instant leased_at;                       // in flight: when its lease was taken
    Instant lease_until = Instant::never();  // in flight: when its lease runs out (never, without leases)
    bool lease_expired(Instant now) const { return !completed && lease_until <= now; }
  };

  explicit IdempotencyStore(Duration ttl) : m_ttl(ttl) {}

  // The live entry for a key, or nullptr. Expired records are dropped first; an in-flight entry whose lease ran out
  // stays (Entry::lease_expired) until a new lease or its holder replaces it.
  Entry* find(Instant now, std::uint64_t key) {
    expire(now);
    return m_entries.find(key);
  }
  // Marks a key in flight (the first request with it has started) until `lease_until`. Returns the lease's token:
  // higher than any earlier lease's of the store.
  std::uint32_t begin(Instant now, std::uint64_t key, std::uint32_t payload, Instant lease_until = Instant::never()) {
    expire(now);
    Entry& e = m_entries[key];
    e = Entry{false, 0, 0xffffffffu, ++m_version, payload, now, lease_until};
    return e.version;
  }
  // Stores a reply for a key; it lives until now + ttl.
  void complete(Instant now, std::uint64_t key, int status, std::uint32_t payload) {
    expire(now);
    Entry& e = m_entries[key];
    e.completed = true;
    e.status = static_cast<std::int16_t>(status);
    e.waiters = 0xffffffffu;
    e.version = ++m_version;
    e.payload = payload;
    m_expiry.push_back({now + m_ttl, key, e.version});
  }
  // Whether the key's in-flight record is still the lease `token` (no one has leased or completed it since).
  bool holds(std::uint64_t key, std::uint32_t token) {
    const Entry* e = m_entries.find(key);
    return e && e->version == token;
  }
  // Forgets the in-flight lease `token` (its request failed and errors are not cached); a newer one stays.
  void release(std::uint64_t key, std::uint32_t token) {
    if (holds(key, token)) m_entries.erase(key);
  }
  // The holder of lease `token` died: a renewed lease runs out `ttl` after its last renewal (every ttl / 3 since
  // it was taken), one that was not renewed when it would have anyway.
  void holder_died(Instant now, std::uint64_t key, std::uint32_t token, Duration ttl, bool renewed) {
    if (!holds(key, token) || !renewed) return;
    Entry& e = *m_entries.find(key);
    const Duration period{std::max<std::int64_t>(1, ttl.ns / 3)};
    const Instant last = e.leased_at + Duration{(now - e.leased_at).ns / period.ns * period.ns};
    e.lease_until = last + ttl;
  }
  // A crash of a memory store.
  void clear() {
    m_entries.clear();
    m_expiry.clear();
  }
  std::size_t size() const { return m_entries.size(); }

 private:
  struct Expiry {
    Instant at;
    std::uint64_t key;
    std::uint32_t version;
  };
  void expire(Instant now) {
    while (!m_expiry.empty() && m_expiry.front().at <= now) {
      const Expiry x = m_expiry.front();
      m_expiry.pop_front();
      if (Entry* e = m_entries.find(x.key); e && e->version == x.version) m_entries.erase(x.key);
    }
  }

  Duration m_ttl;
  FlatMap<Entry> m_entries;
  std::deque<Expiry> m_expiry;
  std::uint32_t m_version = 0;
};

}  // namespace chaossim
