#pragma once
// Ctrl-C: the signal sets a flag; runs stop at their next slice and finished configurations keep their files.

#include <atomic>

namespace chaossim {

// Set by SIGINT.
std::atomic<bool>& cancel_flag();
void install_interrupt_handler();

}  // namespace chaossim
