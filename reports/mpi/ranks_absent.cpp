// ranks.h in a build without MPI: `--mpi` is refused with what to install.
#include "mpi/ranks.h"

namespace chaossim::mpi {

std::unique_ptr<Ranks> Ranks::join(std::string& why) {
  why =
      "this chaossim was built without MPI: install Open MPI (Debian: libopenmpi-dev openmpi-bin) and build again "
      "(CMake finds it; -DCHAOSSIM_MPI=ON insists on it)";
  return nullptr;
}

}  // namespace chaossim::mpi
