#!/usr/bin/env bash
# Device creation at scale with the NativeAOT qomsharp tool: `-machine q35 -nodefaults` and N
# `-device` options (the scale benchmark's topology) on one command line, N = 0 (the same command
# with no device), 1,000, 3,000, 10,000, 30,000 and 100,000. The tree the tool prints is discarded.
#
# Two measures of the time a device costs, each as (T(N) - T(0)) / N:
#  - wall clock: hyperfine runs of the whole process (start, build, printed tree, exit), mean and
#    standard deviation per N; the error of a figure per device is the standard error of the
#    difference of the two means, divided by N;
#  - in process: the tool's own phase clock (QOMSHARP_STATS=1), the options, devices and done
#    phases summed: reading the options (each -device's QemuOpts), making every device (created,
#    set, realized, plugged) and machine-init-done. Not in it: the runtime's start, the board,
#    printing the tree, exit. Its runs are interleaved (one of every N per round), so that a change
#    of load reaches each N alike.
# Also, from the in-process runs: bytes allocated per device (exact, whole run) and peak RSS
# (/usr/bin/time); and with --instructions, the instructions executed per device (valgrind's
# callgrind, whole process): a figure that does not depend on the machine's load.
# Linearity is max/min of the figures per device from 1,000 to 100,000 devices.
#
#   benchmarks/scale-aot.sh [--quick] [--instructions] [--tool PATH]
#     --quick         few runs (checks that the script works; the figures are rough)
#     --instructions  also count instructions with valgrind (about 3 minutes more)
#     --tool PATH     measure this binary instead of publishing tools/qomsharp
# Writes BenchmarkDotNet.Artifacts/scale-aot/scale-aot.md and prints it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=BenchmarkDotNet.Artifacts/scale-aot
mkdir -p "$out"
quick=0
instructions=0
tool=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 ;;
        --instructions) instructions=1 ;;
        --tool) tool=$2; shift ;;
        *) echo "usage: $0 [--quick] [--instructions] [--tool PATH]" >&2; exit 2 ;;
    esac
    shift
done
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }
if [[ $instructions -eq 1 ]]; then
    command -v valgrind >/dev/null || { echo "--instructions needs valgrind (apt-get install valgrind)" >&2; exit 2; }
fi
# 100,000 options are about 5.9 MB of arguments (strings and pointers): Linux allows a quarter of
# the stack limit, at most 6 MB; xargs must pass them all in one invocation (-x -s).
ulimit -s 262144

sizes=(0 1000 3000 10000 30000 100000)
if [[ -z $tool ]]; then
    dotnet publish tools/qomsharp -c Release -r linux-x64 -o artifacts/aot -v quiet -nologo >&2
    tool=$root/artifacts/aot/qomsharp
fi
dotnet build -c Release benchmarks/QomSharp.Benchmarks.Scale -v quiet -nologo >&2
for n in "${sizes[@]}"; do
    dotnet run -c Release --no-build --project benchmarks/QomSharp.Benchmarks.Scale -- --print "$n" \
        | sed 's/^/-device\n/' > "$out/args-$n.txt"
    # Check once that the tool accepts them (the tree lists every device).
    xargs -x -s 6200000 -d '\n' -a "$out/args-$n.txt" "$tool" -machine q35 -nodefaults > "$out/tree-$n.txt"
    [[ $(grep -c '(pci-testdev)\|(pcie-root-port)\|(pcie-pci-bridge)' "$out/tree-$n.txt") -eq $n ]] \
        || { echo "the tool did not list $n devices" >&2; exit 1; }
done

# Wall clock: hyperfine, one N after the other (runs: fewer for the long ones).
wall_runs() { if [[ $quick -eq 1 ]]; then echo 5; elif (( $1 >= 100000 )); then echo 15; elif (( $1 >= 30000 )); then echo 30; else echo 60; fi; }
for n in "${sizes[@]}"; do
    hyperfine -N --warmup 2 --runs "$(wall_runs "$n")" --export-json "$out/wall-$n.json" \
        "xargs -x -s 6200000 -d '\\n' -a $out/args-$n.txt $tool -machine q35 -nodefaults" >&2
done

# In process: rounds of one run of every N, with the phase clock and /usr/bin/time.
rounds=$( [[ $quick -eq 1 ]] && echo 5 || echo 30 )
: > "$out/phases.tsv"
for ((r = 0; r < rounds; r++)); do
    for n in "${sizes[@]}"; do
        stats=$( { QOMSHARP_STATS=1 xargs -x -s 6200000 -d '\n' -a "$out/args-$n.txt" \
            /usr/bin/time -f "time %M %R" "$tool" -machine q35 -nodefaults > /dev/null; } 2>&1 )
        awk -v n="$n" '
            /^qomsharp stats: (options|devices|done) / { ms += $4 }
            /^qomsharp stats: (heap|options|machine|devices|done|tree) / { kib += $6 }
            /^qomsharp stats: (options|machine|devices|done|tree) / { split($5, c, "/"); gcs += c[1] + c[2] + c[3] }
            /^qomsharp stats: devices / { devices = $4 }
            /^time / { rss = $2; faults = $3 }
            END { printf "%d\t%.4f\t%.4f\t%d\t%d\t%d\t%d\n", n, ms, devices, kib, gcs, rss, faults }' <<< "$stats" >> "$out/phases.tsv"
    done
done

# Instructions: one run per N under callgrind (deterministic up to the kernel's answers).
: > "$out/instructions.tsv"
if [[ $instructions -eq 1 ]]; then
    # A copy without the .dbg file beside it, whose DWARF valgrind cannot read.
    bare=$(mktemp -d)
    cp "$tool" "$bare/qomsharp"
    for n in "${sizes[@]}"; do
        ir=$(xargs -x -s 6200000 -d '\n' -a "$out/args-$n.txt" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$bare/qomsharp" -machine q35 -nodefaults 2>&1 > /dev/null | sed -n 's/.*I *refs: *//p' | tr -d ,)
        [[ -n $ir ]] || { echo "valgrind gave no instruction count at N = $n" >&2; exit 1; }
        printf "%d\t%d\n" "$n" "$ir" >> "$out/instructions.tsv"
    done
    rm -rf "$bare"
fi

python3 - "$out" "${sizes[@]}" > "$out/scale-aot.md" <<'PY'
import json, math, statistics, sys
out, sizes = sys.argv[1], [int(a) for a in sys.argv[2:]]

def mean_sd(values):
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)

# Wall clock (seconds -> ms).
wall = {}
for n in sizes:
    times = json.load(open(f"{out}/wall-{n}.json"))["results"][0]["times"]
    wall[n] = [t * 1000 for t in times]
# In process.
rows = [line.split("\t") for line in open(f"{out}/phases.tsv") if line.strip()]
proc, devphase, kib, gcs, rss, faults = {}, {}, {}, {}, {}, {}
for n, ms, dev, k, g, r, f in rows:
    n = int(n)
    proc.setdefault(n, []).append(float(ms))
    devphase.setdefault(n, []).append(float(dev))
    kib.setdefault(n, []).append(int(k))
    gcs.setdefault(n, []).append(int(g))
    rss.setdefault(n, []).append(int(r))
    faults.setdefault(n, []).append(int(f))
instr = {}
for line in open(f"{out}/instructions.tsv"):
    if line.strip():
        n, ir = line.split("\t")
        instr[int(n)] = int(ir)

def per_device(samples, n):
    """(mean_N - mean_0) / N in µs per device (samples in ms) and its standard error."""
    m, s = mean_sd(samples[n])
    m0, s0 = mean_sd(samples[0])
    err = math.sqrt(s * s / len(samples[n]) + s0 * s0 / len(samples[0]))
    return (m - m0) * 1000 / n, err * 1000 / n

def fmt_ms(values):
    m, s = mean_sd(values)
    return f"{m:,.2f} ± {s:,.2f}"

header = ["devices", "wall clock, mean ± σ (ms)", "per device, wall clock (µs)",
          "in process, mean ± σ (ms)", "per device, in process (µs)", "of which the devices phase (µs)",
          "allocated per device (B)", "peak RSS (MiB)", "minor faults"]
if instr:
    header.append("instructions per device")
print("| " + " | ".join(header) + " |")
print("|" + "---:|" * len(header))
wall_per, proc_per, instr_per = [], [], []
for n in sizes:
    cells = [f"{n:,}" if n else "0 (the machine alone)", fmt_ms(wall[n])]
    if n == 0:
        cells += ["–", fmt_ms(proc[n]), "–", "–", "–"]
    else:
        w, we = per_device(wall, n)
        p, pe = per_device(proc, n)
        wall_per.append(w)
        proc_per.append(p)
        d = statistics.fmean(devphase[n]) * 1000 / n
        alloc = (statistics.fmean(kib[n]) - statistics.fmean(kib[0])) * 1024 / n
        cells += [f"{w:.2f} ± {we:.2f}", fmt_ms(proc[n]), f"{p:.2f} ± {pe:.2f}", f"{d:.2f}", f"{alloc:,.0f}"]
    cells += [f"{statistics.median(rss[n]) / 1024:,.0f}", f"{statistics.median(faults[n]):,.0f}"]
    if instr:
        if n == 0:
            cells.append(f"({instr[0]:,} for the machine)")
        else:
            per = (instr[n] - instr[0]) / n
            instr_per.append(per)
            cells.append(f"{per:,.0f}")
    print("| " + " | ".join(cells) + " |")
print()

def linearity(name, values):
    lo, hi = min(values), max(values)
    print(f"- {name}: max/min {hi / lo:.2f} (every figure within ±{(hi - lo) / (hi + lo) * 100:.0f}% of {(hi + lo) / 2:.2f})")

print("Linearity from 1,000 to 100,000 devices (per device):")
linearity("wall clock", wall_per)
linearity("in process", proc_per)
if instr_per:
    lo, hi = min(instr_per), max(instr_per)
    print(f"- instructions: max/min {hi / lo:.3f}")
collections = sum(sum(g) for n, g in gcs.items())
print()
print(f"Wall clock: {', '.join(f'{len(wall[n])}' for n in sizes)} runs for N = {', '.join(f'{n:,}' for n in sizes)} "
      f"(hyperfine, one N after the other). In process: {len(proc[0])} rounds, interleaved. "
      f"Per device is (mean at N − mean with no device) / N ± the standard error of that difference / N. "
      f"Garbage collections after the heap phase in the in-process runs: {collections} (the no-collection region).")
PY
cat "$out/scale-aot.md"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
