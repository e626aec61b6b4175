#!/usr/bin/env python3
"""Captures interrupt remapping through intel-iommu as QEMU 10.0 does it, over qtest.

qtest-vtd-ir.txt: for each configuration, ich9-ahci (00:1f.2, source id 0x00fa) is given its
ABAR, memory decoding, bus mastering and MSI; translation stays off, so its MSI reaches the
interrupt window (vtd-ir) through the no-DMAR view. Each case sets the MSI's address (and data),
then restarts port 0's FIS receive engine (a COMRESET, so that the initial D2H FIS goes again and
PxIS.DHRS raises the MSI) and reads PxIS, FSTS, the fault recording register and FECTL, then
clears the fault. A remapped message goes to the APIC directly, which qtest cannot observe (its
`info lapic` needs the monitor, and a qtest readl of the APIC page has no current CPU), so what is
compared is whether a fault is recorded and what. The cases: IR off (both formats pass), IRE set
before any SIRTP (every remappable message overflows), then a 16-entry table: compatibility
format, a valid entry, an index past the table (also with index bit 15), the subhandle added
(SHV), FPD with a not-present entry, not present, reserved bits (low, high), source validation by
SVT 1 with each SQ mask, by SVT 2 (bus range, as QEMU reads SID: max in 15:8, min in 7:0), SVT 3,
FPD with a wrong source, reserved before source checks, an entry changed without invalidation
(nothing cached), a fault kept (the next one collapsed), IEC descriptors (valid, reserved bits:
IQE), IRE cleared again.

qtest-vtd-ir-stderr.txt: QEMU's stderr for each configuration (error_report_once texts).

Usage: python3 capture_vtd_ir.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402
from capture_vtd_dma import cfg, vtd_q, vtd_r, vtd_rq, vtd_w, wq  # noqa: E402,F401  (the same register and config helpers)

VTD = 0xfed90000
GCMD, GSTS, FSTS, FECTL, IQH, IQT, IQA, IRTA, FRCD = 0x18, 0x1c, 0x34, 0x38, 0x80, 0x88, 0x90, 0xb8, 0x220
QIE, IRE, SIRTP = 1 << 26, 1 << 25, 1 << 24
ABAR = 0xfebf0000
AHCI = 0xfa
IRT = 0x110000
QUEUE = 0x107000
FIS = 0x200000

CONFIGS = [
    ["-machine", "q35", "-device", "intel-iommu"],
    ["-machine", "q35", "-device", "intel-iommu,intremap=off"],
    ["-machine", "q35", "-device", "intel-iommu,eim=on"],
]


def irte(index, present=True, fpd=False, vector=0x31, dest=0x01, dm=0, rh=0, tm=0, dlm=0,
         sid=0, sq=0, svt=0, extra_lo=0, extra_hi=0):
    lo = (1 if present else 0) | (2 if fpd else 0) | dm << 2 | rh << 3 | tm << 4 | dlm << 5 | vector << 16 | (dest << 8) << 32 | extra_lo
    hi = sid | sq << 16 | svt << 18 | extra_hi
    return [wq(IRT + index * 16, lo), wq(IRT + index * 16 + 8, hi)]


def remappable(index, shv=False):
    return 0xfee00000 | (index & 0x7fff) << 5 | (index >> 15) << 2 | (8 if shv else 0) | 0x10


def msi(address, data=0x0000, clear=True):
    """The MSI's address and data set, the FIS engine restarted (the MSI goes), the fault state read."""
    s = cfg(0x84, address) + cfg(0x8c, data, 2)
    s += [f"writel {ABAR + 0x118:#x} 0x0", f"writel {ABAR + 0x12c:#x} 0x1", f"writel {ABAR + 0x12c:#x} 0x0",
          f"writel {ABAR + 0x110:#x} 0xffffffff", f"writel {ABAR + 0x108:#x} {FIS:#x}", f"writel {ABAR + 0x10c:#x} 0x0",
          f"writel {ABAR + 0x118:#x} 0x10"]
    s += [f"readl {ABAR + 0x110:#x}", vtd_r(FSTS), vtd_rq(FRCD), vtd_rq(FRCD + 8), vtd_r(FECTL)]
    s += [f"writel {ABAR + 0x118:#x} 0x0"]
    if clear:
        s += [vtd_w(FRCD + 12, 0x80000000), vtd_w(FSTS, 0x1), vtd_r(FSTS), vtd_r(FECTL)]
    return s


def script(args):
    s = cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    s += cfg(0x84, 0xfee00000) + cfg(0x88, 0) + cfg(0x8c, 0x31, 2) + cfg(0x82, 0x1, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1", vtd_r(GSTS)]
    # IR off: both formats go as written.
    s += msi(0xfee00000, 0x31) + msi(remappable(1))
    # IRE before any SIRTP: the table has no entries yet.
    s += [vtd_w(GCMD, IRE), vtd_r(GSTS)] + msi(remappable(0)) + msi(0xfee00000, 0x31)
    # A 16-entry table (S = 3), latched.
    s += [vtd_q(IRTA, IRT | 3), vtd_w(GCMD, IRE | SIRTP), vtd_r(GSTS), vtd_rq(IRTA)]
    s += irte(1) + irte(2, dest=0x23, vector=0x45, dm=1, rh=1, tm=1, dlm=1)
    s += msi(0xfee00000, 0x31) + msi(remappable(1)) + msi(remappable(2)) + msi(remappable(1) | 3)
    # Past the table: index 16, index bit 15 (address bit 2).
    s += msi(remappable(16)) + msi(remappable(0x8001))
    # SHV: the subhandle added to the handle (1 + 2 = 3: not present yet); without SHV the data is ignored.
    s += msi(remappable(1, shv=True), 0x0002) + msi(remappable(1), 0x0002)
    s += irte(3) + msi(remappable(1, shv=True), 0x0002) + msi(remappable(1, shv=True), 0xffff)
    # FPD with a not-present entry: nothing recorded; then not present.
    s += irte(4, present=False, fpd=True) + msi(remappable(4))
    s += irte(4, present=False) + msi(remappable(4))
    # Reserved bits: low 14:12, low 31:24, high 63:20; FPD with reserved bits.
    s += irte(5, extra_lo=1 << 12) + msi(remappable(5))
    s += irte(5, extra_lo=1 << 24) + msi(remappable(5))
    s += irte(5, extra_hi=1 << 20) + msi(remappable(5))
    s += irte(5, extra_hi=1 << 63) + msi(remappable(5))
    s += irte(5, fpd=True, extra_hi=1 << 20) + msi(remappable(5))
    # Bits not checked: IM (15), AVAIL (11:8), xAPIC DST's reserved parts.
    s += irte(5, extra_lo=1 << 15 | 0xf00 | 0xffff00ff << 32) + msi(remappable(5))
    # Source validation, SVT 1: each SQ mask.
    for sid, sq in ((0x00fa, 0), (0x00fb, 0), (0x00fe, 0), (0x00fe, 1), (0x00f8, 1), (0x00fc, 2), (0x00fe, 2), (0x00f8, 3), (0x00f0, 3), (0x01fa, 3)):
        s += irte(6, sid=sid, sq=sq, svt=1) + msi(remappable(6))
    # SVT 2: QEMU's bus range (max = SID[15:8], min = SID[7:0]); the requester is on bus 0.
    for sid in (0x0000, 0x0100, 0x0001, 0x0102, 0xff00, 0x0101):
        s += irte(7, sid=sid, svt=2) + msi(remappable(7))
    # SVT 3; FPD with a wrong source; reserved bits ahead of the source check.
    s += irte(8, svt=3) + msi(remappable(8))
    s += irte(8, svt=1, sid=0x0010, fpd=True) + msi(remappable(8))
    s += irte(8, svt=1, sid=0x0010, extra_lo=1 << 13) + msi(remappable(8))
    # An entry changed in memory: the next message reads it (nothing cached).
    s += irte(9) + msi(remappable(9)) + irte(9, present=False) + msi(remappable(9)) + irte(9) + msi(remappable(9))
    # A fault kept: the next one from the same source is collapsed; PFO; cleared.
    s += msi(remappable(4), clear=False) + msi(remappable(16), clear=False)
    s += [vtd_w(FRCD + 12, 0x80000000), vtd_r(FSTS), vtd_w(FSTS, 0x11), vtd_r(FSTS), vtd_r(FECTL)]
    # A smaller table (S = 0: 2 entries), re-latched; index 1 passes, 2 overflows; the table's EIME bit.
    s += [vtd_q(IRTA, IRT), vtd_w(GCMD, IRE | SIRTP), vtd_r(GSTS)] + msi(remappable(1)) + msi(remappable(2))
    s += [vtd_q(IRTA, IRT | 1 << 11 | 3), vtd_w(GCMD, IRE | SIRTP), vtd_r(GSTS), vtd_rq(IRTA)] + msi(remappable(2))
    # IEC descriptors: global, index, reserved bits (IQE); the queue disabled.
    s += [vtd_q(IQA, QUEUE), vtd_q(IQT, 0), vtd_w(GCMD, IRE | QIE), vtd_r(GSTS)]
    s += [wq(QUEUE, 4), wq(QUEUE + 8, 0), wq(QUEUE + 16, 4 | 1 << 4 | 2 << 27 | 5 << 32), wq(QUEUE + 24, 0),
          vtd_q(IQT, 0x20), vtd_rq(IQH), vtd_r(FSTS)]
    s += [wq(QUEUE + 32, 4 | 1 << 5), wq(QUEUE + 40, 0), vtd_q(IQT, 0x30), vtd_rq(IQH), vtd_r(FSTS), vtd_r(FECTL)]
    s += [wq(QUEUE + 32, 4), wq(QUEUE + 40, 1), vtd_w(FSTS, 0x10), vtd_r(FSTS), vtd_rq(IQH)]
    s += [vtd_w(GCMD, IRE), vtd_r(GSTS)] + msi(remappable(1))
    # IRE cleared: remappable messages go as written again.
    s += [vtd_w(GCMD, 0), vtd_r(GSTS)] + msi(remappable(4)) + msi(remappable(16))
    s += [vtd_r(o) for o in (GSTS, FSTS, FECTL, FRCD, FRCD + 4, FRCD + 8, FRCD + 12)]
    return s


def main():
    q.write("qtest-vtd-ir.txt", q.qtest_transcript(CONFIGS, script))
    q.write("qtest-vtd-ir-stderr.txt", q.stderr_of_each(CONFIGS, script))


if __name__ == "__main__":
    main()
