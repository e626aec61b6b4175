#!/usr/bin/env python3
"""Regenerates qtest-ahci.txt and qtest-smbus.txt: the registers of q35's built-in ich9-ahci (00:1f.2)
and ICH9-SMB (00:1f.3) as QEMU 10.0 answers them over qtest, without any disk.

Each file is a capture_q35.stable_transcript (QMP on a Unix socket, qtest on stdio, `-S`,
`irq_intercept_in ioapic` first; run until two runs agree): the BARs sized and programmed over
0xcf8/0xcfc, `info pci` (HMP through QMP) and `query-pci`, then the registers (their `info mtree`:
capture_mtree.py, mtree-ahci-smbus.txt).

Usage: python3 capture_ahci_smbus.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json

import capture_q35 as q

AHCI = 0xfa  # 00:1f.2
SMB = 0xfb   # 00:1f.3
ABAR = 0xfebf0000
IDP = 0xc000
SMBA = 0xc100


def cfg_write(devfn, offset, value, size=4):
    address = 0x80000000 | (devfn << 8) | (offset & 0xfc)
    op = {1: "outb", 2: "outw", 4: "outl"}[size]
    return [f"qtest outl 0xcf8 {address:#x}", f"qtest {op} {0xcfc + (offset & 3):#x} {value:#x}"]


def cfg_read(devfn, offset, size=4):
    address = 0x80000000 | (devfn << 8) | (offset & 0xfc)
    op = {1: "inb", 2: "inw", 4: "inl"}[size]
    return [f"qtest outl 0xcf8 {address:#x}", f"qtest {op} {0xcfc + (offset & 3):#x}"]


def hmp(command):
    return "qmp " + json.dumps({"execute": "human-monitor-command", "arguments": {"command-line": command}})


def sizing(devfn):
    """Every BAR register written with all ones and read back, then zero again."""
    steps = []
    for offset in range(0x10, 0x28, 4):
        steps += cfg_write(devfn, offset, 0xffffffff) + cfg_read(devfn, offset) + cfg_write(devfn, offset, 0)
    return steps


def views():
    return [hmp("info pci"), "qmp " + json.dumps({"execute": "query-pci"})]


def readl(offset):
    return f"qtest readl {ABAR + offset:#x}"


def writel(offset, value):
    return f"qtest writel {ABAR + offset:#x} {value:#x}"


def ahci_script():
    s = ["qtest irq_intercept_in ioapic"] + sizing(AHCI) + views()
    s += cfg_write(AHCI, 0x24, ABAR) + cfg_write(AHCI, 0x20, IDP | 1) + cfg_write(AHCI, 0x04, 0x3, 2) + views()
    # Generic host control, every dword, then the port registers of ports 0, 5 and past the last.
    s += [readl(o) for o in range(0, 0x100, 4)]
    for port in (0, 5, 6, 31):
        s += [readl(0x100 + port * 0x80 + o) for o in range(0, 0x80, 4)]
    s += [readl(o) for o in range(0x400, 0x1000, 0x100)]
    # Access sizes: bytes, words, quads, unaligned.
    s += [f"qtest readb {ABAR + o:#x}" for o in range(0, 8)] + [f"qtest readw {ABAR + o:#x}" for o in range(0, 8)]
    s += [f"qtest readq {ABAR + o:#x}" for o in (0, 4, 8, 2, 0x100, 0x128)]
    s += [f"qtest readl {ABAR + o:#x}" for o in (1, 2, 3, 0x102)]
    # Host control writes: CAP, PI, VS ignored; GHC interrupt enable, AE, reserved bits; IS w1c.
    for o, v in ((0x00, 0), (0x0c, 0), (0x10, 0), (0x04, 0x2), (0x04, 0x7ffffffc), (0x04, 0), (0x08, 0xffffffff),
                 (0x14, 0xffffffff), (0x24, 0xffffffff), (0xa0, 0xffffffff)):
        s += [writel(o, v), readl(o), readl(0x04)]
    # Misaligned and narrow writes.
    s += [f"qtest writeb {ABAR + 4:#x} 0x2", readl(4), f"qtest writew {ABAR + 6:#x} 0x0", readl(4),
          f"qtest writel {ABAR + 5:#x} 0x2", readl(4), f"qtest writeb {ABAR + 0x118:#x} 0xff", readl(0x118),
          f"qtest writeq {ABAR + 0x100:#x} 0x1122334455667788", readl(0x100), readl(0x104)]
    # Port 0 registers: each written with all ones and read back, then zero.
    for o in range(0, 0x80, 4):
        if o == 0x18:
            continue  # PxCMD below
        s += [writel(0x100 + o, 0xffffffff), readl(0x100 + o), readl(0x10), readl(0x08)]
        s += [writel(0x100 + o, 0), readl(0x100 + o)]
    # Interrupts: enable a port interrupt, set GHC.IE, the port status bits through PxSCTL/PxSERR.
    s += [writel(0x114, 0xffffffff), writel(0x04, 2), readl(0x08), readl(0x110), writel(0x04, 0)]
    # PxCMD: bits other than ST and FRE, then ICC, then a port reset through PxSCTL.DET.
    for v in (0xffffffee, 0xf0000000, 0x00000006, 0, 0x10, 0x1):
        s += [writel(0x298, v), readl(0x298), readl(0x2a0), readl(0x2a4)]
    # PxCMD.FRE with a receive area in RAM (the first D2H FIS of an empty port), ST with a list in RAM.
    s += [writel(0x108, 0x3000), writel(0x10c, 0), writel(0x114, 0xffffffff), writel(0x04, 2),
          writel(0x118, 0x10), readl(0x118), readl(0x110), readl(0x120), readl(0x124), readl(0x08)]
    s += [f"qtest readl {0x3000 + o:#x}" for o in range(0x40, 0x58, 4)]
    s += [writel(0x100, 0x2000), writel(0x118, 0x11), readl(0x118), readl(0x110), writel(0x138, 1), readl(0x138),
          readl(0x118), writel(0x118, 0), readl(0x118), readl(0x110), writel(0x110, 0xffffffff), readl(0x110), readl(0x08)]
    # A list or receive area outside RAM.
    s += [writel(0x180, 0xf0000000), writel(0x188, 0xf0000000), writel(0x198, 0x11), readl(0x198), readl(0x190)]
    s += [writel(0x184, 1), writel(0x198, 0x1), readl(0x198)]
    # Port reset through PxSCTL.DET 1 -> 0.
    s += [writel(0x1ac, 1), readl(0x1ac), readl(0x1a0), readl(0x1a4), writel(0x1ac, 0), readl(0x1ac), readl(0x1a0),
          readl(0x1a4), readl(0x198)]
    # The index/data pair in BAR4 (index at 0x10, data at 0x14).
    s += [f"qtest inl {IDP + o:#x}" for o in range(0, 0x20, 4)]
    s += [f"qtest outl {IDP + 0x10:#x} 0x4", f"qtest inl {IDP + 0x10:#x}", f"qtest inl {IDP + 0x14:#x}",
          f"qtest outl {IDP + 0x10:#x} 0xffffffff", f"qtest inl {IDP + 0x10:#x}", f"qtest inl {IDP + 0x14:#x}",
          f"qtest outl {IDP + 0x10:#x} 0x12f", f"qtest inl {IDP + 0x10:#x}", f"qtest outl {IDP + 0x14:#x} 0xffffffff",
          f"qtest inl {IDP + 0x14:#x}", readl(0x12c), f"qtest outl {IDP + 0x10:#x} 0x4",
          f"qtest inw {IDP + 0x10:#x}", f"qtest inb {IDP + 0x14:#x}", f"qtest inw {IDP + 0x14:#x}",
          f"qtest outw {IDP + 0x14:#x} 0x2", readl(0x04), f"qtest outl {IDP + 0x14:#x} 0x0",
          f"qtest outb {IDP + 0x10:#x} 0x0", f"qtest inl {IDP + 0x10:#x}", f"qtest outl {IDP + 0x0:#x} 0x8",
          f"qtest inl {IDP + 0x10:#x}", f"qtest outl {IDP + 0x11:#x} 0x8", f"qtest inl {IDP + 0x10:#x}",
          f"qtest inb {IDP + 0x11:#x}"]
    # Port 3's first D2H FIS with its interrupt enabled (INTx), then with bus mastering on: the FIS in RAM.
    s += [writel(0x294, 0x1), writel(0x04, 0x2), writel(0x288, 0x4000), writel(0x298, 0x10), readl(0x290), readl(0x08),
          writel(0x290, 0x1), readl(0x08), writel(0x298, 0x0), writel(0x294, 0x0), writel(0x04, 0x0)]
    s += cfg_write(AHCI, 0x04, 0x7, 2)
    s += [writel(0x208, 0x5000), writel(0x218, 0x10), readl(0x218), readl(0x210)]
    s += [f"qtest readl {0x5000 + o:#x}" for o in range(0x40, 0x58, 4)]
    s += [writel(0x200, 0x6000), writel(0x218, 0x11), readl(0x218), writel(0x238, 0x3), readl(0x238),
          writel(0x180, 0xfee00000), writel(0x198, 0x1), readl(0x198), writel(0x218, 0x0), readl(0x218)]
    s += cfg_write(AHCI, 0x04, 0x3, 2)
    # Every port's engines started with bus mastering off (bounce buffers of 4 KiB in all).
    for port in range(6):
        s += [writel(0x100 + port * 0x80 + 0x18, 0x0)]
    for port in range(6):
        s += [writel(0x100 + port * 0x80 + 0x18, 0x11), readl(0x100 + port * 0x80 + 0x18)]
    for port in range(6):
        s += [writel(0x100 + port * 0x80 + 0x18, 0x0), readl(0x100 + port * 0x80 + 0x18)]
    # GHC.HR resets the controller; then the machine reset.
    s += [writel(0x114, 0xff), writel(0x104, 0x3000), writel(0x04, 0x1), readl(0x04), readl(0x114), readl(0x104),
          readl(0x118), readl(0x120), readl(0x124)]
    s += [writel(0x100, 0x1000), writel(0x114, 0x1), writel(0x04, 0x2), "qmp " + json.dumps({"execute": "system_reset"}),
          readl(0x04), readl(0x100), readl(0x114), readl(0x118), readl(0x120), readl(0x124)]
    s += cfg_read(AHCI, 0x24) + cfg_read(AHCI, 0x04, 2)
    s += ahci_msi_steps()
    return s


MSG_RAM = 0x100000


def ram(address):
    return [f"qtest readl {address:#x}", f"qtest writel {address:#x} 0x0"]


def fis_interrupt(port):
    """GHC.HR, then the port's interrupts and GHC.IE enabled and FRE set with a receive area: the first
    D2H register FIS sets PxIS.DHRS."""
    base = 0x100 + port * 0x80
    return [writel(0x04, 0x1), writel(base + 0x14, 0xffffffff), writel(0x04, 0x2), writel(base + 0x08, 0x3000 + port * 0x100),
            writel(base + 0x18, 0x10)]


def ahci_msi_steps():
    """The MSI capability at 0x80 (64-bit, one vector, no mask): its registers, then port 0's interrupt
    as a message written to RAM (read back and cleared after each step) while MSI is enabled."""
    s = cfg_write(AHCI, 0x24, ABAR) + cfg_write(AHCI, 0x20, IDP | 1) + cfg_write(AHCI, 0x04, 0x3, 2)
    s += cfg_read(AHCI, 0x80) + cfg_read(AHCI, 0x84) + cfg_read(AHCI, 0x88) + cfg_read(AHCI, 0x8c) + cfg_read(AHCI, 0x90)
    # Writable bits: all ones into every dword, read back, zero again; the enabled count clamped.
    for o in (0x80, 0x84, 0x88, 0x8c):
        s += cfg_write(AHCI, o, 0xffffffff) + cfg_read(AHCI, o) + cfg_write(AHCI, o, 0) + cfg_read(AHCI, o)
    s += cfg_write(AHCI, 0x82, 0x70, 2) + cfg_read(AHCI, 0x80) + cfg_write(AHCI, 0x82, 0x71, 2) + cfg_read(AHCI, 0x80)
    s += cfg_write(AHCI, 0x82, 0x0, 2)
    # Programmed: the message to RAM, data 0x4041, enabled; bus mastering off first.
    s += cfg_write(AHCI, 0x84, MSG_RAM) + cfg_write(AHCI, 0x88, 0) + cfg_write(AHCI, 0x8c, 0x4041, 2)
    s += cfg_write(AHCI, 0x82, 0x1, 2) + cfg_read(AHCI, 0x80) + cfg_read(AHCI, 0x8c)
    # Port 0's first D2H FIS with its interrupt and GHC.IE on, bus mastering off: no message, no INTx.
    s += fis_interrupt(0) + [readl(0x110), readl(0x08)] + ram(MSG_RAM)
    # Bus mastering on: each later interrupt check (GHC written, PxIE written) sends a message.
    s += cfg_write(AHCI, 0x04, 0x7, 2) + [writel(0x04, 0x2)] + ram(MSG_RAM) + [writel(0x114, 0xffffffff)] + ram(MSG_RAM)
    s += [writel(0x04, 0x2)] + ram(MSG_RAM)
    # Clearing PxIS: no message, no INTx; GHC.IE off and on again with nothing pending.
    s += [writel(0x110, 0xffffffff), readl(0x110), readl(0x08)] + ram(MSG_RAM)
    s += [writel(0x04, 0x0), writel(0x04, 0x2)] + ram(MSG_RAM)
    # After GHC.HR, port 1's and port 5's first D2H FIS: a message each when it arrives.
    s += fis_interrupt(1) + [readl(0x190), readl(0x08)] + ram(MSG_RAM)
    s += fis_interrupt(5) + [readl(0x390), readl(0x08)] + ram(MSG_RAM)
    # GHC.IE off while pending: nothing; on again: a message.
    s += [writel(0x04, 0x0)] + ram(MSG_RAM) + [writel(0x04, 0x2)] + ram(MSG_RAM)
    # MSI off while the interrupt is pending: INTx at the next check; MSI on again lowers INTx.
    s += cfg_write(AHCI, 0x82, 0x0, 2) + ram(MSG_RAM) + [writel(0x04, 0x2)] + ram(MSG_RAM)
    s += cfg_write(AHCI, 0x82, 0x1, 2) + ram(MSG_RAM) + [writel(0x04, 0x2)] + ram(MSG_RAM)
    s += [writel(0x390, 0xffffffff), readl(0x08)] + ram(MSG_RAM)
    # MSI off with INTx up, a write elsewhere in the capability with MSI off, then on with other data.
    s += fis_interrupt(2) + ram(MSG_RAM) + cfg_write(AHCI, 0x82, 0x0, 2) + [writel(0x04, 0x2)]
    s += cfg_write(AHCI, 0x8c, 0x1234, 2) + cfg_write(AHCI, 0x82, 0x1, 2) + [writel(0x04, 0x2)] + ram(MSG_RAM)
    # The interrupt through the index/data pair (GHC written there), a message above 4 GiB (nothing in RAM).
    s += [f"qtest outl {IDP + 0x10:#x} 0x4", f"qtest outl {IDP + 0x14:#x} 0x2"] + ram(MSG_RAM)
    s += cfg_write(AHCI, 0x88, 0x1) + [writel(0x04, 0x2)] + ram(MSG_RAM) + cfg_write(AHCI, 0x88, 0x0)
    # Bus mastering off again: nothing.
    s += cfg_write(AHCI, 0x04, 0x3, 2) + [writel(0x04, 0x2)] + ram(MSG_RAM) + cfg_write(AHCI, 0x04, 0x7, 2)
    # GHC.HR with MSI on, then the machine reset: the capability as reset.
    s += [writel(0x04, 0x1), readl(0x04)] + cfg_read(AHCI, 0x80) + ram(MSG_RAM)
    s += ["qmp " + json.dumps({"execute": "system_reset"})]
    s += cfg_read(AHCI, 0x80) + cfg_read(AHCI, 0x84) + cfg_read(AHCI, 0x88) + cfg_read(AHCI, 0x8c) + cfg_read(AHCI, 0x04, 2)
    return s


def smb(offset):
    return f"qtest inb {SMBA + offset:#x}"


def smbw(offset, value):
    return f"qtest outb {SMBA + offset:#x} {value:#x}"


def transaction(address, read, protocol, command=0, data0=None, data1=None, interrupt=False):
    """A host transaction: address, command, data, then the control register's start bit."""
    s = [smbw(4, (address << 1) | read), smbw(3, command)]
    if data0 is not None:
        s.append(smbw(5, data0))
    if data1 is not None:
        s.append(smbw(6, data1))
    s += [smbw(2, 0x40 | (protocol << 2) | (1 if interrupt else 0)), smb(0), smb(0), smb(5), smb(6), smb(2), smbw(0, 0xff), smb(0)]
    return s


def smbus_script():
    s = ["qtest irq_intercept_in ioapic"] + sizing(SMB) + views()
    s += cfg_write(SMB, 0x20, SMBA | 1) + cfg_write(SMB, 0x04, 0x1, 2) + views()
    s += [smb(o) for o in range(0, 0x40)]
    s += [f"qtest inw {SMBA:#x}", f"qtest inl {SMBA:#x}", f"qtest outw {SMBA + 4:#x} 0x1234", smb(4), smb(5)]
    # Host configuration (0x40): HST_EN on, I2C_EN, SSRESET.
    s += cfg_write(SMB, 0x40, 0x1, 1) + cfg_read(SMB, 0x40, 1)
    for o, v in ((3, 0x5a), (4, 0xa5), (5, 0x11), (6, 0x22), (7, 0x33), (0x0d, 0xff), (0x0c, 0xff), (2, 0x1f), (2, 0xff)):
        s += [smbw(o, v), smb(o), smb(0)]
    s += [smbw(2, 0), smbw(0x0d, 0), smbw(0, 0xff), smb(0)]
    # Quick commands to an SPD EEPROM and to nothing; byte and word data reads and writes.
    s += transaction(0x50, 0, 0) + transaction(0x40, 0, 0) + transaction(0x57, 1, 0) + transaction(0x58, 1, 0)
    s += transaction(0x50, 0, 2, 0x10, 0xab) + transaction(0x50, 1, 2, 0x10) + transaction(0x50, 1, 2, 0x11)
    s += transaction(0x51, 1, 2, 0x10) + transaction(0x50, 0, 3, 0x20, 0x34, 0x12) + transaction(0x50, 1, 3, 0x20)
    s += transaction(0x50, 0, 1, 0x10) + transaction(0x50, 1, 1) + transaction(0x50, 1, 1) + transaction(0x48, 1, 1)
    s += transaction(0x50, 1, 3, 0xff) + transaction(0x50, 1, 1)
    # With DEV_ERR left set, the next transaction fails.
    s += [smbw(4, 0xa1), smbw(3, 0x10), smbw(2, 0x48), smb(0), smbw(2, 0x48), smb(0), smb(5), smbw(0, 0xff), smb(0)]
    # Interrupt enable: the transaction runs at once, INTR raises INTA.
    s += transaction(0x50, 1, 2, 0x10, interrupt=True) + transaction(0x40, 1, 2, 0x10, interrupt=True)
    s += [smbw(2, 0x1), smbw(0, 0x2), smb(0), smbw(2, 0x41 | (2 << 2)), smb(0), smbw(2, 0), smb(0), smbw(0, 0xff)]
    # Kill, block data (byte-by-byte and with AUX_BLK), processed call and I2C block read.
    s += [smbw(2, 0x02), smb(0), smbw(0, 0xff), smb(0), smbw(2, 0)]
    s += transaction(0x50, 1, 5, 0x10) + [smb(7), smb(7)] + transaction(0x50, 1, 4, 0x10) + transaction(0x50, 1, 6, 0x10, 2, 0x10)
    s += [smbw(0x0d, 0x2), smbw(7, 0x1), smbw(7, 0x2), smb(7)] + transaction(0x50, 0, 5, 0x40, 2) + [smbw(0x0d, 0)]
    s += transaction(0x50, 1, 2, 0x40) + transaction(0x50, 1, 2, 0x41)
    # HST_EN off: the registers are gone; SSRESET.
    s += cfg_write(SMB, 0x40, 0x0, 1) + [smb(0), smb(3)]
    s += cfg_write(SMB, 0x40, 0x5, 1) + [smb(3)] + cfg_write(SMB, 0x40, 0x9, 1) + cfg_read(SMB, 0x40, 1) + [smb(0), smb(3)]
    s += ["qmp " + json.dumps({"execute": "system_reset"}), smb(0), smb(3)] + cfg_read(SMB, 0x40, 1) + cfg_read(SMB, 0x20)
    s += smbus_reset_steps()
    return s


def smbus_reset_steps():
    """The host state a machine reset keeps or clears: BAR4 programmed again, every register read;
    then registers written, a failed transaction's status and interrupt left up, I2C_EN set, the
    block buffer half read; system_reset; everything read again; a transaction after it."""
    again = cfg_write(SMB, 0x20, SMBA | 1) + cfg_write(SMB, 0x04, 0x1, 2)
    s = again + [smb(o) for o in range(0, 0x20)]
    # The registers past AUX_CTL (SMLINK/SMBus pin control, slave status and command, the notify
    # registers): all ones written to each, read back.
    for o in range(0x0e, 0x20):
        s += [smbw(o, 0xff), smb(o)]
    s += [smbw(0x0d, 0x2), smbw(7, 0x12), smbw(7, 0x34), smbw(7, 0x56), smb(7), smbw(3, 0x5a), smbw(5, 0x11), smbw(6, 0x22)]
    s += [smbw(4, (0x40 << 1) | 1), smbw(2, 0x41 | (2 << 2)), smb(0), smb(2)] + cfg_write(SMB, 0x40, 0x5, 1)
    s += ["qmp " + json.dumps({"execute": "system_reset"})] + cfg_read(SMB, 0x40, 1) + cfg_read(SMB, 0x04, 2) + again
    s += [smb(o) for o in range(0, 0x20)] + [smb(7), smb(7)]
    # A transaction after the reset, its interrupt enabled (DEV_ERR still up: it fails, INTA stays
    # down while the level the function last set is up); status cleared, another: INTA again.
    s += transaction(0x50, 1, 2, 0x10, interrupt=True) + transaction(0x50, 1, 2, 0x10, interrupt=True) + [smbw(2, 0x0)]
    return s


def main():
    q.write("qtest-ahci.txt", q.stable_transcript(["-machine", "q35"], ahci_script(), settle=0.02))
    q.write("qtest-smbus.txt", q.stable_transcript(["-machine", "q35"], smbus_script(), settle=0.02))


if __name__ == "__main__":
    main()
