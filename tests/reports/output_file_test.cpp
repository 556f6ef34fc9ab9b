// reports/output_file.h: a results folder from a stranger cannot redirect what chaossim writes.
#include "output_file.h"

#include <filesystem>
#include <fstream>

#include <csignal>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/files.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::fresh_temp_dir;
using testing::slurp;

std::string error_of(const fs::path& path, std::string_view content) {
  try {
    write_file_atomic(path, content);
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

TEST(write_file_atomic, writes_the_content_and_leaves_no_temporary_file) {
  const fs::path dir = fresh_temp_dir("atomic-plain");
  write_file_atomic(dir / "a.txt", "hello");
  write_file_atomic(dir / "a.txt", "replaced");
  EXPECT_EQ(slurp(dir / "a.txt"), "replaced");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(write_file_atomic, a_symlink_planted_at_the_old_temporary_name_is_not_written_through) {
  // Before: "report.html.tmp -> ~/notes.txt" made the report overwrite the notes.
  const fs::path dir = fresh_temp_dir("atomic-planted-tmp");
  const fs::path victim = fresh_temp_dir("atomic-victim") / "notes.txt";
  { std::ofstream(victim) << "my notes"; }
  for (const char* name : {"report.html.tmp", ".report.html.tmp", "summary.md.tmp", "manifest.json.tmp"})
    fs::create_symlink(victim, dir / name);
  write_file_atomic(dir / "report.html", "<html>");
  write_file_atomic(dir / "summary.md", "# s");
  write_file_atomic(dir / "manifest.json", "{}");
  EXPECT_EQ(slurp(victim), "my notes");
  EXPECT_FALSE(fs::is_symlink(dir / "report.html"));
  EXPECT_EQ(slurp(dir / "report.html"), "<html>");
}

TEST(write_file_atomic, a_symlink_at_the_target_is_refused_and_its_target_untouched) {
  const fs::path dir = fresh_temp_dir("atomic-planted-target");
  const fs::path victim = fresh_temp_dir("atomic-victim2") / "notes.txt";
  { std::ofstream(victim) << "my notes"; }
  fs::create_symlink(victim, dir / "report.html");
  EXPECT_NE(error_of(dir / "report.html", "<html>").find("symbolic link"), std::string::npos);
  EXPECT_EQ(slurp(victim), "my notes");
  EXPECT_TRUE(fs::is_symlink(dir / "report.html"));
}

TEST(write_file_atomic, a_device_or_folder_at_the_target_is_refused) {
  EXPECT_NE(error_of("/dev/null", "x").find("not a regular file"), std::string::npos);
  const fs::path dir = fresh_temp_dir("atomic-folder-target");
  fs::create_directory(dir / "report.html");
  EXPECT_NE(error_of(dir / "report.html", "x").find("is a folder"), std::string::npos);
}

TEST(write_file_atomic, failures_name_the_path_and_the_operating_system_reason) {
  const fs::path dir = fresh_temp_dir("atomic-missing");
  const std::string message = error_of(dir / "no-such-folder" / "a.txt", "x");
  EXPECT_NE(message.find("no-such-folder"), std::string::npos) << message;
  EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
}

TEST(write_file_atomic, an_unwritable_folder_is_reported_with_its_reason_and_left_empty) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  const fs::path dir = fresh_temp_dir("atomic-readonly");
  ::chmod(dir.c_str(), 0500);
  const std::string message = error_of(dir / "a.txt", "x");
  ::chmod(dir.c_str(), 0700);
  EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(write_file_atomic, a_write_cut_short_is_reported_and_leaves_neither_half_a_file_nor_a_temporary_one) {
  // A full disk, simulated with the file size limit so the test works as root too: write() fails with EFBIG.
  const fs::path dir = fresh_temp_dir("atomic-cut-short");
  write_file_atomic(dir / "a.txt", "previous");
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 1000;
  ::setrlimit(RLIMIT_FSIZE, &small);
  const std::string message = error_of(dir / "a.txt", std::string(5000, 'x'));
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_EQ(slurp(dir / "a.txt"), "previous");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(create_folder, accepts_a_real_folder_and_refuses_a_link_to_one) {
  const fs::path dir = fresh_temp_dir("create-folder");
  create_folder(dir / "a");
  create_folder(dir / "a");  // already there: fine
  fs::create_directory_symlink(fresh_temp_dir("create-folder-elsewhere"), dir / "b");
  EXPECT_THROW(create_folder(dir / "b"), OutputError);
}

}  // namespace
}  // namespace chaossim
