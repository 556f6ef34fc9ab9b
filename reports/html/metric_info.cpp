#include "html/metric_info.h"

#include <cmath>
#include <cstdio>

namespace chaossim {

namespace {

// Unregistered names are counted things as far as formatting goes: a plain number, no unit.
MetricUnit unit_of(const std::string& m) {
  const MetricInfo* info = find_metric(m);
  return info ? info->unit : MetricUnit::count;
}

std::string printf_number(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Integers (and means of 1000 or more, rounded) with narrow-space thousands groups; means of 100 or more with one
// decimal; other values with 4 significant digits. Never an exponent below 10^15.
std::string plain_number(double v) {
  if (!std::isfinite(v)) return "–";
  if (std::fabs(v) >= 100 && std::fabs(v) < 1000 && v != std::floor(v)) return printf_number("%.1f", v);
  if ((v == std::floor(v) || std::fabs(v) >= 1000) && std::fabs(v) < 1e15) {
    std::string digits = printf_number("%.0f", std::fabs(v));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202f";
      out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
  }
  return printf_number("%.4g", v);
}

std::string seconds_text(double s) {
  if (s == 0) return "0 s";
  if (std::fabs(s) < 1.0) return printf_number("%.4g", s * 1000.0) + " ms";
  return printf_number("%.4g", s) + " s";
}

}  // namespace

Better better_direction(const std::string& m) {
  const MetricInfo* info = find_metric(m);
  return info ? info->better : Better::neither;
}

std::string format_metric(const std::string& m, double v) {
  if (!std::isfinite(v)) return "–";
  switch (unit_of(m)) {
    case MetricUnit::fraction: return printf_number("%.4g", v * 100.0) + " %";
    case MetricUnit::seconds: return seconds_text(v);
    case MetricUnit::multiplier: return printf_number("%.4g", v) + "×";
    case MetricUnit::boolean: return v >= 1 ? "yes" : v <= 0 ? "no" : printf_number("%.0f %% of runs", v * 100);
    case MetricUnit::count: break;
  }
  return plain_number(v);
}

std::string format_metric_ci(const std::string& m, double h) {
  if (!std::isfinite(h)) return "";
  switch (unit_of(m)) {
    case MetricUnit::fraction: return "± " + printf_number("%.2g", h * 100.0) + " %";
    case MetricUnit::seconds: return "± " + seconds_text(h);
    case MetricUnit::multiplier: return "± " + printf_number("%.2g", h);
    case MetricUnit::boolean:
    case MetricUnit::count: break;
  }
  return "± " + (std::fabs(h) >= 100 ? plain_number(std::round(h)) : printf_number("%.3g", h));
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
