#pragma once
// Samples for an empirical distribution, read from a file next to the scenario: a user's measured latencies. The
// file name comes from the scenario, so it is untrusted: it must be relative, stay inside the scenario's folder
// (no "..", no symbolic link leading out), name a regular file and stay within the size limits.

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>  // a file of samples may be a JSON array

#include "core/time.h"

namespace chaossim {

// The samples of `name` (relative to `folder`), or why not: a message naming the file and, for a bad sample, its
// line ("latency.txt:17: expected a duration with a unit such as \"12ms\", found \"12\"").
// The file holds one duration per line (blank lines and lines starting with # are skipped), or a JSON array of
// durations.
std::variant<std::vector<Duration>, std::string> read_sample_file(const std::filesystem::path& folder,
                                                                  std::string_view name);

// Durations in a JSON array (inline "samples", or a JSON file of them); `where` prefixes messages.
std::variant<std::vector<Duration>, std::string> samples_from_json(const nlohmann::json& array, std::string_view where);

}  // namespace chaossim
