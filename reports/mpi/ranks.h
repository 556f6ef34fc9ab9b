#pragma once
// A sweep spread over the ranks of an MPI job (`mpirun -n N chaossim sweep ... --mpi`, or `srun`). Rank 0 reads the
// scenario, checks every point, hands the runs out one at a time to the ranks that ask for work, and writes the
// files from the results they send back, through the same code as a sweep on one machine's threads: the files are
// the same bytes. Runs differ in length by orders of magnitude (a point at ten times the load runs ten times the
// events), so a split fixed in advance would leave ranks idle; a rank asks again as soon as it is done.
//
// This header does not include mpi.h: builds without MPI compile the same command line, and `join` then says MPI
// is not there. The MPI side is ranks_mpi.cpp, built only when CMake finds MPI (option CHAOSSIM_MPI).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runner/runner.h"
#include "scenario/loader.h"

namespace chaossim::mpi {

// A run another rank could not finish: it threw, or could not build its point.
struct RunFailure {
  std::string name;  // the configuration: "point-002"
  std::uint64_t seed = 0;
  int rank = 0;
  std::string what;
};

class Ranks {
 public:
  // Joins the MPI job. Without MPI in this build, returns nothing and says why in `why`.
  static std::unique_ptr<Ranks> join(std::string& why);
  // Rank 0 first waits for the runs still out (it cannot leave the others blocked sending a result), then tells
  // every other rank to stop; every rank leaves the MPI job.
  virtual ~Ranks() = default;

  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Ranks other than 0: runs what rank 0 hands out until it says stop; `cancel` (Ctrl-C) stops the run at hand,
  // which is then reported as not finished. Returns the exit status of the process.
  virtual int serve(const std::atomic<bool>& cancel) = 0;

  // Rank 0: the document every run builds its scenario from (sent to each rank before its first run).
  virtual void use_document(const ScenarioDocument& document) = 0;

  // Rank 0: runs `jobs` on the other ranks, job i on the scenario build_scenario(document, overrides_of(i)) makes,
  // which must be jobs[i].scenario. Calls on_done(i, outcome) as each finishes, adds each finished job's simulated
  // seconds to `progress`, appends to `failures` the runs that failed, and hands out no new run once `cancel` is
  // set. Returns the outcomes in job order (not completed: failed or not run).
  virtual std::vector<JobOutcome> run(const std::vector<RunJob>& jobs,
                                      const std::function<std::vector<Override>(std::size_t)>& overrides_of,
                                      const std::function<void(std::size_t, const JobOutcome&)>& on_done,
                                      std::atomic<double>* progress, const std::atomic<bool>& cancel,
                                      std::vector<RunFailure>& failures) = 0;
};

// A rank told to fail the runs of one configuration (the environment variable CHAOSSIM_MPI_FAIL_RUNS=point-002)
// throws instead of running them: how the tests, and anyone checking a cluster's setup, see what a failed rank
// does to a sweep without having to crash a machine.
inline constexpr const char* kFailRunsVariable = "CHAOSSIM_MPI_FAIL_RUNS";

}  // namespace chaossim::mpi
