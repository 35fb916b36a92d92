# The throughput configurations of bench/run.sh and bench/layout.sh, one per line: section arch size batch n classes.
# Training: n = batches per timed epoch. Evaluation: n = test images (the engine's evaluation batch is 500, and 64 at
# 224 px). Each is sized for at least ~10 s of timed work per measurement on 2 cores, on every side.
configurations=(
  "train cifar-resnet20x16 32 128 64 10"
  "train resnet50 64 32 20 100"
  "train resnet50 224 16 6 100"
  "eval cifar-resnet20x16 32 500 25000 10"
  "eval resnet50 64 500 3000 100"
  "eval resnet50 224 64 256 100"
)

# Runs "$@ section arch size batch n classes" for every configuration.
for_each_configuration() {
  local configuration fields
  for configuration in "${configurations[@]}"; do
    read -r -a fields <<< "$configuration"
    "$@" "${fields[@]}"
  done
}
