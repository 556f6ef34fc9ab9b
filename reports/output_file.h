#pragma once
// Writing a file that a stranger's folder cannot redirect. Results folders are shared, so anything already in them
// may be a trap: a symbolic link planted at a predictable temporary name, or at the target itself, pointing at a
// file the user cares about; a device node; a folder. Every file chaossim writes goes through write_file_atomic:
//   - the target, if it exists, must be a regular file (a symbolic link, device, fifo or folder is refused, never
//     followed or replaced);
//   - the content goes to a fresh temporary file in the same folder, created with O_CREAT|O_EXCL|O_NOFOLLOW under an
//     unpredictable name, so nothing planted can be written through;
//   - it is renamed over the target only when complete, so a reader never sees half a file, and rename replaces a
//     directory entry without following it.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chaossim {

// A failure of the user's environment (permissions, a full disk, a path that is not a folder…), as opposed to a
// defect of chaossim: the message names the path and the operating system's reason. The command line exits 2.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "PATH: what failed: the OS reason", for errno `error`.
std::string os_error(const std::filesystem::path& path, std::string_view what, int error);

// Writes `content` to `path` as described above. The folder must exist. Throws OutputError.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Creates the folder `path` (its parent must exist), or accepts one that is already there only if it is a real
// folder: a symbolic link to a folder elsewhere is refused, not followed. Throws OutputError.
void create_folder(const std::filesystem::path& path);

// Twelve random characters for a temporary name that no one can predict (and so plant a link at in advance).
std::string unpredictable_suffix();

// Throws OutputError unless `path` can be written by write_file_atomic: its folder exists (none is created) and it
// is absent or a regular file. For targets named on the command line, checked before any work is done.
void check_writable_target(const std::filesystem::path& path);

// Throws OutputError unless `path` is absent or a regular file (not followed when it is a symbolic link).
void check_replaceable_file(const std::filesystem::path& path);

}  // namespace chaossim
