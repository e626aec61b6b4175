#!/usr/bin/env python3
"""Regenerates the QEMU 10.0 outputs of the q35 board's own devices: the host bridge q35-pcihost
(its properties, and the values that follow -m and the machine options) and the ICH9 functions at
00:1f (ICH9-LPC, ich9-ahci, ICH9-SMB).

Usage: python3 capture_q35.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
README.md lists every file written here with the command that produced it.
"""
import json
import os
import subprocess
import sys
import threading

QEMU = sys.argv[1] if len(sys.argv) > 1 else "/opt/qemu10/qemu-system-x86_64"
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["-nodefaults", "-display", "none"]

HOST = "/machine/q35"
# Where QEMU 10.0 puts the ICH9 functions on a default q35 (one CPU): /machine/unattached/device[N].
ICH9 = {"ICH9-LPC": "/machine/unattached/device[2]", "ich9-ahci": "/machine/unattached/device[12]",
        "ICH9-SMB": "/machine/unattached/device[13]"}


def run(args, stdin="", cwd=None):
    p = subprocess.run([QEMU] + args, input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd)
    err = "\n".join(l for l in p.stderr.splitlines() if "failed to open module" not in l)
    return p.returncode, p.stdout, err + ("\n" if err.strip() else "")


def qtest(args, lines, cwd=None):
    """QEMU's reply to each qtest line (BASE + args + -S -qtest stdio): one reply line a command."""
    return qtest_with_stderr(args, lines, cwd)[0]


def qtest_with_stderr(args, lines, cwd=None):
    """QEMU's replies to the qtest lines, as qtest() gives them, and what QEMU wrote to stderr.
    QEMU keeps running at the end of its input, so it is stopped once every reply is read."""
    cmd = [QEMU] + BASE + args + ["-S", "-qtest", "stdio", "-qtest-log", "/dev/null"]
    p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Written from a thread: the replies may fill their pipe before the script is written.
    feeder = threading.Thread(target=lambda: (p.stdin.write("\n".join(lines) + "\n"), p.stdin.flush()))
    feeder.start()
    replies = []
    for _ in lines:
        line = p.stdout.readline()
        if not line:
            break
        replies.append(line.rstrip("\n"))
    feeder.join()
    p.kill()
    _, err = p.communicate()
    return replies, err


def stderr_of_each(configs, script):
    """QEMU's stderr for each configuration's qtest script, under its command line (two runs must agree)."""
    err = ""
    for args in configs:
        lines = script(args)
        replies, text = qtest_with_stderr(args, lines)
        assert (replies, text) == qtest_with_stderr(args, lines) and len(replies) == len(lines), args
        err += "$ qemu-system-x86_64 " + " ".join(BASE + args) + " -S -qtest stdio\n" + text
    return err


def qmp_qtest_transcript(args, steps, settle=0.2):
    """A transcript of QMP (on a Unix socket) and qtest (on stdio) steps, each `qtest LINE` or
    `qmp JSON`, against BASE + -machine q35 (unless args name a machine) + args + -S. After each step
    QEMU gets `settle` seconds (a number, or a function of the step) to send what comes
    asynchronously: QMP events (DEVICE_DELETED follows a device's release, which RCU may put off; a
    reset's RESET) and the qtest `IRQ` lines of `irq_intercept_in` (a reset the main loop runs).
    The text: the command line, then for each step the step, `  IRQ raise|lower N` for each line
    qtest reported while the command ran, `  -> ` and the reply, `  event NAME DATA` for each QMP
    event, `  IRQ ...` for each line that came after the reply, and `  exit` if QEMU ended (after
    `  stderr LINE` for what it wrote to stderr when it ended without a reply)."""
    import select
    import socket
    import tempfile
    import time
    sock = os.path.join(tempfile.mkdtemp(), "qmp.sock")
    machine = [] if "-machine" in args else ["-machine", "q35"]
    cmd = [QEMU] + BASE + machine + args + ["-S", "-qmp", f"unix:{sock},server=on,wait=on", "-qtest", "stdio",
                                            "-qtest-log", "/dev/null"]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.1)
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    qmp_buffer = [b""]
    qtest_buffer = [b""]
    ended = [False]

    def lines(fd, buffer, wait, first=False):
        """The complete lines already read and those readable from fd within wait seconds (with
        first, as soon as there is one). A reset's lines may come in the same read as the reply
        before them: they are taken from the buffer, not left for the next step."""
        out = []
        while b"\n" in buffer[0]:
            line, buffer[0] = buffer[0].split(b"\n", 1)
            out.append(line.decode().rstrip("\r"))
        deadline = time.time() + wait
        while not (first and out):
            left = deadline - time.time()
            r, _, _ = select.select([fd], [], [], max(left, 0))
            if not r:
                break
            chunk = os.read(fd, 65536) if isinstance(fd, int) else fd.recv(65536)
            if not chunk:
                ended[0] = True
                break
            buffer[0] += chunk
            while b"\n" in buffer[0]:
                line, buffer[0] = buffer[0].split(b"\n", 1)
                out.append(line.decode().rstrip("\r"))
        return out

    def qmp_line(wait=10):
        while b"\n" not in qmp_buffer[0]:
            r, _, _ = select.select([s], [], [], wait)
            if not r:
                return None
            chunk = s.recv(65536)
            if not chunk:
                return None
            qmp_buffer[0] += chunk
        line, qmp_buffer[0] = qmp_buffer[0].split(b"\n", 1)
        return json.loads(line)

    qmp_line()
    s.sendall(json.dumps({"execute": "qmp_capabilities"}).encode() + b"\n")
    qmp_line()
    out_fd = p.stdout.fileno()
    text = "$ qemu-system-x86_64 " + " ".join(BASE + machine + args) + " -S -qmp unix:SOCKET -qtest stdio\n"
    for step in steps:
        if os.environ.get("CAPTURE_DEBUG"):
            print(step, file=sys.stderr, flush=True)
        kind, line = step.split(" ", 1)
        events = []
        during = []
        reply = None
        try:
            if kind == "qtest":
                p.stdin.write(line.encode() + b"\n")
                p.stdin.flush()
                while reply is None:
                    got = lines(out_fd, qtest_buffer, 10, first=True)
                    if not got and ended[0]:
                        break
                    for i, l in enumerate(got):
                        if l.startswith("IRQ "):
                            during.append(l)
                        else:
                            reply = l
                            rest = got[i + 1:]
                            qtest_buffer[0] = "".join(x + "\n" for x in rest).encode() + qtest_buffer[0]
                            break
            else:
                s.sendall(line.encode() + b"\n")
                while True:
                    message = qmp_line()
                    if message is None:
                        break
                    if "event" not in message:
                        reply = json.dumps(message)
                        break
                    events.append(message)
        except (BrokenPipeError, ConnectionResetError):
            ended[0] = True
        wait = settle(step) if callable(settle) else settle
        after = [] if ended[0] else lines(out_fd, qtest_buffer, wait)
        s.setblocking(False)
        try:
            while True:
                while b"\n" in qmp_buffer[0]:
                    l, qmp_buffer[0] = qmp_buffer[0].split(b"\n", 1)
                    events.append(json.loads(l))
                chunk = s.recv(65536)
                if not chunk:
                    ended[0] = True
                    break
                qmp_buffer[0] += chunk
        except (BlockingIOError, OSError):
            pass
        s.setblocking(True)
        if not ended[0] and p.poll() is not None:
            ended[0] = True
        text += step + "\n" + "".join("  " + l + "\n" for l in during)
        if reply is not None:
            text += "  -> " + reply + "\n"
        for event in events:
            text += "  event " + event["event"] + " " + json.dumps(event.get("data", {})) + "\n"
        text += "".join("  " + l + "\n" for l in after)
        if ended[0]:
            if reply is None:
                # QEMU stopped within the command (an assertion): what it said on the way out.
                p.kill()
                _, err = p.communicate()
                text += "".join("  stderr " + l + "\n" for l in err.decode().splitlines())
            text += "  exit\n"
            break
    p.kill()
    p.communicate()
    return text


def stable_transcript(args, steps, settle=0.2, tries=5):
    """qmp_qtest_transcript once two runs in a row agree (events and a reset's lines come asynchronously)."""
    previous = None
    for _ in range(tries):
        text = qmp_qtest_transcript(args, steps, settle)
        if text == previous:
            return text
        previous = text
    raise RuntimeError(f"QEMU does not answer the same twice: {args}")


def stable_qtest(args, lines, tries=6):
    """QEMU's replies to the qtest lines once two runs in a row agree and answer every line."""
    previous = None
    for _ in range(tries):
        replies = qtest(args, lines)
        if replies == previous and len(replies) == len(lines):
            return replies
        previous = replies
    raise RuntimeError(f"QEMU does not answer every line the same twice: {args}")


def qtest_transcript(configs, script):
    """The qtest reference format: for each configuration ARGS, the line
    `$ qemu-system-x86_64 BASE ARGS -S -qtest stdio`, then each qtest line and QEMU's reply. script
    is the lines, or a function of ARGS giving them."""
    text = ""
    for args in configs:
        lines = script(args) if callable(script) else script
        replies = stable_qtest(args, lines)
        text += "$ qemu-system-x86_64 " + " ".join(BASE + args) + " -S -qtest stdio\n"
        text += "".join(line + "\n" + reply + "\n" for line, reply in zip(lines, replies))
    return text

def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)


def session(args, commands):
    """QEMU's replies (events dropped) to the commands, after qmp_capabilities, with -S."""
    script = [json.dumps({"execute": "qmp_capabilities"})] + [json.dumps(c) for c in commands] + [json.dumps({"execute": "quit"})]
    _, out, _ = run(BASE + ["-S"] + args + ["-qmp", "stdio"], "\n".join(script) + "\n")
    replies = [json.loads(l) for l in out.splitlines() if l.strip()]
    replies = [r for r in replies if "event" not in r and "QMP" not in r]
    return script[1:-1], replies[1:len(script) - 1]


def transcript(args, commands):
    """A transcript in the tests' format: each command, then '  -> ' and QEMU's reply."""
    sent, replies = session(args, commands)
    return "".join(c + "\n  -> " + json.dumps(r) + "\n" for c, r in zip(sent, replies))


def scalar_properties(args, path):
    """The names of the properties of path that are neither children nor links."""
    _, (reply,) = session(args, [{"execute": "qom-list", "arguments": {"path": path}}])
    return [p["name"] for p in reply["return"] if not p["type"].startswith(("child<", "link<"))]


def hmp_trees(command_lines):
    """For each command line, QEMU's `info qom-tree` and `info qtree`, as JSON rows."""
    rows = []
    for args in command_lines:
        hmp = [{"execute": "human-monitor-command", "arguments": {"command-line": c}}
               for c in ("info qom-tree", "info qtree")]
        _, (qom, qtree) = session(args, hmp)
        rows.append({"args": args, "qom-tree": qom["return"], "qtree": qtree["return"]})
    return json.dumps(rows, indent=1) + "\n"


def board_transcript(machine):
    commands = [{"execute": "qom-list-properties", "arguments": {"typename": "q35-pcihost"}}]
    for t in ICH9:
        commands.append({"execute": "device-list-properties", "arguments": {"typename": t}})
        commands.append({"execute": "qom-list-properties", "arguments": {"typename": t}})
    for path in [HOST] + list(ICH9.values()):
        commands.append({"execute": "qom-list", "arguments": {"path": path}})
        for name in scalar_properties(["-machine", machine], path):
            commands.append({"execute": "qom-get", "arguments": {"path": path, "property": name}})
    return transcript(["-machine", machine], commands)


# The machine and -m combinations whose q35-pcihost values are kept: the RAM split at the q35
# lowmem limit, max-ram-below-4g, device memory (maxmem/slots), smm, and the machine versions.
MEMORY_CASES = [
    ["-machine", "q35"],
    ["-machine", "q35", "-m", "1"],
    ["-machine", "q35", "-m", "0"],
    ["-machine", "q35", "-m", "1k"],
    ["-machine", "q35", "-m", "2G"],
    ["-machine", "q35", "-m", "2815M"],
    ["-machine", "q35", "-m", "2816M"],
    ["-machine", "q35", "-m", "3G"],
    ["-machine", "q35", "-m", "4G"],
    ["-machine", "q35", "-m", "8G"],
    ["-machine", "q35", "-m", "8000"],
    ["-machine", "q35", "-m", "1G,maxmem=4G"],
    ["-machine", "q35", "-m", "3G,slots=4,maxmem=16G"],
    ["-machine", "q35", "-m", "size=6G,maxmem=6G"],
    ["-machine", "q35", "-m", "1G,maxmem=900G"],
    ["-machine", "pc-q35-7.0", "-m", "1G,maxmem=980G"],
    ["-machine", "q35,max-ram-below-4g=1G", "-m", "3G"],
    ["-machine", "q35,max-ram-below-4g=1536M", "-m", "3G"],
    ["-machine", "q35,max-ram-below-4g=3G", "-m", "8G"],
    ["-machine", "q35,smm=off"],
    ["-machine", "q35,smm=on"],
    ["-machine", "q35,default-bus-bypass-iommu=on"],
    ["-machine", "pc-q35-9.1", "-m", "8G"],
    ["-machine", "pc-q35-9.1", "-m", "3G"],
    ["-machine", "pc-q35-2.11", "-m", "8G"],
    ["-machine", "pc-q35-2.10", "-m", "8G"],
    ["-machine", "pc-q35-2.10", "-m", "1G,maxmem=4G"],
    ["-machine", "pc-q35-2.4", "-m", "8G"],
]


def memory_values():
    names = scalar_properties(["-machine", "q35"], HOST)
    rows = []
    for args in MEMORY_CASES:
        commands = [{"execute": "qom-get", "arguments": {"path": HOST, "property": n}} for n in names]
        _, replies = session(args, commands)
        rows.append({"args": args, "values": {n: r.get("return", r.get("error")) for n, r in zip(names, replies)}})
    return json.dumps(rows, indent=1) + "\n"


# ich9-ahci as a user device (by its name and its alias), beside the board's, and hot-plugged.
USER_AHCI = ["-machine", "q35", "-device", "ich9-ahci,id=sata1,addr=5", "-device", "ahci,id=sata2"]
USER_AHCI_COMMANDS = [
    {"execute": "query-pci"},
    {"execute": "human-monitor-command", "arguments": {"command-line": "info pci"}},
    {"execute": "qom-list", "arguments": {"path": "/machine/peripheral/sata2"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/sata1", "property": "addr"}},
    {"execute": "qom-get", "arguments": {"path": "/machine/peripheral/sata2", "property": "multifunction"}},
    {"execute": "device_add", "arguments": {"driver": "ich9-ahci", "id": "s3"}},
    {"execute": "device_add", "arguments": {"driver": "ICH9-SMB", "id": "s4"}},
]


def help_texts():
    for t in ICH9:
        _, out, _ = run(BASE + ["-machine", "q35", "-device", t + ",help"])
        write(f"device-{t}-help.txt", out)


def types():
    _, (reply,) = session(["-machine", "q35"], [{"execute": "qom-list-types", "arguments": {"abstract": True}}])
    wanted = set(ICH9) | {"q35-pcihost", "pcie-host-bridge", "pci-host-bridge"}
    return json.dumps(sorted([t for t in reply["return"] if t["name"] in wanted], key=lambda t: t["name"]), indent=1) + "\n"


# Command lines QEMU refuses: user devices at the ICH9 functions' addresses, the board functions
# that cannot be created, and -m's checks.
ERRORS = [
    ["-machine", "q35", "-device", "ich9-ahci,addr=1f.0"],
    ["-machine", "q35", "-device", "pci-testdev,addr=1f.2"],
    ["-machine", "q35", "-device", "pci-testdev,addr=1f.3"],
    ["-machine", "q35", "-device", "pci-testdev,addr=1f"],
    ["-machine", "q35", "-device", "pcie-root-port,chassis=1,addr=1f.0"],
    ["-machine", "q35", "-device", "ICH9-LPC"],
    ["-machine", "q35", "-device", "ICH9-SMB"],
    ["-machine", "q35", "-device", "ich9-ahci,addr=1f.1,foo=1"],
    ["-machine", "q35", "-device", "ahci,addr=1f.3"],
    ["-machine", "q35", "-m", "1G,maxmem=512M"],
    ["-machine", "q35", "-m", "1G,slots=2"],
    ["-machine", "q35", "-m", "1G,maxmem=1G,slots=2"],
    ["-machine", "q35", "-m", "1G,maxmem=4G,slots=300"],
    ["-machine", "q35", "-m", "1G,maxmem=4G,slots=256", "-device", "ich9-ahci,addr=1f.0"],
    ["-machine", "q35,max-ram-below-4g=8G", "-m", "3G"],
    ["-machine", "q35", "-m", "1G,maxmem=980G"],
    ["-machine", "q35", "-m", "1G,maxmem=2T"],
    ["-machine", "pc-q35-7.0", "-m", "1G,maxmem=1000G"],
    ["-machine", "q35,sata=off", "-device", "pci-testdev,addr=1f.2", "-device", "pci-testdev,addr=1f.3"],
    ["-machine", "q35,smbus=off,sata=off", "-device", "pci-testdev,addr=1f.3", "-device", "pci-testdev,addr=1f.0"],
]


def refusal(args, cwd=None):
    """The `$` line of a command (without BASE), then its stderr and `exit N`: the error files' format."""
    code, _, err = run(BASE + args, cwd=cwd)
    return "$ qemu-system-x86_64 " + " ".join(args) + "\n" + err + f"exit {code}\n"


def errors():
    return "".join(refusal(args) for args in ERRORS)


def main():
    help_texts()
    write("qmp-q35-board.txt", board_transcript("q35"))
    write("qmp-q35-board-pc-q35-9.1.txt", board_transcript("pc-q35-9.1"))
    write("q35-host-memory.json", memory_values())
    write("qmp-ich9-ahci-user.txt", transcript(USER_AHCI, USER_AHCI_COMMANDS))
    write("qom-list-types-q35-board.json", types())
    write("q35-board-errors.txt", errors())


if __name__ == "__main__":
    main()
