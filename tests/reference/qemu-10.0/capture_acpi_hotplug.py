#!/usr/bin/env python3
"""Captures QEMU 10.0's ACPI hot-plug registers of the ICH9 LPC over qtest, interleaved with QMP:
the PCI hot-plug block at I/O 0xcc0-0xcd7 (PCI_UP, PCI_DOWN, PCI_EJ, PCI_RMV, PCI_SEL, the
acpi-index pair) and the CPU hot-plug block at 0xcd8 (the legacy bitmap, then the modern
registers once the guest switches), with device_add/device_del and the events QEMU sends.

Each file is a transcript of capture_q35.qmp_qtest_transcript (QMP on a socket, qtest on stdio,
-S: the CPU never runs, so the guest's part is played by the qtest lines):
  qtest-acpi-pci-hotplug-M.txt (M: q35, pc-q35-9.1): PCI_ARGS and PCI_SCRIPT.
  qtest-acpi-pci-hotplug-root.txt: q35 with no bridge (no bus numbered; bus 0 falls back to
    pcie.0, which takes no hot-plug).
  qtest-acpi-pci-hotplug-off.txt: acpi-pci-hotplug-with-bridge-support=off (nothing at 0xcc0).
  qtest-acpi-cpu-hotplug-NAME.txt: CPU_CASES (-smp configurations), CPU_SCRIPT or its variant.

Usage: python3 capture_acpi_hotplug.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json

import capture_q35 as q

LPC = "/machine/unattached/device[2]"

# capture_qomget_sweep.py's ACPI_PCIHP_ARGS, plus functions with acpi-index values: a
# multifunction slot on rb (functions 0 and 1) and one on de (a conventional bridge).
PCI_ARGS = ["-device", "pcie-root-port,id=ra,chassis=1", "-device", "pcie-root-port,id=rb,chassis=2",
            "-device", "pcie-pci-bridge,id=pb,bus=ra", "-device", "pci-bridge,id=bb,chassis_nr=3,bus=pb,addr=1",
            "-device", "pcie-root-port,id=rc,chassis=4,hotplug=off",
            "-device", "pxb-pcie,id=px,bus_nr=100", "-device", "pcie-root-port,id=rd,chassis=5,bus=px",
            "-device", "pcie-root-port,id=re,chassis=7,bus=px,hotplug=off",
            "-device", "i82801b11-bridge,id=dm,bus=pcie.0", "-device", "pci-bridge,id=de,chassis_nr=6,bus=dm,addr=1",
            "-device", "pcie-root-port,id=rf,chassis=8,bus=pcie.0", "-device", "pci-testdev,id=c,bus=rf",
            "-device", "pci-testdev,id=m0,bus=rb,addr=0.0,multifunction=on,acpi-index=8",
            "-device", "pci-testdev,id=m1,bus=rb,addr=0.1,acpi-index=7",
            "-device", "pci-testdev,id=d3,bus=de,addr=3,acpi-index=300"]


def qmp(command, **arguments):
    return "qmp " + json.dumps({"execute": command, "arguments": arguments} if arguments else {"execute": command})


def sel(bsel):
    return f"qtest outl 0xcd0 0x{bsel:x}"


def pci_dump(bsel):
    """Selects bus bsel and reads each register once (PCI_UP twice: the first read clears it)."""
    return [sel(bsel)] + [f"qtest inl 0x{0xcc0 + o:x}" for o in (0, 0, 4, 8, 0xc, 0x10, 0x14)]


def bsels():
    return [qmp("qom-get", path=p, property="acpi-pcihp-bsel") for p in
            ("/machine/peripheral/ra/ra", "/machine/peripheral/rb/rb", "/machine/peripheral/pb/pb",
             "/machine/peripheral/bb/bb", "/machine/peripheral/rd/rd", "/machine/peripheral/de/de",
             "/machine/peripheral/rf/rf", "/machine/peripheral/dm/dm")]


PCI_SCRIPT = (
    bsels()
    # Every register of every bus number in use and a few past them, then out-of-range selections.
    + [l for b in range(10) for l in pci_dump(b)] + pci_dump(0x100) + pci_dump(0xffffffff) + pci_dump(0x1ff)
    # Access sizes: dword only (bytes and words read 0 and are not written), unaligned dwords,
    # and accesses that run past the block's end into the CPU block.
    + [sel(0), "qtest inb 0xcd0", "qtest inw 0xcd0", "qtest inw 0xcd2", "qtest inl 0xcd1", "qtest inl 0xcd2",
       "qtest outb 0xcd0 0x3", "qtest inl 0xcd0", "qtest outw 0xcd0 0x3", "qtest inl 0xcd0", "qtest outl 0xcd2 0x3",
       "qtest inl 0xcd0", "qtest inl 0xcd6", "qtest inl 0xcd5", "qtest inw 0xcd7", "qtest inq 0xcd0",
       "qtest outq 0xcd0 0x100000002", "qtest inl 0xcd0", "qtest inl 0xccc", "qtest inl 0xcbe"]
    # The acpi-index pair: a write asks for a slot's function's index (the lowest bit set), the
    # next read gives it once; any other write clears it.
    + [sel(1), "qtest outl 0xcd4 0x1", "qtest inl 0xcd4", "qtest inl 0xcd4", "qtest outl 0xcd4 0x3", "qtest outl 0xcd0 0x1",
       "qtest inl 0xcd4", "qtest outl 0xcd4 0x2", "qtest inl 0xcd4", "qtest outl 0xcd4 0x0", "qtest inl 0xcd4",
       "qtest outl 0xcd4 0x1", "qtest inl 0xcc0", "qtest inl 0xcd4", "qtest outl 0xcd4 0x1", "qtest outl 0xcc8 0x0",
       "qtest inl 0xcd4", "qtest outl 0xcd4 0x80000001", "qtest inl 0xcd4"]
    + [sel(b) for b in (5,)] + ["qtest outl 0xcd4 0x8", "qtest inl 0xcd4", "qtest outl 0xcd4 0x10", "qtest inl 0xcd4"]
    + [sel(0x100), "qtest outl 0xcd4 0x1", "qtest inl 0xcd4"]
    # Hot-plug onto each kind of bus: PCI_UP shows the slot until read.
    + [qmp("device_add", driver="pci-testdev", id="h1", bus="rd"), qmp("device_add", driver="pci-testdev", id="h2", bus="bb", addr="5"),
       qmp("device_add", driver="pci-testdev", id="h3", bus="de", addr="0x1f", **{"acpi-index": 31}),
       qmp("device_add", driver="pci-testdev", id="h4", bus="pb", addr="2"),
       qmp("device_add", driver="pci-testdev", id="h5", bus="pcie.0"), qmp("device_add", driver="pci-testdev", id="h6", bus="rc")]
    + [l for b in range(8) for l in pci_dump(b)]
    # Unplug requests wait for the guest in PCI_DOWN; a second request is refused.
    + [qmp("device_del", id="h2"), qmp("device_del", id="h2"), qmp("device_del", id="c"), qmp("device_del", id="m1"),
       qmp("device_del", id="h3"), qmp("device_del", id="pb"), qmp("device_del", id="dm"), qmp("device_del", id="rb")]
    + [l for b in range(8) for l in pci_dump(b)]
    + [qmp("qom-get", path="/machine/peripheral/h2", property="realized")]
)


# The bus numbers QEMU 10.0 gives PCI_ARGS' buses (read back at the start of PCI_SCRIPT).
BSEL = {"rf": 0, "dm": 1, "de": 2, "rd": 3, "rb": 4, "ra": 5, "pb": 6, "bb": 7}


def pci_eject_script():
    """The guest's side: ejects through PCI_EJ (the lowest slot bit written), on the selected bus."""
    return [
        # h2 (bb, slot 5): its request completes; a further device_del finds nothing.
        sel(BSEL["bb"]), "qtest inl 0xcc4", "qtest outl 0xcc8 0x20", "qtest inl 0xcc4",
        qmp("qom-get", path="/machine/peripheral/h2", property="realized"), qmp("device_del", id="h2"),
        # c (rf, slot 0): 0 ejects nothing; of two slot bits only the lowest goes; an empty slot.
        sel(BSEL["rf"]), "qtest inl 0xcc4", "qtest outl 0xcc8 0x0", "qtest inl 0xcc4", "qtest outl 0xcc8 0x40000001",
        "qtest inl 0xcc4", "qtest outl 0xcc8 0x40000000", "qtest inl 0xcc4", "qtest outl 0xcc8 0x80000000",
        # The multifunction slot (rb, slot 0): both functions go, the newest first.
        sel(BSEL["rb"]), "qtest inl 0xcc4", "qtest outl 0xcc8 0x1", "qtest inl 0xcc4", "qtest inl 0xcc0",
        qmp("device_del", id="m0"),
        # de: an eject the guest asks for by itself (d3, slot 3, no request) goes all the same; then h3 (slot 31).
        sel(BSEL["de"]), "qtest inl 0xcc4", "qtest outl 0xcc8 0x8", "qtest inl 0xcc4", "qtest outl 0xcc8 0x80000000",
        "qtest inl 0xcc4", "qtest inl 0xccc",
        # A cold-plugged bridge is never ejected (not removable); a hot-plugged function beside it is.
        sel(BSEL["ra"]), "qtest inl 0xccc", "qtest outl 0xcc8 0x1", qmp("qom-get", path="/machine/peripheral/pb", property="realized"),
        sel(BSEL["pb"]), "qtest inl 0xccc", "qtest outl 0xcc8 0x2", qmp("qom-get", path="/machine/peripheral/bb", property="realized"),
        "qtest outl 0xcc8 0x4", qmp("qom-get", path="/machine/peripheral/h4", property="realized"),
        sel(BSEL["dm"]), "qtest inl 0xccc", "qtest outl 0xcc8 0x2", qmp("qom-get", path="/machine/peripheral/de", property="realized"),
        # Word and byte writes do not eject; a dword does (h1 on rd, never requested).
        sel(BSEL["rd"]), "qtest outw 0xcc8 0x1", "qtest outb 0xcc8 0x1", qmp("qom-get", path="/machine/peripheral/h1", property="realized"),
        "qtest outl 0xcc8 0x1", qmp("qom-get", path="/machine/peripheral/h1", property="realized"),
        # Out of range selections eject nothing.
        sel(0x100), "qtest outl 0xcc8 0xffffffff", sel(0xffffffff), "qtest outl 0xcc8 0xffffffff",
        # A function added again where one was ejected; unplugged and ejected again.
        qmp("device_add", driver="pci-testdev", id="h2", bus="bb", addr="5"), sel(BSEL["bb"]), "qtest inl 0xcc0", "qtest inl 0xcc4",
        qmp("device_del", id="h2"), "qtest inl 0xcc4", "qtest outl 0xcc8 0x20", "qtest inl 0xcc4",
    ] + [qmp("qom-get", path=f"/machine/peripheral/{d}", property="realized") for d in ("pb", "bb", "de", "dm", "h2", "d3")] + [
        l for b in range(8) for l in pci_dump(b)]


ROOT_SCRIPT = [l for b in (0, 1) for l in pci_dump(b)] + [
    "qtest outl 0xcd0 0x0", "qtest outl 0xcc8 0x8", "qtest outl 0xcd4 0x1", "qtest inl 0xcd4",
    qmp("device_add", driver="pci-testdev", id="h1", bus="pcie.0"), "qtest inl 0xcc0",
    "qtest inl 0xcd8", "qtest inb 0xcd8", "qtest inl 0xcbc", "qtest inl 0xcd6"]

OFF_SCRIPT = [l for b in (0, 1) for l in pci_dump(b)] + [
    qmp("device_del", id="c"), "qtest outl 0xcd0 0x2", "qtest outl 0xcc8 0x1", "qtest inl 0xcc4",
    qmp("qom-get", path="/machine/peripheral/c", property="realized")]


def cpu_add(id_, **ids):
    return qmp("device_add", driver="qemu64-x86_64-cpu", id=id_, **ids)


def cpu_regs():
    """The modern registers of the selected slot: flags, data, data 2 under each command."""
    return ["qtest inb 0xcdc", "qtest inl 0xcdc", "qtest inl 0xce0", "qtest inl 0xcd8",
            "qtest outb 0xcdd 0x3", "qtest inl 0xce0", "qtest inl 0xcd8", "qtest inw 0xce0", "qtest inb 0xce1",
            "qtest outb 0xcdd 0x1", "qtest inl 0xce0", "qtest outb 0xcdd 0x0", "qtest inl 0xce0"]


def cpu_script(add, add2, slots):
    """Legacy bitmap, a CPU added, refused unplugs, the switch, then the modern registers for each slot."""
    legacy = ["qtest inb 0x%x" % (0xcd8 + i) for i in range(0, 32, 1)]
    return (
        legacy + ["qtest inw 0xcd8", "qtest inl 0xcd8", "qtest inl 0xcf4", "qtest inl 0xcf6", "qtest inl 0xcf7"]
        + [add, qmp("query-hotpluggable-cpus")] + legacy[:4]
        + [qmp("device_del", id="c1"), qmp("device_del", id="/machine/unattached/device[0]"),
           qmp("qom-get", path=LPC, property="cpu-hotplug-legacy")]
        # Writes other than a 0 at the first byte change nothing.
        + ["qtest outb 0xcd8 0x1", "qtest outb 0xcd9 0x0", "qtest outb 0xcda 0xff", "qtest inb 0xcd8", "qtest inb 0xcd9",
           qmp("qom-get", path=LPC, property="cpu-hotplug-legacy"),
           # The switch (as the guest's _INI does: a 0 written to the selector).
           "qtest outb 0xcd8 0x0", qmp("qom-get", path=LPC, property="cpu-hotplug-legacy"),
           qmp("qom-list", path=LPC)]
        + ["qtest inl 0xcd8", "qtest inl 0xcdc", "qtest inl 0xce0", "qtest inl 0xce4", "qtest inb 0xce3", "qtest inw 0xce3",
           "qtest inl 0xce2", "qtest inb 0xcf7", "qtest inq 0xcd8", "qtest inq 0xcdc"]
        + [l for s in range(slots + 2) for l in ["qtest outl 0xcd8 0x%x" % s] + cpu_regs()]
        + ["qtest outl 0xcd8 0xffffffff", "qtest inl 0xcdc", "qtest outb 0xcdc 0x2", "qtest outb 0xcdd 0x0", "qtest inl 0xce0",
           "qtest outb 0xcd8 0x1", "qtest inl 0xcdc", "qtest outw 0xcd8 0x0", "qtest outb 0xcd9 0x1", "qtest inl 0xcdc",
           "qtest outl 0xcd8 0x0", "qtest outb 0xcdd 0x0", "qtest inl 0xce0", "qtest outb 0xcdd 0x4", "qtest inl 0xce0",
           "qtest outb 0xcdd 0xff", "qtest inl 0xce0", "qtest outw 0xcdd 0x3", "qtest inl 0xce0"]
        # Unplug now waits for the guest: the remove event; a second request is accepted.
        + [qmp("device_del", id="c1"), qmp("device_del", id="c1"), "qtest outl 0xcd8 0x0", "qtest outb 0xcdd 0x0",
           "qtest inl 0xce0", "qtest inl 0xcdc", qmp("device_del", id="/machine/unattached/device[0]")]
        # A CPU plugged now shows the insert event; the next-event command finds each in turn.
        + [add2, "qtest outl 0xcd8 0x0", "qtest outb 0xcdd 0x0", "qtest inl 0xce0", "qtest inl 0xcdc",
           "qtest outb 0xcdc 0x6", "qtest inl 0xcdc", "qtest outb 0xcdd 0x0", "qtest inl 0xce0", "qtest inl 0xcdc",
           "qtest outb 0xcdc 0x2", "qtest inl 0xcdc", "qtest outb 0xcdd 0x0", "qtest inl 0xce0", "qtest inl 0xcdc"]
        # OST event and status (the status write sends ACPI_DEVICE_OST), firmware eject mark, eject.
        + ["qtest outb 0xcdd 0x1", "qtest outl 0xce0 0x103", "qtest inl 0xce0", "qtest outb 0xcdd 0x2", "qtest outl 0xce0 0x80",
           "qtest outb 0xcdc 0x10", "qtest inl 0xcdc", "qtest outb 0xcdd 0x0", "qtest inl 0xce0",
           "qtest outb 0xcdc 0x4", "qtest inl 0xcdc", "qtest outb 0xcdd 0x0", "qtest inl 0xce0",
           "qtest outb 0xcdc 0x18", "qtest inl 0xcdc", qmp("qom-get", path="/machine/peripheral/c1", property="realized"),
           "qtest outb 0xcdc 0x8", "qtest inl 0xcdc", "qtest outb 0xcdc 0x8", "qtest outb 0xcdc 0x10", "qtest inl 0xcdc",
           qmp("qom-get", path="/machine/peripheral/c1", property="realized"), qmp("query-hotpluggable-cpus"),
           qmp("device_del", id="c1"), "qtest outb 0xcdc 0x4", "qtest inl 0xcdc",
           # The first CPU is never ejected.
           "qtest outl 0xcd8 0x0", "qtest outb 0xcdc 0x8", "qtest outb 0xcdc 0x10", "qtest inl 0xcdc",
           qmp("query-cpus-fast")]
        + [l for s in range(slots) for l in ["qtest outl 0xcd8 0x%x" % s, "qtest inl 0xcdc"]]
    )


CPU_CASES = {
    "smp1-max4": (["-smp", "1,maxcpus=4"], cpu_add("c1", **{"socket-id": 0, "core-id": 1, "thread-id": 0}),
                  cpu_add("c2", **{"socket-id": 0, "core-id": 3, "thread-id": 0}), 4),
    # APIC ids with gaps: two threads, three cores (ids 0-5 and 8-13).
    "smp2-sockets2-cores3-threads2": (["-smp", "2,maxcpus=12,sockets=2,cores=3,threads=2"],
                                      cpu_add("c1", **{"socket-id": 1, "core-id": 2, "thread-id": 1}),
                                      cpu_add("c2", **{"socket-id": 0, "core-id": 1, "thread-id": 0}), 12),
    "smp2-max8-pc-q35-9.1": (["-machine", "pc-q35-9.1", "-smp", "2,maxcpus=8,sockets=2,cores=2"],
                             cpu_add("c1", **{"socket-id": 1, "core-id": 1, "thread-id": 0}),
                             cpu_add("c2", **{"socket-id": 1, "core-id": 0, "thread-id": 0}), 8),
}

# A CPU whose APIC id does not fit the legacy bitmap (256 or more) switches to the modern interface
# when it is plugged; qom-set of cpu-hotplug-legacy false switches too (true makes QEMU abort).
WIDE_ARGS = ["-smp", "1,maxcpus=300,sockets=2,cores=150", "-global", "qemu64-x86_64-cpu.x2apic=on"]
WIDE_SCRIPT = ["qtest inb 0xcd8", qmp("qom-get", path=LPC, property="cpu-hotplug-legacy"),
               cpu_add("w1", **{"socket-id": 1, "core-id": 0, "thread-id": 0}), qmp("qom-get", path=LPC, property="cpu-hotplug-legacy"),
               "qtest inb 0xcd8", "qtest inl 0xcdc", "qtest outl 0xcd8 0x100", "qtest inl 0xcdc", "qtest outb 0xcdd 0x3",
               "qtest inl 0xce0", "qtest inl 0xcd8", "qtest outl 0xcd8 0x96", "qtest inl 0xcdc", "qtest outb 0xcdd 0x3", "qtest inl 0xce0",
               "qtest outl 0xcd8 0x0", "qtest outb 0xcdd 0x0", "qtest inl 0xce0"]
SET_SCRIPT = ["qtest inb 0xcd8", qmp("qom-set", path=LPC, property="cpu-hotplug-legacy", value=False),
              qmp("qom-get", path=LPC, property="cpu-hotplug-legacy"), "qtest inb 0xcd8", "qtest inl 0xcdc",
              qmp("qom-set", path=LPC, property="cpu-hotplug-legacy", value=False), "qtest inl 0xcdc",
              qmp("qom-list", path=LPC)]


def settle(step):
    """Time for QEMU's events after a step: long after a step that may remove a device (an eject
    write to PCI_EJ or to the CPU flags, device_del, or an OST status write), short otherwise."""
    if step.startswith(("qtest outl 0xcc8", "qtest outb 0xcdc", "qtest outl 0xce0", "qmp")):
        return 0.6
    return 0.03


def main():
    for machine in ("q35", "pc-q35-9.1"):
        q.write(f"qtest-acpi-pci-hotplug-{machine}.txt",
                q.qmp_qtest_transcript(["-machine", machine] + PCI_ARGS, PCI_SCRIPT + pci_eject_script(), settle=settle))
    q.write("qtest-acpi-pci-hotplug-root.txt", q.qmp_qtest_transcript([], ROOT_SCRIPT, settle=settle))
    q.write("qtest-acpi-pci-hotplug-off.txt",
            q.qmp_qtest_transcript(["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                                    "-device", "pcie-root-port,id=ra,chassis=1", "-device", "pci-testdev,id=c,bus=ra"], OFF_SCRIPT))
    for name, (args, add, add2, slots) in CPU_CASES.items():
        q.write(f"qtest-acpi-cpu-hotplug-{name}.txt", q.qmp_qtest_transcript(args, cpu_script(add, add2, slots), settle=settle))
    q.write("qtest-acpi-cpu-hotplug-wide.txt", q.qmp_qtest_transcript(WIDE_ARGS, WIDE_SCRIPT, settle=settle))
    q.write("qtest-acpi-cpu-hotplug-qom-set.txt", q.qmp_qtest_transcript([], SET_SCRIPT, settle=settle))


if __name__ == "__main__":
    main()
