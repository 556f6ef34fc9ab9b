#pragma once
// `chaossim run SCENARIO`: the baseline or chosen variants, replicated, into one results folder.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch.h"

namespace chaossim {

struct RunOptions : BatchOptions {
  std::vector<std::string> variants;
  bool all_variants = false;
  std::optional<std::uint64_t> seed;
  bool report = false;  // write report.html and summary.md after the run
};


// Exit 0 when every expectation holds, 1 when one fails, 2 for a bad scenario, 130 when interrupted.
int cmd_run(const RunOptions& options);

}  // namespace chaossim
