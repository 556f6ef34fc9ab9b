#pragma once
// A run's result as bytes, so that a rank of an MPI sweep can send it to rank 0, which aggregates and writes it as
// if the run had happened in its own thread pool. Every field travels exactly (doubles bit for bit), so the files
// rank 0 writes are the bytes a local sweep writes. Ranks of one job run the same chaossim build on machines of one
// architecture (what MPI jobs are), so the bytes are native-endian.
//
// No MPI here: the format is tested on builds without MPI too.

#include <stdexcept>
#include <string>

#include "metrics/summary.h"

namespace chaossim::wire {

std::string encode(const RunResult& result);

// Throws WireError when the bytes end early, have bytes left over, or hold a count beyond what was sent.
RunResult decode_result(const std::string& bytes);

struct WireError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace chaossim::wire
