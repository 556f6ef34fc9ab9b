#pragma once
// A log-linear latency histogram with fixed memory (HdrHistogram's layout): 32 linear sub-buckets per power of two
// of nanoseconds, so any recorded value is known to within 1/32 (about 3%). Mean and max are kept exactly.
// Quantiles interpolate linearly inside the bucket that holds the rank: the midpoint alone made every replication
// of a run report the same p99 (the same bucket), so the spread across replications read as ± 0.

#include <array>
#include <cstdint>

namespace chaossim {

class LatencyHistogram {
 public:
  static constexpr int kSubBits = 5;
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;

  void record(std::int64_t ns) {
    if (ns < 0) ns = 0;
    ++m_counts[static_cast<std::size_t>(index(static_cast<std::uint64_t>(ns)))];
    ++m_total;
    m_sum += static_cast<double>(ns);
    if (ns > m_max) m_max = ns;
  }
  void merge(const LatencyHistogram& o) {
    for (std::size_t i = 0; i < m_counts.size(); ++i) m_counts[i] += o.m_counts[i];
    m_total += o.m_total;
    m_sum += o.m_sum;
    if (o.m_max > m_max) m_max = o.m_max;
  }
  void clear() { *this = LatencyHistogram{}; }

  std::uint64_t count() const { return m_total; }
  double mean_ns() const { return m_total ? m_sum / static_cast<double>(m_total) : 0.0; }
  std::int64_t max_ns() const { return m_max; }
  // The q-quantile (0 < q <= 1): the ceil(q * n)-th smallest value, placed inside its bucket by its rank there,
  // clamped to the exact maximum.
  double quantile_ns(double q) const;

  static int index(std::uint64_t v) {
    if (v < kSub) return static_cast<int>(v);
    const int msb = 63 - __builtin_clzll(v);
    const int shift = msb - kSubBits;
    return (shift + 1) * kSub + static_cast<int>((v >> shift) & (kSub - 1));
  }
  static void bounds(int i, double& lo, double& hi) {
    if (i < kSub) {
      lo = i;
      hi = i + 1;
      return;
    }
    const int shift = i / kSub - 1;
    const double sub = (i % kSub) + kSub;
    lo = sub * static_cast<double>(1ULL << shift);
    hi = (sub + 1) * static_cast<double>(1ULL << shift);
  }

 private:
  std::array<std::uint64_t, kBuckets> m_counts{};
  std::uint64_t m_total = 0;
  double m_sum = 0.0;
  std::int64_t m_max = 0;
};

inline double LatencyHistogram::quantile_ns(double q) const {
  if (m_total == 0) return 0.0;
  double rank_d = q * static_cast<double>(m_total);
  auto rank = static_cast<std::uint64_t>(rank_d);
  if (static_cast<double>(rank) < rank_d) ++rank;
  if (rank < 1) rank = 1;
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    const std::uint64_t here = m_counts[static_cast<std::size_t>(i)];
    if (seen + here >= rank) {
      double lo, hi;
      bounds(i, lo, hi);
      // The values in a bucket are taken as spread evenly over it: the k-th of `here` sits at the middle of the
      // k-th of `here` equal slices. One value in the bucket gives the midpoint, as before.
      const double k = static_cast<double>(rank - seen);
      const double v = lo + (hi - lo) * (k - 0.5) / static_cast<double>(here);
      return v > static_cast<double>(m_max) ? static_cast<double>(m_max) : v;
    }
    seen += here;
  }
  return static_cast<double>(m_max);
}

}  // namespace chaossim
