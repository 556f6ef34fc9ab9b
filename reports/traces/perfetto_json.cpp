#include "traces/perfetto_json.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>  // ordered_json: the file's keys in a stable order

namespace chaossim::traces {

namespace {

using nlohmann::ordered_json;

// Microseconds with the nanoseconds kept exactly: "1234.567", written by hand so no float rounding creeps in.
ordered_json micros(std::int64_t ns) {
  const std::int64_t whole = ns / 1000, frac = ns % 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(whole), static_cast<long long>(frac));
  return ordered_json::parse(buf);  // a JSON number with exactly these digits
}

struct Track {
  std::vector<std::int64_t> open_ends;  // ends of the slices that contain the current point, innermost last
  std::int64_t last_start = 0;
};

// Tracks of one place: (pid, tid) for every span, chosen so that slices on a track nest.
struct Place {
  int pid = 0;
  std::string name;
  std::vector<std::pair<std::string, std::vector<Track>>> lanes;  // lane -> its tracks, in order of first use
};

struct Layout {
  std::vector<Place> places;
  std::map<std::pair<std::size_t, std::uint32_t>, std::pair<int, int>> where;  // (operation, span) -> (pid, tid)
  std::vector<std::tuple<int, int, std::string>> thread_names;
};

Layout lay_out(const Document& doc) {
  Layout out;
  auto place_of = [&](const Span& s) -> Place& {
    const std::string name = s.on_client ? "clients" : s.lane;
    for (Place& p : out.places)
      if (p.name == name) return p;
    Place p;
    p.pid = static_cast<int>(out.places.size()) + 1;
    p.name = name;
    out.places.push_back(std::move(p));
    return out.places.back();
  };
  // Every span in order of start, longer first: a parent comes before the children it contains.
  struct Item {
    std::size_t op;
    std::uint32_t span;
  };
  std::vector<Item> items;
  for (std::size_t o = 0; o < doc.operations.size(); ++o) {
    for (const Span& s : doc.operations[o].spans) place_of(s);  // places in order of first appearance
    for (std::uint32_t i = 0; i < doc.operations[o].spans.size(); ++i) items.push_back({o, i});
  }
  auto span = [&](const Item& it) -> const Span& { return doc.operations[it.op].spans[it.span]; };
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const Span &x = span(a), &y = span(b);
    return x.start_ns < y.start_ns || (x.start_ns == y.start_ns && x.end_ns > y.end_ns);
  });
  int next_tid = 1;
  for (const Item& it : items) {
    const Span& s = span(it);
    Place& place = place_of(s);
    auto lane = std::find_if(place.lanes.begin(), place.lanes.end(), [&](const auto& l) { return l.first == s.lane; });
    if (lane == place.lanes.end()) {
      place.lanes.emplace_back(s.lane, std::vector<Track>{});
      lane = place.lanes.end() - 1;
    }
    std::size_t chosen = lane->second.size();
    for (std::size_t t = 0; t < lane->second.size(); ++t) {
      std::vector<std::int64_t>& ends = lane->second[t].open_ends;
      while (!ends.empty() && ends.back() <= s.start_ns && !(ends.back() == s.start_ns && s.end_ns == s.start_ns))
        ends.pop_back();
      if (ends.empty() || ends.back() >= s.end_ns) {
        chosen = t;
        break;
      }
    }
    if (chosen == lane->second.size()) lane->second.emplace_back();
    lane->second[chosen].open_ends.push_back(s.end_ns);
    // Thread ids are numbered per place in order of first use, named after the lane (and the track's rank).
    const std::string track_name = chosen == 0 ? s.lane : s.lane + " (" + std::to_string(chosen + 1) + ")";
    auto named = std::find_if(out.thread_names.begin(), out.thread_names.end(), [&](const auto& n) {
      return std::get<0>(n) == place.pid && std::get<2>(n) == track_name;
    });
    int tid;
    if (named == out.thread_names.end()) {
      tid = next_tid++;
      out.thread_names.emplace_back(place.pid, tid, track_name);
    } else {
      tid = std::get<1>(*named);
    }
    out.where[{it.op, it.span}] = {place.pid, tid};
  }
  return out;
}

std::string slice_name(const Operation& op, const Span& s) {
  switch (s.kind) {
    case SpanKind::operation:
      return "operation " + std::to_string(op.serial) + " (" + std::string(outcome_name(op.outcome)) + ")";
    case SpanKind::call:
      return s.role == CallRole::none ? "call " + s.edge : std::string(role_name(s.role)) + " " + s.edge;
    case SpanKind::attempt: return "attempt " + std::to_string(s.attempt);
    case SpanKind::backoff: return "backoff";
    case SpanKind::request: return "request (attempt " + std::to_string(s.attempt) + ")";
    case SpanKind::queue: return "queue";
    case SpanKind::work: return "work";
  }
  return "span";
}

}  // namespace

std::string perfetto_json(const Document& doc) {
  const Layout layout = lay_out(doc);
  ordered_json events = ordered_json::array();
  for (const Place& p : layout.places)
    events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", p.pid}, {"tid", 0}, {"args", {{"name", p.name}}}});
  for (const auto& [pid, tid, name] : layout.thread_names)
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}});
  std::uint64_t flow = 0;
  for (std::size_t o = 0; o < doc.operations.size(); ++o) {
    const Operation& op = doc.operations[o];
    for (std::uint32_t i = 0; i < op.spans.size(); ++i) {
      const Span& s = op.spans[i];
      const auto [pid, tid] = layout.where.at({o, i});
      ordered_json args;
      args["operation"] = op.serial;
      if (i == 0) {
        args["outcome"] = outcome_name(op.outcome);
        args["kept_for"] = reason_names(op.reasons);
        args["effects"] = op.effects;
        args["duplicates"] = op.duplicates;
      }
      if (!s.edge.empty()) args["edge"] = s.edge;
      if (s.attempt) args["attempt"] = s.attempt;
      if (s.key) args["idempotency_key"] = std::to_string(s.key);
      if (s.status) args["status"] = s.status;
      if (s.cut) args["cut"] = true;
      events.push_back({{"ph", "X"},
                        {"name", slice_name(op, s)},
                        {"cat", span_kind_name(s.kind)},
                        {"pid", pid},
                        {"tid", tid},
                        {"ts", micros(s.start_ns)},
                        {"dur", micros(s.end_ns - s.start_ns)},
                        {"args", std::move(args)}});
      // Caller -> callee: from the attempt to the request it delivered.
      if (s.kind == SpanKind::request && s.parent != kNoSpan && op.spans[s.parent].kind == SpanKind::attempt) {
        const auto [from_pid, from_tid] = layout.where.at({o, s.parent});
        ++flow;
        events.push_back({{"ph", "s"},
                          {"name", "request"},
                          {"cat", "flow"},
                          {"id", flow},
                          {"pid", from_pid},
                          {"tid", from_tid},
                          {"ts", micros(op.spans[s.parent].start_ns)}});
        events.push_back({{"ph", "f"},
                          {"bp", "e"},
                          {"name", "request"},
                          {"cat", "flow"},
                          {"id", flow},
                          {"pid", pid},
                          {"tid", tid},
                          {"ts", micros(s.start_ns)}});
      }
    }
    for (const Mark& m : op.marks) {
      const auto [pid, tid] = layout.where.at({o, m.span});
      ordered_json args;
      args["operation"] = op.serial;
      if (!m.what.empty()) args["what"] = m.what;
      if (m.status) args["status"] = m.status;
      if (m.duplicate) args["duplicate"] = true;
      std::string name(mark_kind_name(m.kind));
      if (m.kind == MarkKind::effect) name = (m.duplicate ? "duplicate " : "") + m.what;
      events.push_back({{"ph", "i"},
                        {"s", "t"},
                        {"name", name},
                        {"cat", "mark"},
                        {"pid", pid},
                        {"tid", tid},
                        {"ts", micros(m.at_ns)},
                        {"args", std::move(args)}});
    }
  }
  ordered_json root;
  root["displayTimeUnit"] = "ms";
  root["otherData"] = {{"scenario", doc.scenario}, {"variant", doc.variant}, {"seed", std::to_string(doc.seed)}};
  root["traceEvents"] = std::move(events);
  return root.dump(1) + "\n";
}

}  // namespace chaossim::traces
