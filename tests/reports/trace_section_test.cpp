// The report's anatomy of a duplicate and of a failure (html/trace_section.h): read back from the trace file, told
// in one sentence, drawn as a sequence diagram, and every name from the file escaped.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "html/trace_section.h"
#include "html/trace_svg.h"
#include "model/engine.h"
#include "support/files.h"
#include "support/run.h"
#include "traces/trace_files.h"
#include "traces/trace_story.h"

namespace chaossim {
namespace {

traces::Document lesson_traces(const std::string& lesson, const std::string& variant_key = "",
                               const std::string& variant_value = "") {
  std::ifstream in(std::string(CHAOSSIM_SCENARIOS_DIR) + "/" + lesson + ".json");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Override> o = {{"duration", "90s"}, {"trace.enabled", true}};
  if (!variant_key.empty()) o.emplace_back(variant_key, variant_value);
  const Scenario s = testing::load(text.str(), o);
  Engine engine(s, s.seed);
  engine.run();
  return traces::make_document(engine.take_traces(), s, "baseline", s.seed);
}

const traces::Operation& first(const traces::Document& doc, std::uint8_t reason) {
  for (const traces::Operation& op : doc.operations)
    if (op.reasons & reason) return op;
  ADD_FAILURE() << "no operation kept for reason " << int(reason);
  return doc.operations.front();
}

TEST(trace_story, a_lost_reply_and_a_retry_with_the_same_key_charge_twice) {
  const std::string story = traces::trace_story(first(lesson_traces("lost-replies"), TraceConfig::kDuplicated));
  EXPECT_NE(story.find("The reply to attempt 1 was lost (lossy-replies)"), std::string::npos) << story;
  EXPECT_NE(story.find("attempt 1 timed out after 1 s"), std::string::npos) << story;
  EXPECT_NE(story.find("attempt 2 sent the same key"), std::string::npos) << story;
  EXPECT_NE(story.find("payments ran charge twice"), std::string::npos) << story;
}

TEST(trace_story, a_key_per_attempt_is_a_new_key_on_the_retry) {
  const std::string story = traces::trace_story(first(lesson_traces("key-per-attempt"), TraceConfig::kDuplicated));
  EXPECT_NE(story.find("checkout's attempt 2 to payments used a new key"), std::string::npos) << story;
  EXPECT_NE(story.find("was delayed (congested-link)"), std::string::npos) << story;
  EXPECT_NE(story.find("payments ran charge twice"), std::string::npos) << story;
}

TEST(trace_story, a_double_click_says_which_key_the_second_click_sent) {
  const std::string story = traces::trace_story(first(lesson_traces("double-click"), TraceConfig::kDuplicated));
  EXPECT_NE(story.find("The user clicked again after"), std::string::npos) << story;
  EXPECT_NE(story.find("with the same key"), std::string::npos) << story;
  EXPECT_NE(story.find("ran charge twice"), std::string::npos) << story;
}

TEST(trace_section, draws_the_first_duplicate_and_failure_read_back_from_the_folder) {
  const auto dir = testing::fresh_temp_dir("trace_section");
  std::filesystem::create_directories(dir / "baseline");
  std::filesystem::create_directories(dir / "quiet");
  traces::write_trace_files(dir / "baseline", lesson_traces("lost-replies"));
  Results r;
  r.dir = dir;
  r.variants.resize(3);
  r.variants[0].name = "baseline";
  r.variants[1].name = "quiet";  // no trace file: no heading
  r.variants[2].name = "missing";
  const std::string html = trace_section_html(r);
  EXPECT_NE(html.find("Anatomy of a duplicate</strong>"), std::string::npos);
  EXPECT_NE(html.find("Anatomy of a failure</strong>"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"sequence\""), std::string::npos);
  EXPECT_NE(html.find("lost (lossy-replies)"), std::string::npos) << "a lost reply is drawn with its fault";
  EXPECT_EQ(html.find("<code>quiet</code>"), std::string::npos);

  // summary.md tells the same operations in words, a line each.
  const std::string md = trace_section_markdown(r);
  EXPECT_NE(md.find("### Anatomy of a duplicate"), std::string::npos) << md;
  EXPECT_NE(md.find("- **baseline**, a duplicate (operation "), std::string::npos) << md;
  EXPECT_NE(md.find("payments ran charge twice"), std::string::npos) << md;
  EXPECT_NE(md.find("- **baseline**, a failure (operation "), std::string::npos) << md;
  EXPECT_EQ(md.find("quiet"), std::string::npos) << md;

  Results none;
  none.dir = dir;
  none.variants.resize(1);
  none.variants[0].name = "quiet";
  EXPECT_EQ(trace_section_html(none), "") << "no traces, no section";
  EXPECT_EQ(trace_section_markdown(none), "");

  std::ofstream(dir / "quiet" / traces::kOtlpFile) << "{\"resourceSpans\": 3}";
  const std::string broken = trace_section_html(none);
  EXPECT_NE(broken.find("cannot be read"), std::string::npos) << broken;
}

TEST(trace_svg, names_from_the_file_are_escaped) {
  traces::Document doc = lesson_traces("lost-replies");
  traces::Operation op = first(doc, TraceConfig::kDuplicated);
  for (traces::Span& s : op.spans) s.lane = s.on_client ? "client <b>1</b>" : "pay<script>alert(1)</script>";
  for (traces::Mark& m : op.marks) m.what = "\"></text><script>x</script>";
  const std::string svg = trace_svg(traces::lay_out_sequence(op), traces::trace_story(op));
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("pay&lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace chaossim
