#pragma once
// The clients' request, built from the scenario's `live.request` template for one attempt: method, path, the
// Idempotency-Key header (when the edge sends keys) and a JSON body whose fields are filled per operation.

#include <cstdint>
#include <optional>
#include <string>

#include "live/http_session.h"
#include "scenario/live_config.h"

namespace chaossim::live {

struct RequestFields {
  std::string operation;           // the logical operation's id, unique to the run
  std::optional<std::string> key;  // the attempt's idempotency key; none when the edge sends none
  std::uint32_t client = 0;
  std::uint32_t attempt = 1;
  std::int64_t amount = 0;  // cents
};

// The JSON text of the body: each template with its placeholders replaced; a template that is exactly {client},
// {attempt} or {amount} gives a number.
std::string render_body(const LiveConfig& live, const RequestFields& f);

Request make_request(const LiveConfig& live, const std::string& host, const RequestFields& f);

}  // namespace chaossim::live
