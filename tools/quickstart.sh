#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a result: installs the
# dependencies if missing, builds migrasim (build/, preset "default"),
# validates the default scenario and runs it.
#   bash tools/quickstart.sh [extra options for `migrasim run`]
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target migrasim

./build/migrasim validate scenarios/china-2007
# --overwrite: a rerun replaces the run.h5 of the last quickstart (`run`
# never replaces a file unless told to).
./build/migrasim run scenarios/china-2007 --overwrite "$@"
