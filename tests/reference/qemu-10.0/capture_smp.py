#!/usr/bin/env python3
"""Regenerates the QEMU 10.0 outputs of -smp: the option's errors and warnings in order, the
machine's smp property, the CPUs' topology ids, query-cpus-fast, query-hotpluggable-cpus and
info cpus, and the composition and qdev trees of several topologies.

Usage: python3 capture_smp.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
README.md lists every file written here with the command that produced it.
"""
import json
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (run, write, session)

# Each command line QEMU refuses or warns about, or accepts with a topology worth keeping.
ERRORS = [
    ["-machine", "q35", "-smp", "cpus=0"],
    ["-machine", "q35", "-smp", "0"],
    ["-machine", "q35", "-smp", "4,sockets=0"],
    ["-machine", "q35", "-smp", "sockets=2,dies=0"],
    ["-machine", "q35", "-smp", "4,maxcpus=0"],
    ["-machine", "q35", "-smp", "4,threads=0,clusters=2"],
    ["-machine", "q35", "-smp", "4,sockets=3"],
    ["-machine", "q35", "-smp", "8,cores=3"],
    ["-machine", "q35", "-smp", "4,threads=3"],
    ["-machine", "q35", "-smp", "4,dies=3"],
    ["-machine", "q35", "-smp", "4,modules=3,dies=2"],
    ["-machine", "q35", "-smp", "2,maxcpus=1"],
    ["-machine", "q35", "-smp", "4,clusters=2"],
    ["-machine", "q35", "-smp", "4,books=2"],
    ["-machine", "q35", "-smp", "4,drawers=2"],
    ["-machine", "q35", "-smp", "4,drawers=2,books=2"],
    ["-machine", "q35", "-smp", "4,clusters=2,modules=3"],
    ["-machine", "q35", "-smp", "5000"],
    ["-machine", "q35", "-smp", "2,maxcpus=5000"],
    ["-machine", "q35", "-smp", "-1"],
    ["-machine", "pc-q35-8.0", "-smp", "1,maxcpus=289"],
    ["-machine", "none", "-smp", "2"],
    ["-machine", "q35", "-smp", "x"],
    ["-machine", "q35", "-smp", "cpus=x"],
    ["-machine", "q35", "-smp", "1.5"],
    ["-machine", "q35", "-smp", "4k"],
    ["-machine", "q35", "-smp", "2,sockets=x,cores=y"],
    ["-machine", "q35", "-smp", "4,foo=1"],
    ["-machine", "q35", "-smp", "x,foo=1"],
    ["-machine", "q35", "-smp", "4,,sockets=2"],
    ["-machine", "q35", "-smp", "4,sockets"],
    ["-machine", "q35", "-smp", "4,help"],
    ["-machine", "q35", "-smp", "4,sockets.x=1"],
    ["-machine", "q35", "-smp", "8,sockets=2,cores=2"],
    ["-machine", "q35", "-smp", "4,threads=2"],
    ["-machine", "q35,smp.cpus=0"],
    ["-machine", "q35,smp.cpus=x"],
    ["-machine", "q35,smp=4"],
    ["-machine", "q35", "-smp", "4", "-machine", "smp=2"],
    ["-machine", "pc-q35-6.1", "-smp", "4,cores=3"],
    ["-machine", "pc-q35-6.2", "-smp", "4,sockets=3"],
]

# Accepted command lines: the smp property, the CPUs, the QMP CPU queries.
SMP_CASES = [
    ["-machine", "q35"],
    ["-machine", "q35", "-smp", "2"],
    ["-machine", "q35", "-smp", "4,sockets=2,cores=2"],
    ["-machine", "q35", "-smp", "2,maxcpus=4,sockets=2"],
    ["-machine", "q35", "-smp", "maxcpus=4"],
    ["-machine", "q35", "-smp", "2,maxcpus=8,sockets=2,dies=2,modules=2"],
    ["-machine", "q35", "-smp", "4,threads=2"],
    ["-machine", "q35", "-smp", "6,sockets=2,threads=3"],
    ["-machine", "q35", "-smp", "3,cores=3"],
    ["-machine", "q35", "-smp", "sockets=2,cores=3"],
    ["-machine", "q35", "-smp", "4,cpus=2"],
    ["-machine", "q35", "-smp", "0x4"],
    ["-machine", "q35", "-smp", ""],
    ["-machine", "q35", "-smp", "4294967297"],
    ["-machine", "q35", "-smp", "2,clusters=1,books=1,drawers=1"],
    ["-machine", "q35,smp.cpus=2", "-smp", "4"],
    ["-machine", "q35", "-smp", "4", "-machine", "smp.cpus=2,smp.sockets=2"],
    ["-machine", "q35", "-smp", "4", "-smp", "sockets=2"],
    ["-machine", "pc-q35-6.1", "-smp", "4"],
    ["-machine", "pc-q35-6.1", "-smp", "4,threads=2"],
    ["-machine", "pc-q35-6.2", "-smp", "4"],
    ["-machine", "none"],
    ["-machine", "none", "-smp", "1"],
]

CPU_IDS = ["apic-id", "socket-id", "die-id", "module-id", "core-id", "thread-id", "node-id", "start-powered-off"]


QUIT = '{"execute": "qmp_capabilities"}\n{"execute": "quit"}\n'


def errors():
    text = ""
    for args in ERRORS:
        # With a monitor that quits at once: an accepted line ends, its warnings kept.
        code, _, err = q.run(q.BASE + args + ["-S", "-qmp", "stdio"], QUIT)
        text += "$ qemu-system-x86_64 " + " ".join(args) + "\n" + err + f"exit {code}\n"
    return text


def smp_values():
    rows = []
    for args in SMP_CASES:
        commands = [{"execute": "qom-get", "arguments": {"path": "/machine", "property": "smp"}},
                    {"execute": "query-cpus-fast"}, {"execute": "query-hotpluggable-cpus"},
                    {"execute": "human-monitor-command", "arguments": {"command-line": "info cpus"}}]
        _, replies = q.session(args, commands)
        row = {"args": args, "smp": replies[0].get("return"), "query-cpus-fast": replies[1].get("return"),
               "query-hotpluggable-cpus": replies[2].get("return", replies[2].get("error")), "info cpus": replies[3].get("return"),
               "cpus": []}
        paths = [c["qom-path"] for c in (replies[1].get("return") or [])]
        if paths:
            commands = [{"execute": "qom-get", "arguments": {"path": p, "property": n}} for p in paths for n in CPU_IDS]
            commands += [{"execute": "qom-get", "arguments": {"path": p + "/lapic", "property": "id"}} for p in paths]
            _, values = q.session(args, commands)
            for i, p in enumerate(paths):
                cpu = {"qom-path": p}
                for j, n in enumerate(CPU_IDS):
                    cpu[n] = values[i * len(CPU_IDS) + j].get("return")
                cpu["lapic id"] = values[len(paths) * len(CPU_IDS) + i].get("return")
                row["cpus"].append(cpu)
        rows.append(row)
    return json.dumps(rows, indent=1) + "\n"


# The topologies whose trees are kept (beside the two of capture_board.py).
TREES = [
    ["-machine", "q35", "-smp", "2,maxcpus=4,sockets=2"],
    ["-machine", "q35", "-smp", "3,cores=3,dies=1"],
    ["-machine", "q35,vmport=off", "-smp", "2"],
]


def trees():
    return q.hmp_trees(TREES)


def main():
    q.write("smp-errors.txt", errors())
    q.write("qmp-smp.json", smp_values())
    q.write("hmp-smp-trees.json", trees())
    _, out, _ = q.run(["-smp", "help"])
    q.write("smp-help.txt", out)


if __name__ == "__main__":
    main()
