#!/usr/bin/env bash
# Builds the go-qemu sample with Debian's go-qemu (golang-go, golang-github-digitalocean-go-qemu-dev),
# starts qomsharp with a QMP socket, lets the sample drive it and compares what it printed with
# expected.txt. Exit code 0 when they agree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap '[ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/src/go-qemu-sample"
cp "$here/main.go" "$work/src/go-qemu-sample/"
(cd "$work/src/go-qemu-sample" && GOPATH="$work:/usr/share/gocode" GO111MODULE=off GOCACHE="$work/cache" GOFLAGS= go build -o "$work/sample" .)

dotnet build "$root/tools/qomsharp" -c Release -nologo -v q >/dev/null
socket="$work/qmp.sock"
dotnet "$root/tools/qomsharp/bin/Release/net10.0/qomsharp.dll" -S -machine q35 \
  -device pcie-root-port,id=rp0,chassis=1,addr=3 -device pci-testdev,id=t0,addr=4 \
  -qmp "unix:$socket,server=on,wait=off" &
server=$!
for _ in $(seq 600); do [ -S "$socket" ] && break; sleep 0.1; done
timeout 60 "$work/sample" "$socket" >"$work/out.txt"
wait "$server"
server=
diff -u "$here/expected.txt" "$work/out.txt"
echo "go-qemu sample: output as expected"
