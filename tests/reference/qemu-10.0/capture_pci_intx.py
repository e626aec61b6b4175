#!/usr/bin/env python3
"""Captures PCI interrupts and bridge resets on q35 as QEMU 10.0 delivers them.

Usage: python3 capture_pci_intx.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes, with capture_q35's runner (qmp_qtest_transcript, run until two runs agree; the format of
qtest-hotplug-intx.txt: `irq_intercept_in ioapic` first, so every I/O APIC input change shows):
  qtest-pxb-intx.txt     INTx of root ports and bridges below pxb-pcie expanders at several slots
  qtest-bridge-intx.txt  INTx of SHPC bridges nested below root ports and bridges on pcie.0
  qtest-shpc-msi.txt     the SHPC's interrupt as MSI (the message written to RAM, read back)
  qtest-bridge-reset.txt the bridge control's secondary bus reset bit
Every script starts with PROLOGUE (MMCONFIG at 0xb0000000). Interrupt sources: a root port's
attention button (device_del) and slot events; an SHPC bridge's command-detected interrupt
(BAR0 + 0x14 a command, BAR0 + 0x20 its enable and latch); bus numbers and memory windows are
programmed along the path so that configuration cycles and BAR0 reach the nested bridges.
"""
import json
import sys

import capture_q35 as q

MMCFG = 0xb0000000
PROLOGUE = ["outl 0xcf8 0x80000060", "outl 0xcfc 0xb0000001", "outl 0xcf8 0x80000064", "outl 0xcfc 0x0"]
HP_OFF = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"]


def cfg(bus, dev, offset):
    return f"0x{MMCFG + (bus << 20) + (dev << 15) + offset:x}"


def qt(line):
    return "qtest " + line


def qmp(command, **arguments):
    return "qmp " + json.dumps({"execute": command, "arguments": arguments} if arguments else {"execute": command})


def bridge_setup(bus, dev, secondary, subordinate, window=None, bar=None, command=0x2):
    """Bus numbers, a memory window (base, limit in MiB units of 0x100000) and BAR0 of a bridge."""
    steps = [qt(f"writel {cfg(bus, dev, 0x18)} 0x{(subordinate << 16) | (secondary << 8) | bus:x}")]
    if window is not None:
        steps.append(qt(f"writel {cfg(bus, dev, 0x20)} 0x{((window[1] >> 16) << 16) | (window[0] >> 16):x}"))
    if bar is not None:
        steps += [qt(f"writel {cfg(bus, dev, 0x10)} 0x{bar:x}"), qt(f"writel {cfg(bus, dev, 0x14)} 0x0")]
    steps.append(qt(f"writew {cfg(bus, dev, 0x4)} 0x{command:x}"))
    return steps


def shpc_raise(bar):
    """The SHPC's interrupts enabled and a command (power indicator blink, slot 1): command detected."""
    return [qt(f"writel 0x{bar + 0x20:x} 0x0"), qt(f"writew 0x{bar + 0x14:x} 0x108")]


def shpc_lower(bar):
    """Command detected cleared (write 1 to clear)."""
    return [qt(f"writel 0x{bar + 0x20:x} 0x10000")]


def shpc_state(bar):
    """The interrupt locator and the SERR/interrupt register."""
    return [qt(f"readl 0x{bar + 0x18:x}"), qt(f"readl 0x{bar + 0x20:x}")]


def settle(step):
    """A second after QMP steps (a reset comes from the main loop), 0.05 s after qtest steps."""
    return 1.0 if step.startswith("qmp ") else 0.05


# --- pxb-pcie: px at 05.0 (bus 0x20) with root ports at 00.0, 01.0 and 06.0 (each holding a
# pci-testdev); py at 1d.0 (bus 0x40) with root ports at 00.0 and 03.0, behind s3 a pcie-pci-bridge
# (bus 0x41) holding a pci-bridge at 02.0 (bus 0x42); pz at 01.0 (bus 0x60) with a root port at 00.0.
PXB_ARGS = HP_OFF + [
    "-device", "pxb-pcie,id=px,bus=pcie.0,addr=05.0,bus_nr=32",
    "-device", "pcie-root-port,id=r0,bus=px,addr=00.0,chassis=1", "-device", "pci-testdev,id=t0,bus=r0",
    "-device", "pcie-root-port,id=r1,bus=px,addr=01.0,chassis=2", "-device", "pci-testdev,id=t1,bus=r1",
    "-device", "pcie-root-port,id=r6,bus=px,addr=06.0,chassis=3", "-device", "pci-testdev,id=t6,bus=r6",
    "-device", "pxb-pcie,id=py,bus=pcie.0,addr=1d.0,bus_nr=64",
    "-device", "pcie-root-port,id=s0,bus=py,addr=00.0,chassis=4", "-device", "pci-testdev,id=u0,bus=s0",
    "-device", "pcie-root-port,id=s3,bus=py,addr=03.0,chassis=5",
    "-device", "pcie-pci-bridge,id=sb,bus=s3", "-device", "pci-bridge,id=sn,bus=sb,addr=02.0,chassis_nr=6",
    "-device", "pxb-pcie,id=pz,bus=pcie.0,addr=01.0,bus_nr=96",
    "-device", "pcie-root-port,id=z0,bus=pz,addr=00.0,chassis=7", "-device", "pci-testdev,id=v0,bus=z0",
    # SHPC bridges straight on expander buses: a pci-bridge on pz at 04.0, a pcie-pci-bridge on px at 07.0.
    "-device", "pci-bridge,id=sq,bus=pz,addr=04.0,chassis_nr=8", "-device", "pcie-pci-bridge,id=sr,bus=px,addr=07.0",
]
PX, PY, PZ = 0x20, 0x40, 0x60
SB_BAR, SN_BAR, SQ_BAR, SR_BAR = 0xfe000000, 0xfe100000, 0xfe200000, 0xfe300000
ROOT_PORTS = [(PX, 0, "t0"), (PX, 1, "t1"), (PX, 6, "t6"), (PY, 0, "u0"), (PZ, 0, "v0")]


def _port_events(bus, dev, device):
    slot, status = cfg(bus, dev, 0x6c), cfg(bus, dev, 0x6e)
    # Slot events enabled (a command completes: the pin goes up and, as the AER root command is
    # written back, down); the attention button (device_del) then holds it up until cleared.
    return [qt(f"readl {cfg(bus, dev, 0x3c)}"), qt(f"writew {slot} 0x31"), qt(f"writew {status} 0x10"),
            qmp("device_del", id=device), qt(f"readl {slot}")]


PXB_SCRIPT = ["qtest irq_intercept_in ioapic"] + [qt(l) for l in PROLOGUE] + [
    qt(f"readl {cfg(0, 5, 0x0)}"), qt(f"readl {cfg(0, 5, 0x3c)}"), qt(f"readl {cfg(PX, 0, 0x0)}"), qt(f"readl {cfg(PY, 3, 0x0)}"),
] + [s for p in ROOT_PORTS for s in _port_events(*p)] + [
    # r0 and r6 both up; r6 and s0 share nothing, r1 and s0 share PIRQE: cleared one by one.
    qt(f"writew {cfg(PX, 1, 0x6e)} 0x1"), qt(f"writew {cfg(PY, 0, 0x6e)} 0x1"),
    # The expander's own INTx disable bit is not on the path.
    qt(f"writew {cfg(0, 5, 0x4)} 0x400"), qt(f"readl {cfg(0, 5, 0x4)}"), qt(f"writew {cfg(PX, 0, 0x6e)} 0x1"),
    qt(f"writew {cfg(PX, 6, 0x6e)} 0x1"), qt(f"writew {cfg(PZ, 0, 0x6e)} 0x1"),
    # The PIRQ route registers carry the expanders' lines to ISA IRQs too (PIRQG to IRQ 10).
    qt(f"writeb {cfg(0, 0x1f, 0x6a)} 0xa"), qt(f"writew {cfg(PX, 0, 0x6c)} 0x31"), qt(f"writew {cfg(PX, 0, 0x6e)} 0x10"),
    # Behind s3: a pcie-pci-bridge and a pci-bridge below it, each interrupting through its SHPC.
] + bridge_setup(PY, 3, PY + 1, PY + 2, window=(SB_BAR, SN_BAR)) + bridge_setup(PY + 1, 0, PY + 2, PY + 2, window=(SN_BAR, SN_BAR), bar=SB_BAR) + [
    qt(f"writel {cfg(PY + 2, 2, 0x10)} 0x{SN_BAR:x}"), qt(f"writel {cfg(PY + 2, 2, 0x14)} 0x0"), qt(f"writew {cfg(PY + 2, 2, 0x4)} 0x2"),
    qt(f"readl {cfg(PY + 1, 0, 0x3c)}"), qt(f"readl {cfg(PY + 2, 2, 0x3c)}"),
] + shpc_raise(SB_BAR) + shpc_state(SB_BAR) + shpc_raise(SN_BAR) + shpc_state(SN_BAR) + shpc_lower(SB_BAR) + shpc_lower(SN_BAR) + [
    qt(f"readl {cfg(PY + 2, 2, 0x4)}"),
    # The bridges straight on the expanders' buses.
    *bridge_setup(PZ, 4, PZ + 1, PZ + 1, bar=SQ_BAR), *bridge_setup(PX, 7, PX + 8, PX + 8, bar=SR_BAR),
    qt(f"readl {cfg(PZ, 4, 0x3c)}"), qt(f"readl {cfg(PX, 7, 0x3c)}"),
    *shpc_raise(SQ_BAR), *shpc_raise(SR_BAR), *shpc_lower(SQ_BAR), *shpc_lower(SR_BAR),
    # A machine reset with a line up.
] + shpc_raise(SN_BAR) + [qmp("system_reset"), qt(f"readl {cfg(PY, 3, 0x18)}")]


# --- Bridges on pcie.0: rp (02.0, bus 1) holds pb, a pcie-pci-bridge (bus 2) holding b1, a
# pci-bridge at 05.0 (bus 3) holding b2 at 06.0 (bus 4); dmi, an i82801b11-bridge at 1e.0 (bus 5),
# holds b3 at 02.0 (bus 6); b4, a pci-bridge at 03.0 (bus 7), holds b5 at 01.0 (bus 8) and
# b5 a pci-testdev t5 at 03.0; pc, a pcie-pci-bridge at 04.0 (bus 9), holds b6 at 07.0 (bus 10).
BRIDGE_ARGS = HP_OFF + [
    "-device", "pcie-root-port,id=rp,addr=02.0,chassis=1", "-device", "pcie-pci-bridge,id=pb,bus=rp",
    "-device", "pci-bridge,id=b1,bus=pb,addr=05.0,chassis_nr=2", "-device", "pci-bridge,id=b2,bus=b1,addr=06.0,chassis_nr=3",
    "-device", "i82801b11-bridge,id=dmi,addr=1e.0", "-device", "pci-bridge,id=b3,bus=dmi,addr=02.0,chassis_nr=4",
    "-device", "pci-bridge,id=b4,addr=03.0,chassis_nr=5", "-device", "pci-bridge,id=b5,bus=b4,addr=01.0,chassis_nr=6",
    "-device", "pci-testdev,id=t5,bus=b5,addr=03.0",
    "-device", "pcie-pci-bridge,id=pc,addr=04.0", "-device", "pci-bridge,id=b6,bus=pc,addr=07.0,chassis_nr=7",
    "-device", "pcie-root-port,id=rq,addr=08.0,chassis=8", "-device", "pci-testdev,id=tq,bus=rq",
]
PB_BAR, B1_BAR, B2_BAR = 0xfe000000, 0xfe100000, 0xfe200000
B3_BAR, B4_BAR, B5_BAR, PC_BAR, B6_BAR = 0xfe300000, 0xfe400000, 0xfe500000, 0xfe600000, 0xfe700000
TQ_BAR = 0xfe800000
BRIDGE_SETUP = (
    bridge_setup(0, 2, 1, 4, window=(PB_BAR, B2_BAR))
    + bridge_setup(1, 0, 2, 4, window=(B1_BAR, B2_BAR), bar=PB_BAR)
    + bridge_setup(2, 5, 3, 4, window=(B2_BAR, B2_BAR), bar=B1_BAR)
    + bridge_setup(3, 6, 4, 4, bar=B2_BAR)
    + bridge_setup(0, 0x1e, 5, 6, window=(B3_BAR, B3_BAR))
    + bridge_setup(5, 2, 6, 6, bar=B3_BAR)
    + bridge_setup(0, 3, 7, 8, window=(B5_BAR, B5_BAR), bar=B4_BAR)
    + bridge_setup(7, 1, 8, 8, bar=B5_BAR)
    + bridge_setup(0, 4, 9, 10, window=(B6_BAR, B6_BAR), bar=PC_BAR)
    + bridge_setup(9, 7, 10, 10, bar=B6_BAR)
)
BRIDGES = [(1, 0, PB_BAR), (2, 5, B1_BAR), (3, 6, B2_BAR), (5, 2, B3_BAR), (0, 3, B4_BAR), (7, 1, B5_BAR), (0, 4, PC_BAR), (9, 7, B6_BAR)]

BRIDGE_SCRIPT = ["qtest irq_intercept_in ioapic"] + [qt(l) for l in PROLOGUE] + BRIDGE_SETUP + [
    qt(f"readl {cfg(bus, dev, 0x3c)}") for bus, dev, _ in BRIDGES] + [
    s for bus, dev, bar in BRIDGES for s in shpc_raise(bar) + [qt(f"readl {cfg(bus, dev, 0x4)}")] + shpc_lower(bar)] + [
    # All up, then down in another order (shared PIRQs stay up until the last pin goes).
    s for _, _, bar in BRIDGES for s in shpc_raise(bar)] + [
    s for _, _, bar in reversed(BRIDGES) for s in shpc_lower(bar)] + [
    # INTx disable on a bridge in the path does not stop its secondary bus's pins; on b2 itself it does.
    qt(f"writew {cfg(1, 0, 0x4)} 0x402"), *shpc_raise(B2_BAR), qt(f"writew {cfg(3, 6, 0x4)} 0x402"),
    qt(f"writew {cfg(3, 6, 0x4)} 0x2"), *shpc_lower(B2_BAR), qt(f"writew {cfg(1, 0, 0x4)} 0x2"),
    # The DMI bridge at slot 30: PIRQ E-H whatever D30IR says; D31IR-D25IR do not move it.
    qt(f"writel {cfg(0, 0x1f, 0xf0)} 0xfed1c001"), qt("readl 0xfed1f140"), qt("writel 0xfed1f140 0x12345670"),
    qt("readl 0xfed1f140"), *shpc_raise(B3_BAR), *shpc_lower(B3_BAR),
    # A root port's own pin next to them (rq at 08.0, PIRQE as pc at 04.0).
    qt(f"writew {cfg(0, 8, 0x6c)} 0x31"), qt(f"writew {cfg(0, 8, 0x6e)} 0x10"), *shpc_raise(PC_BAR),
    qmp("device_del", id="tq"), *shpc_lower(PC_BAR), qt(f"writew {cfg(0, 8, 0x6e)} 0x1"),
]


# --- The SHPC's interrupt as MSI: b4's (MSI at 0x4c), pc's (pcie-pci-bridge, MSI at 0x8c) and b2's
# (three bridges down). The message's address is RAM (MSG_RAM + 0x100 * n), read back after each
# step; bus mastering on the function itself, then off on it and on a bridge above.
MSG_RAM = 0x100000


def msi_setup(bus, dev, cap, n, data):
    address = MSG_RAM + 0x100 * n
    return [qt(f"readl {cfg(bus, dev, cap)}"), qt(f"writel {cfg(bus, dev, cap + 4)} 0x{address:x}"),
            qt(f"writel {cfg(bus, dev, cap + 8)} 0x0"), qt(f"writew {cfg(bus, dev, cap + 0xc)} 0x{data:x}"),
            qt(f"writew {cfg(bus, dev, cap + 2)} 0x1"), qt(f"readl {cfg(bus, dev, cap)}")], address


def ram(address):
    return [qt(f"readl 0x{address:x}"), qt(f"writel 0x{address:x} 0x0")]


_B4_MSI, B4_MSG = msi_setup(0, 3, 0x4c, 0, 0x4041)
_PC_MSI, PC_MSG = msi_setup(0, 4, 0x8c, 1, 0x4142)
_B2_MSI, B2_MSG = msi_setup(3, 6, 0x4c, 2, 0x4243)
MSI_SCRIPT = ["qtest irq_intercept_in ioapic"] + [qt(l) for l in PROLOGUE] + BRIDGE_SETUP + [
    # The enabled message count written while MSI is off (kept as written), then cleared.
    qt(f"writew {cfg(0, 3, 0x4e)} 0x70"), qt(f"readl {cfg(0, 3, 0x4c)}"), qt(f"writew {cfg(0, 3, 0x4e)} 0x0"),
] + _B4_MSI + [
    # Bus mastering off: the message goes nowhere.
    *shpc_raise(B4_BAR), *ram(B4_MSG), *shpc_lower(B4_BAR), *ram(B4_MSG),
    # On: a message when the level goes up and another when it goes down.
    qt(f"writew {cfg(0, 3, 0x4)} 0x6"), *shpc_raise(B4_BAR), *ram(B4_MSG), *shpc_state(B4_BAR),
    qt(f"writew 0x{B4_BAR + 0x14:x} 0x108"), *ram(B4_MSG), *shpc_lower(B4_BAR), *ram(B4_MSG),
    # The vector masked: left pending (bit in the capability), sent when unmasked.
    qt(f"writel {cfg(0, 3, 0x5c)} 0x1"), *shpc_raise(B4_BAR), *ram(B4_MSG), qt(f"readl {cfg(0, 3, 0x60)}"),
    qt(f"writel {cfg(0, 3, 0x60)} 0x0"), qt(f"readl {cfg(0, 3, 0x60)}"),
    qt(f"writel {cfg(0, 3, 0x5c)} 0x0"), *ram(B4_MSG), qt(f"readl {cfg(0, 3, 0x60)}"),
    # MSI off while the level is up: INTx is untouched until the next change.
    qt(f"writew {cfg(0, 3, 0x4e)} 0x0"), *ram(B4_MSG), *shpc_lower(B4_BAR), *shpc_raise(B4_BAR),
    # MSI on again while INTx is up: the pin stays up when the level drops (a message instead).
    qt(f"writew {cfg(0, 3, 0x4e)} 0x1"), *shpc_lower(B4_BAR), *ram(B4_MSG), qt(f"readl {cfg(0, 3, 0x4)}"),
    qt(f"writew {cfg(0, 3, 0x4e)} 0x0"), *shpc_raise(B4_BAR), *shpc_lower(B4_BAR),
    # Multiple messages asked for (the queue size), a 32-bit address written in two halves.
    qt(f"writew {cfg(0, 3, 0x4e)} 0x71"), qt(f"readl {cfg(0, 3, 0x4c)}"), *shpc_raise(B4_BAR), *ram(B4_MSG),
    qt(f"writel {cfg(0, 3, 0x54)} 0x1"), *shpc_lower(B4_BAR), *ram(B4_MSG), qt(f"writel {cfg(0, 3, 0x54)} 0x0"),
    # The pcie-pci-bridge: the same controller, the capability at 0x8c.
] + _PC_MSI + [
    qt(f"writew {cfg(0, 4, 0x4)} 0x6"), *shpc_raise(PC_BAR), *ram(PC_MSG), *shpc_lower(PC_BAR), *ram(PC_MSG),
    # b2, three bridges down: bus mastering on b2 only, then on the bridges above too, then off on pb.
] + _B2_MSI + [
    qt(f"writew {cfg(3, 6, 0x4)} 0x6"), *shpc_raise(B2_BAR), *ram(B2_MSG), *shpc_lower(B2_BAR), *ram(B2_MSG),
    qt(f"writew {cfg(0, 2, 0x4)} 0x6"), qt(f"writew {cfg(1, 0, 0x4)} 0x6"), qt(f"writew {cfg(2, 5, 0x4)} 0x6"),
    *shpc_raise(B2_BAR), *ram(B2_MSG), qt(f"writew {cfg(1, 0, 0x4)} 0x2"), *shpc_lower(B2_BAR), *ram(B2_MSG),
    # A machine reset (MMCONFIG mapped again after it): what the capabilities keep; b4's SHPC
    # interrupt, up before the reset, afterwards.
    *shpc_raise(B4_BAR), qt(f"writel {cfg(0, 3, 0x5c)} 0x1"), *shpc_lower(B4_BAR), qt(f"readl {cfg(0, 3, 0x60)}"),
    qmp("system_reset"), *[qt(l) for l in PROLOGUE],
    *[qt(f"readl {cfg(0, 3, o)}") for o in range(0x4c, 0x64, 4)], *[qt(f"readl {cfg(0, 4, o)}") for o in range(0x8c, 0xa4, 4)],
    qt(f"writew {cfg(0, 3, 0x4e)} 0x1"), qt(f"readl {cfg(0, 3, 0x4c)}"),
    *bridge_setup(0, 3, 7, 8, window=(B5_BAR, B5_BAR), bar=B4_BAR, command=0x6), *shpc_state(B4_BAR),
    qt(f"writel {cfg(0, 3, 0x50)} 0x{B4_MSG:x}"), qt(f"writew {cfg(0, 3, 0x58)} 0x4041"), *shpc_raise(B4_BAR), *ram(B4_MSG),
    *shpc_lower(B4_BAR), *ram(B4_MSG),
]


# --- The secondary bus reset bit (bridge control 0x3e, bit 6): on each bridge of BRIDGE_ARGS.
def _sbr(bus, dev, value):
    return qt(f"writew {cfg(bus, dev, 0x3e)} 0x{value:x}")


def _look(bus, dev):
    """Command/status, BAR0, bus numbers, memory window and bridge control of a function."""
    return [qt(f"readl {cfg(bus, dev, o)}") for o in (0x4, 0x10, 0x18, 0x20, 0x3c)]


T5_BAR = 0xfe580000
RESET_SCRIPT = ["qtest irq_intercept_in ioapic"] + [qt(l) for l in PROLOGUE] + BRIDGE_SETUP + [
    # t5 (behind b5 behind b4): BAR0 and memory decoding; b5's SHPC interrupt up.
    qt(f"writel {cfg(8, 3, 0x10)} 0x{T5_BAR:x}"), qt(f"writew {cfg(8, 3, 0x4)} 0x3"), qt(f"readl {cfg(8, 3, 0x4)}"),
    *shpc_raise(B5_BAR), *_look(7, 1), *_look(0, 3),
    # b4's bit set: b5 (and t5 behind it) reset, b5's pin lowered; b4 itself keeps its registers.
    _sbr(0, 3, 0x40), *_look(0, 3), *_look(7, 1), qt(f"readl {cfg(8, 3, 0x4)}"),
    # b5 programmed again; the bit written again while set: no reset; cleared and set: reset.
] + bridge_setup(7, 1, 8, 8, bar=B5_BAR) + [
    qt(f"writew {cfg(8, 3, 0x4)} 0x3"), _sbr(0, 3, 0x40), qt(f"readl {cfg(7, 1, 0x18)}"), qt(f"readl {cfg(8, 3, 0x4)}"),
    *shpc_state(B5_BAR), _sbr(0, 3, 0x0), qt(f"readl {cfg(7, 1, 0x18)}"), _sbr(0, 3, 0x40), qt(f"readl {cfg(7, 1, 0x18)}"),
    _sbr(0, 3, 0x0), *bridge_setup(7, 1, 8, 8, bar=B5_BAR), *shpc_state(B5_BAR),
    # The root port rp: pb, b1 and b2 below it reset (pb's bus numbers gone, so b1 and b2 unreachable).
    *shpc_raise(B2_BAR), *shpc_raise(PB_BAR), _sbr(0, 2, 0x40), *_look(0, 2), *_look(1, 0), qt(f"readl {cfg(2, 5, 0x0)}"),
    _sbr(0, 2, 0x0), *bridge_setup(1, 0, 2, 4, window=(B1_BAR, B2_BAR), bar=PB_BAR), *_look(2, 5), *_look(3, 6),
    # The DMI bridge, the pcie-pci-bridge pc and a root port holding a pci-testdev.
    *shpc_raise(B3_BAR), _sbr(0, 0x1e, 0x40), *_look(5, 2), *_look(0, 0x1e),
    *shpc_raise(B6_BAR), _sbr(0, 4, 0x48), *_look(9, 7), *_look(0, 4),
    qt(f"writel {cfg(0, 8, 0x18)} 0x00000b00"), qt(f"writel {cfg(0xb, 0, 0x10)} 0x{TQ_BAR:x}"), qt(f"writew {cfg(0xb, 0, 0x4)} 0x7"),
    *_look(0xb, 0), _sbr(0, 8, 0x40), *_look(0xb, 0), *_look(0, 8), qt(f"readl {cfg(0, 8, 0x6c)}"),
    # A reset requested while an unplug waits for the guest (the root port's attention button).
    qt(f"writew {cfg(0, 8, 0x3e)} 0x0"), qt(f"writew {cfg(0, 8, 0x6c)} 0x31"), qmp("device_del", id="tq"),
    _sbr(0, 8, 0x40), qt(f"readl {cfg(0, 8, 0x6c)}"), qmp("qom-get", path="/machine/peripheral/tq", property="realized"),
    # query-pci looks a bridge's secondary number up from the bridge's bus: b5 (behind b4) is not
    # listed behind while b4's bit is set, nor when b5's number is outside b4's range.
    _sbr(0, 3, 0x40), *bridge_setup(7, 1, 8, 8, bar=B5_BAR), qt(f"readl {cfg(8, 3, 0x0)}"), qmp("query-pci"),
    _sbr(0, 3, 0x0), qt(f"readl {cfg(8, 3, 0x0)}"), qt(f"writel {cfg(7, 1, 0x18)} 0x90907"), qt(f"readl {cfg(9, 3, 0x0)}"),
    qmp("query-pci"), qt(f"writel {cfg(7, 1, 0x18)} 0x80807"),
    # b5's MSI capability programmed (enabled, address, data, vector masked), then b4's bit set.
    *[qt(f"writel {cfg(7, 1, o)} 0x{v:x}") for o, v in ((0x50, 0x100000), (0x54, 0x1), (0x58, 0x1234), (0x5c, 0x1))],
    qt(f"writew {cfg(7, 1, 0x4e)} 0x1"), *[qt(f"readl {cfg(7, 1, o)}") for o in range(0x4c, 0x64, 4)],
    _sbr(0, 3, 0x40), *[qt(f"readl {cfg(7, 1, o)}") for o in range(0x4c, 0x64, 4)], _sbr(0, 3, 0x0),
    # A machine reset clears the bit.
    qmp("system_reset"), qt(f"readl {cfg(0, 3, 0x3c)}"), qt(f"readl {cfg(0, 8, 0x3c)}"),
]


def main():
    q.write("qtest-pxb-intx.txt", q.stable_transcript(PXB_ARGS, PXB_SCRIPT, settle))
    q.write("qtest-bridge-intx.txt", q.stable_transcript(BRIDGE_ARGS, BRIDGE_SCRIPT, settle))
    q.write("qtest-shpc-msi.txt", q.stable_transcript(BRIDGE_ARGS, MSI_SCRIPT, settle))
    q.write("qtest-bridge-reset.txt", q.stable_transcript(BRIDGE_ARGS, RESET_SCRIPT, settle))


if __name__ == "__main__":
    main()
