#!/usr/bin/env bash
# QMP requests per second, the NativeAOT qomsharp tool against QEMU 10.0 (BenchmarkDotNet).
#   benchmarks/qmp-throughput.sh [QEMU]     QEMU defaults to /opt/qemu10/qemu-system-x86_64
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
qemu=${1:-/opt/qemu10/qemu-system-x86_64}
[[ -x "$qemu" ]] || { echo "$qemu: no QEMU to compare with" >&2; exit 2; }
dotnet publish tools/qomsharp -c Release -r linux-x64 -o artifacts/aot -v quiet -nologo >&2
QOMSHARP_TOOL=$root/artifacts/aot/qomsharp QEMU=$qemu \
    dotnet run -c Release --project benchmarks/QomSharp.Benchmarks.Qmp
