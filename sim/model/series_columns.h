#pragma once
// The columns of timeseries.csv, declared once. The recorder lays the series out from these lists, the engine and
// the charts address columns by these constants rather than by spelled names or bare offsets, and the format
// reference (docs/scenario-format.md, section 9.5) lists every name here (tests/metrics checks it does).
//
// A column that counts what a metric counts has the metric's name ("ops", "latency.p99", "budget.denied"), so one
// name means one thing in summary.json, timeseries.csv and sweep.csv; the column holds that figure for one bucket
// (warmup included), the metric for a phase. Each column's unit is declared beside its name; the format reference
// (docs/scenario-format.md, section 9.5) describes them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/metric_unit.h"

namespace chaossim::series {

// Run-wide columns, in file order; each constant is the column's index in a row.
enum RunColumn : std::size_t {
  kTime,     // the start of the bucket, in seconds
  kTimeEnd,  // its end: the start of the next one, or the end of the run for a last, shorter bucket
  kOpsStarted,
  kAttempts,
  kRetries,
  kOpsSucceeded,
  kOpsFailed,
  kOpsDegraded,
  kTimeouts,
  kDuplicates,
  kLatencyP50,
  kLatencyP99,
  kBreakerOpenShare,
  kBreakerRejections,
  kBudgetDenied,
  kThrottleRejections,
  kLimitRejections,
  kRunColumns
};
inline constexpr std::array<std::string_view, kRunColumns> kRunColumnNames = {
    "t_start_s",
    "t_end_s",
    "ops",
    "attempts",
    "retries",
    "ops_succeeded",
    "ops_failed",
    "ops_degraded",
    "timeouts",
    "duplicates",
    "latency.p50",
    "latency.p99",
    "breaker.open_share",
    "breaker.rejections",
    "budget.denied",
    "throttle.rejections",
    "limit.rejections",
};
inline constexpr std::array<MetricUnit, kRunColumns> kRunColumnUnits = {
    MetricUnit::seconds, MetricUnit::seconds, MetricUnit::count,    MetricUnit::count, MetricUnit::count,
    MetricUnit::count,   MetricUnit::count,   MetricUnit::count,    MetricUnit::count, MetricUnit::count,
    MetricUnit::seconds, MetricUnit::seconds, MetricUnit::fraction, MetricUnit::count, MetricUnit::count,
    MetricUnit::count,   MetricUnit::count,
};

// After the run-wide columns come groups of columns per effect, then per service, then per edge, each group in
// the scenario's order and named "<group>.<name>.<column>", for example "services.api.queue". Each constant is the
// column's offset inside its group.
enum EffectColumn : std::size_t { kEffectExecuted, kEffectDuplicates, kEffectColumns };
inline constexpr std::array<std::string_view, kEffectColumns> kEffectColumnNames = {"executed", "duplicates"};
inline constexpr std::array<MetricUnit, kEffectColumns> kEffectColumnUnits = {MetricUnit::count, MetricUnit::count};

enum ServiceColumn : std::size_t {
  kServiceRequests,
  kServiceQueue,  // waiting at the end of the bucket
  kServiceQueueMax,
  kServiceUtilization,
  kServiceProcessorUtilization,
  kServiceShed,
  kServiceWasted,
  kServiceOverloaded,
  kServiceLimit,    // its concurrency limit at the end of the bucket (0 without one)
  kServiceLimited,  // requests its concurrency limit refused
  kServiceColumns
};
inline constexpr std::array<std::string_view, kServiceColumns> kServiceColumnNames = {
    "requests", "queue",  "queue_max",  "utilization", "processor_utilization",
    "shed",     "wasted", "overloaded", "limit",       "limited"};
inline constexpr std::array<MetricUnit, kServiceColumns> kServiceColumnUnits = {
    MetricUnit::count, MetricUnit::count, MetricUnit::count, MetricUnit::fraction, MetricUnit::fraction,
    MetricUnit::count, MetricUnit::count, MetricUnit::count, MetricUnit::count,    MetricUnit::count};

enum EdgeColumn : std::size_t {
  kEdgeAttempts,
  kEdgeBreakerOpenShare,
  kEdgeLimit,  // the callers' concurrency limit at the end of the bucket, the mean over caller instances (0 without)
  kEdgeColumns
};
inline constexpr std::array<std::string_view, kEdgeColumns> kEdgeColumnNames = {"attempts", "breaker_open_share",
                                                                                "limit"};
inline constexpr std::array<MetricUnit, kEdgeColumns> kEdgeColumnUnits = {MetricUnit::count, MetricUnit::fraction,
                                                                          MetricUnit::count};

// Per instance of a service with several: what the balancers sent it and how it coped ("instances.api#2.requests").
enum InstanceColumn : std::size_t {
  kInstanceRequests,
  kInstanceQueue,  // waiting at the end of the bucket
  kInstanceUtilization,
  kInstanceUp,       // 1 while the process runs at the end of the bucket, 0 while crashed or stopped
  kInstanceHealthy,  // 1 while its service's health checker keeps it in rotation at the end of the bucket
  kInstanceEjected,  // edges whose outlier detection has it ejected at the end of the bucket
  kInstanceColumns
};
inline constexpr std::array<std::string_view, kInstanceColumns> kInstanceColumnNames = {
    "requests", "queue", "utilization", "up", "healthy", "ejected"};
inline constexpr std::array<MetricUnit, kInstanceColumns> kInstanceColumnUnits = {
    MetricUnit::count, MetricUnit::count, MetricUnit::fraction,
    MetricUnit::count, MetricUnit::count, MetricUnit::count};

inline constexpr std::string_view kEffectGroup = "effects";
inline constexpr std::string_view kServiceGroup = "services";
inline constexpr std::string_view kEdgeGroup = "edges";
inline constexpr std::string_view kInstanceGroup = "instances";

inline std::string name(RunColumn c) { return std::string(kRunColumnNames[c]); }

// The text before and after the entity's name in a per-entity column: "services." and ".queue".
inline std::string group_prefix(std::string_view group) { return std::string(group) + "."; }
inline std::string column_suffix(std::string_view column) { return "." + std::string(column); }
inline std::string suffix(EffectColumn c) { return column_suffix(kEffectColumnNames[c]); }
inline std::string suffix(ServiceColumn c) { return column_suffix(kServiceColumnNames[c]); }
inline std::string suffix(EdgeColumn c) { return column_suffix(kEdgeColumnNames[c]); }
inline std::string suffix(InstanceColumn c) { return column_suffix(kInstanceColumnNames[c]); }

// An instance's name: its service's and its number from 1, "payments#2". Fault targets use the same spelling.
inline std::string instance_name(std::string_view service, std::uint32_t ordinal) {
  return std::string(service) + "#" + std::to_string(ordinal + 1);
}

// "effects.charge.duplicates", "services.api.queue", "edges.clients->api.attempts".
inline std::string effect_column(std::string_view effect, EffectColumn c) {
  return group_prefix(kEffectGroup) + std::string(effect) + suffix(c);
}
inline std::string service_column(std::string_view service, ServiceColumn c) {
  return group_prefix(kServiceGroup) + std::string(service) + suffix(c);
}
inline std::string edge_column(std::string_view edge, EdgeColumn c) {
  return group_prefix(kEdgeGroup) + std::string(edge) + suffix(c);
}
inline std::string instance_column(std::string_view service, std::uint32_t ordinal, InstanceColumn c) {
  return group_prefix(kInstanceGroup) + instance_name(service, ordinal) + suffix(c);
}

}  // namespace chaossim::series
