#include "cli/validate_command.h"

#include <iostream>

#include "cli/batch.h"

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
    std::cout << doc->file << ": ok (" << r.scenario->name << ", " << doc->variants.size() << " variants)\n";
  }
  return status;
}

}  // namespace chaossim
