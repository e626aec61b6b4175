#!/usr/bin/env python3
"""Captures, over qtest and QMP against QEMU 10.0, the PS/2 keyboard and mouse behind the i8042 (their
replies to the bytes the guest sends, the queues, the status register and the IRQ 1/12 lines) and the
guest's reset requests (port 0x92 bit 0, i8042 0xfe and the output port, ICH9 0xcf9) and QMP's
system_reset: the RESET or SHUTDOWN events, and the board's registers after the reset.

Usage: python3 capture_ps2_reset.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-ps2.txt and qtest-reset.txt: for each configuration, the transcript of
capture_q35.qmp_qtest_transcript (QMP on a Unix socket, qtest on stdio, `irq_intercept_in ioapic` first,
so that qtest reports each change of an I/O APIC input as `IRQ raise N` / `IRQ lower N`).
The CPU never runs (-S) and the virtual clock stays at 0.
"""
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (stable_transcript, write)

RTC = ["-rtc", "base=2020-01-01T00:00:00,clock=vm"]


def t(*lines):
    return ["qtest " + l for l in lines]


def qmp(command, **arguments):
    import json
    return "qmp " + json.dumps({"execute": command, "arguments": arguments} if arguments else {"execute": command})


def drain(n):
    """n reads of the data port, each after a read of the status."""
    return [x for _ in range(n) for x in t("inb 0x64", "inb 0x60")]


def kbd(*data):
    return t(*[f"outb 0x60 0x{d:x}" for d in data])


def mouse(*data):
    return [x for d in data for x in t("outb 0x64 0xd4", f"outb 0x60 0x{d:x}")]


def ps2_script():
    s = t("irq_intercept_in ioapic", "irq_intercept_in ioapic", "irq_intercept_in /machine/q35", "irq_intercept_in /machine/nothing")
    s += drain(1)
    # Keyboard: reset, ID, LEDs, scan code sets, typematic, enable/disable, defaults, echo, others.
    s += kbd(0xff) + drain(3)
    s += kbd(0xf2) + drain(4)
    s += kbd(0xed) + drain(1) + kbd(0x07) + drain(2)
    s += kbd(0xf0) + drain(1) + kbd(0x00) + drain(3)
    s += kbd(0xf0, 0x03) + drain(2) + kbd(0xf0, 0x00) + drain(3)
    s += kbd(0xf0, 0x01, 0xf0, 0x00) + drain(3)
    s += kbd(0xf0, 0x05) + drain(2) + kbd(0xf0, 0x00) + drain(3)
    s += kbd(0xf3) + drain(1) + kbd(0x20) + drain(2)
    for c in (0xf4, 0xf5, 0xf6, 0xee, 0x00, 0x05, 0xfe, 0xfa, 0xfc, 0x12, 0xab, 0xe0, 0xf7):
        s += kbd(c) + drain(2)
    s += kbd(0xfc, 0x55) + drain(2) + kbd(0xff) + drain(3)
    # Commands written before the replies are read: unread command replies are dropped.
    s += kbd(0xf2, 0xee) + drain(5)
    s += kbd(0xf2) + drain(1) + kbd(0xee) + drain(4)
    s += kbd(*([0xf2] * 20)) + drain(5)
    # The controller's translation (command byte bit 6): the ID and the scan code set read back translated.
    s += t("outb 0x64 0x60", "outb 0x60 0x43") + kbd(0xf2) + drain(4) + kbd(0xf0, 0x00) + drain(3)
    s += kbd(0xf0, 0x01, 0xf0, 0x00) + drain(3) + kbd(0xf0, 0x02)
    s += t("outb 0x64 0x60", "outb 0x60 0x03") + kbd(0xf2) + drain(4)
    # Interrupt enables: the data is there (OBF), IRQ 1 is not raised.
    s += t("outb 0x64 0x60", "outb 0x60 0x00") + kbd(0xf2) + t("inb 0x64", "outb 0x64 0x20") + drain(5)
    s += t("outb 0x64 0x60", "outb 0x60 0x01") + drain(1)
    # Keyboard disabled (0xad): replies are held back until it is enabled or written to.
    s += t("outb 0x64 0xad") + kbd(0xee) + t("inb 0x64", "outb 0x64 0xae", "inb 0x64") + drain(2)
    s += t("outb 0x64 0xad", "outb 0x64 0x20") + drain(2) + t("outb 0x64 0xae")
    s += t("outb 0x64 0xad") + kbd(0xf2) + drain(2) + t("outb 0x64 0xad") + kbd(0xee) + drain(2)
    s += t("outb 0x64 0xad") + kbd(0xf2) + t("outb 0x64 0xd2", "outb 0x60 0x33") + drain(2) + t("outb 0x64 0xae") + drain(3)
    # A controller byte while keyboard bytes wait.
    s += kbd(0xf2) + drain(1) + t("outb 0x64 0x20") + drain(3) + t("outb 0x64 0xd2", "outb 0x60 0x44") + drain(2)
    # Mouse: reset, ID, status, resolution, scaling, modes, read data, enable, defaults, wrap mode.
    s += mouse(0xff) + drain(4)
    s += mouse(0xf2) + drain(3)
    s += mouse(0xe9) + drain(5)
    s += mouse(0xe8) + drain(1) + mouse(0x03) + drain(1) + mouse(0xe9) + drain(4)
    s += mouse(0xe7) + drain(1) + mouse(0xe9) + drain(4) + mouse(0xe6) + drain(1)
    s += mouse(0xf0) + drain(1) + mouse(0xe9) + drain(4) + mouse(0xeb) + drain(5)
    s += mouse(0xea) + drain(1) + mouse(0xf4) + drain(1) + mouse(0xe9) + drain(4)
    s += mouse(0xeb) + drain(4) + mouse(0xf5) + drain(1) + mouse(0xf6) + drain(1) + mouse(0xe9) + drain(4)
    s += mouse(0xee) + drain(1) + mouse(0x12, 0xe9, 0xf2) + drain(4) + mouse(0xec) + drain(1) + mouse(0xee, 0xff) + drain(4)
    for c in (0x12, 0xe1, 0xed, 0xf7, 0xfe, 0x00):
        s += mouse(c) + drain(1)
    # Sample rates, and the IntelliMouse (200, 100, 80) and Explorer (200, 200, 80) sequences.
    s += mouse(0xf3, 0x28) + drain(2) + mouse(0xe9) + drain(4)
    s += mouse(0xf3, 0xc8, 0xf3, 0x64, 0xf3, 0x50, 0xf2) + drain(8)
    s += mouse(0xeb) + drain(5)
    s += mouse(0xf3, 0xc8, 0xf3, 0xc8, 0xf3, 0x50, 0xf2) + drain(8)
    s += mouse(0xeb) + drain(5)
    s += mouse(0xf3, 0xc8, 0xf3, 0x50, 0xf3, 0x64, 0xf3, 0x50, 0xf2) + drain(10)
    s += mouse(0xff) + drain(3) + mouse(0xf3, 0xc8, 0xf3, 0x64, 0xf2) + drain(6)
    # The mouse queue: replies past 16 bytes are dropped; reset empties it.
    s += mouse(0xe9, 0xe9, 0xe9, 0xe9, 0xe9) + drain(18)
    s += mouse(0xe9, 0xe9, 0xff) + drain(4)
    # Keyboard and mouse bytes at once: the keyboard's first.
    s += mouse(0xf2) + kbd(0xf2) + drain(7)
    s += kbd(0xee) + mouse(0xf2) + drain(4)
    # Mouse interrupt disabled, mouse port disabled (0xa7), and 0xd3 as from the mouse.
    s += t("outb 0x64 0x60", "outb 0x60 0x01") + mouse(0xf2) + drain(3)
    s += t("outb 0x64 0x60", "outb 0x60 0x03", "outb 0x64 0xa7") + mouse(0xf2) + drain(3)
    s += t("outb 0x64 0xa7", "outb 0x64 0xd3", "outb 0x60 0x77") + drain(2) + t("outb 0x64 0xa8")
    s += t("outb 0x64 0xa7") + kbd(0xee) + mouse(0xe9) + t("outb 0x64 0xa7") + drain(3) + t("outb 0x64 0xa8") + drain(4)
    s += t("outb 0x64 0xd3", "outb 0x60 0x78", "outb 0x64 0xd3", "outb 0x60 0x79") + drain(3)
    s += t("outb 0x64 0xd3", "outb 0x60 0x7a", "outb 0x64 0xd2", "outb 0x60 0x7b") + drain(3)
    s += t("outb 0x64 0xd4", "inb 0x64", "outb 0x64 0x20") + drain(2) + t("outb 0x60 0xf2") + drain(3)
    # Mode written while a byte waits; the self test; input events are refused while the VM has not run.
    s += kbd(0xf2) + t("inb 0x64", "outb 0x64 0x60", "outb 0x60 0x00", "inb 0x64", "outb 0x64 0x60", "outb 0x60 0x03") + drain(4)
    s += [qmp("input-send-event", events=[{"type": "key", "data": {"down": True, "key": {"type": "qcode", "data": "a"}}}])]
    s += [qmp("input-send-event", events=[{"type": "rel", "data": {"axis": "x", "value": 5}}])]
    s += t("inb 0x64", "inb 0x60")
    return s


# The registers a reset puts back (or not): what set_state writes, then dump reads.
def pci(bdf, off):
    bus, dev, fn = bdf
    return f"0x{0x80000000 | (bus << 16) | (dev << 11) | (fn << 8) | off:x}"


LPC = (0, 0x1f, 0)
SATA = (0, 0x1f, 2)
SMB = (0, 0x1f, 3)
MCH = (0, 0, 0)


IOAPIC = 0xfec00000


def ioapic_write(register, value):
    return [f"writel 0x{IOAPIC:x} 0x{register:x}", f"writel 0x{IOAPIC + 0x10:x} 0x{value:x}"]


def ioapic_read(register):
    return [f"writel 0x{IOAPIC:x} 0x{register:x}", f"readl 0x{IOAPIC + 0x10:x}"]


# The I/O APIC: its ID, a level entry on IRQ 1 (held up by the unread byte: Remote IRR) and an edge
# entry on IRQ 12, the select left on entry 5's high half. The DMA controllers: every mask cleared,
# a channel's mode, address and count, a request, the flip-flop left on the high byte, the pages.
IOAPIC_DMA_STATE = t(
    *ioapic_write(0x00, 0x0a000000), *ioapic_write(0x12, 0x8051), *ioapic_write(0x13, 0x01000000),
    *ioapic_write(0x28, 0x0062), *ioapic_write(0x29, 0x02000000), f"writel 0x{IOAPIC:x} 0x1b",
    "outb 0xf 0x0", "outb 0xb 0x56", "outb 0xc 0x0", "outb 0x2 0x34", "outb 0x2 0x12", "outb 0x3 0xff",
    "outb 0x3 0x0f", "outb 0x9 0x5", "outb 0x2 0x99", "outb 0x83 0x42",
    "outb 0xde 0x0", "outb 0xd6 0x49", "outb 0xd8 0x0", "outb 0xc4 0x78", "outb 0xc4 0x56", "outb 0xd2 0x6",
    "outb 0xc4 0x11", "outb 0x8b 0x24")


def set_state():
    return t(
        # i8042: command byte, a keyboard on set 3, an IntelliMouse enabled in remote mode, a byte left unread.
        "outb 0x64 0x60", "outb 0x60 0x47", "outb 0x60 0xf0", "outb 0x60 0x03", "inb 0x60",
        "outb 0x64 0xd4", "outb 0x60 0xf4", "inb 0x60", "outb 0x64 0xd4", "outb 0x60 0xf0", "inb 0x60",
        "outb 0x64 0xd4", "outb 0x60 0xf3", "inb 0x60", "outb 0x64 0xd4", "outb 0x60 0xc8", "inb 0x60",
        "outb 0x64 0xd4", "outb 0x60 0xf3", "inb 0x60", "outb 0x64 0xd4", "outb 0x60 0x64", "inb 0x60",
        "outb 0x64 0xd4", "outb 0x60 0xf3", "inb 0x60", "outb 0x64 0xd4", "outb 0x60 0x50", "inb 0x60",
        "outb 0x64 0xd4", "outb 0x60 0xe8", "inb 0x60", "outb 0x64 0xd4", "outb 0x60 0x01", "inb 0x60",
        "outb 0x60 0xee",
        # Port 0x92's A20 bit; the PIT's channels; the PICs initialised and masked; the ELCRs.
        "outb 0x92 0x02",
        "outb 0x43 0x34", "outb 0x40 0x34", "outb 0x40 0x12", "outb 0x43 0x70", "outb 0x41 0x99", "outb 0x41 0x00",
        "outb 0x20 0x19", "outb 0x21 0x08", "outb 0x21 0x04", "outb 0x21 0x01",
        "outb 0xa0 0x19", "outb 0xa1 0x70", "outb 0xa1 0x02", "outb 0xa1 0x01", "outb 0x21 0xb8", "outb 0xa1 0x8f",
        "outb 0x4d0 0x20", "outb 0x4d1 0x0c",
        # The RTC: register A's rate, register B's mode, an NVRAM byte (not the time: QEMU reports RTC_CHANGE with the host's clock).
        "outb 0x70 0x0a", "outb 0x71 0x2f", "outb 0x70 0x0b", "outb 0x71 0x06", "outb 0x70 0x40", "outb 0x71 0x5a",
        # The HPET enabled in legacy mode, timer 0 configured with a comparator.
        "writel 0xfed00010 0x3", "writel 0xfed00100 0x4c", "writel 0xfed00108 0x1000", "writel 0xfed000f0 0x77",
        # The LPC's reset control byte and PCI state: PIRQ routes, RCBA, the PM base, the command registers.
        "outb 0xcf9 0x0a",
        f"outl 0xcf8 {pci(LPC, 0x60)}", "outl 0xcfc 0x0b0a0503", f"outl 0xcf8 {pci(LPC, 0xf0)}", "outl 0xcfc 0xfed1c001",
        f"outl 0xcf8 {pci(LPC, 0x40)}", "outl 0xcfc 0x601", f"outl 0xcf8 {pci(LPC, 0x44)}", "outl 0xcfc 0x80",
        f"outl 0xcf8 {pci(SATA, 0x04)}", "outw 0xcfc 0x7", f"outl 0xcf8 {pci(SATA, 0x24)}", "outl 0xcfc 0xfebf1000",
        f"outl 0xcf8 {pci(SATA, 0x3c)}", "outb 0xcfc 0x0a",
        f"outl 0xcf8 {pci(SMB, 0x20)}", "outl 0xcfc 0x7001", f"outl 0xcf8 {pci(SMB, 0x04)}", "outw 0xcfc 0x3",
        f"outl 0xcf8 {pci(MCH, 0x60)}", "outl 0xcfc 0xb0000001",
        "outl 0xcf8 0x80000004") + IOAPIC_DMA_STATE


def dump():
    lines = ["inb 0x64", "outb 0x64 0x20", "inb 0x64", "inb 0x60", "outb 0x64 0xd0", "inb 0x60", "inb 0x64", "inb 0x60",
             "outb 0x60 0xf2", "inb 0x60", "inb 0x60", "inb 0x60", "outb 0x60 0xf0", "outb 0x60 0x00", "inb 0x60", "inb 0x60",
             "outb 0x64 0xd4", "outb 0x60 0xe9", "inb 0x60", "inb 0x60", "inb 0x60", "inb 0x60",
             "outb 0x64 0xd4", "outb 0x60 0xf2", "inb 0x60", "inb 0x60", "inb 0x64",
             "inb 0x92",
             "outb 0x43 0xe2", "inb 0x40", "inb 0x40", "inb 0x40", "outb 0x43 0xe4", "inb 0x41", "inb 0x41", "inb 0x41",
             "outb 0x43 0xe8", "inb 0x42", "inb 0x42", "inb 0x42", "inb 0x61",
             "inb 0x21", "inb 0xa1", "outb 0x20 0x0a", "inb 0x20", "outb 0x20 0x0b", "inb 0x20", "outb 0xa0 0x0a", "inb 0xa0",
             "inb 0x4d0", "inb 0x4d1"]
    for i in (0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x10, 0x14, 0x32, 0x40, 0x5f):
        lines += [f"outb 0x70 0x{i:x}", "inb 0x71"]
    lines += ["inb 0x70"]
    lines += ["readq 0xfed00000", "readq 0xfed00010", "readq 0xfed00020", "readq 0xfed000f0", "readq 0xfed00100", "readq 0xfed00108"]
    lines += ["inb 0xcf9", "inl 0xcf8"]
    for bdf, offs in ((LPC, (0x04, 0x40, 0x44, 0x60, 0x64, 0x68, 0xf0)), (SATA, (0x04, 0x24, 0x3c)), (SMB, (0x04, 0x20)),
                      (MCH, (0x04, 0x60))):
        for off in offs:
            lines += [f"outl 0xcf8 {pci(bdf, off)}", "inl 0xcfc"]
    lines += ["readl 0xb00f8060", "readl 0xfed1c000"]
    lines += [f"readl 0x{IOAPIC:x}"]
    for register in (0x00, 0x01, 0x12, 0x13, 0x28, 0x29, 0x14, 0x3f):
        lines += ioapic_read(register)
    lines += ["inb 0x8", "inb 0xf", "inb 0x2", "inb 0x2", "inb 0x3", "inb 0x3", "inb 0x83",
              "inb 0xd0", "inb 0xde", "inb 0xc4", "inb 0xc4", "inb 0xc6", "inb 0xc6", "inb 0x8b",
              "outb 0x20 0x0a", "inb 0x20", "outb 0xa0 0x0a", "inb 0xa0"]
    return t(*lines) + [qmp("query-status")]


RESETS = [
    ("port 0x92 bit 0", t("outb 0x92 0x03")),
    ("port 0x92 bit 0 already set", t("outb 0x92 0x01", "inb 0x92", "outb 0x92 0x01")),
    ("i8042 0xfe", t("outb 0x64 0xfe")),
    ("i8042 pulse 0xf0", t("outb 0x64 0xf0")),
    ("i8042 pulse 0xf1 (no reset)", t("outb 0x64 0xf1", "outb 0x64 0xff")),
    ("i8042 output port bit 0 clear", t("outb 0x64 0xd1", "outb 0x60 0xfc")),
    ("0xcf9 bit 1 then bit 2", t("outb 0xcf9 0x02", "inb 0xcf9", "outb 0xcf9 0x06")),
    ("0xcf9 soft reset", t("outb 0xcf9 0x04")),
    ("0xcf9 full reset", t("outb 0xcf9 0x0e")),
    ("0xcf9 word write", t("outw 0xcf8 0x0")),
    ("QMP system_reset", [qmp("system_reset")]),
]

WAITS = {"outb 0x92 0x03", "outb 0x92 0x01", "outb 0x64 0xfe", "outb 0x64 0xf0", "outb 0x64 0xf1", "outb 0x60 0xfc",
         "outb 0xcf9 0x06", "outb 0xcf9 0x04", "outb 0xcf9 0x0e", "outb 0xcf9 0x02", "outw 0xcf8 0x0", "outl 0xcf8 0x80000004"}


def reset_script():
    s = t("irq_intercept_in ioapic") + dump()
    for _, trigger in RESETS:
        s += set_state() + dump() + trigger + dump()
    return s


# What -no-reboot and -action do instead of a reset: the run ends (or pauses with -no-shutdown).
SHUTDOWN_CONFIGS = [
    (["-machine", "q35", "-no-reboot"] + RTC, t("irq_intercept_in ioapic", "outb 0x64 0xfe", "inb 0x64")),
    (["-machine", "q35", "-no-reboot"] + RTC, [qmp("system_reset"), qmp("query-status")]),
    (["-machine", "q35", "-action", "reboot=shutdown"] + RTC, t("outb 0xcf9 0x06", "inb 0x64")),
    (["-machine", "q35", "-no-reboot", "-no-shutdown"] + RTC,
     t("irq_intercept_in ioapic", "outb 0x64 0x60", "outb 0x60 0x47", "outb 0x92 0x01") + [qmp("query-status")] +
     t("outb 0x64 0x20", "inb 0x64", "inb 0x60") + [qmp("system_reset"), qmp("query-status")]),
    (["-machine", "q35", "-action", "reboot=shutdown,shutdown=pause"] + RTC,
     t("outb 0x64 0xfe") + [qmp("query-status"), qmp("system_reset"), qmp("query-status")]),
]


def settle(waits=()):
    """A second after QMP steps and the steps in waits (which may ask for a reset), 0.02 s after the others."""
    return lambda step: 1.0 if step.startswith("qmp ") or step.split(" ", 1)[1] in waits else 0.02


def stable(args, steps, waits=()):
    return q.stable_transcript(args, steps, settle(waits))


def main():
    q.write("qtest-ps2.txt", stable(["-machine", "q35"] + RTC, ps2_script()))
    text = stable(["-machine", "q35"] + RTC, reset_script(), WAITS)
    for args, steps in SHUTDOWN_CONFIGS:
        text += stable(args, steps, WAITS)
    q.write("qtest-reset.txt", text)


if __name__ == "__main__":
    main()
