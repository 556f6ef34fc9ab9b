#pragma once
// Records traces (model/trace.h) for the operations the scenario's `trace` block asks for. Whether an operation is
// one of the first N duplicated or failed, or among the N slowest, is known only when it ends, so every operation
// is recorded into a buffer of its own while it runs and kept or dropped when the engine finalises it. Memory
// follows what is in flight plus what is kept: buffers are reused through a free list, a trace holds at most
// kMaxSpans spans (a larger one is dropped whole, never kept in part), and at most `max` operations are kept for
// each reason.
//
// Tracing draws nothing from the simulation's random streams: the sample is a hash of the operation's serial
// number, so a run with tracing on makes the same draws, and has the same results, as one with tracing off.

#include <cstdint>
#include <vector>

#include "model/trace.h"

namespace chaossim {

class TraceRecorder {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  // Spans in one trace; a retry storm through a deep graph stops being readable well before this.
  static constexpr std::size_t kMaxSpans = 4096;
  static constexpr std::size_t kMaxMarks = 8192;
  // An open span's end: no simulated instant is negative.
  static constexpr Instant kOpen{-1};

  TraceRecorder(const TraceConfig& config, std::uint64_t seed);

  // Starts the buffer of operation `serial`, with its root span open at `now`. Returns kNone when no reason to
  // keep it can still be met (its quotas are full and it is not in the sample): then it is not recorded at all.
  std::uint32_t begin(std::uint64_t serial, std::uint32_t client, Instant now);

  // A new open span of `kind` under `parent` in buffer `trace`, starting at `at`, for the caller to fill in; null
  // (and `index` kNoSpan) once the trace is too large.
  TraceSpan* open(std::uint32_t trace, SpanKind kind, std::uint32_t parent, Instant at, std::uint32_t& index) {
    OperationTrace& t = m_buffers[trace];
    if (t.spans.size() >= kMaxSpans) [[unlikely]] {
      m_too_large[trace] = 1;
      index = kNoSpan;
      return nullptr;
    }
    index = static_cast<std::uint32_t>(t.spans.size());
    TraceSpan& s = t.spans.emplace_back();
    s.kind = kind;
    s.parent = parent;
    s.start = at;
    s.end = kOpen;
    return &s;
  }
  TraceSpan* span(std::uint32_t trace, std::uint32_t index) {
    return index == kNoSpan ? nullptr : &m_buffers[trace].spans[index];
  }
  // Ends span `index` at `at` (nothing when kNoSpan).
  void close(std::uint32_t trace, std::uint32_t index, Instant at, std::int16_t status = 0) {
    if (index == kNoSpan) return;
    TraceSpan& s = m_buffers[trace].spans[index];
    if (s.end != kOpen) return;  // already ended (a request freed after its reply, say)
    s.end = at;
    if (status) s.status = status;
  }
  // Closes span `index`, or forgets it when it took no time and is the last one opened (a request that found a
  // free worker did not queue).
  void close_or_forget(std::uint32_t trace, std::uint32_t index, Instant at);
  void mark(std::uint32_t trace, std::uint32_t index, TraceMark mark) {
    if (index == kNoSpan) return;
    OperationTrace& t = m_buffers[trace];
    if (t.marks.size() >= kMaxMarks) [[unlikely]] {
      m_too_large[trace] = 1;
      return;
    }
    mark.span = index;
    t.marks.push_back(mark);
  }
  void set_outcome(std::uint32_t trace, TraceOutcome outcome, Instant at);

  // The operation is over (`now`): closes what is still open (marked cut), keeps or drops it, and frees the buffer.
  // `left_an_effect`: something it did was not undone (model/recorder.h).
  void finish(std::uint32_t trace, Instant now, std::uint32_t effects, std::uint32_t duplicates, bool left_an_effect);

  // The kept operations in the order they started. Call once, at the end of the run.
  TraceSet take();

 private:
  struct Slowest {
    Duration latency;
    std::uint64_t serial;
    std::uint32_t kept;  // index in m_kept
  };
  bool quota_left(std::uint8_t reason) const;
  void release(std::uint32_t trace);
  // Whether `a` is slower than `b`: longer, or as long and earlier (a total order, so the choice is deterministic).
  static bool slower(const Slowest& a, const Slowest& b);

  TraceConfig m_config;
  std::uint64_t m_salt;
  std::vector<OperationTrace> m_buffers;
  std::vector<std::uint8_t> m_sampled, m_too_large;  // per buffer
  std::vector<std::uint32_t> m_free;
  std::vector<OperationTrace> m_kept;  // an empty `spans` is a slot freed by the slowest list
  std::vector<std::uint32_t> m_kept_free;
  std::vector<Slowest> m_slowest;  // a heap whose front is the fastest of the slowest kept
  std::uint32_t m_count_duplicated = 0, m_count_failed = 0, m_count_inconsistent = 0, m_count_sampled = 0;
  std::uint64_t m_seen = 0, m_too_large_count = 0;
};

}  // namespace chaossim
