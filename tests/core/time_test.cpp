// Tests for sim/core/time.h: integer-nanosecond Duration/Instant arithmetic, parse_duration (the scenario syntax)
// and format_duration (its inverse).

#include "core/time.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/random.h"

namespace chaossim {
namespace {

constexpr std::int64_t kUs = 1'000;
constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kS = 1'000'000'000;
constexpr std::int64_t kMin = 60 * kS;
constexpr std::int64_t kHour = 3600 * kS;
constexpr std::int64_t kMaxNs = Duration::infinite().ns;  // the largest duration the parser accepts

// Parses `text`, expecting success; returns the nanoseconds or a sentinel that makes the comparison fail loudly.
std::int64_t parse_ns(const std::string& text) {
  std::string error;
  const std::optional<Duration> d = parse_duration(text, &error);
  EXPECT_TRUE(d.has_value()) << "\"" << text << "\" was rejected: " << error;
  return d ? d->ns : std::numeric_limits<std::int64_t>::min();
}

// ---------------------------------------------------------------------------------------------------------------
// Duration and Instant arithmetic

TEST(duration, named_constructors_scale_to_nanoseconds) {
  // static_assert: these are also meant to be usable in constant expressions.
  static_assert(Duration::nanoseconds(7).ns == 7);
  static_assert(Duration::microseconds(7).ns == 7 * kUs);
  static_assert(Duration::milliseconds(7).ns == 7 * kMs);
  static_assert(Duration::seconds(7).ns == 7 * kS);
  static_assert(Duration::zero().ns == 0);
  EXPECT_EQ(Duration::seconds(-2).ns, -2 * kS);
  EXPECT_EQ(Duration::seconds(1), Duration::milliseconds(1000));
  EXPECT_EQ(Duration::milliseconds(1), Duration::microseconds(1000));
  EXPECT_EQ(Duration::microseconds(1), Duration::nanoseconds(1000));
}

TEST(duration, arithmetic_and_comparison_are_exact_integer_operations) {
  const Duration a = Duration::milliseconds(1500);
  const Duration b = Duration::microseconds(250);
  EXPECT_EQ((a + b).ns, 1'500'250'000);
  EXPECT_EQ((a - b).ns, 1'499'750'000);
  EXPECT_EQ((b - a).ns, -1'499'750'000);
  Duration c = a;
  c += b;
  EXPECT_EQ(c.ns, 1'500'250'000);
  c -= b;
  EXPECT_EQ(c, a);
  EXPECT_LT(b, a);
  EXPECT_GT(a, b);
  EXPECT_LE(a, a);
  EXPECT_NE(a, b);
  // Ten additions of 0.1s land exactly on 1s: the reason time is not a double.
  Duration sum = Duration::zero();
  for (int i = 0; i < 10; ++i) sum += Duration::milliseconds(100);
  EXPECT_EQ(sum, Duration::seconds(1));
}

TEST(duration, seconds_f_and_is_zero) {
  EXPECT_DOUBLE_EQ(Duration::milliseconds(1500).seconds_f(), 1.5);
  EXPECT_DOUBLE_EQ(Duration::nanoseconds(1).seconds_f(), 1e-9);
  EXPECT_TRUE(Duration::zero().is_zero());
  EXPECT_TRUE(Duration{}.is_zero());
  EXPECT_FALSE(Duration::nanoseconds(1).is_zero());
  EXPECT_FALSE(Duration::nanoseconds(-1).is_zero());
}

TEST(duration, infinite_is_larger_than_any_realistic_duration_and_safe_to_add) {
  EXPECT_GT(Duration::infinite(), Duration::seconds(50LL * 365 * 24 * 3600));  // half a century of simulated time
  // "Safe to add to any simulated instant": instant + infinite (and even infinite + infinite + infinite) does not
  // overflow int64, so "never" deadlines can be computed without special cases.
  const Instant late{Duration::infinite().ns};
  const Instant never = late + Duration::infinite();
  EXPECT_GT(never, late);
  EXPECT_EQ(never.ns, 2 * Duration::infinite().ns);
  EXPECT_GT((Duration::infinite() + Duration::infinite() + Duration::infinite()).ns, 0);
}

TEST(instant, arithmetic_with_durations) {
  static_assert(Instant::zero().ns == 0);
  const Instant t0 = Instant::zero() + Duration::seconds(3);
  EXPECT_EQ(t0.ns, 3 * kS);
  EXPECT_EQ((t0 - Duration::milliseconds(500)).ns, 2'500'000'000);
  EXPECT_EQ(t0 - Instant::zero(), Duration::seconds(3));
  const Instant t1 = t0 + Duration::microseconds(1);
  EXPECT_EQ(t1 - t0, Duration::microseconds(1));
  EXPECT_EQ(t0 - t1, Duration::microseconds(-1));
  EXPECT_LT(t0, t1);
  EXPECT_EQ(t1 - Duration::microseconds(1), t0);
  Instant t = Instant::zero();
  t += Duration::milliseconds(250);
  t += Duration::milliseconds(250);
  EXPECT_EQ(t, Instant{500 * kMs});
  EXPECT_DOUBLE_EQ(t.seconds_f(), 0.5);
}

TEST(duration_from_seconds, rounds_to_the_nearest_nanosecond) {
  EXPECT_EQ(duration_from_seconds(1.5).ns, 1'500'000'000);
  EXPECT_EQ(duration_from_seconds(0.1).ns, 100'000'000);  // 0.1 is not representable; rounding makes it exact
  EXPECT_EQ(duration_from_seconds(0.3).ns, 300'000'000);
  EXPECT_EQ(duration_from_seconds(1e-9).ns, 1);
  EXPECT_EQ(duration_from_seconds(0.4e-9).ns, 0);
  EXPECT_EQ(duration_from_seconds(0.6e-9).ns, 1);
  EXPECT_EQ(duration_from_seconds(2.7e-9).ns, 3);
}

TEST(duration_from_seconds, maps_non_positive_and_nan_to_zero) {
  EXPECT_EQ(duration_from_seconds(0.0), Duration::zero());
  EXPECT_EQ(duration_from_seconds(-0.0), Duration::zero());
  EXPECT_EQ(duration_from_seconds(-1.0), Duration::zero());
  EXPECT_EQ(duration_from_seconds(-std::numeric_limits<double>::infinity()), Duration::zero());
  EXPECT_EQ(duration_from_seconds(std::numeric_limits<double>::quiet_NaN()), Duration::zero());
}

TEST(duration_from_seconds, saturates_at_infinite) {
  EXPECT_EQ(duration_from_seconds(1e30), Duration::infinite());
  EXPECT_EQ(duration_from_seconds(std::numeric_limits<double>::infinity()), Duration::infinite());
  EXPECT_EQ(duration_from_seconds(std::numeric_limits<double>::max()), Duration::infinite());
  EXPECT_EQ(duration_from_seconds(Duration::infinite().seconds_f() * 2), Duration::infinite());
  EXPECT_LT(duration_from_seconds(1e9), Duration::infinite());  // ~31 years is still finite
}

// ---------------------------------------------------------------------------------------------------------------
// parse_duration: accepted spellings

TEST(parse_duration, reads_every_unit) {
  EXPECT_EQ(parse_ns("7ns"), 7);
  EXPECT_EQ(parse_ns("7us"), 7 * kUs);
  EXPECT_EQ(parse_ns("7ms"), 7 * kMs);
  EXPECT_EQ(parse_ns("7s"), 7 * kS);
  EXPECT_EQ(parse_ns("7m"), 7 * kMin);
  EXPECT_EQ(parse_ns("7h"), 7 * kHour);
  // The examples from the header.
  EXPECT_EQ(parse_ns("250us"), 250 * kUs);
  EXPECT_EQ(parse_ns("5ms"), 5 * kMs);
  EXPECT_EQ(parse_ns("2m"), 120 * kS);
  EXPECT_EQ(parse_ns("1h"), 3600 * kS);
}

TEST(parse_duration, reads_zero_in_every_unit) {
  for (const char* text : {"0ns", "0us", "0ms", "0s", "0m", "0h", "0.0s", "0.000000000s"})
    EXPECT_EQ(parse_ns(text), 0) << text;
}

TEST(parse_duration, accepts_leading_zeros) {
  EXPECT_EQ(parse_ns("007ms"), 7 * kMs);
  EXPECT_EQ(parse_ns("00.5s"), 500 * kMs);
}

TEST(parse_duration, fractions_are_exact_decimals_not_doubles) {
  EXPECT_EQ(parse_ns("1.5s"), 1'500'000'000);
  EXPECT_EQ(parse_ns("0.1s"), 100'000'000);
  EXPECT_EQ(parse_ns("0.3s"), 300'000'000);  // 0.3 * 1e9 in double is 299999999.99999994
  EXPECT_EQ(parse_ns("0.7s"), 700'000'000);
  EXPECT_EQ(parse_ns("1.25ms"), 1'250'000);
  EXPECT_EQ(parse_ns("0.5us"), 500);
  EXPECT_EQ(parse_ns("0.001us"), 1);
  EXPECT_EQ(parse_ns("2.5m"), 150 * kS);
  EXPECT_EQ(parse_ns("1.5h"), 5400 * kS);
  EXPECT_EQ(parse_ns("0.25h"), 900 * kS);
  EXPECT_EQ(parse_ns("0.123456789s"), 123'456'789);
  EXPECT_EQ(parse_ns("0.000000001s"), 1);
  EXPECT_EQ(parse_ns("12.000000001s"), 12 * kS + 1);
  EXPECT_EQ(parse_ns("1.500000000s"), 1'500'000'000);  // trailing zeros are harmless
  EXPECT_EQ(parse_ns("0.0000000001m"), 6);             // 1e-10 min = 6 ns exactly
  EXPECT_EQ(parse_ns("0.00000000001h"), 36);           // 1e-11 h = 36 ns exactly
}

TEST(parse_duration, rounds_digits_below_a_nanosecond_half_up) {
  EXPECT_EQ(parse_ns("1.4ns"), 1);
  EXPECT_EQ(parse_ns("1.5ns"), 2);
  EXPECT_EQ(parse_ns("1.49999ns"), 1);
  EXPECT_EQ(parse_ns("0.0000000004s"), 0);
  EXPECT_EQ(parse_ns("0.0000000005s"), 1);
  EXPECT_EQ(parse_ns("0.0000000014999s"), 1);
  EXPECT_EQ(parse_ns("0.0000000015s"), 2);
  EXPECT_EQ(parse_ns("0.0004us"), 0);
  EXPECT_EQ(parse_ns("0.0005us"), 1);
}

// Minutes and hours are not powers of ten of a nanosecond, so the digit where nanosecond resolution ends is worth
// 0.6 ns (minutes, 11th fraction digit) or 3.6 ns (hours, 12th fraction digit). The values below are exact decimal
// arithmetic rounded to the nearest nanosecond, as the header promises.
TEST(parse_duration, rounds_minute_and_hour_fractions_to_the_nearest_nanosecond) {
  EXPECT_EQ(parse_ns("0.00000000001m"), 1);    // 0.6 ns
  EXPECT_EQ(parse_ns("0.00000000009m"), 5);    // 5.4 ns
  EXPECT_EQ(parse_ns("0.000000000001h"), 4);   // 3.6 ns
  EXPECT_EQ(parse_ns("0.000000000009h"), 32);  // 32.4 ns
  EXPECT_EQ(parse_ns("0.0000000000001h"), 0);  // 0.36 ns
  EXPECT_EQ(parse_ns("0.0000000000002h"), 1);  // 0.72 ns
}

TEST(parse_duration, accepts_exactly_up_to_duration_infinite) {
  EXPECT_EQ(parse_ns(std::to_string(kMaxNs) + "ns"), kMaxNs);
  EXPECT_EQ(parse_ns("2305843009.213693951s"), kMaxNs);
  EXPECT_EQ(parse_ns("640511h"), 640511 * kHour);  // the largest whole number of hours below the limit
}

TEST(parse_duration, error_out_parameter_is_optional) {
  EXPECT_EQ(parse_duration("5ms", nullptr), Duration::milliseconds(5));
  EXPECT_EQ(parse_duration("5ms"), Duration::milliseconds(5));
  EXPECT_EQ(parse_duration("bad", nullptr), std::nullopt);
}

// ---------------------------------------------------------------------------------------------------------------
// parse_duration: rejected spellings

TEST(parse_duration, rejects_malformed_text_with_a_message) {
  const std::vector<std::string> bad = {
      "",       "5",     "5 s",   " 5s",  "5s ",   "-1s",   "+1s",  "1.2.3s", "s",    "ms",   "1x",
      ".5s",    "5.s",   "1.s",   ".s",   "1e3s",  "1E3s",  "1,5s", "5S",     "5MS",  "5sec", "5mss",
      "0x10s",  "5 ",    "\t5s",  "5s\n", "inf",   "nan",   "5d",   "5y",     "5µs",  "5s5",  "5ms5",
      "1..5s",  "..s",   "5-s",   "s5",   "5.5.5", "5.5",   "5ns!", "1/2s",   "1_000ms",
  };
  for (const std::string& text : bad) {
    std::string error;
    EXPECT_EQ(parse_duration(text, &error), std::nullopt) << "accepted \"" << text << "\"";
    EXPECT_FALSE(error.empty()) << "no message for \"" << text << "\"";
  }
}

TEST(parse_duration, rejection_message_shows_the_expected_syntax) {
  std::string error;
  ASSERT_EQ(parse_duration("5", &error), std::nullopt);
  EXPECT_NE(error.find("duration"), std::string::npos) << error;
  EXPECT_NE(error.find("1.5s"), std::string::npos) << error;
}

TEST(parse_duration, rejects_values_beyond_duration_infinite) {
  const std::vector<std::string> huge = {
      std::to_string(kMaxNs + 1) + "ns",
      "2305843009.213693952s",
      "2305843010s",
      "640512h",
      "38430717m",  // 38430717 min = 2.30584302e18 ns > limit
      "9223372036854775807ns",  // INT64_MAX itself
      "99999999999999999999999999999999999999s",
      "99999999999999999999999999999999999999ns",
      "99999999999999999999h",
      "2305843009213693951.5ns",
  };
  for (const std::string& text : huge) {
    std::string error;
    const std::optional<Duration> d = parse_duration(text, &error);
    EXPECT_EQ(d, std::nullopt) << "\"" << text << "\" parsed as " << (d ? d->ns : 0) << "ns";
    EXPECT_FALSE(error.empty()) << text;
  }
}

// The integer part is accumulated as whole = whole * 10 + digit and only then compared with the limit, so a 19- or
// 20-digit number whose leading digits are still below Duration::infinite() overflows int64 in that step
// (undefined behaviour; in practice it wraps) and the wrapped value can pass the range checks. 2^63 ns, 1e19 ns,
// 2^64 ns and 2e19 ns are all far above Duration::infinite() and must be rejected, never turned into a negative or
// small duration.
TEST(parse_duration, rejects_integers_that_overflow_int64_instead_of_wrapping_around) {
  for (const std::string text : {"9223372036854775808ns", "10000000000000000000ns", "18446744073709551616ns",
                                 "18446744073709551617ns", "20000000000000000000ns", "23058430092136939510ns"}) {
    std::string error;
    const std::optional<Duration> d = parse_duration(text, &error);
    EXPECT_EQ(d, std::nullopt) << "\"" << text << "\" parsed as " << (d ? d->ns : 0) << "ns";
    EXPECT_FALSE(error.empty()) << text;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// format_duration

TEST(format_duration, spells_known_values) {
  EXPECT_EQ(format_duration(Duration::zero()), "0s");
  EXPECT_EQ(format_duration(Duration::nanoseconds(1)), "1ns");
  EXPECT_EQ(format_duration(Duration::nanoseconds(999)), "999ns");
  EXPECT_EQ(format_duration(Duration::nanoseconds(1000)), "1us");
  EXPECT_EQ(format_duration(Duration::nanoseconds(1001)), "1.001us");
  EXPECT_EQ(format_duration(Duration::microseconds(250)), "250us");
  EXPECT_EQ(format_duration(Duration::milliseconds(5)), "5ms");
  EXPECT_EQ(format_duration(Duration::milliseconds(1500)), "1.5s");
  EXPECT_EQ(format_duration(Duration::milliseconds(100)), "100ms");
  EXPECT_EQ(format_duration(Duration::seconds(1)), "1s");
  EXPECT_EQ(format_duration(Duration{kS + 1}), "1.000000001s");
  EXPECT_EQ(format_duration(Duration{999'999'999}), "999.999999ms");
  EXPECT_EQ(format_duration(Duration::infinite()), "2305843009.213693951s");
}

TEST(format_duration, canonical_spellings_survive_parse_then_format) {
  for (const char* text : {"0s", "1ns", "999ns", "1us", "1.001us", "250us", "1.5ms", "999.999999ms", "1s", "1.5s",
                           "500ms", "60s", "3600s", "1.000000001s", "2305843009.213693951s"}) {
    const std::optional<Duration> d = parse_duration(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(format_duration(*d), text);
  }
}

TEST(format_duration, round_trips_through_parse_duration) {
  std::vector<std::int64_t> values = {0, 1, 9, 10, 99, 100, 999, 1000, 1001, 999'999, 1'000'000, 1'000'001,
                                      999'999'999, kS, kS + 1, kMin, kHour, kMaxNs - 1, kMaxNs};
  // Powers of ten and their neighbours, which sit on the unit boundaries of the formatter.
  for (std::int64_t p = 1; p <= kMaxNs / 10; p *= 10)
    for (std::int64_t v : {p - 1, p, p + 1, 2 * p, 5 * p, 9 * p + (p - 1)}) values.push_back(v);
  // Log-uniform random values over the whole range, plus round multiples of each unit (trailing zeros to trim).
  Rng rng(20240601);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t digits = rng.below(19) + 1;  // 1..19 decimal digits
    std::uint64_t bound = 1;
    for (std::uint64_t k = 0; k < digits; ++k) bound *= 10;
    if (bound > static_cast<std::uint64_t>(kMaxNs)) bound = static_cast<std::uint64_t>(kMaxNs) + 1;
    values.push_back(static_cast<std::int64_t>(rng.below(bound)));
    for (std::int64_t u : {kUs, kMs, kS, kMin}) values.push_back(static_cast<std::int64_t>(rng.below(1'000'000)) * u);
  }
  int failures = 0;
  for (const std::int64_t v : values) {
    ASSERT_GE(v, 0);
    ASSERT_LE(v, kMaxNs);
    const std::string text = format_duration(Duration{v});
    std::string error;
    const std::optional<Duration> back = parse_duration(text, &error);
    if (!back || back->ns != v) {
      ADD_FAILURE() << v << "ns formats as \"" << text << "\" which parses as "
                    << (back ? std::to_string(back->ns) + "ns" : "an error: " + error);
      if (++failures > 10) return;
    }
  }
}

}  // namespace
}  // namespace chaossim
