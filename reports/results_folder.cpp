#include "results_folder.h"

#include <cerrno>
#include <cstdio>  // renameat2
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output_file.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

enum class Entry { absent, folder, symlink, other };

Entry entry_at(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Entry::absent;
    throw OutputError(os_error(path, "cannot inspect", errno));
  }
  if (S_ISLNK(st.st_mode)) return Entry::symlink;
  return S_ISDIR(st.st_mode) ? Entry::folder : Entry::other;
}

bool is_empty_folder(const fs::path& path) {
  std::error_code ec;
  return fs::is_empty(path, ec) && !ec;
}

// What a run may replace: nothing, an empty folder, or an earlier run's results. Anything else is the user's.
void check_replaceable_folder(const fs::path& path) {
  switch (entry_at(path)) {
    case Entry::absent:
      return;
    case Entry::symlink:
      throw OutputError(path.string() + ": is a symbolic link; give the folder itself as --out");
    case Entry::other:
      throw OutputError(path.string() + ": exists and is not a folder; choose another --out");
    case Entry::folder:
      if (is_empty_folder(path) || is_results_folder(path)) return;
      throw OutputError(path.string() + ": holds files that are not chaossim results (no manifest.json); " +
                        "refusing to replace them: choose a new or empty --out");
  }
}

// Removes a folder this run owns (staging, or results it replaced). remove_all does not follow symbolic links.
void remove_tree(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::string read_small_file(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

bool is_results_folder(const fs::path& folder) {
  struct stat st {};
  return ::lstat((folder / "manifest.json").c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

ResultsFolder::ResultsFolder(fs::path target) {
  target = target.lexically_normal();
  if (target.has_filename() == false && target.has_parent_path()) target = target.parent_path();
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..")
    throw OutputError("--out " + target.string() + ": name the results folder itself, e.g. results/my-run");
  m_target = target;
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(os_error(parent, "cannot create folder", ec.value()));

  // The lock file may be left by a run that was killed: taking the lock is what counts, not the file existing. A
  // run that finishes unlinks it while holding it, so after locking we check the name still leads to our file.
  m_lock_path = parent / ("." + name + ".lock");
  for (;;) {
    const int fd = ::open(m_lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) throw OutputError(os_error(m_lock_path, "cannot create the lock file", errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      std::string pid = read_small_file(fd);
      ::close(fd);
      if (error != EWOULDBLOCK) throw OutputError(os_error(m_lock_path, "cannot lock", error));
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      throw OutputError(m_target.string() + ": in use by another chaossim run" +
                        (pid.empty() ? std::string() : " (pid " + pid + ")") +
                        "; wait for it to finish or choose another --out");
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::lstat(m_lock_path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      m_lock_fd = fd;
      break;
    }
    ::close(fd);  // unlinked by the run that held it: lock the new file instead
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(m_lock_fd, 0) != 0 || ::pwrite(m_lock_fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the message another run prints; the lock holds without it.
  }

  try {
    check_replaceable_folder(m_target);
    check_replaceable_folder(interrupted_folder());
    check_replaceable_folder(incomplete_folder());
    // Staging folders of killed runs: ours to remove now that we hold the lock.
    const std::string stale_prefix = "." + name + ".staging-";
    for (const auto& entry : fs::directory_iterator(parent, ec))
      if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) remove_tree(entry.path());
    for (int attempt = 0; m_staging.empty(); ++attempt) {
      const fs::path candidate = parent / (stale_prefix + unpredictable_suffix());
      if (::mkdir(candidate.c_str(), 0777) == 0)
        m_staging = candidate;
      else if (errno != EEXIST || attempt == 16)
        throw OutputError(os_error(parent, "cannot create a folder in", errno));
    }
  } catch (...) {
    ::unlink(m_lock_path.c_str());
    ::close(m_lock_fd);
    throw;
  }
}

ResultsFolder::~ResultsFolder() {
  if (!m_published && !m_staging.empty()) remove_tree(m_staging);
  if (m_lock_fd >= 0) {
    ::unlink(m_lock_path.c_str());
    ::close(m_lock_fd);
  }
}

fs::path ResultsFolder::interrupted_folder() const {
  return m_target.parent_path() / (m_target.filename().string() + ".interrupted");
}

fs::path ResultsFolder::incomplete_folder() const {
  return m_target.parent_path() / (m_target.filename().string() + ".incomplete");
}

void ResultsFolder::move_into_place(const fs::path& destination) {
  check_replaceable_folder(destination);  // again: the folder may have changed while the run ran
  if (entry_at(destination) == Entry::absent) {
    if (::rename(m_staging.c_str(), destination.c_str()) != 0)
      throw OutputError(os_error(destination, "cannot move the results into place", errno));
  } else if (::renameat2(AT_FDCWD, m_staging.c_str(), AT_FDCWD, destination.c_str(), RENAME_EXCHANGE) == 0) {
    remove_tree(m_staging);  // now the previous results
  } else if (errno == EINVAL || errno == ENOSYS) {
    // A file system without an atomic exchange: for a moment there are no results, never mixed ones.
    const fs::path previous = m_staging.string() + ".previous";
    if (::rename(destination.c_str(), previous.c_str()) != 0)
      throw OutputError(os_error(destination, "cannot move the previous results aside", errno));
    if (::rename(m_staging.c_str(), destination.c_str()) != 0) {
      const int error = errno;
      ::rename(previous.c_str(), destination.c_str());
      throw OutputError(os_error(destination, "cannot move the results into place", error));
    }
    remove_tree(previous);
  } else {
    throw OutputError(os_error(destination, "cannot move the results into place", errno));
  }
  m_published = true;
}

void ResultsFolder::publish() {
  move_into_place(m_target);
  // An interrupted or failed run's leftovers belonged to the run now replaced.
  if (is_results_folder(interrupted_folder())) remove_tree(interrupted_folder());
  if (is_results_folder(incomplete_folder())) remove_tree(incomplete_folder());
}

void ResultsFolder::publish_interrupted() { move_into_place(interrupted_folder()); }

void ResultsFolder::publish_incomplete() { move_into_place(incomplete_folder()); }

}  // namespace chaossim
