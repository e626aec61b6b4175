#!/usr/bin/env bash
# W1-W9 in one run: the GObject anchor (when GLib's development files are present), then QomSharp and
# the naive reflection baseline with BenchmarkDotNet, then one table with the ratios against both.
# W8 (fresh processes) is run for QomSharp published with ReadyToRun (the table's W8 row), published
# with NativeAOT (the "W8 NativeAOT" row) and as built, with the JIT (the "W8 JIT" row).
#   benchmarks/run-all.sh           about 8 minutes on 2 cores
#   benchmarks/run-all.sh --quick   smoke run, figures not for use
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
quick=()
gobject_args=(--reps 21 --batch-ms 50 --w8-runs 9)
if [[ "${1:-}" == "--quick" ]]; then
    quick=(--quick)
    gobject_args=(--reps 3 --batch-ms 10 --w8-runs 3)
fi
results=BenchmarkDotNet.Artifacts/$([[ ${#quick[@]} -gt 0 ]] && echo results-quick || echo results)
mkdir -p "$results"

anchor=()
if pkg-config --exists gobject-2.0 2>/dev/null; then
    make -s -C benchmarks/anchors/gobject bench
    echo "GObject anchor: running" >&2
    benchmarks/anchors/gobject/bench "${gobject_args[@]}" > "$results/gobject.json"
    anchor=(--gobject "$results/gobject.json")
else
    echo "GObject anchor: not built (libglib2.0-dev and pkg-config are not installed); the table has no GObject column" >&2
fi

# W8's QomSharp child published with ReadyToRun (the runtime, the workload's types and the 2,000
# types precompiled for this machine), besides the JIT build the benchmark also runs.
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
dotnet publish benchmarks/QomSharp.Benchmarks.W8 -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o BenchmarkDotNet.Artifacts/w8-readytorun -v quiet -nologo >&2
# The same program published with NativeAOT, as the tool is (its types registered inside the timed
# window all the same: their assembly says [assembly: QomExplicitRegistration]).
dotnet publish benchmarks/QomSharp.Benchmarks.W8 -c Release -r "$rid" -p:W8NativeAot=true \
    -o BenchmarkDotNet.Artifacts/w8-nativeaot -v quiet -nologo >&2
dotnet run -c Release --project benchmarks/QomSharp.Benchmarks -- "${quick[@]}" "${anchor[@]}" \
    --w8-r2r BenchmarkDotNet.Artifacts/w8-readytorun/QomSharp.Benchmarks.W8 \
    --w8-aot BenchmarkDotNet.Artifacts/w8-nativeaot/QomSharp.Benchmarks.W8
