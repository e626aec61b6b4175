#!/usr/bin/env python3
"""Captures the local APICs' interrupt state as QEMU 10.0 keeps it on q35 with -accel qtest (no
CPU runs, so whatever is delivered stays pending) and how HMP `info lapic` prints it.

qtest-lapic.txt: capture_q35.qmp_qtest_transcript sections (qtest on stdio, QMP on a socket, HMP
through human-monitor-command), one for each configuration of CASES:
- direct: -smp 4, messages written into the APIC's MSI window by qtest: each delivery mode (fixed,
  lowest priority, SMI, NMI, INIT, SIPI, ExtINT, the reserved 3), physical destinations (each APIC,
  one that is not there, broadcast 0xff), logical ones (every LDR is 0 after reset), edge and level
  triggers (the TMR follows the last message of a vector), vectors below 16, the redirection hint,
  the register page (offsets 0x010..0xff0 of the first 4 KiB are registers, not messages), sizes
  other than 4; `info lapic` of each CPU after each case, and the argument forms HMP takes.
- ioapic: -smp 2, the IOAPIC's redirection entries (physical and logical destination, edge and
  level, ExtINT with the i8259 initialised) served by the i8042's IRQ 1 and the PIT's GSI 2; ahci's
  MSI (00:1f.2) with bus mastering: a PCI function's message.
- vtd-ir: -smp 2 with intel-iommu (interrupt remapping on): remappable MSIs of ahci and of the
  IOAPIC through a 16-entry table (each delivery mode, physical and logical, level), compatibility
  format passed, a refused one (not present: a fault); intel-iommu's fault event message with FEADDR
  in the APIC window, outside it (another address, still delivered: the message goes to the APIC
  directly), FEUADDR set, masked (IM: pending until unmasked).
- vtd-off: -smp 2 with intel-iommu,intremap=off: ahci's MSI through the no-DMAR view.
- hotplug: -smp 1,maxcpus=2, a message for APIC 1 before and after a CPU is plugged into slot 1.
- expressions: -smp 4, `info lapic` arguments mixing operators of each precedence level (monitor/hmp.c:
  * / % bind tighter than & | ^, which bind tighter than + -), runs of prefix operators, parentheses 200
  deep, C isspace characters (vertical tab, form feed, CR, LF) inside the expression and a no-break space after it, and a
  character constant outside ASCII (two UTF-8 bytes: no closing quote after the first).
- x2apic-dest: -smp 2 with intel-iommu,intremap=on,eim=on,x-buggy-eim=on and IRTA's EIME set: remapped
  messages with 32-bit IRTE destinations (0x100, 0x101: an xAPIC-mode APIC matches id == dest's low 8
  bits; 0x1ff; 0xff and physical 0xffffffff: broadcast; logical 0xffffffff: x2APIC broadcast only, then
  the low 8 bits against every LDR, 0 after reset), then EIME clear (destination from IRTE bits 15:8).

mtree-lapic-NAME.txt: capture_mtree.capture's format of `info mtree -f -d` (the dispatch's [MRU]
marks) for each case of MTREE, each ending on the access that sends a message: a qtest write into the
APIC window, an IOAPIC entry served (the i8042), ahci's MSI, ahci's FIS DMA without MSI (through
vtd-nodmar with intel-iommu), a remapped MSI and IOAPIC message, a fault event message sent when
FECTL.IM is cleared, and one sent as the fault is recorded.

Usage: python3 capture_lapic.py [QEMU]   (CAPTURE_LAPIC_NEW=1: only the sections of NEW, appended)
       python3 capture_lapic.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402
import capture_mtree as m  # noqa: E402
from capture_vtd_dma import cfg, vtd_q, vtd_r, vtd_rq, vtd_w, wq  # noqa: E402

VTD = 0xfed90000
GCMD, GSTS, FSTS, FECTL, FEDATA, FEADDR, FEUADDR, IRTA, FRCD = 0x18, 0x1c, 0x34, 0x38, 0x3c, 0x40, 0x44, 0xb8, 0x220
IRE, SIRTP = 1 << 25, 1 << 24
ABAR = 0xfebf0000
IRT = 0x110000
FIS = 0x200000
IOAPIC = 0xfec00000


def hmp(command):
    return "qmp " + json.dumps({"execute": "human-monitor-command", "arguments": {"command-line": command}})


def lapics(cpus):
    return [hmp("info lapic")] + [hmp(f"info lapic {i}") for i in range(1, cpus)]


def message(dest, vector, delivery=0, level=False, assert_=True, logical=False, hint=False):
    """A qtest write of an MSI into the APIC window: address fee<dest>00<hint><mode>, data."""
    address = 0xfee00000 | dest << 12 | (8 if hint else 0) | (4 if logical else 0)
    data = vector | delivery << 8 | (1 << 14 if assert_ else 0) | (1 << 15 if level else 0)
    return f"qtest writel {address:#x} {data:#x}"


def direct():
    s = lapics(4)
    # Fixed, edge, each APIC and one that is not there.
    s += [message(0, 0x30), message(1, 0x31), message(2, 0x32), message(3, 0x33), message(7, 0x34)] + lapics(4)
    # Level (assert and de-assert), then the same vector edge: the TMR follows.
    s += [message(1, 0x40, level=True), message(2, 0x41, level=True, assert_=False), message(3, 0x42, level=True)]
    s += lapics(4) + [message(3, 0x42)] + lapics(4)
    # Lowest priority (physical, broadcast, logical), SMI, NMI, INIT, SIPI, ExtINT, reserved 3.
    s += [message(2, 0x50, delivery=1), message(0xff, 0x51, delivery=1), message(0x0f, 0x52, delivery=1, logical=True)]
    s += [message(1, 0x60, delivery=2), message(1, 0x61, delivery=4), message(1, 0x62, delivery=5),
          message(1, 0x63, delivery=6), message(1, 0x64, delivery=7), message(1, 0x65, delivery=3),
          message(0xff, 0x66, delivery=7, level=True)] + lapics(4)
    # Broadcast, logical destinations (LDR 0 after reset), the redirection hint.
    s += [message(0xff, 0x70), message(0xff, 0x71, level=True), message(0x01, 0x72, logical=True),
          message(0xff, 0x73, logical=True), message(0x00, 0x74, logical=True), message(2, 0x75, hint=True),
          message(2, 0x76, hint=True, logical=True)] + lapics(4)
    # Vectors below 16, vector 0, 255.
    s += [message(0, 0x00), message(0, 0x05), message(1, 0x0f, level=True), message(2, 0x10), message(3, 0xff),
          message(0xff, 0x02)] + lapics(4)
    # The register page (0x010..0xff0 of the first 4 KiB), offsets 0..0xf (messages), other sizes, 0xfeeff000.
    s += ["qtest writel 0xfee00010 0x80", "qtest writel 0xfee00ff0 0x81", "qtest writel 0xfee00300 0x4082",
          "qtest writel 0xfee0000c 0x83", "qtest writel 0xfee00003 0x84", "qtest writew 0xfee01000 0x85",
          "qtest writeb 0xfee01000 0x86", "qtest writeq 0xfee02000 0x87", "qtest writel 0xfee01ff0 0x88",
          "qtest writel 0xfeeff000 0x89", "qtest writel 0xfee03ffc 0x8a", "qtest readl 0xfee01000",
          "qtest readl 0xfee00020", "qtest readq 0xfee00000"] + lapics(4)
    # The argument forms: APIC ids, expressions, refusals.
    s += [hmp(c) for c in ("info lapic 4", "info lapic 255", "info lapic 0x3", "info lapic 1+1", "info lapic (3)",
                           "info lapic x", "info lapic -1", "info lapic 1 2", "info lapic 4294967296",
                           "info lapic 0x100000000", "info lapic 2-1", "info lapic 07", "info lapic 0b1",
                           "info lapic 1+", "info lapic (1", "info lapic 1/0", "info lapic 5%0", "info lapic 99999999999999999999",
                           "info lapic 0x", "info lapic 08", "info lapic ~0", "info lapic -(-2)", "info lapic 6&3", "info lapic 1|2",
                           "info lapic 3^1", "info lapic 2*1", "info lapic 7/2", "info lapic 7%4", "info lapic  ( 1 + 1 ) ",
                           "info lapic 1 +1", "info lapic 0xffffffff", "info lapic 0x80000001", "info lapic 'a'", "info lapic '", "info lapic 'ab'",
                           "info lapic +", "info lapic ()", "info  lapic 1", "info lapic\t2")]
    # A system reset: every APIC back to its reset state (nothing pending).
    s += ["qmp " + json.dumps({"execute": "system_reset"})] + lapics(4)
    return s


def entry(pin, low, high=0):
    return [f"qtest writel {IOAPIC:#x} {0x10 + 2 * pin:#x}", f"qtest writel {IOAPIC + 0x10:#x} {low:#x}",
            f"qtest writel {IOAPIC:#x} {0x11 + 2 * pin:#x}", f"qtest writel {IOAPIC + 0x10:#x} {high:#x}"]


def kbd_irq():
    """The i8042 puts a byte in its output buffer (IRQ 1 up), then it is read (IRQ 1 down)."""
    return ["qtest outb 0x64 0x20", "qtest inb 0x60"]


def ahci_setup():
    s = cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    s += cfg(0x84, 0xfee00000) + cfg(0x88, 0) + cfg(0x8c, 0x31, 2) + cfg(0x82, 0x1, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1"]
    return ["qtest " + x for x in s]


def ahci_msi(address, data):
    """capture_vtd_ir.py's way of making ahci send its MSI: port 0's FIS engine restarted."""
    s = cfg(0x84, address) + cfg(0x8c, data, 2)
    s += [f"writel {ABAR + 0x118:#x} 0x0", f"writel {ABAR + 0x12c:#x} 0x1", f"writel {ABAR + 0x12c:#x} 0x0",
          f"writel {ABAR + 0x110:#x} 0xffffffff", f"writel {ABAR + 0x108:#x} {FIS:#x}", f"writel {ABAR + 0x10c:#x} 0x0",
          f"writel {ABAR + 0x118:#x} 0x10", f"readl {ABAR + 0x110:#x}", f"writel {ABAR + 0x118:#x} 0x0"]
    return ["qtest " + x for x in s]


def ioapic():
    s = []
    # Pin 1 (the i8042): edge to APIC 1, level to APIC 0 (Remote IRR until EOI), logical, broadcast.
    s += entry(1, 0x0041, 0x01000000) + kbd_irq() + lapics(2)
    s += entry(1, 0x8042, 0x00000000) + kbd_irq() + lapics(2) + [f"qtest writel {IOAPIC + 0x40:#x} 0x42"]
    s += entry(1, 0x0843, 0x01000000) + kbd_irq() + entry(1, 0x0044, 0xff000000) + kbd_irq()
    s += entry(1, 0x0145, 0x01000000) + kbd_irq() + entry(1, 0x0446, 0x01000000) + kbd_irq() + lapics(2)
    s += entry(1, 0x0007, 0x00000000) + kbd_irq() + entry(1, 0x10000) + lapics(2)
    # ExtINT: the vector comes from the i8259 pair (master at 0x08, IRQ 1 unmasked).
    s += ["qtest outb 0x20 0x11", "qtest outb 0x21 0x8", "qtest outb 0x21 0x4", "qtest outb 0x21 0x1", "qtest outb 0x21 0xfd"]
    s += entry(1, 0x0700, 0x01000000) + kbd_irq() + entry(1, 0x10000) + lapics(2)
    # The PIT's channel 0 on pin 2 (GSI 2), level.
    s += entry(2, 0x8051, 0x01000000) + ["qtest outb 0x43 0x34", "qtest outb 0x40 0x10", "qtest outb 0x40 0x0"]
    s += entry(2, 0x10051, 0x01000000) + lapics(2)
    # ahci's MSI (a PCI function's message): APIC 0, APIC 1 level, logical, broadcast.
    s += ahci_setup() + ahci_msi(0xfee00000, 0x61) + ahci_msi(0xfee01000, 0x8062) + ahci_msi(0xfee0f004, 0x63)
    s += ahci_msi(0xfeeff000, 0x64) + ahci_msi(0xfee01000, 0x0465) + lapics(2)
    return s


def irte(index, vector, dest, dm=0, tm=0, dlm=0, present=True):
    lo = (1 if present else 0) | dm << 2 | tm << 4 | dlm << 5 | vector << 16 | (dest << 8) << 32
    return ["qtest " + wq(IRT + index * 16, lo), "qtest " + wq(IRT + index * 16 + 8, 0)]


def remappable(index):
    return 0xfee00000 | (index & 0x7fff) << 5 | (index >> 15) << 2 | 0x10


def vtd_ir():
    s = ["qtest " + x for x in (vtd_q(IRTA, IRT | 3), vtd_w(GCMD, IRE | SIRTP), vtd_r(GSTS))]
    s += irte(1, 0x31, 1) + irte(2, 0x32, 0, tm=1) + irte(3, 0x33, 0xff) + irte(4, 0x34, 0x01, dm=1)
    s += irte(5, 0x35, 1, dlm=1) + irte(6, 0x36, 1, dlm=4) + irte(7, 0x37, 1, dlm=7) + irte(8, 0x08, 0)
    s += irte(10, 0x3a, 0) + irte(11, 0x3b, 1, tm=1)
    s += ahci_setup()
    for index in range(1, 9):
        s += ahci_msi(remappable(index), 0)
    s += ahci_msi(0xfee01000, 0x8041) + lapics(2)
    # The IOAPIC's remappable entries (format bit 48, index in 63:49): pin 1 to entries 10 and 11 (level).
    s += entry(1, 0x0000, 0x00150000) + kbd_irq() + entry(1, 0x8000, 0x00170000) + kbd_irq()
    s += [f"qtest writel {IOAPIC + 0x40:#x} 0x3b", *entry(1, 0x10000)] + lapics(2)
    # A compatibility-format IOAPIC entry passes (IRE set, CFI not: QEMU passes it anyway).
    s += entry(1, 0x0042, 0x01000000) + kbd_irq() + entry(1, 0x10000) + lapics(2)
    # The fault event: a not-present entry (9) faults; FECTL's IM clear: FEDATA/FEADDR go to the APIC.
    s += ["qtest " + x for x in (vtd_w(FEDATA, 0x51), vtd_w(FEADDR, 0xfee01000), vtd_w(FECTL, 0))]
    s += irte(9, 0, 0, present=False) + ahci_msi(remappable(9), 0)
    s += ["qtest " + x for x in (vtd_r(FSTS), vtd_r(FECTL), vtd_rq(FRCD + 8))] + lapics(2)

    def clear():
        return ["qtest " + x for x in (vtd_w(FRCD + 12, 0x80000000), vtd_w(FSTS, 0x7f), vtd_r(FSTS))]
    # FEADDR outside the APIC window (still decoded: destination 0 from bits 19:12), FEUADDR set.
    for address, upper, data in ((0xfed00000, 0, 0x52), (0x12345000, 0, 0x8053), (0xfee00004, 0, 0x54),
                                 (0xfee01000, 0x2, 0x55), (0xfee0f000, 0, 0x56), (0x000ff000, 0, 0x57),
                                 (0xfee01000, 0, 0x0458), (0xfee01000, 0, 0x0b59)):
        s += clear() + ["qtest " + x for x in (vtd_w(FEDATA, data), vtd_w(FEADDR, address), vtd_w(FEUADDR, upper))]
        s += ahci_msi(remappable(9), 0)
    s += lapics(2)
    # Masked: pending until IM is cleared.
    s += clear() + ["qtest " + x for x in (vtd_w(FEDATA, 0x5a), vtd_w(FEADDR, 0xfee00000), vtd_w(FEUADDR, 0),
                                            vtd_w(FECTL, 0x80000000))]
    s += ahci_msi(remappable(9), 0) + lapics(1) + ["qtest " + vtd_w(FECTL, 0), "qtest " + vtd_r(FECTL)] + lapics(1)
    return s


def vtd_off():
    s = ahci_setup() + ahci_msi(0xfee01000, 0x71) + ahci_msi(0xfee00000, 0x8072) + lapics(2)
    return s


def ahci_dma():
    """ahci's FIS receive DMA (the D2H FIS written at FIS) without an MSI."""
    s = cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1"]
    s += [f"writel {ABAR + 0x118:#x} 0x0", f"writel {ABAR + 0x12c:#x} 0x1", f"writel {ABAR + 0x12c:#x} 0x0",
          f"writel {ABAR + 0x110:#x} 0xffffffff", f"writel {ABAR + 0x108:#x} {FIS:#x}", f"writel {ABAR + 0x10c:#x} 0x0",
          f"writel {ABAR + 0x118:#x} 0x10"]
    return ["qtest " + x for x in s]


def fault_pending():
    """A masked fault event (a not-present IRTE 9), then IM cleared: the message goes."""
    s = ["qtest " + x for x in (vtd_q(IRTA, IRT | 3), vtd_w(GCMD, IRE | SIRTP), vtd_w(FEDATA, 0x5a),
                                  vtd_w(FEADDR, 0xfee01000), vtd_w(FECTL, 0x80000000))]
    return s + irte(9, 0, 0, present=False) + ahci_setup() + ahci_msi(remappable(9), 0)[:-2] + ["qtest " + vtd_w(FECTL, 0)]


def remap(index_high, trigger):
    s = ["qtest " + x for x in (vtd_q(IRTA, IRT | 3), vtd_w(GCMD, IRE | SIRTP))] + irte(10, 0x3a, 1)
    return s + trigger(index_high)


IR = ["-smp", "2", "-device", "intel-iommu,intremap=on"]
OFF = ["-smp", "2", "-device", "intel-iommu,intremap=off"]
MTREE = {
    "direct": (["-smp", "2"], [message(1, 0x31)]),
    "ioapic": (["-smp", "2"], entry(1, 0x0041, 0x01000000) + ["qtest outb 0x64 0x20"]),
    "pci-msi": (["-smp", "2"], ahci_setup() + ahci_msi(0xfee01000, 0x31)[:-2]),
    "nodmar-msi": (OFF, ahci_setup() + ahci_msi(0xfee01000, 0x31)[:-2]),
    "nodmar-dma": (OFF, ahci_dma()),
    "remapped-msi": (IR, remap(0, lambda _: ahci_setup() + ahci_msi(remappable(10), 0)[:-2])),
    "remapped-ioapic": (IR, remap(0, lambda _: entry(1, 0x0000, 0x00150000) + ["qtest outb 0x64 0x20"])),
    "fault-unmasked": (IR, fault_pending()),
    "fault-event": (IR, ["qtest " + x for x in (vtd_q(IRTA, IRT | 3), vtd_w(GCMD, IRE | SIRTP), vtd_w(FEDATA, 0x5a),
                                                 vtd_w(FEADDR, 0xfee01000))]
                    + irte(9, 0, 0, present=False) + ahci_setup() + ahci_msi(remappable(9), 0)[:-2]),
}

def hotplug():
    """A CPU plugged into slot 1: its APIC takes messages for id 1 from then on."""
    s = [message(1, 0x31), hmp("info lapic 1")]
    s += ["qmp " + json.dumps({"execute": "device_add", "arguments": {"driver": "qemu64-x86_64-cpu", "id": "c1", "socket-id": 0,
                                                                        "core-id": 1, "thread-id": 0}})]
    s += [hmp("info lapic 1"), message(1, 0x32), message(0xff, 0x33, level=True)] + lapics(2)
    return s


def expressions():
    s = [message(1, 0x31)]
    s += [hmp("info lapic " + c) for c in (
        "2*3&1", "2&1*3", "1+2&3", "6|1*0", "3-1^1", "1+3*0|2", "7%4&1", "3&1+1", "2^3*1", "8/2|1-1",
        "~1+3", "--1", "-~0", "~-1", "- - -1+2", "+-~2", "~~~~3", "-(-(-(-1)))", "2*-1+3", "(1|2)*1",
        "(" * 200 + "1" + ")" * 200, "-" * 1000 + "2", "~" * 1000 + "2", "+" * 999 + "1",
        "1\v", "(\f1\r)", "1 +\n1", "1\u00a0", "'\u00e9'", "'\u00e9", "'a'-96", "' '-31")]
    return s + lapics(2)


def x2apic_dest():
    s = ["qtest " + x for x in (vtd_q(IRTA, IRT | 0x800 | 3), vtd_w(GCMD, IRE | SIRTP), vtd_r(GSTS))]

    def irte32(index, vector, dest, dm=0):
        lo = 1 | dm << 2 | vector << 16 | dest << 32
        return ["qtest " + wq(IRT + index * 16, lo), "qtest " + wq(IRT + index * 16 + 8, 0)]
    s += irte32(1, 0x31, 0x100) + irte32(2, 0x32, 0x101) + irte32(3, 0x33, 0x1ff) + irte32(4, 0x34, 0xff)
    s += irte32(5, 0x35, 0xffffffff) + irte32(6, 0x36, 0xffffffff, dm=1) + irte32(7, 0x37, 0x1ff, dm=1)
    s += irte32(8, 0x38, 0x201) + ahci_setup()
    for index in range(1, 9):
        s += ahci_msi(remappable(index), 0) + lapics(2)
    # EIME clear: the destination is IRTE bits 15:8 (0x201 -> 2, not there; 0x100 -> 1).
    s += ["qtest " + x for x in (vtd_q(IRTA, IRT | 3), vtd_w(GCMD, IRE | SIRTP))] + irte32(9, 0x39, 0x100)
    s += ahci_msi(remappable(9), 0) + ahci_msi(remappable(8), 0) + lapics(2)
    return s


NEW = ("expressions", "x2apic-dest")
CASES = {
    "direct": (["-smp", "4"], direct),
    "ioapic": (["-smp", "2"], ioapic),
    "vtd-ir": (["-smp", "2", "-device", "intel-iommu,intremap=on"], vtd_ir),
    "vtd-off": (["-smp", "2", "-device", "intel-iommu,intremap=off"], vtd_off),
    "hotplug": (["-smp", "1,maxcpus=2"], hotplug),
    "expressions": (["-smp", "4"], expressions),
    "x2apic-dest": (["-smp", "2", "-device", "intel-iommu,intremap=on,eim=on,x-buggy-eim=on"], x2apic_dest),
}


def main():
    text = ""
    only = os.environ.get("CAPTURE_LAPIC_NEW") == "1"  # NEW only, appended to the file as it is
    for name, (args, steps) in CASES.items():
        if only and name not in NEW:
            continue
        text += q.stable_transcript(args, steps(), settle=lambda step: 1.0 if "system_reset" in step else 0)
    if only:
        with open("qtest-lapic.txt") as f:
            text = f.read() + text
    q.write("qtest-lapic.txt", text)
    if only:
        return
    m.COMMANDS = ["info mtree -f -d"]
    for name, (args, steps) in MTREE.items():
        q.write(f"mtree-lapic-{name}.txt", m.capture(["-machine", "q35"] + args, [x[len("qtest "):] for x in steps]))


if __name__ == "__main__":
    main()
