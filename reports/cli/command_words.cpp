#include "cli/command_words.h"

#include <algorithm>

#include "core/printable.h"
#include "scenario/format.h"  // did_you_mean

namespace chaossim {

namespace {

bool is_command(const std::string& word, const std::vector<std::string>& commands) {
  return std::find(commands.begin(), commands.end(), word) != commands.end();
}

std::string unknown(const std::string& word, const std::vector<std::string>& commands) {
  std::string list;
  for (const std::string& c : commands) list += (list.empty() ? "" : ", ") + c;
  return printable("chaossim: \"" + word + "\" is not a command" + format::did_you_mean(word, commands) +
                   ". Commands: " + list + "; chaossim help COMMAND explains one.");
}

}  // namespace

std::variant<std::vector<std::string>, std::string> normalise_command_words(std::vector<std::string> args,
                                                                            const std::vector<std::string>& commands) {
  if (args.empty()) return args;
  const std::string first = args.front();
  if (first == "version" || first == "-V") return std::vector<std::string>{"--version"};
  if (first == "help") {
    if (args.size() == 1) return std::vector<std::string>{"--help"};
    if (!is_command(args[1], commands)) return unknown(args[1], commands);
    return std::vector<std::string>{args[1], "--help"};
  }
  if (!first.empty() && first.front() != '-' && !is_command(first, commands)) return unknown(first, commands);
  return args;
}

}  // namespace chaossim
