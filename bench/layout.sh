#!/usr/bin/env bash
# Fix 3 of issue 7, before and after: the ensdsl engine with channels-last activations (the default) and without
# (ENSDSL_CHANNELS_LAST=0), alternating processes, on the configurations of bench/run.sh; then the 20-epoch memory run.
#   bash bench/layout.sh [rounds]      (default 3; about 12 minutes)
# Prints the raw RESULT lines, the side named engine-cl1 (after) or engine-cl0 (before), then medians (min–max).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}" threads="$(nproc)"
out="$(mktemp -d /tmp/ensdsl-layout-XXXX)"
cd "$root"
dotnet build bench/Peers/EnsDsl.Bench.Peers.csproj -c Release -nologo -v quiet -clp:ErrorsOnly > /dev/null
peers=(dotnet bench/Peers/bin/Release/net10.0/EnsDsl.Bench.Peers.dll)
engine() { ENSDSL_CHANNELS_LAST="$1" DOTNET_TieredPGO=0 "${peers[@]}" "${@:2}" | sed "s/ engine / engine-cl$1 /"; }

compare() {   # section arch size batch n classes
  local section="$1" arch="$2" size="$3" batch="$4" n="$5" classes="$6" prefix="$out/$1-$2-$3"
  "${peers[@]}" data "$prefix" "$([[ $section == train ]] && echo $((batch * n)) || echo "$n")" "$size" "$classes"
  local order=(1 0)
  for ((r = 0; r < rounds; r++)); do
    for layout in "${order[@]}"; do engine "$layout" "$section" engine "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 3 "$threads"; done
    order=("${order[1]}" "${order[0]}")
  done
  rm -f "$prefix".x "$prefix".y
}

source bench/configurations.sh
{
  for_each_configuration compare
  for ((r = 0; r < rounds; r++)); do for layout in 1 0; do engine "$layout" memory engine 20 "$threads"; done; done
} | tee "$out/results.txt"

python3 - "$out/results.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    part = line.split()
    if len(part) == 5 and part[0] == "RESULT":
        rows.setdefault((part[1], part[2], part[3]), []).append(float(part[4]))
for key in sorted(rows):
    values = sorted(rows[key])
    print(f"{' '.join(key)}: {statistics.median(values):.1f} ({values[0]:.1f}–{values[-1]:.1f})")
PY
