#include "cli/interrupt.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <unistd.h>  // write(): the one way to print from a signal handler

namespace chaossim {

namespace {

// A signal handler may only touch lock-free atomics; constinit keeps them free of initialisation guards too.
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);
constinit std::atomic<bool> g_cancel{false};
constinit std::atomic<int> g_signal{0};

void set_disposition(int sig, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // a write or a read in progress goes on; the runs see the flag
  sigaction(sig, &action, nullptr);
}

void say(const char* text) { [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, text, std::strlen(text)); }

// Only async-signal-safe calls here: atomics, sigaction, write.
extern "C" void on_stop_signal(int sig) {
  const int saved_errno = errno;
  int none = 0;
  const bool first = g_signal.compare_exchange_strong(none, sig);  // the first signal decides the exit status
  g_cancel.store(true);
  // From now on either signal ends the process at once, so a run that does not stop can still be got rid of.
  set_disposition(SIGINT, SIG_DFL);
  set_disposition(SIGTERM, SIG_DFL);
  if (first)
    say(sig == SIGINT ? "\nchaossim: interrupted, stopping the runs (press Ctrl-C again to quit at once)\n"
                      : "chaossim: terminated, stopping the runs (a second signal quits at once)\n");
  errno = saved_errno;
}

}  // namespace

std::atomic<bool>& cancel_flag() { return g_cancel; }

void install_interrupt_handler() {
  set_disposition(SIGINT, on_stop_signal);
  set_disposition(SIGTERM, on_stop_signal);
}

int interrupt_signal() { return g_signal.load(); }

int interrupted_exit_code() {
  constexpr int kKilledBy = 128;  // shells report a process ended by signal N as 128 + N
  const int sig = interrupt_signal();
  return kKilledBy + (sig != 0 ? sig : SIGINT);
}

}  // namespace chaossim
