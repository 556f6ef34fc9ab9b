// The trace files (reports/traces/): OTLP JSON read back into the very document written, the structure other tools
// rely on (unique hex ids, parents that exist, children inside their parents, Unix nanoseconds as strings), and
// the Perfetto file's tracks, nesting and flow arrows.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/engine.h"
#include "output_file.h"
#include "support/files.h"
#include "support/run.h"
#include "traces/otlp_json.h"
#include "traces/perfetto_json.h"
#include "traces/trace_files.h"

namespace chaossim::traces {
namespace {

std::string lesson_text(const std::string& name) {
  std::ifstream in(std::string(CHAOSSIM_SCENARIOS_DIR) + "/" + name + ".json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Document traced_document(const std::string& lesson, std::vector<Override> extra = {}) {
  extra.insert(extra.begin(), Override{"duration", "90s"});
  extra.emplace_back("trace.enabled", true);
  extra.emplace_back("trace.keep", nlohmann::json{"duplicated", "failed", "inconsistent", "slowest"});
  extra.emplace_back("trace.max", 3);
  const Scenario s = testing::load(lesson_text(lesson), extra);
  Engine engine(s, s.seed);
  engine.run();
  return make_document(engine.take_traces(), s, "baseline", s.seed);
}

bool is_hex(const std::string& s, std::size_t digits) {
  return s.size() == digits &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::int64_t nanos(const nlohmann::json& v) {
  EXPECT_TRUE(v.is_string()) << "OTLP/JSON writes 64-bit times as strings";
  return std::stoll(v.get<std::string>());
}

TEST(trace_files, otlp_reads_back_into_the_same_document) {
  for (const char* lesson : {"lost-replies", "key-per-attempt", "double-click", "retries-at-every-layer"}) {
    SCOPED_TRACE(lesson);
    const Document doc = traced_document(lesson);
    ASSERT_FALSE(doc.operations.empty());
    const auto back = parse_otlp_json(otlp_json(doc));
    ASSERT_TRUE(std::holds_alternative<Document>(back)) << std::get<std::string>(back);
    EXPECT_EQ(std::get<Document>(back), doc);
  }
}

TEST(trace_files, otlp_has_the_structure_tracing_tools_expect) {
  const Document doc = traced_document("key-per-attempt");
  const nlohmann::json j = nlohmann::json::parse(otlp_json(doc));
  std::map<std::string, std::map<std::string, const nlohmann::json*>> traces;  // traceId -> spanId -> span
  std::set<std::string> services;
  for (const auto& rs : j.at("resourceSpans")) {
    for (const auto& a : rs.at("resource").at("attributes"))
      if (a.at("key") == "service.name") services.insert(a.at("value").at("stringValue").get<std::string>());
    for (const auto& ss : rs.at("scopeSpans")) {
      EXPECT_EQ(ss.at("scope").at("name"), "chaossim");
      for (const auto& span : ss.at("spans")) {
        const std::string trace = span.at("traceId"), id = span.at("spanId");
        EXPECT_TRUE(is_hex(trace, 32)) << trace;
        EXPECT_TRUE(is_hex(id, 16)) << id;
        EXPECT_TRUE(traces[trace].emplace(id, &span).second) << "span id " << id << " used twice";
        EXPECT_LE(nanos(span.at("startTimeUnixNano")), nanos(span.at("endTimeUnixNano")));
        EXPECT_GE(nanos(span.at("startTimeUnixNano")), kEpochUnixNs);
      }
    }
  }
  EXPECT_EQ(services, (std::set<std::string>{"clients", "checkout", "payments"}));
  EXPECT_EQ(traces.size(), doc.operations.size());
  for (const auto& [trace, spans] : traces) {
    int roots = 0;
    for (const auto& [id, span] : spans) {
      if (!span->contains("parentSpanId")) {
        ++roots;
        continue;
      }
      const auto parent = spans.find(span->at("parentSpanId").get<std::string>());
      ASSERT_NE(parent, spans.end()) << "the parent of " << id << " is not in its trace";
      EXPECT_GE(nanos(span->at("startTimeUnixNano")), nanos(parent->second->at("startTimeUnixNano")));
      // A server span may outlive the client attempt that gave up on it (abandoned work); any other child ends
      // within its parent.
      if (span->at("kind") != 2) {
        EXPECT_LE(nanos(span->at("endTimeUnixNano")), nanos(parent->second->at("endTimeUnixNano"))) << id;
      }
      for (const auto& e : span->at("events")) {
        EXPECT_GE(nanos(e.at("timeUnixNano")), nanos(span->at("startTimeUnixNano")));
        EXPECT_LE(nanos(e.at("timeUnixNano")), nanos(span->at("endTimeUnixNano")));
      }
    }
    EXPECT_EQ(roots, 1) << trace;
  }
}

TEST(trace_files, bad_otlp_is_refused_with_its_path) {
  const Document doc = traced_document("lost-replies");
  nlohmann::json j = nlohmann::json::parse(otlp_json(doc));
  auto error_of = [](const nlohmann::json& text) {
    const auto r = parse_otlp_json(text.dump());
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string();
  };
  EXPECT_NE(error_of(nlohmann::json::object()).find("resourceSpans"), std::string::npos);
  nlohmann::json twice = j;
  auto& spans = twice["resourceSpans"][0]["scopeSpans"][0]["spans"];
  spans.push_back(spans[0]);
  EXPECT_NE(error_of(twice).find("used twice"), std::string::npos);
  nlohmann::json orphan = j;
  auto& first = orphan["resourceSpans"][0]["scopeSpans"][0]["spans"][1];
  first["parentSpanId"] = "ffffffffffffffff";
  EXPECT_NE(error_of(orphan), "");
  nlohmann::json bad_time = j;
  bad_time["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["startTimeUnixNano"] = "soon";
  EXPECT_NE(error_of(bad_time).find("startTimeUnixNano"), std::string::npos);
  EXPECT_NE(std::get<std::string>(parse_otlp_json("{")).find("not JSON"), std::string::npos);
}

TEST(trace_files, perfetto_tracks_nest_and_flows_pair_up) {
  const Document doc = traced_document("double-click", {{"trace.sample", 0.05}, {"trace.max", 20}});
  const nlohmann::json j = nlohmann::json::parse(perfetto_json(doc));
  std::map<int, std::string> processes;
  std::map<std::pair<int, int>, std::string> threads;
  std::map<std::pair<int, int>, std::vector<std::pair<std::int64_t, std::int64_t>>> slices;  // nanoseconds
  std::map<std::uint64_t, int> flows;
  std::size_t complete = 0;
  for (const auto& e : j.at("traceEvents")) {
    const std::string ph = e.at("ph");
    const std::pair<int, int> track{e.at("pid").get<int>(), e.at("tid").get<int>()};
    if (ph == "M" && e.at("name") == "process_name") processes[track.first] = e.at("args").at("name");
    if (ph == "M" && e.at("name") == "thread_name") threads[track] = e.at("args").at("name");
    if (ph == "X") {
      ++complete;
      ASSERT_TRUE(threads.count(track)) << "a slice on an unnamed track";
      ASSERT_GE(e.at("dur").get<double>(), 0);
      const std::int64_t ts = std::llround(e.at("ts").get<double>() * 1000);
      slices[track].emplace_back(ts, ts + std::llround(e.at("dur").get<double>() * 1000));
    }
    if (ph == "s") ++flows[e.at("id").get<std::uint64_t>()];
    if (ph == "f") flows[e.at("id").get<std::uint64_t>()] += 10;
  }
  std::size_t spans = 0;
  for (const Operation& op : doc.operations) spans += op.spans.size();
  EXPECT_EQ(complete, spans);
  EXPECT_EQ(processes.begin()->second, "clients");
  EXPECT_TRUE(std::any_of(threads.begin(), threads.end(), [](const auto& t) { return t.second == "payments"; }));
  ASSERT_FALSE(flows.empty());
  for (const auto& [id, seen] : flows) EXPECT_EQ(seen, 11) << "flow " << id << " needs one start and one end";
  // On every track, any two slices are disjoint or one contains the other.
  for (const auto& [track, list] : slices)
    for (std::size_t a = 0; a < list.size(); ++a)
      for (std::size_t b = a + 1; b < list.size(); ++b) {
        const auto [s1, e1] = list[a];
        const auto [s2, e2] = list[b];
        const bool disjoint = e1 <= s2 || e2 <= s1;
        const bool nested = (s1 <= s2 && e2 <= e1) || (s2 <= s1 && e1 <= e2);
        EXPECT_TRUE(disjoint || nested) << threads[track] << ": [" << s1 << ", " << e1 << "] and [" << s2 << ", " << e2
                                        << "]";
      }
}

TEST(trace_files, the_same_document_writes_the_same_bytes) {
  const Document a = traced_document("key-per-attempt"), b = traced_document("key-per-attempt");
  EXPECT_EQ(otlp_json(a), otlp_json(b));
  EXPECT_EQ(perfetto_json(a), perfetto_json(b));
}

TEST(trace_files, written_into_a_folder_and_read_back) {
  const auto dir = testing::fresh_temp_dir("trace_files");
  const Document doc = traced_document("lost-replies");
  write_trace_files(dir, doc);
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / kPerfettoFile));
  const auto back = read_trace_file(dir);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(std::holds_alternative<Document>(*back)) << std::get<std::string>(*back);
  EXPECT_EQ(std::get<Document>(*back), doc);
  EXPECT_FALSE(read_trace_file(dir / "nowhere").has_value());
}

}  // namespace
}  // namespace chaossim::traces
