#!/usr/bin/env bash
# Installs the Debian 12 packages migrasim needs to build, test and read its
# run files. Idempotent and non-interactive: installs only what is missing
# (after `apt-get update`), and does nothing when all is present. Run as root
# or as a user with sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build   # compiler, CMake >= 3.25, Ninja
  libeigen3-dev                       # Eigen3::Eigen
  libboost-program-options-dev        # Boost::program_options
  libhdf5-dev hdf5-tools              # HDF5 C library; h5dump for checks
  nlohmann-json3-dev                  # nlohmann_json (JSON output of the program)
  libgtest-dev                        # GTest::gtest_main
  python3 python3-h5py python3-numpy  # tools/ scripts that read run files
  python3-dev pybind11-dev python3-pybind11  # the Python package (python/)
  python3-pandas python3-matplotlib   # its DataFrames; the tutorial's chart, history_check's picture
  jupyter-nbconvert python3-ipykernel # the tutorial notebook, executed in ctest
  chromium python3-pil                # report tests: headless screenshots, PNG check
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
