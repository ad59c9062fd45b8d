#!/usr/bin/env bash
# The history check (docs/validation.md): runs china-2007 from 2007-01 to
# 2020-11 and judges it against the 2015 and 2020 censuses and the NBS
# migrant-worker series (tools/history_check.py prints what and how).
#
#   bash tools/history_check.sh                 # 5 M agents, writes docs/validation.md
#   bash tools/history_check.sh --agents 1M     # fewer agents (faster; noisier small cells)
#   bash tools/history_check.sh --cities 1M     # also china-cities-2010's 2020 (in sample)
#
# Options: --agents N (default 5M), --threads T (default: all cores),
# --cities N (also run china-cities-2010 2010-01..2020-11 with N agents),
# --out-dir DIR (run files; default build/history), --doc FILE (default
# docs/validation.md; "-" for none), --png FILE (default beside the doc),
# --check-finite (exit 1 unless every table is there and every figure is
# finite: the ctest). The run files are kept in --out-dir (about 1.3 GB at
# 5 M agents: the yearly snapshots (d) reads). 5 M agents take about 70 s
# on 2 cores (china-2007: 12-14 M agent-ticks/s).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
agents=5M
threads=0
cities=""
out_dir="$here/build/history"
doc="$here/docs/validation.md"
png=""
check=()
exe="${MIGRASIM:-$here/build/migrasim}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agents) agents="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --cities) cities="$2"; shift 2 ;;
    --out-dir) out_dir="$2"; shift 2 ;;
    --doc) doc="$2"; shift 2 ;;
    --png) png="$2"; shift 2 ;;
    --check-finite) check=(--check-finite); shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "history_check: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ ! -x "$exe" ]]; then
  echo "history_check: building migrasim (cmake --preset default)" >&2
  (cd "$here" && cmake --preset default >/dev/null && cmake --build --preset default --target migrasim)
fi
if [[ "$threads" == 0 ]]; then threads=$(nproc); fi
mkdir -p "$out_dir"
commit=$(git -C "$here" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$here" status --porcelain -- engine include scenarios 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes to engine/include/scenarios)"
fi

# One month per tick: 2007-01 + 166 = 2020-11. Snapshots every 12 months give
# the yearly migrant-worker figures (d); the census dates are china-2007's
# (run.census_dates: 2010-11, 2015-11, 2020-11).
run_file="$out_dir/china-2007.h5"
command=("$exe" run "$here/scenarios/china-2007" --agents "$agents" --ticks 166
         --snapshot-every 12 --threads "$threads" --quiet --overwrite --out "$run_file")
echo "history_check: ${command[*]}" >&2
start=$(date +%s.%N)
"${command[@]}" >"$out_dir/china-2007.log"
seconds=$(echo "$(date +%s.%N) - $start" | bc)
tail -n 3 "$out_dir/china-2007.log" >&2

extra=()
if [[ -n "$cities" ]]; then
  cities_file="$out_dir/china-cities-2010.h5"
  start=$(date +%s.%N)
  "$exe" run "$here/scenarios/china-cities-2010" --agents "$cities" --ticks 130 \
    --threads "$threads" --quiet --overwrite --out "$cities_file" >"$out_dir/china-cities-2010.log"
  extra=(--cities "$cities_file" --cities-seconds "$(echo "$(date +%s.%N) - $start" | bc)")
fi
doc_args=()
if [[ "$doc" != "-" ]]; then
  [[ -n "$png" ]] || png="$(dirname "$doc")/validation-provinces.png"
  doc_args=(--doc "$doc" --png "$png")
fi
/usr/bin/python3 "$here/tools/history_check.py" "$run_file" "${extra[@]}" "${doc_args[@]}" \
  "${check[@]}" --commit "$commit" --seconds "$seconds" \
  --command "bash tools/history_check.sh --agents $agents${cities:+ --cities $cities}"
