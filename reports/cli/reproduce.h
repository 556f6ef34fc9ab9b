#pragma once
// The command line that runs one configuration again, exactly: printed on every FAIL line and in the JUnit
// failure text, as a seed is printed by test frameworks that randomise, so a red CI job can be replayed locally.

#include <cstdint>
#include <string>
#include <vector>

namespace chaossim {

struct RunArguments {
  std::string scenario;              // as given on the command line
  std::vector<std::string> sets;     // --set, in order
  std::vector<std::string> expects;  // --expect, in order
  std::size_t replications = 1;
};

// "chaossim run SCENARIO --variant V --seed N …", every argument quoted for a POSIX shell where it needs to be.
std::string reproduce_command(const RunArguments& args, const std::string& variant, std::uint64_t seed);

// One argument as a POSIX shell reads it back: unchanged when it is plain, else in single quotes.
std::string shell_quote(const std::string& arg);

}  // namespace chaossim
