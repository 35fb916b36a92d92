#!/usr/bin/env bash
# An engine change, before and after, in paired rounds: the engine of commit BEFORE (built in a temporary worktree,
# with the working tree's bench/Peers harness, so that only the engine differs) and of the working tree, one process
# each per round on the configurations of bench/run.sh, back to back, the order
# reversed every other round. The table gives each side's images/s and the ratio after / before per round (median,
# min–max).   bash bench/engine-ab.sh BEFORE [rounds]      (default 3 rounds; about 10 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before="$(git -C "$root" rev-parse "${1:?name the commit before the change}")" rounds="${2:-3}" threads="$(nproc)"
out="$(mktemp -d /tmp/ensdsl-ab-XXXX)"
cd "$root"
git worktree add -q --detach "$out/before" "$before"
trap 'git -C "$root" worktree remove --force "$out/before"' EXIT
cp bench/Peers/*.cs bench/Peers/*.csproj "$out/before/bench/Peers/"
for tree in "$out/before" "$root"; do
  dotnet build "$tree/bench/Peers/EnsDsl.Bench.Peers.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly > /dev/null
done
side() {   # before|engine section arguments…
  local tree="$root"; [[ $1 == before ]] && tree="$out/before"
  DOTNET_TieredPGO=0 dotnet "$tree/bench/Peers/bin/Release/net10.0/EnsDsl.Bench.Peers.dll" "$2" engine "${@:3}" | sed "s/ engine / $1 /"
}
compare() {   # section arch size batch n classes
  local section="$1" arch="$2" size="$3" batch="$4" n="$5" classes="$6" prefix="$out/$1-$2-$3" r
  dotnet bench/Peers/bin/Release/net10.0/EnsDsl.Bench.Peers.dll data "$prefix" "$([[ $section == train ]] && echo $((batch * n)) || echo "$n")" "$size" "$classes"
  echo "[$(date +%T)] $section $arch at ${size}px" >&2
  for ((r = 0; r < rounds; r++)); do
    local sides=(before engine); ((r % 2 == 1)) && sides=(engine before)
    for s in "${sides[@]}"; do side "$s" "$section" "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads"; done | sed "s/^RESULT /RESULT $r /" >> "$out/results.txt"
  done
  rm -f "$prefix".x "$prefix".y
}
source bench/configurations.sh
for_each_configuration compare
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $threads cores; $(date -I); bash bench/engine-ab.sh $before $rounds (after: the working tree)"
/usr/bin/python3 bench/paired_table.py "$out/results.txt" | sed 's/ensdsl img\/s/after img\/s/; s/ensdsl \/ before/after \/ before/'
