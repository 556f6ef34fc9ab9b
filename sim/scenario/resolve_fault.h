#pragma once
// Reading one fault for the resolver (resolve.cpp): its type and the keys that type takes, its target (a service,
// some of its instances, one instance "api#2", an edge or the clients), its window and its settings.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/config.h"
#include "scenario/validate.h"

namespace chaossim::validate {

// What a fault may refer to: the services and edges resolved so far, and the run's length when it was valid.
struct FaultContext {
  const Scenario& scenario;  // services (their instances) and duration
  bool duration_ok;
  const std::unordered_map<std::string, std::uint32_t>& service_index;
  const std::vector<std::string>& service_names;
  const std::unordered_map<std::string, std::uint32_t>& edge_index;
  const std::vector<std::string>& edge_names;
};

// The fault at `f` (an object), its errors reported with their line:column and path.
FaultConfig read_fault(const Cursor& f, const FaultContext& context, Reporter& report);

}  // namespace chaossim::validate
