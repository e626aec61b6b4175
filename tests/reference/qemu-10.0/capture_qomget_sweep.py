#!/usr/bin/env python3
"""Regenerates QEMU 10.0's qom-get values of every object of the board and of every device type
QomSharp models that QEMU can create here, on q35 and on pc-q35-9.1.

For each machine M:
  qmp-qomget-sweep-board-M.txt: `-machine M -S -qmp stdio`, then a qom-get of every property that is
    not a child<> of every object below /machine and /objects (links included: their value is the
    path), objects walked by path in sorted order, properties in qom-list order.
  qmp-qomget-sweep-devices-M.txt: for each case of DEVICES, `-machine M ARGS -S -qmp stdio`, then the
    same qom-gets for every object below /machine that the board alone does not have (the device,
    its buses, regions, IRQs, backends and host bridges). Each case starts with a `# ARGS` line.

qmp-cpu-hotplug.txt: `CPU_HOTPLUG_ARGS -S -qmp stdio`, then the commands of CPU_HOTPLUG.
qmp-acpi-pcihp-M.txt (M in MACHINES): `-machine M ACPI_PCIHP_ARGS -S -qmp stdio`, then the commands of ACPI_PCIHP
  (ACPI PCI hot-plug: the buses' hotplug-handler and acpi-pcihp-bsel, hot-plug and unplug through ICH9-LPC).
qmp-acpi-pcihp-off.txt: the same with `-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off` (native hot-plug).
qmp-acpi-pcihp-pc-q35-6.0.txt: the same commands on pc-q35-6.0 (bridge support off by its compat properties).
cpu-plug-errors.txt: each command line of CPU_ERRORS (`-machine q35` first): stderr and exit code.

Left out (not deterministic): the RTC's `date` and `rtc-time` (the time of the capture).

Usage: python3 capture_qomget_sweep.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json
import os
import subprocess
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (QEMU, BASE, write)

MACHINES = ["q35", "pc-q35-9.1"]

# Properties whose value is not a fact of the model: the RTC's date (wall clock at the capture).
VOLATILE = {"date", "rtc-time"}

# One command line per user-creatable device type QomSharp models, with the properties it needs.
# Not here: vfio-pci, vfio-pci-nohotplug (need a host VFIO device), vhost-vdpa-device-pci and its
# transitional/non-transitional variants (need /dev/vhost-vdpa-N), pxb (only on a root bus, and
# q35's root bus is PCI Express: "pxb devices cannot reside on a PCIe bus"), vhost-vdpa-device and
# virtio-iommu-device (only inside their proxy: the proxy's case walks them), qemu64-x86_64-cpu
# (only with a free CPU slot: its own case below), the board-only types (no user creation: their
# instances are in the board file).
DEVICES = [
    ["-device", "pci-testdev,id=d0"],
    ["-device", "pcie-root-port,id=d0,chassis=1"],
    ["-device", "pci-bridge,id=d0,chassis_nr=1"],
    ["-device", "pcie-pci-bridge,id=d0"],
    ["-device", "i82801b11-bridge,id=d0"],
    ["-device", "pxb-pcie,id=d0,bus_nr=128"],
    ["-device", "ich9-ahci,id=d0"],
    ["-device", "intel-iommu,id=d0"],
    ["-device", "virtio-iommu-pci,id=d0"],
    ["-device", "i8042,id=d0"],
    ["-device", "i8042,id=k0", "-device", "vmmouse,id=d0,i8042=k0"],
    ["-device", "mc146818rtc,id=d0"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,id=d0,socket-id=0,core-id=1,thread-id=0"],
    # -object types: iommufd (opens /dev/iommu only when used); the memory backends are in qmp-memdev-objects.txt.
    ["-object", "iommufd,id=fd0"],
]


# A CPU added with -device: the checks that complete and place it (the sweep's CPU case is the one accepted).
CPU_ERRORS = [
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,socket-id=0,core-id=1"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,socket-id=0,core-id=2,thread-id=0"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,socket-id=0,core-id=0,thread-id=0"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,socket-id=0,core-id=1,thread-id=1"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,socket-id=0,die-id=1,core-id=1,thread-id=0"],
    ["-smp", "1,maxcpus=4,dies=2", "-device", "qemu64-x86_64-cpu,socket-id=0,core-id=1,thread-id=0"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,apic-id=5"],
    ["-smp", "1,maxcpus=2", "-device", "qemu64-x86_64-cpu,apic-id=1,core-id=0"],
    ["-smp", "1,maxcpus=6,sockets=3,cores=2", "-device", "qemu64-x86_64-cpu,socket-id=3,core-id=1,thread-id=0"],
    ["-smp", "2,maxcpus=4", "-device", "qemu64-x86_64-cpu,socket-id=0,core-id=2,thread-id=0", "-device", "qemu64-x86_64-cpu,apic-id=2"],
]


def cpu_errors():
    text = ""
    for args in CPU_ERRORS:
        args = ["-machine", "q35"] + args
        code, _, err = q.run(q.BASE + args)
        text += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + err + f"exit {code}\n"
    return text


# CPUs hot-plugged with device_add into the free slots of -smp 1,maxcpus=3.
CPU_HOTPLUG_ARGS = ["-machine", "q35", "-smp", "1,maxcpus=3"]
CPU_HOTPLUG = [
    {"execute": "device_add", "arguments": {"driver": "qemu64-x86_64-cpu", "id": "c1", "socket-id": 0, "core-id": 1, "thread-id": 0}},
    {"execute": "device_add", "arguments": {"driver": "qemu64-x86_64-cpu", "id": "c2", "socket-id": 0, "core-id": 1, "thread-id": 0}},
    {"execute": "device_add", "arguments": {"driver": "qemu64-x86_64-cpu", "id": "c3", "socket-id": 0, "core-id": 2}},
    {"execute": "device_add", "arguments": {"driver": "qemu64-x86_64-cpu", "id": "c4", "apic-id": 2, "core-id": 1}},
    {"execute": "device_add", "arguments": {"driver": "qemu64-x86_64-cpu", "id": "c5", "apic-id": 2}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/c1", "property": "apic-id"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/c5", "property": "core-id"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/c5", "property": "ht"}},
    {"execute": "query-hotpluggable-cpus"},
]


# ACPI PCI hot-plug: bridges cold-plugged on pcie.0, behind each other, behind a DMI bridge and on an expander.
ACPI_PCIHP_ARGS = ["-device", "pcie-root-port,id=ra,chassis=1", "-device", "pcie-root-port,id=rb,chassis=2",
                   "-device", "pcie-pci-bridge,id=pb,bus=ra", "-device", "pci-bridge,id=bb,chassis_nr=3,bus=pb,addr=1",
                   "-device", "pcie-root-port,id=rc,chassis=4,hotplug=off",
                   "-device", "pxb-pcie,id=px,bus_nr=100", "-device", "pcie-root-port,id=rd,chassis=5,bus=px",
                   "-device", "pcie-root-port,id=re,chassis=7,bus=px,hotplug=off",
                   "-device", "i82801b11-bridge,id=dm,bus=pcie.0", "-device", "pci-bridge,id=de,chassis_nr=6,bus=dm,addr=1",
                   "-device", "pcie-root-port,id=rf,chassis=8,bus=pcie.0", "-device", "pci-testdev,id=c,bus=rf"]


def _get(path, prop):
    return {"execute": "qom-get", "arguments": {"path": path, "property": prop}}


ACPI_PCIHP = ([_get("/machine/q35/pcie.0", "hotplug-handler"), _get("/machine/q35/pcie.0", "acpi-pcihp-bsel")]
              + [_get(f"/machine/peripheral/{b}/{b}", p) for b in ["ra", "rb", "pb", "bb", "rc", "rd", "re", "dm", "de", "rf"]
                 for p in ["acpi-pcihp-bsel", "hotplug-handler"]]
              + [_get("/machine/peripheral/px/px", "hotplug-handler"),
                 {"execute": "device_add", "arguments": {"driver": "pcie-pci-bridge", "id": "hb", "bus": "rb"}},
                 _get("/machine/peripheral/hb/hb", "hotplug-handler"), _get("/machine/peripheral/hb/hb", "acpi-pcihp-bsel"),
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t1", "bus": "hb", "addr": "1"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t2", "bus": "rc"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t3", "bus": "rd"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t4", "bus": "re"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t5", "bus": "pcie.0"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t6", "bus": "bb", "addr": "2"}},
                 _get("/machine/peripheral/t6", "hotplugged"), _get("/machine/peripheral/t6", "hotpluggable"),
                 _get("/machine/peripheral/c", "hotpluggable"), _get("/machine/peripheral/rf", "hotpluggable"),
                 {"execute": "device_del", "arguments": {"id": "t6"}},
                 _get("/machine/peripheral/t6", "realized"),
                 {"execute": "device_del", "arguments": {"id": "t6"}},
                 {"execute": "device_del", "arguments": {"id": "c"}},
                 _get("/machine/peripheral/c", "realized"),
                 {"execute": "device_del", "arguments": {"id": "c"}},
                 {"execute": "device_del", "arguments": {"id": "t1"}},
                 _get("/machine/peripheral/t1", "realized"),
                 {"execute": "device_del", "arguments": {"id": "t3"}},
                 _get("/machine/peripheral/t3", "realized"),
                 {"execute": "device_del", "arguments": {"id": "hb"}},
                 _get("/machine/peripheral/hb", "realized"),
                 {"execute": "device_del", "arguments": {"id": "rf"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t7", "bus": "rf", "addr": "1"}},
                 {"execute": "device_del", "arguments": {"id": "bb"}},
                 {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t8", "bus": "rb"}},
                 {"execute": "device_add", "arguments": {"driver": "pcie-root-port", "id": "hr", "bus": "px", "chassis": 9}},
                 _get("/machine/peripheral/hr/hr", "hotplug-handler")])
ACPI_PCIHP_OFF = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"]


def acpi_pcihp():
    for machine in MACHINES:
        q.write(f"qmp-acpi-pcihp-{machine}.txt", q.transcript(["-machine", machine] + ACPI_PCIHP_ARGS, ACPI_PCIHP))
    q.write("qmp-acpi-pcihp-off.txt", q.transcript(["-machine", "q35"] + ACPI_PCIHP_OFF + ACPI_PCIHP_ARGS, ACPI_PCIHP))
    # Machine types up to 6.0 turn the bridge support off (compat property).
    q.write("qmp-acpi-pcihp-pc-q35-6.0.txt", q.transcript(["-machine", "pc-q35-6.0"] + ACPI_PCIHP_ARGS, ACPI_PCIHP))


class Qmp:
    def __init__(self, args):
        self.p = subprocess.Popen([q.QEMU] + q.BASE + ["-S"] + args + ["-qmp", "stdio"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.read()
        self.call({"execute": "qmp_capabilities"})

    def read(self):
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("QEMU exited")
            reply = json.loads(line)
            if "event" not in reply:
                return reply

    def call(self, command):
        self.p.stdin.write(json.dumps(command) + "\n")
        self.p.stdin.flush()
        return self.read()

    def close(self):
        self.call({"execute": "quit"})
        self.p.wait(timeout=30)


def walk(qmp, roots):
    """Every object path below the roots, with its qom-list rows; sorted by path."""
    objects = {}
    pending = list(roots)
    while pending:
        path = pending.pop()
        rows = qmp.call({"execute": "qom-list", "arguments": {"path": path}})["return"]
        objects[path] = rows
        for r in rows:
            if r["type"].startswith("child<"):
                pending.append(path.rstrip("/") + "/" + r["name"])
    return dict(sorted(objects.items()))


def values(qmp, objects):
    lines = []
    for path, rows in objects.items():
        for r in rows:
            if r["type"].startswith("child<") or r["name"] in VOLATILE:
                continue
            command = {"execute": "qom-get", "arguments": {"path": path, "property": r["name"]}}
            lines.append(json.dumps(command) + "\n  -> " + json.dumps(qmp.call(command)) + "\n")
    return "".join(lines)


def board(machine):
    qmp = Qmp(["-machine", machine])
    objects = walk(qmp, ["/machine", "/objects"])
    text = values(qmp, objects)
    qmp.close()
    return set(objects), text


def devices(machine, board_paths):
    out = []
    for args in DEVICES:
        qmp = Qmp(["-machine", machine] + args)
        objects = {p: rows for p, rows in walk(qmp, ["/machine", "/objects"]).items() if p not in board_paths}
        out.append("# " + " ".join(args) + "\n" + values(qmp, objects))
        qmp.close()
    return "".join(out)


def main():
    q.write("cpu-plug-errors.txt", cpu_errors())
    q.write("qmp-cpu-hotplug.txt", q.transcript(CPU_HOTPLUG_ARGS, CPU_HOTPLUG))
    acpi_pcihp()
    for machine in MACHINES:
        paths, text = board(machine)
        q.write(f"qmp-qomget-sweep-board-{machine}.txt", text)
        q.write(f"qmp-qomget-sweep-devices-{machine}.txt", devices(machine, paths))


if __name__ == "__main__":
    main()
