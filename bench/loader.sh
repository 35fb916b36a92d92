#!/usr/bin/env bash
# Image loader throughput at 224 px: ensdsl's loader vs torchvision's DataLoader on the same JPEG files (SUN-397-like:
# ≤ 120,000 pixels, quality 72), decode + RandomResizedCrop(224) + flip + normalise, the same number of workers.
# Rounds alternate the two back to back; each round runs EPOCHS epochs of each (the first epoch of each is warm-up).
#   bash bench/loader.sh [rounds] [workers] [images]      (defaults 3, 2, 1000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"; workers="${2:-2}"; count="${3:-1000}"; batch=64; epochs=4
data="$(mktemp -d)"; trap 'rm -rf "$data"' EXIT
/usr/bin/python3 "$root/bench/Loader/make_images.py" "$data" "$count"
dotnet build "$root/bench/Loader/EnsDsl.Bench.Loader.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
ours=(); theirs=()
for r in $(seq "$rounds"); do
  while read -r _ e _ v; do [ "$e" -gt 0 ] && theirs+=("$v"); done < <(/usr/bin/python3 "$root/bench/Loader/torchvision_loader.py" "$data" "$workers" "$batch" "$epochs")
  while read -r _ e _ v; do [ "$e" -gt 0 ] && ours+=("$v"); done < <(dotnet "$root/bench/Loader/bin/Release/net10.0/EnsDsl.Bench.Loader.dll" "$data" "$workers" "$batch" "$epochs")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }
mo=$(median "${ours[@]}"); mt=$(median "${theirs[@]}")
echo "images: $count JPEG, workers: $workers, batch: $batch, epochs measured: ${#ours[@]} each ($(nproc) cores)"
echo "ensdsl loader        images/s median $mo  ($(range "${ours[@]}"))"
echo "torchvision loader   images/s median $mt  ($(range "${theirs[@]}"))"
awk -v a="$mo" -v b="$mt" 'BEGIN {printf "ratio ensdsl/torchvision: %.2f (target >= 1.5)\n", a / b}'
