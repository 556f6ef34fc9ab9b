#include "live/child_process.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace chaossim::live {

ChildProcess::ChildProcess(const std::string& command, int listen_fd,
                           const std::vector<std::pair<std::string, std::string>>& env) {
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls are made.
  std::vector<std::string> entries;
  for (char** e = environ; *e; ++e) entries.emplace_back(*e);
  for (const auto& [k, v] : env) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (std::string& s : entries) envp.push_back(s.data());
  envp.push_back(nullptr);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  m_pid = fork();
  if (m_pid < 0) throw std::runtime_error(std::string("cannot start a process: ") + std::strerror(errno));
  if (m_pid == 0) {
    setpgid(0, 0);
    if (listen_fd != 3) {
      dup2(listen_fd, 3);
      close(listen_fd);
    }
    fcntl(3, F_SETFD, 0);  // kept across exec
    execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
    _exit(127);
  }
  setpgid(m_pid, m_pid);  // also from here: whichever runs first, the group exists before it is signalled
}

bool ChildProcess::running(std::string* status) {
  if (!m_reaped) {
    const pid_t r = waitpid(m_pid, &m_status, WNOHANG);
    m_reaped = r == m_pid;
  }
  if (m_reaped && status) {
    *status = WIFEXITED(m_status) ? "exited with status " + std::to_string(WEXITSTATUS(m_status))
                                  : "was killed by signal " + std::to_string(WTERMSIG(m_status));
  }
  return !m_reaped;
}

void ChildProcess::stop() {
  if (m_pid <= 0 || !running()) return;
  kill(-m_pid, SIGTERM);
  for (int i = 0; i < 100 && running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (running()) {
    kill(-m_pid, SIGKILL);
    waitpid(m_pid, &m_status, 0);
    m_reaped = true;
  }
}

ChildProcess::~ChildProcess() { stop(); }

}  // namespace chaossim::live
