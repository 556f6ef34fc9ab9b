#include "model/trace_recorder.h"

#include <algorithm>

#include "core/random.h"  // mix64: the sample's hash

namespace chaossim {

TraceRecorder::TraceRecorder(const TraceConfig& config, std::uint64_t seed)
    // A salt of its own, apart from every stream the simulation draws from.
    : m_config(config), m_salt(mix64(mix64(seed ^ 0x7472616365ULL) + 0x9e3779b97f4a7c15ULL)) {}

bool TraceRecorder::quota_left(std::uint8_t reason) const {
  if (!(m_config.keep & reason)) return false;
  switch (reason) {
    case TraceConfig::kDuplicated: return m_count_duplicated < m_config.max;
    case TraceConfig::kFailed: return m_count_failed < m_config.max;
    case TraceConfig::kInconsistent: return m_count_inconsistent < m_config.max;
    case TraceConfig::kSlowest: return true;  // a slower operation may always replace a kept one
    default: return false;
  }
}

std::uint32_t TraceRecorder::begin(std::uint64_t serial, std::uint32_t client, Instant now) {
  const double draw = static_cast<double>(mix64(m_salt + serial * 0x9e3779b97f4a7c15ULL) >> 11) * 0x1.0p-53;
  const bool sampled = m_count_sampled < m_config.max && draw < m_config.sample;
  if (!sampled && !quota_left(TraceConfig::kDuplicated) && !quota_left(TraceConfig::kFailed) &&
      !quota_left(TraceConfig::kInconsistent) && !quota_left(TraceConfig::kSlowest))
    return kNone;
  std::uint32_t trace;
  if (!m_free.empty()) {
    trace = m_free.back();
    m_free.pop_back();
  } else {
    trace = static_cast<std::uint32_t>(m_buffers.size());
    m_buffers.emplace_back();
    m_sampled.push_back(0);
    m_too_large.push_back(0);
  }
  // The sample's quota is taken when it is drawn, so "the first `max` sampled" means the first to start.
  if (sampled) ++m_count_sampled;
  m_sampled[trace] = sampled;
  m_too_large[trace] = 0;
  OperationTrace& t = m_buffers[trace];
  t.serial = serial;
  t.client = client;
  std::uint32_t root = 0;
  open(trace, SpanKind::operation, kNoSpan, now, root);
  return trace;
}

void TraceRecorder::close_or_forget(std::uint32_t trace, std::uint32_t index, Instant at) {
  if (index == kNoSpan) return;
  std::vector<TraceSpan>& spans = m_buffers[trace].spans;
  if (index + 1 == spans.size() && spans[index].start == at)
    spans.pop_back();
  else
    close(trace, index, at);
}

void TraceRecorder::set_outcome(std::uint32_t trace, TraceOutcome outcome, Instant at) {
  OperationTrace& t = m_buffers[trace];
  t.outcome = outcome;
  t.outcome_at = at;
}

bool TraceRecorder::slower(const Slowest& a, const Slowest& b) {
  return a.latency > b.latency || (a.latency == b.latency && a.serial < b.serial);
}

void TraceRecorder::finish(std::uint32_t trace, Instant now, std::uint32_t effects, std::uint32_t duplicates,
                           bool left_an_effect) {
  OperationTrace& t = m_buffers[trace];
  ++m_seen;
  for (TraceSpan& s : t.spans)
    if (s.end == kOpen) {
      s.end = now;
      s.cut = s.kind != SpanKind::operation;
    }
  if (t.outcome == TraceOutcome::unfinished) t.outcome_at = now;
  t.effects = effects;
  t.duplicates = duplicates;
  if (m_too_large[trace]) {
    ++m_too_large_count;
    release(trace);
    return;
  }

  std::uint8_t reasons = m_sampled[trace] ? kTraceSampled : 0;
  const bool failed = t.outcome == TraceOutcome::failed;
  if (duplicates > 0 && quota_left(TraceConfig::kDuplicated)) reasons |= TraceConfig::kDuplicated;
  if (failed && quota_left(TraceConfig::kFailed)) reasons |= TraceConfig::kFailed;
  if (failed && left_an_effect && quota_left(TraceConfig::kInconsistent)) reasons |= TraceConfig::kInconsistent;
  const Slowest candidate{t.latency(), t.serial, 0};
  const auto fastest_first = [](const Slowest& a, const Slowest& b) { return slower(a, b); };
  const bool slow = (m_config.keep & TraceConfig::kSlowest) && t.outcome != TraceOutcome::unfinished &&
                    (m_slowest.size() < m_config.max || slower(candidate, m_slowest.front()));
  if (slow) reasons |= TraceConfig::kSlowest;
  if (!reasons) {
    release(trace);
    return;
  }
  m_count_duplicated += (reasons & TraceConfig::kDuplicated) != 0;
  m_count_failed += (reasons & TraceConfig::kFailed) != 0;
  m_count_inconsistent += (reasons & TraceConfig::kInconsistent) != 0;

  std::uint32_t kept;
  if (!m_kept_free.empty()) {
    kept = m_kept_free.back();
    m_kept_free.pop_back();
    m_kept[kept] = std::move(t);
  } else {
    kept = static_cast<std::uint32_t>(m_kept.size());
    m_kept.push_back(std::move(t));
  }
  m_kept[kept].reasons = reasons;
  if (slow) {
    if (m_slowest.size() >= m_config.max) {
      // The fastest of the slowest leaves the list; dropped unless kept for another reason.
      std::pop_heap(m_slowest.begin(), m_slowest.end(), fastest_first);
      const std::uint32_t out = m_slowest.back().kept;
      m_slowest.pop_back();
      m_kept[out].reasons &= static_cast<std::uint8_t>(~TraceConfig::kSlowest);
      if (!m_kept[out].reasons) {
        m_kept[out] = OperationTrace{};
        m_kept_free.push_back(out);
      }
    }
    m_slowest.push_back({candidate.latency, candidate.serial, kept});
    std::push_heap(m_slowest.begin(), m_slowest.end(), fastest_first);
  }
  // The moved-from buffer goes back to the pool empty.
  m_buffers[trace] = OperationTrace{};
  m_free.push_back(trace);
}

void TraceRecorder::release(std::uint32_t trace) {
  OperationTrace& t = m_buffers[trace];
  t.spans.clear();  // both keep their capacity for the next operation
  t.marks.clear();
  t.outcome = TraceOutcome::unfinished;
  t.outcome_at = Instant{};
  t.reasons = 0;
  m_free.push_back(trace);
}

TraceSet TraceRecorder::take() {
  TraceSet set;
  set.config = m_config;
  set.operations_seen = m_seen;
  set.too_large = m_too_large_count;
  for (OperationTrace& t : m_kept)
    if (!t.spans.empty()) set.operations.push_back(std::move(t));
  std::sort(set.operations.begin(), set.operations.end(),
            [](const OperationTrace& a, const OperationTrace& b) { return a.serial < b.serial; });
  m_kept.clear();
  m_kept_free.clear();
  m_slowest.clear();
  return set;
}

}  // namespace chaossim
