#!/usr/bin/env python3
"""Captures the ACPI events of QEMU 10.0's ICH9 power management (the LPC's PM block) over qtest
and QMP: sleep requests through PM1 control's SLP_TYP/SLP_EN (S3: SUSPEND and the run state
`suspended`, system_wakeup and WAKEUP, what the wake-up resets and the PM1 status it leaves; S4:
SUSPEND_DISK then SHUTDOWN; S5: SHUTDOWN), with -no-shutdown, -action shutdown=pause and
-no-reboot; system_powerdown (POWERDOWN, PWRBTN_STS); the SCI on the I/O APIC's inputs (GSI 9, or
the one ACPI_CNTL selects) as PM1 and GPE0 status and enable bits change; and the GPE0 bits PCI
(bit 1) and CPU (bit 2) hot-plug set on device_add/device_del, with the guest's ejects.

Usage: python3 capture_acpi_events.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-acpi-events-reset-unplug.txt (a pending ACPI PCI unplug completed by a machine reset)
and qtest-acpi-events.txt: one section a command line, each a capture_q35.qmp_qtest_transcript
(QMP on a Unix socket, qtest on stdio, -S, `irq_intercept_in ioapic` first), run until two runs
agree. QEMU runs in this directory: `-L firmware -bios halt.bin` is firmware/halt.bin, written
here (64 KiB whose reset vector is cli; hlt), so that the CPU, which runs once system_wakeup has
put the machine in the running state, does nothing (the default firmware would program the PM
block and reset the machine). While the machine runs the virtual clock moves: the PM timer and
anything timed are not read then, and TMR_STS is left set. Timer-driven wake-ups (RTC alarm, PM
timer) are left out: under -S the clock stays at 0. Left out because QEMU 10.0 aborts on it: a
suspend request (S3) once the run state is `shutdown` (-no-shutdown after a shutdown).
"""
import json
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (stable_transcript, write)

HALT = ["-L", "firmware", "-bios", "halt.bin"]


def t(*lines):
    return ["qtest " + line for line in lines]


def qmp(command, **arguments):
    return "qmp " + json.dumps({"execute": command, "arguments": arguments} if arguments else {"execute": command})


def cfg_write(off, value, size):
    port = 0xcfc + (off & 3)
    return [f"outl 0xcf8 0x{0x8000f800 | (off & 0xfc):x}", {1: "outb", 2: "outw", 4: "outl"}[size] + f" 0x{port:x} 0x{value:x}"]


def cfg_read(off):
    return [f"outl 0xcf8 0x{0x8000f800 | (off & 0xfc):x}", "inl 0xcfc"]


# PMBASE 0x600 and ACPI_EN, as firmware sets them.
PM_ON = cfg_write(0x40, 0x601, 4) + cfg_write(0x44, 0x80, 1)
PM_REGS = ["inw 0x600", "inw 0x602", "inw 0x604", "inl 0x620", "inl 0x624", "inl 0x628", "inl 0x62c"]
STATUS = qmp("query-status")
S3 = "outw 0x604 0x2401"
S4 = "outw 0x604 0x2801"
S5 = "outw 0x604 0x2001"


def sci_script():
    s = t("irq_intercept_in ioapic", "inw 0x600", *PM_ON, *PM_REGS)
    # TMR_STS is set at clock 0: TMR_EN raises the SCI; clearing either lowers it.
    s += t("outw 0x602 0x1", "inw 0x602", "outw 0x602 0x0", "outw 0x602 0x1", "outb 0x603 0x0", "outb 0x602 0x0",
           "outb 0x602 0x1", "outw 0x604 0x1", "outw 0x604 0x0", "outw 0x600 0x1", "inw 0x600", "outw 0x602 0x0")
    # Other enables with nothing set; PM1 status and enable through one dword.
    s += t("outw 0x602 0x521", "outw 0x600 0xffff", "inl 0x600", "outl 0x600 0x01000000", "inl 0x600", "outw 0x602 0x0")
    # The power button: no status without PWRBTN_EN; with it, the status and the SCI.
    s += [qmp("system_powerdown")] + t("inw 0x600", "outw 0x602 0x100") + [qmp("system_powerdown")] + t("inw 0x600")
    s += t("outw 0x602 0x0", "outw 0x602 0x100", "outb 0x601 0x1", "outb 0x600 0x1", "outw 0x600 0x8000", "inw 0x600")
    # The SCI follows ACPI_CNTL's IRQ select (9, 10, 11, 20, 21; reserved values keep the last).
    for v in (0x81, 0x82, 0x84, 0x85, 0x83, 0x86, 0x87, 0x80, 0x85, 0x05, 0x00, 0x03, 0x80):
        s += t(*cfg_write(0x44, v, 1), *cfg_read(0x44))
    s += t("inw 0x600", "outw 0x602 0x0", *cfg_write(0x44, 0x82, 1), "outw 0x602 0x100", "outw 0x600 0x100", "inw 0x600")
    # Unmapped block (ACPI_EN clear): the power button still sets the status and the SCI.
    s += t("outw 0x602 0x100", *cfg_write(0x44, 0x00, 1), "inw 0x600") + [qmp("system_powerdown")]
    s += t(*cfg_write(0x44, 0x80, 1), "inw 0x600", "inw 0x602")
    # GPE0: nothing set, so no enable raises the SCI; the SCI through GPE0 is in the hot-plug section.
    s += t("outb 0x628 0xff", "outl 0x628 0xffffffff", "outl 0x62c 0xffffffff", "outl 0x620 0xffffffff", "inl 0x620",
           "inl 0x628", "outl 0x628 0x0", "outl 0x62c 0x0")
    # A machine reset with the SCI raised lowers it; the block's registers after it.
    s += [STATUS, qmp("system_reset"), STATUS] + t("inw 0x600", *cfg_read(0x40), *cfg_read(0x44), *PM_ON, *PM_REGS)
    s += [qmp("query-current-machine"), qmp("system_wakeup")]
    return s


def sleep_script():
    s = t("irq_intercept_in ioapic", *PM_ON, "outw 0x602 0x100", "outl 0x62c 0x12345678", *cfg_write(0x44, 0x81, 1))
    s += [qmp("system_wakeup"), qmp("query-current-machine")]
    # S3: SUSPEND, the run state; the registers as they were; a second request does nothing.
    s += t(S3) + [STATUS] + t(*PM_REGS, S3, "outw 0x604 0x2c01", "inw 0x604") + [STATUS]
    # The power button while suspended: its status and SCI, no wake-up.
    s += [qmp("system_powerdown"), STATUS] + t("inw 0x600")
    # The wake-up: a machine reset (no RESET event), the run state running, WAK_STS and PWRBTN_STS set.
    s += [qmp("system_wakeup"), STATUS, qmp("system_wakeup")]
    s += t("inw 0x600", *cfg_read(0x40), *cfg_read(0x44), *PM_ON, *PM_REGS, "outw 0x600 0x8000", "inw 0x600")
    # S3 from the running state; a machine reset while suspended leaves it in prelaunch.
    s += t(S3) + [STATUS, qmp("system_reset"), STATUS] + t(*PM_ON, "inw 0x600", S3) + [STATUS]
    s += [qmp("system_wakeup"), STATUS] + t(*PM_ON, "inw 0x600", "outw 0x602 0x100") + [qmp("system_powerdown")]
    s += t("inw 0x600", "outw 0x600 0x100")
    # S5 while running: SHUTDOWN, then QEMU ends.
    s += t(S5)
    return s


def no_shutdown_script():
    s = t("irq_intercept_in ioapic", *PM_ON)
    # From prelaunch a shutdown does not stop anything: the run state stays.
    s += t(S5) + [STATUS] + t(S3) + [STATUS]
    # From suspended it stops the machine: STOP, run state shutdown.
    s += t(S5) + [STATUS, qmp("system_wakeup"), qmp("system_powerdown"), STATUS, qmp("system_reset"), STATUS]
    s += t(*PM_ON, S3, "inw 0x604") + [qmp("system_wakeup"), STATUS]
    s += t(*PM_ON, S4) + [STATUS, qmp("system_reset"), STATUS] + t(*PM_ON, S4) + [STATUS]
    s += t(S3) + [qmp("system_wakeup")] + t(*PM_ON, S5) + [STATUS, qmp("system_wakeup")]
    return s


def pause_script():
    return t("irq_intercept_in ioapic", *PM_ON, S3) + [qmp("system_wakeup")] + t(*PM_ON, S5) + [STATUS] + t(
        *PM_ON, S5) + [STATUS]


def no_reboot_script():
    return t("irq_intercept_in ioapic", *PM_ON, S3) + [qmp("system_wakeup"), STATUS] + t(*PM_ON, "inw 0x600") + [
        qmp("system_reset")]


def s4_script():
    return t("irq_intercept_in ioapic", *PM_ON, S4, "inw 0x604", "outw 0x604 0x3001", "inw 0x604", S3) + [STATUS] + [
        qmp("system_wakeup"), STATUS] + t(*PM_ON, "outw 0x604 0x3401")


def none_script():
    return [qmp("system_wakeup"), qmp("system_powerdown"), STATUS, qmp("query-current-machine")]


def cpu(id_, core):
    return qmp("device_add", driver="qemu64-x86_64-cpu", id=id_, **{"socket-id": 0, "core-id": core, "thread-id": 0})


def hotplug_script():
    s = t("irq_intercept_in ioapic", *PM_ON, "inl 0x620")
    s += [qmp("qom-get", path=f"/machine/peripheral/{p}/{p}", property="acpi-pcihp-bsel") for p in ("ra", "rb", "rc")]
    # PCI hot-plug sets GPE0 bit 1 whether or not it is enabled; the enable raises the SCI.
    s += [qmp("device_add", driver="pci-testdev", id="h1", bus="ra")]
    s += t("inl 0x620", "outb 0x628 0x2", "outb 0x620 0x2", "inl 0x620", "outb 0x628 0x6")
    s += [qmp("device_add", driver="pci-testdev", id="h2", bus="rb")] + t("inl 0x620", "outb 0x628 0x0", "outb 0x628 0x2",
                                                                            "outl 0x620 0x2", "inl 0x620")
    # An unplug request sets it again; the guest's eject (PCI_EJ on the bus) removes the function.
    s += [qmp("device_del", id="h1")] + t("inl 0x620", "outw 0x620 0x2", f"outl 0xcd0 0x{BSEL_RA:x}", "inl 0xcc4", "outl 0xcc8 0x1")
    s += [qmp("qom-get", path="/machine/peripheral/h1", property="realized")] + t("inl 0x620")
    # Cold-plugged devices and refused requests set nothing.
    s += [qmp("device_add", driver="pci-testdev", id="h3", bus="pcie.0"), qmp("device_del", id="c")] + t("inl 0x620")
    # CPU hot-plug: GPE0 bit 2 (legacy interface), the refused unplug, then the modern interface.
    s += t("outb 0x628 0x6") + [cpu("c1", 1)] + t("inl 0x620", "outb 0x620 0x4", "inb 0xcd8") + [qmp("device_del", id="c1")]
    s += t("inl 0x620", "outb 0xcd8 0x0") + [cpu("c2", 2)] + t("inl 0x620", "outb 0x620 0x4")
    s += [qmp("device_del", id="c1")] + t("inl 0x620", "outb 0x628 0x0", "outb 0x620 0x4", "outb 0x628 0x4", "outl 0xcd8 0x1",
                                          "inl 0xcdc", "outb 0xcdc 0x8", "inl 0xcdc")
    s += [qmp("qom-get", path="/machine/peripheral/c1", property="realized"), qmp("query-hotpluggable-cpus")]
    s += [qmp("device_del", id="c2")] + t("inl 0x620", "outl 0xcd8 0x2", "inl 0xcdc", "outb 0xcdc 0x8", "inl 0xcdc",
                                          "outb 0x620 0x4", "inl 0x620")
    # Both kinds at once; a machine reset clears GPE0 and lowers the SCI.
    s += [cpu("c3", 3), qmp("device_add", driver="pci-testdev", id="h4", bus="ra")] + t("inl 0x620", "inl 0x628")
    s += [qmp("system_reset")] + t(*PM_ON, "inl 0x620", "inl 0x628")
    return s


# The bus number QEMU 10.0 gives ra (read back at the start of the hot-plug section).
BSEL_RA = 2

# Steps after which QEMU gets a second for its events: the guests' ejects (DEVICE_DELETED follows
# the release of the device, which RCU puts off).
WAITS = ("outl 0xcc8 0x1", "outb 0xcdc 0x8")

HOTPLUG_ARGS = ["-machine", "q35", "-smp", "1,maxcpus=4", "-device", "pcie-root-port,id=ra,chassis=1",
                "-device", "pcie-root-port,id=rb,chassis=2", "-device", "pcie-root-port,id=rc,chassis=3",
                "-device", "pci-testdev,id=c,bus=pcie.0"]

SECTIONS = [
    (["-machine", "q35"], sci_script()),
    (["-machine", "q35,smm=off"], t("irq_intercept_in ioapic", *PM_ON, "inw 0x604", "outw 0x602 0x1", "outw 0x604 0x0")
     + [qmp("system_reset")] + t(*PM_ON, *PM_REGS)),
    (["-machine", "q35"] + HALT, sleep_script()),
    (["-machine", "q35", "-no-shutdown"] + HALT, no_shutdown_script()),
    (["-machine", "q35", "-action", "shutdown=pause"] + HALT, pause_script()),
    (["-machine", "q35", "-no-reboot"] + HALT, no_reboot_script()),
    (["-machine", "q35", "-global", "ICH9-LPC.disable_s3=1", "-global", "ICH9-LPC.disable_s4=1",
      "-global", "ICH9-LPC.s4_val=5"] + HALT, s4_script()),
    (["-machine", "pc-q35-9.1"] + HALT, s4_script()),
    (["-machine", "none"], none_script()),
    (HOTPLUG_ARGS, hotplug_script()),
]


def write_halt_firmware():
    rom = bytearray(b"\xf4" * 65536)
    rom[0xfff0:0xfff4] = b"\xfa\xf4\xeb\xfd"  # cli; hlt; jmp back to the hlt
    with open(os.path.join(q.HERE, "firmware", "halt.bin"), "wb") as f:
        f.write(rom)


def settle(step):
    """QMP steps and the steps in WAITS may ask for a reset or send events: 1 s; others 0.02 s."""
    return 1.0 if step.startswith("qmp ") or step.split(" ", 1)[1] in WAITS else 0.02


def stable(args, steps):
    try:
        return q.stable_transcript(args, steps, settle)
    except ConnectionRefusedError:
        # The socket exists a moment before QEMU listens on it: run again.
        return q.stable_transcript(args, steps, settle)


# A machine reset completes a pending ACPI PCI unplug (QEMU's acpi_pcihp_reset): DEVICE_DELETED
# follows RESET here because QEMU sends it once RCU releases the device.
RESET_UNPLUG_ARGS = ["-machine", "q35", "-device", "pcie-root-port,id=ra,chassis=1"]
RESET_UNPLUG_SCRIPT = t("irq_intercept_in ioapic", *PM_ON, "outb 0x628 0x2") + [
    qmp("device_add", driver="pci-testdev", id="h1", bus="ra"), qmp("device_del", id="h1"), qmp("system_reset"),
    qmp("qom-get", path="/machine/peripheral/h1", property="realized")] + t(
    "outl 0xcd0 0x0", "inl 0xcc0", "inl 0xcc4", "inl 0xcc8", *PM_ON, "inl 0x620", "inl 0x628")


# The SCI shares its line with the PCI interrupts routed there (QEMU ORs them): rp and rq, root
# ports at 04.0 and 08.0, both send INTA to PIRQE (GSI 20), routed to ISA IRQ 9 too. Their hot-plug
# interrupts are raised by device_del (the attention button, with its enable and HPIE on); a
# status write clears them. First the SCI on its default IRQ 9, then moved to GSI 20.
SCI_PIRQ_ARGS = ["-machine", "q35", "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                 "-device", "pcie-root-port,id=rp,addr=04.0,chassis=1", "-device", "pci-testdev,id=c,bus=rp",
                 "-device", "pcie-root-port,id=rq,addr=08.0,chassis=2", "-device", "pci-testdev,id=d,bus=rq"]


def port_write(dev, off, value, size):
    port = 0xcfc + (off & 3)
    return [f"outl 0xcf8 0x{0x80000000 | (dev << 11) | (off & 0xfc):x}", {1: "outb", 2: "outw", 4: "outl"}[size] + f" 0x{port:x} 0x{value:x}"]


def sci_pirq_script():
    rp, rq, slot_control, slot_status = 4, 8, 0x6c, 0x6e
    s = t("irq_intercept_in ioapic", *PM_ON, *cfg_write(0x68, 0x09, 1))
    # IRQ 9: the SCI up, then rp's INTA; the SCI down and up again while INTA holds the line; INTA
    # cleared while the SCI holds it; the SCI down.
    s += t("outw 0x602 0x1", *port_write(rp, slot_control, 0x21, 2)) + [qmp("device_del", id="c")]
    s += t("outw 0x602 0x0", "outw 0x602 0x1", "outw 0x602 0x0", "outw 0x602 0x1",
           *port_write(rp, slot_status, 0x1, 2), "outw 0x602 0x0")
    # GSI 20: the SCI moved there; rq's INTA up (GSI 20 and IRQ 9), the SCI up, INTA cleared (IRQ 9
    # drops, GSI 20 stays), the SCI down; the SCI up and moved back to 9 while INTA is down.
    s += t(*cfg_write(0x44, 0x84, 1), *port_write(rq, slot_control, 0x21, 2)) + [qmp("device_del", id="d")]
    s += t("outw 0x602 0x1", *port_write(rq, slot_status, 0x1, 2), "outw 0x602 0x0", "outw 0x602 0x1",
           *cfg_write(0x44, 0x80, 1), *cfg_write(0x44, 0x84, 1), "outw 0x602 0x0")
    return s


def main():
    os.chdir(q.HERE)
    write_halt_firmware()
    only = os.environ.get("CAPTURE_ONLY")
    text = "".join(stable(args, steps) for i, (args, steps) in enumerate(SECTIONS) if only is None or str(i) == only)
    q.write("qtest-acpi-events.txt" if only is None else f"/tmp/acpi-events-{only}.txt", text)
    if only is None:
        q.write("qtest-acpi-events-reset-unplug.txt", stable(RESET_UNPLUG_ARGS, RESET_UNPLUG_SCRIPT))
        q.write("qtest-sci-pirq.txt", stable(SCI_PIRQ_ARGS, sci_pirq_script()))


if __name__ == "__main__":
    main()
