#include "core/time.h"

#include <cmath>

namespace chaossim {

Duration duration_from_seconds(double seconds) {
  if (!(seconds > 0.0)) return Duration::zero();  // also maps NaN to zero
  const double ns = std::nearbyint(seconds * 1e9);
  if (ns >= static_cast<double>(Duration::infinite().ns)) return Duration::infinite();
  return Duration{static_cast<std::int64_t>(ns)};
}

namespace {

struct Unit {
  std::string_view name;
  std::int64_t ns;
};
// Longest suffix first so that "ms" is not read as "m" followed by garbage.
constexpr Unit kUnits[] = {
    {"ns", 1}, {"us", 1'000}, {"ms", 1'000'000}, {"s", 1'000'000'000}, {"m", 60'000'000'000}, {"h", 3'600'000'000'000}};

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text, std::string* error) {
  const std::string expected = "a duration such as \"250us\", \"5ms\", \"1.5s\", \"2m\" or \"1h\"";
  std::size_t digits_end = 0;
  while (digits_end < text.size() && ((text[digits_end] >= '0' && text[digits_end] <= '9') || text[digits_end] == '.'))
    ++digits_end;
  const std::string_view number = text.substr(0, digits_end);
  const std::string_view suffix = text.substr(digits_end);
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits)
    if (suffix == u.name) unit = &u;
  if (number.empty() || !unit) {
    fail(error, "expected " + expected);
    return std::nullopt;
  }

  // Exact decimal arithmetic: the integer part times the unit, plus the fraction as digits / 10^len times the unit
  // rounded to the nearest nanosecond, so "0.1s" is exactly 100000000ns and "0.00000000001m" rounds 0.6ns to 1ns.
  const std::size_t dot = number.find('.');
  const std::string_view int_part = number.substr(0, dot);
  const std::string_view frac_part = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  if (int_part.empty() || frac_part.find('.') != std::string_view::npos ||
      (dot != std::string_view::npos && frac_part.empty())) {
    fail(error, "expected " + expected);
    return std::nullopt;
  }
  constexpr std::int64_t kMax = Duration::infinite().ns;
  std::int64_t whole = 0;
  for (char c : int_part) {
    const std::int64_t digit = c - '0';
    if (whole > (kMax - digit) / 10) {  // checked before multiplying: no signed overflow
      fail(error, "duration too large");
      return std::nullopt;
    }
    whole = whole * 10 + digit;
  }
  if (whole > kMax / unit->ns) {
    fail(error, "duration too large");
    return std::nullopt;
  }
  std::int64_t total = whole * unit->ns;
  // Eighteen fraction digits are more than any unit needs (an hour is 3.6e12ns); further digits only matter for
  // rounding exactly-half cases, which they cannot reach at this precision.
  __extension__ using Int128 = __int128;
  Int128 numerator = 0, denominator = 1;
  for (std::size_t i = 0; i < frac_part.size() && i < 18; ++i) {
    numerator = numerator * 10 + (frac_part[i] - '0');
    denominator *= 10;
  }
  const Int128 scaled = numerator * unit->ns;
  total += static_cast<std::int64_t>((scaled + denominator / 2) / denominator);
  if (total > kMax) {
    fail(error, "duration too large");
    return std::nullopt;
  }
  return Duration{total};
}

std::string format_duration(Duration d) {
  if (d.ns == 0) return "0s";
  // Pick the largest unit that represents the value with at most 9 fraction digits, trimming trailing zeros.
  const std::int64_t ns = d.ns < 0 ? -d.ns : d.ns;
  const char* sign = d.ns < 0 ? "-" : "";
  struct U {
    const char* name;
    std::int64_t ns;
  };
  constexpr U units[] = {{"s", 1'000'000'000}, {"ms", 1'000'000}, {"us", 1'000}, {"ns", 1}};
  for (const U& u : units) {
    if (ns >= u.ns || u.ns == 1) {
      std::string out = sign + std::to_string(ns / u.ns);
      std::int64_t frac = ns % u.ns;
      if (frac != 0) {
        std::string digits = std::to_string(frac);
        std::int64_t width = 0;
        for (std::int64_t s = u.ns; s > 1; s /= 10) ++width;
        digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        out += "." + digits;
      }
      return out + u.name;
    }
  }
  return "0s";
}

}  // namespace chaossim
