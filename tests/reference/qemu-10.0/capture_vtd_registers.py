#!/usr/bin/env python3
"""Captures intel-iommu's DMAR register engine as QEMU 10.0 answers it over qtest, at 0xfed90000.

qtest-vtd-registers.txt: for each configuration, the register block read in every dword and
quadword after reset; accesses of 1 and 2 bytes, unaligned ones and ones past the block's end;
then every dword written with all ones and read back, then with 0 and read back (the global
command register left out: it is driven in the other file), and every quadword the same (except
the three 32-bit registers at 8-aligned offsets, FECTL, IECTL and IEADDR, where QEMU 10.0 asserts
on an 8-byte write and aborts).

qtest-vtd-invalidation.txt: the global command register (root table pointer, translation, queued
invalidation, interrupt remapping table pointer and enable, the other command bits), the
register-based context-cache and IOTLB invalidations (each granularity, refused while queued
invalidation is on), queued invalidation with descriptors written into guest RAM (context-cache,
IOTLB, device-IOTLB, interrupt entry cache, PASID-based ones, invalidation wait with its status
write read back from RAM, the completion event bits), the errors that set FSTS.IQE (unknown and
reserved descriptors, a tail past the queue, a queue or status write outside RAM) and the fault
event bits they leave, queued invalidation disabled.

Each file is a capture_q35.qtest_transcript: `$ qemu-system-x86_64 ARGS -S -qtest stdio`, then
each qtest line and QEMU's reply; each script is run until two runs agree.

Usage: python3 capture_vtd_registers.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402

BASE = 0xfed90000
SIZE = 0x230
QUEUE = 0x100000      # the invalidation queue, in RAM
STATUS = 0x200000     # wait descriptors' status words
ROOT = 0x300000       # a root table address
IRT = 0x400000        # an interrupt remapping table address
OUTSIDE = 0x40000000000  # 4 TiB: nothing there

CONFIGS = [
    ["-machine", "q35", "-device", "intel-iommu"],
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on"],
    ["-machine", "q35", "-device", "intel-iommu,intremap=on,eim=on"],
    ["-machine", "q35", "-device", "intel-iommu,intremap=off"],
    ["-machine", "q35", "-device", "intel-iommu,caching-mode=on,device-iotlb=on"],
    ["-machine", "q35", "-device", "intel-iommu,dma-translation=off"],
    ["-machine", "q35", "-device", "intel-iommu,aw-bits=39"],
    ["-machine", "pc-q35-9.1", "-device", "intel-iommu"],
]

# The 32-bit registers at 8-aligned offsets that QEMU 10.0 asserts on for an 8-byte write.
QUAD_ABORTS = (0x38, 0xa0, 0xa8)
GCMD, GSTS = 0x18, 0x1c


def readl(o):
    return f"readl {BASE + o:#x}"


def readq(o):
    return f"readq {BASE + o:#x}"


def writel(o, v):
    return f"writel {BASE + o:#x} {v:#x}"


def writeq(o, v):
    return f"writeq {BASE + o:#x} {v:#x}"


def scalable(args):
    return any("x-scalable-mode=on" in a for a in args)


def registers_script(args):
    s = [readl(o) for o in range(0, SIZE, 4)] + [readq(o) for o in range(0, SIZE, 8)]
    # Narrow, unaligned and past-the-end accesses.
    s += [f"readb {BASE + o:#x}" for o in (0, 1, 8, 0x10, 0x38)] + [f"readw {BASE + o:#x}" for o in (0, 2, 8, 0x38)]
    s += [readl(o) for o in (1, 2, 3, 0xa, 0x22e)] + [readq(o) for o in (4, 0xc, 0x14, 0x24, 0x22c, 0x3c)]
    s += [f"writeb {BASE + 0x38:#x} 0x0", readl(0x38), f"writew {BASE + 0x3a:#x} 0x0", readl(0x38),
          f"writel {BASE + 0x3a:#x} 0x0", readl(0x38), f"writeq {BASE + 0x3c:#x} 0xffffffffffffffff", readl(0x38), readl(0x3c),
          readl(0x40)]
    for o in range(0, SIZE, 4):
        if o == GCMD:
            continue
        s += [writel(o, 0xffffffff), readl(o), readl(GSTS), writel(o, 0), readl(o)]
    for o in range(0, SIZE, 8):
        if o == GCMD or o in QUAD_ABORTS:
            continue
        s += [writeq(o, 0xffffffffffffffff), readq(o), readl(0x34), writeq(o, 0), readq(o)]
    return s


STATE = [GSTS, 0x20, 0x24, 0x28, 0x2c, 0x34, 0x38, 0x80, 0x88, 0x90, 0x94, 0x9c, 0xa0, 0xb8, 0xbc, 0xf0, 0xf8, 0xfc]


def state():
    return [readl(o) for o in STATE]


def descriptor(index, words, dw):
    """Writes one descriptor (lo, hi[, val2, val3]) into the queue at QUEUE."""
    size = 32 if dw else 16
    words = list(words) + [0] * (4 - len(words))
    return [f"writeq {QUEUE + index * size + 8 * i:#x} {words[i]:#x}" for i in range(size // 8)]


def invalidation_script(args):
    dw = scalable(args)
    shift = 5 if dw else 4
    s = state()
    # Root table pointer: latched by SRTP, the reserved low bits dropped (SMT is bit 10).
    s += [writeq(0x20, ROOT | 0x7ff), readq(0x20), readl(GCMD), writel(GCMD, 1 << 30), readl(GSTS), readl(GCMD)]
    s += [writel(GCMD, (1 << 30) | (1 << 31)), readl(GSTS)]
    s += [writel(GCMD, 1 << 31), readl(GSTS), writel(GCMD, 1 << 30), readl(GSTS), writel(GCMD, 0), readl(GSTS)]
    s += [writel(GCMD, (1 << 29) | (1 << 28) | (1 << 27) | (1 << 23)), readl(GSTS), readl(GCMD)]
    # Interrupt remapping table: IRTA latched by SIRTP, then IRE.
    s += [writeq(0xb8, IRT | 0xfff), readq(0xb8), writel(GCMD, 1 << 24), readl(GSTS)]
    s += [writel(GCMD, 1 << 25), readl(GSTS), writel(GCMD, (1 << 25) | (1 << 24)), readl(GSTS), writel(GCMD, 0), readl(GSTS)]
    s += [writel(GCMD, 1 << 31), readl(GSTS)]
    # Register-based context-cache invalidation: each granularity; the low half alone does nothing.
    for value in (1 << 63 | 1 << 61, 1 << 63 | 2 << 61 | 0x1234, 1 << 63 | 3 << 61 | 3 << 32 | 0xabcd << 16 | 7,
                  1 << 63, 3 << 61 | 5, 1 << 63 | 1 << 61 | 3 << 59 | 0xffff):
        s += [writeq(0x28, value), readq(0x28), readl(0x28), readl(0x2c)]
    s += [writel(0x28, 0x55), readq(0x28), writel(0x2c, 0xa0000000), readq(0x28), writel(0x2c, 0x80000000), readq(0x28)]
    # Register-based IOTLB invalidation: IVA (write-only), each granularity, an address mask too big.
    for iva, value in ((0, 1 << 63 | 1 << 60), (0, 1 << 63 | 2 << 60 | 0x42 << 32), (0x12345000 | 0x3, 1 << 63 | 3 << 60 | 7 << 32),
                       (0x40, 1 << 63 | 3 << 60), (0x5003f, 1 << 63 | 3 << 60 | 3 << 48), (0, 1 << 63), (0, 3 << 60),
                       (0, 1 << 63 | 1 << 60 | 3 << 57 | 1 << 62)):
        s += [writeq(0xf0, iva), readq(0xf0), writeq(0xf8, value), readq(0xf8)]
    s += [writel(0xf8, 0x1), readq(0xf8), writel(0xfc, 0x90000000), readq(0xf8)]
    # Queued invalidation: the queue at QUEUE, 256 entries (QS 0), DW in scalable mode.
    iqa = QUEUE | (0x800 if dw else 0)
    s += [writeq(0x90, iqa | 0x7ff), readq(0x90), writeq(0x90, iqa), readq(0x90), readl(0x90), readl(0x94)]
    s += [writeq(0x88, 0), writel(GCMD, 1 << 26 | 1 << 31), readl(GSTS), readq(0x80), readq(0x88)]
    # Register-based invalidation refused while the queue is on: the request bit stays.
    s += [writeq(0x28, 1 << 63 | 1 << 61), readq(0x28), writeq(0xf8, 1 << 63 | 1 << 60), readq(0xf8)]
    descs = [
        (1 | 1 << 4,),                                  # 0 context-cache global
        (1 | 2 << 4 | 0x33 << 16,),                     # 1 context-cache domain
        (1 | 3 << 4 | 0x10 << 32 | 2 << 48 | 5 << 16,),  # 2 context-cache device
        (2 | 1 << 4,),                                  # 3 IOTLB global
        (2 | 2 << 4 | 7 << 16,),                        # 4 IOTLB domain
        (2 | 3 << 4 | 7 << 16, 0x5000 | 2),             # 5 IOTLB page
        (3 | 0x10 << 32, 0x7000),                       # 6 device-IOTLB
        (4 | 1 << 4,),                                  # 7 interrupt entry cache global
        (4 | 5 << 27 | 0x20 << 32,),                    # 8 interrupt entry cache index
        (5 | 1 << 5 | 0xdeadbeef << 32, STATUS),        # 9 wait, status write
    ]
    for i, d in enumerate(descs):
        s += descriptor(i, d, dw)
    s += [f"writeq {STATUS:#x} 0x0", writeq(0x88, 10 << shift), readq(0x80), readq(0x88), readl(0x34), readl(0x9c),
          f"readq {STATUS:#x}"]
    # Wait with interrupt: ICS.IWC, IECTL.IP (masked); the next one is skipped while IWC is set.
    s += descriptor(10, (5 | 1 << 4,), dw) + descriptor(11, (5 | 1 << 4,), dw)
    s += [writeq(0x88, 11 << shift), readl(0x9c), readl(0xa0), writeq(0x88, 12 << shift), readl(0x9c), readl(0xa0),
          writel(0x9c, 0), readl(0x9c), readl(0xa0), writel(0x9c, 1), readl(0x9c), readl(0xa0)]
    # Wait with status and a 64-bit address; the data and event registers.
    s += descriptor(12, (1 | 1 << 4,), dw) + descriptor(13, (5 | 1 << 5 | 0x12345678 << 32, STATUS + 8), dw)
    s += [writeq(0x88, 14 << shift), readq(0x80), readl(0x34), f"readq {STATUS + 8:#x}"]
    s += [writel(0xa4, 0xffffffff), readl(0xa4), writel(0xa8, 0xffffffff), readl(0xa8), writel(0xac, 0xffffffff), readl(0xac)]
    # Errors: a wait with the fence flag only, unknown type, reserved bits, an address mask too big; IQH stays, FSTS.IQE, FECTL.IP.
    errors = [
        (5 | 1 << 6,), (0xf,), (0x9,), (1 | 1 << 4 | 1 << 6,), (2 | 1 << 4 | 1 << 8,), (2 | 3 << 4, 0x3f), (5 | 1 << 5 | 1 << 7, STATUS),
        (5 | 1 << 5, STATUS | 1), (5,), (4 | 1 << 5,), (3 | 1 << 3, 0x7000), (3, 0x7000 | 1 << 1),
        (6 | 1 << 4,), (7 | 1 << 4,), (8,), (0x200 | 1,), (0, 0),
    ]
    index = 14
    for d in errors:
        s += descriptor(index, d, dw)
        s += [writeq(0x88, (index + 1) << shift), readq(0x80), readl(0x34), readl(0x38)]
        # Cleared, the tail written again: the same descriptor fails again.
        s += [writel(0x34, 0x10), readl(0x34), readl(0x38), writeq(0x88, (index + 1) << shift), readq(0x80), readl(0x34)]
        # Replaced by a valid one and the error cleared: the queue goes on.
        s += descriptor(index, (1 | 1 << 4,), dw)
        s += [writel(0x34, 0x10), writeq(0x88, (index + 1) << shift), readq(0x80), readl(0x34)]
        index += 1
    # With the fault interrupt unmasked: IP set and cleared when the message is sent.
    s += [writel(0x3c, 0x41), writel(0x40, 0xfee00000), writel(0x38, 0), readl(0x38)]
    s += descriptor(index, (0xf,), dw) + [writeq(0x88, (index + 1) << shift), readl(0x34), readl(0x38), writel(0x34, 0x10), readl(0x38)]
    s += [writel(0x38, 0x80000000), readl(0x38)]
    s += descriptor(index, (1 | 1 << 4,), dw) + [writeq(0x88, (index + 1) << shift), readq(0x80), readl(0x34)]
    index += 1
    # Reserved tail bit (DW queue), a tail past the queue's end, a status write outside RAM.
    s += [writeq(0x88, index << shift | 0x10), readq(0x80), readq(0x88), readl(0x34), writel(0x34, 0x10)]
    s += [writeq(0x88, 0x1000 << (shift - 4) if dw else 0x1000), readq(0x80), readq(0x88), readl(0x34), writel(0x34, 0x10)]
    s += descriptor(index, (5 | 1 << 5 | 1 << 32, OUTSIDE), dw) + [writeq(0x88, (index + 1) << shift), readq(0x80), readl(0x34), writel(0x34, 0x10)]
    s += descriptor(index, (5 | 1 << 5 | 2 << 32, STATUS + 16), dw) + [writeq(0x88, (index + 1) << shift), readq(0x80), readl(0x34), f"readq {STATUS + 16:#x}"]
    index += 1
    # Disabling: refused while the last descriptor was not a wait; then allowed (IQH back to 0).
    s += descriptor(index, (1 | 1 << 4,), dw) + [writeq(0x88, (index + 1) << shift), writel(GCMD, 1 << 31), readl(GSTS), readq(0x80)]
    index += 1
    s += descriptor(index, (5 | 1 << 5 | 5 << 32, STATUS + 40), dw) + [writeq(0x88, (index + 1) << shift), writel(GCMD, 1 << 31), readl(GSTS), readq(0x80),
                                                                         readq(0x88), f"readq {STATUS + 40:#x}"]
    # Register-based invalidation works again; the queue enabled with a tail already set.
    s += [writeq(0x28, 1 << 63 | 1 << 61), readq(0x28), writeq(0xf8, 1 << 63 | 1 << 60), readq(0xf8)]
    s += descriptor(0, (5 | 1 << 5 | 3 << 32, STATUS + 24), dw)
    s += [writeq(0x88, 1 << shift), writel(GCMD, 1 << 26 | 1 << 31), readl(GSTS), readq(0x80), f"readq {STATUS + 24:#x}"]
    s += [writel(GCMD, 1 << 31), readl(GSTS), readq(0x80)]
    # A queue outside RAM: the read fails.
    s += [writeq(0x90, OUTSIDE | (0x800 if dw else 0) | 1), writeq(0x88, 0), writel(GCMD, 1 << 26 | 1 << 31), readl(GSTS),
          readq(0x90), writeq(0x88, 1 << shift), readq(0x80), readl(0x34), writel(0x34, 0x10)]
    # Queue sizes: QS 7, a tail above 256 entries.
    s += [writeq(0x88, 0), writel(GCMD, 1 << 31), readl(GSTS), writeq(0x90, QUEUE | (0x800 if dw else 0) | 7), writel(GCMD, 1 << 26 | 1 << 31),
          readl(GSTS), readq(0x90)]
    s += descriptor(300, (5 | 1 << 5 | 4 << 32, STATUS + 32), dw)
    for i in range(300):
        s += descriptor(i, (2 | 1 << 4,) if i % 2 else (1 | 1 << 4,), dw)
    s += [writeq(0x88, 301 << shift), readq(0x80), readl(0x34), f"readq {STATUS + 32:#x}"]
    return s + state()


RESET_CONFIGS = [["-device", "intel-iommu"], ["-device", "intel-iommu,x-scalable-mode=on"]]


def reset_script(args):
    """The engine programmed (root table, translation, the queue with a descriptor done, the
    interrupt remapping table, the event registers), `system_reset`, then every register again and
    the queue programmed anew (RAM keeps its contents)."""
    dw = scalable(args)
    shift = 5 if dw else 4
    t = lambda line: "qtest " + line  # noqa: E731
    s = [writeq(0x20, ROOT | 0x400), writel(GCMD, 1 << 30), writel(GCMD, 1 << 31), writeq(0x90, QUEUE | (0x800 if dw else 0) | 1),
         writel(GCMD, 1 << 31 | 1 << 26)]
    s += descriptor(0, (1 | 1 << 4,), dw) + descriptor(1, (5 | 1 << 5 | 0x77 << 32, STATUS), dw) + descriptor(2, (0xf,), dw)
    s += [writeq(0x88, 3 << shift), writeq(0xb8, IRT | 0xf), writel(GCMD, 1 << 31 | 1 << 26 | 1 << 24),
          writel(GCMD, 1 << 31 | 1 << 26 | 1 << 25), writel(0x3c, 0x1234), writel(0xa4, 0x5678), writel(0xa8, 0xfee00000),
          writeq(0xf0, 0x1000), writeq(0x28, 3 << 61 | 0x10000)]
    s += [readl(o) for o in range(0, SIZE, 4)] + [f"readq {STATUS:#x}"]
    steps = [t(line) for line in s] + ['qmp {"execute": "system_reset"}']
    after = [readl(o) for o in range(0, SIZE, 4)] + [f"readq {STATUS:#x}"]
    after += [writeq(0x90, QUEUE | (0x800 if dw else 0)), writel(GCMD, 1 << 26), readl(GSTS), readq(0x80), readq(0x88),
              writeq(0x88, 3 << shift), readq(0x80), readl(0x34), writel(0x34, 0x10), readl(0x34), readl(0x38)]
    return steps + [t(line) for line in after]


# ich9-ahci (00:1f.2) for the re-entrancy script: its ABAR, and PCI configuration through 0xcf8/0xcfc.
AHCI_DEVFN = 0xfa
ABAR = 0xfebf0000


def cfg_write(offset, value, size=4):
    address = 0x80000000 | (AHCI_DEVFN << 8) | (offset & 0xfc)
    op = {1: "outb", 2: "outw", 4: "outl"}[size]
    return [f"outl 0xcf8 {address:#x}", f"{op} {0xcfc + (offset & 3):#x} {value:#x}"]


def ahci(o):
    return ABAR + o


def reentry_script(args):
    """ich9-ahci's MSI aimed at IQT (address 0xfed90088, data 0x10) with port 0's D2H FIS interrupt
    pending and GHC.IE off; queued invalidation on with descriptor 0 a wait whose status write (2)
    goes to ich9-ahci's GHC; then IQT = 0x10. The status write sets GHC.IE, so ich9-ahci sends the
    message while intel-iommu is still in the IQT write: QEMU 10.0's re-entrancy guard drops that
    write (with one warning on stderr). Then the guard is gone again: descriptor 1, a wait writing
    its status to RAM, reached by the message itself (data 0x20) when the CPU writes GHC, and a
    wait writing to GHC from there (ich9-ahci is in its own write: dropped)."""
    s = cfg_write(0x24, ABAR) + cfg_write(0x04, 0x7, 2)
    s += cfg_write(0x84, BASE + 0x88) + cfg_write(0x88, 0) + cfg_write(0x8c, 0x10, 2) + cfg_write(0x82, 0x1, 2)
    s += [f"writel {ahci(0x04):#x} 0x1", f"writel {ahci(0x114):#x} 0x1", f"writel {ahci(0x108):#x} 0x3000",
          f"writel {ahci(0x118):#x} 0x10", f"readl {ahci(0x110):#x}", f"readl {ahci(0x04):#x}", f"readl {ahci(0x08):#x}"]
    s += [writeq(0x90, QUEUE), writel(GCMD, 1 << 26), readl(GSTS)]
    s += descriptor(0, (0x0000000200000025, ahci(0x04)), False)
    s += [writeq(0x88, 0x10), readq(0x80), readq(0x88), readl(0x34), readl(0x9c), f"readl {ahci(0x04):#x}",
          f"readl {ahci(0x08):#x}", f"readl {ahci(0x110):#x}"]
    # Descriptor 1: a wait with its status (0x55) to RAM; the message (data 0x20) moves the tail there.
    s += descriptor(1, (0x0000005500000025, STATUS), False) + cfg_write(0x8c, 0x20, 2)
    s += [f"writel {ahci(0x04):#x} 0x2", readq(0x80), readq(0x88), readl(0x34), f"readq {STATUS:#x}"]
    # Descriptor 2: a wait writing 0 to GHC, reached by the message while ich9-ahci writes GHC.
    s += descriptor(2, (0x0000000000000025, ahci(0x04)), False) + cfg_write(0x8c, 0x30, 2)
    s += [f"writel {ahci(0x04):#x} 0x2", readq(0x80), readq(0x88), readl(0x34), f"readl {ahci(0x04):#x}"]
    return s


def main():
    q.write("qtest-vtd-registers.txt", q.qtest_transcript(CONFIGS, registers_script))
    q.write("qtest-vtd-invalidation.txt", q.qtest_transcript(CONFIGS, invalidation_script))
    q.write("qtest-vtd-invalidation-stderr.txt", q.stderr_of_each(CONFIGS, invalidation_script))
    text = ""
    for args in RESET_CONFIGS:
        text += q.stable_transcript(args, reset_script(args), settle=lambda step: 0.5 if step.startswith("qmp") else 0.01)
    q.write("qtest-vtd-reset.txt", text)
    args = ["-machine", "q35", "-device", "intel-iommu"]
    lines = reentry_script(args)
    replies, err = q.qtest_with_stderr(args, lines)
    assert (replies, err) == q.qtest_with_stderr(args, lines) and len(replies) == len(lines)
    q.write("qtest-vtd-reentry.txt", q.qtest_transcript([args], lines))
    q.write("qtest-vtd-reentry-stderr.txt", err)


if __name__ == "__main__":
    main()
