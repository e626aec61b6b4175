#!/usr/bin/env python3
"""Captures QEMU 10.0's run states around QMP `stop` and `cont` over QMP (a Unix socket) and qtest
(stdio): the STOP and RESUME events, `query-status` (status and running), the errors of `cont`
after a shutdown (-no-shutdown) and of `system_wakeup` when the guest is not suspended, how
`stop`/`cont` meet the ACPI sleep states (S3 `suspended`, `system_wakeup`, -no-shutdown and
-action shutdown=pause `shutdown`) and `system_reset` (back to `prelaunch` unless running); the
same through HMP (`human-monitor-command`: `stop`, `cont`, `c`, `system_wakeup`,
`system_powerdown`, `system_reset`, `info status`, and their errors); and the order of RESET (or
WAKEUP) and DEVICE_DELETED when a machine reset completes a pending ACPI PCI unplug.

Usage: python3 capture_runstate.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
Writes qtest-runstate.txt (one section a command line, each a capture_q35.qmp_qtest_transcript
with -S, run until two runs agree), qtest-reset-unplug-order.txt (the same, for the resets that
complete an unplug), qmp/reset-unplug.txt and qmp/immediate-unplug.txt (QMP on stdio, where replies
and events keep their order: the latter, unplugs that device_del completes itself), qmp/incoming-defer.txt
(the same, with -incoming defer), incoming-errors.txt (-incoming values QEMU refuses) and
qtest-incoming.txt (-incoming defer with a guest that suspends or shuts down). QEMU runs in this directory with `-L firmware -bios halt.bin` (written by
capture_acpi_events.py: its reset vector is cli; hlt), so that a guest let run does nothing.
A suspend request (S3) while `paused` or in `prelaunch` suspends (qtest-runstate-more.txt); once
`shutdown`, QEMU 10.0 aborts on the invalid run-state transition (captured there too).
"""
import json
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402
import capture_acpi_events as a  # noqa: E402  (t, qmp, PM_ON, S3, S5, HALT, write_halt_firmware)

t, qmp, PM_ON, S3, S4, S5, HALT = a.t, a.qmp, a.PM_ON, a.S3, a.S4, a.S5, a.HALT
STATUS = qmp("query-status")


def hmp(line):
    return qmp("human-monitor-command", **{"command-line": line})


INFO = hmp("info status")


def running_script():
    # prelaunch: stop does nothing, cont runs the guest (RESUME); cont and stop again.
    s = [STATUS, INFO, qmp("stop"), STATUS, hmp("stop"), INFO, qmp("cont"), STATUS, INFO, qmp("cont"), STATUS]
    s += [qmp("stop"), STATUS, INFO, qmp("stop"), hmp("stop"), STATUS, hmp("c"), STATUS, hmp("stop"), hmp("cont"), INFO]
    # Arguments and HMP's extra characters.
    s += [qmp("stop", x=1), qmp("cont", x=1), hmp("stop now"), hmp("cont 1"), hmp("c x"), hmp("info status x"),
          hmp("system_wakeup x"), hmp("system_powerdown x"), hmp("system_reset x")]
    # A reset while running stays running; while paused goes to prelaunch.
    s += [qmp("system_reset"), STATUS, qmp("stop"), qmp("system_reset"), STATUS, INFO, qmp("cont"), STATUS]
    s += [hmp("system_reset"), STATUS, hmp("stop"), hmp("system_reset"), INFO, hmp("c"), INFO]
    # The power button and wake-up through HMP, while running and paused.
    s += [hmp("system_wakeup"), hmp("system_powerdown"), qmp("stop"), hmp("system_powerdown"), hmp("system_wakeup"),
          qmp("system_wakeup"), qmp("cont")]
    # S3 while running: suspended; cont does nothing; stop stops (paused); system_wakeup refused then;
    # cont goes back to suspended; system_wakeup runs the guest.
    s += t(*PM_ON, S3) + [STATUS, INFO, qmp("cont"), hmp("cont"), STATUS, qmp("stop"), STATUS, INFO]
    s += [qmp("system_wakeup"), hmp("system_wakeup"), qmp("stop"), qmp("cont"), STATUS, INFO, qmp("system_wakeup"), STATUS]
    # Suspended, stopped, reset: prelaunch (and not suspended any more); cont runs the guest.
    s += t(*PM_ON, S3) + [qmp("stop"), qmp("system_reset"), STATUS, qmp("system_wakeup"), qmp("cont"), STATUS]
    # Suspended, stopped, woken through HMP: refused; reset while suspended, then cont.
    s += t(*PM_ON, S3) + [hmp("stop"), hmp("system_wakeup"), hmp("c"), INFO, qmp("system_reset"), STATUS, INFO,
                          qmp("cont"), STATUS]
    # The power button while suspended and stopped.
    s += t(*PM_ON, S3) + [qmp("stop"), qmp("system_powerdown"), STATUS, qmp("cont"), hmp("system_wakeup"), INFO]
    return s


def no_shutdown_script():
    # Running, then a guest shutdown: SHUTDOWN, STOP, shutdown; cont refused; stop does nothing.
    s = [qmp("cont")] + t(*PM_ON, S5) + [STATUS, INFO, qmp("cont"), hmp("cont"), hmp("c"), qmp("stop"), hmp("stop"), STATUS]
    s += [qmp("system_wakeup"), hmp("system_wakeup"), qmp("system_reset"), STATUS, INFO, qmp("cont"), STATUS]
    # Paused, then a guest shutdown: SHUTDOWN only, the run state stays paused; cont runs.
    s += [qmp("stop")] + t(*PM_ON, S5) + [STATUS, INFO, qmp("cont"), STATUS]
    # Suspended, then a guest shutdown: STOP and shutdown; a reset; cont.
    s += t(*PM_ON, S3) + [STATUS] + t(*PM_ON, S5) + [STATUS, qmp("cont"), qmp("system_reset"), STATUS, qmp("cont"), STATUS]
    # Prelaunch after a reset from shutdown, then a shutdown in prelaunch: nothing stops.
    s += t(*PM_ON, S5) + [qmp("system_reset"), STATUS] + t(*PM_ON, S5) + [STATUS, qmp("cont"), STATUS]
    # The power button asks the guest, which does not answer: the run state stays.
    s += [hmp("system_powerdown"), STATUS]
    return s


def pause_action_script():
    return [qmp("cont")] + t(*PM_ON, S5) + [STATUS, qmp("cont"), hmp("cont"), INFO, qmp("system_reset"), STATUS,
                                           qmp("cont"), STATUS, qmp("stop")] + t(*PM_ON, S5) + [STATUS, qmp("cont"), STATUS]


def none_script():
    return [STATUS, INFO, qmp("stop"), qmp("cont"), STATUS, INFO, qmp("stop"), STATUS, hmp("c"), INFO,
            hmp("system_wakeup"), hmp("system_powerdown"), hmp("system_reset"), STATUS]


SECTIONS = [
    (["-machine", "q35"] + HALT, running_script()),
    (["-machine", "q35", "-no-shutdown"] + HALT, no_shutdown_script()),
    (["-machine", "q35", "-action", "shutdown=pause"] + HALT, pause_action_script()),
    (["-machine", "none"], none_script()),
]

# -incoming defer with a guest that acts (over qtest): S3 leaves inmigrate for suspended, and the
# wake-up runs the guest; a guest shutdown with -no-shutdown leaves the run state as it is (nothing
# was running to stop), without it ends the run.
INCOMING_SECTIONS = [
    (["-machine", "q35", "-incoming", "defer"] + HALT,
     [STATUS] + t(*PM_ON, S3) + [STATUS, INFO, qmp("system_wakeup"), STATUS, qmp("stop"), STATUS, qmp("cont"), STATUS,
                                 qmp("system_reset"), STATUS]),
    (["-machine", "q35", "-incoming", "defer", "-no-shutdown"] + HALT,
     [STATUS] + t(*PM_ON, S5) + [STATUS, INFO, qmp("cont"), STATUS, qmp("system_reset"), STATUS, hmp("system_powerdown"), STATUS]),
    (["-machine", "q35", "-incoming", "defer"] + HALT, [STATUS] + t(*PM_ON, S5) + [STATUS]),
]


# Transitions the sections above leave out (qtest-runstate-more.txt): QMP system_powerdown and
# system_wakeup while running, paused, suspended, suspended and stopped, and shut down with
# -no-shutdown, with the power button's status in PM1 (read over qtest: 0x600) each time; a second
# S3 while suspended; S4 (SUSPEND_DISK) with -no-shutdown while running and while suspended; stop
# and cont repeated in each state; query-status after each step that may change it; S3 while paused
# and in prelaunch (suspended), and once shut down (QEMU aborts: the transcript ends with `exit`).
PM1_STS = "inw 0x600"
PWRBTN_EN = "outw 0x602 0x100"


def more_script():
    s = t(*PM_ON, PWRBTN_EN) + [qmp("cont"), qmp("system_powerdown"), STATUS] + t(PM1_STS, "outw 0x600 0x100", PM1_STS)
    s += [qmp("stop"), qmp("stop"), STATUS, qmp("system_powerdown"), qmp("system_wakeup"), STATUS] + t(PM1_STS, "outw 0x600 0x100")
    s += [qmp("cont"), qmp("cont"), STATUS]
    # Suspended: the power button, a second S3, stop, the power button and a wake-up while stopped, cont.
    s += t(S3) + [STATUS, qmp("system_powerdown"), STATUS] + t(PM1_STS, "outw 0x600 0x100") + t(S3) + [STATUS]
    s += [qmp("stop"), qmp("stop"), STATUS, qmp("system_powerdown"), qmp("system_wakeup"), STATUS, qmp("cont"), qmp("cont"), STATUS]
    s += t(PM1_STS, "outw 0x600 0x100") + [qmp("system_wakeup"), STATUS] + t(*PM_ON, PM1_STS)
    # Shut down (-no-shutdown): the power button, a wake-up, stop and cont; a reset, then the power button in prelaunch.
    s += t(PWRBTN_EN, S5) + [STATUS, qmp("system_powerdown"), STATUS, qmp("system_wakeup"), qmp("stop"), qmp("cont"), STATUS]
    s += t(PM1_STS) + [qmp("system_reset"), STATUS] + t(*PM_ON, PWRBTN_EN) + [qmp("system_powerdown"), STATUS] + t(PM1_STS)
    s += [qmp("stop"), qmp("cont"), STATUS]
    # S4 while running, then while suspended.
    s += [qmp("system_reset"), STATUS] + t(*PM_ON, S4) + [STATUS, qmp("cont"), qmp("system_reset"), STATUS, qmp("cont"), STATUS]
    s += t(*PM_ON, S3) + [STATUS] + t(*PM_ON, S4) + [STATUS, qmp("system_reset"), qmp("cont"), STATUS]
    return s


def more_incoming_script():
    # -incoming defer: the power button (PM1 status), a wake-up, stop and cont, S4, as QMP and HMP.
    s = [STATUS] + t(*PM_ON, PWRBTN_EN) + [qmp("system_powerdown"), STATUS] + t(PM1_STS, "outw 0x600 0x100")
    s += [qmp("stop"), qmp("stop"), qmp("cont"), qmp("cont"), STATUS, hmp("system_powerdown"), hmp("system_wakeup"), INFO]
    s += t(S4) + [STATUS, qmp("cont"), qmp("system_reset"), STATUS, qmp("system_powerdown"), STATUS]
    return s


def suspend_while_stopped_script():
    # S3 while paused: SUSPEND, suspended (cont does nothing then; system_wakeup runs the guest);
    # S3 in prelaunch after a reset from paused, the same.
    s = t(*PM_ON) + [qmp("cont"), qmp("stop")] + t(S3) + [STATUS, qmp("cont"), STATUS, qmp("stop"), STATUS, qmp("cont"), STATUS]
    s += [qmp("system_wakeup"), STATUS, qmp("stop"), qmp("system_reset"), STATUS] + t(*PM_ON, S3) + [STATUS, qmp("cont"), STATUS]
    s += [qmp("system_wakeup"), STATUS]
    return s


MORE_SECTIONS = [
    (["-machine", "q35", "-no-shutdown"] + HALT, more_script()),
    (["-machine", "q35", "-incoming", "defer", "-no-shutdown"] + HALT, more_incoming_script()),
    (["-machine", "q35"] + HALT, suspend_while_stopped_script()),
    # S3 once shut down (-no-shutdown): QEMU 10.0 aborts (an invalid run-state transition).
    (["-machine", "q35", "-no-shutdown"] + HALT, [qmp("cont")] + t(*PM_ON, S5, S3) + [STATUS]),
]


# A pending ACPI PCI unplug (device_del, the guest has not ejected) completed by a machine reset:
# QMP system_reset, HMP system_reset, a guest reset through 0xcf9 and the i8042, the wake-up's
# reset (WAKEUP), and two functions at once; then native PCIe hot-plug (ACPI off), where a reset
# leaves the unplug pending.
RESET_UNPLUG_ARGS = ["-machine", "q35", "-device", "pcie-root-port,id=ra,chassis=1", "-device",
                     "pcie-root-port,id=rb,chassis=2"] + HALT


def add(id_, bus):
    return qmp("device_add", driver="pci-testdev", id=id_, bus=bus)


def reset_unplug_script():
    # No irq_intercept_in: once the guest runs, the PIT's interrupt would come and go in the transcript.
    s = t(*PM_ON, "outb 0x628 0x2")
    s += [add("h1", "ra"), qmp("device_del", id="h1"), qmp("system_reset")]
    s += t(*PM_ON) + [add("h2", "ra"), qmp("device_del", id="h2"), hmp("system_reset")]
    s += t(*PM_ON) + [add("h3", "ra"), qmp("device_del", id="h3")] + t("outb 0xcf9 0x2", "outb 0xcf9 0x6")
    s += t(*PM_ON) + [add("h4", "ra"), qmp("device_del", id="h4")] + t("outb 0x64 0xfe")
    s += t(*PM_ON) + [add("h5", "ra"), add("h6", "rb"), qmp("device_del", id="h6"), qmp("device_del", id="h5"),
                      qmp("system_reset")]
    s += t(*PM_ON) + [qmp("cont"), add("h7", "ra"), qmp("device_del", id="h7")] + t(S3) + [STATUS, qmp("system_wakeup")]
    s += t(*PM_ON) + [add("h8", "ra"), qmp("device_del", id="h8"), qmp("stop"), qmp("system_reset"), STATUS]
    return s


NATIVE_ARGS = ["-machine", "q35", "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
               "-device", "pcie-root-port,id=ra,chassis=1", "-device", "pci-testdev,id=c,bus=ra"] + HALT


def native_script():
    return [qmp("device_del", id="c"), qmp("system_reset"), qmp("qom-get", path="/machine/peripheral/c", property="realized"),
            qmp("device_del", id="c"), qmp("cont"), qmp("system_reset")]


# QMP on stdio (the format of qmp/*.txt, from capture.sh), with a pause after each reply so that
# the events QEMU sends after it (a device's DEVICE_DELETED, once RCU releases it) are kept with the
# request: a pending ACPI PCI unplug completed by system_reset: RESET, the reply, DEVICE_DELETED.
STDIO_UNPLUG_EXTRA = ["-device", "pcie-root-port,id=ra,chassis=1", "-device", "pcie-root-port,id=rb,chassis=2"]
STDIO_UNPLUG_REQUESTS = [
    {"execute": "qmp_capabilities"},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "h1", "bus": "ra"}},
    {"execute": "device_del", "arguments": {"id": "h1"}},
    {"execute": "system_reset"},
    {"execute": "query-status"},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "h2", "bus": "ra"}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "h3", "bus": "rb"}},
    {"execute": "device_del", "arguments": {"id": "h3"}},
    {"execute": "device_del", "arguments": {"id": "h2"}},
    {"execute": "human-monitor-command", "arguments": {"command-line": "system_reset"}},
    {"execute": "query-status"},
    {"execute": "quit"},
]


# The same format: unplugs completed inside the command that asks for them (ACPI bridge hot-plug off):
# a powered-off PCIe slot (function 0, function 1, through HMP), an SHPC slot of a pci-bridge and of a
# pcie-pci-bridge, a pcie-pci-bridge with a function behind it: the reply, then each DEVICE_DELETED.
STDIO_IMMEDIATE_EXTRA = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                         "-device", "pcie-root-port,id=ra,chassis=1", "-device", "pcie-root-port,id=rb,chassis=2",
                         "-device", "pci-bridge,id=pb,chassis_nr=3,addr=5", "-device", "pcie-root-port,id=rc,chassis=4"]


def _add(id, bus, addr=None, driver="pci-testdev", **more):
    arguments = {"driver": driver, "id": id, "bus": bus, **more}
    if addr is not None:
        arguments["addr"] = addr
    return {"execute": "device_add", "arguments": arguments}


def _del(id):
    return {"execute": "device_del", "arguments": {"id": id}}


STDIO_IMMEDIATE_REQUESTS = [
    {"execute": "qmp_capabilities"},
    _add("t1", "ra"), _del("t1"), {"execute": "query-status"},
    _add("t2", "ra", "0.1"), _del("t2"),
    _add("t3", "ra"), {"execute": "human-monitor-command", "arguments": {"command-line": "device_del t3"}},
    _add("t4", "pb", "1"), _del("t4"),
    _add("pp", "rb", driver="pcie-pci-bridge"), _add("t5", "pp", "1"), _del("t5"),
    _add("t6", "pp", "2"), _add("t7", "pp", "3"), _del("pp"),
    _add("t9", "rc", "0.2"), _add("t8", "rc", multifunction=True), _del("t8"), {"execute": "query-pci"},
    *[{"execute": "human-monitor-command", "arguments": {"command-line": line}}
      for line in ("device_del", "device_del x y", "device_del nope", "device_del /machine/q35")],
    {"execute": "quit"},
]


# The same format, with -incoming defer: the run state inmigrate (a migration to come, none
# started), which stop, cont and system_reset leave as it is (QEMU's stop and cont only decide
# whether the guest runs once a migration completes), through QMP and HMP.
STDIO_INCOMING_EXTRA = ["-incoming", "defer"]
_HMP = [{"execute": "human-monitor-command", "arguments": {"command-line": line}} for line in ("info status", "stop", "cont", "system_reset")]
STDIO_INCOMING_REQUESTS = [
    {"execute": "qmp_capabilities"},
    {"execute": "query-status"}, _HMP[0], {"execute": "cont"}, {"execute": "query-status"}, _HMP[2], _HMP[0],
    {"execute": "stop"}, {"execute": "query-status"}, _HMP[1], {"execute": "cont"}, {"execute": "query-status"},
    {"execute": "system_reset"}, {"execute": "query-status"}, _HMP[3], _HMP[0],
    {"execute": "system_powerdown"}, {"execute": "system_wakeup"}, {"execute": "query-status"},
    {"execute": "input-send-event", "arguments": {"events": []}},
    {"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t1"}}, {"execute": "device_del", "arguments": {"id": "t1"}},
    {"execute": "query-status"},
    {"execute": "quit"},
]

# Values of -incoming that QEMU 10.0 refuses while it reads its options (before the machine exists):
# a URI of an unknown protocol, malformed addresses of known ones, channel options without an
# address; the last -incoming counts.
INCOMING_ERRORS = [
    ["-incoming", ""], ["-incoming", "foo"], ["-incoming", "foo:bar"], ["-incoming", "TCP:1.2.3.4:5"], ["-incoming", "1tcp:x"],
    ["-incoming", "main"], ["-incoming", "cpr"], ["-incoming", "defer,x"], ["-incoming", "defer", "-incoming", "foo:bar"],
    ["-machine", "nope", "-incoming", "foo:bar"],
    # Malformed addresses of known protocols, refused as QEMU parses the URI (before the machine):
    # tcp:, rdma: and vsock: host and port, tcp:'s options, unix: and fd: without an address, file:'s offset.
    *[["-incoming", uri] for uri in (
        "tcp:", "tcp:x", "tcp:localhost:", "tcp::", "tcp::,x", "tcp:[::1", "tcp:[::1]:", "tcp:" + "a" * 70 + ":1",
        "tcp:a:1,to=x", "tcp:[::1]:5,to=1x", "tcp:h:1,ipv4=x", "tcp:h:1,ipv4=on,,x", "tcp:h:1,ipv6=of",
        "tcp:h:1,keep-alive=x", "tcp:h:1,mptcp=x", "rdma:", "rdma:x", "rdma:[::1", "vsock:", "vsock:1", "vsock::2",
        "vsock:1:2,x", "unix:", "fd:", "file:/tmp/x,offset=x", "file:/tmp/x,offset=", "file:/tmp/x,offset=-1",
        "file:/tmp/x,offset=99999999999999999999")],
    ["-device", "nope", "-incoming", "tcp:x"],
    # Refused once the machine is built, where QEMU starts the transport: a file descriptor that is
    # no number, a file that cannot be opened; a -device error comes first.
    ["-incoming", "fd:x"], ["-incoming", "fd:-1"], ["-incoming", "fd:1x"], ["-incoming", "file:"],
    ["-incoming", "file:/nonexistent/x"], ["-incoming", "file:/nonexistent/x,offset=4k"],
    ["-device", "nope", "-incoming", "fd:x"],
]


def _mi(**arguments):
    return {"execute": "migrate-incoming", "arguments": arguments}


def _inet(**more):
    return {"channel-type": "main", "addr": {"transport": "socket", "type": "inet", **more}}


# QMP migrate-incoming, query-migrate and the migration capabilities with -incoming defer, as a
# management client meets them (no migration starts): the argument checks, the URIs and channels
# refused while parsed (the state stays none, query-migrate {}), the capabilities set and read back
# (libvirt turns `events` on at start), then a transport that fails to start (a file descriptor
# name no monitor holds): the state goes to setup (with `events`, a MIGRATION event) and stays
# there, and a second start is refused. Left out: an rdma: URI QEMU cannot parse (QEMU 10.0 then
# frees an invalid pointer and aborts).
STDIO_MIGRATE_REQUESTS = [
    {"execute": "qmp_capabilities"},
    {"execute": "query-migrate"}, {"execute": "query-migrate-capabilities"},
    _mi(), _mi(channels=[]), _mi(uri="tcp:x", channels=[_inet(host="h", port="1")]), _mi(uri=1), _mi(uri="tcp:x", foo=1),
    _mi(uri="foo:bar"), _mi(uri="tcp:x"), _mi(uri="tcp:[::1"), _mi(uri="tcp:h:1,to=x"), _mi(uri="unix:"), _mi(uri="vsock:1"),
    _mi(uri="fd:"), _mi(uri="file:/tmp/x,offset=x"), _mi(uri="tcp:x", **{"exit-on-error": "no"}),
    _mi(channels=[_inet(host="h", port="1"), _inet(host="h", port="2")]), _mi(channels=[_inet(host="h")]),
    _mi(channels=["x"]), _mi(channels=[{"addr": {"transport": "socket", "type": "inet", "host": "h", "port": "1"}}]),
    _mi(channels=[{"channel-type": "nope", "addr": {"transport": "socket", "type": "inet", "host": "h", "port": "1"}}]),
    _mi(channels=[{"channel-type": "main", "addr": {"transport": "nope"}}]),
    _mi(channels=[{"channel-type": "main", "addr": {"transport": "socket", "type": "nope"}}]),
    _mi(channels=[{"channel-type": "main", "addr": {"transport": "file", "filename": "/tmp/x"}}]),
    {"execute": "query-migrate"}, {"execute": "query-status"},
    {"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "nope", "state": True}]}},
    {"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "events"}]}},
    {"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "events", "state": True}]}},
    {"execute": "query-migrate-capabilities"},
    _mi(uri="fd:x"), {"execute": "query-migrate"}, {"execute": "query-status"},
    _mi(uri="tcp:x"), _mi(uri="fd:x"), _mi(uri="file:/nonexistent/x"), {"execute": "query-migrate"},
    {"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "events", "state": False}]}},
    {"execute": "query-migrate-capabilities"},
    {"execute": "quit"},
]

# The same without -incoming: migrate-incoming is refused before its arguments are looked at.
STDIO_NO_INCOMING_REQUESTS = [
    {"execute": "qmp_capabilities"},
    {"execute": "query-migrate"}, _mi(uri="tcp:x"), _mi(), _mi(uri="tcp:127.0.0.1:0"), {"execute": "query-migrate"},
    {"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "events", "state": True}]}},
    {"execute": "query-migrate-capabilities"}, {"execute": "cont"}, {"execute": "query-migrate"},
    {"execute": "quit"},
]

# A file migrate-incoming cannot open (and one of a number no monitor holds), each first in its process.
STDIO_MIGRATE_FILE_REQUESTS = [
    {"execute": "qmp_capabilities"}, _mi(uri="file:/nonexistent/x"), {"execute": "query-migrate"}, _mi(uri="fd:x"),
    {"execute": "quit"},
]


MIGRATION_CAPABILITIES = [
    "xbzrle", "rdma-pin-all", "auto-converge", "zero-blocks", "events", "postcopy-ram", "x-colo", "release-ram",
    "return-path", "pause-before-switchover", "multifd", "dirty-bitmaps", "postcopy-blocktime", "late-block-activate",
    "x-ignore-shared", "validate-uuid", "background-snapshot", "zero-copy-send", "postcopy-preempt", "switchover-ack",
    "dirty-limit", "mapped-ram",
]


def _caps(*settings):
    return {"execute": "migrate-set-capabilities",
            "arguments": {"capabilities": [{"capability": c, "state": v} for c, v in settings]}}


def _hmp(line):
    return {"execute": "human-monitor-command", "arguments": {"command-line": line}}


_ALL_OFF = _caps(*[(c, False) for c in MIGRATION_CAPABILITIES])
_QUERY_CAPS = {"execute": "query-migrate-capabilities"}

# Sets QEMU 10.0 refuses (migrate_caps_check's order decides which error a triple gets), each
# followed by the read-back (a refusal changes nothing).
_REFUSED_SETS = [
    ("postcopy-ram", "x-ignore-shared"), ("postcopy-ram", "multifd"), ("postcopy-ram", "x-ignore-shared", "multifd"),
    *[("background-snapshot", c) for c in (
        "postcopy-ram", "dirty-bitmaps", "postcopy-blocktime", "late-block-activate", "return-path", "multifd",
        "pause-before-switchover", "auto-converge", "release-ram", "rdma-pin-all", "xbzrle", "x-colo", "validate-uuid",
        "zero-copy-send")],
    ("background-snapshot", "xbzrle", "postcopy-ram"), ("background-snapshot", "x-colo", "return-path"),
    ("background-snapshot", "dirty-limit"), ("background-snapshot", "postcopy-ram", "x-ignore-shared"),
    ("zero-copy-send",), ("zero-copy-send", "xbzrle"), ("zero-copy-send", "multifd", "xbzrle"),
    ("zero-copy-send", "postcopy-preempt"), ("postcopy-preempt",), ("postcopy-preempt", "multifd"),
    ("postcopy-preempt", "postcopy-ram", "multifd"), ("switchover-ack",), ("switchover-ack", "dirty-limit"),
    ("switchover-ack", "postcopy-preempt"), ("dirty-limit",), ("dirty-limit", "auto-converge"),
    ("dirty-limit", "auto-converge", "multifd", "xbzrle"), ("multifd", "xbzrle"), ("multifd", "xbzrle", "mapped-ram"),
    ("mapped-ram", "xbzrle"), ("mapped-ram", "postcopy-ram"), ("mapped-ram", "xbzrle", "postcopy-ram"),
    ("mapped-ram", "postcopy-ram", "x-ignore-shared"),
]

# migrate-set-capabilities / query-migrate-capabilities and their HMP forms with -incoming defer: each
# capability on and off alone; the sets QEMU refuses; every pair (read back unchanged); sets it takes (one
# list naming a capability twice: the last entry counts; checks against what is already on; turning
# off what another needs); the capabilities' checks on the transport at migrate-incoming (seekable,
# multi-channel, RDMA with xbzrle) before the state check; HMP info migrate_capabilities,
# migrate_set_capability (argument errors, a refusal), info migrate (before and after a start),
# migrate_incoming (the URI parsed first, then migrate-incoming's checks).
STDIO_MIGRATE_CAPS_REQUESTS = [
    {"execute": "qmp_capabilities"}, _QUERY_CAPS, _hmp("info migrate_capabilities"), _hmp("info migrate"),
    *[r for c in MIGRATION_CAPABILITIES for r in (_caps((c, True)), _QUERY_CAPS, _caps((c, False)))],
    *[r for caps in _REFUSED_SETS for r in (_caps(*[(c, True) for c in caps]), _QUERY_CAPS)],
    # Every pair turned on in one command, then all off again.
    *[r for i, a in enumerate(MIGRATION_CAPABILITIES) for b in MIGRATION_CAPABILITIES[i + 1:]
      for r in (_caps((a, True), (b, True)), _ALL_OFF)],
    _caps(("xbzrle", True), ("xbzrle", False), ("multifd", True)), _QUERY_CAPS,
    _caps(("zero-copy-send", True)), _caps(("multifd", False)), _caps(("xbzrle", True)), _QUERY_CAPS, _ALL_OFF,
    _caps(("return-path", True), ("switchover-ack", True)), _caps(("return-path", False)), _QUERY_CAPS, _ALL_OFF,
    _caps(("postcopy-ram", True)), _caps(("postcopy-preempt", True)), _caps(("x-ignore-shared", True)),
    _caps(("postcopy-ram", False)), _QUERY_CAPS, _ALL_OFF,
    _caps(*[(c, True) for c in ("xbzrle", "rdma-pin-all", "auto-converge", "zero-blocks", "events", "postcopy-ram",
                                "x-colo", "release-ram", "return-path", "pause-before-switchover", "dirty-bitmaps",
                                "postcopy-blocktime", "late-block-activate", "validate-uuid", "postcopy-preempt",
                                "switchover-ack")]),
    _QUERY_CAPS, _hmp("info migrate_capabilities"), _ALL_OFF,
    _hmp("info migrate_capabilities x"), _hmp("info migrate -a"), _hmp("migrate_set_capability"),
    _hmp("migrate_set_capability xbzrle"), _hmp("migrate_set_capability nope on"), _hmp("migrate_set_capability nope maybe"),
    _hmp("migrate_set_capability xbzrle maybe"), _hmp("migrate_set_capability xbzrle ON"),
    _hmp("migrate_set_capability xbzrle true"), _hmp("migrate_set_capability xbzrle 1"),
    _hmp("migrate_set_capability xbzrle on x"), _hmp("migrate_set_capability xbzrle on"),
    _hmp("migrate_set_capability multifd on"), _hmp("migrate_set_capability dirty-limit on"),
    _hmp("migrate_set_capability xbzrle off"), _hmp("migrate_set_capability multifd on"),
    _hmp("info migrate_capabilities"), _ALL_OFF,
    _caps(("mapped-ram", True)), _mi(uri="fd:x"), _mi(uri="exec:true"), _mi(uri="tcp:x"),
    _mi(channels=[{"channel-type": "main", "addr": {"transport": "rdma", "host": "h", "port": "1"}}]),
    _caps(("multifd", True)), _mi(uri="fd:x"), _mi(uri="exec:true"),
    _caps(("mapped-ram", False)), _mi(uri="fd:x"), _mi(uri="file:/nonexistent/x"), _mi(uri="unix:"),
    _mi(channels=[{"channel-type": "main", "addr": {"transport": "rdma", "host": "h", "port": "1"}}]),
    _caps(("multifd", False), ("postcopy-ram", True), ("postcopy-preempt", True)), _mi(uri="fd:x"),
    _hmp("migrate_incoming fd:x"), _hmp("migrate_incoming exec:true"), _ALL_OFF, _caps(("xbzrle", True)),
    _mi(channels=[{"channel-type": "main", "addr": {"transport": "rdma", "host": "h", "port": "1"}}]),
    _hmp("migrate_incoming"), _hmp("migrate_incoming foo:bar"), _hmp("migrate_incoming tcp:x"),
    _hmp("migrate_incoming fd:x y"), _hmp("migrate_incoming fd:"), {"execute": "query-migrate"}, _hmp("info migrate"),
    _ALL_OFF, _caps(("events", True)), _hmp("migrate_incoming fd:x"), {"execute": "query-migrate"}, _hmp("info migrate"),
    _hmp("migrate_incoming fd:x"), _caps(("multifd", True)), _caps(("postcopy-ram", True), ("postcopy-preempt", True)),
    _QUERY_CAPS, _hmp("info migrate_capabilities"),
    {"execute": "quit"},
]

# Without -incoming: postcopy-ram's host check is QEMU's only while in inmigrate; HMP migrate_incoming
# parses its URI before migrate-incoming refuses.
STDIO_MIGRATE_CAPS_NO_INCOMING_REQUESTS = [
    {"execute": "qmp_capabilities"}, _caps(("postcopy-ram", True)), _caps(("postcopy-preempt", True)), _QUERY_CAPS,
    _hmp("migrate_incoming foo:bar"), _hmp("migrate_incoming tcp:x"), _hmp("migrate_incoming fd:x"),
    _hmp("migrate_incoming"), _hmp("info migrate"), _hmp("info migrate_capabilities"),
    {"execute": "quit"},
]


def stdio_transcript(extra, requests, pause=0.5):
    import select
    import subprocess
    import time
    args = q.BASE + ["-S", "-qmp", "stdio", "-machine", "q35"] + extra
    p = subprocess.Popen([q.QEMU] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fd = p.stdout.fileno()
    buffer = [b""]

    def lines(wait, until_reply):
        out = []
        deadline = time.time() + wait
        while True:
            while b"\n" in buffer[0]:
                line, buffer[0] = buffer[0].split(b"\n", 1)
                out.append(line.decode().strip())
                if until_reply and '"event"' not in out[-1]:
                    return out
            left = deadline - time.time()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return out
            chunk = os.read(fd, 65536)
            if not chunk:
                return out
            buffer[0] += chunk

    text = "# qemu-system-x86_64 " + " ".join(args) + "\n\"greeting\"\n" + "".join("  -> " + l + "\n" for l in lines(10, True))
    for request in requests:
        line = json.dumps(request)
        p.stdin.write(line.encode() + b"\n")
        p.stdin.flush()
        got = lines(10, True) + lines(pause, False)
        text += line + "\n" + "".join("  -> " + l + "\n" for l in got)
    p.wait(timeout=10)
    return text


def stable_stdio(extra, requests, tries=5, pause=0.5):
    """stdio_transcript once two runs agree, timestamps aside."""
    import re
    previous = None
    for _ in range(tries):
        text = stdio_transcript(extra, requests, pause)
        key = re.sub(r'"timestamp": \{[^}]*\}, ', "", text)
        if key == previous:
            return text
        previous = key
    raise RuntimeError("QEMU does not answer the same twice")


def write_migrate():
    q.write("qmp/migrate-incoming.txt", stable_stdio(["-incoming", "defer"], STDIO_MIGRATE_REQUESTS))
    q.write("qmp/migrate-no-incoming.txt", stable_stdio([], STDIO_NO_INCOMING_REQUESTS))
    q.write("qmp/migrate-incoming-file.txt", stable_stdio(["-incoming", "defer"], STDIO_MIGRATE_FILE_REQUESTS))
    q.write("incoming-errors.txt", "".join(q.refusal(["-machine", "q35"] + args) for args in INCOMING_ERRORS))
    write_migrate_capabilities()


def write_migrate_capabilities():
    # No events come after these replies but the MIGRATION ones, sent before the reply: a short pause.
    q.write("qmp/migrate-capabilities.txt", stable_stdio(["-incoming", "defer"], STDIO_MIGRATE_CAPS_REQUESTS, pause=0.05))
    q.write("qmp/migrate-capabilities-no-incoming.txt", stable_stdio([], STDIO_MIGRATE_CAPS_NO_INCOMING_REQUESTS, pause=0.05))


def settle(step):
    """QMP steps may reset the machine or release a device (RCU): 1 s; qtest resets and S3 too; others 0.05 s."""
    if step.startswith("qmp "):
        return 1.0 if any(w in step for w in ("reset", "device_", "wakeup", "cont")) else 0.3
    return 1.0 if step.split(" ", 1)[1] in ("outb 0xcf9 0x6", "outb 0x64 0xfe", S3, S4, S5) else 0.02


def main():
    os.chdir(q.HERE)
    a.write_halt_firmware()
    only = os.environ.get("CAPTURE_ONLY")
    if only == "stdio":
        sys.stdout.write(stable_stdio(STDIO_UNPLUG_EXTRA, STDIO_UNPLUG_REQUESTS))
        return
    if only == "incoming":
        q.write("qtest-incoming.txt", "".join(q.stable_transcript(args, steps, settle) for args, steps in INCOMING_SECTIONS))
        q.write("qmp/incoming-defer.txt", stable_stdio(STDIO_INCOMING_EXTRA, STDIO_INCOMING_REQUESTS))
        q.write("incoming-errors.txt", "".join(q.refusal(["-machine", "q35"] + args) for args in INCOMING_ERRORS))
        return
    if only == "more":
        q.write("qtest-runstate-more.txt", "".join(q.stable_transcript(args, steps, settle) for args, steps in MORE_SECTIONS))
        return
    if only == "migrate":
        write_migrate()
        return
    if only == "migrate-capabilities":
        write_migrate_capabilities()
        return
    if only == "immediate":
        q.write("qmp/immediate-unplug.txt", stable_stdio(STDIO_IMMEDIATE_EXTRA, STDIO_IMMEDIATE_REQUESTS))
        return
    if only is not None:
        args, steps = (SECTIONS + [(RESET_UNPLUG_ARGS, reset_unplug_script()), (NATIVE_ARGS, native_script())])[int(only)]
        sys.stdout.write(q.qmp_qtest_transcript(args, steps, settle))
        return
    q.write("qtest-runstate.txt", "".join(q.stable_transcript(args, steps, settle) for args, steps in SECTIONS))
    q.write("qtest-runstate-more.txt", "".join(q.stable_transcript(args, steps, settle) for args, steps in MORE_SECTIONS))
    q.write("qmp/reset-unplug.txt", stable_stdio(STDIO_UNPLUG_EXTRA, STDIO_UNPLUG_REQUESTS))
    q.write("qmp/immediate-unplug.txt", stable_stdio(STDIO_IMMEDIATE_EXTRA, STDIO_IMMEDIATE_REQUESTS))
    q.write("qmp/incoming-defer.txt", stable_stdio(STDIO_INCOMING_EXTRA, STDIO_INCOMING_REQUESTS))
    write_migrate()
    q.write("qtest-incoming.txt", "".join(q.stable_transcript(args, steps, settle) for args, steps in INCOMING_SECTIONS))
    q.write("qtest-reset-unplug-order.txt", q.stable_transcript(RESET_UNPLUG_ARGS, reset_unplug_script(), settle)
            + q.stable_transcript(NATIVE_ARGS, native_script(), settle))


if __name__ == "__main__":
    main()
