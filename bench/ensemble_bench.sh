#!/usr/bin/env bash
# Aggregate throughput of an ensemble of small members against one large
# run on the same cores (issue 16: target >= 80%). Both count the whole
# command's wall time (set-up, ticks, writing), so members pay their own
# set-up, as they do in use.
#
#   bash bench/ensemble_bench.sh [MIGRASIM] [CORES] [MEMBERS] [MEMBER_AGENTS] [TICKS]
#
# defaults: build/migrasim, 2 cores, 8 members of 100k agents, 24 months
# against one run of MEMBERS x MEMBER_AGENTS agents; scenario china-2007.
set -euo pipefail
exe=${1:-build/migrasim}
cores=${2:-2}
members=${3:-8}
member_agents=${4:-100000}
ticks=${5:-24}
scenario=scenarios/china-2007
large=$((members * member_agents))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seconds() { # command... -> wall seconds on stdout
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}

one=$(seconds "$exe" run "$scenario" --agents "$large" --ticks "$ticks" --threads "$cores" \
  --snapshot-every 0 --quiet --out "$tmp/large.h5")
ens=$(seconds "$exe" ensemble "$scenario" --agents "$member_agents" --ticks "$ticks" \
  --replicates "$members" --threads "$cores" --member-threads 1 --quiet --out "$tmp/e.h5")
python3 - "$one" "$ens" "$large" "$members" "$member_agents" "$ticks" "$cores" <<'PY'
import sys
one, ens = float(sys.argv[1]), float(sys.argv[2])
large, members, member_agents, ticks, cores = map(int, sys.argv[3:])
a = large * ticks / one
b = members * member_agents * ticks / ens
print(f"one run of {large:,} agents x {ticks} months on {cores} cores: {one:.1f} s, "
      f"{a/1e6:.2f} M agent-ticks/s")
print(f"ensemble of {members} x {member_agents:,} agents x {ticks} months on {cores} cores: "
      f"{ens:.1f} s, {b/1e6:.2f} M agent-ticks/s")
print(f"ensemble / one run: {100*b/a:.0f}%")
PY
