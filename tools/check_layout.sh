#!/usr/bin/env bash
# Checks the folder layout (docs/architecture.md): every file of engine/,
# include/migrasim/ and python/src/ includes only headers of its own part or of the parts it
# may depend on. Fails (exit 1) and lists each include that points upward.
#
#   cli       -> analysis io model scenario exec basics
#   analysis  -> io model scenario exec basics
#   io        -> model scenario exec basics
#   model     -> scenario exec basics
#   scenario  -> basics            (no exec: the description runs nothing)
#   exec      -> basics            (nothing else of ours)
#   basics    -> basics            (engine/*.cpp, migrasim/*.hpp, migrasim/detail/)
#   python    -> analysis io model scenario exec basics   (python/src/: the
#                Python module, beside the program: never cli)
#
# The umbrella include/migrasim/migrasim.hpp stands above every part: it
# includes every public header (tests/consumer checks that it misses none).
#
# The part of a file is its folder under engine/ or include/migrasim/; the part
# of an include is its folder after "migrasim/" (public headers) or its first
# folder under engine/ (internal headers: "io/run_file_layout.hpp"); a bare
# name ("household_step.hpp") is a header beside the including file.
# Usage: bash tools/check_layout.sh   (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

allowed() {  # allowed PART: the parts PART may include
  case $1 in
    umbrella) echo "cli analysis io model scenario exec basics" ;;
    python) echo "python analysis io model scenario exec basics" ;;
    cli) echo "cli analysis io model scenario exec basics" ;;
    analysis) echo "analysis io model scenario exec basics" ;;
    io) echo "io model scenario exec basics" ;;
    model) echo "model scenario exec basics" ;;
    scenario) echo "scenario basics" ;;
    exec) echo "exec basics" ;;
    basics) echo "basics" ;;
    *) echo "" ;;
  esac
}
parts="cli analysis io model scenario exec"

part_of_path() {  # the part of a file, from its path in the repository
  local rel=$1
  if [[ $rel == include/migrasim/migrasim.hpp ]]; then echo umbrella; return; fi
  if [[ $rel == python/src/* ]]; then echo python; return; fi
  rel=${rel#engine/}
  rel=${rel#include/migrasim/}
  local first=${rel%%/*}
  if [[ $rel != */* || $first == detail ]]; then echo basics; return; fi
  if [[ " $parts " == *" $first "* ]]; then echo "$first"; else echo "unknown:$first"; fi
}

bad=0
checked=0
files=$(find engine include/migrasim python/src -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
[[ -n $files ]] || { echo "check_layout: no sources found" >&2; exit 1; }
for file in $files; do
  own=$(part_of_path "$file")
  if [[ $own == unknown:* ]]; then
    echo "$file: folder '${own#unknown:}' is not a part of the layout" >&2
    bad=1
    continue
  fi
  ok=" $(allowed "$own") "
  # Quoted includes only: <...> are the standard library and third parties.
  while IFS=: read -r line inc; do
    inc=${inc#*\"}
    inc=${inc%%\"*}
    if [[ $inc == ../* || $inc == */../* ]]; then
      echo "$file:$line: relative include \"$inc\" (name it from include/ or engine/)" >&2
      bad=1
      continue
    fi
    if [[ $inc == migrasim/* ]]; then
      target=$(part_of_path "include/$inc")
    elif [[ $inc == */* ]]; then
      target=$(part_of_path "engine/$inc")
    else
      target=$own  # beside the including file
    fi
    checked=$((checked + 1))
    if [[ $ok != *" $target "* ]]; then
      echo "$file:$line: $own includes \"$inc\" ($target), a part above it or beside it" >&2
      bad=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" | cut -d: -f1,2- || true)
done

if (( bad )); then
  echo "check_layout: FAILED (see docs/architecture.md for the order of the parts)" >&2
  exit 1
fi
echo "check_layout: OK ($(wc -w <<<"$files") files, $checked includes, no include points upward)"
