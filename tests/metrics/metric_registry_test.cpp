// sim/metrics/metric_registry.h: the registry is the one list of metrics, so these tests hold the other places to
// it: what summary.cpp emits for every bundled lesson, what the loader accepts in `expect`, and what the format
// reference (docs/scenario-format.md, section 9) tells users, down to the unit of each metric and the time-series
// columns of model/series_columns.h.
#include "metrics/metric_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "metrics/summary.h"
#include "model/engine.h"
#include "model/series_columns.h"
#include "scenario/loader.h"
#include "support/files.h"
#include "support/lessons.h"
#include "support/run.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::lesson_files;

// ---- the registry alone ---------------------------------------------------------------------------------------

MetricSubjects subjects() {
  return {{"charge", "email"}, {"api", "payments"}, {"clients->api", "api->payments"}, {"critical", "sheddable"}};
}

TEST(metric_registry, every_name_is_declared_once) {
  std::set<std::string_view> seen;
  for (const MetricInfo& m : metric_registry()) EXPECT_TRUE(seen.insert(m.name).second) << m.name;
}

TEST(metric_registry, a_pattern_has_one_placeholder_and_a_fixed_name_none) {
  for (const MetricInfo& m : metric_registry()) {
    const auto placeholders = std::count(m.name.begin(), m.name.end(), '<');
    EXPECT_EQ(placeholders, m.scope == MetricScope::run ? 0 : 1) << m.name;
    EXPECT_FALSE(m.description.empty()) << m.name;
    EXPECT_NE(m.phases & kEveryPhase, 0) << m.name << " exists in no phase";
    EXPECT_TRUE(m.in_phase(kOverall)) << m.name << ": summary.json's `metrics` are phase overall";
  }
}

TEST(find_metric, matches_a_pattern_only_with_the_scenario_s_names) {
  const MetricSubjects s = subjects();
  const MetricInfo* charge = find_metric("effects.charge.duplicates", s);
  ASSERT_NE(charge, nullptr);
  EXPECT_EQ(charge->name, "effects.<effect>.duplicates");
  EXPECT_EQ(find_metric("effects.refund.duplicates", s), nullptr);
  ASSERT_NE(find_metric("edges.api->payments.amplification", s), nullptr);
  EXPECT_EQ(find_metric("edges.api->payments.amplification", s)->unit, MetricUnit::multiplier);
  EXPECT_EQ(find_metric("edges.payments->api.amplification", s), nullptr);
  EXPECT_EQ(find_metric("services.api.utilization", s)->unit, MetricUnit::fraction);
  EXPECT_EQ(find_metric("services..utilization", s), nullptr);
  EXPECT_EQ(find_metric("success_rate", s)->better, Better::higher);
}

TEST(find_metric, without_a_scenario_a_placeholder_is_any_name_without_a_dot) {
  ASSERT_NE(find_metric("effects.anything.ops_duplicated"), nullptr);
  EXPECT_EQ(find_metric("effects.anything.ops_duplicated")->name, "effects.<effect>.ops_duplicated");
  EXPECT_EQ(find_metric("effects.a.b.duplicates"), nullptr);
  EXPECT_EQ(find_metric("effects..duplicates"), nullptr);
  EXPECT_EQ(find_metric("latency.p75"), nullptr);
  EXPECT_EQ(find_metric("recovery_seconds")->unit, MetricUnit::seconds);
}

TEST(metric_names, expand_each_entity_s_metrics_together_and_leave_out_other_phases) {
  const std::vector<std::string> overall = metric_names(subjects(), kOverall);
  const auto at = [&](const std::string& n) { return std::find(overall.begin(), overall.end(), n) - overall.begin(); };
  EXPECT_EQ(at("effects.charge.ops_duplicated") + 1, at("effects.email.executed"));
  EXPECT_EQ(at("services.api.limited") + 1, at("services.payments.requests")) << "a service's metrics stay together";
  EXPECT_LT(at("edges.api->payments.amplification"), static_cast<long>(overall.size()));
  EXPECT_EQ(at("criticality.critical.success_rate") + 1, at("criticality.sheddable.ops"));
  EXPECT_EQ(overall.back(), "recovery_seconds");

  const std::vector<std::string> during = metric_names(subjects(), kDuring);
  EXPECT_EQ(during.size() + 2, overall.size());
  EXPECT_EQ(std::count(during.begin(), during.end(), "recovered"), 0);
}

// ---- what runs emit ---------------------------------------------------------------------------------------------

struct LessonRun {
  std::string lesson;
  Scenario scenario;
  RunResult result;
};

// The baseline of every bundled lesson, run once at its own seed and shared by the tests below.
const std::vector<LessonRun>& lesson_runs() {
  static const std::vector<LessonRun> runs = [] {
    std::vector<LessonRun> out;
    for (const fs::path& file : lesson_files()) {
      const LoadResult loaded = load_scenario_file(file);
      if (!loaded.ok()) {
        ADD_FAILURE() << file << " does not load";
        continue;
      }
      out.push_back({file.stem().string(), *loaded.scenario, testing::run(*loaded.scenario, loaded.scenario->seed)});
    }
    return out;
  }();
  return runs;
}

std::vector<std::string> names_of(const MetricSet& m) {
  std::vector<std::string> out;
  for (const auto& [name, value] : m.values) out.push_back(name);
  return out;
}

TEST(metric_registry, every_lesson_run_emits_exactly_the_registered_metrics_in_their_order) {
  ASSERT_GE(lesson_runs().size(), 10u);
  const char* const kPhaseNames[] = {"overall", "before", "during", "after"};
  for (const LessonRun& run : lesson_runs()) {
    const MetricSubjects subjects = metric_subjects(run.scenario);
    for (int p = 0; p < kPhases; ++p) {
      const std::vector<std::string> emitted = names_of(run.result.phases[p]);
      for (const std::string& name : emitted)
        EXPECT_NE(find_metric(name, subjects), nullptr) << run.lesson << ": summary.cpp emits unregistered " << name;
      EXPECT_EQ(emitted, metric_names(subjects, static_cast<Phase>(p))) << run.lesson << ", phase " << kPhaseNames[p];
    }
  }
}

// No declaration is dead: each one is emitted by a lesson in every phase it declares (none is conditional on
// anything but the scenario having an effect, a service or an edge, which every lesson has).
TEST(metric_registry, every_registered_metric_is_emitted_by_some_lesson_run) {
  std::map<std::string_view, PhaseMask> seen;
  for (const LessonRun& run : lesson_runs()) {
    const MetricSubjects subjects = metric_subjects(run.scenario);
    for (int p = 0; p < kPhases; ++p)
      for (const auto& [name, value] : run.result.phases[p].values)
        if (const MetricInfo* m = find_metric(name, subjects)) seen[m->name] |= static_cast<PhaseMask>(1u << p);
  }
  for (const MetricInfo& m : metric_registry()) EXPECT_EQ(seen[m.name], m.phases) << m.name;
}

// ---- what the loader accepts in `expect` ------------------------------------------------------------------------

// A small valid scenario with one fault and the given expectations (JSON objects).
std::string scenario_with(const std::string& expectations) {
  return R"({"schema_version":1,"name":"registry","duration":"60s",
    "services":{"api":{"workers":4,"handler":[{"work":"1ms"},{"effect":"charge"}]}},
    "clients":{"count":10,"target":"api","arrival":{"process":"constant","rate":10}},
    "faults":[{"id":"f","type":"error","target":"api","start":"10s","duration":"10s"}],
    "expect":[)" + expectations + "]}";
}

std::vector<LoadError> load_errors(const std::string& json) {
  auto doc = parse_scenario_document(json, "registry.json");
  if (auto* errors = std::get_if<std::vector<LoadError>>(&doc)) return *errors;
  return build_scenario(std::get<ScenarioDocument>(doc)).errors;
}

std::string joined(const std::vector<LoadError>& errors) {
  std::string out;
  for (const LoadError& e : errors) out += e.to_string() + "\n";
  return out;
}

TEST(expect, every_registered_metric_of_the_scenario_loads_in_phase_overall) {
  const Scenario s = testing::load(scenario_with(""));
  std::string all;
  for (const std::string& name : metric_names(metric_subjects(s)))
    all += std::string(all.empty() ? "" : ",") + R"({"metric":")" + name + R"(","op":">=","value":0})";
  EXPECT_EQ(joined(load_errors(scenario_with(all))), "");
}

TEST(expect, an_unknown_metric_is_a_load_error_with_a_suggestion) {
  const std::vector<LoadError> errors = load_errors(scenario_with(R"({"metric":"sucess_rate","op":">","value":0.9})"));
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0].path, "expect[0].metric");
  EXPECT_NE(errors[0].message.find("unknown metric \"sucess_rate\""), std::string::npos) << errors[0].message;
  EXPECT_NE(errors[0].message.find("did you mean \"success_rate\""), std::string::npos) << errors[0].message;
}

TEST(expect, a_pattern_with_a_name_the_scenario_lacks_suggests_the_scenario_s_own_name) {
  const std::vector<LoadError> errors =
      load_errors(scenario_with(R"({"metric":"effects.charges.duplicates","op":"==","value":0})"));
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_NE(errors[0].message.find("did you mean \"effects.charge.duplicates\""), std::string::npos)
      << errors[0].message;
}

TEST(expect, recovered_during_the_faults_is_a_load_error_naming_the_phase_it_exists_in) {
  const std::vector<LoadError> errors =
      load_errors(scenario_with(R"({"metric":"recovered","phase":"during","op":"==","value":1})"));
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0].path, "expect[0].phase");
  EXPECT_NE(errors[0].message.find("\"recovered\" exists in phase \"overall\" only"), std::string::npos)
      << errors[0].message;
}

TEST(expect, recovery_seconds_after_the_faults_is_a_load_error_and_overall_is_not) {
  EXPECT_EQ(load_errors(scenario_with(R"({"metric":"recovery_seconds","phase":"after","op":"<","value":5})")).size(),
            1u);
  EXPECT_EQ(joined(load_errors(scenario_with(R"({"metric":"recovery_seconds","op":"<","value":5})"))), "");
  const std::string utilization = R"({"metric":"services.api.utilization","phase":"during","op":"<","value":1})";
  EXPECT_EQ(joined(load_errors(scenario_with(utilization))), "");
}

TEST(expect, a_role_says_whether_it_checks_health_or_demonstrates_a_failure) {
  const Scenario s = testing::load(scenario_with(
      R"({"metric":"duplicates","op":">","value":3000,"role":"demonstrates"},{"metric":"ops","op":">","value":0})"));
  ASSERT_EQ(s.expect.size(), 2u);
  EXPECT_EQ(s.expect[0].role, Expectation::Role::demonstrates);
  EXPECT_EQ(s.expect[1].role, Expectation::Role::checks);  // the default
  const auto errors = load_errors(scenario_with(R"({"metric":"ops","op":">","value":0,"role":"demonstrate"})"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("demonstrates"), std::string::npos) << errors[0].message;
}

// ---- what the format reference says -----------------------------------------------------------------------------

// The text of docs/scenario-format.md from the heading that starts with `from` to the next heading of `level`.
std::string doc_section(const std::string& from, const std::string& level) {
  const std::string doc = testing::slurp(fs::path(CHAOSSIM_SOURCE_DIR) / "docs" / "scenario-format.md");
  const std::size_t start = doc.find("\n" + from);
  if (start == std::string::npos) return "";
  const std::size_t end = doc.find("\n" + level + " ", start + from.size());
  return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The unit column of the section's table row that names `name` in its first cell ("| `a`, `b` | unit | ... |").
std::string documented_unit(const std::string& section, const std::string& name) {
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| ", 0) != 0) continue;
    const std::size_t first_end = line.find(" | ", 2);
    if (first_end == std::string::npos) continue;
    const std::string first = line.substr(2, first_end - 2);
    if (first.find("`" + name + "`") == std::string::npos) continue;
    const std::size_t unit_end = line.find(" | ", first_end + 3);
    return line.substr(first_end + 3, unit_end - first_end - 3);
  }
  return "(no table row)";
}

TEST(format_reference, lists_every_registered_metric_with_its_unit) {
  const std::string metrics = doc_section("## 9. Metrics", "##");
  ASSERT_FALSE(metrics.empty());
  for (const MetricInfo& m : metric_registry())
    EXPECT_EQ(documented_unit(metrics, std::string(m.name)), unit_name(m.unit)) << m.name;
}

TEST(format_reference, lists_every_time_series_column_with_its_unit) {
  const std::string columns = doc_section("### 9.5 Time-series columns", "##");
  ASSERT_FALSE(columns.empty());
  for (std::size_t c = 0; c < series::kRunColumns; ++c)
    EXPECT_EQ(documented_unit(columns, std::string(series::kRunColumnNames[c])), unit_name(series::kRunColumnUnits[c]))
        << series::kRunColumnNames[c];
  // Per-entity columns appear with their placeholder: "`services.<service>.queue`".
  const auto check = [&](std::string_view group, std::string_view placeholder, const auto& names, const auto& units) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      const std::string name = series::group_prefix(group) + std::string(placeholder) + series::column_suffix(names[c]);
      EXPECT_EQ(documented_unit(columns, name), unit_name(units[c])) << name;
    }
  };
  check(series::kEffectGroup, "<effect>", series::kEffectColumnNames, series::kEffectColumnUnits);
  check(series::kServiceGroup, "<service>", series::kServiceColumnNames, series::kServiceColumnUnits);
  check(series::kEdgeGroup, "<edge>", series::kEdgeColumnNames, series::kEdgeColumnUnits);
}

TEST(series_columns, a_column_named_like_a_metric_has_its_unit) {
  // One name means one thing across summary.json, sweep.csv and timeseries.csv.
  std::size_t shared = 0;
  for (std::size_t c = 0; c < series::kRunColumns; ++c)
    if (const MetricInfo* m = find_metric(series::kRunColumnNames[c])) {
      EXPECT_EQ(m->unit, series::kRunColumnUnits[c]) << m->name;
      ++shared;
    }
  EXPECT_GE(shared, 10u);  // ops, attempts, retries, outcomes, timeouts, duplicates, latency, breaker, budget
  for (std::size_t c = 0; c < series::kEffectColumns; ++c) {
    if (const MetricInfo* m = find_metric("effects.e" + series::column_suffix(series::kEffectColumnNames[c]))) {
      EXPECT_EQ(m->unit, series::kEffectColumnUnits[c]) << m->name;
    }
  }
  for (std::size_t c = 0; c < series::kServiceColumns; ++c) {
    if (const MetricInfo* m = find_metric("services.s" + series::column_suffix(series::kServiceColumnNames[c]))) {
      EXPECT_EQ(m->unit, series::kServiceColumnUnits[c]) << m->name;
    }
  }
}

TEST(series_columns, the_recorder_lays_out_the_declared_names) {
  const Scenario s = testing::load(scenario_with(""));
  const SeriesLayout l = make_series_layout(s);
  EXPECT_EQ(l.names[series::kTime], "t_start_s");
  EXPECT_EQ(l.names[series::kTimeEnd], "t_end_s");
  EXPECT_EQ(l.names[l.ops], "ops");  // the metric's name: one name per figure across the files
  EXPECT_EQ(l.names[l.latency_p99], "latency.p99");
  EXPECT_EQ(l.names[l.succeeded], "ops_succeeded");
  EXPECT_EQ(l.names[l.effect(0, series::kEffectDuplicates)], "effects.charge.duplicates");
  EXPECT_EQ(l.names[l.service(0, series::kServiceQueue)], "services.api.queue");
  EXPECT_EQ(l.names[l.edge(0, series::kEdgeBreakerOpenShare)], "edges.clients->api.breaker_open_share");
  const std::size_t one_of_each = std::size_t{series::kRunColumns} + series::kEffectColumns +
                                  series::kServiceColumns + series::kEdgeColumns;
  EXPECT_EQ(l.names.size(), one_of_each);
}

}  // namespace
}  // namespace chaossim
