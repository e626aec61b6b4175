#!/usr/bin/env python3
"""Captures PCI-to-PCI bridge windows as QEMU 10.0 decodes them.

Usage: python3 capture_bridge_windows.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-bridge-windows-*.txt, one per configuration in CONFIGS, each in the format of
qtest-native-hotplug.txt (capture_q35.qmp_qtest_transcript: QMP on a Unix socket, qtest on stdio,
-S; 0.3 s after a QMP step for its events, 0.02 s after a qtest step). The script of each programs bridges (bus numbers, I/O, memory and prefetchable
base/limit, command register, bridge control) and the BARs of functions behind them with
configuration cycles through 0xcf8/0xcfc, then reads and writes through the windows:
pci-testdev's test registers (a byte write of a test number at offset 0 selects a test, whose
header then reads back: number, width, offset, data, count, name; 0 with no test, unassigned
memory 0 and unassigned I/O all ones where nothing answers) and virtio-iommu-pci's common
configuration. QMP query-pci and HMP info pci show the bridges' bus numbers and ranges.
"""
import json
import os
import sys

import capture_q35 as q  # qmp_qtest_transcript: the QMP + qtest runner

if len(sys.argv) > 1:
    q.QEMU = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def cfg(bus, dev, fn, offset):
    return 0x80000000 | (bus << 16) | (dev << 11) | (fn << 8) | (offset & 0xfc)


def wr(bus, dev, offset, value, size=4, fn=0):
    """A configuration write through 0xcf8/0xcfc (the data port at the offset's byte lane)."""
    op = {1: "outb", 2: "outw", 4: "outl"}[size]
    return [f"qtest outl 0xcf8 {cfg(bus, dev, fn, offset):#x}", f"qtest {op} {0xcfc + (offset & 3):#x} {value:#x}"]


def rd(bus, dev, offset, size=4, fn=0):
    op = {1: "inb", 2: "inw", 4: "inl"}[size]
    return [f"qtest outl 0xcf8 {cfg(bus, dev, fn, offset):#x}", f"qtest {op} {0xcfc + (offset & 3):#x}"]


def bus_numbers(bus, dev, primary, secondary, subordinate):
    return wr(bus, dev, 0x18, primary | (secondary << 8) | (subordinate << 16))


def testdev_select(mmio=None, port=None, test=0):
    """Select a test through each BAR, then read its header back."""
    steps = []
    if mmio is not None:
        steps += [f"qtest writeb {mmio:#x} {test:#x}", f"qtest readl {mmio:#x}", f"qtest readl {mmio + 4:#x}",
                  f"qtest readq {mmio + 16:#x}"]
    if port is not None:
        steps += [f"qtest outb {port:#x} {test:#x}", f"qtest inl {port:#x}", f"qtest inl {port + 4:#x}", f"qtest inl {port + 16:#x}"]
    return steps


def probe(mmio=None, port=None):
    steps = []
    if mmio is not None:
        steps += [f"qtest readl {mmio:#x}", f"qtest readb {mmio + 16:#x}"]
    if port is not None:
        steps += [f"qtest inl {port:#x}", f"qtest inb {port + 16:#x}"]
    return steps


QUERY = ['qmp {"execute": "query-pci"}', 'qmp {"execute": "human-monitor-command", "arguments": {"command-line": "info pci"}}']


# pci-bridge b1 at 00:02.0 (bus 1) with pci-testdev t1 at 01:01.0 and pci-bridge b2 at 01:02.0
# (bus 2) with pci-testdev t2 at 02:03.0.
PCI_BRIDGE_ARGS = ["-device", "pci-bridge,id=b1,chassis_nr=1,addr=02.0", "-device", "pci-testdev,id=t1,bus=b1,addr=01.0",
                   "-device", "pci-bridge,id=b2,chassis_nr=2,bus=b1,addr=02.0", "-device", "pci-testdev,id=t2,bus=b2,addr=03.0"]


def pci_bridge_script():
    s = []
    s += QUERY
    s += bus_numbers(0, 2, 0, 1, 2) + bus_numbers(1, 2, 1, 2, 2)
    # t1: BAR0 (4 KiB memory) at 0xfe001000, BAR1 (256 bytes I/O) at 0xc100, decoding on.
    s += wr(1, 1, 0x10, 0xfe001000) + wr(1, 1, 0x14, 0xc100) + wr(1, 1, 0x04, 0x3, 2)
    s += rd(1, 1, 0x10) + rd(1, 1, 0x14)
    # The bridge's windows are closed: nothing answers.
    s += testdev_select(0xfe001000, 0xc100)
    # Memory window 0xfe000000-0xfe0fffff, I/O window 0xc000-0xcfff; decoding still off.
    s += wr(0, 2, 0x20, 0xfe00fe00) + wr(0, 2, 0x1c, 0xc0c0, 2)
    s += rd(0, 2, 0x1c) + rd(0, 2, 0x20)
    s += testdev_select(0xfe001000, 0xc100)
    # Memory decoding only, then I/O only, then both.
    s += wr(0, 2, 0x04, 0x2, 2) + testdev_select(0xfe001000, 0xc100, 0)
    s += wr(0, 2, 0x04, 0x1, 2) + testdev_select(0xfe001000, 0xc100, 1)
    s += wr(0, 2, 0x04, 0x3, 2) + testdev_select(0xfe001000, 0xc100, 2)
    # The no-eventfd test counts a matching byte at its offset (2048 for MMIO, 128 + 3 for I/O).
    s += ["qtest writeb 0xfe001000 0x0", "qtest writeb 0xfe001800 0xfa", "qtest writeb 0xfe001800 0x1", "qtest readl 0xfe00100c",
          "qtest outb 0xc100 0x0", "qtest outb 0xc183 0xfa", "qtest inl 0xc10c", "qtest writew 0xfe001800 0xfafa", "qtest readl 0xfe00100c"]
    # The device's own decoding off, then on.
    s += wr(1, 1, 0x04, 0x0, 2) + probe(0xfe001000, 0xc100) + wr(1, 1, 0x04, 0x3, 2) + probe(0xfe001000, 0xc100)
    # A window that misses the BAR, then one ending just past it, one starting at it.
    s += wr(0, 2, 0x20, 0xfe10fe10) + wr(0, 2, 0x1c, 0xd0d0, 2) + probe(0xfe001000, 0xc100)
    s += wr(0, 2, 0x20, 0xfe00fd00) + probe(0xfe001000)
    s += wr(0, 2, 0x20, 0xfe20fe00) + wr(0, 2, 0x1c, 0xc0b0, 2) + probe(0xfe001000, 0xc100)
    # The upper I/O registers (16-bit decode: not writable) and the I/O type bits.
    s += wr(0, 2, 0x30, 0x00010001) + rd(0, 2, 0x30) + wr(0, 2, 0x1c, 0xc1c1, 2) + rd(0, 2, 0x1c)
    s += probe(None, 0xc100)
    s += wr(0, 2, 0x1c, 0xc0c0, 2)
    # The prefetchable window (64-bit type bits; upper registers writable): 0x8_0000_0000-0x8_001f_ffff.
    s += rd(0, 2, 0x24) + wr(0, 2, 0x24, 0x00100000) + wr(0, 2, 0x28, 0x8) + wr(0, 2, 0x2c, 0x8) + rd(0, 2, 0x24) + rd(0, 2, 0x28) + rd(0, 2, 0x2c)
    s += QUERY
    # t1's BAR0 moved into the prefetchable window's 32-bit range is reached through it.
    s += wr(0, 2, 0x24, 0xfe30fe30) + wr(0, 2, 0x28, 0x0) + wr(0, 2, 0x2c, 0x0) + wr(1, 1, 0x10, 0xfe301000) + probe(0xfe301000)
    s += wr(1, 1, 0x10, 0xfe001000)
    # Nested: t2 behind b2 behind b1; b2's windows, then b1's covering them or not.
    s += wr(2, 3, 0x10, 0xfe101000) + wr(2, 3, 0x14, 0xe100) + wr(2, 3, 0x04, 0x3, 2)
    s += wr(1, 2, 0x20, 0xfe10fe10) + wr(1, 2, 0x1c, 0xe0e0, 2) + wr(1, 2, 0x04, 0x3, 2)
    s += testdev_select(0xfe101000, 0xe100)
    s += wr(0, 2, 0x20, 0xfe10fe00) + wr(0, 2, 0x1c, 0xe0c0, 2) + testdev_select(0xfe101000, 0xe100, 1)
    s += probe(0xfe001000, 0xc100)
    s += wr(1, 2, 0x04, 0x0, 2) + probe(0xfe101000, 0xe100) + wr(1, 2, 0x04, 0x3, 2)
    s += wr(0, 2, 0x20, 0xfe00fe00) + probe(0xfe101000, 0xe100)
    s += wr(0, 2, 0x20, 0xfe10fe00)
    # ISA enable on b1 (bridge control bit 2): I/O addresses with bits 8-9 set, then VGA enable
    # (bit 3): t1's I/O BAR at 0x300 reached through the VGA port windows.
    s += wr(0, 2, 0x3e, 0x4, 2) + rd(0, 2, 0x3c) + probe(None, 0xc100) + probe(None, 0xe100)
    s += wr(0, 2, 0x3e, 0x0, 2)
    s += wr(1, 1, 0x14, 0x300) + rd(1, 1, 0x14) + ["qtest inb 0x3b0", "qtest inb 0x3bb", "qtest inb 0x3bc", "qtest inb 0x3c0", "qtest inb 0x3df", "qtest inb 0x3e0"]
    s += wr(0, 2, 0x3e, 0x8, 2) + rd(0, 2, 0x3c)
    s += ["qtest inb 0x3af", "qtest inb 0x3b0", "qtest inb 0x3bb", "qtest inb 0x3bc", "qtest inb 0x3c0", "qtest inb 0x3df", "qtest inb 0x3e0", "qtest inb 0x300"]
    s += wr(0, 2, 0x04, 0x2, 2) + ["qtest inb 0x3c0"] + wr(0, 2, 0x04, 0x3, 2) + ["qtest inb 0x3c0"]
    s += wr(0, 2, 0x3e, 0x0, 2) + ["qtest inb 0x3c0"]
    # The VGA memory window: t1's BAR0 at 0xa0000, b1's memory windows away from it (the
    # prefetchable one closed), then VGA enable with and without memory decoding.
    s += wr(0, 2, 0x24, 0x0001fff1) + wr(1, 1, 0x10, 0xa0000) + wr(1, 1, 0x04, 0x3, 2)
    s += ["qtest writeb 0xa0000 0x0", "qtest readl 0xa0000", "qtest readl 0xbfffc"]
    s += wr(0, 2, 0x3e, 0x8, 2) + ["qtest writeb 0xa0000 0x0", "qtest readl 0xa0000", "qtest readq 0xa0010", "qtest readl 0x9fffc", "qtest readl 0xc0000"]
    s += wr(0, 2, 0x04, 0x1, 2) + ["qtest readl 0xa0000"] + wr(0, 2, 0x04, 0x3, 2) + ["qtest readl 0xa0000"]
    s += wr(0, 2, 0x3e, 0x0, 2) + ["qtest readl 0xa0000"]
    s += QUERY
    return s


# pcie-root-port rp (00:02.0, bus 1) with pcie-pci-bridge pb (01:00.0, bus 2) with pci-testdev t3
# (02:01.0); i82801b11-bridge dmi (00:1e.0, bus 3) with pci-testdev t4 (03:02.0); pci-bridge nb
# behind pcie-root-port rv (00:04.0, bus 4), its SHPC BAR0 (64-bit) above 4 GiB.
# (virtio-iommu-pci, whose BAR4 is 64-bit prefetchable, must be on the root bus: QEMU refuses it here.)
PCIE_ARGS = ["-device", "pcie-root-port,id=rp,chassis=1,addr=02.0", "-device", "pcie-pci-bridge,id=pb,bus=rp",
             "-device", "pci-testdev,id=t3,bus=pb,addr=01.0",
             "-device", "i82801b11-bridge,id=dmi,addr=1e.0", "-device", "pci-testdev,id=t4,bus=dmi,addr=02.0",
             "-device", "pcie-root-port,id=rv,chassis=2,addr=04.0", "-device", "pci-bridge,id=nb,chassis_nr=5,bus=rv"]


def pcie_script():
    s = []
    s += QUERY
    s += rd(0, 2, 0x1c) + rd(0, 2, 0x20) + rd(0, 2, 0x24) + rd(0, 0x1e, 0x1c) + rd(0, 0x1e, 0x24)
    s += bus_numbers(0, 2, 0, 1, 2) + bus_numbers(1, 0, 1, 2, 2) + bus_numbers(0, 0x1e, 0, 3, 3) + bus_numbers(0, 4, 0, 4, 4)
    s += rd(1, 0, 0x1c) + rd(1, 0, 0x24)
    s += wr(2, 1, 0x10, 0xfd001000) + wr(2, 1, 0x14, 0xa100) + wr(2, 1, 0x04, 0x3, 2)
    s += testdev_select(0xfd001000, 0xa100)
    s += wr(1, 0, 0x20, 0xfd00fd00) + wr(1, 0, 0x1c, 0xa0a0, 2) + wr(1, 0, 0x04, 0x3, 2)
    s += testdev_select(0xfd001000, 0xa100)
    s += wr(0, 2, 0x20, 0xfd00fd00) + wr(0, 2, 0x1c, 0xa0a0, 2) + testdev_select(0xfd001000, 0xa100)
    s += wr(0, 2, 0x04, 0x3, 2) + testdev_select(0xfd001000, 0xa100, 2)
    # The root port's upper I/O registers and I/O type bits.
    s += wr(0, 2, 0x30, 0x00010001) + rd(0, 2, 0x30) + wr(0, 2, 0x1c, 0xa1a1, 2) + rd(0, 2, 0x1c) + wr(0, 2, 0x1c, 0xa0a0, 2)
    # i82801b11-bridge.
    s += wr(3, 2, 0x10, 0xfc001000) + wr(3, 2, 0x14, 0x9100) + wr(3, 2, 0x04, 0x3, 2)
    s += probe(0xfc001000, 0x9100)
    s += wr(0, 0x1e, 0x20, 0xfc00fc00) + wr(0, 0x1e, 0x1c, 0x9090, 2) + wr(0, 0x1e, 0x04, 0x3, 2)
    s += testdev_select(0xfc001000, 0x9100, 1)
    s += wr(0, 0x1e, 0x30, 0x00010001) + rd(0, 0x1e, 0x30) + rd(0, 0x1e, 0x1c)
    # nb's SHPC BAR0 (256 bytes, 64-bit) at 0x8_0000_0000 behind rv's 64-bit prefetchable window
    # (the window forwards whatever BAR lies in it); the SHPC's slot configuration and a slot register.
    s += wr(4, 0, 0x10, 0x4) + wr(4, 0, 0x14, 0x8) + wr(4, 0, 0x04, 0x2, 2) + rd(4, 0, 0x10) + rd(4, 0, 0x14)
    s += ["qtest readl 0x80000000c", "qtest readl 0x800000024"]
    s += rd(0, 4, 0x24) + wr(0, 4, 0x24, 0x00010001) + rd(0, 4, 0x24) + wr(0, 4, 0x28, 0x8) + wr(0, 4, 0x2c, 0x8) + rd(0, 4, 0x28) + rd(0, 4, 0x2c)
    s += ["qtest readl 0x80000000c"]
    s += wr(0, 4, 0x04, 0x2, 2) + ["qtest readl 0x80000000c", "qtest readl 0x800000024"]
    s += wr(0, 4, 0x2c, 0x7) + ["qtest readl 0x80000000c"] + wr(0, 4, 0x2c, 0x8)
    s += wr(0, 4, 0x28, 0x9) + ["qtest readl 0x80000000c"] + wr(0, 4, 0x28, 0x8) + ["qtest readl 0x80000000c"]
    # The memory window does not reach above 4 GiB; the prefetchable one's low 32 bits alone do not either.
    s += wr(0, 4, 0x24, 0x00010001) + wr(0, 4, 0x20, 0xfff0fff0) + ["qtest readl 0x80000000c"]
    s += wr(0, 4, 0x24, 0x00110001) + ["qtest readl 0x80000000c"] + wr(0, 4, 0x24, 0x00010001)
    s += QUERY
    # system_reset: the registers and BARs reset; then only the functions' BARs programmed again.
    s += ['qmp {"execute": "system_reset"}']
    s += rd(0, 2, 0x18) + rd(0, 2, 0x1c) + rd(0, 2, 0x20) + rd(0, 2, 0x04) + rd(0, 0x1e, 0x1c) + rd(0, 0x1e, 0x20)
    s += QUERY
    # Bus numbers and t3's BAR again, the bridges' windows and enables left as reset made them.
    s += bus_numbers(0, 2, 0, 1, 2) + bus_numbers(1, 0, 1, 2, 2)
    s += wr(2, 1, 0x10, 0xfd001000) + wr(2, 1, 0x14, 0xa100) + wr(2, 1, 0x04, 0x3, 2) + rd(2, 1, 0x10)
    s += testdev_select(0xfd001000, 0xa100)
    # Then the bridges' registers rewritten as they were before the reset.
    s += wr(1, 0, 0x20, 0xfd00fd00) + wr(1, 0, 0x1c, 0xa0a0, 2) + wr(1, 0, 0x04, 0x3, 2)
    s += wr(0, 2, 0x20, 0xfd00fd00) + wr(0, 2, 0x1c, 0xa0a0, 2) + wr(0, 2, 0x04, 0x3, 2)
    s += testdev_select(0xfd001000, 0xa100, 1)
    return s


# pxb-pcie (bus 0x80) with a root port and a pci-testdev behind it.
PXB_ARGS = ["-device", "pxb-pcie,id=pxb,bus_nr=128,addr=05.0", "-device", "pcie-root-port,id=pr,chassis=3,bus=pxb,addr=00.0",
            "-device", "pci-testdev,id=t5,bus=pr"]


def pxb_script():
    s = []
    s += QUERY
    s += rd(0x80, 0, 0x00) + rd(0x80, 0, 0x18)
    s += bus_numbers(0x80, 0, 0x80, 0x81, 0x81)
    s += wr(0x81, 0, 0x10, 0xfb001000) + wr(0x81, 0, 0x14, 0x8100) + wr(0x81, 0, 0x04, 0x3, 2)
    s += testdev_select(0xfb001000, 0x8100)
    s += wr(0x80, 0, 0x20, 0xfb00fb00) + wr(0x80, 0, 0x1c, 0x8080, 2) + wr(0x80, 0, 0x04, 0x3, 2)
    s += testdev_select(0xfb001000, 0x8100, 2)
    s += QUERY
    return s


# Overlapping windows: pci-bridges b1 (00:02.0, bus 1) and b3 (00:03.0, bus 2), each with a
# pci-testdev at the same BAR addresses, and pci-testdev t0 on the root bus at them too. Where
# windows and BARs of one bus overlap (all at priority 1), the one mapped last answers: a bridge's
# windows are made anew on each write to its window registers, command or bridge control.
OVERLAP_ARGS = ["-device", "pci-bridge,id=b1,chassis_nr=1,addr=02.0", "-device", "pci-testdev,id=t1,bus=b1,addr=01.0",
                "-device", "pci-bridge,id=b3,chassis_nr=3,addr=03.0", "-device", "pci-testdev,id=t3,bus=b3,addr=01.0",
                "-device", "pci-testdev,id=t0,addr=04.0"]


def overlap_script():
    s = []
    s += bus_numbers(0, 2, 0, 1, 1) + bus_numbers(0, 3, 0, 2, 2)
    for bus, dev in ((1, 1), (2, 1)):
        s += wr(bus, dev, 0x10, 0xfe001000) + wr(bus, dev, 0x14, 0xc100) + wr(bus, dev, 0x04, 0x3, 2)
    for dev in (2, 3):
        s += wr(0, dev, 0x20, 0xfe00fe00) + wr(0, dev, 0x1c, 0xc0c0, 2)
    # b1 open: t1 takes test 0 (MMIO) and test 1 (I/O: portio-wildcard).
    s += wr(0, 2, 0x04, 0x3, 2) + testdev_select(0xfe001000, 0xc100, 0)
    # b3 open too, last: t3 answers and takes test 2.
    s += wr(0, 3, 0x04, 0x3, 2) + testdev_select(0xfe001000, 0xc100, 2)
    # b1's bridge control rewritten (same value): its windows are mapped last again.
    s += wr(0, 2, 0x3e, 0x0, 2) + probe(0xfe001000, 0xc100)
    # b3's memory window rewritten: b3 last for memory and I/O (all windows are made anew).
    s += wr(0, 3, 0x20, 0xfe00fe00) + probe(0xfe001000, 0xc100)
    # t0 on the root bus at the same addresses, mapped last; then b1 again; then t0's BARs moved away and back.
    s += wr(0, 4, 0x10, 0xfe001000) + wr(0, 4, 0x14, 0xc100) + wr(0, 4, 0x04, 0x3, 2) + testdev_select(0xfe001000, 0xc100, 1)
    s += wr(0, 2, 0x1c, 0xc0c0, 2) + probe(0xfe001000, 0xc100)
    s += wr(0, 4, 0x10, 0xfe002000) + wr(0, 4, 0x10, 0xfe001000) + probe(0xfe001000, 0xc100)
    # A window over part of the other bridge's: b3's memory window 0xfe000000-0xfe1fffff, b1's
    # 0xfe100000-0xfe1fffff (last): t1 at 0xfe101000 behind b1, t3 still at 0xfe001000 behind b3.
    s += wr(0, 4, 0x04, 0x0, 2) + wr(0, 3, 0x20, 0xfe10fe00) + wr(1, 1, 0x10, 0xfe101000) + wr(0, 2, 0x20, 0xfe10fe10)
    s += probe(0xfe001000) + probe(0xfe101000)
    s += wr(2, 1, 0x10, 0xfe101000) + probe(0xfe101000)
    s += wr(0, 3, 0x04, 0x3, 2) + probe(0xfe101000)
    s += QUERY
    return s


# Bus numbers that overlap (QEMU's pci_find_bus_nr: a configuration access to bus N goes down the
# child buses of each bus, newest bridge first, into the first whose secondary..subordinate range
# holds N): pci-bridges b1 (00:02.0, a pci-testdev at 01.0 behind it and a pci-bridge n1 at 03.0
# with a pci-testdev at 01.0) and b3 (00:03.0, pci-testdevs at 02.0 and 04.0), each read through
# its vendor/device and a BAR written and read back; the ranges set equal, nested one in the other,
# crossing, and b1's nested bridge given b3's number; query-pci and info pci after each.
BUS_OVERLAP_ARGS = ["-device", "pci-bridge,id=b1,chassis_nr=1,addr=02.0", "-device", "pci-testdev,id=t1,bus=b1,addr=01.0",
                    "-device", "pci-bridge,id=n1,chassis_nr=2,bus=b1,addr=03.0", "-device", "pci-testdev,id=tn,bus=n1,addr=01.0",
                    "-device", "pci-bridge,id=b3,chassis_nr=3,addr=03.0", "-device", "pci-testdev,id=t3,bus=b3,addr=02.0",
                    "-device", "pci-testdev,id=t4,bus=b3,addr=04.0"]


def bus_overlap_script():
    def look(buses):
        steps = []
        for bus in buses:
            for dev in (1, 2, 3, 4):
                steps += rd(bus, dev, 0x00)
            steps += wr(bus, 2, 0x10, 0xfe002000 + (bus << 12)) + rd(bus, 2, 0x10) + rd(bus, 1, 0x10)
        return steps + QUERY

    s = QUERY
    # Both bridges on bus 1.
    s += bus_numbers(0, 2, 0, 1, 1) + bus_numbers(0, 3, 0, 1, 1) + look([1])
    # b1 1..3 around b3 2..2, n1 (behind b1) 3..3.
    s += bus_numbers(0, 2, 0, 1, 3) + bus_numbers(0, 3, 0, 2, 2) + bus_numbers(1, 3, 1, 3, 3) + look([1, 2, 3])
    # b3 1..5 around b1 2..4 (n1 3..3, then 2..2: b1's own number).
    s += bus_numbers(0, 3, 0, 1, 5) + bus_numbers(0, 2, 0, 2, 4) + look([1, 2, 3])
    s += bus_numbers(2, 3, 2, 2, 2) + look([2, 3])
    # Crossing: b1 1..4, b3 3..6; n1 given b3's number 3.
    s += bus_numbers(0, 2, 0, 1, 4) + bus_numbers(0, 3, 0, 3, 6) + bus_numbers(1, 3, 1, 3, 3) + look([1, 3, 4, 5])
    # Both back apart.
    s += bus_numbers(0, 2, 0, 1, 2) + bus_numbers(1, 3, 1, 2, 2) + bus_numbers(0, 3, 0, 3, 3) + look([1, 2, 3])
    return s


CONFIGS = {
    "pci-bridge": (PCI_BRIDGE_ARGS, pci_bridge_script),
    "pcie": (PCIE_ARGS, pcie_script),
    "pxb-pcie": (PXB_ARGS, pxb_script),
    "overlap": (OVERLAP_ARGS, overlap_script),
    "bus-overlap": (BUS_OVERLAP_ARGS, bus_overlap_script),
}


def main():
    only = sys.argv[2:] if len(sys.argv) > 2 else list(CONFIGS)
    for name in only:
        args, script = CONFIGS[name]
        q.write(f"qtest-bridge-windows-{name}.txt", q.qmp_qtest_transcript(args, script(), settle))


def settle(step):
    """Time for QEMU's events: a QMP step's (system_reset's RESET), none for a qtest line."""
    return 0.3 if step.startswith("qmp ") else 0.02


if __name__ == "__main__":
    main()
