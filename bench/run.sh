#!/usr/bin/env bash
# The performance suite of issues 7 and 17: ensdsl against PyTorch (Debian's python3-torch) and a plain TorchSharp loop,
# compute reuse on the authors' sweeps, memory over 20 epochs, start-up. Not part of .ci/run.
#   bash bench/run.sh [rounds] [start-up runs]      (defaults 5 5; about 55 minutes on 2 cores)
#   SECTIONS="throughput memory reuse startup" selects parts (all by default); CONFIGS=REGEX selects configurations.
# Throughput, in paired rounds: per configuration and round, one process each for the engine, the plain TorchSharp
# loop, PyTorch tuned for speed (NCHW and channels-last, the faster one taken per round) and PyTorch as shipped, back
# to back, the order reversed every other round; each process warms up on one batch and times one epoch (at least
# ~10 s of work). The ratio engine / peer is taken per round; the table gives its median and min–max. Peers' set-up:
# bench/pytorch-env.sh (PyTorch), bench/Peers/Program.cs (the plain loop gets the engine's process settings).
# Raw lines: $out/throughput.txt and $out/results.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}" startups="${2:-5}" sections="${SECTIONS:-throughput memory reuse startup}"
threads="$(nproc)"
python=/usr/bin/python3              # Debian's, which has torch (a pyenv python3 earlier in PATH may not)
out="$(mktemp -d /tmp/ensdsl-bench-XXXX)"
results="$out/results.txt" paired="$out/throughput.txt"
: > "$results"; : > "$paired"
cd "$root"
source bench/pytorch-env.sh

dotnet build bench/Peers/EnsDsl.Bench.Peers.csproj -c Release -nologo -v quiet -clp:ErrorsOnly > /dev/null
./ensdsl --version > /dev/null                       # the ReadyToRun publish users run, built if stale
peers=(dotnet bench/Peers/bin/Release/net10.0/EnsDsl.Bench.Peers.dll)
log() { echo "[$(date +%T)] $*" >&2; }

throughput() {   # section arch size batch n classes
  local section="$1" arch="$2" size="$3" batch="$4" n="$5" classes="$6" prefix="$out/$1-$2-$3"
  [[ "$section $arch $size" =~ ${CONFIGS:-.} ]] || return 0
  # Every side reads the same files: seeded normal images and uniform labels.
  "${peers[@]}" data "$prefix" "$([[ $section == train ]] && echo $((batch * n)) || echo "$n")" "$size" "$classes"
  log "$section $arch at ${size}px, batch $batch"
  local sides=(engine plain pytorch:nchw pytorch:cl shipped) r side
  local arguments=("$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads")
  for ((r = 0; r < rounds; r++)); do
    for side in "${sides[@]}"; do
      case $side in     # the .NET sides: the runtime settings of src/Cli/EnsDsl.Cli.csproj (TieredPGO off)
        engine|plain) DOTNET_TieredPGO=0 "${peers[@]}" "$section" "$side" "${arguments[@]}" ;;
        pytorch:*) "${tuned[@]}" "$python" bench/Peers/pytorch_peer.py "$section" "${arguments[@]}" "${side#pytorch:}" "$side" ;;
        shipped) "$python" bench/Peers/pytorch_peer.py "$section" "${arguments[@]}" nchw shipped ;;
      esac
    done | sed "s/^RESULT /RESULT $r /" >> "$paired"
    sides=($(printf '%s\n' "${sides[@]}" | tac))
  done
  rm -f "$prefix".x "$prefix".y
}

# 1. Training and 2. evaluation throughput.
source bench/configurations.sh
[[ $sections == *throughput* ]] && for_each_configuration throughput

# 3. Memory: 20 epochs, resident memory per epoch end, the peak. One process each, `rounds` times.
if [[ $sections == *memory* ]]; then
log "memory over 20 epochs"
"${peers[@]}" embedded "$out/memory"                 # the embedded target task, for the PyTorch peer
for ((r = 0; r < rounds; r++)); do
  DOTNET_TieredPGO=0 "${peers[@]}" memory engine 20 "$threads" >> "$results"
  DOTNET_TieredPGO=0 "${peers[@]}" memory plain 20 "$threads" >> "$results"
  "${tuned[@]}" "$python" bench/Peers/pytorch_peer.py memory 20 "$out/memory" "$threads" >> "$results"
done
fi

# 4. Compute reuse: the plans of the authors' SSE and StarSSE sweeps, and a small sweep's wall-clock (bench/reuse.sh).
if [[ $sections == *reuse* ]]; then
log "compute reuse"
for sweep in sse_sweep starsse_sweep; do
  ./ensdsl plan "experiments/$sweep.csx" --json > "$out/$sweep.json"
  "$python" bench/reuse.py "$out/$sweep.json" "$sweep" >> "$results"
done
bash bench/reuse.sh 3 > "$out/reuse-measured.txt"
fi

# 5. Start-up, whole processes, in milliseconds. Cold: no compiled-script cache (Roslyn compiles the script).
if [[ $sections == *startup* ]]; then
log "start-up"
cache="$out/cache"
export MLFLOW_TRACKING_URI="file://$out/mlruns"        # the all-cached runs are tracked, as users' are, but not in ./mlruns
./ensdsl run experiments/quickstart.csx --no-progress --out "$out/quickstart" > /dev/null 2>&1  # fills .ensdsl if needed
ms() { local start end; start=$(date +%s%N); "$@" > /dev/null 2>&1; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
startup() {   # label cold|warm command…
  local label="$1" mode="$2"; shift 2
  rm -rf "$cache"; mkdir -p "$cache"
  [[ $mode == warm ]] && ENSDSL_CACHE="$cache" "$@" > /dev/null 2>&1
  for ((i = 0; i < startups; i++)); do
    [[ $mode == cold ]] && { rm -rf "$cache"; mkdir -p "$cache"; }
    echo "RESULT startup $label ensdsl-$mode $(ENSDSL_CACHE="$cache" ms "$@")" >> "$results"
  done
}
startup plan cold ./ensdsl plan experiments/starsse_sweep.csx
startup plan warm ./ensdsl plan experiments/starsse_sweep.csx
startup run-cached cold ./ensdsl run experiments/quickstart.csx --no-progress --out "$out/quickstart"
startup run-cached warm ./ensdsl run experiments/quickstart.csx --no-progress --out "$out/quickstart"

fi

echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $threads cores; $(date -I); bash bench/run.sh $rounds $startups; $blas_note"
[[ -s $paired ]] && "$python" bench/paired_table.py "$paired"
[[ -s $results ]] && "$python" bench/table.py "$results" "$rounds" "$startups"
[[ -s $out/reuse-measured.txt ]] && { echo "**Compute reuse, measured** (bash bench/reuse.sh 3)"; echo; cat "$out/reuse-measured.txt"; }
echo "raw figures: $paired $results"
