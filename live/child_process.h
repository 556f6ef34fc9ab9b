#pragma once
// A service that live mode starts itself (`--exec NAME=COMMAND`): the command runs under /bin/sh in a process group
// of its own, with a listening socket that chaossim bound on loopback (port chosen by the OS) as file descriptor 3
// (CHAOSSIM_LISTEN_FD=3), and the URLs of what it calls in its environment (CHAOSSIM_URL_<CALLEE>). The group is
// sent SIGTERM when the run ends (SIGKILL if it lingers), so nothing the run started outlives it.

#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace chaossim::live {

class ChildProcess {
 public:
  // Starts `command` with `listen_fd` as fd 3 and `env` added to the environment. Throws std::runtime_error.
  ChildProcess(const std::string& command, int listen_fd, const std::vector<std::pair<std::string, std::string>>& env);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Whether it is still running; when it has exited, `status` says how ("exited with status 1").
  bool running(std::string* status = nullptr);
  void stop();
  pid_t pid() const { return m_pid; }

 private:
  pid_t m_pid = -1;
  bool m_reaped = false;
  int m_status = 0;
};

}  // namespace chaossim::live
