#!/usr/bin/env python3
"""Captures the I/O APIC's registers as QEMU 10.0's emulated one answers them over qtest: the
register select (0xfec00000) and window (0xfec00010), repeated every 256 bytes of the 4 KiB
region; the ID, version and arbitration registers; the 24 redirection entries (read-only bits,
masks, edge and level triggers); the EOI register (0xfec00040); and the lines the board's devices
drive into its pins (the i8259s' ELCRs make the GSIs level where the devices keep them asserted: the
PIT's channel 0 output on GSI 2 through pin 0, the RTC's alarm on GSI 8), Remote IRR set by a level
request and cleared by an EOI of its vector, and an ExtINT entry whose vector the i8259 pair gives (with the master in ICW1's level-triggered
mode too).

Usage: python3 capture_ioapic.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-ioapic.txt in the format of qtest-board-registers.txt.
"""
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (qtest, write)

BASE = 0xfec00000
RTC = ["-rtc", "base=2020-01-01T00:00:00,clock=vm"]


def sel(register):
    return f"writel 0x{BASE:x} 0x{register:x}"


def win():
    return f"readl 0x{BASE + 0x10:x}"


def entry(pin, low, high=None):
    lines = [sel(0x10 + 2 * pin), f"writel 0x{BASE + 0x10:x} 0x{low:x}"]
    if high is not None:
        lines += [sel(0x11 + 2 * pin), f"writel 0x{BASE + 0x10:x} 0x{high:x}"]
    return lines


def read_entry(pin):
    return [sel(0x10 + 2 * pin), win(), sel(0x11 + 2 * pin), win()]


def script(pic=True):
    lines = []
    # Every register through the window, and what the select reads back.
    for register in list(range(0, 0x40)) + [0x40, 0x7f, 0x80, 0xff, 0x100, 0x1ff]:
        lines += [sel(register), win(), f"readl 0x{BASE:x}"]
    # The window every 256 bytes, sizes other than a dword, the select's width.
    lines += [sel(1), f"readl 0x{BASE + 0x110:x}", f"readl 0x{BASE + 0xf10:x}", f"readw 0x{BASE + 0x10:x}",
              f"readb 0x{BASE + 0x10:x}", f"readq 0x{BASE + 0x10:x}", f"readq 0x{BASE:x}", f"readb 0x{BASE:x}",
              f"writew 0x{BASE:x} 0x1234", f"readl 0x{BASE:x}", f"writeb 0x{BASE + 0x100:x} 0x2", f"readl 0x{BASE:x}",
              f"readl 0x{BASE + 0x20:x}", f"readl 0x{BASE + 0x40:x}", f"readl 0x{BASE + 0x14:x}", f"readl 0x{BASE + 0x8:x}"]
    # ID writes keep four bits; version and arbitration ignore writes; narrow window writes are ignored.
    lines += [sel(0), f"writel 0x{BASE + 0x10:x} 0xffffffff", win(), sel(2), win(), sel(1),
              f"writel 0x{BASE + 0x10:x} 0x0", win(), sel(0), f"writew 0x{BASE + 0x10:x} 0x0", win(),
              f"writel 0x{BASE + 0x10:x} 0x3000000", win(), sel(2), win()]
    # Every entry written all ones then zero (read-only bits stay), halves separately.
    for pin in range(24):
        lines += entry(pin, 0xffffffff, 0xffffffff) + read_entry(pin) + entry(pin, 0x10000 | (0x20 + pin), 0) + read_entry(pin)
    lines += [sel(0x40), f"writel 0x{BASE + 0x10:x} 0x1", sel(0x3f), win()]
    # Level entries on the GSIs the board holds up: PIT channel 0 (pin 2 via GSI 0) once it counts.
    lines += ["outb 0x43 0x34", "outb 0x40 0x0", "outb 0x40 0x0",
              *entry(2, 0x8031, 0x1000000), *read_entry(2),
              f"writel 0x{BASE + 0x40:x} 0x31", *read_entry(2),
              f"writel 0x{BASE + 0x40:x} 0x30", *read_entry(2),
              *entry(2, 0x31), *read_entry(2), *entry(2, 0x8031), *read_entry(2),
              f"writew 0x{BASE + 0x40:x} 0x31", *read_entry(2), f"writel 0x{BASE + 0x40:x} 0x131", *read_entry(2),
              *entry(2, 0x18031), f"writel 0x{BASE + 0x40:x} 0x31", *read_entry(2), *entry(2, 0x8031), *read_entry(2)]
    # The RTC's alarm interrupt (register C's IRQF on GSI 8), level-triggered entry, then EOI.
    lines += ["outb 0x70 0xb", "outb 0x71 0x22", "outb 0x70 0x1", "outb 0x71 0x0", "outb 0x70 0x3", "outb 0x71 0x0",
              "outb 0x70 0x5", "outb 0x71 0x0", "outb 0x70 0xb", "outb 0x71 0x22",
              *entry(8, 0x8041), *read_entry(8), f"writel 0x{BASE + 0x40:x} 0x41", *read_entry(8)]
    # An ExtINT entry takes its vector from the i8259s: initialise them, unmask IRQ 0, serve pin 2.
    lines += ["outb 0x20 0x11", "outb 0x21 0x8", "outb 0x21 0x4", "outb 0x21 0x1", "outb 0x21 0xfe",
              "outb 0xa0 0x11", "outb 0xa1 0x70", "outb 0xa1 0x2", "outb 0xa1 0x1", "outb 0xa1 0xff",
              "outb 0x20 0xb", "inb 0x20", "outb 0x20 0xa", "inb 0x20",
              *entry(2, 0x10700), *entry(2, 0x700), *read_entry(2),
              "outb 0x20 0xb", "inb 0x20", "outb 0x20 0xa", "inb 0x20", "outb 0x20 0x20",
              *entry(2, 0x8700), *read_entry(2), "outb 0x20 0xb", "inb 0x20",
              f"writel 0x{BASE + 0x40:x} 0x8", *read_entry(2), "outb 0x20 0xb", "inb 0x20"]
    # The i8042's IRQ 1 (a byte in its output buffer holds it up, reading it lowers it): a level
    # entry keeps Remote IRR while the line stays up, through an EOI, until the line drops and an
    # EOI comes; an edge entry sends once per rising edge; an ExtINT entry takes the vector from the
    # i8259s (master initialised at 0x08 with IRQ 1 unmasked).
    eoi = lambda vector: f"writel 0x{BASE + 0x40:x} 0x{vector:x}"  # noqa: E731
    lines += [*entry(1, 0x8051), *read_entry(1), "outb 0x64 0x20", *read_entry(1), eoi(0x51), *read_entry(1),
              "inb 0x60", *read_entry(1), eoi(0x50), *read_entry(1), eoi(0x51), *read_entry(1),
              "outb 0x64 0x20", *read_entry(1), *entry(1, 0x18051), eoi(0x51), *read_entry(1), "inb 0x60",
              *entry(1, 0x8051), *read_entry(1), *entry(1, 0x51), *read_entry(1), "outb 0x64 0x20", *read_entry(1),
              "inb 0x60", *entry(1, 0x10051), "outb 0x64 0x20", *read_entry(1), "inb 0x60",
              # The PIT's output into pin 2 on a level entry: loading channel 0 drives the line.
              *entry(2, 0x8061), "outb 0x43 0x34", "outb 0x40 0x10", "outb 0x40 0x0", *read_entry(2), eoi(0x61),
              *read_entry(2), *entry(2, 0x10061)]
    if not pic:
        return lines
    # ExtINT: the i8259 acknowledge cycle gives the vector and sets the master's ISR. (Without a
    # PIC, QEMU 10.0 crashes here: the acknowledge cycle has no i8259 to ask.)
    lines += ["outb 0x21 0xfd", "outb 0x20 0xb", "inb 0x20",
              *entry(1, 0x700), "outb 0x64 0x20", *read_entry(1), "outb 0x20 0xb", "inb 0x20", "outb 0x20 0xa", "inb 0x20",
              "inb 0x60", "outb 0x20 0x20", "outb 0x20 0xb", "inb 0x20", *entry(1, 0x8700), "outb 0x64 0x20", *read_entry(1),
              "outb 0x20 0xb", "inb 0x20", eoi(0x9), *read_entry(1), "inb 0x60", *entry(1, 0x10000),
              # ICW1's level-triggered mode (LTIM): the acknowledge leaves the request in IRR until the line drops.
              "outb 0x20 0x20", "outb 0x20 0x19", "outb 0x21 0x8", "outb 0x21 0x4", "outb 0x21 0x1", "outb 0x21 0xfd",
              *entry(1, 0x700), "outb 0x64 0x20", "outb 0x20 0xb", "inb 0x20", "outb 0x20 0xa", "inb 0x20",
              "inb 0x60", "inb 0x20", "outb 0x20 0x20", "outb 0x20 0xb", "inb 0x20", *entry(1, 0x10000),
              "outb 0x20 0x11", "outb 0x21 0x8", "outb 0x21 0x4", "outb 0x21 0x1", "outb 0x64 0x20", "outb 0x20 0xa", "inb 0x20",
              "inb 0x60", "inb 0x20"]
    return lines


CONFIGS = [["-machine", "q35"] + RTC, ["-machine", "pc-q35-9.1"] + RTC, ["-machine", "q35", "-global", "ioapic.version=0x11"] + RTC,
           ["-machine", "q35,pic=off"] + RTC, ["-machine", "q35,pit=off"] + RTC]


def main():
    q.write("qtest-ioapic.txt", q.qtest_transcript(CONFIGS, lambda args: script(pic="q35,pic=off" not in args)))

if __name__ == "__main__":
    main()
