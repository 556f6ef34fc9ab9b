#pragma once
// Every metric of the results contract, declared once: its name (or a pattern such as
// `services.<service>.utilization`), unit, which direction is better, the phases it exists in, whether reports
// show it first, and a one-line description. summary.cpp computes the metrics; the loader checks `expect` names
// against this list; the terminal table, summary.md, the HTML report, sweep.csv and the dashboard read their
// units, directions and headline choices from it. Tests check that summary.cpp emits exactly what is declared
// here and that docs/scenario-format.md (section 9) lists every entry.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/metric_unit.h"
#include "model/config.h"
#include "model/recorder.h"  // Phase and PhaseMask

namespace chaossim {

enum class MetricKind : std::uint8_t { count, ratio, duration, boolean };
enum class Better : std::uint8_t { higher, lower, neither };

// What a pattern's placeholder stands for; `run` is a metric with a fixed name.
enum class MetricScope : std::uint8_t { run, effect, service, edge, criticality, instance };

// How prominently reports show a metric. Headline metrics make the key-metrics tables (terminal, summary.md,
// HTML report, dashboard) and, when their name is fixed, the columns of sweep.csv; the sweep metrics, a few of
// the headline ones, are what a sweep compares point by point in its narrow tables and trend charts.
enum class Prominence : std::uint8_t { detail, headline, sweep };

inline constexpr PhaseMask kEveryPhase = (1u << kPhases) - 1;
inline constexpr PhaseMask kOverallOnly = 1u << kOverall;

struct MetricInfo {
  std::string_view name;  // "ops", or a pattern with one placeholder: "effects.<effect>.duplicates"
  MetricScope scope;
  MetricUnit unit;
  Better better;
  PhaseMask phases;
  Prominence prominence;
  std::string_view description;  // one line, lower case, no final period: shown beside the name in reports

  MetricKind kind() const;
  bool headline() const { return prominence != Prominence::detail; }
  bool in_phase(Phase p) const { return (phases >> p) & 1u; }
  // The fixed part of a pattern's name around its placeholder: "effects." and ".duplicates".
  std::string_view prefix() const;
  std::string_view suffix() const;
};

// Every metric, in the order of the results contract (the order of summary.json).
std::span<const MetricInfo> metric_registry();

// The names a scenario gives to the placeholders: its effects, services and edges, in the scenario's order.
struct MetricSubjects {
  std::vector<std::string> effects, services, edges;
  std::vector<std::string> criticalities = {};  // the classes of the clients' criticality mix that have a share
  std::vector<std::string> instances = {};      // "api#1", ...: the instances of services with several
};
MetricSubjects metric_subjects(const Scenario& s);

// The declaration a concrete name belongs to, its placeholder matched against the scenario's names; nullptr when
// the scenario has no such metric.
const MetricInfo* find_metric(std::string_view name, const MetricSubjects& subjects);
// The same without a scenario (reports read summary.json files): a placeholder matches any name, which cannot
// hold a dot.
const MetricInfo* find_metric(std::string_view name);

// Every concrete metric name of a scenario in a phase, in the order summary.json lists them: per effect, service
// or edge, that entity's metrics stay together.
std::vector<std::string> metric_names(const MetricSubjects& subjects, Phase phase = kOverall);

// "count", "fraction", "multiplier (×)", "seconds", "1 or 0": the unit as the format reference names it.
std::string_view unit_name(MetricUnit unit);
// A short label for a unit column of a plain-text table: "", "0..1", "×", "s", "1=yes".
std::string_view unit_label(MetricUnit unit);
// What follows a plain number in running text: "×" after a multiplier, " s" after seconds, else nothing.
std::string_view unit_suffix(MetricUnit unit);

}  // namespace chaossim
