// What chaossim writes cannot be redirected by what a stranger left in a results folder, goes only where it is
// told, and a results folder holds exactly one run (reports/output_file.h, reports/results_folder.h).
#include <atomic>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "html/report_writer.h"
#include "support/cli.h"
#include "support/files.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::fresh_temp_dir;
using testing::slurp;

const std::string kLesson = std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json";

// A short run of the lesson's baseline (and any other arguments) into `out`.
int run_into(const fs::path& out, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"run", kLesson, "--quiet", "--out", out.string(), "--set", "duration=20s", "--set", "warmup=0s"};
  args.insert(args.end(), more.begin(), more.end());
  return cli(args);
}

void put(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

class PlantedFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    m_victim = fresh_temp_dir(std::string("victim-") + ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
               "notes.txt";
    put(m_victim, "my notes");
  }
  fs::path m_dir, m_victim;
};

TEST_F(PlantedFolder, report_does_not_write_through_links_planted_at_temporary_names) {
  const fs::path out = m_dir / "results";
  ASSERT_LE(run_into(out), 1);
  for (const char* name : {"report.html.tmp", "summary.md.tmp"}) fs::create_symlink(m_victim, out / name);
  EXPECT_EQ(cli({"report", out.string()}), 0);
  EXPECT_EQ(slurp(m_victim), "my notes");
  EXPECT_FALSE(fs::is_symlink(out / "report.html"));
  EXPECT_NE(slurp(out / "report.html").find("<title>chaossim report"), std::string::npos);
}

TEST_F(PlantedFolder, report_refuses_a_link_planted_at_the_report_itself) {
  const fs::path out = m_dir / "results";
  ASSERT_LE(run_into(out), 1);
  fs::create_symlink(m_victim, out / "report.html");
  EXPECT_EQ(cli({"report", out.string()}), 2);
  EXPECT_EQ(slurp(m_victim), "my notes");
}

TEST_F(PlantedFolder, a_run_does_not_write_through_a_link_planted_in_its_results_folder) {
  // Before: "manifest.json.tmp -> ~/notes.txt" under run --out overwrote the notes.
  const fs::path out = m_dir / "results";
  ASSERT_LE(run_into(out), 1);
  for (const char* name : {"manifest.json.tmp", "scenario.json.tmp"}) fs::create_symlink(m_victim, out / name);
  fs::create_directory_symlink(m_victim.parent_path(), out / "baseline-link");
  ASSERT_LE(run_into(out), 1);
  EXPECT_EQ(slurp(m_victim), "my notes");
  EXPECT_EQ(std::distance(fs::directory_iterator(m_victim.parent_path()), fs::directory_iterator()), 1);
  EXPECT_FALSE(fs::exists(out / "manifest.json.tmp")) << "the new run replaced the whole folder";
}

class ReportTarget : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = fresh_temp_dir("report-target");
    ASSERT_LE(run_into(s_dir / "results"), 1);
  }
  static fs::path s_dir;
};
fs::path ReportTarget::s_dir;

TEST_F(ReportTarget, writes_only_where_it_is_told_and_names_the_summary_after_the_report) {
  const fs::path work = fresh_temp_dir("report-target-cwd");
  put(work / "summary.md", "an unrelated summary");
  EXPECT_EQ(cli({"report", (s_dir / "results").string(), "-o", (work / "review.html").string()}), 0);
  EXPECT_EQ(slurp(work / "summary.md"), "an unrelated summary");
  EXPECT_NE(slurp(work / "review.md").find("## chaossim:"), std::string::npos);
  EXPECT_NE(slurp(work / "review.md").find("`review.html` beside this file"), std::string::npos)
      << "the summary names the report it goes with";
  // Once written, both are ours to replace.
  EXPECT_EQ(cli({"report", (s_dir / "results").string(), "-o", (work / "review.html").string()}), 0);
}

TEST_F(ReportTarget, refuses_to_overwrite_what_is_not_a_report) {
  const fs::path results = s_dir / "results";
  const std::string before = slurp(results / "baseline" / "summary.json");
  EXPECT_EQ(cli({"report", results.string(), "-o", (results / "baseline" / "summary.json").string()}), 2);
  EXPECT_EQ(slurp(results / "baseline" / "summary.json"), before);
  const fs::path work = fresh_temp_dir("report-target-refuse");
  put(work / "notes.html", "<p>mine</p>");
  EXPECT_EQ(cli({"report", results.string(), "-o", (work / "notes.html").string()}), 2);
  EXPECT_EQ(slurp(work / "notes.html"), "<p>mine</p>");
  put(work / "r.md", "my markdown");
  EXPECT_EQ(cli({"report", results.string(), "-o", (work / "r.html").string()}), 2) << "r.md would be replaced";
  EXPECT_FALSE(fs::exists(work / "r.html")) << "nothing is written when either target is refused";
}

TEST_F(ReportTarget, refuses_devices_and_missing_folders) {
  const fs::path results = s_dir / "results";
  EXPECT_EQ(cli({"report", results.string(), "-o", "/dev/null", "--summary", (s_dir / "s.md").string()}), 2);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_EQ(cli({"report", results.string(), "-o", (s_dir / "no" / "such" / "r.html").string()}), 2);
  EXPECT_FALSE(fs::exists(s_dir / "no"));
}

TEST_F(ReportTarget, an_interrupted_report_writes_nothing) {
  const fs::path work = fresh_temp_dir("report-target-interrupted");
  const std::atomic<bool> cancelled{true};
  const auto failure = write_report_files(s_dir / "results", report_targets(s_dir / "results", work / "r.html"), &cancelled);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->kind, ReportFailure::Kind::interrupted);
  EXPECT_TRUE(fs::is_empty(work));
}

TEST(results_folder_run, a_second_run_replaces_the_first_so_no_stale_variant_remains) {
  const fs::path out = fresh_temp_dir("one-run") / "results";
  ASSERT_LE(run_into(out, {"--all-variants"}), 1);
  EXPECT_TRUE(fs::exists(out / "per-attempt-keys"));
  ASSERT_LE(run_into(out), 1);
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(out)) folders += e.is_directory();
  EXPECT_EQ(folders, 1u) << "only the baseline of the second run";
  EXPECT_NE(slurp(out / "manifest.json").find("\"complete\": true"), std::string::npos);
  EXPECT_EQ(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()), 1)
      << "lock or staging folder left behind";
}

TEST(results_folder_run, an_output_folder_that_cannot_be_used_is_refused_before_anything_runs) {
  const fs::path dir = fresh_temp_dir("unusable-out");
  put(dir / "a-file", "x");
  EXPECT_EQ(run_into(dir / "a-file"), 2);
  fs::create_directory(dir / "mine");
  put(dir / "mine" / "thesis.tex", "years of work");
  EXPECT_EQ(run_into(dir / "mine"), 2);
  EXPECT_EQ(slurp(dir / "mine" / "thesis.tex"), "years of work");
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

TEST(batch_cost, replications_that_multiply_a_run_past_the_limits_are_refused_before_anything_runs) {
  // One run of 1.2e7 operations is fine; a thousand of them are 1.2e10, past the limit of a batch.
  const fs::path out = fresh_temp_dir("batch-cost") / "results";
  const std::vector<std::string> heavy = {"--set", "clients.arrival.rate=20000", "--set", "services.payments.workers=2000"};
  ::testing::internal::CaptureStderr();
  std::vector<std::string> args = {"run", kLesson, "--quiet", "--out", out.string(), "--replications", "1000"};
  args.insert(args.end(), heavy.begin(), heavy.end());
  EXPECT_EQ(cli(args), 2);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("1 configuration × 1000 replications"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(out));
  std::vector<std::string> sweep = {"sweep", kLesson, "--quiet", "--out", out.string(), "--replications", "1000",
                                    "--param", "seed=1,2"};
  sweep.insert(sweep.end(), heavy.begin(), heavy.end());
  EXPECT_EQ(cli(sweep), 2);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

TEST(manifest, records_each_configurations_fault_bands_in_run_order_and_what_is_missing) {
  const fs::path out = fresh_temp_dir("manifest") / "results";
  ASSERT_LE(run_into(out, {"--all-variants"}), 1);
  const auto m = nlohmann::ordered_json::parse(slurp(out / "manifest.json"));
  EXPECT_EQ(m["variants"], (nlohmann::ordered_json{"baseline", "idempotency-keys", "per-attempt-keys"}));
  std::vector<std::string> keys;
  for (const auto& [k, v] : m["fault_bands"].items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"baseline", "idempotency-keys", "per-attempt-keys"}));
  for (const auto& [k, v] : m["fault_bands"].items()) {
    ASSERT_FALSE(v.empty()) << k;
    EXPECT_LT(v[0]["start"].get<double>(), v[0]["end"].get<double>()) << k;
    // What the fault is, for the chart's legend: its type and its target.
    EXPECT_NE(v[0]["label"].get<std::string>().find("drop_response"), std::string::npos) << v[0]["label"];
  }
  EXPECT_EQ(m["complete"], true);
  EXPECT_TRUE(m["missing"].empty());
}

}  // namespace
}  // namespace chaossim
