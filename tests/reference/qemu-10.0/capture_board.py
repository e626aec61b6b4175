#!/usr/bin/env python3
"""Regenerates the QEMU 10.0 outputs of q35's other board devices: the ISA bus under ICH9-LPC and
the devices on it, the HPET, the PS/2 devices, the VAPIC, the IDE buses of ich9-ahci, the i2c bus
of ICH9-SMB with its SPD EEPROMs, and the CPU with its APIC; their composition and qdev trees
under the machine options that drop or change them, and under -smp.

Usage: python3 capture_board.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
README.md lists every file written here with the command that produced it.
"""
import json
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (run, write, session, transcript, scalar_properties)

# The board's device types, in the order QEMU creates them on a default q35.
TYPES = ["qemu64-x86_64-cpu", "apic", "kvmvapic", "mc146818rtc", "i8257", "isa-i8259", "hpet", "isa-pit",
         "isa-pcspk", "i8042", "ps2-kbd", "ps2-mouse", "vmport", "vmmouse", "port92", "smbus-eeprom"]
ABSTRACT = ["isa-device", "pic-common", "pit-common", "ps2-device", "i2c-slave", "smbus-device", "apic-common",
            "x86_64-cpu", "cpu"]
BUSES = ["ISA", "IDE", "i2c-bus"]

# Where QEMU 10.0 puts them on a default q35 (one CPU).
U = "/machine/unattached/device[%d]"
INSTANCES = [U % 0, U % 0 + "/lapic", U % 1, U % 2 + "/rtc", U % 2 + "/dma[0]", U % 2 + "/dma[1]", U % 3, U % 4,
             U % 5, U % 6, U % 7, U % 8, U % 8 + "/ps2kbd", U % 8 + "/ps2mouse", U % 9, U % 10, U % 11] + \
            [U % n for n in range(14, 22)] + [U % 2 + "/isa.0", U % 12 + "/ide.0", U % 12 + "/ide.5", U % 13 + "/i2c"]

# The machine options that drop or change board devices, and -smp.
TREES = [
    ["-machine", "q35"],
    ["-machine", "q35,pic=off"],
    ["-machine", "q35,pit=off"],
    ["-machine", "q35,hpet=off"],
    ["-machine", "q35,i8042=off"],
    ["-machine", "q35,vmport=off"],
    ["-machine", "q35,smbus=off"],
    ["-machine", "q35,sata=off"],
    ["-machine", "q35,smm=off"],
    ["-machine", "q35,pic=off,pit=off,hpet=off,i8042=off,sata=off,smbus=off"],
    ["-machine", "q35", "-smp", "2"],
    ["-machine", "q35", "-smp", "4,sockets=2,cores=2"],
    ["-machine", "pc-q35-9.1"],
    ["-machine", "q35", "-device", "i8042,id=kbc", "-device", "mc146818rtc,id=rtc2"],
]


def help_texts():
    for t in TYPES:
        _, out, _ = q.run(q.BASE + ["-machine", "q35", "-device", t + ",help"])
        q.write(f"device-{t}-help.txt", out)


def properties_transcript():
    commands = []
    for t in TYPES + ABSTRACT + BUSES:
        commands.append({"execute": "qom-list-properties", "arguments": {"typename": t}})
    for t in TYPES:
        commands.append({"execute": "device-list-properties", "arguments": {"typename": t}})
    return q.transcript(["-machine", "q35"], commands)


def instances_transcript():
    commands = []
    for path in INSTANCES:
        commands.append({"execute": "qom-list", "arguments": {"path": path}})
        for name in q.scalar_properties(["-machine", "q35"], path):
            commands.append({"execute": "qom-get", "arguments": {"path": path, "property": name}})
    return q.transcript(["-machine", "q35"], commands)


def trees():
    return q.hmp_trees(TREES)


def types():
    _, (reply,) = q.session(["-machine", "q35"], [{"execute": "qom-list-types", "arguments": {"abstract": True}}])
    wanted = set(TYPES + ABSTRACT + BUSES)
    return json.dumps(sorted([t for t in reply["return"] if t["name"] in wanted], key=lambda t: t["name"]), indent=1) + "\n"


# The CPU's values that older machine versions change (their compat properties), and a CPU the
# user adds without topology.
CPU_VERSIONS = ["pc-q35-2.4", "pc-q35-2.10", "pc-q35-6.0", "pc-q35-9.0"]
CPU_PROPERTIES = ["model-id", "family", "model", "stepping", "check", "sse4a", "abm", "popcnt", "x-hv-max-vps",
                  "hv-version-id-major", "hv-version-id-build", "guest-phys-bits", "legacy-multi-node", "level", "xlevel"]


def cpu_versions():
    rows = []
    for machine in CPU_VERSIONS:
        commands = [{"execute": "qom-get", "arguments": {"path": U % 0, "property": p}} for p in CPU_PROPERTIES]
        _, replies = q.session(["-machine", machine], commands)
        rows.append({"args": ["-machine", machine], "values": {p: r.get("return") for p, r in zip(CPU_PROPERTIES, replies)}})
    return json.dumps(rows, indent=1) + "\n"


def cpu_errors():
    return "".join(q.refusal(args) for args in (
        ["-machine", "q35", "-device", "qemu64-x86_64-cpu"], ["-machine", "q35", "-device", "apic"],
        ["-machine", "q35", "-device", "qemu64-x86_64-cpu,sse4a=maybe"]))


def main():
    q.write("cpu-machine-versions.json", cpu_versions())
    q.write("cpu-errors.txt", cpu_errors())
    help_texts()
    q.write("qmp-board-devices-properties.txt", properties_transcript())
    q.write("qmp-board-devices-instances.txt", instances_transcript())
    q.write("hmp-board-trees.json", trees())
    q.write("qom-list-types-board-devices.json", types())


if __name__ == "__main__":
    main()
