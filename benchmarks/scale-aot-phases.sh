#!/usr/bin/env bash
# Per-device cost of the NativeAOT tool at scale from the tool's own phase clock: each run is made
# with QOMSHARP_STATS=1, and the time from the end of the machine's start-up to the printed tree
# (the options, devices, done and tree phases, which is all the work a -device costs in process)
# is summed. Runs of all N are interleaved (round robin), so a change of load reaches each N alike;
# per device at N is (median sum at N - median sum at 100) / (N - 100): a slope, without the
# process's start and exit, whose ±4 ms spread hides a thousand devices' few milliseconds in the
# wall clock. Also the MiB the tool allocated, minor page faults and CPU seconds, from the same runs.
#   benchmarks/scale-aot-phases.sh [ROUNDS [TOOL]]   (scale-aot.sh first: it publishes the tool and writes the arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=BenchmarkDotNet.Artifacts/scale-aot
rounds=${1:-15}
tool=${2:-$root/artifacts/aot/qomsharp}
ulimit -s 262144
[[ -x $tool && -f $out/args-100000.txt ]] || { echo "run benchmarks/scale-aot.sh first" >&2; exit 2; }
raw=$(mktemp)
: > "$raw"
for ((r = 0; r < rounds; r++)); do
    for n in 100 1000 10000 100000; do
        stats=$( { QOMSHARP_STATS=1 xargs -x -s 6200000 -d '\n' -a "$out/args-$n.txt" /usr/bin/time -f "time %U %S %R" "$tool" -machine q35 -nodefaults > /dev/null; } 2>&1 )
        awk -v n="$n" '
            /^qomsharp stats: (options|devices|done|tree) / { ms += $4; mib += $6 }
            /^time / { cpu = $2 + $3; faults = $4 }
            END { printf "%d\t%.3f\t%.2f\t%.2f\t%d\n", n, ms, mib, cpu, faults }' <<< "$stats" >> "$raw"
    done
done
python3 - "$raw" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for n, ms, mib, cpu, faults in rows:
    by.setdefault(int(n), []).append((float(ms), float(mib), float(cpu), int(faults)))
med = {n: [statistics.median(v[i] for v in vals) for i in range(4)] for n, vals in by.items()}
base = med[100]
print("| devices | phases (ms, median) | per device from N = 100 (µs) | vs N = 1,000 | allocated per device (B) | minor faults | CPU (s) |")
print("|---:|---:|---:|---:|---:|---:|---:|")
first = None
for n in sorted(med):
    ms, mib, cpu, faults = med[n]
    if n == 100:
        print(f"| 100 | {ms:.2f} | – | – | – | {faults:,.0f} | {cpu:.2f} |")
        continue
    per = (ms - base[0]) * 1000 / (n - 100)
    first = first or per
    bytes_ = (mib - base[1]) * 1048576 / (n - 100)
    print(f"| {n:,} | {ms:.2f} | {per:.2f} | {per / first:.2f}× | {bytes_:,.0f} | {faults:,.0f} | {cpu:.2f} |")
print(f"\n{len(rows) // len(med)} runs per N, interleaved; medians.")
PY
rm -f "$raw"
