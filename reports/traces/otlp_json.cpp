#include "traces/otlp_json.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>  // ordered_json: the file's keys in a stable order

#include "core/random.h"           // mix64: trace ids
#include "model/engine.h"          // Status: which replies are errors
#include "model/trace_recorder.h"  // kMaxSpans: the bound on spans a file may hold per trace
#include "scenario/limits.h"

namespace chaossim::traces {

namespace {

using nlohmann::ordered_json;

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string unix_nanos(std::int64_t sim_ns) { return std::to_string(kEpochUnixNs + sim_ns); }

ordered_json attr(std::string_view key, ordered_json value) {
  return ordered_json{{"key", key}, {"value", std::move(value)}};
}
ordered_json text(std::string_view v) { return ordered_json{{"stringValue", v}}; }
ordered_json integer(std::int64_t v) { return ordered_json{{"intValue", std::to_string(v)}}; }  // int64: a string
ordered_json boolean(bool v) { return ordered_json{{"boolValue", v}}; }

constexpr int kSpanKindInternal = 1, kSpanKindServer = 2, kSpanKindClient = 3;
constexpr int kStatusError = 2;

std::string span_name(const Operation& op, const Span& s) {
  switch (s.kind) {
    case SpanKind::operation: return "operation " + std::to_string(op.serial);
    case SpanKind::call: return "call " + s.edge;
    case SpanKind::attempt: return "attempt " + std::to_string(s.attempt) + " " + s.edge;
    case SpanKind::backoff: return "backoff after attempt " + std::to_string(s.attempt);
    case SpanKind::request: return s.lane + " handles attempt " + std::to_string(s.attempt);
    case SpanKind::queue: return "queue";
    case SpanKind::work: return "work";
  }
  return "span";
}

bool is_error(const Operation& op, const Span& s) {
  switch (s.kind) {
    case SpanKind::operation: return op.outcome == TraceOutcome::failed;
    case SpanKind::attempt:
    case SpanKind::request: return s.status != 0 && !(s.status >= 200 && s.status < 300);
    default: return false;
  }
}

ordered_json span_json(const Document& doc, const Operation& op, std::uint32_t index) {
  const Span& s = op.spans[index];
  ordered_json j;
  j["traceId"] = trace_id(doc, op.serial);
  j["spanId"] = span_id(op.serial, index);
  if (s.parent != kNoSpan) j["parentSpanId"] = span_id(op.serial, s.parent);
  j["name"] = span_name(op, s);
  j["kind"] = s.kind == SpanKind::attempt   ? kSpanKindClient
              : s.kind == SpanKind::request ? kSpanKindServer
                                            : kSpanKindInternal;
  j["startTimeUnixNano"] = unix_nanos(s.start_ns);
  j["endTimeUnixNano"] = unix_nanos(s.end_ns);
  ordered_json attrs = ordered_json::array();
  attrs.push_back(attr("chaossim.kind", text(span_kind_name(s.kind))));
  attrs.push_back(attr("chaossim.lane", text(s.lane)));
  if (s.kind == SpanKind::operation) {
    attrs.push_back(attr("chaossim.operation", integer(static_cast<std::int64_t>(op.serial))));
    attrs.push_back(attr("chaossim.client", integer(op.client)));
    attrs.push_back(attr("chaossim.outcome", text(outcome_name(op.outcome))));
    attrs.push_back(attr("chaossim.outcome_time_unix_nano", text(unix_nanos(op.outcome_at_ns))));
    attrs.push_back(attr("chaossim.effects", integer(op.effects)));
    attrs.push_back(attr("chaossim.duplicates", integer(op.duplicates)));
    ordered_json reasons = ordered_json::array();
    for (const std::string& r : reason_names(op.reasons)) reasons.push_back(text(r));
    attrs.push_back(attr("chaossim.kept_for", ordered_json{{"arrayValue", {{"values", reasons}}}}));
  } else {
    attrs.push_back(attr("chaossim.edge", text(s.edge)));
  }
  if (s.role != CallRole::none) attrs.push_back(attr("chaossim.role", text(role_name(s.role))));
  if (s.attempt) attrs.push_back(attr("chaossim.attempt", integer(s.attempt)));
  // Keys are 64-bit unsigned: a decimal string, as an int64 could not hold every one.
  if (s.key) attrs.push_back(attr("chaossim.idempotency_key", text(std::to_string(s.key))));
  if (s.status) {
    attrs.push_back(attr("chaossim.status", integer(s.status)));
    if (s.status >= 100) attrs.push_back(attr("http.response.status_code", integer(s.status)));
  }
  if (s.cut) attrs.push_back(attr("chaossim.cut", boolean(true)));
  j["attributes"] = std::move(attrs);
  ordered_json events = ordered_json::array();
  for (const Mark& m : op.marks) {
    if (m.span != index) continue;
    ordered_json e;
    e["timeUnixNano"] = unix_nanos(m.at_ns);
    e["name"] = mark_kind_name(m.kind);
    ordered_json ea = ordered_json::array();
    if (!m.what.empty()) ea.push_back(attr("chaossim.what", text(m.what)));
    if (m.status) ea.push_back(attr("chaossim.status", integer(m.status)));
    if (m.duplicate) ea.push_back(attr("chaossim.duplicate", boolean(true)));
    e["attributes"] = std::move(ea);
    events.push_back(std::move(e));
  }
  j["events"] = std::move(events);
  if (is_error(op, s))
    j["status"] = {{"code", kStatusError}};
  else
    j["status"] = ordered_json::object();
  return j;
}

// ---- reading back ----------------------------------------------------------------------------------------------

struct Failure {
  std::string message;
};

const nlohmann::json& member(const nlohmann::json& j, const char* key, const std::string& path) {
  if (!j.is_object() || !j.contains(key)) throw Failure{path + "." + key + ": missing"};
  return j.at(key);
}

const nlohmann::json& array_at(const nlohmann::json& j, const char* key, const std::string& path) {
  const nlohmann::json& a = member(j, key, path);
  if (!a.is_array()) throw Failure{path + "." + key + ": expected an array"};
  return a;
}

std::string string_at(const nlohmann::json& j, const char* key, const std::string& path) {
  const nlohmann::json& v = member(j, key, path);
  if (!v.is_string()) throw Failure{path + "." + key + ": expected a string"};
  return v.get<std::string>();
}

template <class T>
T number_in(std::string_view s, const std::string& path) {
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size())
    throw Failure{path + ": expected a decimal integer, found \"" + std::string(s.substr(0, 40)) + "\""};
  return v;
}

std::int64_t sim_time(const std::string& unix, const std::string& path) {
  const std::int64_t v = number_in<std::int64_t>(unix, path);
  if (v < kEpochUnixNs) throw Failure{path + ": a time before the simulation's start"};
  return v - kEpochUnixNs;
}

std::uint64_t hex_in(const std::string& s, std::size_t digits, const std::string& path) {
  if (s.size() != digits) throw Failure{path + ": expected " + std::to_string(digits) + " hex digits"};
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data() + (digits - 16), s.data() + s.size(), v, 16);
  if (ec != std::errc() || end != s.data() + s.size()) throw Failure{path + ": expected hex digits"};
  return v;
}

// The attributes of a span or event, by key.
std::map<std::string, const nlohmann::json*> attributes(const nlohmann::json& j, const std::string& path) {
  std::map<std::string, const nlohmann::json*> out;
  if (!j.contains("attributes")) return out;
  const nlohmann::json& a = array_at(j, "attributes", path);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string p = path + ".attributes[" + std::to_string(i) + "]";
    out[string_at(a[i], "key", p)] = &member(a[i], "value", p);
  }
  return out;
}

const nlohmann::json* find(const std::map<std::string, const nlohmann::json*>& attrs, const char* key) {
  const auto it = attrs.find(key);
  return it == attrs.end() ? nullptr : it->second;
}

std::string text_attr(const std::map<std::string, const nlohmann::json*>& attrs, const char* key,
                      const std::string& path, bool required = false) {
  const nlohmann::json* v = find(attrs, key);
  if (!v) {
    if (required) throw Failure{path + ": no attribute " + key};
    return {};
  }
  return string_at(*v, "stringValue", path + "{" + key + "}");
}

std::int64_t int_attr(const std::map<std::string, const nlohmann::json*>& attrs, const char* key,
                      const std::string& path, bool required = false) {
  const nlohmann::json* v = find(attrs, key);
  if (!v) {
    if (required) throw Failure{path + ": no attribute " + key};
    return 0;
  }
  return number_in<std::int64_t>(string_at(*v, "intValue", path + "{" + key + "}"), path + "{" + key + "}");
}

bool bool_attr(const std::map<std::string, const nlohmann::json*>& attrs, const char* key) {
  const nlohmann::json* v = find(attrs, key);
  return v && v->is_object() && v->contains("boolValue") && v->at("boolValue").is_boolean() &&
         v->at("boolValue").get<bool>();
}

template <class T>
T bounded(std::int64_t v, std::int64_t lo, std::int64_t hi, const std::string& what) {
  if (v < lo || v > hi) throw Failure{what + ": " + std::to_string(v) + " is out of range"};
  return static_cast<T>(v);
}

Document parse(const nlohmann::json& root) {
  Document doc;
  // Operations by serial, each with its spans by index (a map: a file may list them in any order).
  std::map<std::uint64_t, std::map<std::uint32_t, std::pair<Span, std::vector<Mark>>>> spans;
  std::map<std::uint64_t, Operation> ops;
  const nlohmann::json& resources = array_at(root, "resourceSpans", "$");
  bool named = false;
  constexpr std::size_t kMaxOperations = 5 * limits::kMaxTracesPerReason;
  for (std::size_t r = 0; r < resources.size(); ++r) {
    const std::string rpath = "$.resourceSpans[" + std::to_string(r) + "]";
    const auto rattrs = attributes(member(resources[r], "resource", rpath), rpath + ".resource");
    if (!named) {
      doc.scenario = text_attr(rattrs, "chaossim.scenario", rpath, true);
      doc.variant = text_attr(rattrs, "chaossim.variant", rpath, true);
      doc.seed = number_in<std::uint64_t>(text_attr(rattrs, "chaossim.seed", rpath, true), rpath + "{chaossim.seed}");
      named = true;
    }
    const nlohmann::json& scopes = array_at(resources[r], "scopeSpans", rpath);
    for (std::size_t sc = 0; sc < scopes.size(); ++sc) {
      const std::string spath = rpath + ".scopeSpans[" + std::to_string(sc) + "]";
      const nlohmann::json& list = array_at(scopes[sc], "spans", spath);
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = spath + ".spans[" + std::to_string(i) + "]";
        const nlohmann::json& j = list[i];
        const std::uint64_t id = hex_in(string_at(j, "spanId", path), 16, path + ".spanId");
        const std::uint64_t serial = (id >> 20) - 1;
        const auto index = static_cast<std::uint32_t>((id & 0xfffff) - 1);
        if ((id >> 20) == 0 || (id & 0xfffff) == 0 || index >= TraceRecorder::kMaxSpans)
          throw Failure{path + ".spanId: not a chaossim span id"};
        if (string_at(j, "traceId", path) != trace_id(doc, serial))
          throw Failure{path + ".traceId: does not match its span id"};
        if (!spans.count(serial) && spans.size() >= kMaxOperations) throw Failure{path + ": too many operations"};
        if (spans.count(serial) && spans[serial].count(index)) throw Failure{path + ".spanId: used twice"};
        auto& slot = spans[serial][index];
        Span& s = slot.first;
        const auto a = attributes(j, path);
        if (!span_kind_from(text_attr(a, "chaossim.kind", path, true), s.kind))
          throw Failure{path + "{chaossim.kind}: not a span kind"};
        s.lane = text_attr(a, "chaossim.lane", path, true);
        s.edge = text_attr(a, "chaossim.edge", path);
        if (!role_from(text_attr(a, "chaossim.role", path), s.role)) throw Failure{path + "{chaossim.role}: unknown"};
        s.attempt = bounded<std::uint32_t>(int_attr(a, "chaossim.attempt", path), 0, 1'000'000, path);
        if (const std::string key = text_attr(a, "chaossim.idempotency_key", path); !key.empty())
          s.key = number_in<std::uint64_t>(key, path + "{chaossim.idempotency_key}");
        s.status = bounded<std::int16_t>(int_attr(a, "chaossim.status", path), 0, 999, path);
        s.cut = bool_attr(a, "chaossim.cut");
        s.start_ns = sim_time(string_at(j, "startTimeUnixNano", path), path + ".startTimeUnixNano");
        s.end_ns = sim_time(string_at(j, "endTimeUnixNano", path), path + ".endTimeUnixNano");
        if (s.end_ns < s.start_ns) throw Failure{path + ": ends before it starts"};
        if (j.contains("parentSpanId")) {
          const std::uint64_t parent = hex_in(string_at(j, "parentSpanId", path), 16, path + ".parentSpanId");
          if ((parent >> 20) != serial + 1 || (parent & 0xfffff) == 0)
            throw Failure{path + ".parentSpanId: not a span of the same operation"};
          s.parent = static_cast<std::uint32_t>((parent & 0xfffff) - 1);
        }
        if (s.kind == SpanKind::operation) {
          Operation& op = ops[serial];
          op.serial = serial;
          op.client = bounded<std::uint32_t>(int_attr(a, "chaossim.client", path, true), 0, 0xfffffffe, path);
          if (!outcome_from(text_attr(a, "chaossim.outcome", path, true), op.outcome))
            throw Failure{path + "{chaossim.outcome}: not an outcome"};
          op.outcome_at_ns = sim_time(text_attr(a, "chaossim.outcome_time_unix_nano", path, true), path);
          op.effects = bounded<std::uint32_t>(int_attr(a, "chaossim.effects", path), 0, 0xffffffff, path);
          op.duplicates = bounded<std::uint32_t>(int_attr(a, "chaossim.duplicates", path), 0, 0xffffffff, path);
          if (const nlohmann::json* kept = find(a, "chaossim.kept_for")) {
            const nlohmann::json& values = array_at(member(*kept, "arrayValue", path), "values", path);
            for (const nlohmann::json& v : values) {
              std::uint8_t bit = 0;
              if (!reason_from(string_at(v, "stringValue", path + "{chaossim.kept_for}"), bit))
                throw Failure{path + "{chaossim.kept_for}: not a reason"};
              op.reasons |= bit;
            }
          }
        }
        // No service is named so: a service's name has no space.
        s.on_client = s.lane.rfind("client ", 0) == 0;
        if (j.contains("events")) {
          const nlohmann::json& events = array_at(j, "events", path);
          for (std::size_t e = 0; e < events.size(); ++e) {
            const std::string epath = path + ".events[" + std::to_string(e) + "]";
            Mark m;
            if (!mark_kind_from(string_at(events[e], "name", epath), m.kind))
              throw Failure{epath + ".name: not a mark"};
            m.span = index;
            m.at_ns = sim_time(string_at(events[e], "timeUnixNano", epath), epath + ".timeUnixNano");
            const auto ea = attributes(events[e], epath);
            m.what = text_attr(ea, "chaossim.what", epath);
            m.status = bounded<std::int16_t>(int_attr(ea, "chaossim.status", epath), 0, 999, epath);
            m.duplicate = bool_attr(ea, "chaossim.duplicate");
            slot.second.push_back(std::move(m));
          }
        }
      }
    }
  }
  for (auto& [serial, by_index] : spans) {
    const auto it = ops.find(serial);
    if (it == ops.end()) throw Failure{"$: operation " + std::to_string(serial) + " has no operation span"};
    Operation& op = it->second;
    std::uint32_t expected = 0;
    for (auto& [index, span_marks] : by_index) {
      if (index != expected++)
        throw Failure{"$: operation " + std::to_string(serial) + " lacks span " + std::to_string(expected - 1)};
      Span& s = span_marks.first;
      if ((index == 0) != (s.kind == SpanKind::operation) || (index == 0) != (s.parent == kNoSpan) ||
          (index > 0 && s.parent >= index))
        throw Failure{"$: operation " + std::to_string(serial) + ", span " + std::to_string(index) +
                      ": its parent is not an earlier span"};
      op.spans.push_back(std::move(s));
      for (Mark& m : span_marks.second) op.marks.push_back(std::move(m));
    }
    sort_marks(op.marks);
    doc.operations.push_back(std::move(op));
  }
  return doc;
}

}  // namespace

std::string trace_id(const Document& doc, std::uint64_t serial) {
  std::uint64_t variant = 0xcbf29ce484222325ULL;  // FNV-1a of the variant's name
  for (const unsigned char c : doc.variant) variant = (variant ^ c) * 0x100000001b3ULL;
  return hex64(mix64(doc.seed ^ mix64(variant))) + hex64(serial + 1);
}

std::string span_id(std::uint64_t serial, std::uint32_t index) {
  // The serial and the index, readable in the id: operation n's span i is (n + 1) << 20 | (i + 1).
  return hex64(((serial + 1) << 20) | (index + 1));
}

std::string otlp_json(const Document& doc) {
  // One resource per place: the clients first, then the services in the order the traces reach them.
  std::vector<std::string> places = {"clients"};
  for (const Operation& op : doc.operations)
    for (const Span& s : op.spans)
      if (!s.on_client && std::find(places.begin(), places.end(), s.lane) == places.end()) places.push_back(s.lane);
  ordered_json resources = ordered_json::array();
  for (const std::string& place : places) {
    ordered_json spans = ordered_json::array();
    for (const Operation& op : doc.operations)
      for (std::uint32_t i = 0; i < op.spans.size(); ++i)
        if (op.spans[i].on_client ? place == "clients" : op.spans[i].lane == place)
          spans.push_back(span_json(doc, op, i));
    if (spans.empty() && place != "clients") continue;
    ordered_json resource;
    resource["resource"]["attributes"] = ordered_json::array(
        {attr("service.name", text(place)), attr("chaossim.scenario", text(doc.scenario)),
         attr("chaossim.variant", text(doc.variant)), attr("chaossim.seed", text(std::to_string(doc.seed)))});
    ordered_json scope;
    scope["scope"] = {{"name", "chaossim"}, {"version", CHAOSSIM_VERSION}};
    scope["spans"] = std::move(spans);
    resource["scopeSpans"] = ordered_json::array({std::move(scope)});
    resources.push_back(std::move(resource));
  }
  return ordered_json{{"resourceSpans", std::move(resources)}}.dump(1) + "\n";
}

std::variant<Document, std::string> parse_otlp_json(const std::string& text) {
  try {
    return parse(nlohmann::json::parse(text));
  } catch (const Failure& f) {
    return f.message;
  } catch (const nlohmann::json::exception& e) {
    return std::string("not JSON: ") + e.what();
  }
}

}  // namespace chaossim::traces
