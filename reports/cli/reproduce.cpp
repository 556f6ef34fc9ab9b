#include "cli/reproduce.h"

namespace chaossim {

std::string shell_quote(const std::string& arg) {
  const bool plain = !arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                           "0123456789_-+./:=,@%") == std::string::npos;
  if (plain) return arg;
  std::string out = "'";
  for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string reproduce_command(const RunArguments& args, const std::string& variant, std::uint64_t seed) {
  std::string out = "chaossim run " + shell_quote(args.scenario);
  if (variant != "baseline") out += " --variant " + shell_quote(variant);
  out += " --seed " + std::to_string(seed);
  if (args.replications > 1) out += " --replications " + std::to_string(args.replications);
  for (const std::string& s : args.sets) out += " --set " + shell_quote(s);
  for (const std::string& e : args.expects) out += " --expect " + shell_quote(e);
  return out;
}

}  // namespace chaossim
