#include "result_values.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "metrics/metric_registry.h"

namespace chaossim {

namespace {

// Doubles represent every integer up to 2^53 exactly; beyond it a "whole" double is an approximation.
constexpr double kExactIntegers = 9007199254740992.0;

bool whole(double v) { return std::fabs(v) < kExactIntegers && v == std::floor(v); }

bool is_boolean(std::string_view metric) {
  const MetricInfo* info = find_metric(metric);
  return info && info->unit == MetricUnit::boolean;
}

}  // namespace

std::string format_number(double v) {
  if (!std::isfinite(v)) return "0";
  if (v == 0) return "0";  // also folds -0
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

nlohmann::ordered_json number_json(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (whole(v)) return static_cast<std::int64_t>(v);
  return v;
}

nlohmann::ordered_json metric_json(std::string_view metric, double v, std::size_t replications) {
  if (replications <= 1 && is_boolean(metric) && (v == 0 || v == 1)) return v == 1;
  return number_json(v);
}

std::string number_cell(double v) { return std::isfinite(v) ? format_number(v) : std::string(); }

std::string boolean_cell(bool v) { return v ? "true" : "false"; }

std::string metric_cell(std::string_view metric, double v, std::size_t replications) {
  if (replications <= 1 && is_boolean(metric) && (v == 0 || v == 1)) return boolean_cell(v == 1);
  return number_cell(v);
}

}  // namespace chaossim
