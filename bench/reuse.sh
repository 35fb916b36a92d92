#!/usr/bin/env bash
# Compute reuse, measured: the small SSE/StarSSE sweep of bench/reuse/sweep.csx on the embedded task run both ways —
# one `ensdsl run` of the whole sweep, and every cell as its own `ensdsl run` with an empty store, as the authors'
# scripts run each cell — in paired rounds (the order reversed every other round). Every run, both ways, starts
# from a store holding only the pre-trained model (computed once: the authors' sweeps start from given checkpoints).
# Wall-clock of whole processes, start-up included. Prints the measured ratio (per-cell total / one run) per round,
# its median and min–max, beside the planned ratio of epochs.        Not part of .ci/run.
#   bash bench/reuse.sh [rounds]          (default 3; about 10 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
out="$(mktemp -d /tmp/ensdsl-reuse-XXXX)"
cd "$root"
sweep=bench/reuse/sweep.csx
export MLFLOW_TRACKING_URI="file://$out/mlruns"
./ensdsl --version > /dev/null                                   # the ReadyToRun publish users run, built if stale
log() { echo "[$(date +%T)] $*" >&2; }
run() { ./ensdsl run "$sweep" --no-progress --out "$out/runs" "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }; }

# The input every run starts from: a store holding the pre-trained model.
run --set cell=-1 --store "$out/pretrained"
cells="$(./ensdsl plan "$sweep" --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outputs"]) // 2)')"
# Planned epochs of fine-tuning and snapshots (the pre-trained node's are already in every store).
planned() { ./ensdsl plan "$sweep" --json "$@" | /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin); print(sum(n["epochs"] for n in p["nodes"] if n["kind"]=="train" and not n.get("label","").startswith("pre-train")))'; }
whole_epochs="$(planned)" cell_epochs=0
for ((k = 1; k <= cells; k++)); do cell_epochs=$((cell_epochs + $(planned --set cell=$k))); done

ms() { local start; start=$(date +%s%N); "$@"; echo $((($(date +%s%N) - start) / 1000000)); }
fresh() { rm -rf "$out/store"; cp -r "$out/pretrained" "$out/store"; }
whole() { fresh; ms run --store "$out/store"; }
each() {
  local total=0 k
  for ((k = 1; k <= cells; k++)); do fresh; total=$((total + $(ms run --set cell=$k --store "$out/store"))); done
  echo "$total"
}
: > "$out/results.txt"
for ((r = 0; r < rounds; r++)); do
  log "round $((r + 1)) of $rounds"
  if ((r % 2 == 0)); then w=$(whole); e=$(each); else e=$(each); w=$(whole); fi
  echo "$r $w $e" >> "$out/results.txt"
done
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -I); bash bench/reuse.sh $rounds"
/usr/bin/python3 - "$out/results.txt" "$cells" "$whole_epochs" "$cell_epochs" <<'PY'
import statistics, sys
rows = [tuple(float(v) / 1000 for v in l.split()[1:]) for l in open(sys.argv[1])]
cells, whole_epochs, cell_epochs = map(int, sys.argv[2:])
ratios = [e / w for w, e in rows]
print(f"| sweep | cells | epochs, one run | epochs, a run per cell | planned ratio | seconds, one run | seconds, a run per cell | measured ratio, median (min–max) | rounds |")
print("|---|---|---|---|---|---|---|---|---|")
print(f"| bench/reuse/sweep.csx | {cells} | {whole_epochs} | {cell_epochs} | {cell_epochs / whole_epochs:.2f}× | "
      f"{statistics.median(w for w, _ in rows):.1f} | {statistics.median(e for _, e in rows):.1f} | "
      f"**{statistics.median(ratios):.2f}×** ({min(ratios):.2f}–{max(ratios):.2f}) | {len(rows)} |")
PY
echo "raw: $out/results.txt"
