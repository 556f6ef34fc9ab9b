// The cost model's words: number formats, refusal messages, the summary `validate` prints, and the batch check.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "scenario/cost_internal.h"
#include "scenario/limits.h"

namespace chaossim::cost {

std::string format_input(double value) {
  if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 1e15)
    return std::to_string(static_cast<std::int64_t>(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

namespace {

// "%.*e" without the exponent's "+" and leading zeros: 1.0e9, 2.5e-3.
std::string scientific(double value, int decimals) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*e", decimals, value);
  std::string text = buffer;
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return text;
  return text.substr(0, e) + "e" + std::to_string(std::stoi(text.substr(e + 1)));
}

// A limit: "1e9", "2e9", "10000".
std::string format_limit(double value) {
  if (value < 1e5) return format_input(value);
  const bool round = std::stod(scientific(value, 0)) == value;
  return scientific(value, round ? 0 : 1);
}

// The value of a term over its limit, with enough digits not to read as the limit itself.
std::string format_over(const Term& t) {
  if (t.bytes) return format_bytes(t.value);
  std::string text = format_count(t.value);
  if (text.find('e') == std::string::npos) return text;
  for (int decimals = 2; decimals <= 9; ++decimals) {
    if (std::stod(scientific(t.value, decimals - 1)) > t.limit) break;
    text = scientific(t.value, decimals);
  }
  return text;
}

}  // namespace

std::string format_count(double value) {
  if (!std::isfinite(value)) return "infinitely many";
  // Whole numbers as whole numbers, even when they come out of floating-point arithmetic a hair off.
  if (std::fabs(value) < 1e6 && std::fabs(value - std::round(value)) <= 1e-9 * std::fabs(value))
    return std::to_string(static_cast<std::int64_t>(std::round(value)));
  if (std::fabs(value) >= 100 && std::fabs(value) < 1e6) return std::to_string(std::llround(value));
  if (std::fabs(value) < 100) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
    return buffer;
  }
  return scientific(value, 1);
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "unbounded memory";
  static constexpr const char* kUnits[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t unit = 0;
  while (bytes >= 999.5 && unit + 1 < std::size(kUnits)) bytes /= 1000, ++unit;
  if (unit + 1 == std::size(kUnits) && bytes >= 1000) return "more than 1000 EB";
  char buffer[32];
  if (unit == 0)
    std::snprintf(buffer, sizeof buffer, "%.0f bytes", bytes);
  else
    std::snprintf(buffer, sizeof buffer, bytes < 9.95 ? "%.1f %s" : "%.0f %s", bytes, kUnits[unit]);
  std::string text = buffer;
  if (const std::size_t zero = text.find(".0 "); zero != std::string::npos) text.erase(zero, 2);  // "2 GB"
  return text;
}

std::string refusal_message(const Term& t, const std::string& scope) {
  const std::string limit = t.bytes ? format_bytes(t.limit) : format_limit(t.limit);
  std::string noun = t.noun;
  if (t.bytes) noun = noun.substr(noun.find("of ") + 3);  // "about 4.1 GB of memory"
  const std::string amount = std::isfinite(t.value) ? "about " + format_over(t) + (t.bytes ? " of " : " ")
                                                    : std::string(t.bytes ? "unbounded " : "unboundedly many ");
  return amount + noun + ": " + t.explanation + "; at most " + limit + (t.bytes ? "" : " " + t.noun) + " allowed " +
         scope + ", so " + t.advice;
}

std::string summary(const Estimate& e) {
  return "about " + format_count(e.operations.value) + " operations, " + format_count(e.requests.value) +
         " requests at most, " + format_bytes(e.memory.value) + " of memory, " + format_bytes(e.output.value) +
         " of output";
}

std::optional<std::string> check_batch_cost(const std::vector<const Scenario*>& scenarios, std::size_t replications,
                                            unsigned jobs) {
  if (scenarios.empty() || replications == 0) return std::nullopt;
  const double reps = static_cast<double>(replications);
  const double runs = static_cast<double>(scenarios.size()) * reps;
  const unsigned threads = jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
  const double concurrent = std::min(runs, static_cast<double>(threads));

  double operations = 0, requests = 0, output = 0, run_memory = 0, retained = 0, concurrent_series = 0;
  for (const Scenario* s : scenarios) {
    const Estimate e = estimate_run(*s);
    if (const auto over = refusals(e); !over.empty()) return s->name + ": " + refusal_message(*over.front());
    operations += e.operations.value * reps;
    requests += e.requests.value * reps;
    output += e.output.value;
    run_memory = std::max(run_memory, e.memory.value);
    // Each finished replication keeps copies of its series until the batch ends (cost_internal.h).
    retained += e.series_bytes * kSeriesCopiesPerFinishedRun * reps;
    concurrent_series = std::max(concurrent_series, e.series_bytes);
  }
  const std::string shape = std::to_string(scenarios.size()) +
                            (scenarios.size() == 1 ? " configuration × " : " configurations × ") +
                            std::to_string(replications) + (replications == 1 ? " replication" : " replications");
  const std::string advice = "run fewer configurations or replications";
  // Work adds up over the runs of the batch.
  const auto work = [&](const char* noun, double total, double limit) {
    return Term{noun,
                total,
                limit * limits::kMaxBatchWorkFactor,
                false,
                shape + " of up to " + format_count(total / runs) + " " + noun + " each",
                {},
                advice};
  };
  Term t = work("operations", operations, limits::kMaxExpectedOperations);
  if (t.over()) return refusal_message(t, "per batch");
  t = work("requests", requests, limits::kMaxRequests);
  if (t.over()) return refusal_message(t, "per batch");
  // The runs in progress are counted at their peak, so their own retained copies are not counted twice.
  retained = std::max(0.0, retained - concurrent * concurrent_series * kSeriesCopiesPerFinishedRun);
  t = {"bytes of memory",
       concurrent * run_memory + retained,
       limits::kMaxMemoryBytes,
       true,
       format_count(concurrent) + " runs at once of up to " + format_bytes(run_memory) +
           " each, and the time series of " + shape + " kept until the batch is written",
       {},
       "run fewer configurations, replications or jobs at once (--jobs), or use a larger bucket"};
  if (t.over()) return refusal_message(t, "per batch");
  t = {"bytes of output",
       output,
       limits::kMaxOutputBytes,
       true,
       std::to_string(scenarios.size()) + " configurations of up to " +
           format_bytes(output / static_cast<double>(scenarios.size())) + " each",
       {},
       "run fewer configurations or use a larger bucket"};
  if (t.over()) return refusal_message(t, "per batch");
  return std::nullopt;
}

}  // namespace chaossim::cost
