#!/usr/bin/env bash
# The Slurm executor's overhead on the single-node test cluster (issue 14): the quickstart through Slurm against the
# same run locally, in paired rounds (local, then Slurm, each on a fresh store), with equal results checked.
#   bash bench/slurm/overhead.sh [ROUNDS]        # needs SLURM_CONF of a running cluster (tests/slurm/cluster.sh start DIR)
# Every job asks for all of the node's cores, so jobs run one after another, as a lone job per node runs on a cluster
# (two libtorch processes on the same cores would measure contention, not overhead). Per job it reports the dead time
# from the moment the job could start (its submission, or the end of the last job before it) to its first node's
# start: Slurm's scheduling, the .NET start-up, loading the script (compiled-script cache hit) and the store.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=${1:-2}
: "${SLURM_CONF:?export the SLURM_CONF of a running cluster (bash tests/slurm/cluster.sh start DIR prints it)}"
script="$root/experiments/quickstart.csx"
"$root/ensdsl" check "$script" > /dev/null        # builds ./ensdsl and fills the compiled-script cache
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq 1 "$rounds"); do
  cd "$work"
  start=$(date +%s%N)
  "$root/ensdsl" run "$script" --store "local-$round" --out "local-$round-out" --no-tracking --no-progress > /dev/null 2>&1
  local_s=$(( ($(date +%s%N) - start) / 1000000 ))
  start=$(date +%s%N)
  "$root/ensdsl" run "$script" --executor slurm --cpus-per-job "$(nproc)" --store "slurm-$round" --out "slurm-$round-out" \
    --no-tracking --no-progress > /dev/null 2>&1
  slurm_s=$(( ($(date +%s%N) - start) / 1000000 ))
  python3 - "$work" "$round" "$local_s" "$slurm_s" <<'PY'
import json, sys, glob, os, datetime, statistics
work, r, local_s, slurm_s = sys.argv[1], sys.argv[2], float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000
def outputs(d): return [(o["name"], o.get("metrics")) for o in json.load(open(os.path.join(work, d, "results.json")))["outputs"]]
def compute(d): return sum(n.get("seconds") or 0 for n in json.load(open(os.path.join(work, d, "results.json")))["nodes"])
equal = outputs(f"local-{r}-out") == outputs(f"slurm-{r}-out")
run = json.load(open(os.path.join(work, f"slurm-{r}-out", "slurm", "run.json")))
t = lambda s: datetime.datetime.fromisoformat(s).timestamp()
spans = []
for job in run["jobs"]:
    events = [json.loads(l) for l in open(os.path.join(work, f"slurm-{r}-out", "slurm", f"job-{job['index']}.events"))]
    spans.append((min(t(e["time"]) for e in events if e["event"] == "started"), max(t(e["time"]) for e in events)))
submitted = t(run["submitted"])
gaps = []
for start, _ in spans:
    before = [end for s, end in spans if end <= start]
    gaps.append(start - max([submitted] + before))
print(f"round {r}: local {local_s:.1f} s, Slurm {slurm_s:.1f} s ({slurm_s / local_s:.2f}x), {len(spans)} jobs; "
      f"dead time per job: median {statistics.median(gaps):.1f} s, min {min(gaps):.1f}, max {max(gaps):.1f}; "
      f"first node starts {spans[0][0] - submitted:.1f} s after submission; node compute time local {compute(f'local-{r}-out'):.1f} s, "
      f"in jobs {compute(f'slurm-{r}-out'):.1f} s; results equal: {equal}")
PY
done
