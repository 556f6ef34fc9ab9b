#pragma once
// The system of a scenario in words, for people: one row per service and per edge, with the strategies each
// caller uses, and the short label of an edge in the topology diagram. Qt-free, so the report and the dashboard
// say the same thing. The texts are plain (not escaped): each writer escapes them for its own output.

#include <string>
#include <vector>

#include "charts/chart_spec.h"
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

// A fault in a few words, for a chart's legend: "error 5 % · payments", "slowdown ×10 · db",
// "drop_response 30 % · api->payments", "load ×3 · clients".
std::string fault_label(const Scenario& scenario, const FaultConfig& fault);

// One band per fault, clipped to the run (a fault that starts after the end has none), labelled by fault_label.
FaultBands fault_bands(const Scenario& scenario);

}  // namespace chaossim
