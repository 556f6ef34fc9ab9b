#include "mpi/result_wire.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

namespace chaossim::wire {

namespace {

// A field added to RunResult must travel too, or an MPI sweep would silently write less than a local one. These
// sizes are the sums of the fields encoded below (all 8-byte aligned, so there is no padding to hide a new one).
static_assert(sizeof(RunResult) == 2 * sizeof(std::string) + sizeof(std::uint64_t) + kPhases * sizeof(MetricSet) +
                                       sizeof(std::vector<ExpectationResult>) + sizeof(std::vector<std::string>) +
                                       sizeof(std::vector<double>) + kPhases * sizeof(LatencyHistogram) +
                                       sizeof(std::uint64_t) + sizeof(std::shared_ptr<const TraceSet>),
              "RunResult has a field result_wire.cpp does not send");
static_assert(sizeof(TraceSet) == sizeof(TraceConfig) + 2 * sizeof(std::uint64_t) + sizeof(std::vector<OperationTrace>),
              "TraceSet has a field result_wire.cpp does not send");
// Plain data sent as it is in memory.
static_assert(std::is_trivially_copyable_v<LatencyHistogram> && std::is_trivially_copyable_v<TraceConfig> &&
              std::is_trivially_copyable_v<TraceSpan> && std::is_trivially_copyable_v<TraceMark>);

class Writer {
 public:
  template <class T>
  void raw(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    m_out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void count(std::size_t n) { raw(static_cast<std::uint64_t>(n)); }
  void text(const std::string& s) {
    count(s.size());
    m_out += s;
  }
  template <class T>
  void plain_vector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    count(v.size());
    if (!v.empty()) m_out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : m_in(in) {}
  template <class T>
  T raw() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  // A count of items of at least `item_bytes` each: never more than the bytes left could hold, so a corrupt count
  // cannot make the reader allocate gigabytes.
  std::size_t count(std::size_t item_bytes) {
    const auto n = raw<std::uint64_t>();
    if (item_bytes > 0 && n > (m_in.size() - m_at) / item_bytes)
      throw WireError("a run's result holds a count of " + std::to_string(n) + " beyond the bytes sent");
    return static_cast<std::size_t>(n);
  }
  std::string text() {
    const std::size_t n = count(1);
    return std::string(take(n), n);
  }
  template <class T>
  std::vector<T> plain_vector() {
    const std::size_t n = count(sizeof(T));
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), take(n * sizeof(T)), n * sizeof(T));
    return v;
  }
  void finish() const {
    if (m_at != m_in.size())
      throw WireError("a run's result has " + std::to_string(m_in.size() - m_at) + " bytes too many");
  }

 private:
  const char* take(std::size_t n) {
    if (n > m_in.size() - m_at) throw WireError("a run's result ends early");
    const char* p = m_in.data() + m_at;
    m_at += n;
    return p;
  }
  const std::string& m_in;
  std::size_t m_at = 0;
};

void put(Writer& w, const Expectation& e) {
  w.text(e.metric);
  w.raw(e.op);
  w.raw(e.value);
  w.raw(e.phase);
  w.raw(e.role);
  w.text(e.value_text);
}

Expectation get_expectation(Reader& r) {
  Expectation e;
  e.metric = r.text();
  e.op = r.raw<Expectation::Op>();
  e.value = r.raw<double>();
  e.phase = r.raw<Expectation::Phase>();
  e.role = r.raw<Expectation::Role>();
  e.value_text = r.text();
  return e;
}

void put(Writer& w, const OperationTrace& t) {
  w.raw(t.serial);
  w.raw(t.client);
  w.raw(t.reasons);
  w.raw(t.outcome);
  w.raw(t.outcome_at);
  w.raw(t.duplicates);
  w.raw(t.effects);
  w.plain_vector(t.spans);
  w.plain_vector(t.marks);
}

OperationTrace get_trace(Reader& r) {
  OperationTrace t;
  t.serial = r.raw<std::uint64_t>();
  t.client = r.raw<std::uint32_t>();
  t.reasons = r.raw<std::uint8_t>();
  t.outcome = r.raw<TraceOutcome>();
  t.outcome_at = r.raw<Instant>();
  t.duplicates = r.raw<std::uint32_t>();
  t.effects = r.raw<std::uint32_t>();
  t.spans = r.plain_vector<TraceSpan>();
  t.marks = r.plain_vector<TraceMark>();
  return t;
}

}  // namespace

std::string encode(const RunResult& result) {
  Writer w;
  w.text(result.scenario);
  w.text(result.variant);
  w.raw(result.seed);
  for (const MetricSet& phase : result.phases) {
    w.count(phase.values.size());
    for (const auto& [name, value] : phase.values) {
      w.text(name);
      w.raw(value);
    }
  }
  w.count(result.expectations.size());
  for (const ExpectationResult& e : result.expectations) {
    put(w, e.expectation);
    w.raw(e.measured);
    w.raw(static_cast<std::uint8_t>(e.found));
    w.raw(static_cast<std::uint8_t>(e.passed));
  }
  w.count(result.series_columns.size());
  for (const std::string& c : result.series_columns) w.text(c);
  w.plain_vector(result.series);
  for (const LatencyHistogram& h : result.latency) w.raw(h);
  w.raw(result.events);
  w.raw(static_cast<std::uint8_t>(result.traces != nullptr));
  if (const TraceSet* t = result.traces.get()) {
    w.raw(t->config);
    w.raw(t->operations_seen);
    w.raw(t->too_large);
    w.count(t->operations.size());
    for (const OperationTrace& op : t->operations) put(w, op);
  }
  return w.take();
}

RunResult decode_result(const std::string& bytes) {
  Reader r(bytes);
  RunResult out;
  out.scenario = r.text();
  out.variant = r.text();
  out.seed = r.raw<std::uint64_t>();
  // Item sizes below are the fewest bytes an item can take, for Reader::count's check.
  constexpr std::size_t kTextBytes = sizeof(std::uint64_t);
  for (MetricSet& phase : out.phases) {
    const std::size_t n = r.count(kTextBytes + sizeof(double));
    phase.values.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::string name = r.text();
      phase.values.emplace_back(std::move(name), r.raw<double>());
    }
  }
  const std::size_t expectations = r.count(2 * kTextBytes);
  for (std::size_t i = 0; i < expectations; ++i) {
    ExpectationResult e;
    e.expectation = get_expectation(r);
    e.measured = r.raw<double>();
    e.found = r.raw<std::uint8_t>() != 0;  // a byte, not a bool: any value read must be a valid bool
    e.passed = r.raw<std::uint8_t>() != 0;
    out.expectations.push_back(std::move(e));
  }
  const std::size_t columns = r.count(kTextBytes);
  for (std::size_t i = 0; i < columns; ++i) out.series_columns.push_back(r.text());
  out.series = r.plain_vector<double>();
  for (LatencyHistogram& h : out.latency) h = r.raw<LatencyHistogram>();
  out.events = r.raw<std::uint64_t>();
  if (r.raw<std::uint8_t>()) {
    auto traces = std::make_shared<TraceSet>();
    traces->config = r.raw<TraceConfig>();
    traces->operations_seen = r.raw<std::uint64_t>();
    traces->too_large = r.raw<std::uint64_t>();
    const std::size_t operations = r.count(2 * kTextBytes);
    for (std::size_t i = 0; i < operations; ++i) traces->operations.push_back(get_trace(r));
    out.traces = std::move(traces);
  }
  r.finish();
  return out;
}

}  // namespace chaossim::wire
