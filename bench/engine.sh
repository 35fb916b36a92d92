#!/usr/bin/env bash
# Engine throughput vs. a plain TorchSharp loop, and resident memory over 20 epochs (see bench/Engine/Program.cs).
#   bash bench/engine.sh [pairs]      (default 5 alternating engine/plain pairs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/Engine/EnsDsl.Bench.Engine.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/Engine/bin/Release/net10.0/EnsDsl.Bench.Engine.dll" "${1:-5}"
