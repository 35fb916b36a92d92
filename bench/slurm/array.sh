#!/usr/bin/env bash
# What a job array would save a sweep (issue 32): submitting N jobs one sbatch each, as ensdsl does, against one sbatch
# of an N-task array, in paired rounds on the test cluster. The jobs are held (--hold) and cancelled right away: this
# measures submission, not scheduling.
#   bash bench/slurm/array.sh [N] [ROUNDS]      # needs SLURM_CONF of a running cluster (tests/slurm/cluster.sh start DIR)
set -euo pipefail
n=${1:-100}
rounds=${2:-3}
: "${SLURM_CONF:?export the SLURM_CONF of a running cluster (bash tests/slurm/cluster.sh start DIR prints it)}"
work=$(mktemp -d)
trap 'scancel --me 2> /dev/null || true; rm -rf "$work"' EXIT
printf '#!/bin/sh\ntrue\n' > "$work/job.sh"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for round in $(seq 1 "$rounds"); do
  start=$(date +%s%N)
  for i in $(seq 1 "$n"); do sbatch --parsable --hold --comment="ensdsl-submission:$round-$i" -o /dev/null "$work/job.sh" > /dev/null; done
  single=$(ms "$start")
  scancel --me
  start=$(date +%s%N)
  sbatch --parsable --hold --array="0-$((n - 1))" -o /dev/null "$work/job.sh" > /dev/null
  array=$(ms "$start")
  scancel --me
  echo "round $round: $n jobs one sbatch each $single ms ($(( single / n )) ms a job); one array of $n tasks $array ms"
done
