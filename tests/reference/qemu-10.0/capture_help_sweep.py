#!/usr/bin/env python3
"""Captures `-device T,help` of every concrete device type QomSharp models (the device types of
sweep-types.txt that QEMU 10.0 has), for each machine M (q35 and pc-q35-9.1):

    qemu-system-x86_64 -nodefaults -display none -machine M -device T,help

into help-sweep-M.txt: for each type a `$ ` line with the command (the reference tests read it as
they read the error files), then stdout, stderr and
`exit N`.

Usage: python3 capture_help_sweep.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (run, write)
import capture_sweep as sweep  # noqa: E402  (concrete_devices)

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    with open(os.path.join(HERE, "sweep-types.txt")) as f:
        ours = [line.strip() for line in f if line.strip()]
    for machine in sweep.MACHINES:
        devices = sweep.concrete_devices(machine)
        text = ""
        for t in ours:
            if t not in devices:
                continue
            args = ["-nodefaults", "-display", "none", "-machine", machine, "-device", f"{t},help"]
            code, out, err = q.run(args)
            text += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + out + err + f"exit {code}\n"
        q.write(f"help-sweep-{machine}.txt", text)


if __name__ == "__main__":
    main()
