#!/usr/bin/env bash
# Learning as PyTorch learns, on real images: bench/real/fashion.csx (ensdsl) and bench/real/peer.py (PyTorch, tuned
# as bench/pytorch-env.sh says) train the same CIFAR ResNet-20 with the same recipe on the whole of Fashion-MNIST,
# seed by seed, in paired rounds (round r runs both sides with seed r, one after the other, the side that goes first
# alternating), each side alone on the machine with the same threads. Every run starts from an empty store and is
# measured by /usr/bin/time (peak resident memory). bench/real/summary.py prints the table.
#   bash bench/real/run.sh [seeds=5] [epochs=8] [threads=nproc]      (about 2 × 8 minutes a round on 2 cores)
# SIDES=ensdsl (or pytorch) runs one side only: a longer schedule's accuracy, when the comparison is made already.
# Needs: dataset-fashion-mnist, python3-torch, python3-scipy, libopenblas0-pthread, time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="${1:-5}"; epochs="${2:-8}"; threads="${3:-$(nproc)}"; sides="${SIDES:-ensdsl pytorch}"
source "$root/bench/pytorch-env.sh"
out="$root/bench/real/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; threads $threads; epochs $epochs; sides: $sides"
  echo "pytorch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'); $blas_note"
  echo "ensdsl: $(git -C "$root" rev-parse --short HEAD)$([[ -n "$(git -C "$root" status --porcelain -- src)" ]] && echo ' with uncommitted changes in src/')"
} > "$out/machine.txt"
# One build for every round, copied aside: the wrapper rebuilds when src/ changes, and a round must not measure
# another engine than the first (nor a build).
"$root/ensdsl" --version >/dev/null
cp -r "$(readlink -f "$root/artifacts/ensdsl")" "$out/build"

ensdsl_side() {
  [[ " $sides " == *" ensdsl "* ]] || return 0
  local seed=$1 dir="$out/ensdsl-$seed"
  mkdir -p "$dir"
  (cd "$dir" && OMP_NUM_THREADS=$threads /usr/bin/time -v -o time.txt dotnet "$out/build/ensdsl.dll" run "$root/bench/real/fashion.csx" \
      --set seed="$seed" --set epochs="$epochs" --store store --out out > log.txt 2>&1)
  rm -rf "$dir/store"                            # the weights are not needed; results.json and mlruns stay
}
pytorch_side() {
  [[ " $sides " == *" pytorch "* ]] || return 0
  local seed=$1 dir="$out/pytorch-$seed"
  mkdir -p "$dir"
  (cd "$dir" && "${tuned[@]}" /usr/bin/time -v -o time.txt /usr/bin/python3 "$root/bench/real/peer.py" "$seed" "$epochs" "$threads" > log.txt 2>&1)
}

for seed in $(seq 1 "$seeds"); do
  if (( seed % 2 )); then ensdsl_side "$seed"; pytorch_side "$seed"; else pytorch_side "$seed"; ensdsl_side "$seed"; fi
  echo "round $seed done ($(date -u +%H:%M:%S))"
done
rm -rf "$out/build"
/usr/bin/python3 "$here/summary.py" "$out" | tee "$out/summary.md"
