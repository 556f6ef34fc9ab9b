#pragma once
// The example service of live mode (examples/live/checkout_service.py) as a user runs it: started once on a fixed
// loopback port, calling payments at a fixed port where chaossim's mock will be. For the tests that run live mode
// against it (tests/live, tests/gui); needs CHAOSSIM_SOURCE_DIR and python3.

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include <arpa/inet.h>   // htonl, htons: a loopback address for the ports
#include <netinet/in.h>  // sockaddr_in
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace chaossim::testing {

inline sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  return a;
}

// A port on loopback that nothing listens on right now (the OS's choice, released at once).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(0);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

// The example service started once by the user, listening on `port` and calling payments at `payments`; returns
// once it listens (at most 5 s).
inline pid_t start_service(int port, int payments) {
  const std::string command = "exec python3 " + std::string(CHAOSSIM_SOURCE_DIR) +
                              "/examples/live/checkout_service.py --port " + std::to_string(port) +
                              " --payments-url http://127.0.0.1:" + std::to_string(payments);
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 100; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in a = loopback(port);
    const bool up = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pid;
}

// Stops the service when the test ends, however it ends.
struct ExampleService {
  int port = free_port(), payments = free_port();
  pid_t pid = start_service(port, payments);
  ExampleService() = default;
  ExampleService(const ExampleService&) = delete;
  ExampleService& operator=(const ExampleService&) = delete;
  ~ExampleService() {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

}  // namespace chaossim::testing
