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

mtree-vtd-te-on.txt / mtree-vtd-te-off.txt: `info mtree` (and -D, -o, -f) after translation is
enabled with a root table whose context entry for 00:1f.3 is pass-through (that device stays on
the no-DMAR view), and after it is disabled again (capture_mtree.py's format).

Usage: python3 capture_vtd_dma.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
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


# info mtree with translation on (00:1f.3's context entry pass-through) and off again.
MTREE_ARGS = ["-machine", "q35", "-device", "intel-iommu", "-device", "pci-testdev,id=t0,addr=5"]
MTREE_ON = [wq(ROOT, CTX | 1), wq(CTX + 0xfb * 16, 2 << 2 | 1), wq(CTX + 0xfb * 16 + 8, 2 | 1 << 8),
            vtd_q(RTADDR, ROOT), vtd_w(GCMD, SRTP), vtd_w(GCMD, TE), vtd_r(GSTS)]
MTREE_OFF = MTREE_ON + [vtd_w(GCMD, 0), vtd_r(GSTS)]


def main():
    q.write("qtest-vtd-dma.txt", q.qtest_transcript(CONFIGS, script))
    q.write("qtest-vtd-dma-stderr.txt", q.stderr_of_each(CONFIGS, script))
    q.write("qtest-vtd-dma-scalable.txt", q.qtest_transcript(SM_CONFIGS, sm_script))
    q.write("qtest-vtd-dma-scalable-stderr.txt", q.stderr_of_each(SM_CONFIGS, sm_script))
    q.write("mtree-vtd-te-on.txt", m.capture(MTREE_ARGS, MTREE_ON))
    q.write("mtree-vtd-te-off.txt", m.capture(MTREE_ARGS, MTREE_OFF))


if __name__ == "__main__":
    main()
