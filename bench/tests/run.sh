#!/usr/bin/env bash
# The test suite's time by test class: runs the README's test command (build, then test) with a trx logger (the CI set-up, packages and a
# Slurm cluster, as .ci/run makes it, is assumed) and prints durations.py's table. Not part of the tests.
#   bash bench/tests/run.sh [OUT_DIR]        # the trx files go to OUT_DIR, a new temporary folder by default
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$(mktemp -d /tmp/ensdsl-test-times-XXXXXX)}"
cd "$root"
started=$SECONDS
dotnet build EnsDsl.sln -nologo > /dev/null
echo "dotnet build EnsDsl.sln: $((SECONDS - started)) s"
started=$SECONDS
dotnet test EnsDsl.sln --no-build --logger trx --results-directory "$out" | grep -E '^(Passed|Failed)!' || true
echo "dotnet test EnsDsl.sln --no-build: $((SECONDS - started)) s"
echo "trx files: $out"
python3 "$root/bench/tests/durations.py" "$out" --tests 15
