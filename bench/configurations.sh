# The throughput configurations of bench/run.sh and bench/layout.sh, one per line: section arch size batch n classes.
# Training: n = batches per timed epoch. Evaluation: n = test images (the engine's evaluation batch is 500).
configurations=(
  "train cifar-resnet20x16 32 128 10 10"
  "train resnet50 64 32 4 100"
  "train resnet50 224 16 2 100"
  "eval cifar-resnet20x16 32 500 2000 10"
  "eval resnet50 64 500 500 100"
  "eval resnet50 224 64 64 100"
)

# Runs "$@ section arch size batch n classes" for every configuration.
for_each_configuration() {
  local configuration fields
  for configuration in "${configurations[@]}"; do
    read -r -a fields <<< "$configuration"
    "$@" "${fields[@]}"
  done
}
