#!/usr/bin/env bash
# Builds everything (build/, preset "default") and runs the whole test suite
# under ctest. Installs the dependencies first if any is missing.
#   bash tools/test.sh [extra ctest options, e.g. -R Scenario]
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset default
cmake --build --preset default
ctest --preset default "$@"
