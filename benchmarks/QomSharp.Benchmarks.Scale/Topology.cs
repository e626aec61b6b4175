using System.Collections.Generic;

namespace QomSharp.Benchmarks.Scale;

/// <summary>
/// The <c>-device</c> options of a q35 machine with <c>count</c> devices in a topology QEMU accepts:
/// PCIe root ports in the functions of pcie.0's slots 1-30, each holding eight more root ports (the
/// functions of its one slot), each of those a pcie-pci-bridge that holds pci-testdev devices in the
/// functions of its slots 1-31 (PCI addresses are hexadecimal: slot.function). Every device names its bus, as a large command line does.
/// Only function 0 of a slot says <c>multifunction=on</c> (all QEMU requires), which keeps 100,000
/// options within the 6 MB of arguments Linux allows one command line.
/// </summary>
public static class Topology
{
    private const int LeavesPerBridge = 31 * 8;

    /// <summary>The options, in the order they must be given, exactly <paramref name="count"/> of them.</summary>
    public static List<string> DeviceOptions(int count)
    {
        var options = new List<string>(count);
        int outer = 0;
        int inner = 0;
        while (options.Count < count)
        {
            // A new outer root port for every eight inner ones.
            if (inner % 8 == 0)
            {
                int slot = 1 + outer / 8;
                options.Add($"pcie-root-port,id=rp{outer},bus=pcie.0,addr={slot:x}.{outer % 8}{MultifunctionIfFirst(outer % 8)},chassis={1 + outer / 250},slot={outer % 250}");
                outer++;
            }

            if (options.Count >= count)
            {
                break;
            }

            int parent = outer - 1;
            options.Add($"pcie-root-port,id=rq{inner},bus=rp{parent},addr=0.{inner % 8}{MultifunctionIfFirst(inner % 8)},chassis={100 + inner / 250},slot={inner % 250}");
            if (options.Count < count)
            {
                options.Add($"pcie-pci-bridge,id=br{inner},bus=rq{inner}");
            }

            for (int leaf = 0; leaf < LeavesPerBridge && options.Count < count; leaf++)
            {
                options.Add($"pci-testdev,bus=br{inner},addr={1 + leaf / 8:x}.{leaf % 8}{MultifunctionIfFirst(leaf % 8)}");
            }

            inner++;
        }

        return options;
    }

    private static string MultifunctionIfFirst(int function) => function == 0 ? ",multifunction=on" : "";
}
