#pragma once
// A results folder holds exactly one run, complete or marked incomplete, and two runs never write into it at once.
//
// A run does not write into its --out folder. It locks the folder's name, writes into a fresh staging folder beside
// it, and swaps that in place of the previous results at the end (renameat2 RENAME_EXCHANGE: readers see the old
// run or the new, never a mix). So stale variants of an earlier run cannot linger beside new ones, an interrupted run
// leaves the previous results untouched, a killed run leaves only staging folders that the next run removes, and
// the output location is known to be writable before the simulation starts.
//
// On disk, for --out results/x:
//   results/x/                       the results
//   results/.x.lock                  held (flock) while a run writes; holds its pid
//   results/.x.staging-XXXXXX/       the run being written
//   results/x.interrupted/           the configurations an interrupted run finished, when it finished any
//   results/x.incomplete/            the configurations a run finished when others failed (a rank of an MPI sweep)

#include <filesystem>
#include <string>

namespace chaossim {

class ResultsFolder {
 public:
  // Locks `target` against other chaossim runs, checks that it can be replaced (absent, an empty folder, or a
  // chaossim results folder: one with a manifest.json, never a symbolic link or a file), and creates the staging
  // folder. Creates missing parent folders. Throws OutputError: "in use by pid N", or what is wrong with the path.
  explicit ResultsFolder(std::filesystem::path target);
  ~ResultsFolder();  // removes the staging folder unless published, releases the lock
  ResultsFolder(const ResultsFolder&) = delete;
  ResultsFolder& operator=(const ResultsFolder&) = delete;

  const std::filesystem::path& target() const { return m_target; }
  // Where the run writes everything it would write into target().
  const std::filesystem::path& staging() const { return m_staging; }

  // Replaces the previous results with the staging folder. Throws OutputError.
  void publish();
  // For an interrupted run: keeps the staging folder as interrupted_folder(), leaving target() as it was.
  void publish_interrupted();
  std::filesystem::path interrupted_folder() const;
  // For a run some of whose configurations failed: keeps the staging folder as incomplete_folder(), leaving
  // target() as it was.
  void publish_incomplete();
  std::filesystem::path incomplete_folder() const;

 private:
  void move_into_place(const std::filesystem::path& destination);

  std::filesystem::path m_target, m_staging, m_lock_path;
  int m_lock_fd = -1;
  bool m_published = false;
};

// True when `folder` looks like what a chaossim run writes (it has a manifest.json regular file), so replacing it
// cannot destroy anything else.
bool is_results_folder(const std::filesystem::path& folder);

}  // namespace chaossim
