#pragma once
// The JSON Schema of scenario files, generated from the format's table (format.h) and the fault types
// (fault_types.h), so that what editors check and what the loader enforces cannot drift apart. The checked-in
// scenarios/schema/chaossim.schema.json is this function's output (`cmake --build build/release --target schema`
// rewrites it; a test fails when the two differ). The loader still checks more than a schema can say: references
// between names, cycles, and the bounds on the total work of a run.

#include <nlohmann/json.hpp>  // ordered_json: the schema keeps the table's order of keys

namespace chaossim::format {

nlohmann::ordered_json json_schema();

}  // namespace chaossim::format
