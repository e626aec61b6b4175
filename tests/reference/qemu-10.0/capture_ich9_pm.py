#!/usr/bin/env python3
"""Captures the ICH9 LPC's power-management I/O block and its root complex register block as
QEMU 10.0 answers them over qtest: PMBASE (LPC configuration 0x40) and ACPI_CNTL (0x44, whose
ACPI_EN bit maps the block), the PM1 event and control registers, the PM timer, GPE0, SMI_EN and
SMI_STS, the TCO registers at PMBASE+0x60, the APM ACPI enable/disable commands, GEN_PMCON_1's
SMI lock, and the RCRB mapped by RCBA (LPC configuration 0xf0) with its interrupt routing and GCS
registers.

Usage: python3 capture_ich9_pm.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-ich9-pm.txt: for each configuration of CONFIGS, the line
  $ qemu-system-x86_64 -nodefaults -display none ARGS -S -qtest stdio
then each line of SCRIPT and QEMU's reply. The CPU never runs (-S) and this QEMU has no qtest
accelerator, so the virtual clock stays at 0: the PM timer and the TCO timer answer the same every
run. A sleep request (SLP_EN with the soft-off, S1 or S4 type) would ask QEMU to shut down or
suspend, so the script writes SLP_EN only with the types QEMU ignores (3, 4, 6, 7; S4 is 2 or the
configuration's s4_val, 5).
Also writes qmp-ich9-pm-qom-get.txt: the LPC's PM properties read with qom-get before and after
the registers are programmed through HMP's `o` command (QEMU's commands, each with its reply), and
qmp-ich9-pm-sleep.json: for PM1 control written with SLP_EN of each sleep type (through `o`, each
in a fresh QEMU), the events QEMU sends, then its run state and PM1 control (null once QEMU ended).
"""
import json
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (qtest, session, write)

LPC = 0x8000f800  # 00:1f.0 through the configuration address port
PM = 0x600
RCBA = 0xfed1c000


def cfg(off):
    return f"outl 0xcf8 0x{LPC | (off & 0xfc):x}"


def cfg_read(off, size=4):
    port = 0xcfc + (off & 3)
    return [cfg(off), {1: "inb", 2: "inw", 4: "inl"}[size] + f" 0x{port:x}"]


def cfg_write(off, value, size=4):
    port = 0xcfc + (off & 3)
    return [cfg(off), {1: "outb", 2: "outw", 4: "outl"}[size] + f" 0x{port:x} 0x{value:x}"]


def p(off, base=PM):
    return f"0x{base + off:x}"


def sweep(base=PM):
    """Every byte, every even word, every dword of the block (and just past it)."""
    lines = [f"inb {p(o, base)}" for o in range(0, 0x84)]
    lines += [f"inw {p(o, base)}" for o in range(0, 0x84, 2)]
    lines += [f"inl {p(o, base)}" for o in range(0, 0x84, 4)]
    return lines


def unaligned(base=PM):
    lines = []
    for o in (1, 3, 5, 7, 9, 0xb, 0x1f, 0x21, 0x23, 0x27, 0x29, 0x2f, 0x31, 0x33, 0x37, 0x5f, 0x61, 0x63, 0x65, 0x69, 0x6b,
              0x6d, 0x6f, 0x71, 0x73, 0x7f):
        lines += [f"inw {p(o, base)}", f"inl {p(o, base)}"]
    for o in (2, 6, 0xa, 0xe, 0x1e, 0x22, 0x26, 0x2a, 0x2e, 0x32, 0x36, 0x5e, 0x62, 0x66, 0x6a, 0x6e, 0x72, 0x7e):
        lines += [f"inl {p(o, base)}"]
    return lines


def pm1():
    return [
        # PM1 status: the timer overflow bit is set at clock 0; write 1 to clear, by word and by byte.
        f"inw {p(0)}", f"outw {p(0)} 0x0", f"inw {p(0)}", f"outw {p(0)} 0x1", f"inw {p(0)}", f"outw {p(0)} 0xffff", f"inw {p(0)}",
        f"outb {p(0)} 0x1", f"inw {p(0)}", f"outb {p(1)} 0xff", f"inw {p(0)}",
        # PM1 enable: every bit kept; by byte, word, the dword over status and enable.
        f"outw {p(2)} 0xffff", f"inw {p(2)}", f"inb {p(2)}", f"inb {p(3)}", f"inl {p(0)}", f"outb {p(2)} 0x21", f"inw {p(2)}",
        f"outb {p(3)} 0x5", f"inw {p(2)}", f"outw {p(2)} 0x0", f"outl {p(0)} 0x01210000", f"inl {p(0)}", f"inw {p(2)}",
        f"outl {p(0)} 0xffffffff", f"inl {p(0)}", f"outw {p(2)} 0x0", f"inl {p(0)}",
        # PM1 control: SCI_EN and the other bits; SLP_TYP with SLP_EN of the ignored types, by word and byte.
        f"inw {p(4)}", f"outw {p(4)} 0x1", f"inw {p(4)}", f"outw {p(4)} 0xdfff", f"inw {p(4)}", f"inb {p(4)}", f"inb {p(5)}",
        f"outw {p(4)} 0x2c01", f"inw {p(4)}", f"outw {p(4)} 0x3007", f"inw {p(4)}", f"outw {p(4)} 0x3800", f"inw {p(4)}",
        f"outw {p(4)} 0x3c02", f"inw {p(4)}", f"outb {p(4)} 0x3", f"inw {p(4)}", f"outb {p(5)} 0x2c", f"inw {p(4)}",
        f"outb {p(5)} 0x1c", f"inw {p(4)}", f"outb {p(4)} 0x0", f"inw {p(4)}", f"outl {p(4)} 0x12340c01", f"inw {p(4)}",
        f"inl {p(4)}", f"outw {p(4)} 0x0",
        # The APM port's ACPI enable (2) and disable (3) commands set and clear SCI_EN.
        "outb 0xb2 0x2", f"inw {p(4)}", "inb 0xb2", "outb 0xb2 0x3", f"inw {p(4)}", "outb 0xb2 0x2", f"inw {p(4)}",
        f"outw {p(4)} 0x0", f"inw {p(4)}",
        # The PM timer at clock 0, writes ignored.
        f"inl {p(8)}", f"outl {p(8)} 0x12345678", f"inl {p(8)}", f"inw {p(8)}", f"inb {p(0xa)}", f"outw {p(8)} 0xffff", f"inl {p(8)}",
    ]


def gpe0():
    lines = []
    # Status (0x20-0x27) is write-1-to-clear of nothing set; enable (0x28-0x2f) keeps every byte.
    for o in range(0x28, 0x30):
        lines += [f"outb {p(o)} 0x{(o * 7) & 0xff:x}"]
    lines += [f"inl {p(0x28)}", f"inl {p(0x2c)}", f"inw {p(0x2a)}", f"outw {p(0x2c)} 0xbeef", f"inl {p(0x2c)}",
              f"outl {p(0x28)} 0x12345678", f"inl {p(0x28)}", f"inl {p(0x20)}", f"outl {p(0x20)} 0xffffffff", f"inl {p(0x20)}",
              f"outl {p(0x24)} 0xffffffff", f"inl {p(0x24)}", f"outl {p(0x26)} 0x55aa", f"inl {p(0x28)}", f"inl {p(0x2c)}",
              f"outl {p(0x28)} 0x0", f"outl {p(0x2c)} 0x0", f"inl {p(0x28)}"]
    return lines


def smi():
    return [
        # SMI_EN: dword only; SMI_STS read-only here.
        f"inl {p(0x30)}", f"outl {p(0x30)} 0xffffffff", f"inl {p(0x30)}", f"inw {p(0x30)}", f"inb {p(0x30)}",
        f"outw {p(0x30)} 0x0", f"inl {p(0x30)}", f"outb {p(0x31)} 0x0", f"inl {p(0x30)}",
        f"outl {p(0x30)} 0x00004061", f"inl {p(0x30)}", f"outl {p(0x30)} 0x0", f"inl {p(0x30)}",
        f"inl {p(0x34)}", f"outl {p(0x34)} 0xffffffff", f"inl {p(0x34)}", f"outl {p(0x38)} 0xffffffff", f"inl {p(0x38)}",
        f"inl {p(0x3c)}", f"outl {p(0x34)} 0x40", f"inl {p(0x34)}", f"outl {p(0x34)} 0x4000", f"inl {p(0x34)}",
        f"outw {p(0x34)} 0xffff", f"inl {p(0x34)}", f"outl {p(0x34)} 0x0", f"inl {p(0x34)}", f"outl {p(0x34)} 0xffffffff",
        f"outl {p(0x30)} 0x2001", f"inl {p(0x30)}",
    ]


def tco():
    t = lambda o: p(0x60 + o)  # noqa: E731
    return [
        f"inw {t(0)}", f"inb {t(2)}", f"inb {t(3)}", f"inw {t(4)}", f"inw {t(6)}", f"inw {t(8)}", f"inw {t(0xa)}",
        f"inb {t(0xc)}", f"inb {t(0xd)}", f"inb {t(0xe)}", f"inb {t(0x10)}", f"inw {t(0x12)}",
        # Status: the writable bits, the timeout and second-timeout bits.
        f"outw {t(4)} 0xffff", f"inw {t(4)}", f"outw {t(6)} 0xffff", f"inw {t(6)}", f"outw {t(4)} 0x0", f"outw {t(6)} 0x0",
        f"inl {t(4)}",
        # Data in raises SW_TCO_SMI (an SMI to the CPU); data out raises TCO_INT_STS.
        f"outb {t(2)} 0x5a", f"inb {t(2)}", f"inw {t(4)}", f"outb {t(3)} 0xa5", f"inb {t(3)}", f"inw {t(4)}", f"inw {t(2)}",
        f"outw {t(4)} 0x0", f"inw {t(4)}",
        # Messages, WDCNT, SW_IRQ_GEN, the timer's initial value.
        f"outb {t(0xc)} 0x11", f"outb {t(0xd)} 0x22", f"outb {t(0xe)} 0x33", f"outb {t(0x10)} 0x44", f"inl {t(0xc)}",
        f"inl {t(0x10)}", f"outw {t(0xc)} 0x6655", f"inw {t(0xc)}", f"outw {t(0x12)} 0xffff", f"inw {t(0x12)}",
        f"outw {t(0x12)} 0x20", f"inw {t(0x12)}", f"outw {t(0xa)} 0xffff", f"inw {t(0xa)}", f"outw {t(0xa)} 0x8", f"inl {t(8)}",
        # The timer halted: a reload takes the written value.
        f"outw {t(8)} 0x800", f"inw {t(8)}", f"outw {t(0)} 0x123", f"inw {t(0)}", f"outw {t(0)} 0xffff", f"inw {t(0)}",
        # Running (halt cleared): the count starts from the timer value; the clock does not move.
        f"outw {t(8)} 0x0", f"inw {t(8)}", f"inw {t(0)}", f"inb {t(0)}", f"inb {t(1)}", f"outw {t(0)} 0x1", f"inw {t(0)}",
        f"outw {t(0x12)} 0x1", f"outw {t(0)} 0x1", f"inw {t(0)}", f"outw {t(0x12)} 0x3ff", f"outw {t(0)} 0x1", f"inw {t(0)}",
        f"outw {t(0x12)} 0xfc04", f"outw {t(0)} 0x1", f"inw {t(0)}", f"inw {t(0x12)}",
        f"outw {t(8)} 0xffff", f"inw {t(8)}", f"inw {t(0)}", f"outw {t(0)} 0x7", f"inw {t(0)}",
        # TCO_LOCK set: it stays; SMI_EN's TCO_EN is then kept as it was.
        f"outw {t(8)} 0x1800", f"inw {t(8)}", f"outw {t(8)} 0x0", f"inw {t(8)}", f"inl {p(0x30)}",
        f"outl {p(0x30)} 0x2000", f"inl {p(0x30)}", f"outl {p(0x30)} 0x0", f"inl {p(0x30)}",
        # Byte and dword accesses over the 16-bit registers.
        f"outb {t(0x13)} 0x2", f"inw {t(0x12)}", f"outb {t(0x12)} 0x9", f"inw {t(0x12)}", f"inl {t(0x10)}", f"inb {t(0x13)}",
        f"outl {t(0xc)} 0x77665544", f"inl {t(0xc)}", f"inl {t(0x14)}", f"outl {t(0x14)} 0xffffffff", f"inl {t(0x14)}",
        f"inl {t(0x1c)}", f"inb {t(0x11)}", f"inb {t(0x5)}", f"inb {t(0x7)}", f"inb {t(0x9)}",
    ]


def smi_lock():
    # GEN_PMCON_1's SMI lock: GBL_SMI_EN (SMI_EN bit 0) can no longer change.
    return (cfg_read(0xa0) + [f"outl {p(0x30)} 0x1", f"inl {p(0x30)}"] + cfg_write(0xa0, 0x10, 1) + cfg_read(0xa0) +
            [f"outl {p(0x30)} 0x0", f"inl {p(0x30)}"] + cfg_write(0xa0, 0x0, 1) + cfg_read(0xa0) +
            [f"outl {p(0x30)} 0xfffffffe", f"inl {p(0x30)}"])


def pmbase():
    lines = []
    # Reset values; the block is not mapped until ACPI_EN is set.
    lines += cfg_read(0x40) + cfg_read(0x44) + cfg_read(0x40, 2) + cfg_read(0x44, 1) + cfg_read(0xa0)
    lines += [f"inw {p(0)}", f"inl {p(8)}"]
    lines += cfg_write(0x40, 0x601) + cfg_read(0x40) + [f"inw {p(0)}", f"inl {p(8)}"]
    lines += cfg_write(0x44, 0xff) + cfg_read(0x44) + cfg_write(0x44, 0x80) + cfg_read(0x44)
    return lines


def moves():
    lines = []
    # PMBASE's writable bits (7-15); the block follows it; ACPI_EN off unmaps it; low bits and the upper word.
    lines += cfg_write(0x40, 0xffffffff) + cfg_read(0x40) + [f"inw {p(0, 0xff80)}", f"inw {p(4, 0xff80)}", f"inw {p(0)}"]
    lines += cfg_write(0x40, 0x701, 2) + cfg_read(0x40) + [f"inw {p(4, 0x700)}", f"inl {p(0x30, 0x700)}", f"inw {p(4)}"]
    lines += cfg_write(0x41, 0x8, 1) + cfg_read(0x40) + [f"inw {p(4, 0x800)}", f"inw {p(4, 0x700)}"]
    lines += cfg_write(0x40, 0xe80, 2) + cfg_read(0x40) + [f"inw {p(4, 0xe80)}", f"inl {p(0x30, 0xe80)}"]
    lines += cfg_write(0x44, 0x0, 1) + cfg_read(0x44) + [f"inw {p(4, 0xe80)}", f"inl {p(0x30, 0xe80)}"]
    lines += cfg_write(0x44, 0x81, 1) + cfg_read(0x44) + [f"inw {p(4, 0xe80)}"]
    # PMBASE 0 with ACPI_EN set leaves the block unmapped (I/O 0 is the DMA controller's).
    lines += cfg_write(0x40, 0x0) + cfg_read(0x40) + [f"inw {p(4)}", f"inl {p(0x30)}", f"inw {p(4, 0xe80)}"]
    lines += cfg_write(0x40, 0x601) + cfg_write(0x44, 0x80, 1) + cfg_read(0x40) + [f"inw {p(4)}"]
    return lines


def r(off, base=RCBA):
    return f"0x{base + off:x}"


def rcrb():
    lines = cfg_read(0xf0) + [f"readl {r(0x3410)}", f"readl {r(0x3140)}"]
    lines += cfg_write(0xf0, 0xfed1c000) + cfg_read(0xf0) + [f"readl {r(0x3410)}"]
    lines += cfg_write(0xf0, 0xffffffff) + cfg_read(0xf0) + [f"readl {r(0x3410, 0xffffc000)}"]
    lines += cfg_write(0xf0, RCBA | 1) + cfg_read(0xf0)
    lines += [f"readl {r(o)}" for o in range(0x3100, 0x3160, 4)]
    lines += [f"readl {r(o)}" for o in (0, 4, 0x1000, 0x2000, 0x3000, 0x30fc, 0x31fc, 0x3400, 0x3404, 0x3408, 0x340c, 0x3410,
                                        0x3414, 0x3418, 0x3ff8, 0x3ffc)]
    lines += [f"readb {r(o)}" for o in range(0x3140, 0x3154)] + [f"readb {r(0x3410)}", f"readb {r(0x3411)}"]
    lines += [f"readw {r(o)}" for o in range(0x3140, 0x3154, 2)] + [f"readw {r(0x3141)}", f"readl {r(0x3142)}",
                                                                        f"readl {r(0x3141)}"]
    lines += [f"readq {r(o)}" for o in (0x3140, 0x3148, 0x3150, 0x3410, 0x3ff0)]
    lines += [
        # Every register is plain storage: GCS (no-reboot), the routing registers, an offset nothing implements.
        f"writel {r(0x3410)} 0x0", f"readl {r(0x3410)}", f"writel {r(0x3410)} 0xffffffff", f"readl {r(0x3410)}",
        f"writeb {r(0x3410)} 0x20", f"readl {r(0x3410)}", f"writel {r(0x3140)} 0x76543210", f"readl {r(0x3140)}",
        f"writew {r(0x3142)} 0x1234", f"readl {r(0x3140)}", f"writel {r(0x100)} 0xdeadbeef", f"readl {r(0x100)}",
        f"writeb {r(0x103)} 0x11", f"readl {r(0x100)}", f"readw {r(0x102)}", f"writeq {r(0x200)} 0x0123456789abcdef",
        f"readq {r(0x200)}", f"readl {r(0x204)}", f"writel {r(0x3ffc)} 0xcafef00d", f"readl {r(0x3ffc)}", f"readw {r(0x3ffe)}",
        f"writew {r(0x3101)} 0xabcd", f"readl {r(0x3100)}", f"writel {r(0x3103)} 0x11223344", f"readq {r(0x3100)}",
        f"writel {r(0x31ff)} 0x1", f"readl {r(0x31fc)}",
    ]
    # Moved: the block follows RCBA with what it holds; disabled it is gone; the low bits are read-only.
    lines += cfg_write(0xf0, 0xfec00001 | 0x8000) + cfg_read(0xf0) + [f"readl {r(0x3410, 0xfec08000)}", f"readl {r(0x100, 0xfec08000)}",
                                                                        f"readl {r(0x3410)}"]
    lines += cfg_write(0xf0, 0x10003ffe) + cfg_read(0xf0) + [f"readl {r(0x100, 0x10000000)}", f"readl {r(0x100, 0xfec08000)}"]
    lines += cfg_write(0xf0, 0x10000001) + cfg_read(0xf0) + [f"readl {r(0x100, 0x10000000)}", f"readl {r(0x3410, 0x10000000)}"]
    lines += cfg_write(0xf1, 0xc0, 1) + cfg_read(0xf0) + [f"readl {r(0x100, 0x1000c000)}"]
    lines += cfg_write(0xf0, 0x0) + cfg_read(0xf0) + [f"readl {r(0x100, 0x1000c000)}"]
    return lines


SCRIPT = pmbase() + sweep() + pm1() + gpe0() + smi() + tco() + smi_lock() + sweep() + unaligned() + moves() + rcrb()

# The configurations: machine versions, SMM (its APMC_EN at reset), the LPC's TCO, S3/S4 and SMI properties.
CONFIGS = [
    ["-machine", "q35"],
    ["-machine", "pc-q35-9.1"],
    ["-machine", "q35,smm=off"],
    ["-machine", "q35,smm=on"],
    ["-machine", "pc-q35-7.2"],
    ["-machine", "q35", "-global", "ICH9-LPC.disable_s3=1", "-global", "ICH9-LPC.disable_s4=1", "-global", "ICH9-LPC.s4_val=5"],
    ["-machine", "q35", "-global", "ICH9-LPC.noreboot=true"],
    ["-machine", "q35", "-global", "ICH9-LPC.enable_tco=false"],
    ["-machine", "q35", "-global", "ICH9-LPC.x-smi-swsmi-timer=off", "-global", "ICH9-LPC.x-smi-periodic-timer=off"],
    ["-machine", "q35", "-global", "ICH9-LPC.x-smi-periodic-timer=off"],
    ["-machine", "pc-q35-9.1", "-global", "ICH9-LPC.x-smi-swsmi-timer=on"],
    ["-machine", "q35", "-global", "ICH9-LPC.x-smi-broadcast=off", "-global", "ICH9-LPC.x-smi-cpu-hotplug=off",
     "-global", "ICH9-LPC.x-smi-cpu-hotunplug=off"],
    ["-machine", "pc-q35-8.0,smm=off"],
]


LPC_PATH = "/machine/unattached/device[2]"
PROPS = ["pm_io_base", "gpe0_blk", "gpe0_blk_len", "sci_int", "acpi_enable_cmd", "acpi_disable_cmd", "disable_s3", "disable_s4",
         "s4_val", "enable_tco", "acpi-pci-hotplug-with-bridge-support", "x-smi-negotiated-features", "noreboot"]


def hmp(line):
    return {"execute": "human-monitor-command", "arguments": {"command-line": line}}


def qom_gets():
    return [{"execute": "qom-get", "arguments": {"path": LPC_PATH, "property": n}} for n in PROPS]


def qom_transcript():
    # PMBASE 0x601 without ACPI_EN, then with it, then moved to 0xe80, then ACPI_EN cleared; SCI on IRQ 11.
    steps = [
        [],
        [hmp("o /w 0xcf8 0x8000f840"), hmp("o /w 0xcfc 0x601")],
        [hmp("o /w 0xcf8 0x8000f844"), hmp("o /b 0xcfc 0x82")],
        [hmp("o /w 0xcf8 0x8000f840"), hmp("o /w 0xcfc 0xe81")],
        [hmp("o /w 0xcf8 0x8000f844"), hmp("o /b 0xcfc 0x05")],
        [hmp("o /w 0xcf8 0x8000f844"), hmp("o /b 0xcfc 0x07")],
    ]
    commands = []
    for step in steps:
        commands += step + qom_gets()
    text = ""
    for args in (["-machine", "q35"], ["-machine", "q35", "-global", "ICH9-LPC.s4_val=5", "-global", "ICH9-LPC.enable_tco=off"]):
        text += "$ qemu-system-x86_64 " + " ".join(q.BASE + args) + " -S -qmp stdio\n"
        text += q.transcript(args, commands)
    return text


# Sleep requests: PM1 control written with SLP_EN (and SCI_EN) of each type, each in a fresh QEMU
# (a shutdown ends it); the events QEMU sends, then its run state and PM1 control if it still runs.
SLEEP_CASES = [(["-machine", "q35"], f"o /h 0x604 0x{0x2001 | t << 10:x}") for t in range(8)] + [
    (["-machine", "q35", "-global", "ICH9-LPC.s4_val=5"], "o /h 0x604 0x2801"),
    (["-machine", "q35", "-global", "ICH9-LPC.s4_val=5"], "o /h 0x604 0x3401"),
    (["-machine", "q35", "-no-shutdown"], "o /h 0x604 0x2001"),
    (["-machine", "q35,smm=off"], "o /b 0x605 0x24"),
    (["-machine", "pc-q35-9.1"], "o /b 0x605 0x28"),
]


def sleep_rows():
    rows = []
    for args, write in SLEEP_CASES:
        program = [hmp("o /w 0xcf8 0x8000f840"), hmp("o /w 0xcfc 0x601"), hmp("o /w 0xcf8 0x8000f844"), hmp("o /b 0xcfc 0x80")]
        after = [{"execute": "query-status"}, hmp("i /w 0x604")]
        script = ([{"execute": "qmp_capabilities"}] + program + [hmp(write)] + after + [{"execute": "quit"}])
        _, out, _ = q.run(q.BASE + ["-S"] + args + ["-qmp", "stdio"], "\n".join(json.dumps(c) for c in script) + "\n")
        messages = [json.loads(line) for line in out.splitlines() if line.strip()][1:]
        replies = [m for m in messages if "event" not in m]
        # What the write asked for: every event but the one quit sends.
        events = [{k: v for k, v in m.items() if k != "timestamp"} for m in messages
                  if "event" in m and m.get("data", {}).get("reason") != "host-qmp-quit"]
        status = replies[2 + len(program)]["return"]["status"] if len(replies) > 2 + len(program) else None
        port = replies[3 + len(program)]["return"].strip() if len(replies) > 3 + len(program) else None
        rows.append({"args": args, "write": write, "events": events, "status": status, "pm1_cnt": port})
    return json.dumps(rows, indent=1) + "\n"


def main():
    q.write("qtest-ich9-pm.txt", q.qtest_transcript(CONFIGS, SCRIPT))
    q.write("qmp-ich9-pm-qom-get.txt", qom_transcript())
    q.write("qmp-ich9-pm-sleep.json", sleep_rows())

if __name__ == "__main__":
    main()
