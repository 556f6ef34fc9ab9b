#include "html/chart_program.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <system_error>
#include <thread>
#include <vector>

#include <fcntl.h>     // O_WRONLY for the child's /dev/null stdout
#include <spawn.h>     // posix_spawn: run the charting twin as a child, so its failure is ours to handle
#include <sys/wait.h>  // waitpid and the WIFEXITED family

extern char** environ;

namespace chaossim {

namespace fs = std::filesystem;

namespace {
std::optional<fs::path>& program_slot() {
  static std::optional<fs::path> program;
  return program;
}
}  // namespace

void set_chart_program(fs::path program) { program_slot() = std::move(program); }

std::optional<fs::path> chart_program() { return program_slot(); }

ChartProgramOutcome write_report_with(const fs::path& program, const fs::path& results_dir, const fs::path& html,
                                      const fs::path& summary, const std::atomic<bool>* cancel) {
  const std::string name = program.filename().string();
  std::error_code ec;
  if (!fs::exists(program, ec))
    return {false, name + ", which draws the charts, is not installed beside chaossim (looked for " + program.string() +
                       ")"};

  std::vector<std::string> args = {program.string(), "report", results_dir.string(), "-o", html.string(), "--summary", summary.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return {false, name + " could not be started: " + std::strerror(spawned)};

  // Polled rather than blocking, so an interrupt reaches the child even when signals restart system calls.
  int status = 0;
  bool terminated = false;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return {false, "lost track of " + name + ": " + std::strerror(errno)};
    if (cancel && cancel->load() && !terminated) {
      kill(pid, SIGTERM);
      terminated = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (terminated) return {false, "interrupted"};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, {}};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return {false, name + " could not start (exit status 127: a shared library it needs is missing)"};
  if (WIFEXITED(status)) return {false, name + " failed with exit status " + std::to_string(WEXITSTATUS(status))};
  if (WIFSIGNALED(status))
    return {false, name + " was stopped by signal " + std::to_string(WTERMSIG(status)) + " (" +
                       strsignal(WTERMSIG(status)) + ")"};
  return {false, name + " ended abnormally"};
}

}  // namespace chaossim
