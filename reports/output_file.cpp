#include "output_file.h"

#include <cerrno>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/assert.h"

namespace chaossim {

namespace fs = std::filesystem;

std::string os_error(const fs::path& path, std::string_view what, int error) {
  return path.string() + ": " + std::string(what) + ": " + std::strerror(error);
}

void check_replaceable_file(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw OutputError(os_error(path, "cannot inspect", errno));
  }
  if (S_ISLNK(st.st_mode))
    throw OutputError(path.string() + ": is a symbolic link; refusing to write through it (remove it first)");
  if (S_ISDIR(st.st_mode)) throw OutputError(path.string() + ": is a folder, not a file");
  if (!S_ISREG(st.st_mode))
    throw OutputError(path.string() + ": is not a regular file (a device, fifo or socket); refusing to replace it");
}

void check_writable_target(const fs::path& path) {
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw OutputError(path.string() + ": the folder " + folder.string() + " does not exist");
  check_replaceable_file(path);
}

void create_folder(const fs::path& path) {
  if (::mkdir(path.c_str(), 0777) == 0) return;
  if (errno != EEXIST) throw OutputError(os_error(path, "cannot create folder", errno));
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) throw OutputError(os_error(path, "cannot inspect", errno));
  if (S_ISLNK(st.st_mode))
    throw OutputError(path.string() + ": is a symbolic link; refusing to write through it (remove it first)");
  if (!S_ISDIR(st.st_mode)) throw OutputError(path.string() + ": exists and is not a folder");
}

std::string unpredictable_suffix() {
  static thread_local std::mt19937_64 bits{std::random_device{}() ^ static_cast<std::uint64_t>(::getpid())};
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s(12, '0');
  for (char& c : s) c = kDigits[bits() % 36];
  return s;
}

namespace {

void write_all(int fd, std::string_view content, const fs::path& tmp) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw OutputError(os_error(tmp, "cannot write", errno));
    CHAOSSIM_ASSERT(n > 0, "write returned zero bytes");
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view content) {
  check_replaceable_file(path);
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::path tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    tmp = folder / ("." + path.filename().string() + "." + unpredictable_suffix() + ".tmp");
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt == 16)) throw OutputError(os_error(tmp, "cannot create", errno));
  }
  try {
    write_all(fd, content, tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {  // NFS and full disks report late
    const int error = errno;
    ::unlink(tmp.c_str());
    throw OutputError(os_error(tmp, "cannot write", error));
  }
  // Checked again just before the rename: a folder or device that appeared meanwhile is still not replaced.
  try {
    check_replaceable_file(path);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    throw OutputError(os_error(path, "cannot replace", error));
  }
}

}  // namespace chaossim
