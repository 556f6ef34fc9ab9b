#pragma once
// CHAOSSIM_ASSERT(condition, message): a check at a boundary of the engine that must never fail. When it does, the
// simulation is already wrong, and every number it would print afterwards is suspect, so it prints the message and
// where it failed, and aborts rather than limping on.
//
// Checks are active in debug builds and in any build that defines CHAOSSIM_INVARIANTS (the CMake option of the same
// name sets it), and cost nothing otherwise: the condition is then compiled, so it cannot rot, but never evaluated.

#include <cstdio>   // std::fprintf to stderr: no iostreams in a header every engine file includes
#include <cstdlib>  // std::abort
#include <string_view>

#if !defined(NDEBUG) || defined(CHAOSSIM_INVARIANTS)
#define CHAOSSIM_CHECKS_ENABLED 1
#else
#define CHAOSSIM_CHECKS_ENABLED 0
#endif

namespace chaossim {

// Prints "file:line: chaossim: message" (and the failed condition, when there is one) and aborts.
[[noreturn]] inline void check_failed(std::string_view message, const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: chaossim: %.*s", file, line, static_cast<int>(message.size()), message.data());
  if (condition && *condition) std::fprintf(stderr, " (failed: %s)", condition);
  std::fputc('\n', stderr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace chaossim

#if CHAOSSIM_CHECKS_ENABLED
#define CHAOSSIM_ASSERT(condition, message) \
  (static_cast<bool>(condition) ? void(0) : ::chaossim::check_failed((message), #condition, __FILE__, __LINE__))
#else
#define CHAOSSIM_ASSERT(condition, message) void(sizeof(static_cast<bool>(condition)))
#endif
