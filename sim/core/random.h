#pragma once
// Seeded random streams implemented here, so that a run's numbers are the same with every compiler and standard
// library (std::*_distribution differ between implementations).
//
// Every component draws from its own stream derived from (seed, component, index): adding a fault to one service
// leaves the clients' arrival times untouched, which is what makes comparisons between variants fair.

#include <cstdint>

namespace chaossim {

// SplitMix64's finaliser: a bijective 64-bit mixer, used to derive stream seeds from tuples.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Names of the components that own streams. Values are part of the results contract: changing one changes every
// run's numbers, so new components are appended.
enum class StreamKind : std::uint64_t {
  arrivals = 1,
  client_choice = 2,
  service_work = 3,
  edge_latency = 4,
  edge_jitter = 5,
  fault = 6,
  user_behaviour = 7,
  replication = 8,
  think_time = 9,
  balancer = 10,  // per edge: the load balancer's choices of instance
  health = 11,    // per service: when its health checks first probe each instance
};

// xoshiro256** 1.0 (Blackman and Vigna): fast, small state, passes BigCrush; seeded through SplitMix64 as its
// authors recommend.
class Rng {
 public:
  Rng() : Rng(0) {}
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : m_s) {
      x += 0x9e3779b97f4a7c15ULL;
      word = mix64(x);
    }
  }

  // The stream of component (kind, index) under a run seed.
  static Rng stream(std::uint64_t seed, StreamKind kind, std::uint64_t index) {
    return Rng(mix64(mix64(seed + 0x9e3779b97f4a7c15ULL) ^ mix64((static_cast<std::uint64_t>(kind) << 48) + index)));
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  bool bernoulli(double p) { return p >= 1.0 || (p > 0.0 && uniform() < p); }
  // Uniform integer in [0, n) without modulo bias (Lemire's multiply-shift with rejection).
  std::uint64_t below(std::uint64_t n);

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t m_s[4];
};

// A 128-bit product for Lemire's method; __extension__ keeps -Wpedantic quiet about the GCC/Clang type.
__extension__ using Uint128 = unsigned __int128;

inline std::uint64_t Rng::below(std::uint64_t n) {
  if (n <= 1) return 0;
  Uint128 m = static_cast<Uint128>(next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>(next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace chaossim
