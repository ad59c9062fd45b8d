#!/usr/bin/env bash
# Builds the `asan` preset (Debug, -fsanitize=address,undefined; build-asan/)
# and runs the fast part of the test suite under it (docs/testing.md). Any
# sanitizer report fails the test it happens in, and so the script.
#   bash tools/asan_check.sh [extra ctest options]
# Left out (both still run in the plain build's ctest): install_find_package,
# which installs and rebuilds a consumer project, and python_calibration_cities,
# a 50,000-agent run of the 356 cities. Everything else runs: 268 tests in
# 76 s on 2 idle cores, after the build (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset asan "${launcher[@]}"
cmake --build --preset asan

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
slow='^(install_find_package|python_calibration_cities)$'
start=$(date +%s)
ctest --preset asan -E "$slow" --timeout 600 "$@"
echo "asan_check: the ASan+UBSan subset passed in $(($(date +%s) - start)) s"
