#!/usr/bin/env bash
# Device creation at scale with the NativeAOT qomsharp tool: `-machine q35` and N `-device` options
# (the scale benchmark's topology) on one command line, N = 1,000, 10,000 and 100,000, timed with
# hyperfine; time per device and the tool's peak RSS. The tree the tool prints is discarded.
# Per device is given twice: from the machine alone (N = 0), which counts the one-time cost of the
# first devices (their classes are built, their code first touched), and from a run with 100
# devices, which does not; linearity is read on the second.
#   benchmarks/scale-aot.sh        writes BenchmarkDotNet.Artifacts/scale-aot/scale-aot.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=BenchmarkDotNet.Artifacts/scale-aot
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
# 100,000 options are about 5.9 MB of arguments (strings and pointers): Linux allows a quarter of
# the stack limit, at most 6 MB; xargs must pass them all in one invocation (-x -s).
ulimit -s 262144

dotnet publish tools/qomsharp -c Release -r linux-x64 -o artifacts/aot -v quiet -nologo >&2
tool=$root/artifacts/aot/qomsharp
dotnet build -c Release benchmarks/QomSharp.Benchmarks.Scale -v quiet -nologo >&2
for n in 0 100 1000 10000 100000; do
    dotnet run -c Release --no-build --project benchmarks/QomSharp.Benchmarks.Scale -- --print $n \
        | sed 's/^/-device\n/' > "$out/args-$n.txt"
    # Check once that the tool accepts them (the tree lists every device).
    xargs -x -s 6200000 -d '\n' -a "$out/args-$n.txt" "$tool" -machine q35 -nodefaults > "$out/tree-$n.txt"
    [[ $(wc -l < "$out/tree-$n.txt") -gt $n ]] || { echo "the tool did not list $n devices" >&2; exit 1; }
done

echo "| devices | median run (ms) | per device from N = 0 (µs) | per device from N = 100 (µs) | vs N = 1,000 | peak RSS (MiB) |" > "$out/scale-aot.md"
echo "|---:|---:|---:|---:|---:|---:|" >> "$out/scale-aot.md"
base=""
for n in 0 100 1000 10000 100000; do
    runs=$( (( n >= 100000 )) && echo 5 || { (( n >= 10000 )) && echo 15 || echo 40; } )
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/run-$n.json" \
        "sh -c 'xargs -x -s 6200000 -d \"\\n\" -a $out/args-$n.txt $tool -machine q35 -nodefaults > /dev/null'" >&2
    median=$(python3 -c "import json,sys;print(json.load(open('$out/run-$n.json'))['results'][0]['median'])")
    rss=$( { xargs -x -s 6200000 -d '\n' -a "$out/args-$n.txt" /usr/bin/time -f %M "$tool" -machine q35 -nodefaults > /dev/null; } 2>&1 | tail -1)
    if [[ $n -eq 0 ]]; then
        empty=$median
        echo "| 0 (machine only) | $(awk "BEGIN{printf \"%.1f\", $median*1000}") | – | – | – | $(awk "BEGIN{printf \"%.0f\", $rss/1024}") |" >> "$out/scale-aot.md"
        continue
    fi
    per=$(awk "BEGIN{printf \"%.2f\", ($median-$empty)*1e6/$n}")
    if [[ $n -eq 100 ]]; then
        hundred=$median
        echo "| 100 | $(awk "BEGIN{printf \"%.1f\", $median*1000}") | $per | – | – | $(awk "BEGIN{printf \"%.0f\", $rss/1024}") |" >> "$out/scale-aot.md"
        continue
    fi
    marginal=$(awk "BEGIN{printf \"%.2f\", ($median-$hundred)*1e6/($n-100)}")
    base=${base:-$marginal}
    echo "| $(printf "%'d" $n) | $(awk "BEGIN{printf \"%.1f\", $median*1000}") | $per | $marginal | $(awk "BEGIN{printf \"%.2f\", $marginal/$base}")× | $(awk "BEGIN{printf \"%.0f\", $rss/1024}") |" >> "$out/scale-aot.md"
done
echo "Per device from N = 0 is (median at N - median with no device) / N; from N = 100 it is (median at N - median with 100 devices) / (N - 100), and the vs column compares it." >> "$out/scale-aot.md"
cat "$out/scale-aot.md"
