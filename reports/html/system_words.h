#pragma once
// The system of a scenario in words, for people: one row per service and per edge, with the strategies each
// caller uses, and the short label of an edge in the topology diagram. Qt-free, so the report and the dashboard
// say the same thing. The texts are plain (not escaped): each writer escapes them for its own output.

#include <string>
#include <vector>

#include "model/config.h"

namespace chaossim {

struct ServiceRow {
  std::string name;
  std::string workers;      // "32", "32 (8 processors)"
  std::string queue;        // "unbounded, FIFO", "100 waiting, LIFO, sheds after 1s"
  std::string handler;      // "work 40ms (lognormal) → effect charge"
  std::string idempotency;  // "durable store, ttl 24h", "none"
};

struct EdgeRow {
  std::string caller, callee;  // "clients" for the client population
  std::string latency, timeout, retry, key, breaker, bulkhead, fallback, budget;
};

std::vector<ServiceRow> service_rows(const Scenario& scenario);
std::vector<EdgeRow> edge_rows(const Scenario& scenario);

// The name of an edge's caller: the service, or "clients".
std::string caller_name(const Scenario& scenario, const EdgeConfig& edge);

// The strategies of an edge in a few words, for a diagram: "timeout 1s · 3 tries · key · breaker".
std::string edge_label(const Scenario& scenario, const EdgeConfig& edge);

}  // namespace chaossim
