#include "live/live_metrics.h"

#include <algorithm>

namespace chaossim::live {

LiveMetrics::LiveMetrics(const Scenario& s) : m_s(s), m_rec(s), m_phases(s) {
  const std::array<double, kPhases> seconds = m_phases.seconds();
  for (int p = 0; p < kPhases; ++p) m_rec.phase(static_cast<Phase>(p)).seconds = seconds[p];
}

PhaseMask LiveMetrics::mask(Instant now) const { return m_phases.mask(now); }

void LiveMetrics::advance(Instant now) {
  const std::int64_t b = m_s.bucket.ns;
  const auto bucket = static_cast<std::size_t>(std::max<std::int64_t>(0, now.ns) / b);
  // Past the end of the run (answers that come while it drains) everything goes to the last bucket.
  const std::size_t target = std::min(bucket, m_rec.buckets() - 1);
  while (m_rec.bucket() < target) {
    m_rec.close_bucket_latency();
    m_rec.set_bucket(m_rec.bucket() + 1);
  }
}

double& LiveMetrics::cell(Instant now, std::size_t column) {
  advance(now);
  return m_rec.row()[column];
}

std::uint32_t LiveMetrics::begin_operation(Instant now) {
  cell(now, series::kOpsStarted) += 1;
  OperationRecord op;
  op.start = now;
  op.phases = mask(now);
  m_ops.push_back(op);
  return static_cast<std::uint32_t>(m_ops.size() - 1);
}

void LiveMetrics::end_operation(Instant now, std::uint32_t op, Outcome outcome) {
  OperationRecord& o = m_ops[op];
  o.outcome = outcome;
  o.end = now;
  switch (outcome) {
    case Outcome::ok: {
      cell(now, series::kOpsSucceeded) += 1;
      const Duration latency = now - o.start;
      m_rec.record_bucket_latency(latency);
      m_rec.each(o.phases, [&](PhaseTotals& p) { p.latency.record(latency.ns); });
      break;
    }
    case Outcome::degraded: cell(now, series::kOpsDegraded) += 1; break;
    case Outcome::failed: cell(now, series::kOpsFailed) += 1; break;
    case Outcome::none: break;
  }
}

void LiveMetrics::on_effect(Instant now, std::size_t effect, bool duplicate) {
  cell(now, m_rec.layout().effect(effect, series::kEffectExecuted)) += 1;
  if (duplicate) {
    cell(now, m_rec.layout().effect(effect, series::kEffectDuplicates)) += 1;
    cell(now, series::kDuplicates) += 1;
  }
}

void LiveMetrics::add_operation_effects(std::uint32_t op, const std::vector<std::uint32_t>& executed) {
  if (m_op_effects.size() < m_ops.size()) m_op_effects.resize(m_ops.size());
  std::vector<std::uint32_t>& mine = m_op_effects[op];
  mine.resize(m_s.effects.size(), 0);
  for (std::size_t e = 0; e < executed.size() && e < mine.size(); ++e) mine[e] += executed[e];
}

void LiveMetrics::add_breaker_open(Instant from, Instant to, double weight) {
  const auto overlap_s = [&](Duration a, Duration b) {
    const Duration lo = std::max({a, from - Instant{}, m_s.warmup}), hi = std::min(b, to - Instant{});
    return hi > lo ? (hi - lo).seconds_f() * weight : 0.0;
  };
  m_phases.each_interval(
      [&](Phase p, Duration a, Duration b) { m_rec.phase(p).breaker_open_seconds += overlap_s(a, b); });
}

namespace {

FinishedOperation finished_operation(const OperationRecord& o) {
  const CallEnd end = o.outcome == Outcome::ok         ? CallEnd::ok
                      : o.outcome == Outcome::degraded ? CallEnd::degraded
                                                       : CallEnd::failed;
  return FinishedOperation{o.phases,  o.outcome != Outcome::none, o.start,    o.end,
                           end,       Criticality::normal,        o.attempts, o.retries,
                           o.timeouts};
}

}  // namespace

Recorder LiveMetrics::finished_so_far(const std::vector<const std::vector<std::uint32_t>*>& effects) const {
  Recorder rec = m_rec;
  const std::size_t n = m_s.effects.size();
  std::vector<std::uint32_t> mine(n, 0);
  for (std::size_t i = 0; i < m_ops.size(); ++i) {
    if (m_ops[i].outcome == Outcome::none) continue;  // in flight: counted once it finishes
    const std::vector<std::uint32_t>* executed = i < effects.size() ? effects[i] : nullptr;
    std::fill(mine.begin(), mine.end(), 0);
    if (executed) std::copy_n(executed->begin(), std::min(n, executed->size()), mine.begin());
    rec.add_operation(finished_operation(m_ops[i]), mine.data(), n);
  }
  return rec;
}

void LiveMetrics::finish(Instant end) {
  if (m_finished) return;
  m_finished = true;
  advance(end);
  m_rec.close_bucket_latency();
  m_op_effects.resize(m_ops.size());
  const std::size_t n = m_s.effects.size();
  for (std::size_t i = 0; i < m_ops.size(); ++i) {
    const OperationRecord& o = m_ops[i];
    std::vector<std::uint32_t>& effects = m_op_effects[i];
    effects.resize(n, 0);
    m_rec.add_operation(finished_operation(o), effects.data(), n);
  }
}

RunResult LiveMetrics::result(const std::string& variant, std::uint64_t seed) const {
  RunResult r;
  r.scenario = m_s.name;
  r.variant = variant;
  r.seed = seed;
  for (int p = 0; p < kPhases; ++p) {
    r.phases[p] = metrics_for_phase(m_s, m_rec, static_cast<Phase>(p));
    r.latency[p] = m_rec.phase(static_cast<Phase>(p)).latency;
  }
  r.expectations = evaluate(m_s.expect, r.phases);
  r.series_columns = m_rec.layout().names;
  r.series = m_rec.series();
  return r;
}

}  // namespace chaossim::live
