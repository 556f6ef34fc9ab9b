// reports/html: "The system" of a report: the services and edges of the baseline, what each variant changes
// (path: before → after), and the topology diagram, which must stay safe whatever the names in the scenario.
#include "html/system_section.h"

#include <gtest/gtest.h>
#include <unistd.h>  // getpid: a temporary file per test process

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "html/system_words.h"
#include "html/topology_svg.h"
#include "scenario/loader.h"
#include "support/files.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;

std::string lesson(const std::string& name) {
  return testing::slurp(fs::path(CHAOSSIM_SCENARIOS_DIR) / (name + ".json"));
}

Results results_of(const std::string& scenario_text, std::vector<std::string> variants) {
  Results r;
  r.dir = "results";
  r.scenario_text = scenario_text;
  for (std::string& name : variants) r.variants.emplace_back().name = std::move(name);
  return r;
}

// The parts of a system the diagram reads, the rest at its defaults.
ServiceConfig service(std::string name) {
  ServiceConfig s;
  s.name = std::move(name);
  return s;
}
EdgeConfig edge(std::string name, std::uint32_t caller, std::uint32_t callee) {
  EdgeConfig e;
  e.name = std::move(name);
  e.caller = caller;
  e.callee = callee;
  return e;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// A well-formed XML document, as an independent parser (libxml2's xmllint) reads it.
bool xmllint_accepts(const std::string& svg) {
  const fs::path file = fs::temp_directory_path() / ("chaossim-topology-" + std::to_string(::getpid()) + ".svg");
  std::ofstream(file) << svg;
  const int status = std::system(("xmllint --noout --nonet '" + file.string() + "' 2>/dev/null").c_str());
  fs::remove(file);
  return status == 0;
}

TEST(system_section, lists_the_services_and_edges_of_the_baseline) {
  const std::string html = system_section_html(results_of(lesson("lost-replies"), {"baseline"}));
  EXPECT_TRUE(contains(html, "<section id=\"system\">"));
  EXPECT_TRUE(contains(html, "<td>payments</td><td>32</td>")) << html;
  EXPECT_TRUE(contains(html, "<td>clients → payments</td>"));
  EXPECT_TRUE(contains(html, "<td>1s</td>"));  // the edge's timeout
  EXPECT_TRUE(contains(html, "3 tries, exponential backoff 200ms ×2 up to 2s, full jitter"));
  EXPECT_TRUE(contains(html, "work lognormal, median 40ms, σ 0.4 → effect charge"));
  EXPECT_TRUE(contains(html, "<svg")) << "a diagram of the topology";
}

TEST(system_section, says_each_kind_of_distribution_in_words_and_escapes_a_samples_file_name) {
  // The results folder holds scenario.json and, next to it, the samples file it names (a hostile name here).
  const fs::path dir = testing::fresh_temp_dir("system-distributions");
  std::ofstream(dir / "a<b>&.txt") << "10ms\n20ms\n30ms\n40ms\n";
  Results r = results_of(R"({"schema_version": 1, "name": "d", "duration": "1m",
    "services": {"api": {"workers": 2, "handler": [
      {"work": {"dist": "normal", "mean": "30ms", "stddev": "20ms"}},
      {"work": {"dist": "weibull", "scale": "10ms", "shape": 1.5}},
      {"work": {"dist": "mixture", "of": [{"weight": 9, "dist": "5ms"},
                                         {"weight": 1, "dist": {"dist": "exponential", "mean": "80ms"}}]}}]}},
    "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1}},
    "edges": {"clients->api": {"latency": {"dist": "empirical", "file": "a<b>&.txt"}}}})",
                         {"baseline"});
  r.dir = dir;
  const std::string html = system_section_html(r);
  EXPECT_TRUE(contains(html, "work normal, mean 30ms, sd 20ms (drawn again below 0)")) << html;
  EXPECT_TRUE(contains(html, "work weibull, scale 10ms, shape 1.5")) << html;
  EXPECT_TRUE(contains(html, "work 5ms (90 %) or exponential, mean 80ms (10 %)")) << html;
  EXPECT_TRUE(contains(html, "4 samples from a&lt;b&gt;&amp;.txt, median 20ms, p99 40ms")) << html;
  EXPECT_FALSE(contains(html, "a<b>")) << "the file name is the scenario's text: escaped";
}

TEST(system_section, lists_each_variants_changes_as_path_before_after) {
  const SystemView view = system_view(results_of(lesson("lost-replies"), {"baseline", "per-attempt-keys"}));
  ASSERT_TRUE(view.baseline) << view.problem;
  ASSERT_EQ(view.configs.size(), 1u) << "the baseline changes nothing";
  const ConfigChanges& c = view.configs[0];
  EXPECT_EQ(c.name, "per-attempt-keys");
  EXPECT_TRUE(c.own_expectations);
  ASSERT_EQ(c.changes.size(), 2u);
  EXPECT_EQ(c.changes[0].path, "services.payments.idempotency");
  EXPECT_EQ(c.changes[0].before, "none");
  EXPECT_EQ(c.changes[0].after, "durable store, ttl 24h");
  EXPECT_EQ(c.changes[1].path, "edges.clients->payments.idempotency_key");
  EXPECT_EQ(c.changes[1].before, "per operation");
  EXPECT_EQ(c.changes[1].after, "per attempt");

  const std::string html = system_section_html(results_of(lesson("lost-replies"), {"baseline", "per-attempt-keys"}));
  EXPECT_TRUE(contains(html,
                       "<code>edges.clients-&gt;payments.idempotency_key</code>: per operation → "
                       "<strong>per attempt</strong>"))
      << html;
  const std::string md = system_section_markdown(results_of(lesson("lost-replies"), {"baseline", "per-attempt-keys"}));
  EXPECT_TRUE(contains(md, "#### What each variant changes"));
  EXPECT_TRUE(contains(md, ": per operation → per attempt")) << md;
}

TEST(system_section, a_path_outside_a_service_or_edge_shows_the_json_as_written) {
  std::string text = lesson("lost-replies");
  const std::string variants = "\"variants\": {";
  text.replace(text.find(variants), variants.size(), variants + "\"longer\": {\"duration\": \"20m\"},");
  const SystemView view = system_view(results_of(text, {"longer"}));
  ASSERT_EQ(view.configs.size(), 1u) << view.problem;
  ASSERT_EQ(view.configs[0].changes.size(), 1u);
  EXPECT_EQ(view.configs[0].changes[0].before, "\"10m\"");
  EXPECT_EQ(view.configs[0].changes[0].after, "\"20m\"");
}

TEST(system_section, says_in_one_line_when_the_scenario_does_not_load) {
  const std::string html = system_section_html(results_of("{\"name\": ", {"baseline"}));
  EXPECT_TRUE(contains(html, "scenario.json does not load"));
  EXPECT_FALSE(contains(html, "<table"));
  EXPECT_TRUE(contains(system_section_html(results_of("", {"baseline"})), "no readable scenario.json"));
}

TEST(system_section, the_results_reader_keeps_the_text_of_scenario_json) {
  const std::map<std::string, std::string> files{{"manifest.json", R"({"variants":["baseline"]})"},
                                                 {"scenario.json", lesson("lost-replies")},
                                                 {"baseline/summary.json", R"({"scenario":"s","metrics":{}})"}};
  auto read = read_results(InMemoryResults(files), "results");
  ASSERT_TRUE(std::holds_alternative<Results>(read)) << std::get<std::string>(read);
  EXPECT_EQ(std::get<Results>(read).scenario_text, lesson("lost-replies"));
}

Scenario hostile_scenario() {
  Scenario s;
  s.services.push_back(service("<script>alert(1)</script>"));
  s.services.push_back(service("\"];evil [label=\"x\\N"));
  s.services[0].handler.emplace_back();
  s.services[0].handler[0].kind = Step::Kind::call;
  s.services[0].handler[0].index = 1;
  s.edges.push_back(edge("clients->a", kClients, 0));
  s.edges.push_back(edge("a->b", 0, 1));
  s.edges[1].retry.max_attempts = 3;
  return s;
}

TEST(topology_svg, escapes_hostile_names_and_has_no_script_or_reference) {
  std::string why_not;
  const std::string svg = topology_svg(hostile_scenario(), &why_not);
  ASSERT_FALSE(svg.empty()) << why_not;
  EXPECT_FALSE(contains(svg, "<script")) << svg;
  EXPECT_TRUE(contains(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(contains(svg, "&quot;];evil [label=&quot;x\\N")) << "the name as written, not a DOT attribute";
  EXPECT_FALSE(contains(svg, "href"));
  EXPECT_FALSE(contains(svg, "<!DOCTYPE")) << "the DTD is an external reference";
  EXPECT_FALSE(contains(svg, "<!--"));
  EXPECT_TRUE(contains(svg, "3 tries"));
  EXPECT_TRUE(xmllint_accepts(svg)) << svg;
}

TEST(topology_svg, scales_with_its_container) {
  const std::string svg = topology_svg(hostile_scenario());
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"", 0), 0u) << svg.substr(0, 200);
  EXPECT_TRUE(contains(svg.substr(0, svg.find('>')), "width=\"100%\""));
  EXPECT_FALSE(contains(svg.substr(0, svg.find('>')), "height="));
}

TEST(topology_svg, a_large_system_gets_a_note_instead_of_a_diagram) {
  Scenario s;
  for (int i = 0; i < 40; ++i) s.services.push_back(service("s" + std::to_string(i)));
  for (std::uint32_t i = 0; i < 40; ++i) s.edges.push_back(edge("", kClients, i));
  std::string why_not;
  EXPECT_EQ(topology_svg(s, &why_not), "");
  EXPECT_TRUE(contains(why_not, "too many to draw")) << why_not;
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

TEST(fault_bands, one_band_per_fault_labelled_with_its_type_parameters_and_target) {
  const LoadResult loaded = load_scenario_file(fs::path(CHAOSSIM_SCENARIOS_DIR) / "cascading-failure.json");
  ASSERT_TRUE(loaded.ok());
  Scenario s = *loaded.scenario;
  ASSERT_FALSE(s.faults.empty());
  FaultConfig error = s.faults.front();
  error.type = FaultConfig::Type::error;
  error.target_kind = FaultConfig::Target::service;
  error.target = 0;
  error.probability = 0.05;
  error.start = Duration::seconds(30);
  error.end = Duration::seconds(90);
  FaultConfig slowdown = error;
  slowdown.type = FaultConfig::Type::slowdown;
  slowdown.probability = 1;
  slowdown.factor = 10;
  slowdown.start = Duration::seconds(90);
  slowdown.end = Duration::infinite();
  FaultConfig late = error;
  late.start = s.duration + Duration::seconds(1);
  late.end = Duration::infinite();
  s.faults = {error, slowdown, late};
  const FaultBands bands = fault_bands(s);
  ASSERT_EQ(bands.size(), 2u);  // the fault after the end has no band
  const std::string& service = s.services[0].name;
  EXPECT_EQ(bands[0], (FaultBand{30, 90, "error 5 % · " + service}));
  EXPECT_EQ(bands[1].label, "slowdown ×10 · " + service);
  EXPECT_DOUBLE_EQ(bands[1].end, s.duration.seconds_f());  // clipped to the run
}

TEST(fault_bands, a_fault_on_some_instances_names_them_as_the_file_does) {
  const LoadResult loaded = load_scenario_file(fs::path(CHAOSSIM_SCENARIOS_DIR) / "one-slow-instance.json");
  ASSERT_TRUE(loaded.ok());
  Scenario s = *loaded.scenario;
  ASSERT_FALSE(s.faults.empty());
  FaultConfig fault = s.faults.front();
  fault.type = FaultConfig::Type::crash;
  fault.target_kind = FaultConfig::Target::service;
  const std::string name = s.services[fault.target].name;
  ASSERT_EQ(s.services[fault.target].instances, 4u);
  const auto label = [&](std::uint32_t first, std::uint32_t count) {
    fault.first_instance = first;
    fault.instance_count = count;
    s.faults = {fault};
    return fault_bands(s).at(0).label;
  };
  EXPECT_EQ(label(1, 1), "crash · " + name + "#2");
  EXPECT_EQ(label(0, 3), "crash · " + name + "#1–#3");
  EXPECT_EQ(label(0, 0), "crash · " + name);  // every instance
  EXPECT_EQ(label(0, 4), "crash · " + name);
}

}  // namespace
}  // namespace chaossim
