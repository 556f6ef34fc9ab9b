#include "html/metric_info.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chaossim {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_fraction(const std::string& m) { return m == "success_rate" || ends_with(m, ".utilization"); }
bool is_seconds(const std::string& m) {
  return starts_with(m, "latency.") || m == "recovery_seconds" || m == "breaker.open_seconds";
}
bool is_ratio(const std::string& m) { return m == "amplification" || ends_with(m, ".amplification"); }

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
  if (m == "success_rate" || m == "ops_succeeded" || m == "recovered") return Better::higher;
  if (m == "ops_failed" || m == "duplicates" || m == "inconsistent" || m == "timeouts" || m == "retries" ||
      m == "amplification" || m == "recovery_seconds" || starts_with(m, "latency.") ||
      (starts_with(m, "effects.") && (ends_with(m, ".duplicates") || ends_with(m, ".ops_duplicated"))) ||
      (starts_with(m, "services.") && (ends_with(m, ".wasted") || ends_with(m, ".shed"))) ||
      (starts_with(m, "edges.") && ends_with(m, ".amplification")))
    return Better::lower;
  // Load, rejections, denials, utilisation and open breakers are how a strategy works, not how well.
  return Better::neutral;
}

std::string format_metric(const std::string& m, double v) {
  if (!std::isfinite(v)) return "–";
  if (is_fraction(m)) return printf_number("%.4g", v * 100.0) + " %";
  if (is_seconds(m)) return seconds_text(v);
  if (is_ratio(m)) return printf_number("%.4g", v) + "×";
  if (m == "recovered") return v >= 1 ? "yes" : v <= 0 ? "no" : printf_number("%.0f %% of runs", v * 100);
  return plain_number(v);
}

std::string format_metric_ci(const std::string& m, double h) {
  if (!std::isfinite(h)) return "";
  if (is_fraction(m)) return "± " + printf_number("%.2g", h * 100.0) + " %";
  if (is_seconds(m)) return "± " + seconds_text(h);
  if (is_ratio(m)) return "± " + printf_number("%.2g", h);
  return "± " + (std::fabs(h) >= 100 ? plain_number(std::round(h)) : printf_number("%.3g", h));
}

std::vector<std::string> key_metrics(const std::vector<std::string>& available) {
  static const char* const kHeadline[] = {
      "ops",           "success_rate", "amplification",   "duplicates",  "inconsistent",
      "timeouts",      "latency.p50",  "latency.p99",     "latency.max", "breaker.rejections",
      "budget.denied", "recovered",    "recovery_seconds"};
  std::vector<std::string> out;
  const auto has = [&](const std::string& n) {
    return std::find(available.begin(), available.end(), n) != available.end();
  };
  for (const char* h : kHeadline) {
    if (has(h)) out.push_back(h);
    // Per-effect duplicates right after the total, per-service utilisation at the end.
    if (std::string(h) == "duplicates")
      for (const std::string& a : available)
        if (starts_with(a, "effects.") && ends_with(a, ".duplicates")) out.push_back(a);
  }
  for (const std::string& a : available)
    if (starts_with(a, "services.") && ends_with(a, ".utilization")) out.push_back(a);
  return out;
}

std::string metric_hint(const std::string& m) {
  if (m == "ops") return "logical operations started";
  if (m == "success_rate") return "operations that succeeded";
  if (m == "amplification") return "client attempts per operation";
  if (m == "duplicates") return "side effects executed more than once";
  if (starts_with(m, "effects.") && ends_with(m, ".duplicates")) return "extra executions of this effect";
  if (m == "inconsistent") return "failed for the user, yet had an effect";
  if (m == "timeouts") return "attempts that timed out";
  if (m == "latency.p50") return "median, successful operations";
  if (m == "latency.p99") return "99th percentile, successful operations";
  if (m == "latency.max") return "slowest successful operation";
  if (m == "breaker.rejections") return "calls refused by an open breaker";
  if (m == "budget.denied") return "retries refused by the retry budget";
  if (m == "recovered") return "goodput back to 90 % after the last fault";
  if (m == "recovery_seconds") return "time to recover after the last fault";
  if (starts_with(m, "services.") && ends_with(m, ".utilization")) return "share of workers busy";
  return "";
}

}  // namespace chaossim
