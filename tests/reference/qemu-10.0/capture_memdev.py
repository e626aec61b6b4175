#!/usr/bin/env python3
"""Regenerates QEMU 10.0's outputs of the host memory backends and the machine's RAM backend:
memory-backend-ram, -file, -memfd and -shm (help, properties, values, checks and error texts),
/objects/pc.ram, the machine's memory-backend link and q35-pcihost's ram-mem link.

Usage: python3 capture_memdev.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
It runs QEMU in this directory; README.md lists every file written here with its command.
"""
import json
import os
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (run, write)

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["-nodefaults", "-display", "none"]
TYPES = ["memory-backend-ram", "memory-backend-file", "memory-backend-memfd", "memory-backend-shm"]
BACKEND = ["share", "size", "dump", "prealloc-threads", "x-use-canonical-path-for-ramblock-id", "policy",
           "prealloc-context", "prealloc", "reserve", "host-nodes", "merge"]
FILE = ["pmem", "align", "offset", "mem-path", "rom", "discard-data", "readonly"]
MEMFD = ["hugetlb", "seal", "hugetlbsize"]
REGION = ["container", "addr", "size", "priority"]


def run(args, stdin=""):
    return q.run(args, stdin, cwd=HERE)


write = q.write


def transcript(args, commands):
    """`# ARGS`, then each command and '  -> ' QEMU's reply (events dropped), run with -S."""
    script = [json.dumps({"execute": "qmp_capabilities"})] + [json.dumps(c) for c in commands] + [json.dumps({"execute": "quit"})]
    _, out, _ = run(BASE + ["-S"] + args + ["-qmp", "stdio"], "\n".join(script) + "\n")
    replies = [json.loads(l) for l in out.splitlines() if l.strip()]
    replies = [r for r in replies if "event" not in r and "QMP" not in r][1:len(script) - 1]
    return "# " + " ".join(args) + "\n" + "".join(c + "\n  -> " + json.dumps(r) + "\n" for c, r in zip(script[1:-1], replies))


def get(path, names):
    return [{"execute": "qom-get", "arguments": {"path": path, "property": n}} for n in names]


def hmp(line):
    return {"execute": "human-monitor-command", "arguments": {"command-line": line}}


def ram_commands(backend):
    """The machine's RAM: the backend, its region, the links to them, the trees."""
    region = f"/objects/{backend}/{backend}[0]"
    return ([{"execute": "qom-list", "arguments": {"path": "/objects"}},
             {"execute": "qom-list", "arguments": {"path": f"/objects/{backend}"}}]
            + get(f"/objects/{backend}", BACKEND) + get(region, REGION)
            + get("/machine", ["memory-backend"]) + get("/machine/q35", ["ram-mem"])
            + get("/machine/unattached/ram-below-4g[0]", REGION)
            + [hmp("info qom-tree /objects"), hmp("info qom-tree")])


DEFAULT = ([{"execute": "qom-list-properties", "arguments": {"typename": t}} for t in ["memory-backend"] + TYPES]
           + ram_commands("pc.ram")
           + [{"execute": "qom-set", "arguments": {"path": "/objects/pc.ram", "property": "size", "value": 1024}},
              {"execute": "qom-set", "arguments": {"path": "/objects/pc.ram", "property": "share", "value": True}},
              {"execute": "qom-set", "arguments": {"path": "/objects/pc.ram", "property": "merge", "value": False}},
              {"execute": "object-del", "arguments": {"id": "pc.ram"}},
              {"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m1", "size": 1048576, "host-nodes": [0], "policy": "bind"}},
              {"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m2"}},
              {"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m2", "size": 0}},
              {"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m2", "size": 4096, "policy": "bind"}},
              {"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m2", "size": "4096"}},
              {"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m2", "size": 4096, "bogus": 1}},
              {"execute": "qom-list", "arguments": {"path": "/objects"}}]
           + get("/objects/m1", BACKEND)
           + [{"execute": "qom-set", "arguments": {"path": "/objects/m1", "property": "host-nodes", "value": [1]}}]
           + get("/objects/m1", ["host-nodes"])
           + [{"execute": "object-del", "arguments": {"id": "m1"}},
              {"execute": "qom-list", "arguments": {"path": "/objects"}}])

OBJECTS = ["-machine", "q35", "-object", "memory-backend-file,id=f0,size=1M,mem-path=.",
           "-object", "memory-backend-memfd,id=d0,size=1M",
           "-object", "memory-backend-shm,id=s0,size=1M", "-object", '{"qom-type":"memory-backend-ram","id":"r0","size":1048576,"host-nodes":[0,1],"policy":"interleave","merge":false,"dump":false,"x-use-canonical-path-for-ramblock-id":true}',
           "-object", "memory-backend-ram,id=r1,size=1M,host-nodes=0-1,host-nodes=3,policy=preferred,prealloc-threads=4"]
OBJECTS_COMMANDS = (get("/objects/f0", BACKEND + FILE) + get("/objects/d0", BACKEND + MEMFD)
                    + get("/objects/s0", BACKEND) + get("/objects/r0", BACKEND) + get("/objects/r1", BACKEND)
                    + [hmp("info qom-tree /objects")]
                    + [{"execute": "qom-set", "arguments": {"path": "/objects/f0", "property": "mem-path", "value": "/tmp"}},
                       {"execute": "qom-set", "arguments": {"path": "/objects/f0", "property": "discard-data", "value": True}}]
                    + get("/objects/f0", ["discard-data"]))

# An older machine type: its compatibility properties name file and memfd backends' regions by path.
COMPAT = ["-machine", "pc-q35-3.1", "-object", "memory-backend-file,id=f0,size=1M,mem-path=.",
          "-object", "memory-backend-memfd,id=d0,size=1M", "-object", "memory-backend-ram,id=r0,size=1M"]

# Command lines QEMU refuses: the members' checks as -object reads them (key=value and JSON), the
# properties' and completion checks, the machine's RAM backend and -m.
ERRORS = [
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,foo=1"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,foo=1"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=x,foo=1"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=0"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=-1"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,prealloc-threads=0"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,prealloc-threads=x"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,prealloc-threads=4294967296"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,merge=maybe"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,policy=foo"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,policy=bind"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=0"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=200,policy=bind"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,host-nodes=70000,policy=bind,size=1M"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,host-nodes=2-1,policy=bind,size=1M"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,host-nodes=x,policy=bind"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,reserve=off,prealloc=on"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,prealloc=on,reserve=off"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,prealloc-context=nope"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,rom=on"],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0"}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","foo":1}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"foo":1}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":"1M"}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1.5}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":0}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"prealloc-threads":"2"}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"prealloc-threads":-1}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"merge":"on"}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"policy":1}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"policy":"x"}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"host-nodes":0}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"host-nodes":["a"]}'],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-ram","id":"m0","size":1048576,"host-nodes":[0,70000],"policy":"bind"}'],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,mem-path=."],
    ["-machine", "q35", "-object", '{"qom-type":"memory-backend-file","id":"m0","size":1}'],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=nonexistent/x"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=nonexistent-file,readonly=on"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,readonly=on"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,rom=on"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,rom=on,share=on"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,align=3"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,align=12288"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,offset=100"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=firmware/test.rom"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=4096,mem-path=firmware/test.rom,offset=4096,readonly=on"],
    ["-machine", "q35", "-object", "memory-backend-file,id=m0,size=1M,mem-path=.,rom=maybe"],
    ["-machine", "q35", "-object", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=0"],
    ["-machine", "q35", "-object", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M,hugetlb=on"],
    ["-machine", "q35", "-object", "memory-backend-shm,id=m0,size=1M,share=off"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G", "-machine", "memory-backend=m0", "-m", "2G"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=128M", "-m", "1G,slots=2,maxmem=4G", "-machine", "memory-backend=m0"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1M,size=2M", "-machine", "memory-backend=m0", "-m", "1M"],
    ["-machine", "q35,memory-backend=m1"],
    ["-machine", "q35", "-object", "iommufd,id=m0", "-machine", "memory-backend=m0"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=pc.ram,size=1G"],
    ["-machine", "q35", "-object", "memory-backend-ram,id=m0,size=1G,policy=bind", "-machine", "memory-backend=m1"],
    ["-machine", "none", "-object", "memory-backend-ram,id=ram,size=1M", "-m", "1M"],
    ["-machine", "q35", "-m", "x"],
    ["-machine", "q35", "-m", "1G,foo=1"],
    ["-machine", "q35", "-m", "1G,slots=x,maxmem=4G"],
]


def errors():
    return "".join(q.refusal(args) for args in ERRORS)


def main():
    for t in TYPES:
        _, out, _ = run(BASE + ["-machine", "q35", "-object", t + ",help"])
        write(f"object-{t}-help.txt", out)
    write("qmp-memdev-default.txt", transcript(["-machine", "q35"], DEFAULT))
    write("qmp-memdev-2g.txt", transcript(["-machine", "q35", "-m", "2G"], ram_commands("pc.ram")))
    write("qmp-memdev-backend.txt", transcript(["-object", "memory-backend-ram,id=mem0,size=2G", "-machine", "q35,memory-backend=mem0"],
                                               ram_commands("mem0") + [{"execute": "object-del", "arguments": {"id": "mem0"}}]))
    write("qmp-memdev-none.txt", transcript(["-machine", "none", "-m", "1G"],
                                            [{"execute": "qom-list", "arguments": {"path": "/objects"}}] + get("/objects/ram", ["size"]) + get("/machine", ["memory-backend"])))
    write("qmp-memdev-objects.txt", transcript(OBJECTS, OBJECTS_COMMANDS))
    write("qmp-memdev-compat.txt", transcript(COMPAT, [hmp("info qom-tree /objects")]
                                              + [c for b in ("f0", "d0", "r0") for c in get(f"/objects/{b}", ["x-use-canonical-path-for-ramblock-id"])]))
    write("qmp-memdev-machine-options.txt", transcript(["-machine", "q35,mem-merge=off,dump-guest-core=off", "-m", "1G"],
                                                       get("/objects/pc.ram", ["merge", "dump", "size"])
                                                       + [{"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "r1", "size": 1048576}}]
                                                       + get("/objects/r1", ["merge", "dump"])))
    _, out, _ = run(BASE + ["-machine", "q35", "-S", "-qmp", "stdio"], json.dumps({"execute": "qmp_capabilities"}) + "\n"
                    + json.dumps({"execute": "qom-list-types", "arguments": {"abstract": True}}) + "\n" + json.dumps({"execute": "quit"}) + "\n")
    reply = [json.loads(l) for l in out.splitlines() if '"return": [' in l][0]
    write("qom-list-types-memdev.json", json.dumps(sorted([t for t in reply["return"] if t["name"].startswith("memory-backend")],
                                                          key=lambda t: t["name"]), indent=1) + "\n")
    write("memdev-errors.txt", errors())


if __name__ == "__main__":
    main()
