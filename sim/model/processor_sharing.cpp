#include "model/processor_sharing.h"

#include <algorithm>
#include <cmath>

#include "core/assert.h"

namespace chaossim {

namespace {
// Nanoseconds, rounded up so that a step is never found unfinished at the instant announced for it, and
// saturating at "never".
Duration ceil_ns(double ns) {
  if (!(ns > 0)) return Duration::zero();
  if (ns >= static_cast<double>(Duration::infinite().ns)) return Duration::infinite();
  return Duration{static_cast<std::int64_t>(std::ceil(ns))};
}
}  // namespace

ProcessorSharing::ProcessorSharing(std::uint32_t processors) : m_processors(processors) {
  CHAOSSIM_ASSERT(processors > 0, "processor sharing needs at least one processor");
}

double ProcessorSharing::rate() const {
  const auto n = static_cast<std::uint32_t>(m_steps.size());
  return n <= m_processors ? 1.0 : static_cast<double>(m_processors) / static_cast<double>(n);
}

void ProcessorSharing::advance(Instant now) {
  CHAOSSIM_ASSERT(now >= m_updated, "processor sharing asked about the past");
  if (!m_steps.empty()) m_virtual_ns += static_cast<double>((now - m_updated).ns) * rate();
  m_updated = now;
}

void ProcessorSharing::add(Instant now, Duration work, std::uint64_t token) {
  advance(now);
  // An idle clock restarts at zero, so its precision never decays over a long run with idle moments.
  if (m_steps.empty()) m_virtual_ns = 0;
  m_steps.push({m_virtual_ns + static_cast<double>(work.ns), m_next_order++, token});
}

std::optional<Instant> ProcessorSharing::next_done() const {
  if (m_steps.empty()) return std::nullopt;
  return m_updated + ceil_ns((m_steps.top().finish - m_virtual_ns) / rate());
}

void ProcessorSharing::take_done(Instant now, std::vector<std::uint64_t>& out) {
  advance(now);
  while (!m_steps.empty() && m_steps.top().finish <= m_virtual_ns) {
    out.push_back(m_steps.top().token);
    m_steps.pop();
  }
}

bool ProcessorSharing::remove(Instant now, std::uint64_t token) {
  advance(now);
  // Rebuilt without it: linear, and only a cancellation (engine_cancel.cpp) removes a step before its end.
  std::vector<Step> kept;
  kept.reserve(m_steps.size());
  bool found = false;
  for (; !m_steps.empty(); m_steps.pop()) {
    if (m_steps.top().token == token && !found)
      found = true;
    else
      kept.push_back(m_steps.top());
  }
  m_steps = decltype(m_steps)(std::greater<>{}, std::move(kept));
  return found;
}

void ProcessorSharing::take_all(Instant now, std::vector<std::pair<std::uint64_t, Duration>>& out) {
  advance(now);
  while (!m_steps.empty()) {
    out.emplace_back(m_steps.top().token, ceil_ns(m_steps.top().finish - m_virtual_ns));
    m_steps.pop();
  }
  m_virtual_ns = 0;
}

}  // namespace chaossim
