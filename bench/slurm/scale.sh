#!/usr/bin/env bash
# The Slurm executor with a few hundred jobs (issue 32): STEPS independent tiny training steps and their ensemble,
# through the single-node test cluster with a queue budget, against the same plan run locally.
#   bash bench/slurm/scale.sh [STEPS] [MAX_JOBS]      # needs SLURM_CONF of a running cluster (tests/slurm/cluster.sh start DIR)
# Reports the jobs submitted, the most of them in squeue at once (read every 0.5 s), the wall-clock of both runs, and
# what the following process cost: every Slurm command it ran (through logging wrappers on PATH: the jobs' own
# commands are not counted), per minute and per poll, and its CPU time. Results of both runs are compared.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps=${1:-200}
budget=${2:-50}
: "${SLURM_CONF:?export the SLURM_CONF of a running cluster (bash tests/slurm/cluster.sh start DIR prints it)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/scale.csx" <<CSX
// $steps independent one-epoch steps of a tiny network on a small subset of the embedded task, and their ensemble.
var members = Members(Seeds($steps).Select(s => Scratch("cifar-resnet8x16", seed: s).Train(1, data: EmbeddedTarget().PerClass(4, seed: 1), lr: 0.05)));
return Report(members.Ensemble().Named("scale"));
CSX
"$root/ensdsl" check "$work/scale.csx" > /dev/null        # builds ./ensdsl and fills the compiled-script cache

# Logging wrappers: each call of a Slurm command by the follower (its parent is the follower) is appended to calls.log.
mkdir -p "$work/bin"
for command in sbatch squeue scontrol sacct scancel; do
  real=$(command -v "$command")
  cat > "$work/bin/$command" <<SH
#!/usr/bin/env bash
[[ "\$(cat /proc/\$PPID/comm 2>/dev/null)" == dotnet* || "\$(cat /proc/\$PPID/comm 2>/dev/null)" == ensdsl* ]] && \
  [[ "\$PPID" == "\$(cat "$work/follower.pid" 2>/dev/null)" ]] && echo "\$(date +%s.%N) $command" >> "$work/calls.log"
exec "$real" "\$@"
SH
  chmod +x "$work/bin/$command"
done

cd "$work"
start=$(date +%s%N)
"$root/ensdsl" run scale.csx --store local-store --out local --no-tracking --no-progress > local.out 2>&1
local_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# The follower, timed by GNU time (its CPU: user + system), with the wrappers first on PATH.
start=$(date +%s%N)
PATH="$work/bin:$PATH" /usr/bin/time -f "%U %S" -o follower.time "$root/ensdsl" run scale.csx --executor slurm --max-jobs "$budget" \
  --pack none --cpus-per-job "$(getconf _NPROCESSORS_ONLN)" --store slurm-store --out slurm --no-tracking --no-progress > slurm.out 2>&1 &
timer=$!
# GNU time's child is the ensdsl process (dotnet): the follower whose Slurm calls count.
for _ in $(seq 1 100); do follower=$(pgrep -P "$timer" | head -1 || true); [[ -n $follower ]] && break; sleep 0.05; done
echo "$follower" > follower.pid
most=0
while kill -0 "$timer" 2> /dev/null; do
  n=$(squeue -h -o "%o" | grep -c "$work/" || true)
  (( n > most )) && most=$n
  sleep 0.5
done
wait "$timer"
slurm_ms=$(( ($(date +%s%N) - start) / 1000000 ))

python3 - "$work" "$steps" "$budget" "$local_ms" "$slurm_ms" "$most" <<'PY'
import json, sys, os, collections
work, steps, budget, local_ms, slurm_ms, most = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
def outputs(d): return [(o["name"], o.get("metrics")) for o in json.load(open(os.path.join(work, d, "results.json")))["outputs"]]
import glob
local = glob.glob(os.path.join(work, "local", "**", "results.json"), recursive=True)[0]
equal = [(o["name"], o.get("metrics")) for o in json.load(open(local))["outputs"]] == outputs("slurm")
run = json.load(open(os.path.join(work, "slurm", "slurm", "run.json")))
calls = [l.split() for l in open(os.path.join(work, "calls.log"))] if os.path.exists(os.path.join(work, "calls.log")) else []
by = collections.Counter(c[1] for c in calls)
minutes = slurm_ms / 60000
user, system = map(float, open(os.path.join(work, "follower.time")).read().split()[-2:])
polls = by.get("squeue", 0)
print(f"{steps} steps + ensemble, --max-jobs {budget}, --pack none: {len(run['jobs'])} jobs submitted, {len(run['pending'])} left waiting; "
      f"most in squeue at once {most}")
print(f"wall-clock: local {local_ms / 1000:.1f} s, Slurm {slurm_ms / 1000:.1f} s ({slurm_ms / local_ms:.2f}x); results equal: {equal}")
print(f"follower: {len(calls)} Slurm calls in {minutes:.1f} min ({len(calls) / minutes:.0f}/min): " +
      ", ".join(f"{k} {v}" for k, v in sorted(by.items())) + f"; {len(calls) / max(polls, 1):.2f} calls per squeue poll; "
      f"CPU {user + system:.1f} s ({(user + system) / (slurm_ms / 1000) * 100:.1f} % of one core)")
PY
