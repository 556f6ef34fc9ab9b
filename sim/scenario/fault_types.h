#pragma once
// Every fault type, declared once: its name in scenario files, the engine's enum, what it targets, the keys it takes
// besides the common ones, the keys it cannot do without, and one line of doc. The format's choice of
// `faults[].type`, the resolver, the shape check of fault keys, the generated JSON Schema and the format reference's
// test all read this table. Adding a type here and to FaultConfig::Type is all the format needs; the engine then
// has to give it a meaning (engine_faults.cpp).

#include <array>
#include <cstddef>
#include <string_view>

#include "model/config.h"
#include "scenario/format.h"

namespace chaossim::format {

struct FaultType {
  std::string_view name;
  FaultConfig::Type type;
  FaultConfig::Target target;
  std::string_view keys;        // besides kFaultCommonKeys
  std::string_view needs = {};  // keys it cannot do without
  std::string_view doc = {};
};

// The values of a fault's `mode`, for the types that take one: store_outage's (the first two, as StoreOutageMode)
// and the restart's and deploy's.
enum class FaultMode : std::uint8_t { fail_open, fail_closed, graceful, hard };

inline constexpr std::string_view kFaultCommonKeys = "id type target start duration";

inline constexpr FaultType kFaultTypes[] = {
    {"error", FaultConfig::Type::error, FaultConfig::Target::service,
     "probability status retry_after instances fraction", "",
     "requests fail with `status` (503) before their calls and effects"},
    {"error_after_effect", FaultConfig::Type::error_after_effect, FaultConfig::Target::service,
     "probability status instances fraction", "", "requests do all their work and effects, then answer `status` (500)"},
    {"slowdown", FaultConfig::Type::slowdown, FaultConfig::Target::service, "probability factor instances fraction",
     "factor", "the work steps of the requests it hits take `factor` times longer"},
    {"capacity", FaultConfig::Type::capacity, FaultConfig::Target::service, "workers instances fraction", "workers",
     "the service's workers drop to `workers`"},
    {"crash", FaultConfig::Type::crash, FaultConfig::Target::service, "restart_after instances fraction", "",
     "queued and running work is lost, connections are refused, memory stores are emptied, until restart"},
    {"hang", FaultConfig::Type::hang, FaultConfig::Target::service, "probability instances fraction", "",
     "requests it hits are lost: swallowed on arrival, or their reply dropped if they were already in"},
    {"pause", FaultConfig::Type::pause, FaultConfig::Target::service, "instances fraction", "",
     "work in progress freezes and resumes where it stopped (a GC pause, a stopped VM)"},
    {"store_outage", FaultConfig::Type::store_outage, FaultConfig::Target::service,
     "probability mode instances fraction", "",
     "the idempotency store is unreachable: run without dedupe (`fail_open`) or answer 503"},
    {"latency", FaultConfig::Type::latency, FaultConfig::Target::edge, "probability delay", "delay",
     "messages on the edge take `delay` longer"},
    {"drop_request", FaultConfig::Type::drop_request, FaultConfig::Target::edge, "probability", "",
     "requests are lost on the way to the callee; the caller times out"},
    {"drop_response", FaultConfig::Type::drop_response, FaultConfig::Target::edge, "probability", "",
     "replies are lost on the way back: the work was done, the caller times out"},
    {"duplicate_request", FaultConfig::Type::duplicate_request, FaultConfig::Target::edge, "probability", "",
     "the network delivers requests twice"},
    {"partition", FaultConfig::Type::partition, FaultConfig::Target::edge, "", "",
     "the edge is cut: every attempt fails to connect"},
    {"load", FaultConfig::Type::load, FaultConfig::Target::clients, "factor", "factor",
     "the clients' arrival rate is multiplied by `factor`"},
    {"restart", FaultConfig::Type::restart, FaultConfig::Target::service,
     "mode drain_timeout startup_time warmup cold_factor instances fraction", "",
     "its instances stop (drain or killed) and start again, all at once"},
    {"deploy", FaultConfig::Type::deploy, FaultConfig::Target::service,
     "mode drain_timeout startup_time warmup cold_factor max_unavailable pause instances fraction", "",
     "a rolling deploy: its instances restart `max_unavailable` at a time"},
};

// The registered type called `name`, or null: an unregistered type is an error, never a default.
const FaultType* find_fault_type(std::string_view name);

// The choices of `faults[].type`, made from the table above.
inline constexpr auto kFaultTypeChoices = [] {
  std::array<Choice, std::size(kFaultTypes)> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = choice_of(kFaultTypes[i].name, kFaultTypes[i].type);
  return out;
}();

// Every FaultConfig::Type is registered exactly once (adding an enumerator after `deploy` needs a row above, and
// this check moved to the new last enumerator).
inline constexpr bool kEveryFaultTypeRegisteredOnce = [] {
  constexpr std::size_t n = static_cast<std::size_t>(FaultConfig::Type::deploy) + 1;
  if (std::size(kFaultTypes) != n) return false;
  std::array<int, n> seen{};
  for (const FaultType& t : kFaultTypes)
    if (static_cast<std::size_t>(t.type) >= n || seen[static_cast<std::size_t>(t.type)]++) return false;
  return true;
}();
static_assert(kEveryFaultTypeRegisteredOnce, "every FaultConfig::Type needs exactly one row in kFaultTypes");

}  // namespace chaossim::format
