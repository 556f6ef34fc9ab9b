#include "scenario/live_config.h"

#include <algorithm>

namespace chaossim {

std::string_view http_method_name(HttpMethod m) {
  switch (m) {
    case HttpMethod::get: return "GET";
    case HttpMethod::post: return "POST";
    case HttpMethod::put: return "PUT";
    case HttpMethod::patch: return "PATCH";
    case HttpMethod::del: return "DELETE";
  }
  return "POST";
}

namespace validate {

namespace {

// RFC 9110 token characters: what a header name may be made of.
bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// The first "{...}" in `text` that is not a known placeholder, or nullopt.
std::optional<std::string> unknown_placeholder(std::string_view text) {
  for (std::size_t at = text.find('{'); at != std::string_view::npos; at = text.find('{', at + 1)) {
    const std::size_t end = text.find('}', at);
    const std::string_view p = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at + 1);
    if (std::find(std::begin(kLivePlaceholders), std::end(kLivePlaceholders), p) == std::end(kLivePlaceholders))
      return std::string(p);
  }
  return std::nullopt;
}

}  // namespace

LiveConfig read_live_config(const Cursor& root, Reporter* report) {
  LiveConfig out;
  const Cursor live = root.child("live");
  if (!live.present() || !live.value->is_object()) return out;
  const Cursor request = live.child("request");
  if (auto v = read_choice<HttpMethod>(request.child("method"))) out.method = *v;
  if (auto v = read_text(request.child("path"))) {
    out.path = *v;
    const bool control = std::any_of(v->begin(), v->end(), [](char c) { return static_cast<unsigned char>(c) < 0x21; });
    if (report && (v->empty() || v->front() != '/' || control))
      report->error(
          request.child("path"),
          "expected a path that starts with '/' and has no spaces or control characters, found " + format::quote(*v));
  }
  if (const Cursor body = request.child("body"); body.present() && body.value->is_object()) {
    out.body.clear();
    for (const std::string& field : body.keys_in_file_order())
      if (auto v = read_text(body.child(field))) {
        if (auto bad = unknown_placeholder(*v); bad && report)
          report->error(body.child(field), "unknown placeholder " + format::quote(*bad) +
                                               "; expected {operation}, {key}, {client}, {attempt} or {amount}");
        out.body.emplace_back(field, *v);
      }
  }
  if (auto v = read_text(live.child("operation_field"))) out.operation_field = *v;
  if (auto v = read_text(live.child("operation_header"))) {
    if (report && !is_token(*v))
      report->error(live.child("operation_header"),
                    "expected a header name (letters, digits, '-'), found " + format::quote(*v));
    out.operation_header = *v;
  }
  return out;
}

}  // namespace validate

}  // namespace chaossim
