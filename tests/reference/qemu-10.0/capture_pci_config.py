#!/usr/bin/env python3
"""Captures the PCI configuration space of every modelled PCI function as QEMU 10.0 lays it out.

Usage: python3 capture_pci_config.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes pci-config.json and qtest-pci-config-access.txt. Each configuration runs, in this
directory (so that -L firmware finds the test ROM),
  QEMU -nodefaults -display none -machine MACHINE [ARGS] -S -qtest stdio -qtest-log /dev/null
(-S: the CPU does not run, so the firmware does not program the functions while they are read;
this QEMU build has no qtest accelerator, and without -S the dumps race SeaBIOS)
with the qtest script built by script() below (the tests build the same script):
  1. PROLOGUE: program the MCH's PCIEXBAR (00.0, offset 0x60) over 0xcf8/0xcfc so that MMCONFIG
     is mapped at 0xb0000000 (it is off after reset, as without firmware);
  2. for each function listed: `readl` of every dword of its 4 KiB at
     0xb0000000 + (bus << 20) + (devfn << 12) ("reset");
  3. for each function in "write", in runs of their own (PROLOGUE first): `writel 0xffffffff` to
     every dword of its configuration space (256 bytes, or 4 KiB for PCI Express; the MCH's
     PCIEXBAR dwords 0x60 and 0x64 are skipped), then the dump ("ones"); and the same writes,
     then `writel 0` to the same dwords, then the dump ("zeros").
A dump is stored as hex bytes; a dump whose bytes past 0x100 all read 0xff stores only its first
256 bytes (the tests check that the rest reads 0xff).
"""
import json
import os
import sys

import capture_q35 as q  # qtest_with_stderr, qmp_qtest_transcript: the shared runners

QEMU = sys.argv[1] if len(sys.argv) > 1 else "/opt/qemu10/qemu-system-x86_64"
HERE = os.path.dirname(os.path.abspath(__file__))
MMCFG = 0xb0000000
PROLOGUE = ["outl 0xcf8 0x80000060", "outl 0xcfc 0xb0000001", "outl 0xcf8 0x80000064", "outl 0xcfc 0x0"]
BOARD = ["00:00.0", "00:1f.0", "00:1f.2", "00:1f.3"]

# name: (args, functions dumped, functions written with ones then zeros)
CONFIGS = {
    "board": ([], BOARD, BOARD),
    "pcie-root-port": (["-device", "pcie-root-port,addr=02.0,chassis=1"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-slot": (["-device", "pcie-root-port,addr=02.0,chassis=3,slot=5,port=7"], ["00:02.0"], []),
    "pcie-root-port-speed": (["-device", "pcie-root-port,addr=02.0,chassis=1,x-speed=16,x-width=32"], ["00:02.0"], []),
    "pcie-root-port-speed-2_5": (["-device", "pcie-root-port,addr=02.0,chassis=1,x-speed=2_5,x-width=1"], ["00:02.0"], []),
    "pcie-root-port-no-acs": (["-device", "pcie-root-port,addr=02.0,chassis=1,disable-acs=on"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-no-power": (["-device", "pcie-root-port,addr=02.0,chassis=1,power_controller_present=off"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-no-hotplug": (["-device", "pcie-root-port,addr=02.0,chassis=1,hotplug=off"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-no-native-hotplug": (["-device", "pcie-root-port,addr=02.0,chassis=1,x-do-not-expose-native-hotplug-cap=on"], ["00:02.0"], []),
    "pcie-root-port-multifunction": (["-device", "pcie-root-port,addr=02.0,chassis=1,multifunction=on",
                                      "-device", "pcie-root-port,addr=02.1,chassis=2"], ["00:02.0", "00:02.1"], []),
    "pcie-root-port-reserve": (["-device", "pcie-root-port,addr=02.0,chassis=1,bus-reserve=3,io-reserve=4k,mem-reserve=2M,pref32-reserve=4M"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-bus-reserve": (["-device", "pcie-root-port,addr=02.0,chassis=1,bus-reserve=0,pref64-reserve=8M"], ["00:02.0"], []),
    "pcie-root-port-compat": (["-device", "pcie-root-port,addr=02.0,chassis=1,x-pcie-lnksta-dllla=off,x-pcie-extcap-init=off,x-pcie-err-unc-mask=off,x-pcie-ext-tag=off"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-compat-ari": (["-device", "pcie-root-port,addr=02.0,chassis=1,x-pcie-ari-nextfn-1=on,x-pcie-err-unc-mask=off"], ["00:02.0"], []),
    "pcie-root-port-occupied": (["-device", "pcie-root-port,id=rp,addr=02.0,chassis=1", "-device", "pci-testdev,bus=rp"], ["00:02.0"], ["00:02.0"]),
    "pcie-root-port-occupied-compat": (["-device", "pcie-root-port,id=rp,addr=02.0,chassis=1,x-pcie-lnksta-dllla=off,power_controller_present=off",
                                        "-device", "pci-testdev,bus=rp"], ["00:02.0"], []),
    "pci-bridge-occupied": (["-device", "pci-bridge,id=br,addr=03.0,chassis_nr=1", "-device", "pci-testdev,bus=br,addr=01.0"], ["00:03.0"], []),
    "pci-bridge": (["-device", "pci-bridge,addr=03.0,chassis_nr=1"], ["00:03.0"], ["00:03.0"]),
    "pci-bridge-no-shpc": (["-device", "pci-bridge,addr=03.0,chassis_nr=1,shpc=off"], ["00:03.0"], ["00:03.0"]),
    "pci-bridge-no-msi": (["-device", "pci-bridge,addr=03.0,chassis_nr=1,msi=off"], ["00:03.0"], []),
    "pci-bridge-reserve": (["-device", "pci-bridge,addr=03.0,chassis_nr=1,bus-reserve=2,io-reserve=4k,mem-reserve=1M"], ["00:03.0"], []),
    "pci-bridge-multifunction": (["-device", "pci-bridge,addr=03.0,chassis_nr=1,multifunction=on"], ["00:03.0"], []),
    "pcie-pci-bridge": (["-device", "pcie-pci-bridge,addr=04.0"], ["00:04.0"], ["00:04.0"]),
    "pcie-pci-bridge-no-msi": (["-device", "pcie-pci-bridge,addr=04.0,msi=off"], ["00:04.0"], []),
    "i82801b11-bridge": (["-device", "i82801b11-bridge,addr=05.0"], ["00:05.0"], ["00:05.0"]),
    "pxb-pcie": (["-device", "pxb-pcie,addr=07.0,bus_nr=32"], ["00:07.0"], ["00:07.0"]),
    "pci-testdev": (["-device", "pci-testdev,addr=08.0"], ["00:08.0"], ["00:08.0"]),
    "pci-testdev-membar": (["-device", "pci-testdev,addr=08.0,membar=0x100000"], ["00:08.0"], ["00:08.0"]),
    "pci-testdev-multifunction": (["-device", "pci-testdev,addr=08.0,multifunction=on", "-device", "pci-testdev,addr=08.3"], ["00:08.0", "00:08.3"], []),
    "pci-testdev-rom": (["-L", "firmware", "-device", "pci-testdev,addr=08.0,romfile=test.rom"], ["00:08.0"], ["00:08.0"]),
    "pci-testdev-romsize": (["-L", "firmware", "-device", "pci-testdev,addr=08.0,romfile=test.rom,romsize=65536"], ["00:08.0"], []),
    "pci-testdev-rombar0": (["-L", "firmware", "-device", "pci-testdev,addr=08.0,romfile=test.rom,rombar=0"], ["00:08.0"], []),
    "ich9-ahci": (["-device", "ich9-ahci,addr=09.0"], ["00:09.0"], ["00:09.0"]),
    "virtio-iommu-pci": (["-device", "virtio-iommu-pci,addr=0a.0"], ["00:0a.0"], ["00:0a.0"]),
}
MACHINES = ["q35", "pc-q35-9.1"]


def address(bdf):
    bus, rest = bdf.split(":")
    slot, fn = rest.split(".")
    return MMCFG + (int(bus, 16) << 20) + (((int(slot, 16) << 3) | int(fn, 16)) << 12)


def dump(bdf):
    base = address(bdf)
    return [f"readl 0x{base + off:x}" for off in range(0, 4096, 4)]


def writes(bdf, size, value):
    base = address(bdf)
    skip = {0x60, 0x64} if bdf == "00:00.0" else set()
    return [f"writel 0x{base + off:x} 0x{value:x}" for off in range(0, size, 4) if off not in skip]


def run(machine, args, lines):
    """Runs the script until two runs agree (a check that nothing else changes the functions)."""
    previous = None
    for _ in range(6):
        replies, err = run_once(machine, args, lines)
        if replies == previous:
            return replies, err
        previous = replies
    raise RuntimeError(f"QEMU does not answer the same twice: {machine} {args}")


def run_once(machine, args, lines):
    return q.qtest_with_stderr(["-machine", machine] + args, lines, cwd=HERE)


def to_hex(replies):
    data = b"".join(int(r.split()[1], 16).to_bytes(4, "little") for r in replies)
    if all(b == 0xff for b in data[256:]):
        data = data[:256]
    return data.hex()


# A transcript of single accesses through the ports and MMCONFIG: disabled and absent functions,
# partial reads, BAR sizing, the command register, write-1-to-clear, bus numbers behind a port,
# the PCIEXBAR length (the reserved length leaves the window as it was) and disable, unknown
# commands. (QEMU aborts on a port above 0xffff or a missing operand, so those are not in it.)
PORTS_ARGS = ["-device", "pcie-root-port,id=rp,addr=02.0,chassis=1", "-device", "pci-testdev,addr=08.0,membar=0x100000",
              "-device", "pci-testdev,bus=rp,addr=00.0"]
PORTS_SCRIPT = [
    "inl 0xcfc", "inl 0xcf8", "outl 0xcf8 0x80000000", "inl 0xcf8", "inl 0xcfc", "inw 0xcfc", "inw 0xcfe", "inb 0xcfd", "inb 0xcff",
    "inw 0xcf8", "outw 0xcf8 0x1234", "inl 0xcf8", "outb 0xcf8 0x0", "inl 0xcf8",
    "outl 0xcf8 0x80001800", "inl 0xcfc", "outl 0xcf8 0x8000ff00", "inl 0xcfc",
    "outl 0xcf8 0x80004010", "inl 0xcfc", "outl 0xcfc 0xffffffff", "inl 0xcfc", "outl 0xcfc 0x0", "inl 0xcfc",
    "outl 0xcf8 0x80004014", "outl 0xcfc 0xffffffff", "inl 0xcfc",
    "outl 0xcf8 0x80004018", "outl 0xcfc 0xffffffff", "inl 0xcfc", "outl 0xcf8 0x8000401c", "outl 0xcfc 0xffffffff", "inl 0xcfc",
    "outl 0xcf8 0x80004004", "outw 0xcfc 0xffff", "inl 0xcfc", "outb 0xcfd 0x0", "inl 0xcfc", "outw 0xcfe 0xffff", "inl 0xcfc",
    "outl 0xcf8 0x8000103c", "outb 0xcfd 0x7", "outb 0xcfc 0x5a", "inl 0xcfc", "outl 0xcf8 0x80001018", "inl 0xcfc",
    "outl 0xcfc 0x00010100", "inl 0xcfc", "outl 0xcf8 0x80010000", "inl 0xcfc", "outl 0xcf8 0x80010100", "inl 0xcfc",
    "outl 0xcf8 0x80020000", "inl 0xcfc",
    "readl 0xb0000000", "outl 0xcf8 0x80000060", "inl 0xcfc", "outl 0xcfc 0xb0000001", "readl 0xb0000000", "readq 0xb0000000",
    "readw 0xb0000002", "readb 0xb0000003", "readl 0xb0010000", "readl 0xb0010100", "readl 0xb0010ffc", "readl 0xb0040100",
    "readl 0xb0100000", "readl 0xb0100100", "readl 0xb0200000", "writel 0xb0040004 0x7", "readl 0xb0040004",
    "writeq 0xb0040010 0xffffffffffffffff", "readq 0xb0040010", "writew 0xb0010006 0xffff", "readl 0xb0010004",
    "outl 0xcfc 0xb0000005", "inl 0xcfc", "readl 0xb0000000", "readl 0xb3fff000", "readl 0xb4000000", "readl 0xb8000000",
    "outl 0xcfc 0xb0000003", "readl 0xb0000000", "readl 0xb8000000",
    "outl 0xcfc 0xe0000001", "readl 0xb0000000", "readl 0xe0000000", "outl 0xcfc 0xe0000000", "readl 0xe0000000",
    # The window over the IOAPIC and the HPET (a guest may put it there): the newest mapping answers
    # (the HPET's own registers are compared by capture_board_registers.py).
    "readl 0xfec00000", "outl 0xcfc 0xf0000001", "readl 0xf0000000", "readl 0xfec00000", "readl 0xfed00000",
    "outb 0xcfd 0xff", "inl 0xcfc", "readl 0xfec00000", "outl 0xcfc 0xe0000001", "readl 0xfec00000", "outl 0xcfc 0xb0000001",
    "inx 0xcfc", "outq 0xcf8 0x1",
    # Accesses that cross from one mapping into the next or into nothing: QEMU splits them, each
    # byte going to what is mapped there (the ports 0xcf8 and 0xcfc; the edges of the MMCONFIG
    # window, and the IOAPIC's end, with the window off).
    "outl 0xcf8 0x80000000", "inl 0xcfa", "inw 0xcfb", "inl 0xcfe", "inw 0xcff", "outl 0xcfa 0x80000000", "inl 0xcf8",
    "outl 0xcf8 0x80000060", "outl 0xcfc 0xe0000001", "readl 0xdffffffe", "readq 0xdffffffc", "readw 0xdfffffff",
    "readl 0xeffffffe", "readq 0xeffffffc", "writel 0xdffffffe 0xffffffff", "readl 0xe0000004",
    "outl 0xcfc 0xf0000001", "readl 0xfebffffe", "readl 0xfec00ffe", "outl 0xcfc 0xb0000000", "readl 0xfec00ffe",
    "readq 0xfebffffc", "readl 0xfec00000", "outl 0xcfc 0xb0000001",
]


def capture_ports():
    replies, _ = run("q35", PORTS_ARGS, PORTS_SCRIPT)
    text = "$ qemu-system-x86_64 -nodefaults -display none -machine q35 " + " ".join(PORTS_ARGS) + " -S -qtest stdio\n"
    for line, reply in zip(PORTS_SCRIPT, replies):
        text += line + "\n" + reply + "\n"
    with open(os.path.join(HERE, "qtest-pci-config-access.txt"), "w") as fh:
        fh.write(text)


# Native PCIe hot-plug (ACPI bridge hot-plug off): the root ports' slot control and status over
# MMCONFIG, device_del and device_add over QMP, and the guest's part (indicators, power, the
# electromechanical interlock) as slot control writes. Root ports: rf at 02.0 holds c (cold-plugged,
# so powered at reset), rg at 03.0 is empty (off at reset), rh at 04.0 holds d, ri at 05.0 holds e.
NATIVE_HP_ARGS = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                  "-device", "pcie-root-port,id=rf,addr=02.0,chassis=8", "-device", "pci-testdev,id=c,bus=rf",
                  "-device", "pcie-root-port,id=rg,addr=03.0,chassis=9",
                  "-device", "pcie-root-port,id=rh,addr=04.0,chassis=10", "-device", "pci-testdev,id=d,bus=rh",
                  "-device", "pcie-root-port,id=ri,addr=05.0,chassis=11", "-device", "pci-testdev,id=e,bus=ri"]


def _slot(port):
    """The slot control and status dword of the root port at 00:port.0 (PCI Express capability at 0x54)."""
    return f"0x{MMCFG + (port << 15) + 0x6c:x}"


def _qmp(command, **arguments):
    return "qmp " + json.dumps({"execute": command, "arguments": arguments} if arguments else {"execute": command})


RF, RG, RH, RI = 2, 3, 4, 5
NATIVE_HP_SCRIPT = ["qtest " + l for l in PROLOGUE] + [
    f"qtest readl {_slot(p)}" for p in (RF, RG, RH, RI)] + [
    f"qtest readl 0x{MMCFG + (RF << 15) + 0x64:x}", f"qtest readl 0x{MMCFG + (RG << 15) + 0x64:x}",
    # c waits for the guest: the attention button is pressed; a second request and a function 1 are refused.
    _qmp("device_del", id="c"), f"qtest readl {_slot(RF)}", _qmp("qom-get", path="/machine/peripheral/c", property="realized"),
    _qmp("device_del", id="c"), _qmp("device_add", driver="pci-testdev", id="t7", bus="rf", addr="0.1"),
    # The guest blinks the power indicator, then powers the slot off: c goes.
    f"qtest writew {_slot(RF)} 0x2c0", f"qtest readl {_slot(RF)}", _qmp("device_del", id="c"),
    f"qtest writew {_slot(RF)} 0x7c0", f"qtest readl {_slot(RF)}",
    _qmp("qom-get", path="/machine/peripheral/c", property="realized"), _qmp("device_del", id="c"),
    f"qtest writew {_slot(RF)} 0x7c0", f"qtest readl {_slot(RF)}",
    # A function 1 alone in the (off) slot, then removed at once; then function 0 in the off slot, also at once.
    _qmp("device_add", driver="pci-testdev", id="t7", bus="rf", addr="0.1"), f"qtest readl {_slot(RF)}",
    _qmp("device_del", id="t7"), f"qtest readl {_slot(RF)}",
    _qmp("device_add", driver="pci-testdev", id="t8", bus="rf"), f"qtest readl {_slot(RF)}",
    _qmp("device_del", id="t8"), f"qtest readl {_slot(RF)}",
    # The guest powers rg on (indicator on): a device added there waits for the guest too.
    f"qtest writew {_slot(RG)} 0x1c0", f"qtest readl {_slot(RG)}",
    _qmp("device_add", driver="pci-testdev", id="h1", bus="rg"), f"qtest readl {_slot(RG)}",
    _qmp("device_del", id="h1"), f"qtest readl {_slot(RG)}", _qmp("device_del", id="h1"),
    f"qtest writew {_slot(RG)} 0x1c0", f"qtest readl {_slot(RG)}",
    f"qtest writel {_slot(RG)} 0x7c0", f"qtest readl {_slot(RG)}", _qmp("qom-get", path="/machine/peripheral/h1", property="realized"),
    # Slot status events are write-1-to-clear; clearing bits that are not set puts the events back.
    f"qtest writew 0x{MMCFG + (RG << 15) + 0x6e:x} 0x18", f"qtest readl {_slot(RG)}",
    f"qtest writew 0x{MMCFG + (RG << 15) + 0x6e:x} 0x1f", f"qtest readl {_slot(RG)}",
    f"qtest writew 0x{MMCFG + (RG << 15) + 0x6e:x} 0x1", f"qtest readl {_slot(RG)}",
    # rh: refused while the guest blinks the indicator; once it is on again the request waits.
    f"qtest writew {_slot(RH)} 0x2c0", _qmp("device_del", id="d"), f"qtest readl {_slot(RH)}",
    f"qtest writew {_slot(RH)} 0x1c0", _qmp("device_del", id="d"), f"qtest readl {_slot(RH)}",
    # ri: the guest locks the interlock; unplug and plug are refused until it toggles it back.
    f"qtest writew {_slot(RI)} 0xbc0", f"qtest readl {_slot(RI)}", _qmp("device_del", id="e"),
    f"qtest writew {_slot(RG)} 0xfc0", _qmp("device_add", driver="pci-testdev", id="h2", bus="rg"),
    f"qtest writew {_slot(RG)} 0xfc0", f"qtest readl {_slot(RG)}",
    f"qtest writew {_slot(RI)} 0xbc0", f"qtest readl {_slot(RI)}", _qmp("device_del", id="e"), f"qtest readl {_slot(RI)}",
    # The guest powers ri off without a request: e goes all the same.
    f"qtest writew {_slot(RI)} 0x7c0", f"qtest readl {_slot(RI)}",
    _qmp("device_add", driver="pci-testdev", id="h2", bus="rg"), f"qtest readl {_slot(RG)}",
    _qmp("device_del", id="h2"), f"qtest readl {_slot(RG)}",
]


# The transcripts' runner: capture_q35's, on q35, with 0.3 s after each step for QEMU's events.
SETTLE = 0.3


def capture_native_hotplug():
    """NATIVE_HP_SCRIPT: qtest-native-hotplug.txt."""
    q.write("qtest-native-hotplug.txt", q.qmp_qtest_transcript(NATIVE_HP_ARGS, NATIVE_HP_SCRIPT, SETTLE))


# Native PCIe hot-plug, the slot's power: root ports with their secondary buses numbered (rf at 02.0
# bus 1 holds c, rg at 03.0 bus 2 is empty, rh at 04.0 bus 3 has no power controller and holds d,
# rs at 05.0 is empty). A function in a slot the guest powers off (or one hot-plugged into an off
# slot, or a hot-plugged function whose function 0 is absent) reads all ones and drops writes; power
# off resets it. Then a sweep of slot control writes on rs and rh, each read back with the status.
NATIVE_POWER_ARGS = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                     "-device", "pcie-root-port,id=rf,addr=02.0,chassis=8", "-device", "pci-testdev,id=c,bus=rf",
                     "-device", "pcie-root-port,id=rg,addr=03.0,chassis=9",
                     "-device", "pcie-root-port,id=rh,addr=04.0,chassis=10,power_controller_present=off", "-device", "pci-testdev,id=d,bus=rh",
                     "-device", "pcie-root-port,id=rs,addr=05.0,chassis=11"]


def _fn(bus, dev, offset, fn=0):
    return f"0x{MMCFG + (bus << 20) + (dev << 15) + (fn << 12) + offset:x}"


_SWEEP = [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0xffff, 0x0, 0x3c0]
RS = 5
NATIVE_POWER_SCRIPT = ["qtest " + l for l in PROLOGUE] + [
    f"qtest writel {_fn(0, RF, 0x18)} 0x00010100", f"qtest writel {_fn(0, RG, 0x18)} 0x00020200", f"qtest writel {_fn(0, RH, 0x18)} 0x00030300",
    f"qtest readl {_fn(1, 0, 0)}", f"qtest writew {_fn(1, 0, 4)} 0x3", f"qtest writeb {_fn(1, 0, 0x3c)} 0xb", f"qtest readl {_fn(1, 0, 4)}",
    f"qtest readl {_fn(1, 0, 0x3c)}", f"qtest readl {_fn(3, 0, 0)}", f"qtest readl {_fn(2, 0, 0)}",
    # rf: power off with the indicator on (c stays, unpowered), then on again (c was reset).
    f"qtest readl {_slot(RF)}", f"qtest writew {_slot(RF)} 0x5c0", f"qtest readl {_slot(RF)}",
    f"qtest readl {_fn(1, 0, 0)}", f"qtest readw {_fn(1, 0, 2)}", f"qtest readb {_fn(1, 0, 3)}", f"qtest readl {_fn(1, 0, 4)}",
    f"qtest writel {_fn(1, 0, 0x10)} 0xffffffff", "qtest outl 0xcf8 0x80010000", "qtest inl 0xcfc", "qtest inw 0xcfe",
    "qtest outl 0xcf8 0x80010010", "qtest outl 0xcfc 0xffffffff", "qtest inl 0xcfc",
    _qmp("qom-get", path="/machine/peripheral/c", property="realized"),
    f"qtest writew {_slot(RF)} 0x1c0", f"qtest readl {_slot(RF)}", f"qtest readl {_fn(1, 0, 0)}", f"qtest readl {_fn(1, 0, 4)}",
    f"qtest readl {_fn(1, 0, 0x10)}", f"qtest readl {_fn(1, 0, 0x3c)}",
    # rg: a function hot-plugged into the off slot is hidden until the guest powers the slot.
    f"qtest readl {_slot(RG)}", _qmp("device_add", driver="pci-testdev", id="h1", bus="rg"), f"qtest readl {_slot(RG)}",
    f"qtest readl {_fn(2, 0, 0)}", f"qtest writew {_slot(RG)} 0x1c0", f"qtest readl {_slot(RG)}", f"qtest readl {_fn(2, 0, 0)}",
    f"qtest writew {_slot(RG)} 0x5c0", f"qtest readl {_fn(2, 0, 0)}", _qmp("device_del", id="h1"), f"qtest readl {_slot(RG)}",
    f"qtest writew {_slot(RG)} 0x7c0", f"qtest readl {_slot(RG)}",
    # A lone function 1 in the powered slot is hidden; function 0 added, both show.
    f"qtest writew {_slot(RG)} 0x1c0", _qmp("device_add", driver="pci-testdev", id="h3", bus="rg", addr="0.1"),
    f"qtest readl {_fn(2, 0, 0, 1)}", f"qtest readl {_slot(RG)}", _qmp("device_add", driver="pci-testdev", id="h4", bus="rg", addr="0.0"),
    f"qtest readl {_fn(2, 0, 0, 1)}", f"qtest readl {_fn(2, 0, 0)}", f"qtest readl {_slot(RG)}",
    # rh has no power controller: the control bit does not stick and d stays powered.
    f"qtest writew {_slot(RH)} 0x5c0", f"qtest readl {_slot(RH)}", f"qtest readl {_fn(3, 0, 0)}",
] + [l for v in _SWEEP for l in (f"qtest writew {_slot(RS)} 0x{v:x}", f"qtest readl {_slot(RS)}")] + [
    f"qtest writel {_slot(RS)} 0xffffffff", f"qtest readl {_slot(RS)}", f"qtest writeb 0x{MMCFG + (RS << 15) + 0x6d:x} 0x4",
    f"qtest readl {_slot(RS)}", f"qtest writew 0x{MMCFG + (RS << 15) + 0x6e:x} 0xffff", f"qtest readl {_slot(RS)}",
    f"qtest writel {_slot(RS)} 0x0", f"qtest readl {_slot(RS)}",
    f"qtest readl 0x{MMCFG + (RS << 15) + 0x70:x}", f"qtest readl 0x{MMCFG + (RS << 15) + 0x74:x}",
] + [l for v in _SWEEP for l in (f"qtest writew {_slot(RH)} 0x{v:x}", f"qtest readl {_slot(RH)}")] + [
    f"qtest readl {_fn(3, 0, 0)}", _qmp("qom-get", path="/machine/peripheral/d", property="realized"),
]


def capture_native_power():
    """NATIVE_POWER_SCRIPT: qtest-native-hotplug-power.txt."""
    q.write("qtest-native-hotplug-power.txt", q.qmp_qtest_transcript(NATIVE_POWER_ARGS, NATIVE_POWER_SCRIPT, SETTLE))


# Native PCIe hot-plug, the slot's notification through MSI-X: rf's BAR0 (the MSI-X table and
# pending bits) programmed at RF_BAR with memory decoding on, MSI-X enabled with the function
# masked, hot-plug interrupts and some events enabled in the slot control; an event the guest
# enabled leaves the vector pending while it is masked, and unmasking the vector sends the message
# (bus mastering is off, so it goes nowhere) and clears the bit. The slot c sits in is rf, as in
# NATIVE_HP_ARGS; rg is empty.
RF_BAR = 0xfe200000
NATIVE_MSIX_SCRIPT = ["qtest " + l for l in PROLOGUE] + [
    f"qtest readl 0x{RF_BAR:x}", f"qtest writel {_fn(0, RF, 0x10)} 0x{RF_BAR:x}", f"qtest readl 0x{RF_BAR:x}",
    f"qtest writew {_fn(0, RF, 0x4)} 0x2", f"qtest readl {_fn(0, RF, 0x10)}", f"qtest readl {_fn(0, RF, 0x48)}",
] + [f"qtest readl 0x{RF_BAR + o:x}" for o in (0, 4, 8, 0xc, 0x10, 0x7fc, 0x800, 0x804, 0x808, 0xffc)] + [
    f"qtest writew {_fn(0, RF, 0x4a)} 0xc000", f"qtest readl {_fn(0, RF, 0x48)}",
    # Command completed is not enabled: no notification; the pending bits stay clear.
    f"qtest writew {_slot(RF)} 0x3e9", f"qtest readl {_slot(RF)}", f"qtest readl 0x{RF_BAR + 0x800:x}",
    f"qtest writew 0x{MMCFG + (RF << 15) + 0x6e:x} 0x10", f"qtest readl {_slot(RF)}", f"qtest readl 0x{RF_BAR + 0x800:x}",
    # The attention button (device_del) is enabled: the masked vector goes pending.
    _qmp("device_del", id="c"), f"qtest readl {_slot(RF)}", f"qtest readl 0x{RF_BAR + 0x800:x}",
    f"qtest writew {_fn(0, RF, 0x4a)} 0x8000", f"qtest readl 0x{RF_BAR + 0x800:x}",
    f"qtest writel 0x{RF_BAR + 0xc:x} 0x0", f"qtest readl 0x{RF_BAR + 0xc:x}", f"qtest readl 0x{RF_BAR + 0x800:x}",
    f"qtest writel 0x{RF_BAR:x} 0x12345678", f"qtest writel 0x{RF_BAR + 8:x} 0xabcd", f"qtest readl 0x{RF_BAR:x}",
    f"qtest readl 0x{RF_BAR + 8:x}", f"qtest writel 0x{RF_BAR + 0xc:x} 0x1",
    # Still pending (the button not cleared): a further event notifies nothing.
    f"qtest writew 0x{MMCFG + (RF << 15) + 0x6e:x} 0x1f", f"qtest readl {_slot(RF)}",
    f"qtest writew {_slot(RF)} 0x3e9", f"qtest readl {_slot(RF)}", f"qtest readl 0x{RF_BAR + 0x800:x}",
    # Cleared, then command completion enabled: the next command notifies (pending again).
    f"qtest writew 0x{MMCFG + (RF << 15) + 0x6e:x} 0x11", f"qtest readl {_slot(RF)}",
    f"qtest writew {_slot(RF)} 0x3f9", f"qtest readl {_slot(RF)}", f"qtest readl 0x{RF_BAR + 0x800:x}",
    f"qtest writel 0x{RF_BAR + 0x800:x} 0x0", f"qtest readl 0x{RF_BAR + 0x800:x}",
    # Function mask on and off with the vector unmasked: the pending bit goes.
    f"qtest writew {_fn(0, RF, 0x4a)} 0xc000", f"qtest writel 0x{RF_BAR + 0xc:x} 0x0", f"qtest readl 0x{RF_BAR + 0x800:x}",
    f"qtest writew {_fn(0, RF, 0x4a)} 0x8000", f"qtest readl 0x{RF_BAR + 0x800:x}",
    # MSI-X off: INTx carries it (not visible here); the BAR unmapped when decoding is off.
    f"qtest writew {_fn(0, RF, 0x4a)} 0x0", f"qtest writew 0x{MMCFG + (RF << 15) + 0x6e:x} 0x1f", f"qtest readl {_slot(RF)}",
    f"qtest writew {_fn(0, RF, 0x4)} 0x0", f"qtest readl 0x{RF_BAR:x}", f"qtest readl 0x{RF_BAR + 0x800:x}",
]


def capture_native_msix():
    """NATIVE_MSIX_SCRIPT: qtest-native-hotplug-msix.txt."""
    q.write("qtest-native-hotplug-msix.txt", q.qmp_qtest_transcript(NATIVE_HP_ARGS, NATIVE_MSIX_SCRIPT, SETTLE))


# SHPC hot-plug (ACPI bridge hot-plug off, so each pci-bridge and pcie-pci-bridge with SHPC handles
# its own bus): br (pci-bridge at 03.0) holds a in slot 1 and a2 in slot 2, pb (pcie-pci-bridge at
# 04.0) is empty, ns (pci-bridge at 06.0, shpc=off) holds n. The guest's side goes through the SHPC
# registers in BAR0 (programmed at BR_BAR and PB_BAR, memory decoding on) and through the
# capability's DWORD select/data window in configuration space.
SHPC_ARGS = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
             "-device", "pci-bridge,id=br,addr=03.0,chassis_nr=1", "-device", "pci-testdev,id=a,bus=br,addr=01.0",
             "-device", "pci-testdev,id=a2,bus=br,addr=02.0", "-device", "pcie-pci-bridge,id=pb,addr=04.0",
             "-device", "pci-bridge,id=ns,addr=06.0,chassis_nr=2,shpc=off", "-device", "pci-testdev,id=n,bus=ns,addr=01.0"]
BR, PB, BR_BAR, PB_BAR = 3, 4, 0xfe000000, 0xfe100000


def _cfg(dev, offset):
    return f"0x{MMCFG + (dev << 15) + offset:x}"


def _window_read(dev, index):
    """Reads SHPC dword INDEX through the capability (at 0x40) of the bridge at 00:DEV.0."""
    return [f"qtest writeb {_cfg(dev, 0x42)} 0x{index:x}", f"qtest readl {_cfg(dev, 0x44)}"]


def _shpc(bar, size, offset, value=None):
    letter = {1: "b", 2: "w", 4: "l"}[size]
    if value is None:
        return f"qtest read{letter} 0x{bar + offset:x}"
    return f"qtest write{letter} 0x{bar + offset:x} 0x{value:x}"


def _slot_regs(bar, *slots):
    """The slot registers (status, event latch, event mask) of the given PCI slots, the interrupt
    locator, the SERR/interrupt register and the command register."""
    return [_shpc(bar, 4, 0x24 + (s - 1) * 4) for s in slots] + [_shpc(bar, 4, 0x18), _shpc(bar, 4, 0x20), _shpc(bar, 4, 0x14)]


SHPC_SCRIPT = ["qtest " + l for l in PROLOGUE] + [
    # BAR0 of both bridges, memory decoding on.
    f"qtest writel {_cfg(BR, 0x10)} 0x{BR_BAR:x}", f"qtest writel {_cfg(BR, 0x14)} 0x0", f"qtest writew {_cfg(BR, 0x4)} 0x6",
    f"qtest writel {_cfg(PB, 0x10)} 0x{PB_BAR:x}", f"qtest writel {_cfg(PB, 0x14)} 0x0", f"qtest writew {_cfg(PB, 0x4)} 0x2",
    f"qtest readl {_cfg(BR, 0x10)}", f"qtest readl {_cfg(BR, 0x40)}", f"qtest readl {_cfg(BR, 0x44)}",
] + [_shpc(BR_BAR, 4, off) for off in range(0, 0xa4, 4)] + [
    _shpc(BR_BAR, 4, 0xfc), _shpc(BR_BAR, 1, 0xc), _shpc(BR_BAR, 2, 0xe), _shpc(BR_BAR, 1, 0x13), _shpc(BR_BAR, 2, 0x26),
    _shpc(PB_BAR, 4, 0x0), _shpc(PB_BAR, 4, 0xc), _shpc(PB_BAR, 4, 0x24),
] + [line for i in (0, 1, 3, 4, 8, 9, 10, 11, 0x27, 0x28, 0xff) for line in _window_read(BR, i)] + _window_read(PB, 3) + [
    # A write to the data window stores the SHPC register that sits at the capability's data
    # offset (QEMU 10.0 reads it from the SHPC registers, not from configuration space).
    f"qtest writeb {_cfg(BR, 0x42)} 0x9", f"qtest writel {_cfg(BR, 0x44)} 0x0", f"qtest readl {_cfg(BR, 0x44)}",
    f"qtest writeb {_cfg(BR, 0x42)} 0x5", f"qtest writel {_cfg(BR, 0x44)} 0x12345678", f"qtest readl {_cfg(BR, 0x44)}",
    f"qtest readl {_cfg(BR, 0x40)}",
] + _slot_regs(BR_BAR, 1, 9, 14) + [
    # Interrupts on; the attention button of slot 1 is pressed by device_del, then unmasked.
    _shpc(BR_BAR, 4, 0x20, 0x0), _qmp("device_del", id="a"), *_slot_regs(BR_BAR, 1),
    _shpc(BR_BAR, 1, 0x27, 0x7b), *_slot_regs(BR_BAR, 1), _qmp("device_del", id="a"),
    _qmp("qom-get", path="/machine/peripheral/a", property="realized"),
    _shpc(BR_BAR, 1, 0x26, 0x4), *_slot_regs(BR_BAR, 1),
    # The guest blinks the power indicator (command 0x08 on target 1): unplug refused meanwhile.
    _shpc(BR_BAR, 2, 0x14, 0x0108), *_slot_regs(BR_BAR, 1), _qmp("device_del", id="a"),
    _shpc(BR_BAR, 4, 0x20, 0x10000), *_slot_regs(BR_BAR, 1),
    # Power indicator off and the slot disabled: a goes.
    _shpc(BR_BAR, 2, 0x14, 0x010f), *_slot_regs(BR_BAR, 1),
    _qmp("qom-get", path="/machine/peripheral/a", property="realized"), _qmp("device_del", id="a"),
    # A function 0 and then a function 1 into the empty slot; device_del empties the (disabled) slot at once.
    _qmp("device_add", driver="pci-testdev", id="b", bus="br", addr="1.0"), *_slot_regs(BR_BAR, 1),
    _qmp("device_add", driver="pci-testdev", id="b1", bus="br", addr="1.1"), *_slot_regs(BR_BAR, 1),
    _qmp("device_add", driver="pci-testdev", id="b2", bus="br", addr="1.0"),
    _qmp("device_del", id="b"), *_slot_regs(BR_BAR, 1),
    _qmp("qom-get", path="/machine/peripheral/b1", property="realized"),
    # Commands the controller refuses or ignores.
    _shpc(BR_BAR, 4, 0x20, 0x10000), _shpc(BR_BAR, 2, 0x14, 0x0001), _shpc(BR_BAR, 4, 0x14),
    _shpc(BR_BAR, 2, 0x14, 0x2001), _shpc(BR_BAR, 4, 0x14), _shpc(BR_BAR, 2, 0x14, 0x0201), _shpc(BR_BAR, 4, 0x14),
    _shpc(BR_BAR, 1, 0x14, 0x41), _shpc(BR_BAR, 4, 0x14), _shpc(BR_BAR, 1, 0x14, 0x40), _shpc(BR_BAR, 4, 0x14),
    _shpc(BR_BAR, 1, 0x14, 0x50), _shpc(BR_BAR, 4, 0x14), _shpc(BR_BAR, 1, 0x14, 0x48), _shpc(BR_BAR, 4, 0x14),
    _shpc(BR_BAR, 1, 0x14, 0x49), _shpc(BR_BAR, 4, 0x14), _shpc(BR_BAR, 1, 0x15, 0xff), _shpc(BR_BAR, 4, 0x14),
    _shpc(BR_BAR, 4, 0x10, 0xffffffff), _shpc(BR_BAR, 4, 0x10), _shpc(BR_BAR, 4, 0x0, 0xffffffff), _shpc(BR_BAR, 4, 0x0),
    *_slot_regs(BR_BAR, 2),
    # Slot 2: disabled with the indicator on (a2 stays), the indicator off alone (stays), then device_del.
    _shpc(BR_BAR, 2, 0x14, 0x0203), *_slot_regs(BR_BAR, 2), _shpc(BR_BAR, 2, 0x14, 0x020c), *_slot_regs(BR_BAR, 2),
    _qmp("qom-get", path="/machine/peripheral/a2", property="realized"), _qmp("device_del", id="a2"), *_slot_regs(BR_BAR, 2),
    # Power-only and enable-all with no slot enabled; a device plugged into slot 3 first.
    _qmp("device_add", driver="pci-testdev", id="c", bus="br", addr="3.0"), *_slot_regs(BR_BAR, 3),
    _shpc(BR_BAR, 1, 0x14, 0x48), *_slot_regs(BR_BAR, 1, 3), _shpc(BR_BAR, 1, 0x14, 0x49), *_slot_regs(BR_BAR, 1, 3),
    _shpc(BR_BAR, 1, 0x14, 0x49), _shpc(BR_BAR, 4, 0x14),
    _qmp("device_del", id="c"), *_slot_regs(BR_BAR, 3), _qmp("device_del", id="c"),
    _shpc(BR_BAR, 2, 0x14, 0x030f), *_slot_regs(BR_BAR, 3),
    # Refused plugs: slot 0, a taken function, a bridge without SHPC.
    _qmp("device_add", driver="pci-testdev", id="e", bus="br", addr="0.0"),
    _qmp("device_add", driver="pci-testdev", id="e", bus="br", addr="1f.0"), *_slot_regs(BR_BAR, 31),
    _qmp("device_add", driver="pci-testdev", id="e2", bus="br", addr="1f.0"),
    _qmp("device_add", driver="pci-testdev", id="f", bus="ns"), _qmp("device_del", id="n"),
    _qmp("qom-get", path="/machine/peripheral/ns/ns", property="hotplug-handler"),
    _qmp("qom-get", path="/machine/peripheral/br/br", property="hotplug-handler"),
    # pcie-pci-bridge: the same controller.
    _qmp("device_add", driver="pci-testdev", id="d", bus="pb"),
    _qmp("device_add", driver="pci-testdev", id="d", bus="pb", addr="2.0"), *_slot_regs(PB_BAR, 2), *_window_read(PB, 10),
    _qmp("device_del", id="d"), *_slot_regs(PB_BAR, 2),
    # Memory decoding off: the registers are gone from the address.
    f"qtest writew {_cfg(BR, 0x4)} 0x0", _shpc(BR_BAR, 4, 0x0),
]


def capture_shpc_hotplug():
    """SHPC_SCRIPT: qtest-shpc-hotplug.txt."""
    q.write("qtest-shpc-hotplug.txt", q.qmp_qtest_transcript(SHPC_ARGS, SHPC_SCRIPT, SETTLE))


# INTx of the ports' hot-plug interrupts (ACPI bridge hot-plug off, MSI and MSI-X off): a root port's
# slot events and an SHPC bridge's go out on the port's INTA, which the ICH9 maps by slot (D28IR for
# slot 28, else (slot + pin) % 4 + 4) to a PIRQ: GSI 16 + PIRQ on the I/O APIC, and the ISA IRQ the
# LPC's PIRQ route register names (0x60-0x63, 0x68-0x6b) when it is enabled. Every I/O APIC input
# change is reported (irq_intercept_in). rp at 02.0 holds c (PIRQG, GSI 22); rq at 1c.0 is empty
# (D28IR: PIRQA, GSI 16); br, a pci-bridge at 03.0, holds a in slot 1 (PIRQH, GSI 23); pb, a
# pcie-pci-bridge at 04.0, is empty (PIRQE, GSI 20); rt at 08.0 is empty (PIRQE too, shared).
INTX_ARGS = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
             "-device", "pcie-root-port,id=rp,addr=02.0,chassis=1", "-device", "pci-testdev,id=c,bus=rp",
             "-device", "pcie-root-port,id=rq,addr=1c.0,chassis=2",
             "-device", "pci-bridge,id=br,addr=03.0,chassis_nr=3", "-device", "pci-testdev,id=a,bus=br,addr=01.0",
             "-device", "pcie-pci-bridge,id=pb,addr=04.0", "-device", "pcie-root-port,id=rt,addr=08.0,chassis=4"]
RP, RQ, RT, LPC_DEV = 2, 0x1c, 8, 0x1f


def _status(port):
    return _cfg(port, 0x6e)


INTX_SCRIPT = ["qtest irq_intercept_in ioapic"] + ["qtest " + l for l in PROLOGUE] + [
    f"qtest readl {_cfg(RP, 0x3c)}", f"qtest readl {_cfg(RQ, 0x3c)}", f"qtest readl {_cfg(BR, 0x3c)}", f"qtest readl {_cfg(PB, 0x3c)}",
    f"qtest readl {_cfg(RP, 0x4)}", f"qtest readl {_slot(RP)}",
    # rp: hot-plug interrupts and command completion enabled: the write completes a command, INTA goes up.
    f"qtest writew {_slot(RP)} 0x31", f"qtest readl {_slot(RP)}", f"qtest readl {_cfg(RP, 0x4)}",
    # Another command while the event is pending: no change; cleared: INTA down.
    f"qtest writew {_slot(RP)} 0x31", f"qtest writew {_status(RP)} 0x10", f"qtest readl {_slot(RP)}", f"qtest readl {_cfg(RP, 0x4)}",
    # The attention button (device_del) with its enable on: up again.
    _qmp("device_del", id="c"), f"qtest readl {_slot(RP)}",
    # INTx disabled in the command register: the line drops, the status bit stays; enabled: up.
    f"qtest writew {_cfg(RP, 0x4)} 0x400", f"qtest readl {_cfg(RP, 0x4)}", f"qtest writew {_cfg(RP, 0x4)} 0x0", f"qtest readl {_cfg(RP, 0x4)}",
    # PIRQG routed to IRQ 11: nothing moves until the line changes; down and up again then drive IRQ 11 too.
    f"qtest writeb {_cfg(LPC_DEV, 0x6a)} 0xb", f"qtest readl {_cfg(LPC_DEV, 0x68)}",
    f"qtest writew {_status(RP)} 0x1", f"qtest writew {_slot(RP)} 0x31", f"qtest writew {_status(RP)} 0x10",
    f"qtest writew {_slot(RP)} 0x31",
    # The route disabled while INTA is up, then moved to IRQ 10 while it is down.
    f"qtest writeb {_cfg(LPC_DEV, 0x6a)} 0x8b", f"qtest writew {_status(RP)} 0x10", f"qtest writeb {_cfg(LPC_DEV, 0x6a)} 0xa",
    f"qtest writew {_slot(RP)} 0x31", f"qtest writew {_status(RP)} 0x10",
    # Hot-plug interrupts off in the slot control with an event pending: the line drops.
    f"qtest writew {_slot(RP)} 0x31", f"qtest writew {_slot(RP)} 0x11", f"qtest readl {_slot(RP)}", f"qtest writew {_status(RP)} 0x1f",
    # rq at slot 28: D28IR (PIRQA at reset); the RCRB enabled and D28IR changed to send INTA to PIRQD.
    f"qtest writew {_slot(RQ)} 0x30", f"qtest writew {_slot(RQ)} 0x30", f"qtest writew {_status(RQ)} 0x10",
    f"qtest writel {_cfg(LPC_DEV, 0xf0)} 0xfed1c001", "qtest readw 0xfed1f146", "qtest writew 0xfed1f146 0x3213",
    f"qtest writew {_slot(RQ)} 0x30", f"qtest writew {_status(RQ)} 0x10",
    # A device added to rq: presence detect changed, with its enable.
    f"qtest writew {_slot(RQ)} 0x38", f"qtest writew {_status(RQ)} 0x10",
    _qmp("device_add", driver="pci-testdev", id="q1", bus="rq"), f"qtest readl {_slot(RQ)}",
    # rt (PIRQE, as pb): a command completed, INTA up and down at once (the AER root interrupt's level after the write).
    f"qtest writew {_slot(RT)} 0x30",
    # br: BAR0 and memory decoding; the SHPC's interrupt enabled, slot 1's attention button unmasked.
    f"qtest writel {_cfg(BR, 0x10)} 0x{BR_BAR:x}", f"qtest writel {_cfg(BR, 0x14)} 0x0", f"qtest writew {_cfg(BR, 0x4)} 0x2",
    _shpc(BR_BAR, 4, 0x20, 0x0), *_slot_regs(BR_BAR, 1), _shpc(BR_BAR, 1, 0x27, 0x7b), _qmp("device_del", id="a"),
    *_slot_regs(BR_BAR, 1), f"qtest readl {_cfg(BR, 0x4)}",
    # Cleared (the latch is write-1-to-clear): down; a command with its interrupt enabled: up; disabled by SERR/INT bit 0: down.
    _shpc(BR_BAR, 1, 0x26, 0x4), *_slot_regs(BR_BAR, 1), _shpc(BR_BAR, 4, 0x20, 0x10000), _shpc(BR_BAR, 2, 0x14, 0x0108),
    *_slot_regs(BR_BAR, 1), _shpc(BR_BAR, 4, 0x20, 0x1), _shpc(BR_BAR, 4, 0x20, 0x0),
    f"qtest writew {_cfg(BR, 0x4)} 0x402", f"qtest readl {_cfg(BR, 0x4)}", f"qtest writew {_cfg(BR, 0x4)} 0x2",
    # pb: the same controller; a device added to slot 2 (presence and MRL events), its interrupt on.
    f"qtest writel {_cfg(PB, 0x10)} 0x{PB_BAR:x}", f"qtest writel {_cfg(PB, 0x14)} 0x0", f"qtest writew {_cfg(PB, 0x4)} 0x2",
    _shpc(PB_BAR, 4, 0x20, 0x0), _shpc(PB_BAR, 1, 0x2b, 0x0), _qmp("device_add", driver="pci-testdev", id="d", bus="pb", addr="2.0"),
    *_slot_regs(PB_BAR, 2),
    # rt's event while pb holds PIRQE: the GSI stays up (two pins on it, then one); pb's latch cleared: down.
    f"qtest writew {_status(RT)} 0x10", f"qtest writew {_slot(RT)} 0x30", _shpc(PB_BAR, 1, 0x2a, 0xff), *_slot_regs(PB_BAR, 2),
    # rp's MSI-X enabled while INTA is up: the line stays; a cleared event does not lower it.
    f"qtest writew {_slot(RP)} 0x31", f"qtest writew {_cfg(RP, 0x4a)} 0x8000", f"qtest writew {_status(RP)} 0x10",
    f"qtest writew {_slot(RP)} 0x31", f"qtest writew {_cfg(RP, 0x4a)} 0x0", f"qtest writew {_status(RP)} 0x10",
    f"qtest writew {_slot(RP)} 0x31",
    # A machine reset with lines up: the ports' resets lower them.
    f"qtest writew {_slot(RQ)} 0x30", _shpc(BR_BAR, 4, 0x20, 0x0), _shpc(BR_BAR, 2, 0x14, 0x0208),
    _qmp("system_reset"), f"qtest readl {_slot(RP)}", f"qtest readl {_cfg(RP, 0x4)}", f"qtest readl {_cfg(LPC_DEV, 0x68)}",
]


def intx_settle(step):
    """A second after QMP steps (a reset comes from the main loop), 0.05 s after qtest steps."""
    return 1.0 if step.startswith("qmp ") else 0.05


def capture_intx():
    """INTX_SCRIPT: qtest-hotplug-intx.txt, run until two runs agree."""
    q.write("qtest-hotplug-intx.txt", q.stable_transcript(INTX_ARGS, INTX_SCRIPT, intx_settle))


def main():
    capture_intx()
    capture_native_hotplug()
    capture_shpc_hotplug()
    capture_native_power()
    capture_native_msix()
    capture_ports()
    out = {"prologue": PROLOGUE, "mmcfg": MMCFG, "configurations": {}}
    for machine in MACHINES:
        for name, (args, functions, written) in CONFIGS.items():
            # Sizes first: a run with the dumps only.
            lines = PROLOGUE + [l for f in functions for l in dump(f)]
            replies, err = run(machine, args, lines)
            entry = {"machine": machine, "args": args, "functions": {}}
            if len(replies) != len(lines):
                entry["error"] = err
                out["configurations"][f"{machine}/{name}"] = entry
                continue
            replies = replies[len(PROLOGUE):]
            sizes = {}
            for i, f in enumerate(functions):
                h = to_hex(replies[i * 1024:(i + 1) * 1024])
                entry["functions"][f] = {"reset": h}
                sizes[f] = len(h) // 2
            # Each write sequence in its own run: PROLOGUE, the writes, the dump.
            for f in written if machine == "q35" else []:
                ones = writes(f, sizes[f], 0xffffffff)
                replies, err = run(machine, args, PROLOGUE + ones + dump(f))
                entry["functions"][f]["ones"] = to_hex(replies[-1024:])
                zeros = writes(f, sizes[f], 0)
                replies, err = run(machine, args, PROLOGUE + ones + zeros + dump(f))
                entry["functions"][f]["zeros"] = to_hex(replies[-1024:])
            if written and machine == "q35":
                entry["write"] = written
            out["configurations"][f"{machine}/{name}"] = entry
    with open(os.path.join(HERE, "pci-config.json"), "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
