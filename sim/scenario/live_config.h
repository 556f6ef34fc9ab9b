#pragma once
// The `live` block of a scenario: what live mode (`chaossim live`, docs/live-mode.md) needs beyond the model. The
// clients' request (method, path, a JSON body whose fields are filled per operation) and how a mocked dependency
// finds the logical operation a request belongs to. Simulation ignores the block; the resolver checks it with the
// rest of the file, so `chaossim validate` reports its mistakes as it reports any other.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/validate.h"

namespace chaossim {

enum class HttpMethod : std::uint8_t { get, post, put, patch, del };
std::string_view http_method_name(HttpMethod m);

struct LiveConfig {
  HttpMethod method = HttpMethod::post;
  std::string path = "/";
  // Field -> template, in file order. `{operation}`, `{key}`, `{client}`, `{attempt}` and `{amount}` are replaced
  // per request (live/request_template.h).
  std::vector<std::pair<std::string, std::string>> body = {{"order_id", "{operation}"}, {"amount", "{amount}"}};
  // Where a mocked dependency reads the logical operation: a header when set, else this body field.
  std::string operation_field = "order_id";
  std::optional<std::string> operation_header;
  bool operator==(const LiveConfig&) const = default;
};

// The placeholders a body template may use.
inline constexpr std::string_view kLivePlaceholders[] = {"{operation}", "{key}", "{client}", "{attempt}", "{amount}"};

namespace validate {
// Reads the `live` block (defaults where it is absent). With a reporter, also says what is wrong with it beyond
// its shape: a path that does not start with '/', an unknown placeholder, a header name that is not a token.
LiveConfig read_live_config(const Cursor& root, Reporter* report = nullptr);
}  // namespace validate

}  // namespace chaossim
