#!/usr/bin/env python3
"""Regenerates QEMU 10.0's values and errors of the machine properties QomSharp stores without a
modelled effect (boot, memory, firmware, smp-cache, x-oem-id, sgx-epc, cxl, nvdimm, ...).

Writes qmp-machine-props-{q35,pc-q35-9.1,none}.txt (qom-get /machine of each), qmp-machine-props-set.txt
(values set by -machine, read back), qmp-machine-props-boot.txt (boot by -machine and QMP),
qmp-machine-props-
memory.txt (the memory property after -m with slots), machine-props-errors.txt (what
`-machine q35,PROP=VALUE` gives, in machine-errors.txt's format) and machine-board-errors.txt (the
checks QEMU makes while it reads the options, sets them and builds the board: firmware, kernel,
shim, memory encryption, the speaker's audiodev, and which of several bad values it reports first).

Usage: python3 capture_machine_props.py [QEMU]   (default /opt/qemu10/qemu-system-x86_64)
"""
import json
import sys

sys.argv = sys.argv[:2]
import capture_q35 as q  # noqa: E402  (run, write, transcript)

COMMON = ["boot", "memory", "confidential-guest-support", "firmware", "memory-encryption", "shim",
          "smp-cache", "phandle-start"]
X86 = ["x-oem-table-id", "bus-lock-ratelimit", "sgx-epc", "x-oem-id", "smbios-entry-point-type",
       "cxl", "pcspk-audiodev", "nvdimm", "hmat", "cxl-fmw", "nvdimm-persistence", "pflash0", "system.flash1"]

SETTINGS = ["phandle-start=abc", "phandle-start=-5", "bus-lock-ratelimit=x", "bus-lock-ratelimit=10",
            "x-oem-id=1234567", "x-oem-id=ABC", "x-oem-table-id=123456789", "x-oem-table-id=ABCDEFGH",
            "smbios-entry-point-type=16", "smbios-entry-point-type=64", "confidential-guest-support=foo",
            "nvdimm=on", "nvdimm=x", "nvdimm-persistence=x", "nvdimm-persistence=cpu", "hmat=on", "cxl=on",
            "cxl=x", "boot=x", "boot.foo=1", "boot.menu=x", "boot.order=cc", "boot.order=z", "boot.splash-time=x",
            "boot.splash-time=-1", "boot.reboot-timeout=70000", "boot.order=dc,boot.once=q", "pflash0=x", "pflash1=",
            "memory.size=x", "memory.slots=2", "memory.foo=1", "memory.size=256M,memory.max-size=128M",
            "memory.size=256M,memory.slots=2,memory.max-size=256M", "memory.size=256M,memory.slots=x", "memory.max-size=x",
            "memory=x", "memory=1G", "memory.0=x", "smp=2", "smp-cache=x", "sgx-epc=x", "nvdimm.x=1", "x-oem-id.x=1", "boot.menu.x=1",
            "memory.size.x=1", "smp.cpus.x=1", "phandle-start.x=1"]

# The boot property given with -machine, read back, then set over QMP.
BOOT = "boot.once=n,boot.strict=on,boot.menu=on,boot.splash-time=5,boot.reboot-timeout=7,boot.order=dc"
BOOT_QMP = [{"execute": "qom-get", "arguments": {"path": "/machine", "property": "boot"}},
            {"execute": "qom-set", "arguments": {"path": "/machine", "property": "boot", "value": {"once": "n", "strict": False}}},
            {"execute": "qom-get", "arguments": {"path": "/machine", "property": "boot"}},
            {"execute": "qom-set", "arguments": {"path": "/machine", "property": "boot", "value": {"order": "x"}}},
            {"execute": "qom-set", "arguments": {"path": "/machine", "property": "boot", "value": 1}},
            {"execute": "qom-get", "arguments": {"path": "/machine", "property": "boot"}}]

# Values that start the machine, read back.
SET = ["x-oem-id=ABC", "x-oem-table-id=XY", "phandle-start=-5", "bus-lock-ratelimit=10", "smbios-entry-point-type=64",
       "nvdimm=on", "nvdimm-persistence=cpu", "hmat=on", "cxl=on"]


def gets(props):
    return [{"execute": "qom-get", "arguments": {"path": "/machine", "property": p}} for p in props]


# Whole command lines (no spaces inside an argument), run in this directory (-L firmware); one
# without -machine gets -machine q35 first (QEMU's default machine is the i440FX one).
BOARD_ERRORS = [
    "-bios nonexistent", "-machine q35,firmware=nonexistent", "-bios /etc/hostname", "-bios /tmp", "-bios",
    "-bios bios-256k.bin -machine q35,firmware=nonexistent", "-L /nonexistent -bios nonexistent", "-L firmware -bios test.rom",
    "-machine pc-q35-9.1 -bios nonexistent", "-m 1G,maxmem=2T -bios nonexistent", "-bios nonexistent -device foo",
    "-machine q35,pcspk-audiodev=foo -bios nonexistent",
    "-machine q35,shim=x", "-machine q35,append=x", "-machine q35,initrd=x", "-machine q35,shim=x,append=y",
    "-machine q35,initrd=y,shim=x", "-machine q35,initrd=y,append=x", "-shim x", "-append x", "-initrd x",
    "-machine foo,append=x", "-machine q35,shim=x,foo=bar", "-machine q35,append=x -smp 2,sockets=3",
    "-machine q35,kernel=/nonexistent", "-machine q35,kernel=,append=x", "-kernel /nonexistent -append x",
    "-machine q35,kernel=/nonexistent,firmware=nonexistent",
    "-machine q35,memory-encryption=foo", "-machine q35,memory-encryption=", "-machine q35,memory-encryption=/objects",
    "-object iommufd,id=foo -machine q35,memory-encryption=foo", "-object iommufd,id=foo -machine q35,confidential-guest-support=foo",
    "-machine q35,confidential-guest-support=/machine", "-object memory-backend-ram,id=m,size=1M -machine q35,confidential-guest-support=m",
    "-machine q35,pcspk-audiodev=foo", "-machine q35,pcspk-audiodev=", "-machine q35,pit=off,pcspk-audiodev=foo",
    "-global isa-pcspk.audiodev=foo",
    "-machine q35,memory-encryption=foo,pcspk-audiodev=foo", "-machine q35,cxl=x,nvdimm=x", "-machine q35,nvdimm=x,cxl=x",
    "-machine q35,bus-lock-ratelimit=x,phandle-start=abc", "-m 1G,slots=2 -machine q35,boot=x", "-m 1G,slots=2 -machine q35,cxl=x",
    "-smp 2,sockets=3 -machine q35,nvdimm=x", "-smp 2,sockets=3 -machine q35,cxl=x", "-machine q35,memory.slots=2,boot.menu=x",
    "-machine q35,memory=x -m 1G -m 2G", "-machine foo,memory=x", "-machine q35,memory=x,append=y", "-machine q35,memory.0=x -m 1G",
    "-m 2G -machine q35,memory.size=1G,memory.slots=2", "-m 1G,slots=2 -m 2G",
] + ["-machine q35," + s for s in [
    "smp-cache.0.cache=l1d,smp-cache.0.topology=" + t for t in ["thread", "module", "cluster", "die", "socket", "book", "drawer", "x"]] + [
    "smp-cache.0.cache=x,smp-cache.0.topology=core", "smp-cache.0.cache=l1d", "smp-cache.0.topology=core",
    "smp-cache.0.cache=l1d,smp-cache.0.topology=core,smp-cache.0.foo=1", "smp-cache.1.cache=l1d,smp-cache.1.topology=core",
    "smp-cache.0=x", "smp-cache.0.cache=l1d,smp-cache.0.topology=core,smp-cache.1.cache=l1d,smp-cache.1.topology=socket",
    "smp-cache.0.cache=l1d,smp-cache.0.topology=default,smp-cache.1.cache=l1d,smp-cache.1.topology=default",
    "smp-cache.0.cache=l2,smp-cache.0.topology=thread,smp-cache.1.cache=l1d,smp-cache.1.topology=cluster",
    "smp-cache.0.cache=l1d,smp-cache.0.topology=socket,smp-cache.1.cache=l2,smp-cache.1.topology=core",
    "smp-cache.0.cache=l2,smp-cache.0.topology=socket", "smp-cache.0.cache=l1i,smp-cache.0.topology=die",
    "smp-cache.0.cache=l1d,smp-cache.0.topology=module -bios nonexistent", "smp-cache.0.cache=l1d,smp-cache.0.topology=thread,nvdimm=x",
    "sgx-epc.0.memdev=m", "sgx-epc.0.node=0", "sgx-epc.0.memdev=m,sgx-epc.0.foo=1", "sgx-epc.0.memdev=m,sgx-epc.0.node=x",
    "sgx-epc.0.memdev=m,sgx-epc.0.node=0,sgx-epc.0.foo=1", "sgx-epc.0.memdev=m,sgx-epc.0.node=0", "sgx-epc.0.memdev=,sgx-epc.0.node=0",
    "sgx-epc.0.memdev=m,sgx-epc.0.node=-1 -object memory-backend-ram,id=m,size=1M",
    "sgx-epc.0.memdev=m,sgx-epc.0.node=0,sgx-epc.1.memdev=n", "sgx-epc.0.memdev=m,sgx-epc.0.node=99999999999999999999",
    "sgx-epc.0.memdev=m,sgx-epc.0.node=0,smp-cache.0.cache=l1d,smp-cache.0.topology=module -m 1G,maxmem=2T",
]] + ["-machine none,smp-cache.0.cache=l1d,smp-cache.0.topology=core", "-machine none,sgx-epc.0.memdev=m"]

# Struct members over QMP: by their JSON type (a string where a number is wanted is refused).
STRUCT_TYPES = [{"execute": "qom-set", "arguments": {"path": "/machine", "property": p, "value": v}} for p, v in [
    ("memory", {"size": "1G"}), ("memory", {"size": "134217728"}), ("memory", {"size": None}), ("memory", {"slots": "2"}),
    ("memory", "x"), ("memory", {"size": 134217728}), ("smp", {"cpus": "2"}), ("smp", {"cpus": 1}), ("boot", {"menu": "on"}),
    ("boot", {"splash-time": "5"}), ("boot", {"order": 1}), ("boot", {"menu": True})]] + [
    {"execute": "qom-get", "arguments": {"path": "/machine", "property": "memory"}}]

# smp-cache and sgx-epc given with -machine, read back and set over QMP.
SMP_CACHE = "q35,smp-cache.0.cache=l3,smp-cache.0.topology=socket,smp-cache.1.cache=l1i,smp-cache.1.topology=default"
SMP_CACHE_QMP = gets(["smp-cache", "sgx-epc"]) + [{"execute": "qom-set", "arguments": {"path": "/machine", "property": p, "value": v}} for p, v in [
    ("smp-cache", [{"cache": "l2", "topology": "die"}]), ("smp-cache", [{"cache": "x", "topology": "die"}]),
    ("smp-cache", [{"cache": "l1d"}]), ("smp-cache", [{"topology": "core", "cache": "l1d", "x": 1}]), ("smp-cache", {"cache": "l1d"}),
    ("smp-cache", [{"cache": "l1d", "topology": "module"}, {"cache": "l1d", "topology": "core"}]),
    ("sgx-epc", [{"memdev": "m", "node": 0}]), ("sgx-epc", [{"memdev": "m", "node": 4294967297}]), ("sgx-epc", [{"memdev": "m", "node": -1}]),
    ("sgx-epc", [{"memdev": "m", "node": "1"}]), ("sgx-epc", [{"node": 1}])]] + gets(["smp-cache", "sgx-epc"])

# -m merged into the memory -machine gave: -m's members win.
MEMORY_MERGE = "-m 2G,slots=2,maxmem=4G -machine q35,memory.size=1G,memory.max-size=8G"


def board_errors():
    return "".join(q.refusal((line if "-machine" in line else "-machine q35 " + line).split(" "), cwd=q.HERE)
                   for line in BOARD_ERRORS)


def errors():
    text = ""
    for setting in SETTINGS:
        # A machine that starts is told to quit over QMP; only its error output is kept.
        args = ["-S", "-machine", "q35," + setting, "-qmp", "stdio"]
        code, _, err = q.run(q.BASE + args, json.dumps({"execute": "qmp_capabilities"}) + "\n" + json.dumps({"execute": "quit"}) + "\n")
        text += "-machine q35," + setting + "\n" + err + f"exit {code}\n"
    return text


def main():
    for machine in ["q35", "pc-q35-9.1"]:
        q.write(f"qmp-machine-props-{machine}.txt", q.transcript(["-machine", machine], gets(COMMON + X86)))
    q.write("qmp-machine-props-none.txt", q.transcript(["-machine", "none"], gets(COMMON)))
    q.write("qmp-machine-props-memory.txt", q.transcript(["-machine", "q35", "-m", "1G,slots=2,maxmem=4G"], gets(["memory"])))
    q.write("qmp-machine-props-memory-option.txt",
            q.transcript(["-machine", "q35,memory.size=256M,memory.slots=2,memory.max-size=1G"], gets(["memory"])))
    q.write("qmp-machine-props-memory-bytes.txt", q.transcript(["-machine", "q35,memory.size=100000,memory.max-size=1G"], gets(["memory"])))
    q.write("qmp-machine-props-set.txt", q.transcript(["-machine", "q35," + ",".join(SET)], gets([s.split("=")[0] for s in SET])))
    q.write("qmp-machine-props-boot.txt", q.transcript(["-machine", "q35," + BOOT], BOOT_QMP))
    q.write("machine-props-errors.txt", errors())
    q.write("machine-board-errors.txt", board_errors())
    q.write("qmp-machine-props-struct-types.txt", q.transcript(["-machine", "q35"], STRUCT_TYPES))
    q.write("qmp-machine-props-smp-cache.txt", q.transcript(["-machine", SMP_CACHE], SMP_CACHE_QMP))
    q.write("qmp-machine-props-memory-merge.txt", q.transcript(MEMORY_MERGE.split(" "), gets(["memory"])))


if __name__ == "__main__":
    main()
