#!/usr/bin/env python3
"""Regenerates the QEMU 10.0 reference outputs in this directory from the installed QEMU 10.0.

Usage: python3 capture.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Every file written here is listed with the command that produced it in README.md.
"""
import json
import os
import subprocess
import sys

QEMU = sys.argv[1] if len(sys.argv) > 1 else "/opt/qemu10/qemu-system-x86_64"
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["-nodefaults", "-display", "none"]


def run(args, stdin=""):
    p = subprocess.run([QEMU] + args, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, "\n".join(l for l in p.stderr.splitlines() if not l.startswith("failed to open module")) + ("\n" if p.stderr.strip() else "")


def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)


def qmp(args, commands):
    """A transcript in the tests' format: each command, then '  -> ' and QEMU's reply (events dropped)."""
    script = [json.dumps({"execute": "qmp_capabilities"})] + [json.dumps(c) for c in commands] + [json.dumps({"execute": "quit"})]
    _, out, _ = run(BASE + args + ["-qmp", "stdio"], "\n".join(script) + "\n")
    replies = [json.loads(l) for l in out.splitlines() if l.strip()]
    replies = [r for r in replies if "event" not in r and "QMP" not in r]
    text = ""
    for c, r in zip(script[1:-1], replies[1:]):
        text += c + "\n  -> " + json.dumps(r) + "\n"
    return text


HELP_TYPES = ["pci-testdev", "pcie-root-port", "pci-bridge", "pcie-pci-bridge", "intel-iommu", "vfio-pci", "vfio-pci-nohotplug",
              "vhost-vdpa-device-pci", "vhost-vdpa-device-pci-transitional", "vhost-vdpa-device-pci-non-transitional", "vhost-vdpa-device"]
CONCRETE = HELP_TYPES
ABSTRACT = ["pci-device", "base-pci-bridge", "pcie-port", "pcie-slot", "pcie-root-port-base", "x86-iommu",
            "dynamic-sysbus-device", "host-iommu-device", "host-iommu-device-iommufd", "vfio-iommu",
            "virtio-pci", "vhost-vdpa-device-pci-base", "virtio-device"]
OBJECTS = ["iommufd", "host-iommu-device-legacy-vfio", "host-iommu-device-iommufd-vfio", "vfio-iommu-legacy", "vfio-iommu-iommufd"]

# Devices created on the command line whose every property is read back with qom-get.
CREATED = [
    ("t0", "pci-testdev,id=t0"),
    ("rp0", "pcie-root-port,id=rp0,chassis=1"),
    ("br0", "pci-bridge,id=br0,chassis_nr=2"),
    ("pb0", "pcie-pci-bridge,id=pb0"),
]


def main():
    _, out, _ = run(BASE + ["-machine", "q35", "-device", "help"])
    write("device-help.txt", out)
    for t in HELP_TYPES:
        _, out, _ = run(BASE + ["-machine", "q35", "-device", t + ",help"])
        write(f"device-{t}-help.txt", out)
    _, out, _ = run(BASE + ["-machine", "q35", "-object", "iommufd,help"])
    write("object-iommufd-help.txt", out)

    commands = []
    for t in CONCRETE:
        commands.append({"execute": "device-list-properties", "arguments": {"typename": t}})
        commands.append({"execute": "qom-list-properties", "arguments": {"typename": t}})
    for t in ABSTRACT + OBJECTS:
        commands.append({"execute": "qom-list-properties", "arguments": {"typename": t}})
    write("qmp-list-properties.txt", qmp(["-machine", "q35"], commands))

    types = qmp(["-machine", "q35"], [{"execute": "qom-list-types", "arguments": {"abstract": True}}])
    wanted = set(CONCRETE + ABSTRACT + OBJECTS + EXPANDER_TYPES + ["mch", "q35-pcihost", "pci-host-bridge", "pcie-host-bridge", "PCI", "PCIE",
                                                                    "conventional-pci-device", "pci-express-device", "sys-bus-device",
                                                                    "virtio-bus", "virtio-pci-bus"])
    reply = json.loads(types.splitlines()[1][len("  -> "):])["return"]
    write("qom-list-types.json", json.dumps(sorted([t for t in reply if t["name"] in wanted], key=lambda t: t["name"]), indent=1) + "\n")
    # Which vDPA proxy types implement which PCI interface (the transitional one is conventional only).
    interfaces = {}
    for iface in ["pci-express-device", "conventional-pci-device"]:
        listing = qmp(["-machine", "q35"], [{"execute": "qom-list-types", "arguments": {"implements": iface}}])
        names = [t["name"] for t in json.loads(listing.splitlines()[1][len("  -> "):])["return"]]
        interfaces[iface] = sorted(n for n in names if "vdpa" in n)
    write("qom-list-types-vdpa-interfaces.json", json.dumps(interfaces, indent=1) + "\n")
    # Every host IOMMU device type QEMU 10.0 has (it has no vDPA one).
    write("qom-list-types-host-iommu-device.json", json.dumps(sorted([t for t in reply if t["name"].startswith("host-iommu-device")],
                                                                     key=lambda t: t["name"]), indent=1) + "\n")

    # qom-list and qom-get of every property of created devices (and intel-iommu, and the board's mch),
    # on q35 and on pc-q35-9.1 (whose compat properties change some values).
    for machine, name in [("q35", "qmp-qom-get.txt"), ("pc-q35-9.1", "qmp-qom-get-pc-q35-9.1.txt")]:
        args = ["-machine", machine, "-device", "intel-iommu,id=iommu0"]
        for _, d in CREATED:
            args += ["-device", d]
        paths = ["/machine/peripheral/" + i for i, _ in CREATED] + ["/machine/peripheral/iommu0", "/machine/q35/mch"]
        listing = qmp(args, [{"execute": "qom-list", "arguments": {"path": p}} for p in paths])
        gets = []
        for line, p in zip(listing.splitlines()[1::2], paths):
            for prop in json.loads(line[len("  -> "):])["return"]:
                if not prop["type"].startswith("child<") and not prop["type"].startswith("link<"):
                    gets.append({"execute": "qom-get", "arguments": {"path": p, "property": prop["name"]}})
        write(name, listing + qmp(args, gets))
        if machine == "q35":
            qtree = qmp(args, [{"execute": "human-monitor-command", "arguments": {"command-line": "info qtree"}}])
            write("hmp-info-qtree.txt", json.loads(qtree.splitlines()[1][len("  -> "):])["return"])



# intel-iommu configurations QEMU 10.0 accepts, each read over qtest (readl of every dword of the
# DMAR block at 0xfed90000), on q35 (pc-q35-10.0, aw-bits 48 by default) and on pc-q35-9.1 (aw-bits 39).
IOMMU_CONFIGS = {
    "default": "intel-iommu",
    "aw39": "intel-iommu,aw-bits=39",
    "aw48-cm": "intel-iommu,aw-bits=48,caching-mode=on",
    "ir-off": "intel-iommu,intremap=off",
    "eim-on": "intel-iommu,eim=on",
    "buggy-eim": "intel-iommu,x-buggy-eim=on",
    "eim-off": "intel-iommu,eim=off,x-buggy-eim=on",
    "dt": "intel-iommu,device-iotlb=on",
    "pt-off": "intel-iommu,pt=off",
    "sc": "intel-iommu,snoop-control=on",
    "drain-off": "intel-iommu,dma-drain=off",
    "dmatr-off": "intel-iommu,dma-translation=off",
    "dmatr-off-aw39": "intel-iommu,dma-translation=off,aw-bits=39",
    "stale-tm": "intel-iommu,stale-tm=on,device-iotlb=on",
    "fs1gp-off": "intel-iommu,fs1gp=off",
    "sm": "intel-iommu,x-scalable-mode=on",
    "sm-aw39-cm": "intel-iommu,x-scalable-mode=on,aw-bits=39,caching-mode=on",
    "sm-pasid": "intel-iommu,x-scalable-mode=on,x-pasid-mode=on",
    "sm-sc": "intel-iommu,x-scalable-mode=on,snoop-control=on",
    "flts": "intel-iommu,x-scalable-mode=on,x-flts=on",
    "flts-fs1gp-off": "intel-iommu,x-scalable-mode=on,x-flts=on,fs1gp=off",
    "flts-pasid-cm": "intel-iommu,x-scalable-mode=on,x-flts=on,x-pasid-mode=on,caching-mode=on",
    "misc": "intel-iommu,pt=off,snoop-control=on,device-iotlb=on,dma-drain=off,dma-translation=off,x-buggy-eim=on",
    "all-on": "intel-iommu,x-scalable-mode=on,x-flts=on,caching-mode=on,snoop-control=on,device-iotlb=on,eim=on,stale-tm=on",
}
IOMMU_MACHINES = ["q35", "pc-q35-9.1"]
DMAR_SIZE = 0x230


def qtest(args, lines):
    """QEMU keeps running when qtest's stdin ends: read one reply per line, then stop it."""
    p = subprocess.Popen([QEMU] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    values = []
    for line in lines:
        try:
            p.stdin.write(line + "\n")
            p.stdin.flush()
        except BrokenPipeError:
            break
        reply = p.stdout.readline().strip()
        if not reply.startswith("OK "):
            break
        values.append(reply.split(" ")[1])
    p.kill()
    _, err = p.communicate()
    if not values:
        # Refused at start-up: keep QEMU's message instead of registers.
        return [l for l in err.splitlines() if not l.startswith("failed to open module") and not l.startswith("[I ")][0]
    return values


def capture_registers():
    offsets = list(range(0, DMAR_SIZE, 4))
    script = "".join(f"readl 0x{0xfed90000 + o:x}\n" for o in offsets)
    result = {"command": QEMU + " -nodefaults -display none -machine MACHINE -device CONFIG -qtest stdio",
              "offsets": offsets, "configs": IOMMU_CONFIGS, "readl": {}}
    for machine in IOMMU_MACHINES:
        result["readl"][machine] = {}
        for name, device in IOMMU_CONFIGS.items():
            values = qtest(BASE + ["-machine", machine, "-device", device, "-qtest", "stdio"], script.splitlines())
            assert isinstance(values, str) or len(values) == len(offsets), (machine, name)
            result["readl"][machine][name] = values
    write("intel-iommu-registers.json", json.dumps(result, indent=1) + "\n")


# Realize errors of intel-iommu (each alone on q35 and pc-q35-9.1).
IOMMU_ERRORS = [
    "intel-iommu,aw-bits=40",
    "intel-iommu,x-scalable-mode=on,aw-bits=40",
    "intel-iommu,x-flts=on",
    "intel-iommu,x-flts=on,aw-bits=40",
    "intel-iommu,x-scalable-mode=on,x-flts=on,aw-bits=39",
    "intel-iommu,eim=on,intremap=off",
    "intel-iommu,x-pasid-mode=on",
    "intel-iommu,x-pasid-mode=on,device-iotlb=on",
    "intel-iommu,x-scalable-mode=on,dma-drain=off",
    "intel-iommu,x-scalable-mode=on,x-flts=on,dma-drain=off",
    "intel-iommu,x-flts=on,aw-bits=40,eim=on,intremap=off",
]


def capture_errors(name, machine_args, devices_list):
    """Each case as it would be typed (without -nodefaults -display none), QEMU's stderr and exit code."""
    text = ""
    for devices in devices_list:
        args = list(machine_args)
        for d in devices:
            args += ["-device", d]
        code, _, err = run(BASE + args)
        text += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + err + f"exit {code}\n"
    write(name, text)


# Realize and property errors of the PCI devices and of vfio-pci/iommufd that do not depend on the host
# (each list entry is one command line's -device/-object options).
PCI_ERRORS = [
    ["-device", "pci-testdev,busnr=1"],
    ["-device", "pci-testdev,acpi-index=16384"],
    ["-device", "pci-testdev,acpi-index=3", "-device", "pci-testdev,acpi-index=3"],
    ["-device", "pci-testdev,romsize=3"],
    ["-device", "pci-testdev,romfile=no-such-rom-file"],
    ["-device", "pci-testdev,romfile=/dev/null"],
    ["-device", "pci-testdev,failover_pair_id=x"],
    ["-device", "pci-bridge,chassis_nr=1,id=b", "-device", "pci-testdev,bus=b,failover_pair_id=x"],
    ["-device", "pci-testdev,x-max-bounce-buffer-size=5G"],
    ["-device", "pci-testdev,addr=3.1,acpi-index=5", "-device", "pci-testdev,addr=3.1,acpi-index=6", "-device", "pci-testdev,acpi-index=5"],
    ["-device", "pci-testdev,rombar=x"],
    ["-device", "pcie-root-port,chassis=1,aer_log_max=129"],
    ["-device", "pcie-root-port,chassis=1,pref32-reserve=1M,pref64-reserve=1M"],
    ["-device", "pcie-root-port,chassis=1,mem-reserve=4G"],
    ["-device", "pcie-root-port,chassis=1,pref32-reserve=4G"],
    ["-device", "pcie-root-port,chassis=1,x-speed=3"],
    ["-device", "pcie-root-port,chassis=1,x-width=3"],
    ["-device", "pci-bridge,chassis_nr=1,pref32-reserve=1M,pref64-reserve=1M"],
    ["-device", "pci-bridge,pref32-reserve=1M,pref64-reserve=1M"],
    ["-device", "pci-bridge,chassis_nr=1,msi=maybe"],
    ["-device", "pcie-pci-bridge,msi=maybe"],
    # A bridge's standard hot-plug controller (the bus's handler once ACPI bridge hot-plug is off) has no slot 0.
    ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-device", "pci-bridge,id=br,chassis_nr=1", "-device", "pci-testdev,bus=br"],
    ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-device", "pcie-pci-bridge,id=pb", "-device", "pci-testdev,bus=pb"],
]
VFIO_ERRORS = [
    ["-device", "vfio-pci"],
    ["-device", "vfio-pci,fd=5"],
    ["-device", "vfio-pci,fd=abc"],
    ["-device", "vfio-pci,fd=-1"],
    ["-device", "vfio-pci,fd=5,x-balloon-allowed=on"],
    ["-device", "vfio-pci,x-nv-gpudirect-clique=16"],
    ["-device", "vfio-pci,x-nv-gpudirect-clique=256"],
    ["-device", "vfio-pci,vf-token=bad"],
    ["-device", "vfio-pci,host=xyz"],
    ["-device", "vfio-pci,host=99:00.0,sysfsdev=/x/y"],
    ["-device", "vfio-pci,host=99:00.0"],
    ["-device", "vfio-pci,host=99:20.0"],
    ["-device", "vfio-pci,host=10000:00:00.0"],
    ["-device", "vfio-pci,sysfsdev=/nonexistent/foo"],
    ["-device", "vfio-pci,x-msix-relocation=bar9"],
    ["-device", "vfio-pci,x-pci-vendor-id=4294967296"],
    ["-device", "vfio-pci-nohotplug,x-ramfb-migrate=maybe"],
]
# vhost-vdpa-device-pci and its virtio backend: every refusal this machine can produce (it has no vDPA
# device, so an existing vhostdev is a file whose first vhost-vdpa ioctl fails).
VDPA_ERRORS = [
    ["-device", "vhost-vdpa-device-pci"],
    ["-device", "vhost-vdpa-device-pci-transitional"],
    ["-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0"],
    ["-device", "vhost-vdpa-device-pci,vhostdev=/nonexistent/vhost-vdpa-9"],
    ["-device", "vhost-vdpa-device-pci,vhostdev=/tmp"],
    ["-device", "vhost-vdpa-device-pci,vhostdev=/dev/null"],
    ["-device", "vhost-vdpa-device-pci-non-transitional,vhostdev=/dev/null"],
    ["-device", "intel-iommu,caching-mode=on", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0"],
    ["-device", "vhost-vdpa-device-pci,acpi-index=16384,vhostdev=/dev/null"],
    ["-device", "vhost-vdpa-device-pci,romsize=3"],
    ["-device", "vhost-vdpa-device-pci,queue-size=70000"],
    ["-device", "vhost-vdpa-device-pci,bootindex=x"],
    ["-device", "vhost-vdpa-device-pci,disable-legacy=maybe"],
    ["-device", "vhost-vdpa-device-pci-transitional,disable-legacy=on"],
    ["-device", "vhost-vdpa-device-pci,vhostfd=3"],
    ["-device", "vhost-vdpa-device,vhostdev=/dev/null"],
]


def capture_option_errors(name, lines):
    text = ""
    for options in lines:
        args = ["-machine", "q35"] + options
        code, _, err = run(BASE + args)
        text += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + err + f"exit {code}\n"
    write(name, text)


# Hot-plugged functions behind root ports: which refusals keep the acpi-index taken and which give
# it back, and the option-ROM rule for hot-plug.
HOTPLUG_MACHINE = ["-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
                   "-device", "pcie-root-port,id=rp2,chassis=3", "-device", "pcie-root-port,id=rp3,chassis=4",
                   "-device", "pcie-root-port,id=rp4,chassis=5,x-do-not-expose-native-hotplug-cap=on",
                   "-device", "pcie-root-port,id=rp5,chassis=6,x-do-not-expose-native-hotplug-cap=on,hotplug=off"]
HOTPLUG_COMMANDS = [
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp0", "id": "a", "acpi-index": 7}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp0", "acpi-index": 8}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp1", "acpi-index": 8}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp1", "acpi-index": 7}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp2", "acpi-index": 9, "romsize": 3}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp2", "acpi-index": 9}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp3", "romfile": "x", "rombar": 0}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp3", "acpi-index": 10, "failover_pair_id": "n"}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp3", "id": "b", "acpi-index": 10}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/b", "property": "acpi-index"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/rp4", "property": "io-reserve"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/rp5", "property": "io-reserve"}},
    {"execute": "device_add", "arguments": {"driver": "intel-iommu"}},
    {"execute": "device_add", "arguments": {"driver": "x86-iommu"}},
    {"execute": "device_add", "arguments": {"driver": "vfio-pci-nohotplug", "bus": "rp5", "host": "98:00.0"}},
]


# Expander bridges (pxb, pxb-pcie with bus_nr and bypass_iommu) and the DMI-to-PCI bridge.
EXPANDER_HELP = ["pxb", "pxb-pcie", "i82801b11-bridge"]
EXPANDER_TYPES = EXPANDER_HELP + ["pxb-host", "pxb-pcie-bus"]
PXB_ERRORS = [
    ["-device", "pxb-pcie,id=pxb1,bus_nr=10", "-device", "pxb-pcie,id=pxb2,bus_nr=10"],
    ["-device", "pxb-pcie,id=p1,bus_nr=10,bus=pcie.0", "-device", "pxb-pcie,id=p2,bus_nr=10,bus=pcie.0"],
    ["-device", "pcie-root-port,id=rp,chassis=1", "-device", "pxb-pcie,id=pxb1"],
    ["-device", "pxb-pcie,id=pxb1,bus_nr=10,numa_node=0"],
    ["-device", "pxb,id=pxb1,bus_nr=10"],
    ["-device", "pcie-root-port,id=rp,chassis=1", "-device", "pxb-pcie,id=pxb1,bus_nr=10,bus=rp"],
    ["-device", "pcie-pci-bridge,id=pb", "-device", "pxb-pcie,id=pxb1,bus_nr=10,bus=pb"],
    ["-device", "pxb-pcie,id=pxb1,bus_nr=10,bypass_iommu=maybe"],
    ["-device", "pxb-pcie,id=pxb1,bus_nr=256"],
    ["-device", "pxb-pcie,id=p1,bus_nr=10", "-device", "pci-testdev,bus=p1"],
    ["-device", "pxb-pcie,id=p1,bus_nr=10", "-device", "pcie-root-port,id=rp,chassis=1,bus=p1", "-device", "pci-testdev,bus=p1"],
    # Plain pxb: q35 has no conventional root bus, so every bus refuses it.
    ["-device", "pci-bridge,id=br,chassis_nr=1", "-device", "pxb,id=px,bus_nr=10,bus=br"],
    ["-device", "pci-bridge,id=br,chassis_nr=1", "-device", "pxb,id=px,bus_nr=10,bus=br,numa_node=0"],
    ["-device", "pcie-pci-bridge,id=pb", "-device", "pxb,id=px,bus_nr=10,bus=pb"],
    ["-device", "i82801b11-bridge,id=dmi", "-device", "pxb,id=px,bus_nr=10,bus=dmi"],
    ["-device", "pxb-pcie,id=p1,bus_nr=10", "-device", "pxb,id=px,bus_nr=20,bus=p1"],
    ["-device", "pxb-pcie,id=p1,bus_nr=10", "-device", "pcie-root-port,id=rp,chassis=1,bus=p1", "-device", "pxb,id=px,bus_nr=20,bus=rp"],
    ["-device", "pxb-pcie,id=p1,bus_nr=10", "-device", "pcie-root-port,id=rp,chassis=1,bus=p1", "-device", "pcie-pci-bridge,id=pb,bus=rp",
     "-device", "pxb,id=px,bus_nr=20,bus=pb"],
    ["-device", "pxb,id=px,bus_nr=10,bus=pcie.0,numa_node=3"],
]


# vfio-pci on a mediated device that this host does not have (the default host has c2e0f1a4-...).
MDEV_ERRORS = [
    ["-device", "vfio-pci,sysfsdev=/sys/bus/mdev/devices/00000000-0000-0000-0000-000000000001"],
    ["-device", "vfio-pci,sysfsdev=/sys/bus/mdev/devices/00000000-0000-0000-0000-000000000001,x-balloon-allowed=on"],
]


EXPANDER_MACHINE = ["-machine", "q35", "-device", "pxb-pcie,id=pxb1,bus_nr=128,bypass_iommu=on,bus=pcie.0",
                    "-device", "pcie-root-port,id=rp,chassis=1,bus=pxb1", "-device", "i82801b11-bridge,id=dmi"]
EXPANDER_COMMANDS = [
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/pxb1", "property": "bus_nr"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/pxb1", "property": "bypass_iommu"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/pxb1", "property": "numa_node"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/pxb1", "property": "addr"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/dmi", "property": "addr"}},
    {"execute": "device_add", "arguments": {"driver": "pxb-pcie", "id": "p2", "bus_nr": 3, "bus": "pcie.0"}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "pxb1"}},
]


def capture_expanders():
    for t in EXPANDER_HELP:
        _, out, _ = run(BASE + ["-machine", "q35", "-device", t + ",help"])
        write(f"device-{t}-help.txt", out)
    capture_option_errors("pxb-errors.txt", PXB_ERRORS)
    capture_option_errors("vfio-mdev-errors.txt", MDEV_ERRORS)
    write("qmp-expanders.txt", qmp(EXPANDER_MACHINE, EXPANDER_COMMANDS))


if __name__ == "__main__":
    capture_expanders()
    main()
    write("qmp-pci-hotplug.txt", qmp(HOTPLUG_MACHINE, HOTPLUG_COMMANDS))
    capture_option_errors("pci-errors.txt", PCI_ERRORS)
    capture_option_errors("vfio-pci-errors.txt", VFIO_ERRORS)
    capture_option_errors("vhost-vdpa-errors.txt", VDPA_ERRORS)
    capture_registers()
    for m in IOMMU_MACHINES:
        capture_errors(f"intel-iommu-errors-{m}.txt", ["-machine", m], [[d] for d in IOMMU_ERRORS] + [["intel-iommu", "intel-iommu,aw-bits=40"]])
