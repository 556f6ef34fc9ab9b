// reports/results_folder.h: one run per results folder, written aside and swapped in, never two at once.
#include "results_folder.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "output_file.h"
#include "support/files.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::fresh_temp_dir;
using testing::slurp;

void put(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

std::string refusal(const fs::path& target) {
  try {
    ResultsFolder folder(target);
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

TEST(results_folder, a_new_run_replaces_the_whole_previous_one) {
  const fs::path parent = fresh_temp_dir("rf-replace");
  const fs::path out = parent / "lesson";
  {
    ResultsFolder first(out);
    put(first.staging() / "manifest.json", "{\"run\": 1}");
    fs::create_directory(first.staging() / "old-variant");
    first.publish();
  }
  {
    ResultsFolder second(out);
    EXPECT_EQ(slurp(out / "manifest.json"), "{\"run\": 1}") << "the previous run stays readable while one runs";
    put(second.staging() / "manifest.json", "{\"run\": 2}");
    second.publish();
  }
  EXPECT_EQ(slurp(out / "manifest.json"), "{\"run\": 2}");
  EXPECT_FALSE(fs::exists(out / "old-variant")) << "a stale variant of the earlier run survived";
  EXPECT_EQ(entries(parent), 1u) << "lock or staging folder left beside the results";
}

TEST(results_folder, an_unpublished_run_leaves_the_previous_results_and_nothing_else) {
  const fs::path parent = fresh_temp_dir("rf-abandon");
  const fs::path out = parent / "lesson";
  fs::create_directory(out);
  put(out / "manifest.json", "previous");
  {
    ResultsFolder folder(out);
    put(folder.staging() / "manifest.json", "half a run");
  }
  EXPECT_EQ(slurp(out / "manifest.json"), "previous");
  EXPECT_EQ(entries(parent), 1u);
}

// A run that did not finish everything (interrupted, or some configurations failed) keeps what it finished in
// lesson<suffix> beside the previous results, which it leaves as they were; a later complete run clears it away.
void expect_kept_beside_the_previous_results(void (ResultsFolder::*publish_partial)(), const std::string& suffix) {
  const fs::path parent = fresh_temp_dir("rf-partial");
  const fs::path out = parent / "lesson";
  fs::create_directory(out);
  put(out / "manifest.json", "previous");
  {
    ResultsFolder folder(out);
    put(folder.staging() / "manifest.json", "partial");
    (folder.*publish_partial)();
  }
  EXPECT_EQ(slurp(out / "manifest.json"), "previous");
  EXPECT_EQ(slurp(parent / ("lesson" + suffix) / "manifest.json"), "partial");
  {
    ResultsFolder folder(out);
    put(folder.staging() / "manifest.json", "complete");
    folder.publish();
  }
  EXPECT_EQ(slurp(out / "manifest.json"), "complete");
  EXPECT_FALSE(fs::exists(parent / ("lesson" + suffix)));
}

TEST(results_folder, an_interrupted_run_goes_beside_the_previous_results) {
  expect_kept_beside_the_previous_results(&ResultsFolder::publish_interrupted, ".interrupted");
}

TEST(results_folder, a_run_with_failed_configurations_goes_beside_the_previous_results_as_incomplete) {
  expect_kept_beside_the_previous_results(&ResultsFolder::publish_incomplete, ".incomplete");
}

TEST(results_folder, a_second_run_into_the_same_folder_is_refused_with_the_first_ones_pid) {
  const fs::path out = fresh_temp_dir("rf-busy") / "lesson";
  ResultsFolder first(out);
  const std::string message = refusal(out);
  EXPECT_NE(message.find("in use by another chaossim run (pid " + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << message;
}

TEST(results_folder, refuses_to_replace_what_is_not_a_results_folder) {
  const fs::path parent = fresh_temp_dir("rf-refuse");
  fs::create_directory(parent / "home");
  put(parent / "home" / "thesis.tex", "years of work");
  EXPECT_NE(refusal(parent / "home").find("not chaossim results"), std::string::npos);
  EXPECT_EQ(slurp(parent / "home" / "thesis.tex"), "years of work");

  put(parent / "a-file", "x");
  EXPECT_NE(refusal(parent / "a-file").find("not a folder"), std::string::npos);

  fs::create_directory_symlink(parent / "home", parent / "link");
  EXPECT_NE(refusal(parent / "link").find("symbolic link"), std::string::npos);
  EXPECT_EQ(entries(parent), 3u) << "a refused run left a lock or staging folder";
}

TEST(results_folder, staging_folders_of_a_killed_run_are_removed_by_the_next) {
  const fs::path parent = fresh_temp_dir("rf-killed");
  fs::create_directory(parent / ".lesson.staging-abandoned");
  put(parent / ".lesson.staging-abandoned" / "timeseries.csv", "half");
  put(parent / ".lesson.lock", "12345\n");  // the lock file a killed run leaves is not a lock
  {
    ResultsFolder folder(parent / "lesson");
    folder.publish();
  }
  EXPECT_EQ(entries(parent), 1u);
}

TEST(results_folder, creates_missing_parents_and_is_checked_before_anything_runs) {
  const fs::path parent = fresh_temp_dir("rf-parents");
  ResultsFolder folder(parent / "a" / "b" / "lesson");
  EXPECT_TRUE(fs::is_directory(folder.staging()));
  EXPECT_EQ(folder.staging().parent_path(), parent / "a" / "b");
}

}  // namespace
}  // namespace chaossim
