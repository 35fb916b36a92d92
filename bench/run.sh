#!/usr/bin/env bash
# The performance suite of issue 7, one table: ensdsl against PyTorch (Debian's python3-torch) and a plain TorchSharp
# loop, compute reuse on the authors' sweeps, memory over 20 epochs, start-up. Not part of .ci/run.
#   bash bench/run.sh [rounds] [measurements] [start-up runs]      (defaults 3 3 5)
# Throughput: per configuration, `rounds` times one process each for PyTorch, the plain TorchSharp loop and the ensdsl
# engine (in turn, the order reversed every other round), each a warm-up on one batch and `measurements` timed epochs.
# Every figure is a median over all rounds, with its min–max; a ratio is the median of ensdsl over the median of its
# peer. Raw lines: $out/results.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}" measurements="${2:-3}" startups="${3:-5}"
threads="$(nproc)"
python=/usr/bin/python3              # Debian's, which has torch (a pyenv python3 earlier in PATH may not)
out="$(mktemp -d /tmp/ensdsl-bench-XXXX)"
results="$out/results.txt"
: > "$results"
cd "$root"

dotnet build bench/Peers/EnsDsl.Bench.Peers.csproj -c Release -nologo -v quiet -clp:ErrorsOnly > /dev/null
./ensdsl --version > /dev/null                       # the ReadyToRun publish users run, built if stale
peers=(dotnet bench/Peers/bin/Release/net10.0/EnsDsl.Bench.Peers.dll)
log() { echo "[$(date +%T)] $*" >&2; }

throughput() {   # section arch size batch n classes
  local section="$1" arch="$2" size="$3" batch="$4" n="$5" classes="$6" prefix="$out/$1-$2-$3"
  # Every side reads the same files: seeded normal images and uniform labels.
  "${peers[@]}" data "$prefix" "$([[ $section == train ]] && echo $((batch * n)) || echo "$n")" "$size" "$classes"
  log "$section $arch at ${size}px, batch $batch"
  local order=(pytorch plain engine)
  for ((r = 0; r < rounds; r++)); do
    for who in "${order[@]}"; do
      if [[ $who == pytorch ]]; then
        "$python" bench/Peers/pytorch_peer.py "$section" "$arch" "$size" "$batch" "$n" "$classes" "$prefix" "$measurements" "$threads"
      elif [[ $who == engine ]]; then     # the runtime settings of src/Cli/EnsDsl.Cli.csproj (TieredPGO off)
        DOTNET_TieredPGO=0 "${peers[@]}" "$section" "$who" "$arch" "$size" "$batch" "$n" "$classes" "$prefix" "$measurements" "$threads"
      else                                  # a TorchSharp program as .NET sets it up by default
        "${peers[@]}" "$section" "$who" "$arch" "$size" "$batch" "$n" "$classes" "$prefix" "$measurements" "$threads"
      fi >> "$results"
    done
    order=("${order[2]}" "${order[1]}" "${order[0]}")
  done
  rm -f "$prefix".x "$prefix".y
}

# 1. Training and 2. evaluation throughput.
source bench/configurations.sh
for_each_configuration throughput

# 3. Memory: 20 epochs, resident memory per epoch end, the peak. One process each, `rounds` times.
log "memory over 20 epochs"
"${peers[@]}" embedded "$out/memory"                 # the embedded target task, for the PyTorch peer
for ((r = 0; r < rounds; r++)); do
  DOTNET_TieredPGO=0 "${peers[@]}" memory engine 20 "$threads" >> "$results"
  "${peers[@]}" memory plain 20 "$threads" >> "$results"
  "$python" bench/Peers/pytorch_peer.py memory 20 "$out/memory" "$threads" >> "$results"
done

# 4. Compute reuse: the plans of the authors' SSE and StarSSE sweeps.
log "compute reuse"
for sweep in sse_sweep starsse_sweep; do
  ./ensdsl plan "experiments/$sweep.csx" --json > "$out/$sweep.json"
  "$python" bench/reuse.py "$out/$sweep.json" "$sweep" >> "$results"
done

# 5. Start-up, whole processes, in milliseconds. Cold: no compiled-script cache (Roslyn compiles the script).
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
for ((i = 0; i < startups; i++)); do
  echo "RESULT startup import pytorch $(ms "$python" -c 'import torch, torchvision')" >> "$results"
done

"$python" bench/table.py "$results" "$rounds" "$measurements" "$startups"
echo "raw figures: $results"
