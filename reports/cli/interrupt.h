#pragma once
// Ctrl-C and SIGTERM: the signal only sets flags; runs notice within a few thousand events (Engine::run_until),
// stop, and every configuration that finished keeps its files. The first signal also restores the default
// disposition of both, so a second one ends a process that is stuck at once.

#include <atomic>

namespace chaossim {

// Set by SIGINT or SIGTERM (and by anything else that wants the runs to stop).
std::atomic<bool>& cancel_flag();

// Installs the handlers of SIGINT and SIGTERM (sigaction). Call once the command line is parsed.
void install_interrupt_handler();

// The signal that stopped the runs: SIGINT, SIGTERM, or 0 when none arrived.
int interrupt_signal();

// The exit status of an interrupted command, as a shell reports a process killed by the signal: 130 after SIGINT,
// 143 after SIGTERM, and 130 when the runs were cancelled without a signal.
int interrupted_exit_code();

}  // namespace chaossim
