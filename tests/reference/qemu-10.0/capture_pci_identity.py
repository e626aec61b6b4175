#!/usr/bin/env python3
"""Regenerates the QEMU 10.0 outputs about PCI identity and BARs, option ROM lookup and vfio-pci's
identity overrides.

Usage: python3 capture_pci_identity.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Run from anywhere: relative paths (-L firmware) are taken from this directory. It reuses capture.py's
helpers; README.md lists every file with its command.
"""
import os
import subprocess

import capture
from capture import BASE, HERE, qmp, run, write

# A function of each BAR kind (32-bit memory, I/O, 64-bit prefetchable memory) and ROM BARs sized
# from a file found through -L, from romsize, and none for an empty romfile.
BARS = ["-machine", "q35", "-L", "firmware",
        "-device", "pci-testdev,id=t0,membar=0x100000,romfile=test.rom",
        "-device", "pci-testdev,id=t1,romfile=test.rom,romsize=65536",
        "-device", "pcie-root-port,id=rp0,chassis=1",
        "-device", "pci-testdev,id=t2,bus=rp0,romfile="]
HMP = ["info pci", "info qtree"]

# Each line: the options after -nodefaults -display none -machine q35.
ERRORS = [
    ["-device", "pci-testdev,romfile=nope.rom"],
    ["-device", "pci-testdev,romfile=test.rom"],
    ["-L", "firmware", "-device", "pci-testdev,romfile=test.rom,romsize=2048"],
    ["-device", "pci-testdev,romfile=firmware"],
    ["-L", "firmware", "-device", "vfio-pci,romfile=test.rom"],
    ["-device", "vfio-pci,host=99:00.0,romfile=nope.rom"],
    ["-device", "vfio-pci,host=99:00.0,x-pci-vendor-id=0xffff"],
    ["-device", "vfio-pci,x-pci-device-id=4294967296"],
    ["-device", "vfio-pci,x-pci-sub-vendor-id=-1"],
    ["-device", "vfio-pci,x-pci-sub-device-id=x"],
]


def bare_qemu():
    """The binary behind /opt/qemu10's wrapper, which adds its own -L directories."""
    inner = os.path.join(os.path.dirname(capture.QEMU), "usr", "bin", "qemu-system-x86_64")
    return inner if os.path.exists(inner) else capture.QEMU


def main():
    os.chdir(HERE)
    text = qmp(BARS + ["-S"], [{"execute": "query-pci"}] +
               [{"execute": "human-monitor-command", "arguments": {"command-line": c}} for c in HMP])
    write("qmp-pci-bars.txt", text)

    capture.capture_option_errors("pci-identity-errors.txt", ERRORS)

    listing = ""
    for args in (["-L", "help"], ["-L", "firmware", "-L", "help", "-L", "/nonexistent", "-L", "firmware"]):
        p = subprocess.run([bare_qemu()] + args, capture_output=True, text=True, timeout=60)
        listing += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + p.stdout + p.stderr + f"exit {p.returncode}\n"
    write("data-dirs.txt", listing)


if __name__ == "__main__":
    main()
