#pragma once
// The names a handler's steps keep in the ledger, for the resolver (resolve.cpp): effects (and which effect each
// undoes) and versioned records, each a list of at most 32 names that steps point into by index.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/config.h"
#include "scenario/validate.h"

namespace chaossim::validate {

// The index of the name at `at` in `names`, added when new; none (reported) past `limit` names. `what` names the
// kind in the message ("effects").
std::optional<std::uint32_t> name_index(const Cursor& at, std::vector<std::string>& names, std::size_t limit,
                                        const std::string& what, Reporter& report);

// Scenario::effect_undoes, from the effect steps with "undoes" (their effect, and the cursor of the key), once every
// effect is known: an effect some handler performs, not itself, and the same wherever the undoing effect is.
void read_undoes(Scenario& s, const std::vector<std::pair<std::uint32_t, Cursor>>& undoing, Reporter& report);

}  // namespace chaossim::validate
