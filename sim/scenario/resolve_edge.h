#pragma once
// Reading a caller's strategy on one edge (resolve_edge.cpp), and the check of keys that depend on the kind of
// object, for the resolver (resolve.cpp).

#include <string>
#include <string_view>

#include "model/config.h"
#include "scenario/validate.h"

namespace chaossim::validate {

// Reports keys that do not apply to this kind of object (format::Shape: a fault's, budget's or breaker's type, the
// arrival process) and keys it cannot do without. `what` names the object in messages ("a slowdown fault").
void apply_shape(const Cursor& c, std::string_view object, std::string_view value, const std::string& what,
                 Reporter& report);

// An adaptive concurrency limit (`object` is its pattern, "edges.*.concurrency_limit" or the services'): the
// library's defaults for its algorithm, with the keys written replacing them one by one.
LimitConfig read_limit(const Cursor& c, std::string_view object, Reporter& report);

// The edge at `c`: `base` (the default edge, else the built-in defaults) with every top-level key it sets replaced
// whole (a "retry" object replaces the default's retry strategy, it is not merged into it).
EdgeConfig read_edge(const Cursor& c, const EdgeConfig& base, Reporter& report);

}  // namespace chaossim::validate
