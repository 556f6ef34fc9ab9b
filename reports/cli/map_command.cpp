#include "cli/map_command.h"

#include <charconv>  // from_chars: LO and HI read exactly or refused
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/batch.h"
#include "cli/expect_option.h"
#include "cli/sweep.h"  // split_values
#include "core/printable.h"
#include "metrics/metric_registry.h"
#include "scenario/format.h"  // did_you_mean
#include "scenario/limits.h"

namespace chaossim {

namespace {

// "12.5s" -> (12.5, "s"); nothing when it does not start with a number.
std::optional<std::pair<double, std::string>> number_and_unit(const std::string& text) {
  double v = 0;
  const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || !std::isfinite(v)) return std::nullopt;
  return std::pair(v, std::string(stop, text.data() + text.size()));
}

}  // namespace

std::variant<std::vector<std::string>, std::string> evenly_spaced(const std::string& range) {
  const auto first = range.find(':'), second = range.find(':', first == std::string::npos ? 0 : first + 1);
  if (first == std::string::npos || second == std::string::npos || range.find(':', second + 1) != std::string::npos)
    return std::string("expected LO:HI:N, e.g. 100:250:16 or 2s:30s:15");
  const auto lo = number_and_unit(range.substr(0, first)),
             hi = number_and_unit(range.substr(first + 1, second - first - 1));
  if (!lo || !hi) return std::string("LO and HI must be numbers, with the same unit if any (2s:30s:15)");
  if (lo->second != hi->second)
    return "LO and HI have different units (\"" + lo->second + "\" and \"" + hi->second + "\"); write both the same";
  const std::string count_text = range.substr(second + 1);
  int n = 0;
  const auto [stop, error] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), n);
  if (error != std::errc() || stop != count_text.data() + count_text.size() || n < 2 || n > limits::kMaxSweepValues)
    return "N must be a whole number from 2 to " + std::to_string(limits::kMaxSweepValues);
  if (!(hi->first > lo->first)) return std::string("HI must be above LO");
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    // The last value is HI exactly; the others at equal steps, written with 12 significant digits so that 0.1 + 0.2
    // reads 0.3.
    const double v = i == n - 1 ? hi->first : lo->first + (hi->first - lo->first) * i / (n - 1);
    char text[40];
    std::snprintf(text, sizeof text, "%.12g", v);
    out.push_back(text + lo->second);
  }
  return out;
}

std::optional<SweepAxis> parse_map_axis(const std::string& option, const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    std::cerr << option << " " << printable(text)
              << ": expected PATH=LO:HI:N or PATH=V1,V2,..., e.g. clients.arrival.rate=100:250:16\n";
    return std::nullopt;
  }
  SweepAxis axis{text.substr(0, eq), {}};
  const std::string values = text.substr(eq + 1);
  std::vector<std::string> texts;
  if (values.find(':') != std::string::npos && values.find(',') == std::string::npos) {
    auto spaced = evenly_spaced(values);
    if (auto* why = std::get_if<std::string>(&spaced)) {
      std::cerr << option << " " << printable(text + ": " + *why) << '\n';
      return std::nullopt;
    }
    texts = std::get<std::vector<std::string>>(spaced);
  } else {
    texts = split_values(values);
  }
  if (texts.size() < 2 || texts.size() > static_cast<std::size_t>(limits::kMaxSweepValues)) {
    std::cerr << option << " " << printable(text) << ": a map axis needs 2 to " << limits::kMaxSweepValues
              << " values\n";
    return std::nullopt;
  }
  for (const std::string& t : texts) {
    auto v = parse_override_value(axis.path, t);
    if (auto* err = std::get_if<std::string>(&v)) {
      std::cerr << option << " " << printable(axis.path + "=" + t + ": " + *err) << '\n';
      return std::nullopt;
    }
    axis.values.push_back(std::get<nlohmann::json>(v));
  }
  return axis;
}

std::optional<Expectation> parse_boundary(const ScenarioDocument& document, const std::vector<Override>& first_point,
                                          const std::string& text) {
  auto item = parse_expect_argument(text);
  if (auto* why = std::get_if<std::string>(&item)) {
    std::cerr << "--boundary " << printable(text + ": " + *why) << '\n';
    return std::nullopt;
  }
  // The loader reads it as the only expectation of the first cell: metric names, units and phases are checked as
  // in a file, and errors name the argument.
  std::vector<Override> overrides = first_point;
  overrides.emplace_back("expect", nlohmann::json::array({std::get<nlohmann::json>(item)}));
  LoadResult built = build_scenario(document, overrides);
  name_expect_arguments(built.errors, 0, {text});
  for (LoadError& e : built.errors)
    if (e.path.rfind("--expect", 0) == 0) e.path.replace(0, 8, "--boundary");
  if (!built.ok()) {
    print_errors(built.errors);
    return std::nullopt;
  }
  return built.scenario->expect.front();
}

std::optional<std::vector<std::string>> map_metrics(const MapOptions& options, const Expectation& boundary,
                                                    const Scenario& first_point) {
  std::vector<std::string> out = options.metrics;
  // The boundary's own map already shows where `recovered` is 1; a threshold on another metric (success_rate >= 0.9)
  // is worth seeing as the values too.
  if (out.empty()) out = {boundary.metric, "recovery_seconds", "amplification"};
  if (options.metrics.empty() && boundary.metric == "recovered") out.erase(out.begin());
  std::vector<std::string> unique;
  for (const std::string& m : out)
    if (std::find(unique.begin(), unique.end(), m) == unique.end()) unique.push_back(m);
  if (unique.size() > kMaxMapMetrics) {
    std::cerr << "--metric: at most " << kMaxMapMetrics << " metrics are drawn\n";
    return std::nullopt;
  }
  const MetricSubjects subjects = metric_subjects(first_point);
  bool ok = true;
  for (const std::string& m : unique)
    if (!find_metric(m, subjects)) {
      std::cerr << printable("--metric " + m + ": no such metric" + format::did_you_mean(m, metric_names(subjects)))
                << '\n';
      ok = false;
    }
  if (!ok) return std::nullopt;
  return unique;
}

std::string map_summary(const MapGrid& g) {
  const std::size_t run = g.cells_run(), all = g.cells.size();
  char share[16];
  std::snprintf(share, sizeof share, "%.1f", 100.0 * static_cast<double>(run) / static_cast<double>(all));
  std::string out = "map: " + std::to_string(run) + " of " + std::to_string(all) + " cells run (" + share +
                    "% of the full grid), the others inferred from the bisection of each row\n";
  // The map in letters, rows top to bottom as the report draws them (the last --y value on top).
  if (g.column_count() <= 100 && g.row_count() <= 40) {
    out += "  " + printable(g.boundary) + ": # holds, x fails (run); + holds, . fails (inferred); ? not finished\n";
    for (std::size_t r = g.row_count(); r-- > 0;) {
      std::string line = "  ";
      for (std::size_t c = 0; c < g.column_count(); ++c) {
        const MapGrid::Cell cell = g.cells[r * g.column_count() + c];
        line += cell == MapGrid::Cell::missing ? '?'
                : MapGrid::ran(cell)           ? (MapGrid::holds(cell) ? '#' : 'x')
                                               : (MapGrid::holds(cell) ? '+' : '.');
      }
      out += line + "  " + printable(g.rows.label(r)) + "\n";
    }
  }
  return out;
}

}  // namespace chaossim
