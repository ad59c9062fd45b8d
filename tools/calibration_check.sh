#!/usr/bin/env bash
# Runs the default scenario for one simulated year and prints the figures the
# defaults are calibrated to (docs/calibration.md): crude birth and death
# rates, the inter-provincial migrant stock and its growth, gross moves, and
# Beijing's migrants. Extra arguments go to `migrasim run` (e.g. --set ...).
#   [TICKS=46] bash tools/calibration_check.sh [--agents 1M] [--set migration.hazard=0.006 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${MIGRASIM:-./build/migrasim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$exe" run scenarios/china-2007 --ticks "${TICKS:-12}" --quiet --out "$out/series.csv" "$@" > "$out/summary.txt"
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { t = $1; pop[t] += $col["residents"]; mig[t] += $col["migrants"]; b[t] += $col["births"];
    d[t] += $col["deaths"]; mv[t] += $col["moves_in"]; if (t > last) last = t;
    if ($col["region"] == "Beijing") bj[t] = $col["migrants"] }
  END {
    for (t = 1; t <= last; t++) { B += b[t]; D += d[t]; M += mv[t] }
    printf "crude birth rate   %.2f per 1,000 a year (target ~12.1)\n", 1000 * B / pop[0] * 12 / last
    printf "crude death rate   %.2f per 1,000 a year (target ~7.0)\n", 1000 * D / pop[0] * 12 / last
    printf "migrant stock      %.2f M -> %.2f M, %+.2f M in %d months (target +7.6 M/year)\n", mig[0] / 1e6, mig[last] / 1e6, (mig[last] - mig[0]) / 1e6, last
    printf "gross moves        %.2f M in %d months (target ~11 M/year: 55.0 M five-year movers 2005-2010)\n", M / 1e6, last
    printf "Beijing migrants   %.2f M -> %.2f M (4.19 M end 2007; 7.045 M from other provinces, 2010 census)\n", bj[0] / 1e6, bj[last] / 1e6
  }' "$out/series.csv"
grep -E "^Wall time" "$out/summary.txt"
