#include "live/request_template.h"

#include <nlohmann/json.hpp>  // ordered_json: the body's fields in the template's order

namespace chaossim::live {

namespace {
std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}
}  // namespace

std::string render_body(const LiveConfig& live, const RequestFields& f) {
  if (live.body.empty()) return {};
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  for (const auto& [field, tmpl] : live.body) {
    if (tmpl == "{client}") {
      body[field] = f.client;
    } else if (tmpl == "{attempt}") {
      body[field] = f.attempt;
    } else if (tmpl == "{amount}") {
      body[field] = f.amount;
    } else {
      std::string v = replace_all(tmpl, "{operation}", f.operation);
      v = replace_all(std::move(v), "{key}", f.key.value_or(""));
      v = replace_all(std::move(v), "{client}", std::to_string(f.client));
      v = replace_all(std::move(v), "{attempt}", std::to_string(f.attempt));
      v = replace_all(std::move(v), "{amount}", std::to_string(f.amount));
      body[field] = std::move(v);
    }
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Request make_request(const LiveConfig& live, const std::string& host, const RequestFields& f) {
  static constexpr http::verb kVerbs[] = {http::verb::get, http::verb::post, http::verb::put, http::verb::patch,
                                          http::verb::delete_};
  Request req{kVerbs[static_cast<std::size_t>(live.method)], live.path, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "chaossim-live");
  if (f.key) req.set("Idempotency-Key", *f.key);
  req.body() = render_body(live, f);
  if (!req.body().empty()) req.set(http::field::content_type, "application/json");
  req.keep_alive(false);  // one connection per attempt: an abandoned attempt closes its own
  req.prepare_payload();
  return req;
}

}  // namespace chaossim::live
