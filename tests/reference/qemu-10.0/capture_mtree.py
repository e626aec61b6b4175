#!/usr/bin/env python3
"""Regenerates mtree-NAME.txt: QEMU 10.0's HMP `info mtree` (and its -D, -o and -f forms) on q35.

For each case of CASES: `qemu-system-x86_64 -nodefaults -display none ARGS -S`, QMP on a Unix socket
and qtest on stdio (capture_q35.qmp_qtest_transcript), the case's qtest lines (PCI configuration
writes over 0xcf8/0xcfc that program BARs and the command register), then human-monitor-command of
each of COMMANDS.

QEMU prints the address spaces (and the flat views) in the order of a hash table keyed by their
root region's address, which changes from run to run; the aliased regions printed after them follow
the same order. HMP's line ends (CR LF through QMP) are kept as LF. So each output is kept in one canonical order: the address-space sections sorted by
their text, then the memory-region sections sorted by their text (-f: the flat views sorted by their
text, renumbered #0, #1, ... in that order). The file format:

    $ qemu-system-x86_64 -nodefaults -display none ARGS -S -qmp unix:SOCKET -qtest stdio
    qtest LINE
      -> REPLY
    (qemu) COMMAND
    OUTPUT (each line as printed, the sections separated by one empty line)

Steps are qtest lines, or `qmp JSON` for QMP commands (their events follow the reply, `  event NAME DATA`).

Usage: python3 capture_mtree.py [QEMU [CASE...]]   (default /opt/qemu10/qemu-system-x86_64, every case)
"""
import json
import os
import sys

import capture_q35 as q

COMMANDS = ["info mtree", "info mtree -D", "info mtree -o", "info mtree -f", "info mtree -f -d"]


def config(devfn, offset, value, size=4):
    """qtest lines writing value to the configuration register at offset of 00:devfn (bus 0)."""
    address = 0x80000000 | (devfn << 8) | (offset & 0xfc)
    port = 0xcfc + (offset & 3)
    write = {1: "outb", 2: "outw", 4: "outl"}[size]
    return [f"outl 0xcf8 {address:#x}", f"{write} {port:#x} {value:#x}"]


# pci-testdev at 00:03.0 (BAR0 4 KiB MMIO, BAR1 256 ports, BAR2 64-bit prefetchable 1 MiB) and at
# 00:04.0 (no membar): BARs programmed, then memory, I/O and bus mastering enabled on 00:03.0 and
# only memory on 00:04.0; 00:04.0's BAR0 overlaps 00:03.0's BAR2 (both at priority 1).
TESTDEV_ARGS = ["-machine", "q35", "-device", "pci-testdev,id=t0,addr=3,membar=0x100000", "-device", "pci-testdev,id=t1,addr=4"]
TESTDEV_STEPS = (config(0x18, 0x10, 0xfe000000) + config(0x18, 0x14, 0xc001) + config(0x18, 0x18, 0xfd00000c)
                 + config(0x18, 0x1c, 0) + config(0x18, 0x04, 0x7, 2)
                 + config(0x20, 0x10, 0xfd080000) + config(0x20, 0x14, 0xc101) + config(0x20, 0x04, 0x2, 2))

# The MCH's PAM registers (0x90-0x96: 0xf0000 RAM, 0xc0000 write-only, 0xc4000 read-only, 0xc8000
# and 0xcc000 RAM), then SMRAM (0x9d: open, global SMRAM enable) and ESMRAMC (0x9e: high SMRAM,
# 2 MiB TSEG, TSEG enable): which PAM aliases, SMRAM views and black holes are enabled.
PAM_SMRAM_STEPS = (config(0x00, 0x90, 0x00331230) + config(0x00, 0x94, 0) + config(0x00, 0x9d, 0x4a, 1)
                   + config(0x00, 0x9e, 0x83, 1))
# The same with SMRAM closed and low (no high SMRAM), a 1 MiB TSEG, and every PAM segment read-only.
SMRAM_LOW_STEPS = (config(0x00, 0x90, 0x11111110) + config(0x00, 0x94, 0x00111111) + config(0x00, 0x9d, 0x0a, 1)
                   + config(0x00, 0x9e, 0x01, 1))

def config_on(bus, devfn, offset, value, size=4):
    """config for a function on another bus (the bus number a bridge was given)."""
    address = 0x80000000 | (bus << 16) | (devfn << 8) | (offset & 0xfc)
    port = 0xcfc + (offset & 3)
    return [f"outl 0xcf8 {address:#x}", f"{ {1: 'outb', 2: 'outw', 4: 'outl'}[size]} {port:#x} {value:#x}"]


# Bridge windows: a root port at 00:02.0 with secondary bus 1, its I/O window 0xc000-0xcfff and
# memory window 0xfe000000-0xfe0fffff, I/O, memory and bus mastering on; behind it a pci-testdev
# whose BAR0 and BAR1 sit in those windows, decoding on; a pci-bridge at 00:03.0 left closed.
BRIDGE_ARGS = ["-machine", "q35", "-device", "pcie-root-port,id=rp,addr=2,chassis=1", "-device", "pci-testdev,id=t0,bus=rp",
               "-device", "pci-bridge,id=br,addr=3,chassis_nr=2"]
BRIDGE_STEPS = (config(0x10, 0x18, 0x00010100) + config(0x10, 0x1c, 0xc0c0, 2) + config(0x10, 0x20, 0xfe00fe00)
                + config(0x10, 0x04, 0x7, 2) + config_on(1, 0x00, 0x10, 0xfe000000) + config_on(1, 0x00, 0x14, 0xc001)
                + config_on(1, 0x00, 0x04, 0x3, 2))

def qmp(command, **arguments):
    """A QMP step (kept as `qmp JSON` in the file, its reply and events after it)."""
    return "qmp " + json.dumps({"execute": command, "arguments": arguments} if arguments else {"execute": command})


# q35's ich9-ahci (00:1f.2: BAR4 the index/data pair at 0xc000, BAR5 the ABAR at 0xfebf0000) and
# ICH9-SMB (00:1f.3: BAR4 at 0xc100) programmed, I/O and memory decoding on; the SMBus host
# configuration's HST_EN written 0, which disables its region.
AHCI_SMBUS_STEPS = (config(0xfa, 0x20, 0xc001) + config(0xfa, 0x24, 0xfebf0000) + config(0xfa, 0x04, 0x7, 2)
                    + config(0xfb, 0x20, 0xc101) + config(0xfb, 0x04, 0x1, 2))
SMBUS_OFF_STEPS = AHCI_SMBUS_STEPS + config(0xfb, 0x40, 0x0, 1)

# CPU hot-plug: a CPU added to -smp 2,maxcpus=4 (its cpu-memory-N and cpu-smm-N spaces); hot-unplug:
# the guest switches the ACPI CPU hot-plug block to its modern interface, device_del, then the
# guest's eject of slot 2 (and of the cold-plugged CPU 1 after its device_del).
CPU_ADD = qmp("device_add", driver="qemu64-x86_64-cpu", id="c2", **{"socket-id": 0, "core-id": 2, "thread-id": 0})
CPU_PLUG_STEPS = [CPU_ADD]
CPU_UNPLUG_STEPS = [CPU_ADD, "outb 0xcd8 0x0", qmp("device_del", id="c2"), "outl 0xcd8 0x2", "outb 0xcdc 0x8",
                    qmp("device_del", id="/machine/unattached/device[1]"), "outl 0xcd8 0x1", "outb 0xcdc 0x8"]
# Device hot-unplug: a pci-testdev hot-plugged behind a root port, its BARs programmed, then
# device_del, which a machine reset completes; and one cold-plugged there, the same.
UNPLUG_ARGS = ["-machine", "q35", "-device", "pcie-root-port,id=ra,addr=2,chassis=1", "-device", "pcie-root-port,id=rb,addr=3,chassis=2",
               "-device", "pci-testdev,id=t0,bus=rb"]
UNPLUG_STEPS = [qmp("device_add", driver="pci-testdev", id="h1", bus="ra"), qmp("device_del", id="h1"),
                qmp("device_del", id="t0"), qmp("system_reset")]

CASES = {
    "q35": (["-machine", "q35"], []),
    "q35-m3G": (["-machine", "q35", "-m", "3G"], []),
    "q35-m4G": (["-machine", "q35", "-m", "4G"], []),
    "pc-q35-9.1": (["-machine", "pc-q35-9.1", "-m", "8G"], []),
    "q35-smm-off": (["-machine", "q35,smm=off"], []),
    "intel-iommu": (["-machine", "q35", "-device", "intel-iommu,id=iommu0", "-device", "pci-testdev,id=t0,addr=5"], []),
    "virtio-iommu": (["-machine", "q35", "-device", "virtio-iommu-pci,id=vi0", "-device", "pci-testdev,id=t0,addr=5"], []),
    "pci-bars": (TESTDEV_ARGS, TESTDEV_STEPS),
    "pam-smram": (["-machine", "q35"], PAM_SMRAM_STEPS),
    "smram-low": (["-machine", "q35", "-m", "3G"], SMRAM_LOW_STEPS),
    "bridges": (BRIDGE_ARGS, BRIDGE_STEPS),
    "ahci-smbus": (["-machine", "q35"], AHCI_SMBUS_STEPS),
    "smbus-off": (["-machine", "q35"], SMBUS_OFF_STEPS),
    "smp4": (["-machine", "q35", "-smp", "4"], []),
    "smp-sockets": (["-machine", "q35", "-smp", "4,sockets=2,cores=2,maxcpus=8"], []),
    "cpu-plug": (["-machine", "q35", "-smp", "2,maxcpus=4"], CPU_PLUG_STEPS),
    "cpu-unplug": (["-machine", "q35", "-smp", "2,maxcpus=4"], CPU_UNPLUG_STEPS),
    "pci-unplug": (UNPLUG_ARGS, UNPLUG_STEPS),
    # For -f -d's [MRU] (each dispatch's most recent lookup, forgotten when a region changes): a BAR
    # and a port read after the BARs are placed; an unassigned address and a port in a shared page;
    # -incoming defer, where QEMU's ROM loader does not write the firmware; bus mastering turned on
    # (a region enabled, so no [MRU] after it).
    "dispatch-mru": (TESTDEV_ARGS, TESTDEV_STEPS + ["readl 0xfe000000", "inb 0x61"]),
    "dispatch-unassigned": (["-machine", "q35"], ["readl 0x90000000", "inb 0x5000"]),
    "dispatch-incoming": (["-machine", "q35", "-incoming", "defer"], []),
    # Bus mastering turned on by the last access, before anything looked at the function's regions.
    "dispatch-bus-master": (["-machine", "q35", "-device", "pci-testdev,id=t0,addr=3"], config(0x18, 0x04, 0x4, 2)),
}


def sections(text):
    return [s for s in text.split("\n\n") if s.strip()]


def canonical(command, text):
    """The output with its sections in the canonical order (see the docstring)."""
    parts = sections(text.replace("\r\n", "\n"))
    if "-f" in command.split():
        views = sorted(s.split("\n", 1)[1] for s in parts)
        return "".join(f"FlatView #{i}\n{v}\n\n" for i, v in enumerate(views))
    spaces = sorted(s for s in parts if s.startswith("address-space: "))
    regions = sorted(s for s in parts if s.startswith("memory-region: "))
    assert len(spaces) + len(regions) == len(parts), text
    return "".join(s + "\n\n" for s in spaces + regions)


def capture(args, steps):
    hmp = [json.dumps({"execute": "human-monitor-command", "arguments": {"command-line": c}}) for c in COMMANDS]
    steps = [s if s.startswith("qmp ") else "qtest " + s for s in steps]
    settle = lambda step: 1.0 if step.startswith("qmp ") and "system_reset" in step else 0.2 if step.startswith("qmp ") else 0
    text = q.qmp_qtest_transcript(args, steps + ["qmp " + h for h in hmp], settle=settle)
    lines = text.splitlines()
    out = [lines[0]]
    i = 1
    for step in steps:
        assert lines[i] == step and lines[i + 1].startswith("  -> "), lines[i:i + 2]
        out += lines[i:i + 2]
        i += 2
        while lines[i].startswith("  event "):
            out.append(lines[i])
            i += 1
    result = "\n".join(out) + "\n"
    for command in COMMANDS:
        assert lines[i].startswith("qmp "), lines[i]
        reply = json.loads(lines[i + 1][len("  -> "):])
        i += 2
        while i < len(lines) and lines[i].startswith("  event "):
            i += 1
        result += "(qemu) " + command + "\n" + canonical(command, reply["return"])
    return result


# How info mtree takes its flags (one each, in the order -f -d -o -D), on -machine q35: mtree-options.txt,
# each "(qemu) COMMAND" and the output (the refusals, and -d alone, which changes nothing).
OPTIONS = ["info mtree -x", "info mtree -fo", "info mtree extra", "info mtree -o -f", "info mtree -D -o", "info mtree -",
           "info mtree -f -x", "info mtree -d"]


def options():
    hmp = [{"execute": "human-monitor-command", "arguments": {"command-line": c}} for c in OPTIONS]
    _, replies = q.session(["-machine", "q35"], hmp)
    return "".join("(qemu) " + c + "\n" + canonical(c, r["return"]) if "address-space" in r["return"]
                   else "(qemu) " + c + "\n" + r["return"].replace("\r\n", "\n") for c, r in zip(OPTIONS, replies))


def dispatch_sample():
    """mtree-q35-f-d.txt: `info mtree -f -d` (the flat views with QEMU's dispatch tables) on -machine q35,
    kept for reference only (not modelled, see README.md)."""
    _, replies = q.session(["-machine", "q35"], [{"execute": "human-monitor-command", "arguments": {"command-line": "info mtree -f -d"}}])
    return "(qemu) info mtree -f -d\n" + canonical("info mtree -f -d", replies[0]["return"])


def main():
    only = sys.argv[2:]
    if not only:
        q.write("mtree-options.txt", options())
        first = dispatch_sample()
        assert first == dispatch_sample()
        q.write("mtree-q35-f-d.txt", first)
    for name, (args, steps) in CASES.items():
        if only and name not in only:
            continue
        first = capture(args, steps)
        assert first == capture(args, steps), name  # the canonical order does not depend on the run
        q.write(f"mtree-{name}.txt", first)


if __name__ == "__main__":
    main()
