#!/usr/bin/env bash
# Province versus city speed (issue 7): runs migrasim_tick_bench on the
# province scenario (china-2007, 31 regions) and the city scenario
# (china-cities-2010, 356 regions) at the same agent and thread count,
# alternating the two ROUNDS times so that a busy spell of the machine hits
# both alike, and prints each run, the medians and their ratio.
#
#   bash bench/cities_bench.sh [--agents 10M] [--threads 2] [--ticks 6]
#                              [--rounds 3] [--no-build]
#
# Target: the city scenario runs at no less than TARGET_RATIO (0.5) of the
# agent-ticks per second of the province scenario. Reports, does not gate:
# a missed target still exits 0; the exit status is non-zero only when the
# build fails or a run gives no RESULT line.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

agents=10M threads=2 ticks=6 rounds=3 build=1
target_ratio=${TARGET_RATIO:-0.5}
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --agents) agents=${2:?--agents needs a value}; shift 2 ;;
    --threads) threads=${2:?--threads needs a value}; shift 2 ;;
    --ticks) ticks=${2:?--ticks needs a value}; shift 2 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "cities_bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if ((build)); then
  echo "== building (cmake --preset bench)"
  if ! { cmake --preset bench >/dev/null &&
         cmake --build --preset bench --target migrasim_tick_bench; }; then
    echo "cities_bench.sh: build failed" >&2
    exit 1
  fi
fi
bin="build-bench/bench/migrasim_tick_bench"
[[ -x $bin ]] || { echo "cities_bench.sh: $bin not found (run without --no-build)" >&2; exit 1; }

results="build-bench/bench/cities_results.txt"
: >"$results"
for ((round = 1; round <= rounds; ++round)); do
  for scenario in china-2007 china-cities-2010; do
    out=$("$bin" "scenarios/$scenario" --agents "$agents" --threads "$threads" --ticks "$ticks" 2>&1)
    line=$(printf '%s\n' "$out" | grep '^RESULT' | tail -n 1)
    if [[ -z $line ]]; then
      printf '%s\n' "$out" >&2
      echo "cities_bench.sh: no RESULT from $scenario" >&2
      exit 1
    fi
    echo "round $round $scenario $line" >>"$results"
    rate=$(grep -o 'agent_ticks_per_s=[^ ]*' <<<"$line" | cut -d= -f2)
    choose=$(grep -o 'phase_agents_s=[^ ]*' <<<"$line" | cut -d= -f2)
    fields=$(grep -o 'phase_fields_s=[^ ]*' <<<"$line" | cut -d= -f2)
    util=$(grep -o 'cpu_util=[^ ]*' <<<"$line" | cut -d= -f2)
    printf '  round %d  %-18s %8.1f M agent-ticks/s  (agents phase %.3f s, fields %.4f s, cpu %.0f%%)\n' \
      "$round" "$scenario" "$(awk -v r="$rate" 'BEGIN{print r/1e6}')" "$choose" "$fields" \
      "$(awk -v u="$util" 'BEGIN{print 100*u}')"
  done
done

awk -v target="$target_ratio" -v agents="$agents" -v threads="$threads" '
function median(a, n,   i, j, t) {
  for (i = 2; i <= n; ++i) for (j = i; j > 1 && a[j - 1] > a[j]; --j) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
  match($0, /agent_ticks_per_s=[^ ]*/); r = substr($0, RSTART + 18, RLENGTH - 18) + 0
  if ($3 == "china-2007") p[++np] = r; else c[++nc] = r
}
END {
  mp = median(p, np); mc = median(c, nc)
  printf "\nmedians over %d rounds, %s agents, %s thread(s):\n", np, agents, threads
  printf "  province (china-2007, 31 regions):         %.1f M agent-ticks/s\n", mp / 1e6
  printf "  city (china-cities-2010, 356 regions):     %.1f M agent-ticks/s\n", mc / 1e6
  printf "  city / province: %.2f\n", mc / mp
  printf "Target: %s city >= %.2f x province\n", (mc >= target * mp ? "MET   " : "MISSED"), target
}' "$results"
