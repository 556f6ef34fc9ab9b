#include "html/metric_info.h"

#include <charconv>
#include <cmath>

namespace chaossim {

namespace {

// Unregistered names are counted things as far as formatting goes: a plain number, no unit.
MetricUnit unit_of(const std::string& m) {
  const MetricInfo* info = find_metric(m);
  return info ? info->unit : MetricUnit::count;
}

// Numbers are written with std::to_chars, which ignores the locale: printf follows LC_NUMERIC, and the charts
// build's Qt sets the locale from the environment, which made "99,9 %" under de_DE.
// `general(v, 4)` is printf's "%.4g", `fixed(v, 1)` its "%.1f".
std::string number_text(double v, std::chars_format format, int precision) {
  char buf[400];  // "%.0f" of the largest double has 309 digits
  const auto res = std::to_chars(buf, buf + sizeof buf, v, format, precision);
  return res.ec == std::errc() ? std::string(buf, res.ptr) : std::string("–");
}
std::string general(double v, int significant) { return number_text(v, std::chars_format::general, significant); }
std::string fixed(double v, int decimals) { return number_text(v, std::chars_format::fixed, decimals); }

// Integers (and means of 1000 or more, rounded) with narrow-space thousands groups; means of 100 or more with one
// decimal; other values with 4 significant digits. Never an exponent below 10^15.
std::string plain_number(double v) {
  if (!std::isfinite(v)) return "–";
  if (std::fabs(v) >= 100 && std::fabs(v) < 1000 && v != std::floor(v)) return fixed(v, 1);
  if ((v == std::floor(v) || std::fabs(v) >= 1000) && std::fabs(v) < 1e15) {
    std::string digits = fixed(std::fabs(v), 0);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202f";
      out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
  }
  return general(v, 4);
}

std::string seconds_text(double s) {
  if (s == 0) return "0 s";
  if (std::fabs(s) < 1.0) return general(s * 1000.0, 4) + " ms";
  return general(s, 4) + " s";
}

}  // namespace

Better better_direction(const std::string& m) {
  const MetricInfo* info = find_metric(m);
  return info ? info->better : Better::neither;
}

std::string format_metric(const std::string& m, double v) {
  if (std::isnan(v)) return "n/a";  // undefined: a rate of nothing, a percentile of no operation, no fault to end
  if (!std::isfinite(v)) return "–";
  switch (unit_of(m)) {
    case MetricUnit::fraction: return general(v * 100.0, 4) + " %";
    case MetricUnit::seconds: return seconds_text(v);
    case MetricUnit::multiplier: return general(v, 4) + "×";
    case MetricUnit::boolean: return v >= 1 ? "yes" : v <= 0 ? "no" : fixed(v * 100, 0) + " % of runs";
    case MetricUnit::count: break;
  }
  return plain_number(v);
}

std::string format_metric_ci(const std::string& m, double h) {
  if (!std::isfinite(h)) return "";
  switch (unit_of(m)) {
    case MetricUnit::fraction: return "± " + general(h * 100.0, 2) + " %";
    case MetricUnit::seconds: return "± " + seconds_text(h);
    case MetricUnit::multiplier: return "± " + general(h, 2);
    case MetricUnit::boolean:
    case MetricUnit::count: break;
  }
  return "± " + (std::fabs(h) >= 100 ? plain_number(std::round(h)) : general(h, 3));
}

std::vector<std::string> key_metrics(const std::vector<std::string>& available) {
  std::vector<std::string> out;
  for (const std::string& a : available)
    if (const MetricInfo* info = find_metric(a); info && info->headline()) out.push_back(a);
  return out;
}

std::vector<std::string> sweep_metrics(const std::vector<std::string>& available) {
  std::vector<std::string> out;
  for (const std::string& a : available)
    if (const MetricInfo* info = find_metric(a); info && info->prominence == Prominence::sweep) out.push_back(a);
  return out;
}

std::string metric_hint(const std::string& m) {
  const MetricInfo* info = find_metric(m);
  return info && info->headline() ? std::string(info->description) : std::string();
}

}  // namespace chaossim
