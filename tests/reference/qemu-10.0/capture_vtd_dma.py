#!/usr/bin/env python3
"""Captures DMA remapping through intel-iommu as QEMU 10.0 does it, over qtest.

qtest-vtd-dma.txt: for each configuration, the guest's root table (bus 0) and context table are
built in RAM with qtest writes, ich9-ahci (00:1f.2, source id 0x00fa) is given its ABAR, memory
decoding, bus mastering and MSI (its message address an IOVA in RAM), and the second-level page
tables are built for its domain. Each case then restarts port 0's FIS receive engine (PxCMD 0, a
COMRESET through PxSCTL so that the initial D2H FIS goes again, PxFB an IOVA, PxCMD.FRE): the FIS
lands at the translated address (or a fault is recorded), PxIS.DHRS raises the MSI, which goes
through the translation too. Each case reads the FIS bytes and the message in RAM, PxIS, FSTS, the
fault recording register and FECTL, then stops the engine and clears the fault. The cases: TE off
(no-DMAR), a mapped 4 KiB page, a 2 MiB and a 1 GiB page, an unmapped IOVA, a read-only page,
stale IOTLB and context-cache entries before and after each invalidation kind (register-based
global/domain/page IOTLB, global/device context; queued), not-present root and context entries,
reserved bits in root, context and page entries, FPD, pass-through, an unsupported address width,
an IOVA beyond the guest address width, the fault event unmasked, translation disabled again.

qtest-vtd-dma-stderr.txt: QEMU's stderr for each configuration (its error_report_once texts),
the configurations' outputs one after another under their `$ qemu-system-x86_64 ...` line.

qtest-vtd-dma-scalable.txt and its -stderr.txt: the same in scalable mode (sm_script): the root
entry's upper half, the 256-bit context entry, RID2PASID's PASID directory and PASID entries of
each type and state, PASID-based IOTLB invalidation from a 256-bit queue.

qtest-vtd-dma-first-stage.txt and its -stderr.txt: first-stage translation (fs_script, x-flts=on
with fs1gp on and off): a first-stage PASID entry and 4-level table, the accessed/dirty bits read
back from the tables after each walk, canonical addresses, each level's faults, the PASID entry's
refused types and paging modes, and the IOTLB's first-stage entries before and after each
register-based, queued and PASID-based invalidation.

qtest-vtd-dma-all-ones.txt and its -stderr.txt (all_ones_script, ALL_ONES_CONFIGS: legacy, scalable
second-level, x-flts first stage): a paging entry the guest wrote as all ones at each level of the
walk in turn (QEMU's vtd_get_pte gives all ones for a failed read, so the walk takes such an entry
as unreadable: the top level's fault differs from the lower levels').

mtree-vtd-te-on.txt / mtree-vtd-te-off.txt: `info mtree` (and -D, -o, -f) after translation is
enabled with a root table whose context entry for 00:1f.3 is pass-through (that device stays on
the no-DMAR view), and after it is disabled again (capture_mtree.py's format).

Usage: python3 capture_vtd_dma.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64;
       CAPTURE_VTD_ALL_ONES=1: only qtest-vtd-dma-all-ones*.txt)
"""
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402
import capture_mtree as m  # noqa: E402

VTD = 0xfed90000
GCMD, GSTS, RTADDR, CCMD, FSTS, FECTL, FEDATA, FEADDR, IQH, IQT, IQA, IVA, IOTLB, FRCD = (
    0x18, 0x1c, 0x20, 0x28, 0x34, 0x38, 0x3c, 0x40, 0x80, 0x88, 0x90, 0xf0, 0xf8, 0x220)
TE, SRTP, QIE = 1 << 31, 1 << 30, 1 << 26

ROOT = 0x100000
CTX = 0x101000
PML4, PDPT, PD, PT = 0x102000, 0x103000, 0x104000, 0x105000
PD2 = 0x106000                 # a second page directory (for stale-cache cases)
QUEUE = 0x107000
STATUS = 0x108000
ABAR = 0xfebf0000
AHCI = 0xfa
MSI_IOVA = 0x7000              # 4 KiB page 7 of the first 2 MiB
MSI_PHYS = 0x180000
DID = 0x11

CONFIGS = [
    ["-machine", "q35", "-device", "intel-iommu"],
    ["-machine", "q35", "-device", "intel-iommu,caching-mode=on"],
    ["-machine", "q35", "-device", "intel-iommu,aw-bits=39"],
    ["-machine", "pc-q35-9.1", "-device", "intel-iommu"],
    ["-machine", "q35", "-device", "intel-iommu,pt=off"],
]


def vtd_w(o, v):
    return f"writel {VTD + o:#x} {v:#x}"


def vtd_q(o, v):
    return f"writeq {VTD + o:#x} {v:#x}"


def vtd_r(o):
    return f"readl {VTD + o:#x}"


def vtd_rq(o):
    return f"readq {VTD + o:#x}"


def cfg(offset, value, size=4):
    address = 0x80000000 | (AHCI << 8) | (offset & 0xfc)
    op = {1: "outb", 2: "outw", 4: "outl"}[size]
    return [f"outl 0xcf8 {address:#x}", f"{op} {0xcfc + (offset & 3):#x} {value:#x}"]


def wq(address, value):
    return f"writeq {address:#x} {value:#x}"


def aw_of(args):
    return 39 if any("aw-bits=39" in a for a in args) or "pc-q35-9.1" in args else 48


def context(args, table=PML4, did=DID, tt=0, fpd=False, aw=None, extra_lo=0, extra_hi=0):
    """The context entry for 00:1f.2: the page table, translation type, address width."""
    if aw is None:
        aw = 2 if aw_of(args) == 48 else 1
    lo = table | (tt << 2) | (2 if fpd else 0) | 1 | extra_lo
    hi = aw | (did << 8) | extra_hi
    return [wq(CTX + AHCI * 16, lo), wq(CTX + AHCI * 16 + 8, hi)]


def top(args):
    """The top-level table of the domain: PML4 (4 levels) or the PDPT (3 levels)."""
    return PML4 if aw_of(args) == 48 else PDPT


def tables(args):
    s = [wq(ROOT, CTX | 1), wq(ROOT + 8, 0)]
    s += context(args, table=top(args))
    s += [wq(PML4, PDPT | 3)]
    # PDPT[0] -> PD; PDPT[1]: a 1 GiB page at 0 (RW).
    s += [wq(PDPT, PD | 3), wq(PDPT + 8, 0 | 0x80 | 3)]
    # PD[0] -> PT; PD[1]: a 2 MiB page at 0x800000 (RW); PD[2] -> PD2 (a second table, unused yet).
    s += [wq(PD, PT | 3), wq(PD + 8, 0x800000 | 0x80 | 3)]
    # PT: IOVA 0x10000 -> 0x300000 RW; 0x11000 -> 0x301000 read-only; 0x12000 unmapped;
    # the MSI page 0x7000 -> MSI_PHYS RW; 0x13000 -> 0x303000 with a reserved bit (bit 11).
    s += [wq(PT + 0x10 * 8, 0x300000 | 3), wq(PT + 0x11 * 8, 0x301000 | 1), wq(PT + 0x7 * 8, MSI_PHYS | 3),
          wq(PT + 0x13 * 8, 0x303000 | 0x800 | 3), wq(PT + 0x14 * 8, 0x304000 | 2)]
    return s


def setup(args):
    s = cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    # MSI: address MSI_IOVA, data 0x4321, enabled.
    s += cfg(0x84, MSI_IOVA) + cfg(0x88, 0) + cfg(0x8c, 0x4321, 2) + cfg(0x82, 0x1, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1"]
    s += tables(args)
    s += [vtd_q(RTADDR, ROOT), vtd_w(GCMD, SRTP), vtd_r(GSTS)]
    return s


def observe(phys):
    """The FIS (at phys + 0x40, 20 bytes) and the message in RAM, and the fault state."""
    s = [f"readq {phys + 0x40:#x}", f"readq {phys + 0x48:#x}", f"readl {phys + 0x50:#x}", f"readl {MSI_PHYS:#x}",
         f"readl {ABAR + 0x110:#x}", vtd_r(FSTS), vtd_rq(FRCD), vtd_rq(FRCD + 8), vtd_r(FECTL)]
    return s


def fis(iova, phys, clear=True):
    """Port 0's FIS receive engine restarted at iova; the result read at phys."""
    s = [f"writel {ABAR + 0x118:#x} 0x0", f"writel {ABAR + 0x12c:#x} 0x1", f"writel {ABAR + 0x12c:#x} 0x0",
         f"writel {ABAR + 0x110:#x} 0xffffffff", wq(phys + 0x40, 0), wq(phys + 0x48, 0), f"writel {MSI_PHYS:#x} 0x0",
         f"writel {ABAR + 0x108:#x} {iova & 0xffffffff:#x}", f"writel {ABAR + 0x10c:#x} {iova >> 32:#x}",
         f"writel {ABAR + 0x118:#x} 0x10"]
    s += observe(phys)
    # The engine stopped, the record's fault bit and PFO cleared.
    s += [f"writel {ABAR + 0x118:#x} 0x0"]
    if clear:
        s += [vtd_w(FRCD + 12, 0x80000000), vtd_w(FSTS, 0x1), vtd_r(FSTS), vtd_r(FECTL)]
    return s


def ctx_global():
    return [vtd_q(CCMD, 1 << 63 | 1 << 61), vtd_rq(CCMD)]


def ctx_device(sid, fm=0):
    return [vtd_q(CCMD, 1 << 63 | 3 << 61 | fm << 32 | sid << 16), vtd_rq(CCMD)]


def tlb_global():
    return [vtd_q(IOTLB, 1 << 63 | 1 << 60), vtd_rq(IOTLB)]


def tlb_domain(did):
    return [vtd_q(IOTLB, 1 << 63 | 2 << 60 | did << 32), vtd_rq(IOTLB)]


def tlb_page(did, addr, am=0):
    return [vtd_q(IVA, addr | am), vtd_q(IOTLB, 1 << 63 | 3 << 60 | did << 32), vtd_rq(IOTLB)]


def script(args):
    s = setup(args)
    # Translation off: the no-DMAR view (the FIS at the bus address, the message at MSI_IOVA in RAM).
    s += [wq(0x200040, 0)] + fis(0x200000, 0x200000) + [f"readl {MSI_IOVA:#x}"]
    s += [vtd_w(GCMD, TE), vtd_r(GSTS)]
    # A 4 KiB page, a 2 MiB page, a 1 GiB page.
    s += fis(0x10000, 0x300000)
    s += fis(0x200000 + 0x5000, 0x800000 + 0x5000)
    s += fis(0x40000000 + 0x400000, 0x400000)
    # Unmapped, read-only, reserved bit, write-only (the FIS goes, the message too).
    s += fis(0x12000, 0x302000)
    s += fis(0x11000, 0x301000)
    s += fis(0x13000, 0x303000)
    s += fis(0x14000, 0x304000)
    # Beyond the guest address width.
    s += fis(1 << 50, 0x305000)
    # Stale IOTLB: the 4 KiB entry moved to 0x310000 without invalidation; then each kind.
    s += [wq(PT + 0x10 * 8, 0x310000 | 3)]
    s += fis(0x10000, 0x300000)
    s += tlb_page(DID + 1, 0x10000) + fis(0x10000, 0x300000)
    s += tlb_page(DID, 0x11000) + fis(0x10000, 0x300000)
    s += tlb_page(DID, 0x10000) + fis(0x10000, 0x310000)
    s += [wq(PT + 0x10 * 8, 0x320000 | 3)] + tlb_page(DID, 0x0, 5) + fis(0x10000, 0x320000)
    s += [wq(PT + 0x10 * 8, 0x330000 | 3)] + tlb_domain(DID + 1) + fis(0x10000, 0x320000)
    s += tlb_domain(DID) + fis(0x10000, 0x330000)
    s += [wq(PT + 0x10 * 8, 0x340000 | 3)] + tlb_global() + fis(0x10000, 0x340000)
    # Stale context cache: the domain moved to the second page directory (another domain id);
    # the IOTLB flushed, the context entry still cached; then a device invalidation of another
    # function, of this one (function mask), and a global one.
    alt = [wq(PD2 + 0, PT | 3)]
    s += alt + context(args, table=top(args), did=DID + 2) + [wq(PT + 0x10 * 8, 0x350000 | 3)] + tlb_global()
    s += [wq(PDPT, PD2 | 3)] + fis(0x10000, 0x350000)
    s += ctx_device(0x00fb) + fis(0x10000, 0x350000)
    s += ctx_device(0x00f8, 3) + fis(0x10000, 0x350000)
    s += [wq(PDPT, PD | 3)] + context(args, table=top(args), did=DID) + ctx_device(0x00fa) + tlb_global() + fis(0x10000, 0x350000)
    # Not-present context entry, then root entry; cached until invalidated.
    s += [wq(CTX + AHCI * 16, 0)] + fis(0x10000, 0x350000) + ctx_global() + tlb_global() + fis(0x10000, 0x360000)
    s += context(args, table=top(args)) + [wq(ROOT, 0)] + ctx_global() + fis(0x10000, 0x360000)
    s += [wq(ROOT, CTX | 1)] + ctx_global() + fis(0x10000, 0x350000)
    # Reserved bits: root entry (upper quadword), context entry (low and high).
    s += [wq(ROOT + 8, 1)] + ctx_global() + tlb_global() + fis(0x10000, 0x350000) + [wq(ROOT + 8, 0)]
    s += context(args, table=top(args), extra_lo=0x10) + ctx_global() + fis(0x10000, 0x350000)
    s += context(args, table=top(args), extra_hi=0x80) + ctx_global() + fis(0x10000, 0x350000)
    # An address width SAGAW lacks (3: 5 levels; 2 with aw-bits=39), an unknown translation type, device-TLB type.
    s += context(args, table=top(args), aw=3) + ctx_global() + fis(0x10000, 0x350000)
    s += context(args, table=top(args), aw=2 if aw_of(args) == 39 else 0) + ctx_global() + fis(0x10000, 0x350000)
    s += context(args, table=top(args), tt=3) + ctx_global() + fis(0x10000, 0x350000)
    s += context(args, table=top(args), tt=1) + ctx_global() + fis(0x10000, 0x350000)
    # FPD: an unmapped IOVA and a not-present context entry record nothing; a reserved root entry bit still does.
    s += context(args, table=top(args), fpd=True) + ctx_global() + fis(0x12000, 0x302000)
    s += context(args, table=top(args), fpd=True, extra_lo=0x10) + ctx_global() + fis(0x10000, 0x350000)
    # Pass-through (ECAP.PT): the bus address itself.
    s += context(args, table=0, tt=2) + ctx_global() + fis(0x370000, 0x370000)
    s += context(args, table=top(args)) + ctx_global() + tlb_global() + fis(0x10000, 0x350000)
    # Faults kept: the record not cleared, a second fault from the same source is collapsed; PFO.
    s += fis(0x12000, 0x302000, clear=False) + fis(0x12000, 0x302000, clear=False)
    s += [vtd_w(FRCD + 12, 0x80000000), vtd_r(FSTS), vtd_r(FECTL), vtd_w(FSTS, 0x3), vtd_r(FSTS)]
    # The fault event unmasked: IP set and cleared as the message is sent; FECTL masked again.
    s += [vtd_w(FEDATA, 0x55), vtd_w(FEADDR, 0xfee00000), vtd_w(FECTL, 0), vtd_r(FECTL)] + fis(0x12000, 0x302000)
    s += [vtd_w(FECTL, 0x80000000), vtd_r(FECTL)]
    # Queued invalidation: the IOTLB and context cache dropped by descriptors.
    s += [wq(PT + 0x10 * 8, 0x380000 | 3)] + fis(0x10000, 0x350000)
    s += [vtd_q(IQA, QUEUE), vtd_q(IQT, 0), vtd_w(GCMD, TE | QIE), vtd_r(GSTS)]
    s += [wq(QUEUE, 2 | 3 << 4 | DID << 16), wq(QUEUE + 8, 0x10000), vtd_q(IQT, 0x10), vtd_rq(IQH)] + fis(0x10000, 0x380000)
    s += [wq(PT + 0x10 * 8, 0x390000 | 3)]
    s += [wq(QUEUE + 16, 2 | 2 << 4 | DID << 16), wq(QUEUE + 24, 0), vtd_q(IQT, 0x20), vtd_rq(IQH)] + fis(0x10000, 0x390000)
    s += [wq(CTX + AHCI * 16, 0)]
    s += [wq(QUEUE + 32, 1 | 3 << 4 | 0x00fa << 32), wq(QUEUE + 40, 0), vtd_q(IQT, 0x30), vtd_rq(IQH)] + fis(0x10000, 0x390000)
    s += [wq(QUEUE + 48, 2 | 1 << 4), wq(QUEUE + 56, 0), vtd_q(IQT, 0x40), vtd_rq(IQH)] + fis(0x10000, 0x390000)
    s += context(args, table=top(args))
    s += [wq(QUEUE + 64, 1 | 1 << 4), wq(QUEUE + 72, 0), vtd_q(IQT, 0x50), vtd_rq(IQH)] + fis(0x10000, 0x390000)
    s += [wq(QUEUE + 80, 5 | 1 << 5 | 1 << 32), wq(QUEUE + 88, STATUS), vtd_q(IQT, 0x60), vtd_rq(IQH), f"readl {STATUS:#x}"]
    s += [vtd_w(GCMD, TE), vtd_r(GSTS)]
    # Translation disabled again: the no-DMAR view.
    s += [vtd_w(GCMD, 0), vtd_r(GSTS)] + fis(0x10000, 0x10000) + [f"readl {MSI_IOVA:#x}"]
    s += [vtd_r(o) for o in (GSTS, FSTS, FECTL, FRCD, FRCD + 4, FRCD + 8, FRCD + 12)]
    return s


# Scalable mode: the root entry's upper half (devfn 0x80-0xff) points at the context table, whose
# 256-bit entry for 00:1f.2 (index 0x7a) points at a PASID directory; RID2PASID 0's PASID entry
# holds the second-level table (PGTT 2), the domain and the address width.
SM_CONFIGS = [
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on"],
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on,aw-bits=39"],
]
PDIR, PTBL = 0x109000, 0x10a000
SM_CTX = CTX + 0x7a * 32


def sm_context(present=True, fpd=False, rid2pasid=0, val2=0):
    return [wq(SM_CTX, PDIR | (2 if fpd else 0) | (1 if present else 0)), wq(SM_CTX + 8, rid2pasid), wq(SM_CTX + 16, val2), wq(SM_CTX + 24, 0)]


def pasid_entry(args, pgtt=2, aw=None, did=DID, present=True, fpd=False, table=None, at=PTBL):
    if aw is None:
        aw = 2 if aw_of(args) == 48 else 1
    if table is None:
        table = top(args)
    return [wq(at, table | pgtt << 6 | aw << 2 | (2 if fpd else 0) | (1 if present else 0)), wq(at + 8, did)] + [wq(at + 8 * i, 0) for i in range(2, 8)]


def sm_script(args):
    s = cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    s += cfg(0x84, MSI_IOVA) + cfg(0x88, 0) + cfg(0x8c, 0x4321, 2) + cfg(0x82, 0x1, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1"]
    s += [t for t in tables(args) if not t.startswith(f"writeq {CTX + AHCI * 16:#x}") and not t.startswith(f"writeq {CTX + AHCI * 16 + 8:#x}")]
    s += [wq(ROOT, 0), wq(ROOT + 8, CTX | 1)] + sm_context() + [wq(PDIR, PTBL | 1)] + pasid_entry(args)
    s += [vtd_q(RTADDR, ROOT | 1 << 10), vtd_w(GCMD, SRTP), vtd_r(GSTS), vtd_w(GCMD, TE), vtd_r(GSTS)]
    s += fis(0x10000, 0x300000)
    s += fis(0x200000 + 0x5000, 0x800000 + 0x5000)
    s += fis(0x40000000 + 0x400000, 0x400000)
    s += fis(0x12000, 0x302000)
    s += fis(0x11000, 0x301000)
    s += fis(0x13000, 0x303000)
    s += fis(1 << 50, 0x305000)
    # Stale IOTLB, then the IOTLB flushed by the register.
    s += [wq(PT + 0x10 * 8, 0x310000 | 3)] + fis(0x10000, 0x300000) + tlb_global() + fis(0x10000, 0x310000)
    # The PASID entry: pass-through, nested, first-level (refused), not present; the directory entry not present.
    for entry in (pasid_entry(args, pgtt=4), pasid_entry(args, pgtt=3), pasid_entry(args, pgtt=1), pasid_entry(args, pgtt=0),
                  pasid_entry(args, present=False), pasid_entry(args, aw=3), pasid_entry(args, fpd=True, present=False)):
        s += entry + ctx_global() + tlb_global() + fis(0x370000, 0x370000) + fis(0x10000, 0x310000)
    s += pasid_entry(args) + [wq(PDIR, PTBL)] + ctx_global() + fis(0x10000, 0x310000) + [wq(PDIR, PTBL | 1)]
    # Context entry: reserved bits, not present, a RID2PASID of 0x41 (directory entry 1, table entry 1).
    s += sm_context(val2=1) + ctx_global() + fis(0x10000, 0x310000)
    s += sm_context(present=False) + ctx_global() + fis(0x10000, 0x310000)
    s += sm_context(rid2pasid=0x41) + [wq(PDIR + 8, PTBL + 0x800 | 1)] + pasid_entry(args, at=PTBL + 0x800 + 64, did=DID + 3) + ctx_global() + fis(0x10000, 0x310000)
    s += fis(0x12000, 0x302000)
    s += sm_context() + ctx_global() + tlb_global() + fis(0x10000, 0x310000)
    # The root entry's upper half not present; restored.
    s += [wq(ROOT + 8, CTX)] + ctx_global() + fis(0x10000, 0x310000) + [wq(ROOT + 8, CTX | 1)] + ctx_global()
    # PASID-based IOTLB invalidation from a 256-bit queue: page, then all of the PASID, then another domain's.
    s += [wq(PT + 0x10 * 8, 0x320000 | 3)] + fis(0x10000, 0x310000)
    s += [vtd_q(IQA, QUEUE | 0x800), vtd_q(IQT, 0), vtd_w(GCMD, TE | QIE), vtd_r(GSTS)]
    s += [wq(QUEUE, 6 | 3 << 4 | DID << 16), wq(QUEUE + 8, 0x10000), wq(QUEUE + 16, 0), wq(QUEUE + 24, 0), vtd_q(IQT, 0x20), vtd_rq(IQH), vtd_r(FSTS)]
    s += fis(0x10000, 0x320000)
    s += [wq(PT + 0x10 * 8, 0x330000 | 3)]
    s += [wq(QUEUE + 32, 6 | 2 << 4 | (DID + 1) << 16), wq(QUEUE + 40, 0), wq(QUEUE + 48, 0), wq(QUEUE + 56, 0), vtd_q(IQT, 0x40), vtd_rq(IQH)]
    s += fis(0x10000, 0x320000)
    s += [wq(QUEUE + 64, 6 | 2 << 4 | DID << 16), wq(QUEUE + 72, 0), wq(QUEUE + 80, 0), wq(QUEUE + 88, 0), vtd_q(IQT, 0x60), vtd_rq(IQH)]
    s += fis(0x10000, 0x330000)
    s += [wq(QUEUE + 96, 5 | 1 << 5 | 1 << 32), wq(QUEUE + 104, STATUS), wq(QUEUE + 112, 0), wq(QUEUE + 120, 0), vtd_q(IQT, 0x80), vtd_rq(IQH)]
    s += [vtd_w(GCMD, TE), vtd_w(GCMD, 0), vtd_r(GSTS)] + fis(0x10000, 0x10000)
    return s


# First-stage translation (x-flts=on): RID2PASID 0's PASID entry is first-level (PGTT 1), its
# FSPTPTR a 4-level table whose entries carry P, R/W and U/S (bits 0-2), A and D (5, 6) written
# back by the walk, PS (7) for 2 MiB and 1 GiB pages.
FS_CONFIGS = [
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on,x-flts=on"],
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on,x-flts=on,fs1gp=off"],
]
FPML4, FPDPT, FPD, FPT, FPD2 = 0x10b000, 0x10c000, 0x10d000, 0x10e000, 0x10f000
FL = 7                         # P | R/W | U/S


def fs_entry(pgtt=1, aw=2, did=DID, present=True, fpd=False, table=FPML4, flpm=0, at=PTBL):
    """A first-stage PASID entry: AW (which QEMU's canonical check follows), DID, FSPTPTR and FLPM."""
    return [wq(at, pgtt << 6 | aw << 2 | (2 if fpd else 0) | (1 if present else 0)), wq(at + 8, did), wq(at + 16, table | flpm << 2)] + [
        wq(at + 8 * i, 0) for i in range(3, 8)]


def fs_tables():
    s = [wq(FPML4, FPDPT | FL), wq(FPDPT, FPD | FL), wq(FPDPT + 8, 0x80 | FL), wq(FPD, FPT | FL), wq(FPD + 8, 0x800000 | 0x80 | FL)]
    # PT: 0x10000 RW; 0x11000 read-only; 0x12000 not present; the MSI page; 0x13000 a reserved bit (48);
    # 0x14000 supervisor (no U/S); 0x15000 XD and ignored bits 52-62 with PAT; 0x16000 into the interrupt window.
    s += [wq(FPT + 0x10 * 8, 0x300000 | FL), wq(FPT + 0x11 * 8, 0x301000 | 5), wq(FPT + 0x7 * 8, MSI_PHYS | FL),
          wq(FPT + 0x13 * 8, 0x303000 | 1 << 48 | FL), wq(FPT + 0x14 * 8, 0x304000 | 3),
          wq(FPT + 0x15 * 8, 0x305000 | 1 << 63 | 0x7ff << 52 | 0x80 | FL), wq(FPT + 0x16 * 8, 0xfee00000 | FL)]
    # 0x17000 with A already set, 0x18000 with D already set (QEMU then writes neither back).
    s += [wq(FPT + 0x17 * 8, 0x308000 | 0x20 | FL), wq(FPT + 0x18 * 8, 0x309000 | 0x40 | FL)]
    return s


def ptes(*addresses):
    return [f"readq {a:#x}" for a in addresses]


WALK = (FPML4, FPDPT, FPD, FPT + 0x10 * 8)


def piotlb(at, did, pasid=0, granularity=3, addr=0, am=0, ih=0):
    """A PASID-based IOTLB invalidation descriptor at queue slot `at` (32 bytes each), then the tail moved past it."""
    base = QUEUE + 32 * at
    return [wq(base, 6 | granularity << 4 | did << 16 | pasid << 32), wq(base + 8, addr | ih << 6 | am), wq(base + 16, 0), wq(base + 24, 0),
            vtd_q(IQT, 32 * (at + 1)), vtd_rq(IQH), vtd_r(FSTS)]


def fs_script(args):
    s = [vtd_rq(0x8), vtd_rq(0x10)]
    s += cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    s += cfg(0x84, MSI_IOVA) + cfg(0x88, 0) + cfg(0x8c, 0x4321, 2) + cfg(0x82, 0x1, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1"]
    s += fs_tables()
    s += [wq(ROOT, 0), wq(ROOT + 8, CTX | 1)] + sm_context() + [wq(PDIR, PTBL | 1)] + fs_entry()
    s += [vtd_q(RTADDR, ROOT | 1 << 10), vtd_w(GCMD, SRTP), vtd_r(GSTS), vtd_w(GCMD, TE), vtd_r(GSTS)]
    # A 4 KiB page: A on every level, D on the leaf (and on the MSI page's); a 2 MiB and a 1 GiB page.
    s += fis(0x10000, 0x300000) + ptes(*WALK, FPT + 0x7 * 8)
    s += fis(0x200000 + 0x5000, 0x800000 + 0x5000) + ptes(FPD + 8)
    s += fis(0x40000000 + 0x400000, 0x400000) + ptes(FPDPT + 8)
    # Not present, read-only (a write), a reserved bit, no U/S, XD and ignored bits, the interrupt window.
    s += fis(0x12000, 0x302000) + fis(0x11000, 0x301000) + fis(0x13000, 0x303000) + fis(0x14000, 0x304000)
    s += fis(0x15000, 0x305000) + fis(0x16000, 0x306000) + ptes(FPT + 0x11 * 8, FPT + 0x13 * 8, FPT + 0x14 * 8, FPT + 0x15 * 8, FPT + 0x16 * 8)
    s += fis(0x17000, 0x308000) + fis(0x18000, 0x309000) + ptes(FPT + 0x17 * 8, FPT + 0x18 * 8)
    # Canonical addresses: bit 47 alone; the upper half (PML4 entry 256, not present); bit 48 alone.
    s += fis(1 << 47, 0x307000) + fis(0xffff800000010000, 0x307000) + fis(1 << 48, 0x307000) + fis(1 << 63 | 0x10000, 0x307000)
    # Each level: not present, reserved bits, no U/S, read-only, its entry unreadable; A/D read back.
    s += [wq(FPML4 + 8, 0), wq(FPML4 + 16, FPDPT | 0x80 | FL), wq(FPML4 + 24, FPDPT | 1 << 50 | FL), wq(FPML4 + 32, FPDPT | 3),
          wq(FPML4 + 40, FPDPT | 5), wq(FPML4 + 48, 0x10000000000 | FL)]
    for i in range(1, 7):
        s += fis(i << 39 | 0x10000, 0x307000)
    s += ptes(*(FPML4 + 8 * i for i in range(7)))
    s += [wq(FPDPT + 16, 0), wq(FPDPT + 24, FPD | 1 << 49 | FL), wq(FPDPT + 32, 0x2000 | 0x80 | FL), wq(FPDPT + 40, 0x1000 | 0x80 | FL),
          wq(FPDPT + 48, FPD | 3), wq(FPDPT + 56, FPD | 5), wq(FPDPT + 64, 0x10000000000 | FL), wq(FPDPT + 72, 0x80000000 | 0x80 | 5)]
    for i in range(2, 10):
        s += fis(i << 30 | 0x10000, 0x307000)
    s += ptes(*(FPDPT + 8 * i for i in range(10)))
    s += [wq(FPD + 16, 0), wq(FPD + 24, FPT | 1 << 51 | FL), wq(FPD + 32, 0x2000 | 0x80 | FL), wq(FPD + 40, 0x1000 | 0x80 | FL),
          wq(FPD + 48, FPT | 3), wq(FPD + 56, FPT | 5), wq(FPD + 64, 0x10000000000 | FL), wq(FPD + 72, 0xa00000 | 0x80 | 0x7ff << 52 | FL)]
    for i in range(2, 10):
        s += fis(i << 21 | 0x10000, 0x307000)
    s += ptes(*(FPD + 8 * i for i in range(10)))
    # The stale IOTLB: the leaf moved and its A/D cleared without invalidation (a hit writes nothing back).
    s += [wq(FPT + 0x10 * 8, 0x310000 | FL)] + fis(0x10000, 0x300000) + ptes(FPT + 0x10 * 8)
    # Register-based IOTLB invalidation: a page of another domain keeps it; a page of the domain
    # (another address) drops every first-stage entry of the domain; then domain, global.
    s += tlb_page(DID + 1, 0x10000) + fis(0x10000, 0x300000)
    s += tlb_page(DID, 0x11000) + fis(0x10000, 0x310000) + ptes(*WALK)
    s += [wq(FPT + 0x10 * 8, 0x320000 | FL)] + tlb_domain(DID + 1) + fis(0x10000, 0x310000)
    s += tlb_domain(DID) + fis(0x10000, 0x320000)
    s += [wq(FPT + 0x10 * 8, 0x330000 | FL)] + tlb_global() + fis(0x10000, 0x330000)
    # Context-cache invalidation alone keeps the IOTLB.
    s += [wq(FPT + 0x10 * 8, 0x340000 | FL)] + ctx_global() + fis(0x10000, 0x330000)
    # PASID-based IOTLB invalidation from a 256-bit queue: page of another domain, PASID, address;
    # the page itself; a range (am 9) covering it; the PASID's (another domain's, then its own);
    # a large address mask; an IOTLB page descriptor; a global one.
    s += [vtd_q(IQA, QUEUE | 0x800), vtd_q(IQT, 0), vtd_w(GCMD, TE | QIE), vtd_r(GSTS)]
    s += piotlb(0, DID + 1, addr=0x10000) + fis(0x10000, 0x330000)
    s += piotlb(1, DID, pasid=1, addr=0x10000) + fis(0x10000, 0x330000)
    s += piotlb(2, DID, addr=0x11000) + fis(0x10000, 0x330000)
    s += piotlb(3, DID, addr=0x10000) + fis(0x10000, 0x340000)
    s += [wq(FPT + 0x10 * 8, 0x350000 | FL)] + piotlb(4, DID, addr=0x200000, am=9) + fis(0x10000, 0x340000)
    s += piotlb(5, DID, addr=0x0, am=9, ih=1) + fis(0x10000, 0x350000)
    s += [wq(FPT + 0x10 * 8, 0x360000 | FL)] + piotlb(6, DID + 1, granularity=2) + fis(0x10000, 0x350000)
    s += piotlb(7, DID, pasid=1, granularity=2) + fis(0x10000, 0x350000)
    s += piotlb(8, DID, granularity=2) + fis(0x10000, 0x360000)
    s += [wq(FPT + 0x10 * 8, 0x370000 | FL)] + piotlb(9, DID, addr=0x80000000, am=31) + fis(0x10000, 0x360000)
    s += [wq(FPT + 0x10 * 8, 0x3a0000 | FL)] + piotlb(10, DID, addr=0x0, am=32) + fis(0x10000, 0x370000)
    s += [wq(FPT + 0x10 * 8, 0x3b0000 | FL)] + piotlb(11, DID, addr=0x0, am=63) + fis(0x10000, 0x370000)
    s += [wq(FPT + 0x10 * 8, 0x380000 | FL)]
    s += [wq(QUEUE + 32 * 12, 2 | 3 << 4 | DID << 16), wq(QUEUE + 32 * 12 + 8, 0x40000000), wq(QUEUE + 32 * 12 + 16, 0), wq(QUEUE + 32 * 12 + 24, 0),
          vtd_q(IQT, 32 * 13), vtd_rq(IQH)] + fis(0x10000, 0x380000)
    s += [wq(FPT + 0x10 * 8, 0x390000 | FL)]
    s += [wq(QUEUE + 32 * 13, 2 | 1 << 4), wq(QUEUE + 32 * 13 + 8, 0), wq(QUEUE + 32 * 13 + 16, 0), wq(QUEUE + 32 * 13 + 24, 0),
          vtd_q(IQT, 32 * 14), vtd_rq(IQH)] + fis(0x10000, 0x390000)
    # The PASID entry: second-level (no SLTS), 5-level paging, AW 0 and 1 (the canonical check's
    # width), FSPTPTR unreadable, not present, FPD with a fault, pass-through.
    cases = [fs_entry(pgtt=2), fs_entry(flpm=1), fs_entry(flpm=2), fs_entry(aw=0), fs_entry(aw=1), fs_entry(aw=3),
             fs_entry(table=0x10000000000), fs_entry(present=False), fs_entry(fpd=True), fs_entry(pgtt=4), fs_entry(did=DID + 4)]
    for n, entry in enumerate(cases):
        slot = 14 + 2 * n
        s += entry + [wq(QUEUE + 32 * slot, 1 | 1 << 4), wq(QUEUE + 32 * slot + 8, 0), wq(QUEUE + 32 * slot + 16, 0), wq(QUEUE + 32 * slot + 24, 0),
                      wq(QUEUE + 32 * slot + 32, 2 | 1 << 4), wq(QUEUE + 32 * slot + 40, 0), wq(QUEUE + 32 * slot + 48, 0), wq(QUEUE + 32 * slot + 56, 0),
                      vtd_q(IQT, 32 * (slot + 2)), vtd_rq(IQH)]
        s += fis(0x10000, 0x390000) + fis(0x40000000 + 0x400000, 0x400000) + fis(0x12000, 0x302000) + fis(0x370000, 0x370000)
    # A PASID-based invalidation of another granularity: a queue error.
    s += piotlb(14 + 2 * len(cases), DID, granularity=1) + [vtd_r(FECTL)]
    s += [vtd_w(GCMD, TE), vtd_w(GCMD, 0), vtd_r(GSTS)] + fis(0x10000, 0x10000)
    return s


ALL_ONES_CONFIGS = [
    ["-machine", "q35", "-device", "intel-iommu"],
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on"],
    ["-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on,x-flts=on"],
]
ONES = 0xffffffffffffffff


def all_ones_script(args):
    """An all-ones entry at each level (4 KiB walk from the top): a fresh entry of each table, so
    nothing earlier is cached; then a mapped page still translates."""
    first_stage = any("x-flts=on" in a for a in args)
    scalable = any("x-scalable-mode=on" in a for a in args)
    s = cfg(0x24, ABAR) + cfg(0x04, 0x6, 2)
    s += cfg(0x84, MSI_IOVA) + cfg(0x88, 0) + cfg(0x8c, 0x4321, 2) + cfg(0x82, 0x1, 2)
    s += [f"writel {ABAR + 0x04:#x} 0x80000002", f"writel {ABAR + 0x114:#x} 0x1"]
    if first_stage:
        s += fs_tables() + [wq(ROOT, 0), wq(ROOT + 8, CTX | 1)] + sm_context() + [wq(PDIR, PTBL | 1)] + fs_entry()
        levels = (FPML4, FPDPT, FPD, FPT)
    elif scalable:
        s += [t for t in tables(args) if not t.startswith(f"writeq {CTX + AHCI * 16:#x}") and not t.startswith(f"writeq {CTX + AHCI * 16 + 8:#x}")]
        s += [wq(ROOT, 0), wq(ROOT + 8, CTX | 1)] + sm_context() + [wq(PDIR, PTBL | 1)] + pasid_entry(args)
        levels = (PML4, PDPT, PD, PT)
    else:
        s += tables(args)
        levels = (PML4, PDPT, PD, PT)
    s += [vtd_q(RTADDR, ROOT | (1 << 10 if scalable else 0)), vtd_w(GCMD, SRTP), vtd_r(GSTS), vtd_w(GCMD, TE), vtd_r(GSTS)]
    # PML4[1], PDPT[2], PD[3], PT[0x20]: all ones; the IOVA that walks through each.
    for table, index, iova in zip(levels, (1, 2, 3, 0x20), (1 << 39 | 0x10000, 2 << 30 | 0x10000, 3 << 21 | 0x10000, 0x20000)):
        s += [wq(table + index * 8, ONES)] + fis(iova, 0x307000)
    return s + fis(0x10000, 0x300000)


# info mtree with translation on (00:1f.3's context entry pass-through) and off again.
MTREE_ARGS = ["-machine", "q35", "-device", "intel-iommu", "-device", "pci-testdev,id=t0,addr=5"]
MTREE_ON = [wq(ROOT, CTX | 1), wq(CTX + 0xfb * 16, 2 << 2 | 1), wq(CTX + 0xfb * 16 + 8, 2 | 1 << 8),
            vtd_q(RTADDR, ROOT), vtd_w(GCMD, SRTP), vtd_w(GCMD, TE), vtd_r(GSTS)]
MTREE_OFF = MTREE_ON + [vtd_w(GCMD, 0), vtd_r(GSTS)]


def main():
    if os.environ.get("CAPTURE_VTD_ALL_ONES") == "1":  # only the all-ones capture
        q.write("qtest-vtd-dma-all-ones.txt", q.qtest_transcript(ALL_ONES_CONFIGS, all_ones_script))
        q.write("qtest-vtd-dma-all-ones-stderr.txt", q.stderr_of_each(ALL_ONES_CONFIGS, all_ones_script))
        return
    q.write("qtest-vtd-dma.txt", q.qtest_transcript(CONFIGS, script))
    q.write("qtest-vtd-dma-stderr.txt", q.stderr_of_each(CONFIGS, script))
    q.write("qtest-vtd-dma-scalable.txt", q.qtest_transcript(SM_CONFIGS, sm_script))
    q.write("qtest-vtd-dma-scalable-stderr.txt", q.stderr_of_each(SM_CONFIGS, sm_script))
    q.write("qtest-vtd-dma-first-stage.txt", q.qtest_transcript(FS_CONFIGS, fs_script))
    q.write("qtest-vtd-dma-first-stage-stderr.txt", q.stderr_of_each(FS_CONFIGS, fs_script))
    q.write("qtest-vtd-dma-all-ones.txt", q.qtest_transcript(ALL_ONES_CONFIGS, all_ones_script))
    q.write("qtest-vtd-dma-all-ones-stderr.txt", q.stderr_of_each(ALL_ONES_CONFIGS, all_ones_script))
    q.write("mtree-vtd-te-on.txt", m.capture(MTREE_ARGS, MTREE_ON))
    q.write("mtree-vtd-te-off.txt", m.capture(MTREE_ARGS, MTREE_OFF))


if __name__ == "__main__":
    main()
