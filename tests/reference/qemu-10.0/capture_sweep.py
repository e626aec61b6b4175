#!/usr/bin/env python3
"""Regenerates the property lists of every type QomSharp models, as QEMU 10.0 gives them: for each
machine M (q35 and pc-q35-9.1), `qom-list-properties` of every type in sweep-types.txt that QEMU
has, and `device-list-properties` of each concrete device type among them.

sweep-types.txt is the list of QomSharp's own `qom-list-types` (abstract included); the tests check
that it still is, so a newly modelled type must be captured here.

Usage: python3 capture_sweep.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (run, write, session, transcript)

HERE = os.path.dirname(os.path.abspath(__file__))
MACHINES = ["q35", "pc-q35-9.1"]


def qemu_types(machine):
    _, (reply,) = q.session(["-machine", machine], [{"execute": "qom-list-types", "arguments": {"abstract": True}}])
    return {t["name"]: t for t in reply["return"]}


def concrete_devices(machine):
    _, (reply,) = q.session(["-machine", machine],
                            [{"execute": "qom-list-types", "arguments": {"implements": "device", "abstract": False}}])
    return {t["name"] for t in reply["return"]}


def main():
    with open(os.path.join(HERE, "sweep-types.txt")) as f:
        ours = [line.strip() for line in f if line.strip()]
    for machine in MACHINES:
        known = qemu_types(machine)
        devices = concrete_devices(machine)
        commands = []
        for t in ours:
            if t in known:
                commands.append({"execute": "qom-list-properties", "arguments": {"typename": t}})
        for t in ours:
            if t in devices:
                commands.append({"execute": "device-list-properties", "arguments": {"typename": t}})
        q.write(f"qmp-sweep-properties-{machine}.txt", q.transcript(["-machine", machine], commands))
        missing = [t for t in ours if t not in known]
        q.write(f"sweep-types-not-in-qemu-{machine}.txt", "".join(t + "\n" for t in missing))


if __name__ == "__main__":
    main()
