// Tests for sim/core/random.h: seeded xoshiro256** streams derived from (seed, component kind, index).
//
// Statistical thresholds are stated in standard errors. Every test uses fixed seeds, so each one is a deterministic
// check; the thresholds are chosen so that a correct generator would fail a given check with probability well
// below 1e-6, i.e. a failure means a real defect rather than an unlucky seed.

#include "core/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

namespace chaossim {
namespace {

// A GCC/Clang extension, as in Rng::below; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 u128;

// Pearson correlation coefficient of two equally long samples.
double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

std::vector<double> uniforms(Rng rng, std::size_t n) {
  std::vector<double> out(n);
  for (double& u : out) u = rng.uniform();
  return out;
}

// Upper critical value of the chi-square distribution with `df` degrees of freedom at standard-normal quantile `z`,
// by the Wilson-Hilferty cube approximation (accurate to well under 1% for df >= 3 in the tail used here).
// z = 4.75 is the one-sided 1e-6 quantile, so a uniform generator exceeds the value about once in a million seeds.
double chi_square_critical(double df, double z = 4.75) {
  const double c = 2.0 / (9.0 * df);
  const double t = 1.0 - c + z * std::sqrt(c);
  return df * t * t * t;
}

double chi_square(const std::vector<std::uint64_t>& counts, const std::vector<double>& expected) {
  double chi2 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double d = static_cast<double>(counts[i]) - expected[i];
    chi2 += d * d / expected[i];
  }
  return chi2;
}

// ---------------------------------------------------------------------------------------------------------------
// Known values

// Pins the exact bits. Results are promised to be bit-identical on every compiler, standard library and platform,
// and a changed mixer constant, rotation, seeding order or stream-derivation formula would silently change every
// recorded run. The constants were produced by an independent Python transcription of the reference SplitMix64 and
// xoshiro256** 1.0 code (not by running this implementation), and the four state words of Rng(0) are the published
// first outputs of SplitMix64 seeded with 0.
TEST(random, splitmix_finaliser_matches_published_splitmix64_outputs) {
  // Runtime checks rather than static_asserts, so that a change here fails this test instead of the whole build.
  constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
  EXPECT_EQ(mix64(1 * kGolden), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(mix64(2 * kGolden), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(mix64(3 * kGolden), 0x06c45d188009454fULL);
  EXPECT_EQ(mix64(4 * kGolden), 0xf88bb8a8724c81ecULL);
  EXPECT_EQ(mix64(0), 0u);
}

TEST(random, rng_0_produces_pinned_values) {
  Rng rng(0);
  EXPECT_EQ(rng.next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(rng.next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(rng.next(), 0x1a5f849d4933e6e0ULL);
  EXPECT_EQ(rng.next(), 0x6aa594f1262d2d2cULL);
  EXPECT_EQ(rng.next(), 0xbba5ad4a1f842e59ULL);
}

TEST(random, arrivals_stream_produces_pinned_values) {
  Rng rng = Rng::stream(1, StreamKind::arrivals, 0);
  EXPECT_EQ(rng.next(), 0xd142ec752f106ad7ULL);
  EXPECT_EQ(rng.next(), 0xff4030cf031ed879ULL);
  EXPECT_EQ(rng.next(), 0x103a94fc66d4e701ULL);
  EXPECT_EQ(rng.next(), 0x22120bd90654eb8dULL);
  EXPECT_EQ(rng.next(), 0xa49fac92bc1f2c65ULL);
  Rng edge = Rng::stream(42, StreamKind::edge_latency, 7);
  EXPECT_EQ(edge.next(), 0x610653d851c90503ULL);
  EXPECT_EQ(edge.next(), 0x7e6adb4d1017fddeULL);
  EXPECT_EQ(edge.next(), 0x9791c04246eab037ULL);
}

TEST(random, uniform_uses_the_top_53_bits_of_pinned_values) {
  Rng rng(0);
  EXPECT_EQ(rng.uniform(), static_cast<double>(0x99ec5f36cb75f2b4ULL >> 11) * 0x1.0p-53);
  EXPECT_EQ(rng.uniform(), static_cast<double>(0xbf6e1f784956452aULL >> 11) * 0x1.0p-53);
  EXPECT_DOUBLE_EQ(Rng(0).uniform(), 0.6012629994179048);
}

TEST(random, stream_kind_values_are_part_of_the_results_contract) {
  const auto v = [](StreamKind k) { return static_cast<std::uint64_t>(k); };
  EXPECT_EQ(v(StreamKind::arrivals), 1u);
  EXPECT_EQ(v(StreamKind::client_choice), 2u);
  EXPECT_EQ(v(StreamKind::service_work), 3u);
  EXPECT_EQ(v(StreamKind::edge_latency), 4u);
  EXPECT_EQ(v(StreamKind::edge_jitter), 5u);
  EXPECT_EQ(v(StreamKind::fault), 6u);
  EXPECT_EQ(v(StreamKind::user_behaviour), 7u);
  EXPECT_EQ(v(StreamKind::replication), 8u);
  EXPECT_EQ(v(StreamKind::think_time), 9u);
}

// ---------------------------------------------------------------------------------------------------------------
// Reproducibility and independence of streams

TEST(random, same_seed_kind_and_index_give_the_same_sequence) {
  Rng a = Rng::stream(12345, StreamKind::service_work, 3);
  Rng b = Rng::stream(12345, StreamKind::service_work, 3);
  for (int i = 0; i < 10'000; ++i) ASSERT_EQ(a.next(), b.next()) << "draw " << i;
  Rng c(777), d(777);
  for (int i = 0; i < 10'000; ++i) ASSERT_EQ(c.next(), d.next()) << "draw " << i;
}

TEST(random, default_constructed_rng_is_seed_zero) {
  Rng a, b(0);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.next(), b.next());
}

TEST(random, a_copy_continues_the_same_sequence_independently) {
  Rng a(31337);
  for (int i = 0; i < 10; ++i) a.next();
  Rng b = a;
  std::vector<std::uint64_t> from_a, from_b;
  for (int i = 0; i < 100; ++i) from_a.push_back(a.next());
  for (int i = 0; i < 100; ++i) from_b.push_back(b.next());
  EXPECT_EQ(from_a, from_b);
}

TEST(random, different_seed_kind_or_index_give_different_first_outputs) {
  // 10 seeds x 9 kinds x 100 indices = 9000 streams. For independent 64-bit values the chance of any collision is
  // about 9000^2 / 2^65 ~ 2e-12, so a collision means two tuples map to the same stream.
  std::set<std::uint64_t> first;
  std::size_t streams = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed)
    for (std::uint64_t kind = 1; kind <= 9; ++kind)
      for (std::uint64_t index = 0; index < 100; ++index) {
        first.insert(Rng::stream(seed, static_cast<StreamKind>(kind), index).next());
        ++streams;
      }
  EXPECT_EQ(first.size(), streams);
}

TEST(random, neighbouring_streams_are_not_shifted_copies_of_each_other) {
  // A correlation test cannot see a stream that is the other one delayed by a few draws; a shared 64-bit value in
  // the first 10k draws of two streams would show it (chance for independent streams ~ 1e8 / 2^64 ~ 5e-12).
  const auto draws = [](Rng rng) {
    std::set<std::uint64_t> out;
    for (int i = 0; i < 10'000; ++i) out.insert(rng.next());
    return out;
  };
  const std::set<std::uint64_t> base = draws(Rng::stream(1, StreamKind::arrivals, 0));
  for (const Rng& other : {Rng::stream(1, StreamKind::arrivals, 1), Rng::stream(2, StreamKind::arrivals, 0),
                           Rng::stream(1, StreamKind::client_choice, 0), Rng(1), Rng(0)}) {
    std::size_t shared = 0;
    for (std::uint64_t v : draws(other)) shared += base.count(v);
    EXPECT_EQ(shared, 0u);
  }
}

TEST(random, different_index_kind_or_seed_give_uncorrelated_streams) {
  // For independent uniforms the sample correlation r of N pairs is approximately normal with mean 0 and standard
  // error 1/sqrt(N) = 0.00316 for N = 100k. |r| < 0.02 is 6.3 standard errors: a correct generator fails this with
  // probability ~3e-10, while a poorly mixed stream derivation (e.g. adjacent indices giving related states)
  // typically shows |r| far above it.
  constexpr std::size_t kN = 100'000;
  struct Pair {
    const char* what;
    Rng a, b;
  };
  const std::vector<Pair> pairs = {
      {"index 0 vs 1", Rng::stream(1, StreamKind::arrivals, 0), Rng::stream(1, StreamKind::arrivals, 1)},
      {"index 7 vs 8", Rng::stream(1, StreamKind::edge_latency, 7), Rng::stream(1, StreamKind::edge_latency, 8)},
      {"kind arrivals vs client_choice", Rng::stream(1, StreamKind::arrivals, 0),
       Rng::stream(1, StreamKind::client_choice, 0)},
      {"kind edge_latency vs edge_jitter", Rng::stream(5, StreamKind::edge_latency, 2),
       Rng::stream(5, StreamKind::edge_jitter, 2)},
      {"seed 1 vs 2", Rng::stream(1, StreamKind::service_work, 0), Rng::stream(2, StreamKind::service_work, 0)},
      {"seed 0 vs 1 << 63", Rng::stream(0, StreamKind::fault, 0), Rng::stream(1ULL << 63, StreamKind::fault, 0)},
      {"Rng(0) vs Rng(1)", Rng(0), Rng(1)},
  };
  for (const Pair& p : pairs) {
    const double r = correlation(uniforms(p.a, kN), uniforms(p.b, kN));
    EXPECT_LT(std::abs(r), 0.02) << p.what << ": r = " << r;
  }
}

TEST(random, consecutive_draws_of_one_stream_are_uncorrelated) {
  // Serial correlation at lags 1..4; same standard error and bound as above.
  constexpr std::size_t kN = 100'000;
  const std::vector<double> u = uniforms(Rng::stream(3, StreamKind::think_time, 0), kN + 4);
  for (std::size_t lag = 1; lag <= 4; ++lag) {
    const std::vector<double> x(u.begin(), u.begin() + kN);
    const std::vector<double> y(u.begin() + static_cast<std::ptrdiff_t>(lag),
                                u.begin() + static_cast<std::ptrdiff_t>(lag + kN));
    const double r = correlation(x, y);
    EXPECT_LT(std::abs(r), 0.02) << "lag " << lag << ": r = " << r;
  }
}

TEST(random, every_output_bit_is_fair) {
  // Each of the 64 bits is set with probability 1/2; over N = 100k draws the count has standard error
  // sqrt(N/4) = 158. Bound: 5 standard errors per bit (64 bits: family-wise false failure ~4e-5 for a fair coin).
  constexpr int kN = 100'000;
  std::array<int, 64> ones{};
  Rng rng = Rng::stream(9, StreamKind::replication, 4);
  for (int i = 0; i < kN; ++i) {
    const std::uint64_t v = rng.next();
    for (int b = 0; b < 64; ++b) ones[b] += static_cast<int>((v >> b) & 1);
  }
  const double se = std::sqrt(kN / 4.0);
  for (int b = 0; b < 64; ++b) EXPECT_LT(std::abs(ones[b] - kN / 2.0), 5 * se) << "bit " << b;
}

// ---------------------------------------------------------------------------------------------------------------
// uniform, uniform_open0, bernoulli

TEST(random, uniform_is_in_half_open_unit_interval_with_53_bit_resolution) {
  Rng rng = Rng::stream(4, StreamKind::client_choice, 0);
  constexpr int kN = 1'000'000;
  double sum = 0, lo = 1, hi = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double scaled = u * 0x1.0p53;  // exactly an integer if u has 53-bit resolution
    ASSERT_EQ(scaled, std::floor(scaled));
    sum += u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  // Mean of N uniforms: standard error sqrt(1/12/N) = 2.9e-4; bound 5 standard errors.
  EXPECT_NEAR(sum / kN, 0.5, 5 * std::sqrt(1.0 / 12.0 / kN));
  EXPECT_LT(lo, 1e-5);  // the extremes are reached: expected min ~ 1/N
  EXPECT_GT(hi, 1 - 1e-5);
}

TEST(random, uniform_open0_is_uniform_shifted_by_one_ulp_so_in_open_closed_unit_interval) {
  // For the same underlying 64-bit draw, uniform_open0 = uniform + 2^-53: the smallest value 0 becomes 2^-53 and
  // the largest 1 - 2^-53 becomes exactly 1. Hence (0, 1], never 0, so log() is always finite.
  Rng a(11), b(11);
  for (int i = 0; i < 100'000; ++i) {
    const double u = a.uniform();
    const double v = b.uniform_open0();
    ASSERT_EQ(v, u + 0x1.0p-53);
    ASSERT_GT(v, 0.0);
    ASSERT_LE(v, 1.0);
    ASSERT_TRUE(std::isfinite(std::log(v)));
  }
}

TEST(random, bernoulli_extremes_are_certain_and_middle_probabilities_match) {
  Rng rng(21);
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_FALSE(rng.bernoulli(0.0));
    ASSERT_FALSE(rng.bernoulli(-1.0));
    ASSERT_TRUE(rng.bernoulli(1.0));
    ASSERT_TRUE(rng.bernoulli(2.0));
  }
  for (double p : {0.01, 0.25, 0.5, 0.9}) {
    constexpr int kN = 100'000;
    int hits = 0;
    for (int i = 0; i < kN; ++i) hits += rng.bernoulli(p) ? 1 : 0;
    // Binomial count: standard error sqrt(N p (1-p)); bound 5 standard errors.
    EXPECT_NEAR(hits, kN * p, 5 * std::sqrt(kN * p * (1 - p))) << "p = " << p;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// below(n)

TEST(random, below_returns_zero_for_n_zero_and_one) {
  Rng rng(3);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(rng.below(0), 0u);
    EXPECT_EQ(rng.below(1), 0u);
  }
}

TEST(random, below_stays_below_n_for_awkward_n) {
  Rng rng(8);
  constexpr std::uint64_t kTop = std::uint64_t{1} << 63;
  for (std::uint64_t n : {std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{1} << 32, kTop - 1, kTop, kTop + 1,
                          ~std::uint64_t{0} - 1, ~std::uint64_t{0}})
    for (int i = 0; i < 10'000; ++i) ASSERT_LT(rng.below(n), n) << "n = " << n;
}

// Chi-square goodness of fit over `buckets` equally likely cells. The statistic has buckets - 1 degrees of freedom;
// the threshold is its 1e-6 upper quantile (see chi_square_critical), so the fixed-seed check fails only on a real
// bias. Each cell expects >= 200 draws, far above the usual >= 5 needed for the chi-square approximation.
void expect_uniform_cells(const std::function<std::uint64_t()>& draw_cell, std::size_t buckets, std::size_t draws,
                          const char* what) {
  std::vector<std::uint64_t> counts(buckets, 0);
  for (std::size_t i = 0; i < draws; ++i) ++counts[draw_cell()];
  const std::vector<double> expected(buckets, static_cast<double>(draws) / static_cast<double>(buckets));
  const double chi2 = chi_square(counts, expected);
  const double limit = chi_square_critical(static_cast<double>(buckets - 1));
  EXPECT_LT(chi2, limit) << what << ": chi-square " << chi2 << " with " << buckets - 1 << " degrees of freedom";
}

TEST(random, below_small_n_is_unbiased_by_chi_square) {
  for (std::uint64_t n : {2, 3, 6, 7, 10, 100, 1000}) {
    Rng rng = Rng::stream(17, StreamKind::client_choice, n);
    const std::size_t draws = std::max<std::size_t>(100'000, n * 200);
    expect_uniform_cells([&] { return rng.below(n); }, n, draws, ("n = " + std::to_string(n)).c_str());
  }
}

// For n close to 2^64 * 2/3 a biased reduction is blatant: with plain modulo the lower half of [0, n) is twice as
// likely as the upper half, and with Lemire's multiply-shift but without the rejection step even results are twice
// as likely as odd ones. Cells combine the quarter of the range with the residue mod 6, so both biases (and the
// analogous period-3 pattern of n = 3 * 2^62) land in distinct cells: 24 cells, 23 degrees of freedom.
std::uint64_t large_n_cell(std::uint64_t v, std::uint64_t n) {
  const auto quarter = static_cast<std::uint64_t>((static_cast<u128>(v) * 4) / n);
  return quarter * 6 + v % 6;
}

constexpr std::uint64_t kTwoThirds = 0xAAAAAAAAAAAAAAAAULL;    // floor(2^65 / 3)
constexpr std::uint64_t kThreeQuarters = 0xC000000000000000ULL;  // 3 * 2^62

TEST(random, below_large_n_is_unbiased_by_chi_square) {
  for (std::uint64_t n : {kTwoThirds, kThreeQuarters}) {
    Rng rng = Rng::stream(23, StreamKind::client_choice, 0);
    expect_uniform_cells([&] { return large_n_cell(rng.below(n), n); }, 24, 200'000,
                         n == kTwoThirds ? "n = 2/3 * 2^64" : "n = 3/4 * 2^64");
  }
}

TEST(random, large_n_chi_square_detects_modulo_and_unrejected_multiply_shift_bias) {
  // Shows the test above has teeth: the two classic biased reductions fail it by a wide margin.
  const double limit = chi_square_critical(23);
  for (std::uint64_t n : {kTwoThirds, kThreeQuarters}) {
    for (int variant = 0; variant < 2; ++variant) {
      Rng rng = Rng::stream(23, StreamKind::client_choice, 0);
      std::vector<std::uint64_t> counts(24, 0);
      for (int i = 0; i < 200'000; ++i) {
        const std::uint64_t x = rng.next();
        const std::uint64_t v =
            variant == 0 ? x % n : static_cast<std::uint64_t>((static_cast<u128>(x) * n) >> 64);
        ++counts[large_n_cell(v, n)];
      }
      const double chi2 = chi_square(counts, std::vector<double>(24, 200'000.0 / 24));
      EXPECT_GT(chi2, 10 * limit) << (variant == 0 ? "modulo" : "multiply-shift without rejection") << ", n = " << n;
    }
  }
}

}  // namespace
}  // namespace chaossim
