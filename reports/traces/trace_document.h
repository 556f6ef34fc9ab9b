#pragma once
// The traces of one run with names instead of indices: what the trace files hold (trace.otlp.json is read back
// into exactly this), and what the report and the dashboard draw. Built from the engine's TraceSet
// (model/trace.h) and the scenario it ran.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/config.h"
#include "model/trace.h"

namespace chaossim::traces {

struct Span {
  SpanKind kind = SpanKind::operation;
  CallRole role = CallRole::none;
  bool cut = false;
  bool on_client = false;  // on the operation's client rather than a service
  std::int16_t status = 0;
  std::uint32_t parent = kNoSpan;
  std::string lane;  // "client 17", or the service's name
  std::string edge;  // "clients->payments"; empty for the operation
  std::uint32_t attempt = 0;
  std::uint64_t key = 0;
  std::int64_t start_ns = 0, end_ns = 0;  // simulated time
  bool operator==(const Span&) const = default;
};

struct Mark {
  MarkKind kind = MarkKind::effect;
  std::uint32_t span = 0;
  std::int64_t at_ns = 0;
  std::string what;  // the effect's name or the fault's id, when the kind names one
  std::int16_t status = 0;
  bool duplicate = false;
  bool operator==(const Mark&) const = default;
};

struct Operation {
  std::uint64_t serial = 0;
  std::uint32_t client = 0;
  std::uint8_t reasons = 0;
  TraceOutcome outcome = TraceOutcome::unfinished;
  std::int64_t outcome_at_ns = 0;
  std::uint32_t effects = 0, duplicates = 0;
  std::vector<Span> spans;  // spans[0] is the operation
  std::vector<Mark> marks;  // by time, then by span
  std::int64_t latency_ns() const { return outcome_at_ns - spans.front().start_ns; }
  bool operator==(const Operation&) const = default;
};

struct Document {
  std::string scenario, variant;
  std::uint64_t seed = 0;
  std::vector<Operation> operations;  // in the order they started
  bool operator==(const Document&) const = default;
};

// Marks by time, then by span, keeping the order of marks at the same instant on the same span: the order the
// engine recorded them in, which a file that lists them per span keeps too.
void sort_marks(std::vector<Mark>& marks);

Document make_document(const TraceSet& set, const Scenario& scenario, std::string variant, std::uint64_t seed);

// Names as the files spell them, and back (nullopt-like: false when the name is unknown).
std::string_view span_kind_name(SpanKind k);
std::string_view mark_kind_name(MarkKind k);
std::string_view role_name(CallRole r);
std::string_view outcome_name(TraceOutcome o);
bool span_kind_from(std::string_view name, SpanKind& out);
bool mark_kind_from(std::string_view name, MarkKind& out);
bool role_from(std::string_view name, CallRole& out);
bool outcome_from(std::string_view name, TraceOutcome& out);
// "duplicated", "failed", "inconsistent", "slowest", "sampled": why an operation was kept.
std::vector<std::string> reason_names(std::uint8_t reasons);
bool reason_from(std::string_view name, std::uint8_t& bit);

// Whether the mark's `what` names an effect, a fault, or nothing.
bool mark_names_effect(MarkKind k);
bool mark_names_fault(MarkKind k);

}  // namespace chaossim::traces
