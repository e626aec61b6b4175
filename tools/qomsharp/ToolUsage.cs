namespace QomSharp.Tool;

/// <summary>
/// The texts of <c>-version</c>, <c>-h</c> and <c>-host help</c>, laid out as QEMU lays out its own:
/// the version line QEMU prints (a distribution's package version in the parenthesis, here QomSharp's),
/// then the options this tool has, each with what it does here.
/// </summary>
internal static class ToolUsage
{
    /// <summary>QEMU's first line, with QomSharp's version where a distribution puts its package version.</summary>
    public static string VersionLine => $"QEMU emulator version {QomVersion.Qemu} ({QomVersion.Package})";

    /// <summary>What <c>-version</c> prints.</summary>
    public static string Version =>
        VersionLine + "\n" +
        "QomSharp models QEMU's object model and q35 devices in C#; it runs no guest. MIT license.\n";

    /// <summary>What <c>-h</c>, <c>-help</c> and <c>--help</c> print.</summary>
    public static string Help => Version + """
        usage: qomsharp [options]

        Standard options:
        -h or -help     display this help and exit
        -version        display version information and exit
        -machine [type=]name[,prop[=value][,...]]
                        selects emulated machine ('-machine help' for list)
        -cpu cpu        not supported: no CPU is modelled
        -smp [[cpus=]n][,...]
                        not supported: no CPU is modelled
        -m [size=]megs[,slots=n,maxmem=size]
                        checked as QEMU checks it; guest RAM is not modelled
        -global driver.property=value
        -global driver=driver,property=property,value=value
                        set a global default for a driver property
        -device driver[,prop[=value][,...]]
                        add device (based on driver)
                        prop=value,... sets driver properties
                        use '-device help' to print all possible drivers
                        use '-device driver,help' to print all possible properties
        -name string1[,process=string2][,debug-threads=on|off]
                        checked as QEMU checks it; there is no window or process to name
        -host default|FILE.json|sysfs|sysfs:ROOT
                        the host that device assignment is checked against
                        ('-host help' for the list)
        -host-info text|json
                        list the host's IOMMU units (CAP/ECAP decoded), IOMMU
                        groups and PCI functions
        -host-capture FILE.json
                        write the host (e.g. -host sysfs) as a JSON host description

        Linux/Multiboot boot specific:
        -kernel bzImage use 'bzImage' as kernel image
                        (the file must exist; it is not read)
        -shim shim.efi  use 'shim.efi' to boot the kernel
        -append cmdline use 'cmdline' as kernel command line
        -initrd file    use 'file' as initial ram disk
                        (-shim, -append and -initrd need -kernel, as in QEMU)

        Display options:
        -display none   no display: the only one there is
        -nographic      accepted: there is no graphical output

        Debug/Expert options:
        -L path         set the directory for the BIOS, VGA BIOS and keymaps
                        (option ROMs are looked up there; '-L help' lists them)
        -bios file      set the filename for the BIOS
                        (looked up as QEMU does and its size checked; not loaded)
        -qmp dev        QMP on 'stdio' or 'unix:PATH[,server=on][,wait=off]'
        -qtest dev      qtest protocol on 'stdio' (readb/w/l/q, writeb/w/l/q, in/out b/w/l)
        -rtc [base=utc|localtime|datetime][,clock=host|rt|vm][,driftfix=none|slew]
                        the RTC's start date and the clock it follows (clock=vm
                        stands still while no guest runs)
        -S              freeze CPU at startup (QMP query-status reports 'prelaunch')
        -nodefaults     accepted: no default device is created anyway
        -no-user-config accepted: no config file is read anyway

        Generic object creation:
        -object TYPENAME[,PROP1=VALUE1,...]
                        create a new object of type TYPENAME setting properties
                        in the order they are specified.  Note that the 'id'
                        property must be set.  These objects are placed in the
                        '/objects' path.

        Preflight mode:
        -preflight      check a whole QEMU command line against the host: options
                        outside the model are read with QEMU's syntax, reported as
                        not checked and skipped; prints a verdict per assigned
                        device; exit 0 fits, 1 does not fit, 2 could not check
        -domain-xml FILE|-
                        check a libvirt domain (virsh dumpxml; '-' reads stdin)
        -verdict text|json
                        the form of the verdict
        -print-qemu     print the QEMU command line the libvirt domain stands for
        -host DIR       check against every host description DIR/*.json

        Without -qmp or -qtest, qomsharp prints the composition tree (info qom-tree) and exits.

        """;

    /// <summary><c>-smp help</c>: QEMU's smp-opts option list.</summary>
    public static string SmpHelp => """
        smp-opts options:
          books=<num>
          clusters=<num>
          cores=<num>
          cpus=<num>
          dies=<num>
          drawers=<num>
          maxcpus=<num>
          modules=<num>
          sockets=<num>
          threads=<num>

        """;

    /// <summary>What <c>-host help</c> prints: the forms <c>-host</c> accepts.</summary>
    public static string HostList => """
        Supported hosts are:
        default              the embedded host: a two-socket VT-d server (default)
        FILE.json            a JSON host description
        sysfs                this machine's Linux sysfs (/sys), read-only
        sysfs:ROOT           a copy of a sysfs tree at ROOT
        DIR                  with -preflight: every JSON host description in DIR

        """;
}
