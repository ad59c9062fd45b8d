#!/usr/bin/env bash
# Installs a built migrasim into a temporary prefix, then configures, builds
# and runs tests/consumer against it with find_package(migrasim).
# Usage: run_consumer_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build_dir=$1
source_dir=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/migrasim-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

generator=()
if command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi

# Use the compiler the main build used, so the static library links cleanly.
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
compilers=()
[[ -n $cxx ]] && compilers+=("-DCMAKE_CXX_COMPILER=$cxx")
[[ -n $cc ]] && compilers+=("-DCMAKE_C_COMPILER=$cc")

cmake --install "$build_dir" --prefix "$tmp/prefix"

# The installed API: the umbrella header includes every public header, in
# every part's folder (migrasim/io/run_file.hpp, ...), and no internal header
# (a detail/ folder at any depth: include/migrasim/detail/,
# include/migrasim/scenario/detail/) is installed.
include_dir="$tmp/prefix/include/migrasim"
internal=$(find "$include_dir" -type d -name detail)
if [[ -n $internal ]]; then
  echo "error: internal headers installed: $internal" >&2
  exit 1
fi
count=0
while IFS= read -r header; do
  name=${header#"$include_dir"/}
  [[ $name == migrasim.hpp ]] && continue
  if ! grep -q "^#include \"migrasim/$name\"" "$include_dir/migrasim.hpp"; then
    echo "error: migrasim/migrasim.hpp does not include migrasim/$name" >&2
    exit 1
  fi
  count=$((count + 1))
done < <(find "$include_dir" -name '*.hpp' | sort)
if (( count == 0 )); then
  echo "error: no public header installed under $include_dir" >&2
  exit 1
fi

cmake -S "$source_dir/tests/consumer" -B "$tmp/build" "${generator[@]}" "${compilers[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
# The engine's OpenMP is private: no -fopenmp reaches a consumer's compile.
if grep -q -- '-fopenmp' "$tmp/build/compile_commands.json"; then
  echo "error: -fopenmp leaks into the consumer's compile:" >&2
  grep -- '-fopenmp' "$tmp/build/compile_commands.json" >&2
  exit 1
fi
cmake --build "$tmp/build"
"$tmp/build/consumer" "$source_dir/scenarios/toy-3"
