#include "traces/sequence_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chaossim::traces {

namespace {

std::string callee_of(const std::string& edge) {
  const auto arrow = edge.find("->");
  return arrow == std::string::npos ? edge : edge.substr(arrow + 2);
}

bool has_mark(const Operation& op, std::uint32_t span, MarkKind kind) {
  return std::any_of(op.marks.begin(), op.marks.end(), [&](const Mark& m) { return m.span == span && m.kind == kind; });
}

std::string short_key(std::uint64_t key) {
  if (key == 0) return "no key";
  char buf[24];
  std::snprintf(buf, sizeof buf, "key …%04llx", static_cast<unsigned long long>(key & 0xffff));
  return buf;
}

std::string store_note(const Mark& m) {
  switch (m.kind) {
    case MarkKind::store_hit: return "key known: stored reply " + std::to_string(m.status);
    case MarkKind::store_in_flight: return m.status ? "key in flight: 409" : "key in flight: waits";
    case MarkKind::store_miss: return "key new: runs";
    case MarkKind::store_unavailable: return m.status ? "store down: 503" : "store down: runs without it";
    case MarkKind::lease_expired: return "key's lease ran out: runs again";
    case MarkKind::store_other_payload: return "key used by another request: 422";
    default: return "";
  }
}

}  // namespace

std::string readable_duration(std::int64_t ns) {
  if (ns == 0) return "0";
  char buf[32];
  const double v = static_cast<double>(ns);
  if (ns >= 1'000'000'000)
    std::snprintf(buf, sizeof buf, "%.3g s", v / 1e9);
  else if (ns >= 1'000'000)
    std::snprintf(buf, sizeof buf, "%.3g ms", v / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.3g µs", v / 1e3);
  return buf;
}

SequenceDiagram lay_out_sequence(const Operation& op) {
  SequenceDiagram d;
  if (op.spans.empty()) return d;
  auto lane_of = [&](const std::string& name) {
    const auto it = std::find(d.lanes.begin(), d.lanes.end(), name);
    if (it != d.lanes.end()) return static_cast<int>(it - d.lanes.begin());
    d.lanes.push_back(name);
    return static_cast<int>(d.lanes.size()) - 1;
  };
  lane_of(op.spans.front().lane);
  for (const Span& s : op.spans) lane_of(s.lane);

  // Time to y: each distinct instant a row, gaps growing with the log of the time between them.
  std::vector<std::int64_t> times;
  for (const Span& s : op.spans) times.insert(times.end(), {s.start_ns, s.end_ns});
  for (const Mark& m : op.marks) times.push_back(m.at_ns);
  times.push_back(op.outcome_at_ns);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::vector<double> ys(times.size(), 0.0);
  for (std::size_t i = 1; i < times.size(); ++i) {
    const double ms = static_cast<double>(times[i] - times[i - 1]) / 1e6;
    ys[i] = ys[i - 1] + std::min(SequenceDiagram::kMaxGap, SequenceDiagram::kMinGap + 12 * std::log2(1 + ms));
  }
  auto y = [&](std::int64_t t) {
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    return ys[static_cast<std::size_t>(it - times.begin())];
  };
  d.height = ys.back();
  const std::int64_t t0 = op.spans.front().start_ns;
  double last_tick = -1e9;
  for (std::size_t i = 0; i < times.size(); ++i)
    if (ys[i] - last_tick >= 16) {
      d.ticks.emplace_back(ys[i], "+" + readable_duration(times[i] - t0));
      last_tick = ys[i];
    }

  using Bar = SequenceDiagram::Bar;
  using Arrow = SequenceDiagram::Arrow;
  using Note = SequenceDiagram::Note;
  for (std::uint32_t i = 0; i < op.spans.size(); ++i) {
    const Span& s = op.spans[i];
    const int lane = lane_of(s.lane);
    switch (s.kind) {
      case SpanKind::operation: break;
      case SpanKind::call:
        if (s.role == CallRole::double_click || s.role == CallRole::resubmit)
          d.notes.push_back({Note::Kind::click, lane, y(s.start_ns),
                             std::string(s.role == CallRole::double_click ? "second click" : "user resubmits") + ", " +
                                 short_key(s.key)});
        break;
      case SpanKind::attempt: {
        d.bars.push_back({Bar::Kind::attempt, lane, y(s.start_ns), y(s.end_ns), "", s.cut});
        if (has_mark(op, i, MarkKind::timed_out))
          d.notes.push_back(
              {Note::Kind::timeout, lane, y(s.end_ns), "timeout after " + readable_duration(s.end_ns - s.start_ns)});
        break;
      }
      case SpanKind::backoff:
        d.bars.push_back({Bar::Kind::backoff, lane, y(s.start_ns), y(s.end_ns),
                          "backoff " + readable_duration(s.end_ns - s.start_ns), s.cut});
        break;
      case SpanKind::request: {
        d.bars.push_back({Bar::Kind::request, lane, y(s.start_ns), y(s.end_ns), "", s.cut});
        if (s.parent == kNoSpan || op.spans[s.parent].kind != SpanKind::attempt) break;
        const Span& attempt = op.spans[s.parent];
        const int caller = lane_of(attempt.lane);
        d.arrows.push_back({Arrow::Kind::request, caller, lane, y(attempt.start_ns), y(s.start_ns), false, false, false,
                            "attempt " + std::to_string(attempt.attempt) + " · " + short_key(attempt.key)});
        const bool lost = has_mark(op, i, MarkKind::reply_lost);
        const bool unanswered = lost || has_mark(op, i, MarkKind::reply_not_sent) || has_mark(op, i, MarkKind::hung) ||
                                has_mark(op, i, MarkKind::killed) || has_mark(op, i, MarkKind::cancelled) ||
                                s.status == 0;
        if (lost) {
          std::string fault;
          for (const Mark& m : op.marks)
            if (m.span == i && m.kind == MarkKind::reply_lost) fault = m.what;
          d.arrows.push_back({Arrow::Kind::reply, lane, caller, y(s.end_ns), y(s.end_ns), true, false, true,
                              "reply " + std::to_string(s.status) + " lost (" + fault + ")"});
        } else if (!unanswered) {
          // The reply ended the attempt when the attempt ended with its status; otherwise it came too late.
          const bool answered = attempt.status == s.status && attempt.end_ns >= s.end_ns;
          d.arrows.push_back({Arrow::Kind::reply, lane, caller, y(s.end_ns), answered ? y(attempt.end_ns) : y(s.end_ns),
                              false, !answered, !(s.status >= 200 && s.status < 300), std::to_string(s.status)});
        }
        break;
      }
      case SpanKind::queue: d.bars.push_back({Bar::Kind::queue, lane, y(s.start_ns), y(s.end_ns), "", s.cut}); break;
      case SpanKind::work: d.bars.push_back({Bar::Kind::work, lane, y(s.start_ns), y(s.end_ns), "", s.cut}); break;
    }
  }
  for (const Mark& m : op.marks) {
    const Span& s = op.spans[m.span];
    const int lane = lane_of(s.lane);
    const double at = y(m.at_ns);
    switch (m.kind) {
      case MarkKind::effect:
        d.notes.push_back({m.duplicate ? Note::Kind::duplicate_effect : Note::Kind::effect, lane, at,
                           m.duplicate ? m.what + " again (duplicate)" : m.what});
        break;
      case MarkKind::request_lost:
        d.arrows.push_back({Arrow::Kind::request, lane, lane_of(callee_of(s.edge)), at, at, true, false, false,
                            "attempt " + std::to_string(s.attempt) + " lost"});
        break;
      case MarkKind::store_hit:
      case MarkKind::store_in_flight:
      case MarkKind::store_miss:
      case MarkKind::store_unavailable:
      case MarkKind::lease_expired:
      case MarkKind::store_other_payload: d.notes.push_back({Note::Kind::store, lane, at, store_note(m)}); break;
      case MarkKind::fenced:
        d.notes.push_back({Note::Kind::refusal, lane, at, "fenced: " + m.what + " refused (409)"});
        break;
      case MarkKind::conflict:
        d.notes.push_back({Note::Kind::refusal, lane, at, "conflict: " + m.what + " changed since read (409)"});
        break;
      case MarkKind::delayed:
        d.notes.push_back({Note::Kind::fault, lane, at,
                           (s.kind == SpanKind::request ? "reply delayed by " : "delayed by ") + m.what});
        break;
      case MarkKind::request_copied: d.notes.push_back({Note::Kind::fault, lane, at, "sent twice by " + m.what}); break;
      case MarkKind::fault_error:
        d.notes.push_back({Note::Kind::fault, lane, at, m.what + ": answers " + std::to_string(m.status)});
        break;
      case MarkKind::slowed: d.notes.push_back({Note::Kind::fault, lane, at, "slowed by " + m.what}); break;
      case MarkKind::reply_lost: break;  // with its arrow
      case MarkKind::reply_not_sent: d.notes.push_back({Note::Kind::refusal, lane, at, "caller gone: no reply"}); break;
      case MarkKind::hung: d.notes.push_back({Note::Kind::fault, lane, at, "hangs: no reply"}); break;
      case MarkKind::killed: d.notes.push_back({Note::Kind::fault, lane, at, "crashed"}); break;
      case MarkKind::refused: d.notes.push_back({Note::Kind::fault, lane, at, "down: connection refused"}); break;
      case MarkKind::shed: d.notes.push_back({Note::Kind::refusal, lane, at, "shed by the queue"}); break;
      case MarkKind::cancelled: d.notes.push_back({Note::Kind::refusal, lane, at, "cancelled: caller gone"}); break;
      case MarkKind::breaker_open: d.notes.push_back({Note::Kind::refusal, lane, at, "breaker open"}); break;
      case MarkKind::throttled: d.notes.push_back({Note::Kind::refusal, lane, at, "throttled"}); break;
      case MarkKind::bulkhead_full: d.notes.push_back({Note::Kind::refusal, lane, at, "bulkhead full"}); break;
      case MarkKind::limited: d.notes.push_back({Note::Kind::refusal, lane, at, "over the concurrency limit"}); break;
      case MarkKind::budget_denied: d.notes.push_back({Note::Kind::refusal, lane, at, "retry budget: no"}); break;
      case MarkKind::gave_up: d.notes.push_back({Note::Kind::refusal, lane, at, "gives up"}); break;
      case MarkKind::timed_out: break;  // with its attempt
    }
  }
  const bool ok = op.outcome == TraceOutcome::ok || op.outcome == TraceOutcome::degraded;
  if (op.outcome != TraceOutcome::unfinished)
    d.notes.push_back({ok ? Note::Kind::outcome_ok : Note::Kind::outcome_failed, 0, y(op.outcome_at_ns),
                       ok ? "✓ the user sees success" : "✗ the user sees a failure"});
  return d;
}

}  // namespace chaossim::traces
