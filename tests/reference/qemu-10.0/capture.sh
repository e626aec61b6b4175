#!/bin/sh
# Regenerates the QEMU 10.0 outputs kept here. Every file is produced by one command below.
#   usage: tests/reference/qemu-10.0/capture.sh [path/to/qemu-system-x86_64]
# QMP transcripts (qmp/*.txt) are made from the requests in qmp/*.in: the reference QEMU is run
# as `$QEMU -nodefaults -display none -S -qmp stdio -machine q35 EXTRA...` (EXTRA from the .in
# file's first line when it starts with '#'); each request line is followed by QEMU's reply
# ("  -> ..."), events included; a final quit is added when the requests do not end with one.
set -e
QEMU=${1:-/opt/qemu10/qemu-system-x86_64}
cd "$(dirname "$0")"
run() { out=$1; shift; "$@" >"$out" 2>&1 || true; }

run machine-help.txt             "$QEMU" -machine help
run machine-q35-help.txt         "$QEMU" -machine q35,help
run machine-pc-q35-9.1-help.txt  "$QEMU" -machine pc-q35-9.1,help
run machine-none-help.txt        "$QEMU" -machine none,help
QUIT='{"execute":"qmp_capabilities"}{"execute":"quit"}'
run machine-deprecated.txt sh -c "echo '$QUIT' | timeout 5 '$QEMU' -nodefaults -display none -machine pc-q35-7.0 -S -qmp stdio >/dev/null"
run object-errors.txt sh -c "
  for o in 'iommufd,id=fd0,foo=1' '{\"qom-type\":\"iommufd\",\"id\":\"fd0\",\"foo\":1}' '{\"qom-type\":\"iommufd\",\"id\":\"fd0\"' \
           '{\"qom-type\":\"iommufd\"}' '{\"qom-type\":\"nope\",\"id\":\"x\"}' '[1]' '{\"qom-type\":\"iommufd\",\"id\":\"fd0\"} x' \
           'iommufd,id=1x' '{\"qom-type\":\"iommufd\",\"id\":\"fd0\",\"help\":true}'; do
    echo \"-object \$o\"; timeout 5 '$QEMU' -nodefaults -display none -machine q35 -S -object \"\$o\" 2>&1; echo \"exit \$?\"; done
  echo '-object iommufd,id=fd0 -object iommufd,id=fd0'
  timeout 5 '$QEMU' -nodefaults -display none -machine q35 -S -object iommufd,id=fd0 -object iommufd,id=fd0 2>&1; echo \"exit \$?\""
run device-help-errors.txt sh -c "
  for d in device,help nope,help pci-device,help; do
    echo \"-device \$d\"; timeout 5 '$QEMU' -nodefaults -machine q35 -device \$d 2>&1; echo \"exit \$?\"; done"
run machine-errors.txt sh -c "
  for m in nope q35,foo=1 q35,acpi=x q35,max-fw-size=1T q35,graphics pc-q35-9.1,help=x; do
    echo \"-machine \$m\"; timeout 5 '$QEMU' -nodefaults -display none -S -machine \$m 2>&1; echo \"exit \$?\"; done"
run device-json-errors.txt sh -c "
  for d in '{\"driver\":\"pci-testdev\"' '{\"driver\":\"pci-testdev\"} x' '{\"driver\":\"pci-testdev\",}'; do
    echo \"-device \$d\"; timeout 5 '$QEMU' -nodefaults -display none -machine q35 -S -device \"\$d\" 2>&1; echo \"exit \$?\"; done"
run short-form-booleans.txt sh -c "echo '$QUIT' | timeout 5 '$QEMU' -nodefaults -display none -S -machine q35 -qmp stdio \
  -device pci-testdev,multifunction -device pci-testdev,nomultifunction,addr=7 -object iommufd,id=fd0,foo 2>&1 >/dev/null"

# option-arity.txt: whether QEMU's option takes an argument (the preflight mode skips options outside the model by it).
{ head -3 option-arity.txt
  sed -n 's/^\(-[^ #]*\) .*/\1/p' option-arity.txt | while read -r o; do
    out=$(timeout 5 "$QEMU" -machine none -nodefaults -display none -S -monitor none -serial none "$o" 2>&1 </dev/null | head -2)
    case "$out" in *"requires an argument"*) k=ARG; t=$(timeout 5 "$QEMU" "$o" x -version 2>&1 | head -1);;
                   *"invalid option"*) k=INVALID; t=;; *) k=NOARG; t=$(timeout 5 "$QEMU" "$o" -version 2>&1 | head -1);; esac
    case "$t" in *"not supported for this target"*) k=TARGET;; esac
    echo "$o $k"; done; } > option-arity.txt.new && mv option-arity.txt.new option-arity.txt

for input in qmp/*.in; do
  python3 - "$QEMU" "$input" "${input%.in}.txt" <<'PY'
import json, subprocess, sys, time
qemu, source, target = sys.argv[1:]
lines = open(source).read().splitlines()
extra = lines[0][1:].split() if lines and lines[0].startswith('#') else []
requests = [l for l in lines if l and not l.startswith('#')]
if '"quit"' not in requests[-1]:
    requests.append('{"execute": "quit"}')
proc = subprocess.Popen([qemu, '-nodefaults', '-display', 'none', '-S', '-qmp', 'stdio', '-machine', 'q35'] + extra,
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
out = [' '.join(['#', 'qemu-system-x86_64', '-nodefaults', '-display', 'none', '-S', '-qmp', 'stdio', '-machine', 'q35'] + extra)]
out.append('"greeting"'); out.append('  -> ' + proc.stdout.readline().strip())
for request in requests:
    proc.stdin.write(request + '\n'); proc.stdin.flush()
    out.append(request)
    while True:
        reply = proc.stdout.readline().strip()
        out.append('  -> ' + reply)
        if not reply or '"event"' not in reply:
            break
proc.stdin.close(); proc.wait(timeout=10)
open(target, 'w').write('\n'.join(out) + '\n')
PY
done
