#pragma once
// The engine's kinds of index, each its own type (core/typed_index.h), so that the compiler, not the reader, checks
// that a service index goes where a service is expected.
//
// Ids name things of the scenario, fixed for the whole run (the scenario's own order). Slots name pooled objects
// that live while they are in flight and are then reused (model/pool.h); a Ref is a slot together with the
// generation it had when someone took note of it, which is how an event recognises that its object has moved on.

#include <cstdint>

#include "core/typed_index.h"

namespace chaossim {

using ServiceId = TypedIndex<struct ServiceTag>;  // index in Scenario::services
// One process of a service (ServiceConfig::instances): the services' instances numbered in the scenario's order,
// all of a service's together.
using InstanceId = TypedIndex<struct InstanceTag>;
using EdgeId = TypedIndex<struct EdgeTag>;      // index in Scenario::edges
using FaultId = TypedIndex<struct FaultTag>;    // index in Scenario::faults
using EffectId = TypedIndex<struct EffectTag>;  // index in Scenario::effects
using ClientId = TypedIndex<struct ClientTag>;  // one of Scenario::clients.count

using OperationSlot = TypedIndex<struct OperationTag>;  // a logical operation of one user
using CallSlot = TypedIndex<struct CallTag>;            // a call over an edge, made of attempts
using RequestSlot = TypedIndex<struct RequestTag>;      // one attempt's request at its callee
using MessageSlot = TypedIndex<struct MessageTag>;      // a reply on its way back

// A pooled object as it was when it was noted down: by an event, a reply address, a deferred timer. It still
// means the same object only while the slot is live with the same generation (Pool::is_current).
template <class Slot>
struct Ref {
  Slot slot;
  std::uint32_t gen = 0;
};
using CallRef = Ref<CallSlot>;
using RequestRef = Ref<RequestSlot>;

}  // namespace chaossim
