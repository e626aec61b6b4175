#!/usr/bin/env python3
"""Drives QEMU 10.0's virtio-iommu-pci as a guest driver would, over qtest only, and keeps every reply.

Usage: python3 capture_virtio_iommu_queue.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes virtio-iommu-queue.json: for each session, the options after -nodefaults -display none,
the qtest lines sent (QEMU ... -S -qtest stdio, through capture_q35's shared runner) and QEMU's
reply to each line. The tests replay the same lines against QomSharp and compare every reply.

The CPU never runs (-S, and this QEMU build has no qtest accelerator); the driver is this script:
  - it programs BAR4 (the modern virtio BAR) at 0xe0000000 and enables memory and bus mastering
    over 0xcf8/0xcfc;
  - it negotiates features through the common configuration structure (BAR + 0), sets up the
    request queue (0) and the event queue (1) in guest RAM (split rings: descriptors, available
    and used rings), and sets DRIVER_OK;
  - each request is written to guest RAM (an out buffer, then an in buffer prefilled with 0xa5),
    chained in two descriptors (or as the session says), made available, and notified (a write to
    the notify area, BAR + 0x3000); the in buffer, the used ring's index and element, the
    avail_event word and the ISR (BAR + 0x1000, read-to-clear) are then read back.
Endpoints: the pci-testdev functions the sessions add (00:05.0 = endpoint 0x28, 00:06.0 = 0x30).
"""
import json
import os
import struct
import sys

import capture_q35 as q  # qtest_with_stderr: the shared qtest runner

QEMU = sys.argv[1] if len(sys.argv) > 1 else "/opt/qemu10/qemu-system-x86_64"
HERE = os.path.dirname(os.path.abspath(__file__))

SLOT = 4
BAR = 0xE0000000
COMMON, ISR, DEVICE, NOTIFY = BAR, BAR + 0x1000, BAR + 0x2000, BAR + 0x3000
DEVICES = ["-device", "virtio-iommu-pci,addr=04.0", "-device", "pci-testdev,addr=05.0", "-device", "pci-testdev,addr=06.0"]
EP1, EP2 = 0x28, 0x30

# Feature bits.
F_INPUT_RANGE, F_DOMAIN_RANGE, F_MAP_UNMAP, F_BYPASS, F_PROBE, F_MMIO, F_BYPASS_CONFIG = 0, 1, 2, 3, 4, 5, 6
F_INDIRECT, F_EVENT_IDX, F_VERSION_1 = 28, 29, 32
DEFAULT_FEATURES = (1 << F_VERSION_1) | (1 << F_INPUT_RANGE) | (1 << F_DOMAIN_RANGE) | (1 << F_MAP_UNMAP) | (1 << F_PROBE) | (1 << F_BYPASS_CONFIG) | (1 << F_MMIO)

# Request types and flags.
T_ATTACH, T_DETACH, T_MAP, T_UNMAP, T_PROBE = 1, 2, 3, 4, 5
MAP_R, MAP_W, MAP_MMIO = 1, 2, 4


def attach(domain, endpoint, flags=0, kind=T_ATTACH):
    return struct.pack("<B3xIII4x", kind, domain, endpoint, flags)


def detach(domain, endpoint):
    return struct.pack("<B3xIII4x", T_DETACH, domain, endpoint, 0)


def map_(domain, start, end, phys, flags=MAP_R | MAP_W):
    return struct.pack("<B3xIQQQI", T_MAP, domain, start, end, phys, flags)


def unmap(domain, start, end):
    return struct.pack("<B3xIQQ4x", T_UNMAP, domain, start, end)


def probe(endpoint):
    return struct.pack("<B3xI64x", T_PROBE, endpoint)


class Guest:
    """A guest driver writing qtest lines: configuration cycles, MMIO and guest RAM."""

    def __init__(self, qsize=16):
        self.lines = []
        self.qsize = qsize
        self.rings = {}  # queue -> (desc, avail, used)
        self.avail_idx = {0: 0, 1: 0}
        self.next_desc = {0: 0, 1: 0}
        self.requests = 0

    def emit(self, line):
        self.lines.append(line)

    def cfg_write(self, off, val, size):
        self.emit(f"outl 0xcf8 0x{0x80000000 | (SLOT << 11) | (off & 0xfc):x}")
        self.emit(f"out{'bwxl'[size - 1]} 0x{0xcfc + (off & 3):x} 0x{val:x}")

    def cfg_read(self, off, size):
        self.emit(f"outl 0xcf8 0x{0x80000000 | (SLOT << 11) | (off & 0xfc):x}")
        self.emit(f"in{'bwxl'[size - 1]} 0x{0xcfc + (off & 3):x}")

    def w(self, addr, val, size):
        self.emit(f"write{'bwxlxxxq'[size - 1]} 0x{addr:x} 0x{val:x}")

    def r(self, addr, size):
        self.emit(f"read{'bwxlxxxq'[size - 1]} 0x{addr:x}")

    def write_bytes(self, addr, data):
        data = bytes(data)
        i = 0
        while i < len(data):
            if len(data) - i >= 8:
                self.w(addr + i, struct.unpack_from("<Q", data, i)[0], 8)
                i += 8
            else:
                self.w(addr + i, data[i], 1)
                i += 1

    def read_bytes(self, addr, length):
        for i in range(0, length - length % 8, 8):
            self.r(addr + i, 8)
        for i in range(length - length % 8, length):
            self.r(addr + i, 1)

    def enable_bar(self, command=0x6):
        self.cfg_write(0x20, BAR, 4)
        self.cfg_write(0x24, 0, 4)
        self.cfg_write(0x04, command, 2)

    def common_dump(self):
        for off, size in [(0, 4), (4, 4), (8, 4), (0xc, 4), (0x10, 2), (0x12, 2), (0x14, 1), (0x15, 1), (0x16, 2), (0x18, 2),
                          (0x1a, 2), (0x1c, 2), (0x1e, 2), (0x20, 4), (0x24, 4), (0x28, 4), (0x2c, 4), (0x30, 4), (0x34, 4),
                          (0x38, 2), (0x3a, 2), (0x3c, 4)]:
            self.r(COMMON + off, size)

    def device_features(self):
        for sel in range(3):
            self.w(COMMON + 0, sel, 4)
            self.r(COMMON + 4, 4)

    def set_features(self, features):
        self.w(COMMON + 8, 0, 4)
        self.w(COMMON + 0xc, features & 0xFFFFFFFF, 4)
        self.w(COMMON + 8, 1, 4)
        self.w(COMMON + 0xc, features >> 32, 4)

    def status(self, value):
        self.w(COMMON + 0x14, value, 1)
        self.r(COMMON + 0x14, 1)

    def setup_queue(self, queue, size=None):
        size = self.qsize if size is None else size
        base = 0x100000 + queue * 0x4000
        desc, avail, used = base, base + 0x1000, base + 0x2000
        self.rings[queue] = (desc, avail, used, size)
        self.w(COMMON + 0x16, queue, 2)
        self.r(COMMON + 0x18, 2)
        self.w(COMMON + 0x18, size, 2)
        self.r(COMMON + 0x18, 2)
        for off, addr in [(0x20, desc), (0x28, avail), (0x30, used)]:
            self.w(COMMON + off, addr & 0xFFFFFFFF, 4)
            self.w(COMMON + off + 4, addr >> 32, 4)
        self.w(COMMON + 0x1c, 1, 2)
        self.r(COMMON + 0x1c, 2)

    def init(self, features=DEFAULT_FEATURES, queues=(0, 1)):
        self.enable_bar()
        self.status(0)
        self.status(1)
        self.status(3)
        self.device_features()
        self.set_features(features)
        self.status(0xb)
        for queue in queues:
            self.setup_queue(queue)
        self.status(0xf)

    def descriptor(self, queue, index, addr, length, flags, nxt):
        desc = self.rings[queue][0] + 16 * index
        self.w(desc, addr, 8)
        self.w(desc + 8, length, 4)
        self.w(desc + 12, flags, 2)
        self.w(desc + 14, nxt, 2)

    def make_available(self, queue, head, notify=True):
        desc, avail, used, size = self.rings[queue]
        self.w(avail + 4 + 2 * (self.avail_idx[queue] % size), head, 2)
        self.avail_idx[queue] = (self.avail_idx[queue] + 1) & 0xFFFF
        self.w(avail + 2, self.avail_idx[queue], 2)
        if notify:
            self.w(NOTIFY + 4 * queue, queue, 2)

    def results(self, queue, in_addr, in_len):
        desc, avail, used, size = self.rings[queue]
        if in_len:
            self.read_bytes(in_addr, in_len)
        self.r(used, 4)  # flags and idx
        self.r(used + 4 + 8 * ((self.avail_idx[queue] - 1) % size), 8)  # the element
        self.r(used + 4 + 8 * size, 2)  # avail_event
        self.r(ISR, 1)
        self.r(COMMON + 0x14, 1)

    def request(self, out, in_len=4, queue=0, out_len=None, in_flags=2):
        """One request of two descriptors: out (device-readable), then in (device-writable)."""
        k = self.requests
        self.requests += 1
        out_addr, in_addr = 0x200000 + k * 0x1000, 0x400000 + k * 0x1000
        self.write_bytes(out_addr, out)
        self.write_bytes(in_addr, b"\xa5" * in_len)
        head = self.next_desc[queue]
        size = self.rings[queue][3]
        self.next_desc[queue] = (head + 2) % size
        self.descriptor(queue, head, out_addr, len(out) if out_len is None else out_len, 1, (head + 1) % size)
        self.descriptor(queue, (head + 1) % size, in_addr, in_len, in_flags, 0)
        self.make_available(queue, head)
        self.results(queue, in_addr, in_len)

    def config_dump(self):
        for off in range(0, 0x30, 4):
            self.r(DEVICE + off, 4)
        self.r(DEVICE + 0, 8)
        self.r(DEVICE + 8, 8)
        self.r(DEVICE + 0x24, 1)
        self.r(DEVICE + 0x25, 1)
        self.r(DEVICE + 0x26, 2)
        self.r(DEVICE + 0x27, 1)


def requests_session():
    g = Guest()
    g.init()
    g.config_dump()
    g.request(attach(1, EP1))
    g.request(map_(1, 0x1000, 0x1FFF, 0x300000))
    g.request(map_(1, 0x1000, 0x1FFF, 0x300000))        # the same range again
    g.request(map_(1, 0x1800, 0x27FF, 0x300000))        # overlapping
    g.request(map_(1, 0x4000, 0x7FFF, 0x310000, MAP_R))
    g.request(map_(1, 0x8000, 0x8FFF, 0x320000, 0))     # no permission
    g.request(map_(1, 0x9000, 0x9FFF, 0xFEE00000, MAP_MMIO | MAP_W))
    g.request(map_(1, 0xA000, 0xAFFF, 0x330000, 8))     # unknown flag
    g.request(map_(1, 0x123, 0x456, 0x330000))          # unaligned
    g.request(map_(7, 0x1000, 0x1FFF, 0x300000))        # unknown domain
    g.request(unmap(1, 0x1000, 0x17FF))                 # part of a mapping
    g.request(unmap(1, 0x1800, 0x1FFF))
    g.request(unmap(1, 0x0, 0x4FFF))                    # covers one, cuts another
    g.request(unmap(1, 0x1000, 0x1FFF))
    g.request(unmap(1, 0x0, 0xFFFFFFFFFFFFFFFF))
    g.request(unmap(1, 0x50000, 0x5FFFF))               # nothing there
    g.request(unmap(9, 0x0, 0xFFF))                     # unknown domain
    g.request(attach(2, EP2))
    g.request(attach(2, EP1))                           # moves EP1: domain 1 goes away
    g.request(map_(1, 0x1000, 0x1FFF, 0x300000))
    g.request(detach(1, EP1))                           # the wrong domain
    g.request(detach(2, 0x99))                          # unknown endpoint
    g.request(detach(2, EP1))
    g.request(detach(2, EP1))                           # not attached any more
    g.request(attach(3, 0x99))                          # no such endpoint
    g.request(attach(3, 0x10000 | EP1))                 # bus number only from bits 8-15
    g.request(attach(3, EP1, 2))                        # unknown flag
    g.request(attach(2, EP1, 1))                        # bypass flag on a translated domain
    g.request(attach(4, EP1, 1))                        # a bypass domain
    g.request(map_(4, 0x1000, 0x1FFF, 0x300000))
    g.request(unmap(4, 0x1000, 0x1FFF))
    g.request(attach(0xFFFFFFFF, 0x20))                 # the IOMMU itself, the last domain
    g.request(attach(5, 0xF8))                          # ICH9-LPC at 1f.0
    g.request(probe(EP1), 516)
    g.request(probe(0x99), 516)
    g.request(probe(0x10000 | EP2), 516)
    g.request(struct.pack("<B3x", 9) + bytes(20))       # unknown type
    g.request(struct.pack("<B3x", 0) + bytes(20))
    g.request(attach(1, EP1)[:8])                       # short requests
    g.request(map_(1, 0, 0xFFF, 0)[:20])
    g.request(unmap(1, 0, 0xFFF)[:12])
    g.request(probe(EP1)[:40], 516)
    g.request(attach(6, EP2) + bytes(16))               # longer than the request
    g.request(probe(EP2), 600)                          # more room than the probe size
    g.request(map_(6, 0x0, 0xFFFFFFFFFFFFFFFF, 0x0))
    g.request(map_(6, 0x1000, 0x1FFF, 0x0))
    g.request(attach(6, EP1, 0, kind=T_DETACH | 0x80))
    g.request(attach(6, EP1), 8)                        # a longer in buffer: only the tail is written
    return g.lines


def inverted_session():
    """A mapping whose end lies before its start is accepted; QEMU 10.0 then loops for ever on an
    UNMAP that covers it (its interval tree cannot find the key again), so the session stops before."""
    g = Guest()
    g.init()
    g.request(attach(1, EP1))
    g.request(map_(1, 0xC000, 0xB000, 0x330000))
    g.request(map_(1, 0x1000, 0x1FFF, 0x300000))
    g.request(unmap(1, 0x1000, 0x1FFF))
    return g.lines


def config_session():
    """Device config, common config reads and writes, bypass config, ISR."""
    g = Guest()
    g.enable_bar()
    g.common_dump()
    g.config_dump()
    g.device_features()
    g.w(COMMON + 0x10, 3, 2)             # msix_config: no MSI-X
    g.r(COMMON + 0x10, 2)
    for queue in [0, 1, 2, 0x3ff, 0x400, 0xffff]:
        g.w(COMMON + 0x16, queue, 2)
        g.common_dump()
    g.w(COMMON + 0x16, 1, 2)
    g.w(COMMON + 0x18, 64, 2)
    g.r(COMMON + 0x18, 2)
    g.w(COMMON + 0x18, 24, 2)            # not a power of two
    g.r(COMMON + 0x18, 2)
    g.w(COMMON + 0x18, 0, 2)
    g.r(COMMON + 0x18, 2)
    g.w(COMMON + 0x18, 2048, 2)
    g.r(COMMON + 0x18, 2)
    g.w(COMMON + 0x1a, 5, 2)
    g.r(COMMON + 0x1a, 2)
    g.w(COMMON + 0x20, 0x12345678, 4)
    g.w(COMMON + 0x24, 0x9, 4)
    g.w(COMMON + 0x1e, 0x77, 2)          # read-only
    g.w(COMMON + 0x12, 0x77, 2)
    g.w(COMMON + 0x04, 0x77, 4)
    g.w(COMMON + 0x15, 0x77, 1)
    g.common_dump()
    g.r(COMMON + 0x20, 8)
    g.r(COMMON + 0x21, 2)
    g.r(COMMON + 0x22, 2)
    g.r(COMMON + 0x800, 4)
    g.r(COMMON + 0xffc, 4)
    g.r(ISR + 0, 1)
    g.r(ISR + 1, 1)
    g.r(ISR + 0x100, 4)
    g.r(NOTIFY, 4)
    g.r(NOTIFY + 0xffc, 4)
    g.w(DEVICE + 0x24, 0, 1)             # bypass before features: refused (not negotiated)
    g.config_dump()
    g.status(1)
    g.status(3)
    g.set_features(DEFAULT_FEATURES)
    g.r(COMMON + 0xc, 4)
    g.w(COMMON + 8, 0, 4)
    g.r(COMMON + 0xc, 4)
    g.w(COMMON + 8, 2, 4)
    g.w(COMMON + 0xc, 5, 4)
    g.r(COMMON + 0xc, 4)
    g.status(0xb)
    g.w(DEVICE + 0x24, 0, 1)
    g.config_dump()
    g.w(DEVICE + 0x24, 1, 1)
    g.config_dump()
    g.w(DEVICE + 0x0, 0x1234, 4)         # read-only fields
    g.w(DEVICE + 0x20, 0x99, 4)
    g.w(DEVICE + 0x24, 0x01000000, 4)    # bypass stays, reserved bytes
    g.config_dump()
    g.w(DEVICE + 0x24, 2, 1)             # an invalid value: the device needs a reset
    g.config_dump()
    g.r(COMMON + 0x14, 1)
    g.r(COMMON + 0x15, 1)
    g.r(ISR, 1)
    g.status(0)
    g.common_dump()
    g.config_dump()
    return g.lines


def status_session():
    """FEATURES_OK and the status register: what is refused, what a reset clears."""
    g = Guest()
    g.enable_bar()
    g.status(1)
    g.status(3)
    g.set_features(DEFAULT_FEATURES & ~(1 << F_VERSION_1))      # without VERSION_1
    g.status(0xb)
    g.r(COMMON + 0x15, 1)
    g.status(0)
    g.status(3)
    g.set_features(DEFAULT_FEATURES | (1 << 40) | (1 << 30))   # bits the device does not offer
    g.status(0xb)
    g.status(0)
    g.status(3)
    g.set_features((1 << F_VERSION_1) | (1 << 31))
    g.status(0xb)
    g.set_features(DEFAULT_FEATURES)                            # after FEATURES_OK: ignored
    g.r(COMMON + 0xc, 4)
    g.status(0xf)
    g.status(0x8f)                                              # FAILED
    g.status(0x4f)                                              # NEEDS_RESET written by the driver
    g.status(0x0)
    g.common_dump()
    g.status(0xff)
    g.status(0)
    g.status(0x80)
    g.status(0)
    return g.lines


# Ring errors whose request (an ATTACH of EP1 to domain 1 at 0x200000) is a chain at head 0, made
# available as it stands: each descriptor's address, length, flags and next.
CHAINS = {
    "loop": [(0x200000, 20, 1, 1), (0x200000, 20, 1, 0)],
    "next-out-of-range": [(0x200000, 20, 1, 8)],
    "zero-length": [(0x200000, 0, 1, 1), (0x400000, 4, 2, 0)],
    "write-then-read": [(0x400000, 4, 3, 1), (0x200000, 20, 0, 0)],
    "no-in": [(0x200000, 20, 0, 0)],
    "short-in": [(0x200000, 20, 1, 1), (0x400000, 3, 2, 0)],
    "short-head": [(0x200000, 3, 1, 1), (0x400000, 4, 2, 0)],
    # The request across three out descriptors and the tail across two in descriptors.
    "split": [(0x200000, 2, 1, 1), (0x200002, 9, 1, 2), (0x20000b, 9, 1, 3), (0x400000, 1, 3, 4), (0x400004, 3, 2, 0)],
    "unmapped-buffer": [(0x200000, 20, 1, 1), (0x10000000000, 4, 2, 0)],
}
# A good request's chain: the ATTACH, then the 4-byte tail.
GOOD_CHAIN = [(0x200000, 20, 1, 1), (0x400000, 4, 2, 0)]


def chain(g, descriptors, fill=0):
    """Writes the ATTACH request at 0x200000 (and fill bytes of 0xa5 at 0x400000), then the chain at head 0."""
    g.write_bytes(0x200000, attach(1, EP1))
    if fill:
        g.write_bytes(0x400000, b"\xa5" * fill)
    for i, (address, length, flags, following) in enumerate(descriptors):
        g.descriptor(0, i, address, length, flags, following)


def queue_session(name):
    """Ring errors: each one breaks the device (NEEDS_RESET), then a reset and a good request."""
    g = Guest(qsize=8)
    g.init(DEFAULT_FEATURES | (1 << F_INDIRECT) | (1 << F_EVENT_IDX))
    desc, avail, used, size = g.rings[0]
    if name in CHAINS:
        chain(g, CHAINS[name], fill=8 if name == "split" else 0)
        g.make_available(0, 0)
    elif name == "head-out-of-range":
        g.make_available(0, 9)
    elif name == "indirect":
        g.write_bytes(0x200000, attach(1, EP1))
        g.write_bytes(0x400000, b"\xa5" * 4)
        table = 0x500000
        g.write_bytes(table, struct.pack("<QIHH", 0x200000, 20, 1, 1) + struct.pack("<QIHH", 0x400000, 4, 2, 0))
        g.descriptor(0, 0, table, 32, 4, 0)
        g.make_available(0, 0)
    elif name == "indirect-bad-size":
        g.descriptor(0, 0, 0x500000, 24, 4, 0)
        g.make_available(0, 0)
    elif name == "indirect-loop":
        table = 0x500000
        g.write_bytes(0x200000, attach(1, EP1))
        g.write_bytes(table, struct.pack("<QIHH", 0x200000, 20, 1, 1) + struct.pack("<QIHH", 0x200000, 20, 1, 0))
        g.descriptor(0, 0, table, 32, 4, 0)
        g.make_available(0, 0)
    elif name == "avail-jump":
        # The index moves past many entries at once: each is processed as it stands.
        chain(g, GOOD_CHAIN, fill=4)
        g.w(avail + 2, 20, 2)
        g.w(NOTIFY, 0, 2)
    elif name == "no-bus-master":
        g.cfg_write(0x04, 0x2, 2)
        g.request(attach(1, EP1))
        g.cfg_write(0x04, 0x6, 2)
        g.w(NOTIFY, 0, 2)
    elif name == "notify-other":
        chain(g, GOOD_CHAIN)
        g.make_available(0, 0, notify=False)
        g.w(NOTIFY + 4, 1, 2)        # the event queue
        g.w(NOTIFY + 8, 2, 2)        # no such queue
        g.w(NOTIFY + 2, 0, 2)        # not at a queue's offset
        g.w(NOTIFY + 0, 5, 4)
    g.r(used, 4)
    g.r(used + 4, 8)
    g.r(used + 4 + 8 * size, 2)
    g.read_bytes(0x400000, 8)
    g.r(COMMON + 0x14, 1)
    g.r(COMMON + 0x15, 1)
    g.r(ISR, 1)
    # A new request after the error (refused while broken), then a reset and a good one.
    g.request(attach(2, EP2))
    g.status(0)
    g.common_dump()
    g.avail_idx = {0: 0, 1: 0}
    g.next_desc = {0: 0, 1: 0}
    g.init()
    g.request(attach(2, EP2))
    g.request(probe(EP2), 516)
    return g.lines


def event_idx_session():
    """EVENT_IDX negotiated: the avail_event word and the used_event suppression of the ISR."""
    g = Guest(qsize=4)
    g.init(DEFAULT_FEATURES | (1 << F_EVENT_IDX))
    desc, avail, used, size = g.rings[0]
    g.w(avail + 4 + 2 * size, 5, 2)     # used_event: interrupt only past entry 5
    for i in range(8):
        g.request(attach(1 + i % 2, EP1))
    g.w(avail, 1, 2)                    # NO_INTERRUPT flag (ignored with EVENT_IDX)
    g.request(attach(3, EP1))
    return g.lines


def no_interrupt_session():
    g = Guest(qsize=4)
    g.init()
    desc, avail, used, size = g.rings[0]
    g.w(avail, 1, 2)
    g.request(attach(1, EP1))
    g.request(attach(1, EP2))
    g.w(avail, 0, 2)
    g.request(map_(1, 0, 0xFFF, 0))
    return g.lines


def before_driver_ok_session():
    """Requests before DRIVER_OK, and before FEATURES_OK."""
    g = Guest()
    g.enable_bar()
    g.status(1)
    g.status(3)
    g.setup_queue(0)
    g.request(attach(1, EP1))
    g.set_features(DEFAULT_FEATURES)
    g.status(0xb)
    g.request(map_(1, 0, 0xFFF, 0))
    g.request(probe(EP1), 516)
    g.w(DEVICE + 0x24, 0, 1)
    g.config_dump()
    return g.lines


def config_variant_session(features=DEFAULT_FEATURES):
    g = Guest()
    g.init(features)
    g.config_dump()
    g.request(attach(1, EP1))
    g.request(attach(2, EP2, 1))
    g.request(map_(1, 0x0, 0xFFF, 0x300000))
    g.request(map_(1, 0xFFFFFFFFF000, 0xFFFFFFFFFFFF, 0x300000))
    g.request(probe(EP1), 516)
    g.request(probe(EP2), 516)
    g.w(DEVICE + 0x24, 0, 1)
    g.r(DEVICE + 0x24, 1)
    g.w(DEVICE + 0x24, 1, 1)
    g.r(DEVICE + 0x24, 1)
    g.status(0)
    g.config_dump()
    return g.lines


CFG_CAP = 0x84  # the PCI configuration access capability (VIRTIO_PCI_CAP_PCI_CFG), last in the list


def intx_session():
    """Without MSI-X the ISR's queue bit is the INTx level: the status register's interrupt bit."""
    g = Guest()
    g.init()
    for command in [0x6, 0x406]:
        g.cfg_write(0x04, command, 2)
        k = g.requests
        g.requests += 1
        g.write_bytes(0x200000 + k * 0x1000, attach(1 + k, EP1))
        head = g.next_desc[0]
        g.next_desc[0] = head + 2
        g.descriptor(0, head, 0x200000 + k * 0x1000, 20, 1, head + 1)
        g.descriptor(0, head + 1, 0x400000 + k * 0x1000, 4, 2, 0)
        g.make_available(0, head)
        g.cfg_read(0x06, 2)
        g.r(ISR, 1)
        g.cfg_read(0x06, 2)
    g.w(DEVICE + 0x24, 7, 1)      # a configuration error: ISR 3
    g.cfg_read(0x06, 2)
    g.r(COMMON + 0x15, 1)
    g.status(0)
    g.cfg_read(0x06, 2)
    return g.lines


def pci_cfg_access_session():
    """The structures reached through the configuration access capability's window."""
    g = Guest()
    for off in range(0, 20, 4):
        g.cfg_read(CFG_CAP + off, 4)
    g.init()
    for offset, length in [(0x2000, 4), (0x2004, 4), (0x2010, 2), (0x2024, 1), (0x14, 1), (0x12, 2), (0x15, 2), (0x4, 4),
                           (0x2026, 4), (0x4000, 4), (0x2ffe, 4), (0x0, 3), (0x1000, 1)]:
        g.cfg_write(CFG_CAP + 8, offset, 4)
        g.cfg_write(CFG_CAP + 12, length, 4)
        g.cfg_read(CFG_CAP + 16, 4)
        g.cfg_read(CFG_CAP + 17, 1)
    g.cfg_write(CFG_CAP + 4, 2, 1)            # the BAR field is not consulted
    g.cfg_write(CFG_CAP + 8, 0x16, 4)
    g.cfg_write(CFG_CAP + 12, 2, 4)
    g.cfg_write(CFG_CAP + 16, 1, 2)           # queue_select = 1 through the window
    g.r(COMMON + 0x16, 2)
    g.cfg_read(CFG_CAP + 16, 4)
    g.cfg_write(CFG_CAP + 8, 0x2024, 4)
    g.cfg_write(CFG_CAP + 12, 1, 4)
    g.cfg_write(CFG_CAP + 16, 0, 1)           # config bypass off
    g.r(DEVICE + 0x24, 1)
    # A request notified through the window.
    g.write_bytes(0x200000, attach(1, EP1))
    g.descriptor(0, 0, 0x200000, 20, 1, 1)
    g.descriptor(0, 1, 0x400000, 4, 2, 0)
    g.make_available(0, 0, notify=False)
    g.cfg_write(CFG_CAP + 8, 0x3000, 4)
    g.cfg_write(CFG_CAP + 12, 2, 4)
    g.cfg_write(CFG_CAP + 16, 0, 2)
    g.r(0x102000, 4)
    g.r(0x102004, 8)
    g.cfg_write(CFG_CAP + 8, 0x1000, 4)
    g.cfg_write(CFG_CAP + 12, 1, 4)
    g.cfg_read(CFG_CAP + 16, 1)               # the ISR, read (and cleared) through the window
    g.r(ISR, 1)
    g.cfg_write(CFG_CAP + 12, 8, 4)           # not 1, 2 or 4: no access
    g.cfg_read(CFG_CAP + 16, 4)
    return g.lines


def sessions():
    q35 = ["-machine", "q35"] + DEVICES
    out = []

    def add(name, args, lines):
        replies, err = q.qtest_with_stderr(args, lines)
        if len(replies) != len(lines):
            raise SystemExit(f"{name}: {len(replies)} replies to {len(lines)} lines\n{err}")
        print(name, len(lines), file=sys.stderr)
        out.append({"name": name, "args": args, "lines": lines, "replies": replies})

    add("requests", q35, requests_session())
    add("requests-pc-q35-9.1", ["-machine", "pc-q35-9.1"] + DEVICES, requests_session())
    add("inverted", q35, inverted_session())
    add("intx", q35, intx_session())
    add("pci-cfg-access", q35, pci_cfg_access_session())
    add("config", q35, config_session())
    add("status", q35, status_session())
    for name in ["loop", "next-out-of-range", "head-out-of-range", "zero-length", "write-then-read", "no-in", "short-in",
                 "short-head", "split", "indirect", "indirect-bad-size", "indirect-loop", "unmapped-buffer",
                 "no-bus-master", "notify-other"]:
        add("queue-" + name, q35, queue_session(name))
    add("event-idx", q35, event_idx_session())
    add("no-interrupt", q35, no_interrupt_session())
    add("before-driver-ok", q35, before_driver_ok_session())
    for opts in ["granule=4k", "granule=8k", "granule=16k", "granule=64k", "granule=host", "aw-bits=32", "aw-bits=48",
                 "boot-bypass=off", "boot-bypass=off,aw-bits=39,granule=64k"]:
        args = ["-machine", "q35", "-device", "virtio-iommu-pci,addr=04.0," + opts] + DEVICES[2:]
        add("variant-" + opts, args, config_variant_session())
    add("variant-pc-q35-9.1", ["-machine", "pc-q35-9.1"] + DEVICES, config_variant_session())
    add("variant-no-bypass-config", q35, config_variant_session(DEFAULT_FEATURES & ~(1 << F_BYPASS_CONFIG)))
    return out


def main():
    data = {"bar": BAR, "sessions": sessions()}
    with open(os.path.join(HERE, "virtio-iommu-queue.json"), "w") as f:
        json.dump(data, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
