#pragma once
// Simulated time as 64-bit integer nanoseconds. Integers make every run bit-identical and let events at the same
// instant compare equal exactly; a double clock drifts and reorders ties.

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace chaossim {

struct Duration {
  std::int64_t ns = 0;

  static constexpr Duration nanoseconds(std::int64_t v) { return {v}; }
  static constexpr Duration microseconds(std::int64_t v) { return {v * 1'000}; }
  static constexpr Duration milliseconds(std::int64_t v) { return {v * 1'000'000}; }
  static constexpr Duration seconds(std::int64_t v) { return {v * 1'000'000'000}; }
  static constexpr Duration zero() { return {0}; }
  // Far enough to mean "never" yet safe to add to any simulated instant without overflow.
  static constexpr Duration infinite() { return {std::numeric_limits<std::int64_t>::max() / 4}; }

  constexpr double seconds_f() const { return static_cast<double>(ns) * 1e-9; }
  constexpr bool is_zero() const { return ns == 0; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return {ns + o.ns}; }
  constexpr Duration operator-(Duration o) const { return {ns - o.ns}; }
  constexpr Duration& operator+=(Duration o) {
    ns += o.ns;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ns -= o.ns;
    return *this;
  }
};

// Rounds a non-negative amount of seconds to the nearest nanosecond, saturating at Duration::infinite().
Duration duration_from_seconds(double seconds);

struct Instant {
  std::int64_t ns = 0;

  static constexpr Instant zero() { return {0}; }
  static constexpr Instant never() { return zero() + Duration::infinite(); }
  constexpr double seconds_f() const { return static_cast<double>(ns) * 1e-9; }

  constexpr auto operator<=>(const Instant&) const = default;
  constexpr Instant operator+(Duration d) const { return {ns + d.ns}; }
  constexpr Instant operator-(Duration d) const { return {ns - d.ns}; }
  constexpr Duration operator-(Instant o) const { return {ns - o.ns}; }
  constexpr Instant& operator+=(Duration d) {
    ns += d.ns;
    return *this;
  }
};

// Parses "250us", "5ms", "1.5s", "2m", "1h" (units us|ms|s|m|h, also "ns"). The number is a plain decimal:
// no sign, no exponent, no spaces. Returns nullopt and fills `error` with what was expected on bad input.
std::optional<Duration> parse_duration(std::string_view text, std::string* error = nullptr);

// An exact spelling of a duration in the scenario syntax, in the largest of s, ms, us, ns that keeps it short
// ("1.5s", "250us", "0s"). For a non-negative duration parse_duration reads it back to the same value.
std::string format_duration(Duration d);

}  // namespace chaossim
