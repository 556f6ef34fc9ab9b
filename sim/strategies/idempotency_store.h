#pragma once
// A service's idempotency store: key -> in flight | completed(status). Completed records expire `ttl` after they
// were written; since every record of one store lives equally long, expiry order is write order and a FIFO queue
// replaces a timer per key. Memory is bounded by the live keys, never by history.

#include <cstdint>
#include <deque>

#include "core/flat_map.h"
#include "core/time.h"

namespace chaossim {

class IdempotencyStore {
 public:
  struct Entry {
    bool completed = false;
    std::int16_t status = 0;              // the stored reply, when completed
    std::uint32_t waiters = 0xffffffffu;  // head of the engine's list of requests waiting on an in-flight key
    std::uint32_t version = 0;            // matches the expiry queue record that may remove it
  };

  explicit IdempotencyStore(Duration ttl) : m_ttl(ttl) {}

  // The live entry for a key, or nullptr. Expired records are dropped first.
  Entry* find(Instant now, std::uint64_t key) {
    expire(now);
    return m_entries.find(key);
  }
  // Marks a key in flight (the first request with it has started).
  Entry& begin(Instant now, std::uint64_t key) {
    expire(now);
    Entry& e = m_entries[key];
    e = Entry{false, 0, 0xffffffffu, ++m_version};
    return e;
  }
  // Stores a reply for a key; it lives until now + ttl.
  void complete(Instant now, std::uint64_t key, int status) {
    expire(now);
    Entry& e = m_entries[key];
    e.completed = true;
    e.status = static_cast<std::int16_t>(status);
    e.waiters = 0xffffffffu;
    e.version = ++m_version;
    m_expiry.push_back({now + m_ttl, key, e.version});
  }
  // Forgets an in-flight key (its request failed and errors are not cached).
  void forget(std::uint64_t key) { m_entries.erase(key); }
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
