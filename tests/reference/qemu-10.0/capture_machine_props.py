#!/usr/bin/env python3
"""Regenerates QEMU 10.0's values and errors of the machine properties QomSharp stores without a
modelled effect (boot, memory, firmware, smp-cache, x-oem-id, sgx-epc, cxl, nvdimm, ...).

Writes qmp-machine-props-{q35,pc-q35-9.1,none}.txt (qom-get /machine of each), qmp-machine-props-set.txt
(values set by -machine, read back), qmp-machine-props-boot.txt (boot by -machine and QMP),
qmp-machine-props-
memory.txt (the memory property after -m with slots) and machine-props-errors.txt (what
`-machine q35,PROP=VALUE` gives, in machine-errors.txt's format).

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
            "memory.size=256M,memory.slots=2,memory.max-size=256M", "memory.size=256M,memory.slots=x", "memory.max-size=x"]

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


if __name__ == "__main__":
    main()
