#include "cli/validate_command.h"

#include <iostream>

#include "cli/batch.h"
#include "scenario/cost_model.h"

namespace chaossim {

int cmd_validate(const std::vector<std::string>& files) {
  int status = kExitPass;
  for (const std::string& f : files) {
    auto doc = read_document(f);
    if (!doc) {
      status = kExitInvalid;
      continue;
    }
    LoadResult r = build_scenario(*doc);
    if (!r.ok()) {
      print_errors(r.errors);
      status = kExitInvalid;
      continue;
    }
    // What one run of the baseline will cost, so a heavy scenario is seen for what it is before it runs.
    std::cout << doc->file << ": ok (" << r.scenario->name << ", " << doc->variants.size()
              << (doc->variants.size() == 1 ? " variant; " : " variants; ")
              << cost::summary(cost::estimate_run(*r.scenario)) << ")\n";
  }
  return status;
}

}  // namespace chaossim
