#!/usr/bin/env python3
"""Regenerates the QEMU 10.0 outputs about virtio-iommu-pci and the one-vIOMMU rule.

Usage: python3 capture_viommu.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
It reuses capture.py's helpers; README.md lists every file with its command.
"""
import json
import sys

import capture
from capture import BASE, qmp, run, write

VIRTIO_TYPES = ["virtio-iommu-pci", "virtio-iommu-device"]
ABSTRACT = ["virtio-pci", "virtio-iommu-pci-base-type", "virtio-device"]

# Each line: the options after -nodefaults -display none (the machine first).
ERRORS = [
    ["-machine", "q35", "-device", "virtio-iommu-pci,aw-bits=31"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,aw-bits=65"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,aw-bits=256"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,granule=2k"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,boot-bypass=maybe"],
    ["-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "virtio-iommu-pci,bus=rp0"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,disable-legacy=on,disable-modern=on"],
    ["-machine", "q35", "-device", "virtio-iommu-pci,reserved-regions=x"],
    ["-machine", "q35", "-device", '{"driver":"virtio-iommu-pci","reserved-regions":["zz:0x1fff:1"]}'],
    ["-machine", "q35", "-device", '{"driver":"virtio-iommu-pci","reserved-regions":["0x1000:zz:1"]}'],
    ["-machine", "q35", "-device", '{"driver":"virtio-iommu-pci","reserved-regions":["0x1000:0x1fff:x"]}'],
    ["-machine", "q35", "-device", '{"driver":"virtio-iommu-pci","reserved-regions":["0x1000:0x1fff"]}'],
    ["-machine", "q35", "-device", '{"driver":"virtio-iommu-pci","reserved-regions":[1]}'],
    ["-machine", "q35", "-device", "intel-iommu", "-device", "virtio-iommu-pci"],
    ["-machine", "q35", "-device", "virtio-iommu-pci", "-device", "intel-iommu"],
    ["-machine", "q35", "-device", "virtio-iommu", "-device", "virtio-iommu-pci"],
    ["-machine", "pc-q35-8.2", "-device", "virtio-iommu-pci,aw-bits=31"],
]

QOM_ARGS = ["-device", "virtio-iommu-pci,id=vi0"]
PATHS = ["/machine/peripheral/vi0", "/machine/peripheral/vi0/virtio-backend", "/machine/peripheral/vi0/virtio-bus"]


def qom_get_transcript(machine):
    args = ["-machine", machine] + QOM_ARGS
    listing = qmp(args, [{"execute": "qom-list", "arguments": {"path": p}} for p in PATHS])
    gets = []
    for line, p in zip(listing.splitlines()[1::2], PATHS):
        for prop in json.loads(line[len("  -> "):])["return"]:
            if not prop["type"].startswith("child<memory-region") and not prop["type"].startswith("child<virtio-iommu-memory-region"):
                gets.append({"execute": "qom-get", "arguments": {"path": p, "property": prop["name"]}})
    extra = [{"execute": "device_add", "arguments": {"driver": "virtio-iommu-pci"}},
             {"execute": "qom-set", "arguments": {"path": "/machine/peripheral/vi0", "property": "aw-bits", "value": 48}}]
    return listing + qmp(args, gets + extra)


def main():
    for t in VIRTIO_TYPES:
        _, out, _ = run(BASE + ["-machine", "q35", "-device", t + ",help"])
        write(f"device-{t}-help.txt", out)

    commands = [{"execute": "device-list-properties", "arguments": {"typename": "virtio-iommu-pci"}}]
    commands += [{"execute": "qom-list-properties", "arguments": {"typename": t}} for t in VIRTIO_TYPES + ABSTRACT]
    write("qmp-virtio-iommu-list-properties.txt", qmp(["-machine", "q35"], commands))

    types = qmp(["-machine", "q35"], [{"execute": "qom-list-types", "arguments": {"abstract": True}}])
    wanted = set(VIRTIO_TYPES + ABSTRACT + ["virtio-bus", "virtio-pci-bus"])
    reply = json.loads(types.splitlines()[1][len("  -> "):])["return"]
    write("qom-list-types-virtio-iommu.json", json.dumps(sorted([t for t in reply if t["name"] in wanted], key=lambda t: t["name"]), indent=1) + "\n")

    write("qmp-virtio-iommu-qom-get.txt", qom_get_transcript("q35"))
    write("qmp-virtio-iommu-qom-get-pc-q35-8.2.txt", qom_get_transcript("pc-q35-8.2"))

    text = ""
    for args in ERRORS:
        code, _, err = run(BASE + args)
        text += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + err + f"exit {code}\n"
    write("virtio-iommu-errors.txt", text)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        capture.QEMU = sys.argv[1]
    main()
