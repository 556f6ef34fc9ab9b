// What a user of an installed chaossim meets: lessons found by name wherever they are, a clear error when none are,
// and a report that still comes (without charts, saying why) when the charting twin is missing or broken.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli.h"
#include "html/chart_program.h"
#include "lesson_folder.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::slurp;

fs::path temp_dir(const std::string& name) { return testing::fresh_temp_dir("install-" + name); }

// Sets an environment variable for one test and restores what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    value ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  ~ScopedEnv() { m_old ? ::setenv(m_name, m_old->c_str(), 1) : ::unsetenv(m_name); }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

// Restores "no twin" after a test that set one.
struct ScopedChartProgram {
  explicit ScopedChartProgram(fs::path p) { set_chart_program(std::move(p)); }
  ~ScopedChartProgram() { set_chart_program({}); }
};

fs::path script(const fs::path& dir, const std::string& name, const std::string& body) {
  const fs::path p = dir / name;
  std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
  fs::permissions(p, fs::perms::owner_all);
  return p;
}

TEST(lesson_folder, the_environment_variable_wins_and_is_the_only_place_tried) {
  const fs::path mine = temp_dir("env");
  const ScopedEnv env("CHAOSSIM_SCENARIOS", mine.c_str());
  const LessonFolderSearch search = find_lesson_folder();
  ASSERT_TRUE(search.found);
  EXPECT_EQ(*search.found, mine.lexically_normal());
  ASSERT_EQ(search.tried.size(), 1u);
  EXPECT_EQ(search.tried[0].origin, "CHAOSSIM_SCENARIOS");
  fs::remove_all(mine);
}

TEST(lesson_folder, a_wrong_environment_variable_is_not_replaced_by_other_lessons) {
  const ScopedEnv env("CHAOSSIM_SCENARIOS", "/nonexistent/lessons");
  const LessonFolderSearch search = find_lesson_folder();
  EXPECT_FALSE(search.found);
  EXPECT_NE(search.describe().find("/nonexistent/lessons (CHAOSSIM_SCENARIOS)"), std::string::npos)
      << search.describe();
}

TEST(lesson_folder, a_program_in_the_build_tree_falls_back_to_the_source_tree) {
  const ScopedEnv env("CHAOSSIM_SCENARIOS", nullptr);
  const LessonFolderSearch search = find_lesson_folder();
  ASSERT_TRUE(search.found) << search.describe();
  EXPECT_EQ(*search.found, fs::path(CHAOSSIM_SCENARIOS_DIR).lexically_normal());
  ASSERT_EQ(search.tried.size(), 2u);
  EXPECT_EQ(search.tried[0].origin, "installed beside the program");
  EXPECT_EQ(search.tried[1].origin, "source tree");
}

TEST(list, without_lessons_says_where_it_looked_and_fails) {
  const ScopedEnv env("CHAOSSIM_SCENARIOS", "/nonexistent/lessons");
  ::testing::internal::CaptureStderr();
  const int status = cli({"list"});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, 2);
  EXPECT_NE(err.find("no lessons found"), std::string::npos) << err;
  EXPECT_NE(err.find("/nonexistent/lessons"), std::string::npos) << err;
}

TEST(list, an_empty_lesson_folder_is_an_error_too) {
  const fs::path empty = temp_dir("empty");
  const ScopedEnv env("CHAOSSIM_SCENARIOS", empty.c_str());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(cli({"list"}), 2);
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("no lessons (*.json) in"), std::string::npos);
  fs::remove_all(empty);
}

TEST(run, an_unknown_lesson_name_says_where_lessons_are_and_suggests_the_closest) {
  const ScopedEnv env("CHAOSSIM_SCENARIOS", nullptr);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(cli({"run", "lost-replys", "--quiet"}), 2);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("no bundled lesson of that name"), std::string::npos) << err;
  EXPECT_NE(err.find("lessons are in"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean \"lost-replies\"?"), std::string::npos) << err;
}

class ReportWithoutTwin : public ::testing::Test {
 protected:
  // A short run with --report, the twin replaced by `program`; returns the run's exit status.
  int run_with_twin(const fs::path& program) {
    const ScopedChartProgram twin(program);
    ::testing::internal::CaptureStderr();
    const int status = cli({"run", std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json", "--quiet", "--set",
                            "duration=30s", "--set", "warmup=0s", "--report", "--out", m_out.string()});
    m_stderr = ::testing::internal::GetCapturedStderr();
    return status;
  }
  // The same run without --report: the exit status a report must not change.
  int status_without_report() {
    return cli({"run", std::string(CHAOSSIM_SCENARIOS_DIR) + "/lost-replies.json", "--quiet", "--set",
                "duration=30s", "--set", "warmup=0s", "--out", (m_dir / "plain").string()});
  }
  void TearDown() override { fs::remove_all(m_dir); }

  fs::path m_dir = temp_dir("twin");
  fs::path m_out = m_dir / "out";
  std::string m_stderr;
};

TEST_F(ReportWithoutTwin, a_missing_twin_gives_a_report_that_says_so_and_keeps_the_exit_status) {
  const int expected = status_without_report();
  EXPECT_EQ(run_with_twin(m_dir / "chaossim-charts"), expected);
  const std::string html = slurp(m_out / "report.html");
  EXPECT_NE(html.find("No charts: chaossim-charts, which draws the charts, is not installed"), std::string::npos);
  EXPECT_EQ(html.find("built without Qt Charts"), std::string::npos) << "the report must not blame the build";
  EXPECT_NE(m_stderr.find("writing the report without charts"), std::string::npos) << m_stderr;
  EXPECT_TRUE(fs::exists(m_out / "summary.md"));
}

TEST_F(ReportWithoutTwin, a_twin_that_cannot_load_its_libraries_is_named_with_its_status) {
  const int expected = status_without_report();
  EXPECT_EQ(run_with_twin(script(m_dir, "chaossim-charts", "exit 127")), expected);
  EXPECT_NE(slurp(m_out / "report.html").find("exit status 127: a shared library it needs is missing"),
            std::string::npos);
}

TEST_F(ReportWithoutTwin, a_twin_that_crashes_is_named_with_its_signal) {
  const int expected = status_without_report();
  EXPECT_EQ(run_with_twin(script(m_dir, "chaossim-charts", "kill -ABRT $$")), expected);
  EXPECT_NE(slurp(m_out / "report.html").find("was stopped by signal 6"), std::string::npos);
}

TEST_F(ReportWithoutTwin, a_working_twin_writes_the_report_itself) {
  // The stand-in twin writes what it is asked to, so the report is its and not the fallback's.
  const fs::path twin = script(m_dir, "chaossim-charts", "echo \"twin $1 $2\" > \"$4\"");
  EXPECT_LE(run_with_twin(twin), 1);
  EXPECT_EQ(slurp(m_out / "report.html"), "twin report " + m_out.string() + "\n");
  EXPECT_EQ(m_stderr.find("without charts"), std::string::npos) << m_stderr;
}

}  // namespace
}  // namespace chaossim
