using System.Collections.Generic;

namespace QomSharp.Tool.Preflight;

/// <summary>
/// QEMU 10.0's x86-64 option table as far as the preflight mode needs it: which options take an
/// argument, which QEMU refuses on this target, and how QEMU parses the argument of each, so that an
/// option outside the model is read with QEMU's syntax (and refused with QEMU's error) before it is
/// skipped. The arities are those QEMU 10.0 shows (tests/reference/qemu-10.0/option-arity.txt).
/// </summary>
internal static class QemuOptionTable
{
    private static readonly HashSet<string> WithArgument =
    [
        "-D", "-L", "-M", "-accel", "-acpitable", "-action", "-add-fd", "-append", "-audio", "-audiodev", "-bios",
        "-blockdev", "-boot", "-cdrom", "-chardev", "-compat", "-cpu", "-d", "-debugcon", "-device", "-dfilter",
        "-display", "-drive", "-dtb", "-dump-vmstate", "-echr", "-fda", "-fdb", "-fsdev", "-fw_cfg", "-gdb", "-global",
        "-hda", "-hdb", "-hdc", "-hdd", "-icount", "-incoming", "-initrd", "-iscsi", "-k", "-kernel", "-loadvm", "-m",
        "-machine", "-mem-path", "-mon", "-monitor", "-msg", "-mtdblock", "-name", "-net", "-netdev", "-nic", "-numa",
        "-object", "-option-rom", "-overcommit", "-parallel", "-pflash", "-pidfile", "-plugin", "-qmp", "-qmp-pretty",
        "-qtest", "-qtest-log", "-readconfig", "-rtc", "-run-with", "-sandbox", "-sd", "-seed", "-serial", "-set",
        "-shim", "-smbios", "-smp", "-spice", "-tpmdev", "-trace", "-usbdevice", "-uuid", "-vga", "-virtfs", "-vnc",
        "-watchdog-action", "-xen-domid",
    ];

    private static readonly HashSet<string> WithoutArgument =
    [
        "-S", "-daemonize", "-enable-kvm", "-enable-sync-profile", "-full-screen", "-h", "-help", "-jitdump",
        "-mem-prealloc", "-no-fd-bootchk", "-no-reboot", "-no-shutdown", "-no-user-config", "-nodefaults",
        "-nographic", "-only-migratable", "-perfmap", "-preconfig", "-s", "-snapshot", "-usb", "-version", "-win2k-hack",
    ];

    // Options of other targets: QEMU refuses them on x86-64.
    private static readonly HashSet<string> OtherTargets =
        ["-semihosting-config", "-old-param", "-semihosting", "-xen-attach", "-xen-domid-restrict"];

    // How QEMU parses each argument that has a syntax of its own: QemuOpts with the implied key given
    // (empty: none), keyval (the options QEMU reads with keyval or as JSON), or a plain string.
    private static readonly Dictionary<string, string> QemuOptsImplied = new()
    {
        ["-accel"] = "accel", ["-smp"] = "cpus", ["-boot"] = "order", ["-chardev"] = "backend", ["-nic"] = "type",
        ["-net"] = "type", ["-netdev"] = "type", ["-numa"] = "type", ["-drive"] = "", ["-rtc"] = "", ["-overcommit"] = "", ["-sandbox"] = "enable",
        ["-msg"] = "", ["-icount"] = "shift", ["-tpmdev"] = "type", ["-fsdev"] = "fsdriver", ["-mon"] = "chardev",
        ["-spice"] = "", ["-add-fd"] = "", ["-fw_cfg"] = "name", ["-smbios"] = "type", ["-iscsi"] = "", ["-virtfs"] = "fsdriver",
        ["-action"] = "", ["-acpitable"] = "", ["-object"] = "qom-type", ["-device"] = "driver", ["-run-with"] = "",
    };

    private static readonly Dictionary<string, string> KeyvalImplied = new()
    {
        ["-blockdev"] = "driver", ["-audiodev"] = "driver", ["-compat"] = "", ["-audio"] = "driver",
    };

    /// <summary>Whether QEMU has <paramref name="name"/> and it takes an argument.</summary>
    public static bool TakesArgument(string name) => WithArgument.Contains(name);

    /// <summary>Whether QEMU has <paramref name="name"/> and it takes no argument.</summary>
    public static bool TakesNoArgument(string name) => WithoutArgument.Contains(name);

    /// <summary>Whether QEMU has <paramref name="name"/> for other targets only.</summary>
    public static bool IsForOtherTargets(string name) => OtherTargets.Contains(name);

    /// <summary>The QemuOpts implied key of <paramref name="name"/> ("" for none), or null if QEMU does not parse it as QemuOpts.</summary>
    public static string? QemuOptsImpliedKey(string name) => QemuOptsImplied.GetValueOrDefault(name);

    /// <summary>The keyval implied key of <paramref name="name"/> ("" for none), or null if QEMU does not parse it as keyval.</summary>
    public static string? KeyvalImpliedKey(string name) => KeyvalImplied.GetValueOrDefault(name);
}
