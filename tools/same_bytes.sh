#!/usr/bin/env bash
# Same bytes (issue 13, point 4): runs every shipped scenario and what-if
# with this tree's migrasim and with another commit's, and compares their
# run files on /series, /flows, /snapshots and /events with h5diff (values
# and shapes; the root `command_line` attribute names the binary, so it is
# left out).
#   bash tools/same_bytes.sh REV [agents, default 20000] [months, default 30] [threads, default 2]
# REV is built in a temporary worktree (build folder kept in
# build-same-bytes/REV for the next call). Exits 1 if any file differs.
set -euo pipefail
cd "$(dirname "$0")/.."

rev="${1:?usage: bash tools/same_bytes.sh REV [agents] [months] [threads]}"
agents="${2:-20000}"
months="${3:-30}"
threads="${4:-2}"
command -v h5diff >/dev/null || bash tools/install-deps.sh

here="$PWD/build/migrasim"
[ -x "$here" ] || { cmake --preset default >/dev/null && cmake --build --preset default --target migrasim; }

sha="$(git rev-parse --short "$rev")"
tree="$PWD/build-same-bytes/src-$sha"
if [ ! -x "$PWD/build-same-bytes/$sha/migrasim" ]; then
  rm -rf "$tree"
  git worktree add --detach "$tree" "$sha" >/dev/null
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$tree" -B "$PWD/build-same-bytes/$sha" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMIGRASIM_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
  cmake --build "$PWD/build-same-bytes/$sha" --target migrasim
  git worktree remove --force "$tree"
fi
there="$PWD/build-same-bytes/$sha/migrasim"

out="$(mktemp -d "${TMPDIR:-/tmp}/migrasim-same-bytes.XXXXXX")"
trap 'rm -rf "$out"' EXIT
inputs=(scenarios/toy-3 scenarios/toy-3-alpha-open.ini scenarios/china-2007 scenarios/china-cities-2010)
inputs+=(scenarios/china-2007/whatif/*.ini scenarios/china-cities-2010/whatif/*.ini scenarios/fiscal/*.ini)
different=0
for input in "${inputs[@]}"; do
  name="$(echo "$input" | tr '/.' '__')"
  args=(run "$input" --agents "$agents" --ticks "$months" --threads "$threads" --snapshot-every 12 --quiet)
  "$here" "${args[@]}" --out "$out/$name-here.h5" >/dev/null 2>"$out/err"
  "$there" "${args[@]}" --out "$out/$name-there.h5" >/dev/null 2>"$out/err"
  verdict="same"
  for group in /series /flows /snapshots /events; do
    # h5diff exits 0 on objects it cannot compare (another type or shape):
    # those count as different too, except two empty datasets (h5diff cannot
    # compare those; h5ls below checks that their shapes and types agree).
    if ! report="$(h5diff -c "$out/$name-here.h5" "$out/$name-there.h5" "$group" "$group" 2>&1)" ||
      grep -i "not comparable" <<<"$report" | grep -qv "is an empty dataset" ||
      ! diff <(h5ls -r "$out/$name-here.h5$group") <(h5ls -r "$out/$name-there.h5$group") >/dev/null; then
      verdict="DIFFERENT in $group"
      different=1
      break
    fi
  done
  printf '%-58s %s\n' "$input" "$verdict"
done
if [ "$different" -ne 0 ]; then
  echo "same_bytes: some run files differ from $rev's"
  exit 1
fi
echo "same_bytes: ${#inputs[@]} run files ($agents agents, $months months, $threads threads) equal to $rev's on /series /flows /snapshots /events"
