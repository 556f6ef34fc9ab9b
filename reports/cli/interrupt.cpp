#include "cli/interrupt.h"

#include <csignal>

namespace chaossim {

std::atomic<bool>& cancel_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void on_sigint(int) { cancel_flag().store(true); }
}  // namespace

void install_interrupt_handler() { std::signal(SIGINT, on_sigint); }

}  // namespace chaossim
