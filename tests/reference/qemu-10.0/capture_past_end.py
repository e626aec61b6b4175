#!/usr/bin/env python3
"""Captures how QEMU 10.0 hands an I/O access that runs past the end of the region it starts in:
whole to that region (cut only to the region's widest valid size and its offset's alignment), so a
word at the one-byte reset control register 0xcf9 is the register's to answer, and a dword at the
two-byte RTC ports reads index, data, index, data.

Usage: python3 capture_past_end.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-past-end.txt in the format of qtest-board-registers.txt: for each configuration the
line `$ qemu-system-x86_64 ARGS -S -qtest stdio`, then each qtest line and QEMU's reply. For every
modelled I/O region of the q35 board (the DMA controllers among them) and every offset in it, the word and dword reads that run past
its end, then writes that do (values with no reset bit) each read back byte by byte.
"""
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (qtest, write)

RTC = ["-rtc", "base=2020-01-01T00:00:00,clock=vm"]

# The board's I/O regions (start, size) as QEMU 10.0's `info mtree` shows them on q35.
REGIONS = [(0x00, 8), (0x08, 8), (0x81, 3), (0x87, 1), (0x89, 3), (0x8f, 1), (0xc0, 16), (0xd0, 16), (0x20, 2), (0x40, 4), (0x60, 1), (0x61, 1), (0x64, 1), (0x70, 2), (0x92, 1), (0xa0, 2),
           (0xb2, 2), (0x4d0, 1), (0x4d1, 1), (0xcf8, 4), (0xcf9, 1), (0xcfc, 4)]


def reads():
    lines = []
    for start, size in REGIONS:
        for offset in range(size):
            for width, command in ((2, "inw"), (4, "inl")):
                if offset + width > size:
                    lines.append(f"{command} 0x{start + offset:x}")
    return lines


# Writes that run past a region's end, and the bytes they cover read back one at a time.
WRITES = [
    ("outw", 0x61, 0x0301), ("outl", 0x61, 0x00020003),
    ("outw", 0x92, 0x0202), ("outl", 0x92, 0x00000002), ("outw", 0x92, 0x0000),
    ("outw", 0xcf9, 0x0a02), ("outl", 0xcf9, 0x00000008), ("outw", 0xcf9, 0x0000),
    ("outw", 0x4d0, 0x0c08), ("outw", 0x4d1, 0x1e00), ("outl", 0x4d0, 0xde00f8), ("outl", 0x4d1, 0x0),
    ("outl", 0x70, 0x3c0e3b0e), ("outw", 0x71, 0x0e55), ("outw", 0x21, 0xffbb), ("outl", 0xa1, 0xffffff77),
    ("outw", 0xb3, 0x5566), ("outl", 0xb3, 0x778899aa),
    ("outw", 0x83, 0x1122), ("outw", 0x87, 0x3344), ("outl", 0x8b, 0x55667788), ("outw", 0x0f, 0x0),
]


def writes():
    lines = []
    for command, port, value in WRITES:
        width = {"outw": 2, "outl": 4}[command]
        lines.append(f"{command} 0x{port:x} 0x{value:x}")
        for byte in range(width):
            if port + byte not in (0x60, 0x64, 0x70, 0x71):
                lines.append(f"inb 0x{port + byte:x}")
        if port in (0x70, 0x71):
            lines += ["outb 0x70 0xe", "inb 0x71"]
    return lines


SCRIPT = reads() + writes()

CONFIGS = [["-machine", "q35"] + RTC, ["-machine", "pc-q35-9.1"] + RTC]


def main():
    q.write("qtest-past-end.txt", q.qtest_transcript(CONFIGS, SCRIPT))

if __name__ == "__main__":
    main()
