#!/usr/bin/env bash
# Installs what chaossim needs to build, test and run, from Debian 12 packages. Safe to re-run: packages already
# present are left as they are.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  file                 # CPack's Debian generator inspects binaries with it (dpkg-shlibdeps computes Depends)
  nlohmann-json3-dev   # scenario files and results
  libboost-dev         # Boost.Asio thread pool for parallel runs, Boost.Math for Student's t, Boost.Beast (live mode)
  python3              # live mode's example service (examples/live), and the tests that run it
  libcli11-dev         # command-line parsing
  libmd4c-dev          # CommonMark parser for the untrusted Markdown of scenario descriptions
  libgraphviz-dev      # Graphviz (libgvc, libcgraph): the layout of the topology diagram in reports
  libgtest-dev libgmock-dev  # tests
  libbenchmark-dev     # benchmarks
  help2man             # man pages made from the programs' own --help
  clang-format         # tests: the engine keeps the layout of .clang-format
  python3-jsonschema   # tests: the generated JSON Schema checked by an independent validator
  libxml2-utils        # tests: xmllint checks the JUnit XML for CI against the common schema
  locales              # tests: localedef makes a decimal-comma locale, to show reports do not follow the locale
  qt6-base-dev qt6-charts-dev qt6-svg-dev  # the dashboard and the charts of the HTML report
  libgl-dev libqt6opengl6-dev  # Qt6 Gui and Qt6 Charts' CMake packages look for OpenGL (headers, Qt6OpenGL)
  libopenmpi-dev openmpi-bin   # chaossim sweep --mpi, and mpirun for its test (the build works without them)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: these packages are missing: ${missing[*]}" >&2
  echo "setup: run this script as root (or install sudo) so it can apt-get install them" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
