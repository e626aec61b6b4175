using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The command-line arguments for a machine type of the references. A versioned type the tool does
/// not list yet is stood in for by q35 with the compat properties QEMU gives pc-q35-9.1 for the
/// devices modelled here (hw_compat_9_2, hw_compat_9_1, pc_compat_9_1): the devices see the same values.
/// </summary>
internal static class MachineArgs
{
    private static readonly string[] Pc91Compat =
    [
        "-global", "vfio-pci.x-migration-multifd-transfer=off",
        "-global", "pci-device.x-pcie-ext-tag=false",
        "-global", "intel-iommu.stale-tm=on",
        "-global", "intel-iommu.aw-bits=39",
    ];

    public static string[] For(string machine)
    {
        if (machine == "q35" || IsListed(machine))
        {
            return ["-machine", machine];
        }

        Assert.Equal("pc-q35-9.1", machine);
        return ["-machine", "q35", .. Pc91Compat];
    }

    /// <summary>The case's arguments with its <c>-machine</c> replaced as <see cref="For"/> does.</summary>
    public static string[] Rewrite(string[] args)
    {
        int at = System.Array.IndexOf(args, "-machine");
        return at < 0 ? args : [.. args[..at], .. For(args[at + 1]), .. args[(at + 2)..]];
    }

    private static bool IsListed(string machine) =>
        ToolRun.Of("-machine", "help").Output.Split('\n').Any(line => line.StartsWith(machine + " ", System.StringComparison.Ordinal));
}
