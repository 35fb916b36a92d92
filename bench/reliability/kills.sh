#!/usr/bin/env bash
# Reliability under SIGKILL (issue 18): kills an `ensdsl run` of bench/reliability/kills.csx at N moments — half at a
# random time, half the moment a store write (weights, optimizer state, predictions, training state, node.json) is in
# progress — resuming each time, then checks that every stored file equals an uninterrupted run's. Not part of .ci/run.
#   bash bench/reliability/kills.sh [kills] [seed]      (default 20 kills, seed 1; about 5 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/ensdsl-kills-XXXX)"
cd "$root"
./ensdsl --version > /dev/null                                   # built before the clock starts
/usr/bin/python3 bench/reliability/kills.py "$root/ensdsl" bench/reliability/kills.csx "$work" "${1:-20}" "${2:-1}"
