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
  bool report = false;                // write report.html and summary.md after the run
  std::vector<std::string> expects;   // --expect 'METRIC OP VALUE[@PHASE]' (cli/expect_option.h)
  std::string junit;                  // --junit FILE (ci/junit_xml.h)
  bool trace = false;                 // --trace: record traces even when the scenario has no trace block
};


// Exit 0 when every expectation holds (or none was stated: a warning says nothing was checked), 1 when one fails,
// 2 for a bad scenario or an unusable output, 130/143 when interrupted.
int cmd_run(const RunOptions& options);

}  // namespace chaossim
