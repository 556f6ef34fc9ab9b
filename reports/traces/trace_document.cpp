#include "traces/trace_document.h"

#include <algorithm>
#include <array>

namespace chaossim::traces {

namespace {

// Each enum's spellings in the files, in enum order.
constexpr std::array<std::string_view, 7> kSpanKinds = {"operation", "call",  "attempt", "backoff",
                                                        "request",   "queue", "work"};
constexpr std::array<std::string_view, 28> kMarkKinds = {"effect",         "request_lost",
                                                         "request_copied", "delayed",
                                                         "reply_lost",     "reply_not_sent",
                                                         "timed_out",      "breaker_open",
                                                         "throttled",      "bulkhead_full",
                                                         "budget_denied",  "gave_up",
                                                         "store_hit",      "store_in_flight",
                                                         "store_miss",     "store_unavailable",
                                                         "fault_error",    "slowed",
                                                         "refused",        "hung",
                                                         "shed",           "killed",
                                                         "cancelled",      "limited",
                                                         "lease_expired",  "store_other_payload",
                                                         "fenced",         "conflict"};
constexpr std::array<std::string_view, 5> kRoles = {"", "first", "double_click", "resubmit", "hedge"};
constexpr std::array<std::string_view, 4> kOutcomes = {"ok", "degraded", "failed", "unfinished"};
static_assert(static_cast<std::size_t>(MarkKind::conflict) + 1 == kMarkKinds.size(), "a mark kind without a name");
static_assert(static_cast<std::size_t>(SpanKind::work) + 1 == kSpanKinds.size(), "a span kind without a name");

template <class E, std::size_t N>
bool from(const std::array<std::string_view, N>& names, std::string_view name, E& out) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return false;
  out = static_cast<E>(it - names.begin());
  return true;
}

struct Reason {
  std::uint8_t bit;
  std::string_view name;
};
constexpr Reason kReasons[] = {{TraceConfig::kDuplicated, "duplicated"},
                               {TraceConfig::kFailed, "failed"},
                               {TraceConfig::kInconsistent, "inconsistent"},
                               {TraceConfig::kSlowest, "slowest"},
                               {kTraceSampled, "sampled"}};

}  // namespace

std::string_view span_kind_name(SpanKind k) { return kSpanKinds[static_cast<std::size_t>(k)]; }
std::string_view mark_kind_name(MarkKind k) { return kMarkKinds[static_cast<std::size_t>(k)]; }
std::string_view role_name(CallRole r) { return kRoles[static_cast<std::size_t>(r)]; }
std::string_view outcome_name(TraceOutcome o) { return kOutcomes[static_cast<std::size_t>(o)]; }
bool span_kind_from(std::string_view name, SpanKind& out) { return from(kSpanKinds, name, out); }
bool mark_kind_from(std::string_view name, MarkKind& out) { return from(kMarkKinds, name, out); }
bool role_from(std::string_view name, CallRole& out) { return from(kRoles, name, out); }
bool outcome_from(std::string_view name, TraceOutcome& out) { return from(kOutcomes, name, out); }

std::vector<std::string> reason_names(std::uint8_t reasons) {
  std::vector<std::string> out;
  for (const Reason& r : kReasons)
    if (reasons & r.bit) out.emplace_back(r.name);
  return out;
}

bool reason_from(std::string_view name, std::uint8_t& bit) {
  for (const Reason& r : kReasons)
    if (r.name == name) {
      bit = r.bit;
      return true;
    }
  return false;
}

bool mark_names_effect(MarkKind k) { return k == MarkKind::effect || k == MarkKind::fenced; }
bool mark_names_fault(MarkKind k) {
  switch (k) {
    case MarkKind::request_lost:
    case MarkKind::request_copied:
    case MarkKind::delayed:
    case MarkKind::reply_lost:
    case MarkKind::fault_error:
    case MarkKind::slowed: return true;
    default: return false;
  }
}

void sort_marks(std::vector<Mark>& marks) {
  std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return a.at_ns < b.at_ns || (a.at_ns == b.at_ns && a.span < b.span);
  });
}

Document make_document(const TraceSet& set, const Scenario& scenario, std::string variant, std::uint64_t seed) {
  Document doc;
  doc.scenario = scenario.name;
  doc.variant = std::move(variant);
  doc.seed = seed;
  doc.operations.reserve(set.operations.size());
  for (const OperationTrace& t : set.operations) {
    Operation op;
    op.serial = t.serial;
    op.client = t.client;
    op.reasons = t.reasons;
    op.outcome = t.outcome;
    op.outcome_at_ns = t.outcome_at.ns;
    op.effects = t.effects;
    op.duplicates = t.duplicates;
    const std::string client_lane = "client " + std::to_string(t.client);
    for (const TraceSpan& s : t.spans) {
      Span span;
      span.kind = s.kind;
      span.role = s.role;
      span.cut = s.cut;
      span.status = s.status;
      span.parent = s.parent;
      span.on_client = s.service == kClients;
      span.lane = span.on_client ? client_lane : scenario.services[s.service].name;
      if (s.kind != SpanKind::operation) span.edge = scenario.edges[s.edge].name;
      span.attempt = s.attempt;
      span.key = s.key;
      span.start_ns = s.start.ns;
      span.end_ns = s.end.ns;
      op.spans.push_back(std::move(span));
    }
    for (const TraceMark& m : t.marks) {
      Mark mark;
      mark.kind = m.kind;
      mark.span = m.span;
      mark.at_ns = m.at.ns;
      if (mark_names_effect(m.kind)) mark.what = scenario.effects[m.index];
      if (mark_names_fault(m.kind)) mark.what = scenario.faults[m.index].id;
      if (m.kind == MarkKind::conflict) mark.what = scenario.records[m.index];
      mark.status = m.status;
      mark.duplicate = m.duplicate;
      op.marks.push_back(std::move(mark));
    }
    sort_marks(op.marks);
    doc.operations.push_back(std::move(op));
  }
  return doc;
}

}  // namespace chaossim::traces
