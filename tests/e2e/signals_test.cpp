// Stopping chaossim from outside: SIGINT (Ctrl-C) and SIGTERM (kill, a service manager) stop the runs within a
// fraction of a second however long a bucket is, with the exit status a shell gives a process killed by that
// signal (130, 143); the first signal restores the default disposition, so a second one ends a stuck process.
// The handler is tested in forked children (gtest death tests) and the whole program as a real process.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/interrupt.h"
#include "support/files.h"

#ifndef CHAOSSIM_PROGRAM
#error "CHAOSSIM_PROGRAM: the path of the built chaossim program (tests/CMakeLists.txt)"
#endif

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

bool handled_by_default(int sig) {
  struct sigaction now {};
  sigaction(sig, nullptr, &now);
  return now.sa_handler == SIG_DFL;
}

// In a forked child: the first signal is handled and recorded, the second one kills.
[[noreturn]] void signal_twice(int first, int second, int expected_code) {
  install_interrupt_handler();
  std::raise(first);  // the handler has run when raise() returns
  if (!cancel_flag().load() || interrupt_signal() != first) std::_Exit(10);
  if (interrupted_exit_code() != expected_code) std::_Exit(11);
  if (!handled_by_default(SIGINT) || !handled_by_default(SIGTERM)) std::_Exit(12);
  std::raise(second);
  std::_Exit(13);  // still alive: the second signal was caught again
}

TEST(interrupt, ctrl_c_stops_the_runs_with_130_and_a_second_ctrl_c_kills) {
  EXPECT_EXIT(signal_twice(SIGINT, SIGINT, 130), ::testing::KilledBySignal(SIGINT),
              "interrupted, stopping the runs \\(press Ctrl-C again to quit at once\\)");
}

TEST(interrupt, sigterm_stops_the_runs_with_143_and_then_ctrl_c_kills) {
  EXPECT_EXIT(signal_twice(SIGTERM, SIGINT, 143), ::testing::KilledBySignal(SIGINT), "terminated, stopping the runs");
}

TEST(interrupt, a_cancellation_without_a_signal_reads_as_ctrl_c) {
  EXPECT_EXIT(
      {
        cancel_flag().store(true);
        std::_Exit(interrupt_signal() == 0 && interrupted_exit_code() == 130 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

// --- the program as a real process ---

// One bucket of an hour at 100,000 operations a second: minutes of work, all inside one bucket.
constexpr const char* kHugeBucket =
    R"({"schema_version":1,"name":"huge-bucket","duration":"1h","bucket":"1h",
  "services":{"api":{"workers":400,"handler":[{"work":"1ms"},{"effect":"charge"}]}},
  "clients":{"count":10,"target":"api","arrival":{"process":"poisson","rate":100000}},
  "edges":{"clients->api":{"timeout":"200ms","retry":{"max_attempts":3}}}})";

// Whether process `pid` has a handler for `sig` (Linux: the SigCgt mask of /proc/PID/status).
bool catches(pid_t pid, int sig) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (sig - 1)) & 1u;
  return false;
}

struct Ended {
  int exit_code = -1;  // when it exited
  int killed_by = 0;   // when a signal ended it
  double seconds = 0;  // from the signal to the end
};

// Starts `chaossim run` on the huge bucket, sends `sig` once the handlers are in place, and waits for the end.
std::optional<Ended> run_and_signal(int sig, const fs::path& dir) {
  const fs::path scenario = dir / "huge-bucket.json";
  std::ofstream(scenario) << kHugeBucket;
  const fs::path err = dir / "stderr.txt";
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(err.c_str(), "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    ::execl(CHAOSSIM_PROGRAM, "chaossim", "run", scenario.c_str(), "--out", (dir / "out").c_str(), "--quiet",
            static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  if (pid < 0) return std::nullopt;

  int status = 0;
  bool reaped = false;
  const auto running = [&] {
    if (!reaped) reaped = ::waitpid(pid, &status, WNOHANG) == pid;
    return !reaped;
  };
  const auto started = Clock::now();
  while (running() && !catches(pid, sig) && Clock::now() - started < 30s) std::this_thread::sleep_for(5ms);
  bool ended = !running();
  if (!ended) {
    EXPECT_TRUE(catches(pid, sig)) << "the program never installed its handler";
    std::this_thread::sleep_for(200ms);  // well into the run: scenario loaded, engine in its one bucket
    ended = !running();
  }
  if (ended) {  // it did not wait for the signal: a failure the caller's checks report with its stderr
    ADD_FAILURE() << "the program ended before it was signalled";
    Ended early;
    if (WIFEXITED(status)) early.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) early.killed_by = WTERMSIG(status);
    return early;
  }
  ::kill(pid, sig);
  const auto signalled = Clock::now();

  while (running()) {
    if (Clock::now() - signalled > 60s) {  // not stopped: do not leave it running for minutes
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  Ended end;
  end.seconds = std::chrono::duration<double>(Clock::now() - signalled).count();
  if (WIFEXITED(status)) end.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) end.killed_by = WTERMSIG(status);
  return end;
}

void expect_prompt_stop(int sig, int expected_code, const std::string& name) {
  ASSERT_TRUE(fs::exists(CHAOSSIM_PROGRAM)) << "build the chaossim program first: " << CHAOSSIM_PROGRAM;
  const fs::path dir = testing::fresh_temp_dir("signals-" + name);
  const std::optional<Ended> end = run_and_signal(sig, dir);
  ASSERT_TRUE(end) << "fork failed";
  const std::string err = testing::slurp(dir / "stderr.txt");
  EXPECT_EQ(end->killed_by, 0) << "ended by signal " << end->killed_by << "; stderr:\n" << err;
  EXPECT_EQ(end->exit_code, expected_code) << err;
  EXPECT_LT(end->seconds, 5.0) << "the whole run takes minutes; a signalled one must stop at once\n" << err;
  fs::remove_all(dir);
}

TEST(signals, sigterm_stops_a_run_inside_a_huge_bucket_promptly_with_143) { expect_prompt_stop(SIGTERM, 143, "term"); }

TEST(signals, sigint_stops_a_run_inside_a_huge_bucket_promptly_with_130) { expect_prompt_stop(SIGINT, 130, "int"); }

}  // namespace
}  // namespace chaossim
