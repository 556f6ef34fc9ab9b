#include "runner/live_run.h"

#include <algorithm>
#include <cstring>

#include "core/assert.h"
#include "model/engine.h"

namespace chaossim {

std::vector<double> SeriesRows::copy(std::size_t from, std::size_t to) const {
  CHAOSSIM_ASSERT(from <= to && to <= m_rows, "rows out of range");
  std::vector<double> out;
  out.reserve((to - from) * m_width);
  for (std::size_t r = from; r < to;) {
    const Chunk& chunk = *m_chunks[r / kChunkRows];
    const std::size_t end = std::min(to, (r / kChunkRows + 1) * kChunkRows);
    const auto first = chunk.begin() + static_cast<std::ptrdiff_t>((r % kChunkRows) * m_width);
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>((end - r) * m_width));
    r = end;
  }
  return out;
}

SeriesRows SeriesRows::from(const std::vector<double>& rows, std::size_t width) {
  return SeriesRows().appended(rows, width);
}

SeriesRows SeriesRows::appended(const std::vector<double>& more, std::size_t width) const {
  CHAOSSIM_ASSERT(width > 0 && more.size() % width == 0, "rows must be whole");
  CHAOSSIM_ASSERT(m_rows == 0 || width == m_width, "rows of another width");
  SeriesRows out = *this;
  out.m_width = width;
  const std::size_t count = more.size() / width;
  for (std::size_t done = 0; done < count;) {
    // The last chunk, when not full, is replaced by a longer copy: chunks others hold never change.
    const std::size_t in_last = out.m_rows % kChunkRows;
    const std::size_t take = std::min(count - done, kChunkRows - in_last);
    Chunk chunk = in_last ? *out.m_chunks.back() : Chunk{};
    chunk.insert(chunk.end(), more.begin() + static_cast<std::ptrdiff_t>(done * width),
                 more.begin() + static_cast<std::ptrdiff_t>((done + take) * width));
    auto made = std::make_shared<const Chunk>(std::move(chunk));
    if (in_last)
      out.m_chunks.back() = std::move(made);
    else
      out.m_chunks.push_back(std::move(made));
    out.m_rows += take;
    done += take;
  }
  return out;
}

std::size_t SeriesRows::first_difference(const SeriesRows& older) const {
  if (older.m_width != m_width) return 0;
  const std::size_t common = std::min(m_rows, older.m_rows);
  for (std::size_t c = 0; c * kChunkRows < common; ++c) {
    if (m_chunks[c] == older.m_chunks[c]) continue;
    const std::size_t end = std::min(common, (c + 1) * kChunkRows);
    for (std::size_t r = c * kChunkRows; r < end; ++r)
      if (std::memcmp(&(*m_chunks[c])[(r % kChunkRows) * m_width], &(*older.m_chunks[c])[(r % kChunkRows) * m_width],
                      m_width * sizeof(double)) != 0)
        return r;
  }
  return common;
}

LiveRun::LiveRun(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, std::string variant,
                 const std::atomic<bool>* interrupt)
    : m_scenario(std::move(scenario)),
      m_engine(std::make_unique<Engine>(*m_scenario, seed)),
      m_variant(std::move(variant)),
      m_interrupt(interrupt) {}

LiveRun::~LiveRun() = default;

bool LiveRun::finished() const { return m_engine->finished(); }

std::size_t LiveRun::buckets_done() const { return std::min(m_engine->buckets_done(), m_engine->recorder().buckets()); }

void LiveRun::simulate(std::size_t buckets) {
  const Recorder& rec = m_engine->recorder();
  const std::size_t target = std::min(rec.buckets(), m_engine->buckets_done() + buckets);
  const Instant until = Instant{} + Duration{static_cast<std::int64_t>(target) * m_scenario->bucket.ns};
  m_engine->run_until(until, m_interrupt);
}

std::shared_ptr<const Snapshot> LiveRun::advance(std::size_t buckets) {
  simulate(buckets);
  return snapshot();
}

std::shared_ptr<const Snapshot> LiveRun::snapshot() {
  const Recorder& rec = m_engine->recorder();
  const std::size_t done = buckets_done();
  // Nothing happened since the last one (a paused run asked again): the same snapshot.
  if (m_last && m_last->buckets_done == done && m_last->simulated_seconds == m_engine->now().seconds_f() &&
      m_last->finished == m_engine->finished())
    return m_last;

  // The rows so far, reusing every chunk of the last snapshot that still holds the same rows. A finished bucket
  // can still change (a breaker that closes adds its open time to the buckets it was open in), so chunks are
  // compared, not assumed final; comparing is a memcmp of the series, far cheaper than the copies it saves.
  const std::size_t width = rec.layout().names.size();
  m_rows.m_width = width;
  m_rows.m_rows = done;
  m_rows.m_chunks.resize((done + SeriesRows::kChunkRows - 1) / SeriesRows::kChunkRows);
  for (std::size_t c = 0; c < m_rows.m_chunks.size(); ++c) {
    const std::size_t first = c * SeriesRows::kChunkRows, rows = std::min(done, first + SeriesRows::kChunkRows) - first;
    const double* live = rec.series().data() + first * width;
    const std::shared_ptr<const SeriesRows::Chunk>& kept = m_rows.m_chunks[c];
    if (kept && kept->size() == rows * width && std::memcmp(kept->data(), live, rows * width * sizeof(double)) == 0)
      continue;
    m_rows.m_chunks[c] = std::make_shared<const SeriesRows::Chunk>(live, live + rows * width);
  }

  auto snap = std::make_shared<Snapshot>();
  snap->variant = m_variant;
  snap->total_buckets = rec.buckets();
  snap->buckets_done = done;
  snap->simulated_seconds = m_engine->now().seconds_f();
  snap->columns = rec.layout().names;
  snap->series = m_rows;
  for (const auto& [a, b] : m_engine->fault_windows()) snap->fault_windows.emplace_back(a.seconds_f(), b.seconds_f());
  snap->finished = m_engine->finished();
  if (snap->finished) {
    auto result = std::make_shared<RunResult>(summarize(*m_engine, m_variant));
    // As run_job does: the traces the scenario asked for go with the final result (the dashboard's Traces tab).
    // A finished run takes exactly one finished snapshot (later calls return it), so they are taken once.
    if (m_engine->tracing()) result->traces = std::make_shared<const TraceSet>(m_engine->take_traces());
    snap->metrics = result->metrics();
    snap->during_metrics = result->phases[kDuring];
    snap->result = std::move(result);
  } else {
    snap->metrics = metrics_for_phase(*m_scenario, rec, kOverall);
    snap->during_metrics = metrics_for_phase(*m_scenario, rec, kDuring);
  }
  m_last = snap;
  return snap;
}

}  // namespace chaossim
