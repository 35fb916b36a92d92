#!/usr/bin/env bash
# Ensemble-size curve over 50 members × 10,000 images × 100 classes (see bench/Scoring/Program.cs).
#   bash bench/scoring.sh [repeats]      (default 7)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/Scoring/EnsDsl.Bench.Scoring.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/Scoring/bin/Release/net10.0/EnsDsl.Bench.Scoring.dll" "${1:-7}"
