#include "traces/trace_story.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "traces/sequence_layout.h"  // readable_duration

namespace chaossim::traces {

namespace {

// At most this many clauses: a storm of forty attempts is not a sentence any more.
constexpr std::size_t kMaxClauses = 12;

std::string callee_of(const std::string& edge) {
  const auto arrow = edge.find("->");
  return arrow == std::string::npos ? edge : edge.substr(arrow + 2);
}

std::string times(std::uint32_t n) { return n == 1 ? "once" : n == 2 ? "twice" : std::to_string(n) + " times"; }

}  // namespace

std::string trace_story(const Operation& op) {
  if (op.spans.empty()) return "";
  // Several edges: an attempt is named by who made it; one edge: "attempt 2" is enough.
  bool one_edge = true;
  for (const Span& s : op.spans)
    if (s.kind == SpanKind::attempt && s.edge != op.spans[1].edge) one_edge = false;
  auto attempt_name = [&](const Span& a) {
    const std::string n = "attempt " + std::to_string(a.attempt);
    if (one_edge || a.on_client) return one_edge ? n : "the client's " + n;
    return a.lane + "'s " + n + " to " + callee_of(a.edge);
  };

  std::vector<std::pair<std::int64_t, std::string>> clauses;
  auto say = [&](std::int64_t at, std::string text) { clauses.emplace_back(at, std::move(text)); };
  // The key each call sent last, to say whether a retry kept it.
  std::map<std::uint32_t, std::uint64_t> last_key;
  for (std::uint32_t i = 0; i < op.spans.size(); ++i) {
    const Span& s = op.spans[i];
    switch (s.kind) {
      case SpanKind::call:
        if (s.role == CallRole::double_click) {
          // The first click's call is the first call of the operation.
          const auto first =
              std::find_if(op.spans.begin(), op.spans.end(), [](const Span& c) { return c.role == CallRole::first; });
          const bool same = first != op.spans.end() && first->key == s.key;
          say(s.start_ns, "the user clicked again after " + readable_duration(s.start_ns - op.spans[0].start_ns) +
                              (same ? ", with the same key" : ", with a new key"));
        }
        if (s.role == CallRole::resubmit) say(s.start_ns, "the user submitted again");
        if (s.role == CallRole::hedge && s.parent < op.spans.size())
          say(s.start_ns, "a hedge went out: the call was still unanswered after " +
                              readable_duration(s.start_ns - op.spans[s.parent].start_ns));
        break;
      case SpanKind::attempt: {
        const auto previous = last_key.find(s.parent);
        if (previous != last_key.end())
          say(s.start_ns, attempt_name(s) + (s.key == 0                  ? " sent no key"
                                             : s.key == previous->second ? " sent the same key"
                                                                         : " used a new key"));
        last_key[s.parent] = s.key;
        if (s.status == 2)  // kTimedOut
          say(s.end_ns, attempt_name(s) + " timed out after " + readable_duration(s.end_ns - s.start_ns));
        break;
      }
      case SpanKind::backoff:
        say(s.start_ns,
            (s.on_client ? std::string("the client") : s.lane) + " waited " + readable_duration(s.end_ns - s.start_ns));
        break;
      default: break;
    }
  }
  std::map<std::pair<std::string, std::string>, std::uint32_t> effects;  // (service, effect) -> runs
  for (const Mark& m : op.marks) {
    const Span& s = op.spans[m.span];
    const Span* attempt = s.kind == SpanKind::request && s.parent != kNoSpan ? &op.spans[s.parent] : nullptr;
    const std::string of = attempt ? " to " + attempt_name(*attempt) : "";
    switch (m.kind) {
      case MarkKind::reply_lost: say(m.at_ns, "the reply" + of + " was lost (" + m.what + ")"); break;
      case MarkKind::request_lost: say(m.at_ns, attempt_name(s) + " was lost on the way (" + m.what + ")"); break;
      case MarkKind::delayed:
        say(m.at_ns, (attempt ? "the reply" + of : attempt_name(s)) + " was delayed (" + m.what + ")");
        break;
      case MarkKind::request_copied: say(m.at_ns, attempt_name(s) + " was delivered twice (" + m.what + ")"); break;
      case MarkKind::reply_not_sent:
        say(m.at_ns, s.lane + " finished after its caller had given up, and its reply went nowhere");
        break;
      case MarkKind::store_hit: say(m.at_ns, s.lane + " found the key and answered from its store"); break;
      case MarkKind::store_in_flight: say(m.at_ns, s.lane + " found the key in flight"); break;
      case MarkKind::lease_expired:
        say(m.at_ns, s.lane + " found the key's lease run out and ran the handler again");
        break;
      case MarkKind::store_other_payload:
        say(m.at_ns, s.lane + " found the key stored for a different request and answered 422");
        break;
      case MarkKind::fenced:
        say(m.at_ns, s.lane + "'s lease had been taken over: fencing refused its " + m.what + " (409)");
        break;
      case MarkKind::conflict:
        say(m.at_ns, s.lane + " found " + m.what + " written by another request since it read it, and answered 409");
        break;
      case MarkKind::fault_error:
        say(m.at_ns, s.lane + " answered " + std::to_string(m.status) + " (" + m.what + ")");
        break;
      case MarkKind::hung: say(m.at_ns, s.lane + " hung"); break;
      case MarkKind::killed: say(m.at_ns, s.lane + " crashed with the request"); break;
      case MarkKind::cancelled: say(m.at_ns, s.lane + " dropped the request: its caller had given up"); break;
      case MarkKind::refused: say(m.at_ns, s.lane + " was down"); break;
      case MarkKind::breaker_open: say(m.at_ns, "the breaker refused the call"); break;
      case MarkKind::budget_denied: say(m.at_ns, "the retry budget refused a retry"); break;
      case MarkKind::throttled: say(m.at_ns, "the throttle refused the attempt"); break;
      case MarkKind::limited:
        say(m.at_ns, s.kind == SpanKind::request ? s.lane + " was over its concurrency limit and refused the request"
                                                 : "the concurrency limit refused the attempt");
        break;
      case MarkKind::effect: ++effects[{s.lane, m.what}]; break;
      default: break;
    }
  }
  std::stable_sort(clauses.begin(), clauses.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (std::size_t i = 0; i < clauses.size() && i < kMaxClauses; ++i) out += (i ? "; " : "") + clauses[i].second;
  if (clauses.size() > kMaxClauses) out += "; …";
  for (const auto& [where, n] : effects)
    out += (out.empty() ? "" : "; ") + where.first + " ran " + where.second + " " + times(n);
  const std::string after = " after " + readable_duration(op.outcome_at_ns - op.spans[0].start_ns);
  switch (op.outcome) {
    case TraceOutcome::ok: out += "; the user saw success" + after; break;
    case TraceOutcome::degraded: out += "; the user saw a degraded answer" + after; break;
    case TraceOutcome::failed: out += "; the user saw a failure" + after; break;
    case TraceOutcome::unfinished: out += "; the run ended before the user saw an outcome"; break;
  }
  if (out.rfind("; ", 0) == 0) out.erase(0, 2);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ".";
}

}  // namespace chaossim::traces
