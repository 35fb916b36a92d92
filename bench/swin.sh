#!/usr/bin/env bash
# Swin Transformer throughput, ensdsl's engine against PyTorch (torchvision's SwinTransformer, Debian's python3-torch
# 1.13), in paired rounds: each round runs the engine and PyTorch back to back on the same data files (the order
# reversed every other round), PyTorch in both of its optimizer implementations (per-parameter and for-each AdamW,
# the better one is the peer of that round). The ratio engine / peer is taken per round; the table gives its median
# and min–max over the rounds. Not part of .ci/run.
#   bash bench/swin.sh [rounds]          (default 5)
# Configurations: Swin-T at 224 px (the paper's) and a small Swin at 64 px; training at batch 16 / 32, evaluation at
# batch 64; each timed measurement is at least ~10 s of work on 2 cores. PyTorch uses OpenBLAS (checked below).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
threads="$(nproc)"
python=/usr/bin/python3
out="$(mktemp -d /tmp/ensdsl-swin-bench-XXXX)"
results="$out/results.txt"
: > "$results"
cd "$root"
source bench/pytorch-env.sh
dotnet build bench/Peers/EnsDsl.Bench.Peers.csproj -c Release -nologo -v quiet -clp:ErrorsOnly > /dev/null
peers=(dotnet bench/Peers/bin/Release/net10.0/EnsDsl.Bench.Peers.dll)
log() { echo "[$(date +%T)] $*" >&2; }

# section arch size batch n classes (training: n batches per timed epoch; evaluation: n images)
configurations=(
  "train swin-t 224 16 3 100"
  "train swin-e48-d2.2-h2.4-w4-p4-i64 64 32 16 100"
  "eval swin-t 224 64 64 100"
  "eval swin-e48-d2.2-h2.4-w4-p4-i64 64 64 2048 100"
)
for configuration in "${configurations[@]}"; do
  read -r section arch size batch n classes <<< "$configuration"
  prefix="$out/$section-$size"
  "${peers[@]}" data "$prefix" "$([[ $section == train ]] && echo $((batch * n)) || echo "$n")" "$size" "$classes"
  log "$section $arch at ${size}px, batch $batch"
  for ((r = 0; r < rounds; r++)); do
    sides=(engine pytorch)
    (( r % 2 == 1 )) && sides=(pytorch engine)
    for side in "${sides[@]}"; do
      if [[ $side == engine && $section == train ]]; then
        DOTNET_TieredPGO=0 "${peers[@]}" swin-train "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads"
      elif [[ $side == engine ]]; then
        DOTNET_TieredPGO=0 "${peers[@]}" eval engine "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads"
      elif [[ $section == train ]]; then
        "${tuned[@]}" "$python" bench/Peers/swin_peer.py train "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads" 0
        "${tuned[@]}" "$python" bench/Peers/swin_peer.py train "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads" 1
      else
        "${tuned[@]}" "$python" bench/Peers/swin_peer.py eval "$arch" "$size" "$batch" "$n" "$classes" "$prefix" 1 "$threads"
      fi | sed "s/^RESULT /RESULT $r /" >> "$results"
    done
  done
  rm -f "$prefix".x "$prefix".y
done
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $threads threads; $(date -I); bash bench/swin.sh $rounds; $blas_note"
"$python" bench/paired_table.py "$results"
echo "raw: $results"
