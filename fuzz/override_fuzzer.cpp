// libFuzzer target for the command line's value parsing: `--set PATH=VALUE` (parse_override_value, sim/scenario)
// and the value lists of `--param PATH=V1,V2,...` (split_values, reports/cli/sweep.h). Both take text from the
// command line, which may come from a script or a CI file: any bytes must give a value or a reason, never a crash,
// a hang, an uncaught exception or a sanitizer report.
//
// Input: the first byte picks the path (a key of each kind the format has); the rest is the value text. Checks:
//   - a value parse_override_value accepts can be written back as JSON (the manifest records it with dump());
//   - split_values loses nothing: its values joined with commas give the text back;
//   - a text without quotes, braces or brackets is split at every comma (nothing can hide a comma then).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "cli/sweep.h"
#include "scenario/loader.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "override_fuzzer: %s: %.2000s\n", what, detail.c_str());
  std::abort();
}

constexpr const char* kPaths[] = {
    "duration",
    "seed",
    "title",
    "description",
    "tags",
    "warmup",
    "bucket",
    "clients.count",
    "clients.arrival.rate",
    "clients.think_time",
    "clients.timeout",
    "services.api.workers",
    "services.api.queue_capacity",
    "services.api.service_time",
    "services.api.idempotency.enabled",
    "edges.clients->api.retry.max_attempts",
    "edges.clients->api.retry.backoff",
    "edges.clients->api.idempotency_key",
    "edges.clients->api.circuit_breaker",
    "faults",
    "faults.0.start",
    "expect",
    "variants",
    "no.such.path",
    "",
    "services",
    "edges.api->db.timeout",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path = kPaths[data[0] % (sizeof kPaths / sizeof kPaths[0])];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const auto value = chaossim::parse_override_value(path, text);
  if (const auto* json = std::get_if<nlohmann::json>(&value)) {
    // Throws (and so fails) on text the manifest could not record: an accepted value must be valid UTF-8.
    (void)json->dump(2, ' ', false, nlohmann::json::error_handler_t::strict);
  } else if (std::get<std::string>(value).empty()) {
    fail("a refusal without a reason", path + "=" + text);
  }

  const std::vector<std::string> values = chaossim::split_values(text);
  std::string joined;
  for (std::size_t i = 0; i < values.size(); ++i) joined += (i ? "," : "") + values[i];
  if (joined != text) fail("split_values lost or added text", text);
  if (text.find_first_of("\"{}[]") == std::string::npos &&
      values.size() != static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1)
    fail("split_values did not split at every comma", text);
  return 0;
}
