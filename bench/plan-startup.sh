#!/usr/bin/env bash
# Start-up of `ensdsl plan` on the authors' StarSSE grid (80 cells, 730 nodes): whole-process wall time,
# cold (no compiled-script cache: Roslyn compiles the script) and warm (cached compile), median of repeated runs.
# Targets (issue 2): cold ≤ 3 s, warm ≤ 0.5 s on a 2-core machine.
#   bash bench/plan-startup.sh [runs]        (default 15 runs each)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
script="experiments/starsse_sweep.csx"
dotnet build "$root/src/Cli/EnsDsl.Cli.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dll="$root/src/Cli/bin/Release/net10.0/ensdsl.dll"      # plain build: JIT-compiled at start-up
"$root/ensdsl" --version > /dev/null                       # the wrapper's ReadyToRun publish, built if stale
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
cd "$root"

# One timed run, in milliseconds.
run_ms() {
  local start end
  start=$(date +%s%N)
  ENSDSL_CACHE="$cache" "$@" plan "$script" > /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

stats() {   # median, min, max of the numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%6.0f %6.0f %6.0f\n", m, v[1], v[NR] }'
}

measure() {   # label, cold|warm, command…
  local label="$1" mode="$2"; shift 2
  local times=()
  rm -rf "$cache"; mkdir -p "$cache"
  [[ "$mode" == warm ]] && run_ms "$@" > /dev/null           # fill the cache
  for ((i = 0; i < runs; i++)); do
    [[ "$mode" == cold ]] && { rm -rf "$cache"; mkdir -p "$cache"; }
    times+=("$(run_ms "$@")")
  done
  printf "%-28s %-5s %s\n" "$label" "$mode" "$(printf '%s\n' "${times[@]}" | stats)"
}

echo "ensdsl plan $script — $runs runs each, $(nproc) cores, $(dotnet --version) SDK, $(date -u +%F)"
printf "%-28s %-5s %6s %6s %6s  (ms)\n" "command" "cache" "median" "min" "max"
measure "./ensdsl (ReadyToRun)" cold "$root/ensdsl"
measure "./ensdsl (ReadyToRun)" warm "$root/ensdsl"
measure "dotnet build output (JIT)" cold dotnet "$dll"
measure "dotnet build output (JIT)" warm dotnet "$dll"
