#pragma once
// The first word of a command line, as git reads it: `help`, `help CMD`, `version` and `-V` are spelt out for
// CLI11, and a word that is no command is refused with the closest one ("did you mean run?") instead of CLI11's
// "A subcommand is required", which it prints for `chaossim rnu` and `chaossim foo run` alike.

#include <string>
#include <variant>
#include <vector>

namespace chaossim {

// `args` without the program name. Returns the arguments to give CLI11, or the message of a refusal.
std::variant<std::vector<std::string>, std::string> normalise_command_words(std::vector<std::string> args,
                                                                            const std::vector<std::string>& commands);

}  // namespace chaossim
