// Effects, what they undo, and versioned records, as named by handler steps (resolve_ledger.h).
#include "scenario/resolve_ledger.h"

#include <algorithm>

#include "scenario/format.h"

namespace chaossim::validate {

using format::quote;

std::optional<std::uint32_t> name_index(const Cursor& at, std::vector<std::string>& names, std::size_t limit,
                                        const std::string& what, Reporter& report) {
  const std::optional<std::string> name = read_text(at);
  if (!name) return std::nullopt;
  auto it = std::find(names.begin(), names.end(), *name);
  if (it == names.end()) {
    if (names.size() >= limit) {
      report.error(at, "at most " + std::to_string(limit) + " distinct " + what + " are allowed");
      return std::nullopt;
    }
    it = names.insert(names.end(), *name);
  }
  return static_cast<std::uint32_t>(it - names.begin());
}

void read_undoes(Scenario& s, const std::vector<std::pair<std::uint32_t, Cursor>>& undoing, Reporter& report) {
  s.effect_undoes.assign(s.effects.size(), Step::kNone);
  for (const auto& [effect, at] : undoing) {
    const std::string name = *read_text(at);
    const auto it = std::find(s.effects.begin(), s.effects.end(), name);
    const auto undone = static_cast<std::uint32_t>(it - s.effects.begin());
    std::uint32_t& slot = s.effect_undoes[effect];
    if (it == s.effects.end())
      report.error(at, "no handler performs an effect " + quote(name) + format::did_you_mean(name, s.effects));
    else if (undone == effect)
      report.error(at, "an effect cannot undo itself");
    else if (slot != Step::kNone && slot != undone)
      report.error(at, quote(s.effects[effect]) + " undoes " + quote(s.effects[slot]) +
                           " elsewhere: an effect undoes one effect");
    else
      slot = undone;
  }
}

}  // namespace chaossim::validate
