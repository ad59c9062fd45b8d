#!/usr/bin/env bash
# Builds the seed corpus of each fuzz target from the files in scenarios/:
#   bash tools/fuzz_corpus.sh OUT_DIR [MIGRASIM_EXE]
# OUT_DIR/<target>/ gets one file per seed. With MIGRASIM_EXE, the run_file
# target gets a small toy-3 run file with snapshots as its seed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: tools/fuzz_corpus.sh OUT_DIR [MIGRASIM_EXE]}
exe=${2:-}

seed() {  # seed TARGET FILE...: copies each file, named after its scenario
  local target=$1; shift
  mkdir -p "$out/$target"
  for f in "$@"; do
    cp "$f" "$out/$target/$(echo "${f#scenarios/}" | tr '/' '_')"
  done
}

seed ini scenarios/*/scenario.ini scenarios/*/whatif/*.ini scenarios/*.ini scenarios/fiscal/*.ini
seed regions scenarios/*/regions.csv
seed distances scenarios/*/distances.csv
seed migrant_stock scenarios/*/migrant_stock.csv
seed region_paths scenarios/*/region_paths.csv
seed unit_costs scenarios/*/benefits.csv
seed events_csv scenarios/*/events.csv

# Event lines: the values of `add = ...` in the [events] sections of the
# what-if files, and the rows of events.csv, each also aimed at every region
# ('*') since the target checks them against toy-3's regions.
mkdir -p "$out/event_line"
n=0
{
  for f in scenarios/*/whatif/*.ini scenarios/*.ini scenarios/fiscal/*.ini; do
    awk '/^\[/ { events = ($0 ~ /^\[ *events *\]/) } events && /^ *add *=/ { sub(/^ *add *= */, ""); print }' "$f"
  done
  tail -n +2 scenarios/toy-3/events.csv
} | while IFS= read -r line; do
  n=$((n + 1))
  printf '%s\n' "$line" > "$out/event_line/line$n"
  printf '%s\n' "$line" | sed 's/^\([^,]*\),[^,]*,/\1, *,/' > "$out/event_line/star$n"
done

if [ -n "$exe" ]; then
  mkdir -p "$out/run_file"
  tmp=$(mktemp -d)
  ASAN_OPTIONS=detect_leaks=0 "$exe" run scenarios/toy-3 --agents 300 --ticks 3 \
    --snapshot-every 1 --quiet --out "$tmp/toy.h5" >/dev/null
  cp "$tmp/toy.h5" "$out/run_file/toy-3.h5"
  rm -rf "$tmp"
fi

# run_file_values: inputs are programs of edits to a run file the target
# writes itself (tests/fuzz/fuzz_run_file_values.cpp): 3 bytes target,
# snapshot, operation, then the operands. A few to start from: no edit, a
# snapshot's location set to -1, its age to the maximum of its type, id
# resized to 5 rows, /regions/name deleted, tax_rate replaced by 1 string.
mkdir -p "$out/run_file_values"
printf '' >"$out/run_file_values/none"
printf '\x12\x00\x01\x05\x00\xff' >"$out/run_file_values/location"
printf '\x13\x01\x05\x00\x00\x05' >"$out/run_file_values/age"
printf '\x10\x02\x02\x05' >"$out/run_file_values/id_rows"
printf '\x1d\x00\x04' >"$out/run_file_values/regions_name"
printf '\x1a\x00\x03\x0a\x01\x01\x04abcd' >"$out/run_file_values/tax_rate_string"
# Dictionaries (libFuzzer -dict): the words the readers look for -- sections,
# keys, column names, actions, region names -- so that mutations reach past
# the first "unknown key" check.
if [ -n "$exe" ]; then
  keys=$("$exe" validate scenarios/toy-3 --list-keys | awk '/^[a-z_0-9]+\.[a-z_0-9]+ +=/ {print $1}')
  words() { grep -v '^$' | sort -u | sed 's/.*/"&"/'; }
  { for k in $keys; do echo "[${k%%.*}]"; echo "${k#*.}"; done; echo "[events]"; echo "add"; } |
    words > "$out/ini.dict"
  policy=$(for k in $keys; do case $k in policy.*) echo "${k#policy.}";; esac; done)
  columns=$(for f in scenarios/*/*.csv; do grep -m1 -v '^#' "$f"; done | tr ',' '\n')
  names=$(grep -v '^#' scenarios/toy-3/regions.csv | tail -n +2 | cut -d, -f1,2 | tr ',' '\n')
  { echo "$columns"; echo "$policy"; echo "$names"; } | words > "$out/csv.dict"
  { echo "$policy"; echo "$names"; printf '%s\n' classification residence_rule set urban: M+ '*'; } |
    words > "$out/event.dict"
fi
for d in "$out"/*/; do echo "fuzz_corpus: $(basename "$d"): $(ls "$d" | wc -l) seeds"; done
