#!/usr/bin/env bash
# Start-up and memory of the NativeAOT qomsharp tool against QEMU 10.0, with the same arguments:
# `-device help`, `-device intel-iommu,help`, and a q35 machine started and quit over QMP.
#   benchmarks/startup.sh [QEMU]     QEMU defaults to /opt/qemu10/qemu-system-x86_64
# Needs hyperfine. Writes BenchmarkDotNet.Artifacts/startup/{startup.md,rss.md}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
qemu=${1:-/opt/qemu10/qemu-system-x86_64}
out=BenchmarkDotNet.Artifacts/startup
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
[[ -x "$qemu" ]] || { echo "$qemu: no QEMU to compare with" >&2; exit 2; }

dotnet publish tools/qomsharp -c Release -r linux-x64 -o artifacts/aot -v quiet -nologo >&2
tool=$root/artifacts/aot/qomsharp
qmp='printf '"'"'{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n'"'"''
machine='-machine q35 -nodefaults -display none -S -qmp stdio'

declare -A commands=(
    ["device-help"]="-device help"
    ["intel-iommu-help"]="-device intel-iommu,help"
)
: > "$out/startup.md"
for name in device-help intel-iommu-help; do
    hyperfine -N --warmup 3 --runs 30 --export-markdown "$out/$name.md" \
        -n "qomsharp (AOT) ${commands[$name]}" "$tool ${commands[$name]}" \
        -n "QEMU 10.0 ${commands[$name]}" "$qemu ${commands[$name]}" >&2
    cat "$out/$name.md" >> "$out/startup.md"
done
hyperfine --warmup 3 --runs 30 --export-markdown "$out/qmp.md" \
    -n "qomsharp (AOT) q35 over QMP" "$qmp | $tool $machine" \
    -n "QEMU 10.0 q35 over QMP" "$qmp | $qemu $machine" >&2
cat "$out/qmp.md" >> "$out/startup.md"

# Peak resident memory (GNU time's maximum RSS, KiB), median of 5 runs each.
peak() { for _ in 1 2 3 4 5; do sh -c "$1" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p; }
{
    echo "| command | qomsharp (AOT) KiB | QEMU 10.0 KiB | ratio |"
    echo "|---|---:|---:|---:|"
    for args in "-device help" "-device intel-iommu,help"; do
        a=$(peak "/usr/bin/time -f %M $tool $args")
        b=$(peak "/usr/bin/time -f %M $qemu $args")
        echo "| \`$args\` | $a | $b | $(awk "BEGIN{printf \"%.2f\", $a/$b}")× |"
    done
    a=$(peak "$qmp | /usr/bin/time -f %M $tool $machine")
    b=$(peak "$qmp | /usr/bin/time -f %M $qemu $machine")
    echo "| q35 over QMP | $a | $b | $(awk "BEGIN{printf \"%.2f\", $a/$b}")× |"
} > "$out/rss.md"
cat "$out/startup.md" "$out/rss.md"
