#!/usr/bin/env python3
"""Captures the registers of the q35 board's two i8257 DMA controllers as QEMU 10.0 answers them
over qtest: the 8-bit controller's channel registers at 0x00-0x07 and control registers at
0x08-0x0f, the 16-bit one's at 0xc0-0xcf and 0xd0-0xdf (a port every other byte), and the page
registers at 0x81-0x83, 0x87, 0x89-0x8b and 0x8f.

Usage: python3 capture_dma.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-dma.txt in the format of qtest-board-registers.txt: for each configuration the line
`$ qemu-system-x86_64 ARGS -S -qtest stdio`, then each qtest line and QEMU's reply.
"""
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (qtest, write)

CONTROLLERS = [(0x00, 1), (0xc0, 2)]  # (first channel port, spacing)


def controller(base, step):
    chan = lambda n: base + n * step  # noqa: E731
    cont = lambda n: base + 8 * step + n * step  # noqa: E731
    lines = [f"inb 0x{cont(0):x}", f"inb 0x{cont(1):x}"]
    for channel in range(4):
        address, count = chan(2 * channel), chan(2 * channel + 1)
        value = 0x1234 + 0x1111 * channel
        lines += [f"outb 0x{cont(4):x} 0x0",
                  f"outb 0x{address:x} 0x{value & 0xff:x}", f"outb 0x{address:x} 0x{value >> 8:x}",
                  f"outb 0x{count:x} 0x{(value >> 4) & 0xff:x}", f"outb 0x{count:x} 0x{channel + 1:x}",
                  f"inb 0x{address:x}", f"inb 0x{address:x}", f"inb 0x{count:x}", f"inb 0x{count:x}",
                  # Address decrement mode, autoinit, single mode: the count is 0, so no change.
                  f"outb 0x{cont(3):x} 0x{0x78 | channel:x}", f"inb 0x{address:x}", f"inb 0x{address:x}",
                  # The flip-flop left on the high byte: a low write then goes high.
                  f"inb 0x{count:x}", f"outb 0x{address:x} 0x77", f"inb 0x{address:x}", f"inb 0x{address:x}",
                  f"inw 0x{address:x}", f"inw 0x{count:x}", f"inl 0x{address & ~3:x}"]
    lines += [
        # Requests set and clear the request bits; the status read clears the terminal counts only.
        f"outb 0x{cont(1):x} 0x5", f"outb 0x{cont(1):x} 0x6", f"inb 0x{cont(0):x}", f"inb 0x{cont(0):x}",
        f"outb 0x{cont(1):x} 0x1", f"inb 0x{cont(0):x}",
        # Masks: single, clear all, write all, unmasked with a request pending (no transfer).
        f"outb 0x{cont(2):x} 0x0", f"inb 0x{cont(1):x}", f"outb 0x{cont(2):x} 0x6", f"inb 0x{cont(1):x}",
        f"outb 0x{cont(6):x} 0x0", f"inb 0x{cont(1):x}", f"outb 0x{cont(7):x} 0xa5", f"inb 0x{cont(1):x}",
        f"outb 0x{cont(1):x} 0x7", f"outb 0x{cont(2):x} 0x3", f"inb 0x{cont(0):x}",
        # Commands: 0 and the controller disable are taken, the others refused; nothing reads them.
        f"outb 0x{cont(0):x} 0x4", f"outb 0x{cont(0):x} 0x10", f"inb 0x{cont(0):x}",
        # The other control ports read 0; the master clear resets mask, status and flip-flop.
        f"inb 0x{cont(2):x}", f"inb 0x{cont(3):x}", f"inb 0x{cont(4):x}", f"inb 0x{cont(5):x}",
        f"inb 0x{cont(6):x}", f"inb 0x{cont(7):x}", f"inb 0x{chan(0):x}",
        f"outb 0x{cont(5):x} 0x0", f"inb 0x{cont(1):x}", f"inb 0x{cont(0):x}", f"inb 0x{chan(0):x}",
        f"inw 0x{cont(0):x}", f"inl 0x{cont(0):x}", f"outw 0x{cont(6):x} 0x0", f"inb 0x{cont(1):x}",
    ]
    if step == 2:
        # The odd ports between the 16-bit controller's: the same registers again.
        lines += [f"inb 0x{base + 1:x}", f"inb 0x{base + 1:x}", f"inb 0x{base + 0x11:x}", f"outb 0x{base + 0x13:x} 0x5",
                  f"inb 0x{base + 0x12:x}", f"outb 0x{base + 0x1c:x} 0x0"]
    return lines


def pages():
    lines = []
    for port in (0x81, 0x82, 0x83, 0x87, 0x89, 0x8a, 0x8b, 0x8f):
        lines += [f"outb 0x{port:x} 0x{port ^ 0x5a:x}", f"inb 0x{port:x}"]
    lines += ["inw 0x81", "inw 0x82", "inw 0x83", "inl 0x81", "inw 0x87", "inw 0x8b", "inl 0x8c",
              "outw 0x82 0x4321", "inb 0x82", "inb 0x83", "outw 0x83 0x6655", "inb 0x83", "inb 0x84",
              "outl 0x81 0x11223344", "inb 0x81", "outw 0x87 0x9988", "inb 0x87", "inw 0x86", "inl 0x80", "inl 0x84"]
    return lines


SCRIPT = controller(*CONTROLLERS[0]) + controller(*CONTROLLERS[1]) + pages()
CONFIGS = [["-machine", "q35"], ["-machine", "pc-q35-9.1"]]


def main():
    q.write("qtest-dma.txt", q.qtest_transcript(CONFIGS, SCRIPT))

if __name__ == "__main__":
    main()
