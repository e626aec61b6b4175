#!/usr/bin/env python3
"""Regenerates regions.json: QEMU 10.0's memory-region and irq objects on q35.

For each command line in CASES (each also run with -nodefaults -display none -S -qmp stdio) it keeps
`info qom-tree` (human-monitor-command) and, for every memory region (of any region type) in that tree, qom-get of its
container, addr, size and priority. It also keeps qom-list-properties of the types memory-region,
irq, ioapic and fw_cfg_io, and qom-list of one region, one irq, the ioapic and fw_cfg.

It also writes qmp-intel-iommu-refused-add.txt: intel-iommu's qom-list (its vtd-* regions) around
device_add of functions that are refused after their address space was made, then accepted, then
deleted; and qmp-virtio-iommu-refused-add.txt, the same for virtio-iommu's backend (its endpoint
regions), with one more function hot-plugged on pcie.0.

Usage: python3 capture_regions.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json
import os
import subprocess
import sys

QEMU = sys.argv[1] if len(sys.argv) > 1 else "/opt/qemu10/qemu-system-x86_64"
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["-nodefaults", "-display", "none", "-S"]

CASES = [
    ["-machine", "q35"],
    ["-machine", "q35", "-m", "1G"],
    ["-machine", "q35", "-m", "4G"],
    ["-machine", "pc-q35-9.1"],
    ["-machine", "pc-q35-2.4"],
    ["-machine", "q35", "-device", "pci-testdev,id=t0"],
    ["-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pci-testdev,bus=rp0", "-device", "pci-testdev"],
    ["-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1"],
    ["-machine", "q35", "-device", "pci-bridge,id=br0,chassis_nr=2"],
    ["-machine", "q35", "-device", "pcie-pci-bridge,id=pb0"],
    ["-machine", "q35", "-device", "intel-iommu,id=iommu0"],
    ["-machine", "q35", "-device", "intel-iommu,id=iommu0", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pci-testdev,bus=rp0,id=t0",
     "-device", "pci-testdev,id=t1,addr=5"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,id=vi0"],
    ["-machine", "q35", "-device", "pxb-pcie,id=pxb1,bus_nr=128"],
    ["-machine", "q35", "-device", "i82801b11-bridge,id=dmi"],
    ["-machine", "q35", "-device", "pci-testdev,id=t0,membar=0x100000", "-device", "pci-bridge,id=br0,chassis_nr=1,shpc=off",
     "-device", "pci-testdev,id=t1,bus=br0", "-device", "pcie-root-port,id=rp1,chassis=3", "-device", "pci-bridge,id=br1,chassis_nr=4,bus=rp1"],
    ["-machine", "q35,smm=off", "-m", "8G"],
    ["-machine", "q35,pic=off,i8042=off,sata=off,smbus=off"],
    ["-machine", "q35", "-device", "ich9-ahci,id=sata1,addr=5"],
    # virtio-iommu's endpoints: behind a root port, a PCIe-to-PCI bridge and a PCI bridge (aliases),
    # an expander, and with the IOMMU after another function.
    ["-machine", "q35", "-device", "virtio-iommu-pci,id=vi0", "-device", "pcie-root-port,id=rp0,chassis=1",
     "-device", "pci-testdev,bus=rp0,id=t0", "-device", "pcie-pci-bridge,id=pb0", "-device", "pci-testdev,bus=pb0,id=t1,addr=2",
     "-device", "pci-bridge,id=br0,chassis_nr=2", "-device", "pci-testdev,bus=br0,id=t2,addr=3",
     "-device", "pxb-pcie,id=pxb1,bus_nr=128", "-device", "pcie-root-port,id=rp1,chassis=3,bus=pxb1", "-device", "pci-testdev,bus=rp1,id=t3"],
    ["-machine", "q35", "-device", "pci-testdev,id=t0,addr=6", "-device", "virtio-iommu-pci,id=vi0,addr=7"],
]

LISTS = [
    {"execute": "qom-list-properties", "arguments": {"typename": "memory-region"}},
    {"execute": "qom-list-properties", "arguments": {"typename": "irq"}},
    {"execute": "qom-list-properties", "arguments": {"typename": "ioapic"}},
    {"execute": "qom-list-properties", "arguments": {"typename": "fw_cfg_io"}},
    {"execute": "qom-list", "arguments": {"path": "/machine/q35/mch/pam-ram[0]"}},
    {"execute": "qom-list", "arguments": {"path": "/machine/q35/ioapic/unnamed-gpio-in[0]"}},
    {"execute": "qom-list", "arguments": {"path": "/machine/q35/ioapic"}},
    {"execute": "qom-list", "arguments": {"path": "/machine/fw_cfg"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/q35/ioapic", "property": "version"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/fw_cfg", "property": "acpi-mr-restore"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/fw_cfg", "property": "x-file-slots"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/fw_cfg", "property": "dma_enabled"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/q35/ioapic/unnamed-gpio-in[0]", "property": "type"}},
    {"execute": "human-monitor-command", "arguments": {"command-line": "info qtree"}},
]


def session(args, commands):
    script = [json.dumps({"execute": "qmp_capabilities"})] + [json.dumps(c) for c in commands] + [json.dumps({"execute": "quit"})]
    p = subprocess.run([QEMU] + BASE + args + ["-qmp", "stdio"], input="\n".join(script) + "\n",
                       capture_output=True, text=True, timeout=120)
    replies = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    replies = [r for r in replies if "event" not in r and "QMP" not in r]
    return replies[1:len(commands) + 1]


def tree_paths(tree):
    """(path, type) of every object in an info qom-tree text."""
    stack, result = [], []
    for line in tree.splitlines():
        body = line.lstrip(" ")
        depth = (len(line) - len(body)) // 2
        name, _, rest = body[1:].rpartition(" (")
        stack[depth:] = [name]
        result.append(("/" + "/".join(stack), rest[:-1]))
    return result


def capture_case(args):
    (tree,) = session(args, [{"execute": "human-monitor-command", "arguments": {"command-line": "info qom-tree"}}])
    tree = tree["return"]
    objects = tree_paths(tree)
    regions = [p for p, t in objects if t.endswith("memory-region")]
    fields = ["container", "addr", "size", "priority"]
    commands = [{"execute": "qom-get", "arguments": {"path": p, "property": f}} for p in regions for f in fields]
    replies = session(args, commands)
    values = {}
    for i, p in enumerate(regions):
        values[p] = [replies[i * 4 + k]["return"] for k in range(4)]
    return {"args": args, "qom-tree": tree, "regions": values}


REFUSED_ADD_LINE = ["-machine", "q35", "-device", "intel-iommu,id=iommu", "-device", "pcie-root-port,id=rp,chassis=1",
                    "-device", "pcie-root-port,id=rp2,chassis=2"]
IOMMU_LIST = {"execute": "qom-list", "arguments": {"path": "/machine/peripheral/iommu"}}
REFUSED_ADD = [IOMMU_LIST,
               {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t", "bus": "rp", "romfile": "nonexistent"}},
               IOMMU_LIST,
               {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t", "bus": "rp2", "romfile": "nonexistent"}},
               IOMMU_LIST,
               {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t", "bus": "rp"}},
               IOMMU_LIST,
               {"execute": "device_del", "arguments": {"id": "t"}},
               IOMMU_LIST]

# The same for virtio-iommu: its endpoint regions (virtio-iommu-memory-region-N-DEVFN, system[N]) under its backend.
VIRTIO_REFUSED_ADD_LINE = ["-machine", "q35", "-device", "virtio-iommu-pci,id=vi", "-device", "pcie-root-port,id=rp,chassis=1",
                           "-device", "pcie-root-port,id=rp2,chassis=2"]
VIRTIO_LIST = {"execute": "qom-list", "arguments": {"path": "/machine/peripheral/vi/virtio-backend"}}
VIRTIO_REFUSED_ADD = [VIRTIO_LIST,
                      {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t", "bus": "rp", "romfile": "nonexistent"}},
                      VIRTIO_LIST,
                      {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t", "bus": "rp2", "romfile": "nonexistent"}},
                      VIRTIO_LIST,
                      {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t", "bus": "rp"}},
                      VIRTIO_LIST,
                      {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "u", "bus": "pcie.0", "addr": "9"}},
                      VIRTIO_LIST,
                      {"execute": "device_del", "arguments": {"id": "t"}},
                      VIRTIO_LIST]


def main():
    out = {"cases": [capture_case(a) for a in CASES]}
    replies = session(["-machine", "q35"], LISTS)
    out["transcript"] = [{"command": c, "reply": r} for c, r in zip(LISTS, replies)]
    with open(os.path.join(HERE, "regions.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")

    sys.argv = sys.argv[:2]
    import capture_q35 as q  # noqa: E402  (the shared QEMU runner)
    q.write("qmp-intel-iommu-refused-add.txt", q.transcript(REFUSED_ADD_LINE, REFUSED_ADD))
    q.write("qmp-virtio-iommu-refused-add.txt", q.transcript(VIRTIO_REFUSED_ADD_LINE, VIRTIO_REFUSED_ADD))


if __name__ == "__main__":
    main()
